#!/usr/bin/env bash
# bench/advisor_bench.sh — time `perfadvise report` over synthetic findings
# (default 100,000 findings in 2,000 files, bench/gen_findings.py) against a
# baseline advisor built from another commit, in one run: for each output
# format, RUNS runs of each binary, alternated so that both see the same
# machine load. Prints a Markdown table (docs/performance.md): median wall
# time, median CPU time (user + system), peak RSS, the ratios new/old, and
# whether the two reports are byte-identical. Not a test.
#   bench/advisor_bench.sh [--baseline REF|BINARY] [--no-call-sites] [--formats "text json"]
#                          [--instructions] [BUILD_DIR] [FINDINGS] [FILES] [RUNS]
# REF (default: 32de5b0, main before the fourth round of performance work;
# 3643aed is the advisor with the static profile before the second round,
# 818f8ce the one before any) is built once with cmake into
# bench/out/baseline-REF/ (only the advisor, no LLVM needed beyond what the
# project's configure step wants). The input has the call profile real
# plugins write (call_sites), which an advisor before the static profile
# ignores, so its reports rank differently: compare such a baseline with
# --no-call-sites (the input as it was before the profile).
# --instructions adds, for the text report, valgrind's instruction counts
# (callgrind, one run of each binary): the whole process and its main
# thread alone (the thread the loader thread feeds, so the one that bounds
# the wall time on two free cores). They do not move with the machine's
# load, which on a shared 2-core machine moves wall and CPU time by more
# than most single changes.
set -euo pipefail
cd "$(dirname "$0")/.."
BASELINE=${PERFADVISE_BENCH_BASELINE:-32de5b0}
GEN_FLAGS=()
SUFFIX=
FORMATS="text markdown json sarif html"
INSTRUCTIONS=0
while [ $# -gt 0 ]; do
  case $1 in
    --baseline) BASELINE=$2; shift 2 ;;
    --formats) FORMATS=$2; shift 2 ;;
    --instructions) INSTRUCTIONS=1; shift ;;
    --no-call-sites) GEN_FLAGS=(--no-call-sites); SUFFIX=-no-call-sites; shift ;;
    *) break ;;
  esac
done
BUILD=${1:-build}
FINDINGS=${2:-100000}
FILES=${3:-2000}
RUNS=${4:-5}
PA=$BUILD/bin/perfadvise
[ -x "$PA" ] || { echo "advisor_bench: $PA not built (cmake --build $BUILD --target perfadvise_cli)" >&2; exit 2; }
mkdir -p bench/out

if [ -x "$BASELINE" ]; then
  OLD=$BASELINE
else
  REV=$(git rev-parse --verify --quiet "$BASELINE^{commit}") ||
    { echo "advisor_bench: $BASELINE is neither an executable nor a commit" >&2; exit 2; }
  BDIR=bench/out/baseline-${REV:0:12}
  OLD=$BDIR/build/bin/perfadvise
  if [ ! -x "$OLD" ]; then
    echo "advisor_bench: building the baseline advisor of ${REV:0:12} in $BDIR" >&2
    rm -rf "$BDIR" && mkdir -p "$BDIR/src"
    git archive "$REV" | tar -x -C "$BDIR/src"
    cmake -S "$BDIR/src" -B "$BDIR/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER="${CC:-clang-19}" -DCMAKE_CXX_COMPILER="${CXX:-clang++-19}" \
      -DPERFADVISE_BUILD_TESTS=OFF -DPERFADVISE_FUZZ=OFF > "$BDIR/configure.log"
    cmake --build "$BDIR/build" --target perfadvise_cli -j2 > "$BDIR/build.log"
  fi
fi

# v2: the generator writes call_sites (an older directory has none).
OUT=bench/out/advisor-v2-$FINDINGS-$FILES$SUFFIX
if [ ! -d "$OUT" ]; then
  python3 bench/gen_findings.py "$OUT" --findings "$FINDINGS" --files "$FILES" "${GEN_FLAGS[@]}" >&2
fi
echo "input: $(du -sh "$OUT" | cut -f1) in $(ls "$OUT" | wc -l) files; $FINDINGS findings;" \
     "$(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
echo "old: $OLD"
echo "new: $PA"
echo

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
# One run: "wall cpu rss_kb" (GNU time: %e wall, %U+%S CPU, %M max RSS).
# Exit 1 and 3 (findings, skipped inputs) are fine.
run() {
  /usr/bin/time -f "%e %U %S %M" -o bench/out/time.txt "$1" report "$OUT" --format "$2" \
      --no-progress -o "$3" >/dev/null 2>&1 || [ $? -le 3 ]
  read -r wall user sys rss < bench/out/time.txt
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') $rss"
}

echo "| format | old wall (s) | new wall (s) | wall new/old | old CPU (s) | new CPU (s) | CPU new/old | old RSS (MB) | new RSS (MB) | RSS new/old | identical |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for fmt in $FORMATS; do
  : > bench/out/old.txt
  : > bench/out/new.txt
  for _ in $(seq "$RUNS"); do
    run "$OLD" "$fmt" "bench/out/report-old.$fmt" >> bench/out/old.txt
    run "$PA" "$fmt" "bench/out/report-new.$fmt" >> bench/out/new.txt
  done
  ow=$(cut -d' ' -f1 bench/out/old.txt | median); nw=$(cut -d' ' -f1 bench/out/new.txt | median)
  oc=$(cut -d' ' -f2 bench/out/old.txt | median); nc=$(cut -d' ' -f2 bench/out/new.txt | median)
  orss=$(cut -d' ' -f3 bench/out/old.txt | sort -g | tail -1)
  nrss=$(cut -d' ' -f3 bench/out/new.txt | sort -g | tail -1)
  same=no
  cmp -s "bench/out/report-old.$fmt" "bench/out/report-new.$fmt" && same=yes
  printf '| %s | %.2f | %.2f | %s | %.2f | %.2f | %s | %d | %d | %s | %s |\n' "$fmt" \
    "$ow" "$nw" "$(ratio "$nw" "$ow")" "$oc" "$nc" "$(ratio "$nc" "$oc")" \
    $((orss / 1024)) $((nrss / 1024)) "$(ratio "$nrss" "$orss")" "$same"
done

if [ "$INSTRUCTIONS" = 1 ]; then
  command -v valgrind > /dev/null || { echo "advisor_bench: --instructions needs valgrind" >&2; exit 2; }
  # "total main" instructions of one text report under callgrind.
  # On a copy without debug information: valgrind 3.19 cannot read the
  # DWARF 5 clang-19 writes, and counting needs none.
  instr() {
    rm -f bench/out/cg.out* bench/out/cg-perfadvise
    objcopy --strip-debug "$1" bench/out/cg-perfadvise
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=bench/out/cg.out \
      bench/out/cg-perfadvise report "$OUT" --no-progress -o bench/out/report-cg.text > /dev/null 2>&1 || [ $? -le 3 ]
    local total=0 main=0 f n
    for f in bench/out/cg.out*; do
      n=$(awk '/^(summary|totals):/ {print $2; exit}' "$f")
      [ -n "$n" ] || continue # the empty file beside the per-thread ones
      total=$((total + n))
      case $f in *-01) main=$n ;; esac
    done
    echo "$total $main"
  }
  read -r ot om < <(instr "$OLD")
  read -r nt nm < <(instr "$PA")
  echo
  echo "| text, callgrind | old (M instructions) | new (M instructions) | new/old |"
  echo "|---|---|---|---|"
  printf '| whole process | %d | %d | %s |\n' $((ot / 1000000)) $((nt / 1000000)) "$(ratio "$nt" "$ot")"
  printf '| main thread | %d | %d | %s |\n' $((om / 1000000)) $((nm / 1000000)) "$(ratio "$nm" "$om")"
fi
