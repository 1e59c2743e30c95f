#!/usr/bin/env bash
# The standard benchmark (issue 6: B1, B2, B3) for every system of docs/PERFORMANCE.md's first table, one after
# the other in one session, each writing JSON into OUT_DIR; then one summary line per run. Run it on a quiet machine.
# Usage: scripts/bench_side_by_side.sh OUT_DIR [ROUNDS]
# Needs: the Fashion-MNIST package (apt-get install dataset-fashion-mnist), python3 with numpy, and for the PyTorch
# row Debian's python3-torch with an optimized BLAS (apt-get install python3-torch libopenblas0-pthread: without
# libopenblas0, Debian's torch falls back to the reference BLAS and runs ~15x slower).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: bench_side_by_side.sh OUT_DIR [ROUNDS]}; rounds=${2:-1}
data=/usr/share/datasets/fashion-mnist
bench=$here/../shared/bench
jdk25=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)
mkdir -p "$out"

run() { # name, command...
  local name=$1; shift
  echo "=== $name $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >&2
  "$@" >"$out/$name.log" 2>&1 || echo "    ($name failed: see $out/$name.log)" >&2
}

for r in $(seq 1 "$rounds"); do
  # numpy as this machine's environment runs it (OPENBLAS_CORETYPE=Haswell, 256-bit kernels, if set) ...
  run "numpy-env-$r" python3 "$bench/numpy_b1.py" "$data" --json-out "$out/numpy-env-$r.json"
  # ... and with OpenBLAS's own choice of kernel for this CPU (AVX-512 here)
  run "numpy-own-$r" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    python3 "$bench/numpy_b1.py" "$data" --json-out "$out/numpy-own-$r.json"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    run "torch-$r" env OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$bench/pytorch_b1.py" "$data" \
      --json-out "$out/torch-$r.json"
  fi
  if [ -n "$jdk25" ]; then
    run "soma-jdk25-$r" env JAVA_HOME="$jdk25" "$here/soma" bench --force --json "$out/soma-jdk25-$r.json"
    run "soma-jdk25-own-$r" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE JAVA_HOME="$jdk25" \
      "$here/soma" bench --force --json "$out/soma-jdk25-own-$r.json"
  fi
  run "soma-jdk17-$r" env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 "$here/soma" bench --force \
    --json "$out/soma-jdk17-$r.json"
done

python3 - "$out" <<'EOF'
import glob, json, os, sys
rows = []
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.json'))):
    d = json.load(open(f))
    g = lambda k: d.get(k, float('nan'))
    print(f"{os.path.basename(f)[:-5]:22s} {d.get('kernels', d.get('framework', ''))[:38]:38s} "
          f"B1 {g('b1_sec_per_epoch_median_2_5'):.3f} s  B2 {g('b2_sec_per_epoch'):.2f} s  "
          f"lat {g('b3_batch1_latency_us'):.1f} us  thr {g('b3_batch_throughput_img_s')/1e3:.0f}k/s  "
          f"first {g('process_to_first_batch_s'):.2f} s  RSS {g('b1_peak_rss_mb') if 'b1_peak_rss_mb' in d else g('peak_rss_mb'):.0f} MB  "
          f"acc {g('b1_test_acc'):.4f}")
EOF
