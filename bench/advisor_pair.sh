#!/usr/bin/env bash
# bench/advisor_pair.sh — wall time, CPU time and peak RSS of two advisors on
# the same input, RUNS runs of each alternated so that both see the same
# machine: the medians (wall, CPU) and the largest RSS, and new/old. Not a
# test. With --pause, every other compiler, test runner and harness on the
# machine is stopped (SIGSTOP) for the length of the runs and resumed
# after (SIGCONT): on a shared 2-core machine the other jobs otherwise
# move single runs by more than most changes (docs/performance.md).
#   bench/advisor_pair.sh [--pause] OLD_BINARY NEW_BINARY [INPUT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
PAUSE=0
if [ "${1:-}" = --pause ]; then PAUSE=1; shift; fi
OLD=$1 NEW=$2
IN=${3:-bench/out/advisor-v2-100000-2000}
RUNS=${4:-15}
[ -d "$IN" ] || python3 bench/gen_findings.py "$IN" --findings 100000 --files 2000 >&2
OUT=bench/out/pair-runs.txt
STOPPED=""
resume() { [ -z "$STOPPED" ] || kill -CONT $STOPPED 2>/dev/null || true; }
trap resume EXIT
if [ $PAUSE = 1 ]; then
  for p in $(pgrep -f "clang|lit.py|precision.py|ctest|cmake|make|FileCheck|valgrind|cc1" || true); do
    [ "$p" = $$ ] || STOPPED="$STOPPED $p"
  done
  [ -z "$STOPPED" ] || kill -STOP $STOPPED 2>/dev/null || true
  sleep 1
fi
: > "$OUT"
for _ in $(seq "$RUNS"); do
  for which in old new; do
    bin=$OLD; [ $which = new ] && bin=$NEW
    /usr/bin/time -f "$which %e %U %S %M" "$bin" report "$IN" --no-progress -o bench/out/pair-report.txt \
      2>&1 >/dev/null | grep "^$which " >> "$OUT" || true
  done
done
resume; STOPPED=""
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
for which in old new; do
  w=$(awk -v k=$which '$1 == k {print $2}' "$OUT" | median)
  c=$(awk -v k=$which '$1 == k {print $3 + $4}' "$OUT" | median)
  m=$(awk -v k=$which '$1 == k {print $5}' "$OUT" | sort -n | tail -1)
  eval "${which}_w=$w ${which}_c=$c ${which}_m=$m"
done
echo "input: $IN; $RUNS runs each; load average $(cut -d' ' -f1 /proc/loadavg)"
echo "| | old | new | new/old |"
echo "|---|---|---|---|"
awk -v a="$old_w" -v b="$new_w" 'BEGIN {printf "| wall median (s) | %.3f | %.3f | %.2f |\n", a, b, b / a}'
awk -v a="$old_c" -v b="$new_c" 'BEGIN {printf "| CPU median (s) | %.2f | %.2f | %.2f |\n", a, b, b / a}'
awk -v a="$old_m" -v b="$new_m" 'BEGIN {printf "| peak RSS (MiB) | %.1f | %.1f | %.2f |\n", a / 1024, b / 1024, b / a}'
