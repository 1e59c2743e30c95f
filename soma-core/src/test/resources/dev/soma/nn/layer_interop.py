# Soma <-> PyTorch state dicts of models with convolutions, pooling, BatchNorm, LayerNorm, Embedding and residual
# blocks, through safetensors files (read and written here without the `safetensors` package).
#   layer_interop.py BUILDER soma2torch MODEL INPUT        -> load_state_dict(strict=True) of a Soma model file into
#                                                            the torch model of its architecture; prints model(x) in
#                                                            eval mode
#   layer_interop.py BUILDER torch2soma SPEC SHAPE OUT X   -> a seeded torch model of SPEC for examples of SHAPE
#                                                            (e.g. 1,6,6) after 3 training batches, saved with
#                                                            torch's dtypes (num_batches_tracked as I64); 7 examples
#                                                            saved to X; prints the eval output
# BUILDER is scripts/torch_layer_reference.py (its build(spec) makes the torch model of a Soma spec).
import importlib.util, json, struct, sys
import torch

spec = importlib.util.spec_from_file_location("ref", sys.argv[1])
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
torch.set_default_dtype(torch.float32)

DT = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}
NAMES = {v: k for k, v in DT.items()}


def read(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    out = {}
    for name, h in header.items():
        b, e = h["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[b:e]), dtype=DT[h["dtype"]]).reshape(h["shape"])
    return out, meta


def write(path, tensors, meta):
    header, chunks, off = {}, [], 0
    for name, t in tensors.items():
        b = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        chunks.append(b)
        off += len(b)
    header["__metadata__"] = meta
    h = json.dumps(header).encode("utf-8")
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(chunks))


def predict(model, x, indices):
    model.eval()
    with torch.no_grad():
        y = model(x.long() if indices else x)
    print("\n".join(repr(v) for v in y.flatten().tolist()))


if sys.argv[2] == "soma2torch":
    tensors, meta = read(sys.argv[3])
    arch = meta["soma.architecture"]
    shape = [int(d) for d in json.loads(meta["soma.input_shape"])] if "soma.input_shape" in meta else None
    model = torch.nn.Sequential(*ref.build(arch, shape))
    model.load_state_dict(tensors, strict=True)
    x, _ = read(sys.argv[4])
    predict(model, x["x"], arch.startswith("embedding"))
else:
    arch = sys.argv[3]
    shape = [int(d) for d in sys.argv[4].split(",")]
    torch.manual_seed(5)
    indices = arch.startswith("embedding")
    model = torch.nn.Sequential(*ref.build(arch, None if indices else shape))
    x = torch.randint(0, 6, [7] + shape).float() if indices else torch.randn([7] + shape) * 2 + 1
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(x.long() if indices else x)
    write(sys.argv[5], model.state_dict(), {})
    write(sys.argv[6], {"x": x}, {})
    predict(model, x, indices)
