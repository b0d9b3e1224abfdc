#!/usr/bin/env bash
# bench/advisor_phases.sh — each phase's median wall time (PERFADVISE_TIMING=1)
# of two advisors on the same input, runs alternated so that both see the
# same machine load: a phase that a change moves shows even when the whole
# run's time drowns in the shared machine's noise. Not a test.
#   bench/advisor_phases.sh OLD_BINARY NEW_BINARY [INPUT] [RUNS] [FORMAT]
# INPUT defaults to bench/advisor_bench.sh's (bench/out/advisor-v2-100000-2000).
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$1 NEW=$2
IN=${3:-bench/out/advisor-v2-100000-2000}
RUNS=${4:-5}
FMT=${5:-text}
[ -d "$IN" ] || python3 bench/gen_findings.py "$IN" --findings 100000 --files 2000 >&2
: > bench/out/phases-old.txt
: > bench/out/phases-new.txt
for _ in $(seq "$RUNS"); do
  for which in old new; do
    bin=$OLD; [ $which = new ] && bin=$NEW
    PERFADVISE_TIMING=1 "$bin" report "$IN" --format "$FMT" --no-progress -o bench/out/phases-report \
      2>&1 >/dev/null | awk '/timing:/ {print $3, $4}' >> "bench/out/phases-$which.txt" || true
  done
done
echo "input: $IN; $RUNS runs each; load average $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| phase | old (ms) | new (ms) | new/old |"
echo "|---|---|---|---|"
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
for phase in $(awk '{print $1}' bench/out/phases-old.txt | awk '!seen[$0]++'); do
  o=$(awk -v p="$phase" '$1 == p {print $2}' bench/out/phases-old.txt | median)
  n=$(awk -v p="$phase" '$1 == p {print $2}' bench/out/phases-new.txt | median)
  awk -v p="$phase" -v o="$o" -v n="$n" 'BEGIN {printf "| %s | %.1f | %.1f | %.2f |\n", p, o, n, (o > 0 ? n / o : 0)}'
done
