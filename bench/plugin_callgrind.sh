#!/usr/bin/env bash
# bench/plugin_callgrind.sh — instructions the perfadvise plugin itself
# executes on one real translation unit, two plugin builds compared: the
# load-independent counterpart of bench/plugin_pair.sh, whose CPU seconds
# move by up to 15 % between runs on this machine.
#   bench/plugin_callgrind.sh OLD.so NEW.so [--file PATH] [--config FILE|none] [--out DIR]
#
# Build both plugins with the callgrind zone, so that only what runs inside
# the plugin is counted (plugin/driver.c brackets each run with callgrind's
# start and stop):
#   cmake -S . -B build-cg -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-19 \
#         -DCMAKE_CXX_COMPILER=clang++-19 -DPERFADVISE_BUILD_TESTS=OFF \
#         "-DCMAKE_C_FLAGS=-gdwarf-4 -DPERFADVISE_CALLGRIND_ZONE" "-DCMAKE_CXX_FLAGS=-gdwarf-4"
#   cmake --build build-cg --target perfadvise
# Each plugin compiles the file once under `valgrind --tool=callgrind
# --instr-atstart=no` (the two runs in parallel, one per core; ~5 min for
# sqlite3.c, ~2 min for RocksDB's db_impl.cc), with the flags and the
# configuration the precision harness uses. Prints both totals and
# new/old.
# --file: a file as `precision.py list --files` lists it (default
#   sqlite3.c); --config: the configuration (default the corpus's, `none`
#   for none); --out: where the callgrind files go (default
#   bench/out/plugin_callgrind).
# Exit: 0 ok, 2 bad arguments, a file not available, or a failed run.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }
[ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] && { usage; exit 0; }
[ $# -ge 2 ] || { usage >&2; exit 2; }
OLD=$(realpath "$1"); NEW=$(realpath "$2"); shift 2
FILE=sqlite3.c; CONFIG=; OUT=$REPO/bench/out/plugin_callgrind
while [ $# -gt 0 ]; do
  case $1 in
    --file) FILE=$2; shift 2 ;;
    --config) CONFIG=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "plugin_callgrind.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
for so in "$OLD" "$NEW"; do [ -f "$so" ] || { echo "plugin_callgrind.sh: no plugin $so" >&2; exit 2; }; done
command -v valgrind >/dev/null || { echo "plugin_callgrind.sh: valgrind is not installed" >&2; exit 2; }

LIST=$(python3 "$REPO/bench/precision/precision.py" list --files) ||
  { echo "plugin_callgrind.sh: precision.py list --files failed" >&2; exit 2; }
UNIT=$(echo "$LIST" | awk -v f="$FILE" '
  /^[^ ]/ { corpus = $1; lang = $2; root = $0; sub(/.*\[root /, "", root); sub(/\]$/, "", root) }
  /^    / && $1 == f && !done { print corpus; print lang; print root; print; done = 1 }')
[ -n "$UNIT" ] || { echo "plugin_callgrind.sh: no corpus lists '$FILE' (precision.py list --files)" >&2; exit 2; }
CORPUS=$(echo "$UNIT" | sed -n 1p); LANG_OF=$(echo "$UNIT" | sed -n 2p)
ROOT=$(echo "$UNIT" | sed -n 3p); LINE=$(echo "$UNIT" | sed -n 4p)
CWD=$(echo "$LINE" | sed 's/^ *[^ ]* *\[cwd \([^]]*\)\].*/\1/')
eval "FLAGS=($(echo "$LINE" | sed 's/^ *[^ ]* *\[cwd [^]]*\] *//'))"
[ -f "$ROOT/$FILE" ] || { echo "plugin_callgrind.sh: no $FILE in $ROOT" >&2; exit 2; }
if [ "$LANG_OF" = c++ ]; then CLANG=clang++-19; else CLANG=clang-19; fi
if [ -z "$CONFIG" ]; then
  CONFIG=$REPO/bench/precision/configs/$CORPUS.perfadvise
  [ -f "$CONFIG" ] || CONFIG=none
fi
mkdir -p "$OUT"
echo "plugin_callgrind.sh: $FILE of $CORPUS ($CLANG), configuration: $CONFIG" >&2

run_one() { # label plugin
  rm -rf "$OUT/$1.findings" && mkdir -p "$OUT/$1.findings"
  (cd "$ROOT/$CWD" && PERFADVISE_CONFIG=$CONFIG PERFADVISE_OUTPUT_DIR=$OUT/$1.findings \
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/$1.callgrind" \
    "$CLANG" -O2 -g -w -fpass-plugin="$2" "${FLAGS[@]}" -c "$ROOT/$FILE" -o "$OUT/$1.o") \
    >"$OUT/$1.log" 2>&1
}
run_one old "$OLD" & p1=$!
run_one new "$NEW" & p2=$!
fail=0; wait $p1 || fail=1; wait $p2 || fail=1
[ $fail = 0 ] || { echo "plugin_callgrind.sh: a run failed, see $OUT/old.log and $OUT/new.log" >&2; exit 2; }
total() { sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$OUT/$1.callgrind" | head -1; }
o=$(total old); n=$(total new)
[ -n "$o" ] && [ -n "$n" ] && [ "$o" -gt 0 ] || { echo "plugin_callgrind.sh: no totals in the callgrind files" >&2; exit 2; }
awk -v o="$o" -v n="$n" 'BEGIN { printf "old: %.1f M instructions\nnew: %.1f M instructions\nnew/old: %.3f\n", o / 1e6, n / 1e6, n / o }'
