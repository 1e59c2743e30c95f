"""torch.optim reference trajectories for Soma's TorchOptimizerParityTest (float64).

Eight steps of each optimizer configuration on f(theta) = sum c_i (theta_i - d_i)^2 + 0.1 sum theta_i^4 from a fixed
start. Prints "version MAJOR.MINOR", then one line per case: its name and theta after the eight steps (repr()).
The case "tutorial_momentum" is PyTorch's momentum with lr = alpha*(1 - beta): the trajectory of the tutorials'
v = beta*v + (1 - beta)*g, theta -= alpha*v with alpha = 0.05 (Soma runs that form itself and must land here).
NAdam is printed only by torch >= 2.0 (1.x's single-tensor NAdam counts mu_t twice, fixed by pytorch#92699).
Exit code 3 when torch cannot be imported.
"""
import sys

try:
    import torch
except ImportError as e:
    print("torch not importable: %s" % e, file=sys.stderr)
    sys.exit(3)

torch.set_num_threads(1)
th0 = [1.5, -0.7, 0.2, 2.5, -1.9]
c = torch.tensor([1.0, 0.5, 2.0, 0.1, 1.5], dtype=torch.float64)
d = torch.tensor([0.3, -0.2, 1.0, -1.0, 0.5], dtype=torch.float64)
O = torch.optim
configs = {
    "sgd": lambda p: O.SGD(p, lr=0.05),
    "sgd_weight_decay": lambda p: O.SGD(p, lr=0.05, weight_decay=0.01),
    "momentum": lambda p: O.SGD(p, lr=0.05, momentum=0.9, dampening=0.1),
    "momentum_weight_decay": lambda p: O.SGD(p, lr=0.05, momentum=0.8, weight_decay=0.02),
    "tutorial_momentum": lambda p: O.SGD(p, lr=0.05 * (1 - 0.9), momentum=0.9),
    "nesterov": lambda p: O.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    "rmsprop": lambda p: O.RMSprop(p, lr=0.01, momentum=0.5, weight_decay=0.01),
    "rmsprop_alpha": lambda p: O.RMSprop(p, lr=0.01, alpha=0.9),
    "rmsprop_plain": lambda p: O.RMSprop(p, lr=0.01),
    "adam": lambda p: O.Adam(p, lr=0.05, weight_decay=0.01),
    "adam_betas": lambda p: O.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6),
    "adamw": lambda p: O.AdamW(p, lr=0.05, weight_decay=0.1),
    "adagrad": lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1),
    "adagrad_plain": lambda p: O.Adagrad(p, lr=0.1),
}
major, minor = (int(v) for v in torch.__version__.split(".")[:2])
if major >= 2:
    configs["nadam"] = lambda p: O.NAdam(p, lr=0.05, weight_decay=0.01)
print("version %d.%d" % (major, minor))
for name, make in configs.items():
    th = torch.tensor(th0, dtype=torch.float64, requires_grad=True)
    opt = make([th])
    for _ in range(8):
        opt.zero_grad()
        (c * (th - d) ** 2 + 0.1 * th ** 4).sum().backward()
        opt.step()
    print(name, " ".join(repr(v) for v in th.detach().tolist()))
