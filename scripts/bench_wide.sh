#!/usr/bin/env bash
# The wide and deep MLPs of the performance issue (784-2048-10 at batch 512, 784-1024-1024-10 at batch 256), Soma
# beside numpy running the reference script's own network and Adam (scripts/numpy_mlp.py), one after the other in one
# session, ROUNDS times, each writing JSON into OUT_DIR; then one summary line per run. Run it on a quiet machine.
# Usage: scripts/bench_wide.sh OUT_DIR [ROUNDS] [EPOCHS]
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: bench_wide.sh OUT_DIR [ROUNDS] [EPOCHS]}; rounds=${2:-1}; epochs=${3:-3}
data=/usr/share/datasets/fashion-mnist
bench=$here/../shared/bench
jdk25=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)
mkdir -p "$out"

run() { # name, command...
  local name=$1; shift
  echo "=== $name $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >&2
  timeout 1800 "$@" >"$out/$name.log" 2>&1 || echo "    ($name failed: see $out/$name.log)" >&2
}

for r in $(seq 1 "$rounds"); do
  for net in 784-2048-10:512 784-1024-1024-10:256; do
    sizes=${net%:*}; batch=${net#*:}
    run "numpy-own-$sizes-$r" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$here/scripts/numpy_mlp.py" \
      "$bench" "$data" --mlp "$sizes" --batch "$batch" --epochs "$epochs" --json-out "$out/numpy-own-$sizes-$r.json"
    if [ -n "$jdk25" ]; then
      run "soma-jdk25-$sizes-$r" env JAVA_HOME="$jdk25" "$here/soma" bench --mlp "$sizes" --batch "$batch" \
        --epochs "$epochs" --force --json "$out/soma-jdk25-$sizes-$r.json"
    fi
    run "soma-jdk17-$sizes-$r" env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 "$here/soma" bench --mlp "$sizes" \
      --batch "$batch" --epochs "$epochs" --force --json "$out/soma-jdk17-$sizes-$r.json"
  done
done

python3 - "$out" <<'PY'
import glob, json, os, sys
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.json'))):
    d = json.load(open(f))
    print(f"{os.path.basename(f)[:-5]:32s} {d['b1_architecture']:18s} batch {d['b1_batch']:4d}  "
          f"{d['b1_sec_per_epoch_median_2_5']:.3f} s/epoch (epochs {', '.join('%.2f' % e for e in d['b1_epoch_s'])})  "
          f"acc {d['b1_test_acc']:.4f}")
PY
