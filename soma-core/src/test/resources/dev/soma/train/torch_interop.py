# Soma <-> PyTorch model interchange through safetensors, without the `safetensors` package (Debian lacks it):
# the format is an 8-byte little-endian header length, a JSON header, and the raw little-endian data.
#   torch_interop.py predict MODEL INPUT   -> builds torch.nn.Sequential from MODEL's "architecture" metadata,
#                                             load_state_dict(strict=True), prints model(INPUT["x"]) one value a line
#   torch_interop.py export MODEL DATA     -> writes a torch model (seeded) as a Soma model file, and DATA with x, y
import json, struct, sys
import torch

DT = {"F32": torch.float32, "F64": torch.float64}
NAMES = {torch.float32: "F32", torch.float64: "F64"}

def read(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, h in header.items():
        b, e = h["data_offsets"]
        t = torch.frombuffer(bytearray(data[b:e]), dtype=DT[h["dtype"]]).reshape(h["shape"])
        tensors[name] = t
    return tensors, meta

def write(path, tensors, meta):
    header, chunks, off = {}, [], 0
    for name, t in tensors.items():
        b = t.detach().contiguous().numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        chunks.append(b)
        off += len(b)
    header["__metadata__"] = meta
    h = json.dumps(header).encode("utf-8")
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(chunks))

def build(spec):
    nn = torch.nn
    acts = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "identity": nn.Identity, "selu": nn.SELU,
            "gelu": nn.GELU, "silu": nn.SiLU, "softplus": nn.Softplus}
    layers = []
    for tok in spec.split(","):
        p = tok.split(":")
        if p[0] == "linear":
            layers.append(nn.Linear(int(p[1]), int(p[2]), bias=not tok.endswith(":nobias")))
        elif p[0] == "dropout":
            layers.append(nn.Dropout(float(p[1])))
        elif p[0] == "prelu":
            layers.append(nn.PReLU(int(p[1]) if len(p) > 1 else 1))
        elif p[0] == "softmax":
            layers.append(nn.Softmax(dim=1))
        elif p[0] == "leaky_relu":
            layers.append(nn.LeakyReLU(float(p[1]) if len(p) > 1 else 0.01))
        elif p[0] == "elu":
            layers.append(nn.ELU(float(p[1]) if len(p) > 1 else 1.0))
        else:
            layers.append(acts[p[0]]())
    return nn.Sequential(*layers)

if sys.argv[1] == "predict":
    tensors, meta = read(sys.argv[2])
    assert meta["soma.kind"] == "model", meta
    model = build(meta["soma.architecture"])
    model.load_state_dict(tensors, strict=True)
    model.eval()
    x, _ = read(sys.argv[3])
    with torch.no_grad():
        y = model(x["x"])
    print("\n".join(repr(v) for v in y.flatten().tolist()))
else:
    torch.manual_seed(7)
    spec = "linear:5:7,elu,linear:7:4,prelu,linear:4:3,softmax"
    model = build(spec)
    model.eval()
    meta = {"soma.kind": "model", "soma.version": "torch-" + torch.__version__, "soma.architecture": spec,
            "soma.task": "classification", "soma.classes": json.dumps(["a", "b", "c"])}
    write(sys.argv[2], model.state_dict(), meta)
    x = torch.randn(9, 5)
    with torch.no_grad():
        y = model(x)
    write(sys.argv[3], {"x": x, "y": y}, {})
    print("ok")
