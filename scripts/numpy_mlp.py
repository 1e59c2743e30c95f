"""B1 with another MLP for numpy, beside `soma bench --mlp SIZES --batch N`: the reference script's own network,
Adam and epoch loop (shared/bench/numpy_b1.py, imported from BENCH_DIR, not copied), on other layer sizes and
batch sizes, reporting the same JSON keys (b1_*).

Usage: python3 scripts/numpy_mlp.py BENCH_DIR DATA_DIR --mlp 784-2048-10 --batch 512 [--epochs 3] [--json-out F]
"""
import argparse
import importlib.util
import json
import os
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench_dir")
    ap.add_argument("data_dir")
    ap.add_argument("--mlp", required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--json-out")
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("numpy_b1", os.path.join(a.bench_dir, "numpy_b1.py"))
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)  # sets OPENBLAS_NUM_THREADS=2 unless set, as for B1
    import numpy as np

    sizes = [int(s) for s in a.mlp.split("-")]
    (xtr, ytr), (xte, yte) = ref.load(a.data_dir)
    rng = np.random.default_rng(a.seed)
    net = ref.MLP(sizes, rng)
    opt = ref.Adam(net.params())
    epoch_s = []
    for ep in range(a.epochs):
        t0 = time.perf_counter()
        loss = ref.train_epoch(net, opt, xtr, ytr, a.batch, rng)
        epoch_s.append(time.perf_counter() - t0)
        print(f"epoch {ep + 1}: {epoch_s[-1]:.3f} s  loss {loss:.4f}", file=sys.stderr, flush=True)
    med = statistics.median(epoch_s[1:] if len(epoch_s) > 1 else epoch_s)
    out = {"framework": "numpy", "version": f"numpy {np.__version__} ({ref.blas_info()})",
           "b1_architecture": a.mlp, "b1_batch": a.batch, "b1_epoch_s": epoch_s,
           "b1_sec_per_epoch_median_2_5": med, "b1_samples_per_sec": xtr.shape[0] / med,
           "b1_test_acc": ref.accuracy(net, xte, yte)}
    js = json.dumps(out, indent=1)
    print(js)
    if a.json_out:
        with open(a.json_out, "w") as f:
            f.write(js + "\n")


if __name__ == "__main__":
    main()
