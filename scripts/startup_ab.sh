#!/usr/bin/env bash
# Start-up A/B (docs/PERFORMANCE.md "Start-up"): runs `soma bench --only-b1 --epochs 1` for each configuration in
# turn, ROUNDS times (so every configuration sees the same drift of this noisy machine), and prints per
# configuration the median time from the process start to the end of the first batch, epoch 1's duration, and the
# end of epoch 1 counted from the process start.
# Usage: scripts/startup_ab.sh ROUNDS "CHECKOUT|JVM OPTIONS" ...
#   CHECKOUT: a directory with ./soma (this one, or `git worktree add /tmp/base <rev>` for an older build);
#   JVM OPTIONS: passed as SOMA_JAVA_OPTS (may be empty). JAVA_HOME chooses the JDK (default: Temurin 25).
# Example: scripts/startup_ab.sh 9 "/tmp/base|" ".|" ".|-Dsoma.warmup=false"
set -u
rounds=${1:?usage: startup_ab.sh ROUNDS "CHECKOUT|JVM OPTIONS" ...}; shift
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}
# one run each first: builds the jar and records the class-data archive (that run is slower)
for spec in "$@"; do (cd "${spec%%|*}" && ./soma bench --only-b1 --epochs 1 >/dev/null 2>&1); done
sleep 5
declare -a first epoch
for r in $(seq 1 "$rounds"); do
  i=0
  for spec in "$@"; do
    out=$(cd "${spec%%|*}" && SOMA_JAVA_OPTS="${spec#*|}" ./soma bench --only-b1 --epochs 1 2>&1)
    first[$i]="${first[$i]:-} $(echo "$out" | grep -o 'first batch [0-9.]*' | awk '{print $3}')"
    epoch[$i]="${epoch[$i]:-} $(echo "$out" | grep -o 'B1 epoch 1: [0-9.]*' | awk '{print $4}')"
    i=$((i + 1))
  done
done
i=0
for spec in "$@"; do
  python3 - "$spec" "${first[$i]}" "${epoch[$i]}" <<'EOF'
import statistics, sys
spec, fb, e1 = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
end = [a + b for a, b in zip(fb, e1)]
print("%-40s first batch %.3f s (%s)  epoch 1 %.3f s  end of epoch 1 %.3f s" % (
    spec, statistics.median(fb), " ".join("%.2f" % x for x in fb), statistics.median(e1), statistics.median(end)))
EOF
  i=$((i + 1))
done
