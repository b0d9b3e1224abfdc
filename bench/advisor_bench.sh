#!/usr/bin/env bash
# bench/advisor_bench.sh — time `perfadvise report` over synthetic findings
# (default 100,000 findings in 2,000 files): median wall time of RUNS runs and
# peak memory (max RSS), per output format. Not a test: prints a Markdown
# table for docs/performance.md.
#   bench/advisor_bench.sh [BUILD_DIR] [FINDINGS] [FILES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
FINDINGS=${2:-100000}
FILES=${3:-2000}
RUNS=${4:-5}
PA=$BUILD/bin/perfadvise
[ -x "$PA" ] || { echo "advisor_bench: $PA not built (cmake --build $BUILD --target perfadvise_cli)" >&2; exit 2; }
OUT=bench/out/advisor-$FINDINGS-$FILES
if [ ! -d "$OUT" ]; then
  python3 bench/gen_findings.py "$OUT" --findings "$FINDINGS" --files "$FILES"
fi
echo "input: $(du -sh "$OUT" | cut -f1) in $(ls "$OUT" | wc -l) files; $FINDINGS findings; $(nproc) cores"
echo
echo "| format | median wall (s) | min | max | peak RSS (MB) |"
echo "|---|---|---|---|---|"
for fmt in text json sarif markdown html; do
  times=()
  peak=0
  for _ in $(seq "$RUNS"); do
    # GNU time: %e wall seconds, %M max RSS in KB. Exit 1/3 (findings) is fine.
    /usr/bin/time -f "%e %M" -o bench/out/time.txt "$PA" report "$OUT" --format "$fmt" \
        --no-progress -o bench/out/report.$fmt >/dev/null 2>&1 || [ $? -le 3 ]
    read -r wall rss < bench/out/time.txt
    times+=("$wall")
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  median=$(echo "$sorted" | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}')
  echo "| $fmt | $median | $(echo "$sorted" | head -1) | $(echo "$sorted" | tail -1) | $((peak / 1024)) |"
done
