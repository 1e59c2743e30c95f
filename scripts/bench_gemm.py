#!/usr/bin/env python3
"""numpy (OpenBLAS) SGEMM on the shapes of soma-bench's GemmBenchmark, same output format as
dev.soma.bench.GemmGflops, to run side by side with it in one session.

Usage: python3 scripts/bench_gemm.py [seconds-per-shape] [shape ...]
A shape is "MxNxK-LL": C[M,N] = op(A)[M,K] @ op(B)[K,N], L = n (as stored) or t (stored transposed, read
through a .T view, as Soma reads it in place). Each shape is warmed up for 1 s, then timed in batches of about
2 ms; the line gives the median and best batch in GFLOPS (2*M*N*K per product). Threads: OpenBLAS's default
(all cores); the product is written into a preallocated C (np.matmul(..., out=c)).
"""
import sys
import time

import numpy as np

SHAPES = ["1024x1024x1024-nn", "128x256x784-nt", "256x784x128-tn", "128x784x256-nn",
          "128x128x256-nt", "128x10x128-nt", "1x256x784-nt"]


def measure(shape, seconds):
    dims, layout = shape.split("-")
    m, n, k = (int(x) for x in dims.split("x"))
    rng = np.random.default_rng(42)
    a = (rng.random((k, m) if layout[0] == "t" else (m, k), dtype=np.float32) - 0.5)
    b = (rng.random((n, k) if layout[1] == "t" else (k, n), dtype=np.float32) - 0.5)
    opa = a.T if layout[0] == "t" else a
    opb = b.T if layout[1] == "t" else b
    c = np.empty((m, n), dtype=np.float32)
    flop = 2.0 * m * n * k
    end = time.perf_counter() + 1.0
    while time.perf_counter() < end:
        np.matmul(opa, opb, out=c)
    rates = []
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        t0 = time.perf_counter()
        calls = 0
        while True:
            np.matmul(opa, opb, out=c)
            calls += 1
            t = time.perf_counter()
            if t - t0 >= 0.002:
                break
        rates.append(flop * calls / (t - t0) / 1e9)
    rates.sort()
    return rates[len(rates) // 2], rates[-1]


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    shapes = sys.argv[2:] or SHAPES
    try:
        import numpy.__config__  # noqa: F401
        blas = "OpenBLAS" if "openblas" in str(np.__config__.show(mode="dicts")).lower() else "BLAS"
    except Exception:  # older numpy: show() has no mode
        blas = "BLAS"
    print("# numpy %s (%s)" % (np.__version__, blas))
    for s in shapes:
        med, best = measure(s, seconds)
        print("%-20s median %7.1f GFLOPS  best %7.1f GFLOPS" % (s, med, best))


if __name__ == "__main__":
    main()
