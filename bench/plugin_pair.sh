#!/usr/bin/env bash
# bench/plugin_pair.sh — the CPU the perfadvise plugin itself spends on one
# real translation unit (the SQLite amalgamation by default), two plugin
# builds compared in one run.
#   bench/plugin_pair.sh OLD.so NEW.so [--pairs N] [--file PATH]
#       [--config FILE|none] [--out DIR]
#
# Compiles the file (-O2 -g, the flags the precision harness uses) with OLD
# and NEW alternately, N pairs (OLD first in odd pairs, NEW first in even
# ones, so drift hits both). Each compile runs with PERFADVISE_TIMING=1
# (the plugin's own clock() per phase: extraction and analysis of the early
# and late runs) under /usr/bin/time (user CPU, minor page faults). Prints
# per build the median plugin CPU, its share of the compile's user CPU and
# the median page faults, then the NEW/OLD ratio of the medians, each
# phase's extraction and analysis medians, and whether the two builds wrote
# byte-identical findings files. Whole-compile times vary by up to 20 %
# between runs on a shared machine; the plugin's own seconds are what this
# compares.
# --file: a file as `precision.py list --files` lists it (sqlite3.c,
#   db/db_impl/db_impl.cc, ...), of the first corpus listing it, or
#   CORPUS:PATH (leveldb:port/port_posix.cc); C++ corpora compile with
#   clang++. Default sqlite3.c.
# --config: the project configuration the compiles read (default: the
#   corpus's, bench/precision/configs/CORPUS.perfadvise, as the precision
#   runs use it, when there is one; `none` for none).
# Exit: 0 ok, 1 findings differ, 2 bad arguments, the file is not
# available or a compile failed (its log is named).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
PAIRS=3
FILE=sqlite3.c
CONFIG=
OUT=$REPO/bench/out/plugin_pair

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
[ "${1:-}" = --help ] || [ "${1:-}" = -h ] && { usage; exit 0; }
[ $# -ge 2 ] || { usage >&2; exit 2; }
OLD=$(realpath "$1") NEW=$(realpath "$2")
shift 2
while [ $# -gt 0 ]; do
  case $1 in
    --pairs) PAIRS=$2; shift 2 ;;
    --file) FILE=$2; shift 2 ;;
    --config) CONFIG=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "plugin_pair.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for so in "$OLD" "$NEW"; do
  [ -f "$so" ] || { echo "plugin_pair.sh: no plugin at $so" >&2; exit 2; }
done
# The compiles run in the corpus's directory: paths given here are made
# absolute first.
OUT=$(realpath -m "$OUT")
case $CONFIG in
  ''|none) ;;
  *) [ -f "$CONFIG" ] || { echo "plugin_pair.sh: no configuration file $CONFIG" >&2; exit 2; }
     CONFIG=$(realpath "$CONFIG") ;;
esac
WANT_CORPUS=
case $FILE in *:*) WANT_CORPUS=${FILE%%:*}; FILE=${FILE#*:} ;; esac

# The file, its flags, directory and language, as the precision harness
# compiles it (it fetches the package when missing).
LIST=$(python3 "$REPO/bench/precision/precision.py" list --files) ||
  { echo "plugin_pair.sh: precision.py list --files failed" >&2; exit 2; }
UNIT=$(echo "$LIST" | awk -v f="$FILE" -v want="$WANT_CORPUS" '
  /^[^ ]/ { corpus = $1; lang = $2; root = $0; sub(/.*\[root /, "", root); sub(/\]$/, "", root) }
  /^    / && $1 == f && (want == "" || want == corpus) && !done { print corpus; print lang; print root; print; done = 1 }')
[ -n "$UNIT" ] || { echo "plugin_pair.sh: no corpus${WANT_CORPUS:+ named $WANT_CORPUS} lists '$FILE' (precision.py list --files)" >&2; exit 2; }
CORPUS=$(echo "$UNIT" | sed -n 1p)
LANG_OF=$(echo "$UNIT" | sed -n 2p)
ROOT=$(echo "$UNIT" | sed -n 3p)
LINE=$(echo "$UNIT" | sed -n 4p)
CWD=$(echo "$LINE" | sed 's/^ *[^ ]* *\[cwd \([^]]*\)\].*/\1/')
# The flags are printed shell-quoted (`-DPRINTF_FORMAT(a, b)=...`).
eval "FLAGS=($(echo "$LINE" | sed 's/^ *[^ ]* *\[cwd [^]]*\] *//'))"
SRC=$ROOT/$FILE
[ -f "$SRC" ] || { echo "plugin_pair.sh: no $FILE in $ROOT" >&2; exit 2; }
WORKDIR=$ROOT/$CWD
if [ "$LANG_OF" = c++ ]; then CLANG=${PERFADVISE_CLANGXX:-clang++-19}; else CLANG=${PERFADVISE_CLANG:-clang-19}; fi
if [ -z "$CONFIG" ]; then
  CONFIG=$REPO/bench/precision/configs/$CORPUS.perfadvise
  [ -f "$CONFIG" ] || CONFIG=none
fi
echo "plugin_pair.sh: $FILE of $CORPUS ($CLANG), configuration: $CONFIG" >&2

mkdir -p "$OUT"
rm -rf "$OUT/old" "$OUT/new" "$OUT/runs.txt"
mkdir -p "$OUT/old" "$OUT/new"

run_one() { # label plugin
  local label=$1 so=$2 log=$OUT/$1.log
  (cd "$WORKDIR" && PERFADVISE_TIMING=1 PERFADVISE_CONFIG=$CONFIG PERFADVISE_OUTPUT_DIR=$OUT/$label \
    /usr/bin/time -f "time user=%U minflt=%R" "$CLANG" -O2 -g -w -fpass-plugin="$so" "${FLAGS[@]}" \
    -c "$SRC" -o "$OUT/$label.o") >"$log" 2>&1 ||
    { echo "plugin_pair.sh: the $label compile failed, see $log:" >&2; tail -5 "$log" >&2; exit 2; }
  local plugin user flt
  plugin=$(grep '^perfadvise: timing:' "$log" | sed 's/.*extract=\([0-9.]*\)s analyse=\([0-9.]*\)s/\1 \2/' |
    awk '{s += $1 + $2} END {printf "%.3f", s}')
  user=$(sed -n 's/^time user=\([0-9.]*\) .*/\1/p' "$log")
  flt=$(sed -n 's/.*minflt=\([0-9]*\).*/\1/p' "$log")
  # Each phase's extraction and analysis (0 for a phase that did not run).
  local phases
  phases=$(grep '^perfadvise: timing:' "$log" |
    sed 's/.*phase=\([a-z]*\) extract=\([0-9.]*\)s analyse=\([0-9.]*\)s/\1 \2 \3/' |
    awk '{x[$1] = $2; a[$1] = $3} END {printf "%.3f %.3f %.3f %.3f", x["early"], a["early"], x["late"], a["late"]}')
  echo "$label $plugin $user $flt $phases" >>"$OUT/runs.txt"
  echo "  $label: plugin ${plugin} s of ${user} s user CPU, ${flt} page faults" >&2
}

for i in $(seq "$PAIRS"); do
  echo "pair $i/$PAIRS" >&2
  if [ $((i % 2)) -eq 1 ]; then run_one old "$OLD"; run_one new "$NEW"
  else run_one new "$NEW"; run_one old "$OLD"; fi
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for label in old new; do
  p=$(awk -v l=$label '$1 == l {print $2}' "$OUT/runs.txt" | median)
  s=$(awk -v l=$label '$1 == l {printf "%.5f\n", $2 / $3}' "$OUT/runs.txt" | median)
  f=$(awk -v l=$label '$1 == l {print $4}' "$OUT/runs.txt" | median)
  printf '%s: plugin CPU median %.3f s, share of the compile %.2f %%, page faults median %d\n' \
    "$label" "$p" "$(echo "$s" | awk '{print $1 * 100}')" "$f"
  eval "${label}_p=$p"
done
awk -v o="$old_p" -v n="$new_p" 'BEGIN {
  if (o > 0) printf "plugin CPU new/old: %.3f\n", n / o
  else print "plugin CPU new/old: - (the old plugin took no measurable time)" }'
# Where a difference is: the medians of each phase's two parts.
col=5
for part in "early extraction" "early analysis" "late extraction" "late analysis"; do
  o=$(awk -v l=old -v c=$col '$1 == l {print $c}' "$OUT/runs.txt" | median)
  n=$(awk -v l=new -v c=$col '$1 == l {print $c}' "$OUT/runs.txt" | median)
  printf '  %-17s median %.3f s -> %.3f s\n' "$part" "$o" "$n"
  col=$((col + 1))
done
if diff -r "$OUT/old" "$OUT/new" >/dev/null; then
  echo "findings files: identical"
else
  echo "findings files: DIFFER (diff -r $OUT/old $OUT/new)"
  exit 1
fi
