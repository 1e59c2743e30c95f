#!/usr/bin/env bash
# A/B of the compiled training step and the fast predict path in ONE jar (docs/PERFORMANCE.md, "Training step"):
# `soma bench` with and without -Dsoma.compiledStep=false -Dsoma.fastPredict=false, interleaved, on each JDK given.
# Usage: scripts/perf_ab.sh OUT_DIR [REPS] [JAVA_HOME...]   (default: $JAVA_HOME; build the jar first:
#        mvn -q -B -DskipTests -pl soma-cli -am package)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: perf_ab.sh OUT_DIR [REPS] [JAVA_HOME...]}; reps=${2:-2}; shift $(( $# >= 2 ? 2 : 1 ))
homes=("$@"); [ ${#homes[@]} -gt 0 ] || homes=("${JAVA_HOME:?set JAVA_HOME or pass JDK homes}")
jar=$(mktemp --suffix=.jar); cp "$here/soma-cli/target/soma.jar" "$jar"   # immune to rebuilds during the run
mkdir -p "$out"
opts=(--add-modules jdk.incubator.vector -XX:+UseParallelGC -Xss4m -Xmx2g)
for rep in $(seq 1 "$reps"); do
  for home in "${homes[@]}"; do
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    for mode in plan graph; do
      sw=(); [ $mode = graph ] && sw=(-Dsoma.compiledStep=false -Dsoma.fastPredict=false)
      echo "=== rep $rep jdk $v $mode $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
      "$home/bin/java" "${opts[@]}" "${sw[@]}" -jar "$jar" bench --force --json "$out/$mode-$v-$rep.json" 2>&1 \
        | grep -E '^B[123]|RSS'
    done
  done
done
rm -f "$jar"
