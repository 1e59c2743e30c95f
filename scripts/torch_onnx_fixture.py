#!/usr/bin/env python3
"""Exports seeded torch models with torch.onnx.export, for the test of Soma's ONNX import.

    /usr/bin/python3 scripts/torch_onnx_fixture.py [DIR]      (needs torch; Debian: apt-get install python3-torch)

Writes DIR/torch_mlp.onnx, DIR/torch_cnn.onnx (opset 14) and DIR/torch_opset17.onnx, and next to each a .json file with torch's version, the input
shape, seeded inputs and torch's outputs for them. DIR defaults to soma-onnx/src/test/resources/dev/soma/onnx, where
the committed copies let the test check the import without torch; the test also runs this script into a temporary
directory when /usr/bin/python3 has torch.
"""
import json
import os
import sys

import torch
from torch import nn

here = os.path.dirname(os.path.abspath(__file__))
default_dir = os.path.join(here, "..", "soma-onnx", "src", "test", "resources", "dev", "soma", "onnx")


class Residual(nn.Module):
    """x + body(x), as Soma's residual(...) layer."""

    def __init__(self, *layers):
        super().__init__()
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.body(x)


def randomize(model, gen):
    """Non-trivial parameters and running statistics (a fresh BatchNorm is the identity)."""
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if t.dtype != torch.float32:
                continue
            v = torch.rand(t.shape, generator=gen) - 0.5
            t.copy_(v + 1.0 if name.endswith("running_var") else v)


def mlp():
    return nn.Sequential(
        nn.Linear(6, 16), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(16, 16), nn.BatchNorm1d(16), nn.LeakyReLU(0.2),
        Residual(nn.Linear(16, 16), nn.GELU(), nn.Linear(16, 16)),
        nn.ELU(0.5), nn.Linear(16, 16), nn.SELU(), nn.Linear(16, 16), nn.SiLU(),
        nn.Linear(16, 16), nn.Softplus(), nn.Linear(16, 16), nn.PReLU(16), nn.Linear(16, 16), nn.Tanh(),
        nn.Linear(16, 16), nn.Sigmoid(), nn.Linear(16, 4), nn.Softmax(dim=1))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(4), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3, stride=1, padding=1, bias=False), nn.PReLU(), nn.AvgPool2d(3, stride=2, padding=1),
        nn.Conv2d(6, 8, 3, padding=1, groups=2), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 3))


def opset17():
    """Flatten of [3, 4] examples, LayerNorm (LayerNormalization from opset 17), Identity, ELU with dropout."""
    return nn.Sequential(
        nn.Flatten(), nn.Linear(12, 8), nn.LayerNorm(8), nn.ELU(), nn.Dropout(0.5), nn.Identity(), nn.Linear(8, 3))


def export(model, shape, name, out_dir, seed, opset=14):
    gen = torch.Generator().manual_seed(seed)
    randomize(model, gen)
    model.eval()
    x = (torch.rand((5,) + shape, generator=gen) * 6 - 3)
    path = os.path.join(out_dir, name + ".onnx")
    torch.onnx.export(model, x[:1], path, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=opset)
    with torch.no_grad():
        y = model(x)
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump({"torch": torch.__version__, "shape": list(x.shape), "input": x.flatten().tolist(),
                   "output": y.flatten().tolist()}, f)
        f.write("\n")
    print("wrote %s" % os.path.relpath(path))


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else default_dir
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    export(mlp(), (6,), "torch_mlp", out_dir, 1)
    export(cnn(), (1, 8, 8), "torch_cnn", out_dir, 2)
    export(opset17(), (3, 4), "torch_opset17", out_dir, 3, opset=17)


if __name__ == "__main__":
    main()
