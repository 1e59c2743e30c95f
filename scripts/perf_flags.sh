#!/usr/bin/env bash
# JVM flag sets for the launcher: peak RSS and start-up to the end of the first batch of B1 (docs/PERFORMANCE.md).
# Usage: JAVA_HOME=... scripts/perf_flags.sh [REPS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
java="${JAVA_HOME:?set JAVA_HOME}/bin/java"; reps=${1:-2}
jar=$(mktemp --suffix=.jar); cp "$here/soma-cli/target/soma.jar" "$jar"
base=(--add-modules jdk.incubator.vector -Xss4m)
for rep in $(seq 1 "$reps"); do
  for flags in "-XX:+UseParallelGC -Xmx2g" "-XX:+UseSerialGC -Xmx2g" "-XX:+UseSerialGC -Xms48m -Xmn24m -Xmx1g" \
               "-XX:+UseParallelGC -Xms48m -Xmn24m -Xmx1g"; do
    echo "=== $flags $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    # shellcheck disable=SC2086
    "$java" "${base[@]}" $flags -jar "$jar" bench --only-b1 --epochs 3 2>&1 | grep -E '^B1:|RSS'
  done
done
rm -f "$jar"
