#!/usr/bin/env bash
# bench/advisor_threads.sh — CPU time of the main thread and of all threads
# of two advisors on the same input, from perf's cpu-clock samples (perf
# record -F 2000: a sample is 0.5 ms on a CPU), the runs alternated and
# the medians printed. On this shared machine wall time is mostly waiting
# to run; CPU time is not, and the main thread's bounds the wall time on
# two free cores. Unlike callgrind's instruction counts it includes what
# instructions do not show: cache misses and the kernel clearing the
# pages first touched. Not a test.
#   bench/advisor_threads.sh OLD_BINARY NEW_BINARY [INPUT] [RUNS] [FORMAT]
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$1 NEW=$2
IN=${3:-bench/out/advisor-v2-100000-2000}
RUNS=${4:-7}
FMT=${5:-text}
command -v perf > /dev/null || { echo "advisor_threads: needs perf" >&2; exit 2; }
[ -d "$IN" ] || python3 bench/gen_findings.py "$IN" --findings 100000 --files 2000 >&2
mkdir -p bench/out
: > bench/out/threads-old.txt
: > bench/out/threads-new.txt
# One run: "main_ms all_ms". The main thread is the process's lowest id.
one() {
  perf record -q -F 2000 -o bench/out/threads.data "$1" report "$IN" --format "$FMT" \
    --no-progress -o bench/out/threads-report > /dev/null 2>&1 || true
  perf report -i bench/out/threads.data --sort pid --stdio -F sample,pid 2> /dev/null |
    awk '$1 ~ /^[0-9]+$/ {split($2, a, ":"); n[a[1] + 0] = $1; all += $1}
         END {m = -1; for (t in n) if (m < 0 || t + 0 < m) m = t + 0; print n[m] / 2, all / 2}'
}
for _ in $(seq "$RUNS"); do
  one "$OLD" >> bench/out/threads-old.txt
  one "$NEW" >> bench/out/threads-new.txt
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
echo "input: $IN; $RUNS runs each; $FMT; load average $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| CPU (ms, perf samples) | old | new | new/old |"
echo "|---|---|---|---|"
for col in 1 2; do
  name="main thread"; [ $col = 2 ] && name="all threads"
  o=$(cut -d' ' -f$col bench/out/threads-old.txt | median)
  n=$(cut -d' ' -f$col bench/out/threads-new.txt | median)
  awk -v p="$name" -v o="$o" -v n="$n" 'BEGIN {printf "| %s | %.0f | %.0f | %.2f |\n", p, o, n, (o > 0 ? n / o : 0)}'
done
