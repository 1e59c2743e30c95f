#!/usr/bin/env python3
"""Side-by-side GEMM session: numpy/OpenBLAS against Soma (SIMD and scalar, JDK 17 and JDK 25, with and without
the Vector API's bounds checks), alternating in rounds on the same machine, so that ratios come from one session.

Usage (from the repository root, after `mvn -q -pl soma-bench -am package -DskipTests`):
    python3 scripts/bench_gemm_session.py [--rounds 3] [--seconds 1.5] [--python PY] [--jdk17 JAVA] [--jdk25 JAVA]
Prints one table: per configuration and shape, the median over rounds of each run's median GFLOPS, and the ratio
Soma / numpy for the SIMD rows. numpy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its
environment (OpenBLAS then picks its own kernel for this CPU) and, for reference, with OPENBLAS_CORETYPE=Haswell.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.path.join(ROOT, "soma-bench", "target", "benchmarks.jar")
LINE = re.compile(r"^(\S+)\s+median\s+([\d.]+) GFLOPS\s+best\s+([\d.]+) GFLOPS")
BEST = {}


def run(cmd, env=None, key=None):
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    res = {}
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            res[m.group(1)] = float(m.group(2))
            BEST[(key, m.group(1))] = max(BEST.get((key, m.group(1)), 0.0), float(m.group(3)))
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=1.5)
    ap.add_argument("--python", default="python3")
    ap.add_argument("--jdk17", default="/usr/lib/jvm/java-17-openjdk-amd64/bin/java")
    ap.add_argument("--jdk25", default="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
    ap.add_argument("--no-scalar", action="store_true")
    ap.add_argument("--threads", type=int, default=0,
                    help="threads for both (OPENBLAS_NUM_THREADS, -Dsoma.threads); 0 = their defaults (all cores)")
    args = ap.parse_args()
    sec = str(args.seconds)
    base = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    jthreads = []
    if args.threads > 0:
        base["OPENBLAS_NUM_THREADS"] = str(args.threads)
        jthreads = ["-Dsoma.threads=%d" % args.threads]
    haswell = dict(base, OPENBLAS_CORETYPE="Haswell")
    py = [args.python, os.path.join(HERE, "bench_gemm.py"), sec]
    configs = [("numpy (OpenBLAS, own kernel)", py, base), ("numpy (OpenBLAS, CORETYPE=Haswell)", py, haswell)]
    for name, java in (("17", args.jdk17), ("25", args.jdk25)):
        if not os.path.exists(java):
            continue
        for oob in ("1", "0"):
            cmd = [java, "--add-modules", "jdk.incubator.vector"] + jthreads + [
                   "-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=" + oob,
                   "-cp", JAR, "dev.soma.bench.GemmGflops", "simd", sec]
            configs.append(("soma simd JDK %s OOB %s" % (name, "on" if oob == "1" else "off"), cmd, None))
    scalar = [] if args.no_scalar else [
        ("soma scalar JDK %s" % n, [j, "--add-modules", "jdk.incubator.vector"] + jthreads + ["-cp", JAR,
                                     "dev.soma.bench.GemmGflops", "scalar", sec], None)
        for n, j in (("17", args.jdk17), ("25", args.jdk25)) if os.path.exists(j)]
    results = {c[0]: {} for c in configs + scalar}
    for r in range(args.rounds):
        for name, cmd, env in configs:
            for shape, g in run(cmd, env, name).items():
                results[name].setdefault(shape, []).append(g)
            print("round %d: %s done" % (r + 1, name), file=sys.stderr)
    for name, cmd, env in scalar:  # slow and stable: once
        for shape, g in run(cmd, env, name).items():
            results[name].setdefault(shape, []).append(g)
    shapes = list(results[configs[0][0]].keys())
    ref = {s: statistics.median(results[configs[0][0]][s]) for s in shapes}
    print("threads: %s" % (args.threads or "default (all cores)"))
    print("| configuration | " + " | ".join(shapes) + " |")
    print("|---|" + "---|" * len(shapes))
    for name in results:
        cells = []
        for s in shapes:
            v = results[name].get(s)
            if not v:
                cells.append("—")
                continue
            med = statistics.median(v)
            cell = "%.1f" % med
            if name.startswith("soma simd"):
                cell += " (%.0f%%)" % (100 * med / ref[s])
            cells.append(cell)
        print("| %s | %s |" % (name, " | ".join(cells)))
    print()
    print("Best 2 ms batch over all rounds (GFLOPS; what the machine gives when nobody else is running):")
    print("| configuration | " + " | ".join(shapes) + " |")
    print("|---|" + "---|" * len(shapes))
    for name, cmd, env in configs + scalar:
        print("| %s | %s |" % (name, " | ".join("%.1f" % BEST.get((name, s), 0.0) for s in shapes)))


if __name__ == "__main__":
    main()
