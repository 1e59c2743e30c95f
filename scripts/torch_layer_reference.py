#!/usr/bin/env python3
# Reference values from PyTorch for Soma's N-d layers: convolution, pooling, flatten, normalization, embedding and
# residual blocks (soma-core/src/test/java/dev/soma/nn/LayerTorchParityTest.java checks Soma against them).
#   python3 scripts/torch_layer_reference.py soma-core/src/test/resources/torch/layers.json
# For each case: a model built from a Soma architecture spec, seeded float64 initial weights and buffers, a batch x
# and an upstream gradient g (loss = sum(model(x) * g)); the training-mode output, input and parameter gradients
# and buffers after one step, then three Adam steps (lr 0.01) from the initial state and the evaluation output.
import json, sys
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)


class Residual(nn.Module):
    """Soma's residual(...): y = x + body(x), the body a Sequential child named 'body'; residual:proj(...) adds
    a projection child 'shortcut' (y = shortcut(x) + body(x))."""

    def __init__(self, *layers, shortcut=None):
        super().__init__()
        self.body = nn.Sequential(*layers)
        self.shortcut = shortcut

    def forward(self, x):
        return (x if self.shortcut is None else self.shortcut(x)) + self.body(x)


def split(spec):
    out, depth, start = [], 0, 0
    for i, ch in enumerate(spec):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(spec[start:i])
            start = i + 1
    out.append(spec[start:])
    return out


def out_shape(m, shape):
    """The example shape m makes of examples of `shape` (a dry run in evaluation mode)."""
    if isinstance(m, nn.Embedding):
        return shape + [m.embedding_dim]
    was = m.training
    m.eval()
    with torch.no_grad():
        y = m(torch.zeros([2] + shape))
    m.train(was)
    return list(y.shape[1:])


def projection(shape, out):
    if len(shape) == 1:
        return nn.Linear(shape[0], out[0], bias=False)
    stride = next(s for s in range(1, shape[1] + 1) if (shape[1] - 1) // s + 1 == out[1])
    return nn.Conv2d(shape[0], out[0], 1, stride=stride, bias=False)


def layer(tok, shape=None):
    if tok.startswith("residual(") or tok.startswith("residual:proj("):
        inner = tok[tok.index("(") + 1:-1]
        body = build(inner, shape)
        if not tok.startswith("residual:proj("):
            return Residual(*body)
        return Residual(*body, shortcut=projection(shape, out_shape(nn.Sequential(*body), shape)))
    parts = tok.split(":")
    name = parts[0]
    args = [int(p) for p in parts[1:] if "=" not in p and p.lstrip("-").isdigit()]
    opts = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    flags = [p for p in parts[1:] if "=" not in p and not p.lstrip("-").isdigit()]
    if name == "linear":
        return nn.Linear(args[0], args[1])
    if name in ("batchnorm1d", "batchnorm2d"):
        cls = nn.BatchNorm1d if name == "batchnorm1d" else nn.BatchNorm2d
        mo = opts.get("momentum", "0.1")
        return cls(args[0], eps=float(opts.get("eps", "1e-5")), momentum=None if mo == "none" else float(mo),
                   affine="noaffine" not in flags, track_running_stats="nostats" not in flags)
    if name in ("conv", "conv2d"):
        return nn.Conv2d(args[0], args[1], args[2], stride=int(opts.get("stride", "1")),
                         padding=int(opts.get("pad", opts.get("padding", "0"))),
                         dilation=int(opts.get("dilation", "1")), groups=int(opts.get("groups", "1")),
                         bias="nobias" not in flags)
    if name in ("maxpool", "avgpool"):
        k = args[0]
        stride = int(opts.get("stride", args[1] if len(args) > 1 else k))
        pad = int(opts.get("pad", "0"))
        if name == "maxpool":
            return nn.MaxPool2d(k, stride=stride, padding=pad)
        return nn.AvgPool2d(k, stride=stride, padding=pad, count_include_pad="exclude_pad" not in flags)
    if name == "adaptiveavgpool":
        return nn.AdaptiveAvgPool2d((args[0], args[1] if len(args) > 1 else args[0]))
    if name == "globalavgpool":
        return nn.AdaptiveAvgPool2d(1)
    if name == "flatten":
        return nn.Flatten()
    if name == "layernorm":
        return nn.LayerNorm(args, eps=float(opts.get("eps", "1e-5")), elementwise_affine="noaffine" not in flags)
    if name == "embedding":
        return nn.Embedding(args[0], args[1], padding_idx=int(opts["pad"]) if "pad" in opts else None)
    return {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[name]()


def build(spec, shape=None):
    """The torch layers of a Soma spec; `shape` (one example's) is needed only for projection shortcuts."""
    layers = []
    for t in split(spec):
        layers.append(layer(t, shape))
        if shape is not None:
            shape = out_shape(layers[-1], shape)
    return layers


def tensor(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}


def state(model):
    return {k: tensor(v) for k, v in model.state_dict().items()}


CASES = [
    ("bn1d", "batchnorm1d:4", [4], 6, None),
    ("bn1d_seq_momentum", "batchnorm1d:3:momentum=0.3", [3, 7], 5, None),
    ("bn1d_cumulative_noaffine", "batchnorm1d:4:momentum=none:noaffine", [4], 5, None),
    ("bn2d", "batchnorm2d:3", [3, 5, 5], 4, None),
    ("bn2d_nostats", "batchnorm2d:2:eps=0.001:nostats", [2, 3, 4], 3, None),
    ("layernorm", "layernorm:6", [6], 5, None),
    ("layernorm_2d", "layernorm:3:4", [5, 3, 4], 2, None),
    ("layernorm_noaffine", "layernorm:5:eps=0.001:noaffine", [5], 4, None),
    ("embedding", "embedding:7:3", [5], 4, 7),
    ("embedding_padding", "embedding:6:4:pad=2", [3, 2], 3, 6),
    ("residual_mlp", "linear:4:6,relu,residual(linear:6:6,relu,batchnorm1d:6,linear:6:6),layernorm:6,linear:6:3",
     [4], 8, None),
    ("residual_projection", "linear:5:6,residual:proj(linear:6:4,tanh,layernorm:4,linear:4:4),relu,linear:4:2", [5], 6, None),
    ("conv", "conv:2:3:3:pad=1", [2, 5, 5], 3, None),
    ("conv_stride_dilation_groups", "conv:4:6:3:stride=2:pad=2:dilation=2:groups=2", [4, 7, 6], 2, None),
    ("conv_nobias_rectangular", "conv:3:2:2:nobias", [3, 4, 5], 2, None),
    ("maxpool", "maxpool:2", [2, 4, 6], 3, None),
    ("maxpool_stride_pad", "maxpool:3:stride=2:pad=1", [2, 5, 5], 2, None),
    ("avgpool", "avgpool:2", [2, 4, 6], 3, None),
    ("avgpool_exclude_pad", "avgpool:3:stride=2:pad=1:exclude_pad", [2, 5, 5], 2, None),
    ("adaptiveavgpool", "adaptiveavgpool:2:3", [2, 5, 7], 2, None),
    ("cnn", "conv:1:4:3:pad=1,relu,maxpool:2,conv:4:6:3:pad=1,relu,maxpool:2,flatten,linear:24:5", [1, 8, 8], 4, None),
    ("resnet", "conv:2:4:3:pad=1:nobias,batchnorm2d:4,relu,residual(conv:4:4:3:pad=1:nobias,batchnorm2d:4,relu,"
     "conv:4:4:3:pad=1),"
     "residual:proj(conv:4:6:3:stride=2:pad=1,relu),globalavgpool,flatten,linear:6:3", [2, 6, 6], 3, None),
]


def case(name, spec, shape, n, indices, seed):
    gen = torch.Generator().manual_seed(seed)
    model = nn.Sequential(*build(spec, shape))
    with torch.no_grad():
        modules = dict(model.named_modules())
        for k, p in model.named_parameters():
            owner, local = k.rsplit(".", 1)
            norm = isinstance(modules[owner], (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm))
            p.copy_(torch.randn(p.shape, generator=gen) * 0.5 + (1.0 if norm and local == "weight" else 0.0))
        for k, b in model.named_buffers():
            if k.endswith("running_mean"):
                b.copy_(torch.randn(b.shape, generator=gen) * 0.2)
            elif k.endswith("running_var"):
                b.copy_(torch.rand(b.shape, generator=gen) + 0.5)
            elif k.endswith("num_batches_tracked"):
                b.fill_(3)
    if indices is not None:
        x = torch.randint(0, indices, [n] + shape, generator=gen).to(torch.float64)
    else:
        x = torch.randn([n] + shape, generator=gen) * 1.5 + 0.3
    init = state(model)
    model.train()
    xin = x.long() if indices is not None else x.clone().requires_grad_(True)
    y = model(xin)
    g = torch.randn(y.shape, generator=gen)
    (y * g).sum().backward()
    out = {"name": name, "spec": spec, "x": tensor(x), "g": tensor(g), "init": init, "y": tensor(y),
           "dx": None if indices is not None else tensor(xin.grad),
           "grads": {k: tensor(p.grad) for k, p in model.named_parameters()},
           "buffers": {k: tensor(b) for k, b in model.named_buffers()}}
    model.load_state_dict({k: torch.tensor(v["values"]).reshape(v["shape"]).to(model.state_dict()[k].dtype)
                           for k, v in init.items()})
    params = list(model.parameters())
    opt = torch.optim.Adam(params, lr=0.01) if params else None
    losses = []
    for _ in range(3):
        if opt:
            opt.zero_grad()
        loss = (model(x.long() if indices is not None else x) * g).sum()
        if opt:
            loss.backward()
            opt.step()
        losses.append(float(loss))
    model.eval()
    with torch.no_grad():
        ey = model(x.long() if indices is not None else x)
    out["adam"] = {"lr": 0.01, "losses": losses, "state": state(model), "eval_y": tensor(ey)}
    return out


if __name__ == "__main__":
    cases = [case(*c, seed=100 + i) for i, c in enumerate(CASES)]
    text = json.dumps({"torch": torch.__version__, "cases": cases}, indent=None)
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as f:
            f.write(text + "\n")
    else:
        print(text)
