"""PyTorch reference values and gradients for Soma's TorchParityTest (float64, fixed inputs).

Prints one block per case:
    case NAME
    in SHAPE V...        an input that gets a gradient (in order)
    const SHAPE V...     an input without gradient (soft targets)
    labels L...          class indices
    weight SHAPE V...    the loss is sum(out * weight) (absent for scalar losses: loss = out)
    out SHAPE V...       the op's output
    grad V...            d loss / d input, one line per 'in' line
    end
SHAPE is dimensions joined by 'x' ('scalar' for rank 0); values use repr(), which round-trips float64.
Exit code 3 when torch cannot be imported.
"""
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError as e:
    print("torch not importable: %s" % e, file=sys.stderr)
    sys.exit(3)

torch.manual_seed(1234)
torch.set_num_threads(1)
D = torch.float64


def shape_str(t):
    return "x".join(str(d) for d in t.shape) if t.dim() > 0 else "scalar"


def vals(t):
    return " ".join(repr(float(v)) for v in t.detach().reshape(-1).tolist())


def away(t, gap=0.05, kinks=(0.0, -2.0, 2.0)):
    t = t.clone()
    for k in kinks:
        d = t - k
        near = d.abs() < gap
        t[near] = k + torch.where(d[near] >= 0, torch.tensor(gap, dtype=D), torch.tensor(-gap, dtype=D))
    return t


def emit(name, fn, ins, consts=(), labels=None, scalar_loss=False):
    ins = [x.detach().clone().requires_grad_(True) for x in ins]
    args = list(ins) + list(consts)
    out = fn(*args) if labels is None else fn(*args, labels)
    lines = ["case " + name]
    for x in ins:
        lines.append("in %s %s" % (shape_str(x), vals(x)))
    for c in consts:
        lines.append("const %s %s" % (shape_str(c), vals(c)))
    if labels is not None:
        lines.append("labels " + " ".join(str(int(v)) for v in labels.tolist()))
    if scalar_loss:
        loss = out
    else:
        w = torch.randn(out.shape, dtype=D)
        lines.append("weight %s %s" % (shape_str(w), vals(w)))
        loss = (out * w).sum()
    loss.backward()
    lines.append("out %s %s" % (shape_str(out), vals(out)))
    for x in ins:
        lines.append("grad " + vals(x.grad))
    lines.append("end")
    print("\n".join(lines))


def randn(*shape):
    return torch.randn(*shape, dtype=D)


def sqnl(x):
    return torch.where(x > 2, torch.ones_like(x),
           torch.where(x >= 0, x - x * x / 4,
           torch.where(x >= -2, x + x * x / 4, -torch.ones_like(x))))


# arithmetic with broadcasting
emit("add_row", lambda a, b: a + b, [randn(3, 4), randn(4)])
emit("sub_outer", lambda a, b: a - b, [randn(3, 1), randn(1, 4)])
emit("mul_lead", lambda a, b: a * b, [randn(2, 3, 4), randn(3, 4)])
emit("div_col", lambda a, b: a / b, [randn(3, 4), randn(3, 1).abs() + 0.5])
emit("mul_scalar", lambda a, b: a * b, [randn(3, 4), randn(())])
# unary
emit("neg", lambda a: -a, [randn(3, 4)])
emit("exp", torch.exp, [randn(3, 4)])
emit("log", torch.log, [randn(3, 4).abs() + 0.2])
emit("pow3", lambda a: a ** 3, [randn(3, 4)])
emit("pow_m1.5", lambda a: a ** -1.5, [randn(3, 4).abs() + 0.5])
emit("sqrt", torch.sqrt, [randn(3, 4).abs() + 0.2])
emit("abs", torch.abs, [away(randn(3, 4))])
# matmul
emit("matmul", torch.matmul, [randn(3, 4), randn(4, 2)])
emit("matmul_aT", lambda a, b: a.t() @ b, [randn(4, 3), randn(4, 2)])
emit("matmul_bT", lambda a, b: a @ b.t(), [randn(3, 4), randn(2, 4)])
# reductions and views
emit("sum_all", lambda a: a.sum(), [randn(3, 4)])
emit("mean_all", lambda a: a.mean(), [randn(3, 4)])
emit("max_all", lambda a: a.max(), [randn(3, 4)])
emit("sum_axis1", lambda a: a.sum(1), [randn(2, 3, 4)])
emit("mean_axis0_keep", lambda a: a.mean(0, keepdim=True), [randn(2, 3, 4)])
emit("max_axis2", lambda a: a.max(2).values, [randn(2, 3, 4)])
emit("transpose_reshape", lambda a: a.transpose(0, 1).reshape(4, 6), [randn(2, 3, 4)])
emit("concat1", lambda a, b: torch.cat([a, b], 1), [randn(2, 3), randn(2, 2)])
emit("gather_rows", lambda a: a[torch.tensor([2, 0, 2])], [randn(3, 4)])
# activations
x = lambda: away(randn(4, 5) * 2)
emit("identity", lambda a: a, [x()])
emit("sigmoid", torch.sigmoid, [x()])
emit("tanh", torch.tanh, [x()])
emit("relu", F.relu, [x()])
emit("leaky_relu", F.leaky_relu, [x()])
emit("leaky_relu:0.2", lambda a: F.leaky_relu(a, 0.2), [x()])
emit("elu", F.elu, [x()])
emit("elu:0.5", lambda a: F.elu(a, 0.5), [x()])
emit("selu", F.selu, [x()])
emit("gelu", F.gelu, [x()])
emit("silu", F.silu, [x()])
emit("softplus", F.softplus, [x()])
emit("arctan", torch.atan, [x()])
emit("sqnl", sqnl, [x()])
emit("prelu", F.prelu, [x(), torch.rand(5, dtype=D) * 0.5])
emit("softmax0", lambda a: F.softmax(a, 0), [randn(3, 4)])
emit("softmax1", lambda a: F.softmax(a, 1), [randn(3, 4)])
emit("log_softmax0", lambda a: F.log_softmax(a, 0), [randn(3, 4)])
emit("log_softmax1", lambda a: F.log_softmax(a, 1), [randn(3, 4)])
# fused
emit("linear", F.linear, [randn(4, 3), randn(5, 3), randn(5)])
emit("linear_tanh", lambda a, w, b: torch.tanh(F.linear(a, w, b)), [randn(4, 3), randn(5, 3), randn(5)])
emit("cross_entropy_labels", F.cross_entropy, [randn(5, 4) * 3], labels=torch.tensor([3, 0, 1, 3, 2]),
     scalar_loss=True)
t = torch.rand(5, 4, dtype=D)
emit("cross_entropy_soft", F.cross_entropy, [randn(5, 4)], consts=[t / t.sum(1, keepdim=True)], scalar_loss=True)
emit("mlp_relu_ce", lambda a, w1, b1, w2, b2, y: F.cross_entropy(F.linear(F.relu(F.linear(a, w1, b1)), w2, b2), y),
     [randn(6, 4), randn(5, 4), randn(5), randn(3, 5), randn(3)], labels=torch.tensor([0, 2, 1, 1, 0, 2]),
     scalar_loss=True)
emit("mlp_gelu_mse", lambda a, w1, b1, w2, b2: ((F.linear(F.gelu(F.linear(a, w1, b1)), w2, b2) - 1.5) ** 2).mean(),
     [randn(6, 4), randn(5, 4), randn(5), randn(3, 5), randn(3)], scalar_loss=True)
# loss reductions (Soma's mse:sum and mse:batchmean)
emit("mse_sum", lambda a, t: F.mse_loss(a, t, reduction="sum"), [randn(4, 3)], consts=[randn(4, 3)],
     scalar_loss=True)
emit("mse_batchmean", lambda a, t: F.mse_loss(a, t, reduction="sum") / a.shape[0], [randn(4, 3)],
     consts=[randn(4, 3)], scalar_loss=True)
