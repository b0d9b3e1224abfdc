#!/usr/bin/env bash
# bench/compile_overhead.sh — compile-time and memory overhead of the perfadvise
# plugin on real code (SQLite amalgamation, LMDB mdb.c) at -O2 -g, and proof that
# it leaves the generated code byte-identical. Results: docs/performance.md.
#   bench/compile_overhead.sh --plugin build/lib/libperfadvise.so [--pairs 5]
#       [--files "sqlite lmdb"] [--out DIR] [--max-ratio R] [--callgrind]
#       [--disable locks,escape,loopalloc]   (PERFADVISE_DISABLE for the plugin runs:
#                                             the share of one analysis)
#
# Runs plain and plugin compiles in alternating pairs (plain first in odd pairs,
# plugin first in even ones, so drift from other load hits both equally), each
# under /usr/bin/time (wall, user, sys, peak RSS). Prints per file the medians,
# the median of the per-pair wall and CPU ratios, peak RSS of both, the finding
# counts per kind, and whether the objects are identical (cmp, then cmp
# without the .perfadvise section, then llvm-objdump -d when cmp differs). --callgrind adds instruction counts for
# mdb.c under valgrind (load-independent; takes several minutes).
# Exit: 0 ok, 1 generated code differs, 2 real code or tools unavailable,
# 3 median wall ratio above --max-ratio.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
PLUGIN=${PERFADVISE_PLUGIN:-}
PAIRS=5
FILES="sqlite lmdb"
OUT=$REPO/bench/out/compile_overhead
MAX_RATIO=
CALLGRIND=0
DISABLE=
CLANG=${PERFADVISE_CLANG:-clang-19}
OBJDUMP=${PERFADVISE_OBJDUMP:-llvm-objdump-19}
OBJCOPY=${PERFADVISE_OBJCOPY:-llvm-objcopy-19}

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --plugin) PLUGIN=$2; shift 2 ;;
    --pairs) PAIRS=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --max-ratio) MAX_RATIO=$2; shift 2 ;;
    --callgrind) CALLGRIND=1; shift ;;
    --disable) DISABLE=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compile_overhead: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -z "$PLUGIN" ] || [ ! -f "$PLUGIN" ]; then
  echo "compile_overhead: give the plugin: --plugin BUILD/lib/libperfadvise.so (or PERFADVISE_PLUGIN)" >&2
  exit 2
fi
PLUGIN=$(cd "$(dirname "$PLUGIN")" && pwd)/$(basename "$PLUGIN")
# A sanitized plugin measures ASan, not perfadvise, and needs the runtime preloaded.
if nm -D "$PLUGIN" 2>/dev/null | grep -q '__asan_init'; then
  echo "compile_overhead: $PLUGIN is built with ASan (PERFADVISE_SANITIZE_PLUGIN=ON); benchmark a plain build" >&2
  exit 2
fi
for tool in "$CLANG" "$OBJDUMP" "$OBJCOPY" /usr/bin/time python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "compile_overhead: $tool not found" >&2; exit 2; }
done

set +e
DIRS=$(bash "$REPO/scripts/fetch-real-code.sh" 2>&1)
rc=$?
set -e
if [ $rc -ne 0 ]; then
  echo "$DIRS" >&2
  echo "compile_overhead: real code unavailable (fetch-real-code.sh exit $rc)" >&2
  exit 2
fi
SQLITE_DIR=$(echo "$DIRS" | sed -n 's/^SQLITE_DIR=//p')
LMDB_DIR=$(echo "$DIRS" | sed -n 's/^LMDB_DIR=//p')

mkdir -p "$OUT"
CSV=$OUT/times.csv
echo "file,variant,pair,wall_s,user_s,sys_s,rss_kb" > "$CSV"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "compile_overhead: plugin $PLUGIN${DISABLE:+ (PERFADVISE_DISABLE=$DISABLE)}"
echo "compile_overhead: $("$CLANG" --version | head -1); $(nproc) cpus; load before: $LOAD_BEFORE"

source_of() {   # name -> source file
  case $1 in
    sqlite) echo "$SQLITE_DIR/sqlite3.c" ;;
    lmdb) echo "$LMDB_DIR/mdb.c" ;;
    *) echo "compile_overhead: unknown file set $1 (sqlite, lmdb)" >&2; exit 2 ;;
  esac
}

compile_timed() {   # name variant pair src
  local name=$1 variant=$2 pair=$3 src=$4 tf=$OUT/$1.$2.time
  local cmd=("$CLANG" -O2 -g -w -c "$src" -o "$OUT/$name.$variant.o")
  if [ "$variant" = plugin ]; then
    rm -rf "$OUT/findings-$name" && mkdir -p "$OUT/findings-$name"
    PERFADVISE_DISABLE=$DISABLE PERFADVISE_OUTPUT_DIR=$OUT/findings-$name /usr/bin/time -f '%e,%U,%S,%M' -o "$tf" \
      "${cmd[@]}" -fpass-plugin="$PLUGIN"
  else
    /usr/bin/time -f '%e,%U,%S,%M' -o "$tf" "${cmd[@]}"
  fi
  echo "$name,$variant,$pair,$(tail -n 1 "$tf")" >> "$CSV"
}

code_identical() {   # name -> prints verdict, returns 1 when code differs
  local a=$OUT/$1.plain.o b=$OUT/$1.plugin.o
  if cmp -s "$a" "$b"; then
    echo "$1: objects byte-identical (cmp)"
    return 0
  fi
  # The plugin embeds its findings in a .perfadvise section: without it the
  # object must be the plain one, byte for byte.
  # llvm-objcopy may move an empty section: compare with the plain object
  # passed through it too.
  "$OBJCOPY" --remove-section=.perfadvise "$b" "$b.stripped"
  "$OBJCOPY" "$a" "$a.copied"
  if cmp -s "$a.copied" "$b.stripped"; then
    echo "$1: objects byte-identical once the .perfadvise section is removed (cmp; section $(($(stat -c %s "$b") - $(stat -c %s "$b.stripped"))) bytes)"
    return 0
  fi
  if diff -q <("$OBJDUMP" -d -r "$a" | grep -v 'file format') \
             <("$OBJDUMP" -d -r "$b" | grep -v 'file format') >/dev/null; then
    echo "$1: code identical (llvm-objdump -d -r); other object bytes differ"
    return 0
  fi
  echo "$1: GENERATED CODE DIFFERS with the plugin"
  return 1
}

status=0
for name in $FILES; do
  src=$(source_of "$name")
  echo "compile_overhead: $name: $PAIRS pairs of $CLANG -O2 -g -w -c $(basename "$src")"
  for pair in $(seq 1 "$PAIRS"); do
    if [ $((pair % 2)) -eq 1 ]; then order="plain plugin"; else order="plugin plain"; fi
    for variant in $order; do
      compile_timed "$name" "$variant" "$pair" "$src"
    done
  done
  code_identical "$name" || status=1
  python3 "$REPO/lit/tools/findings_validate.py" --counts "$OUT/findings-$name" \
    | sed "s/^/$name: /" || status=1
done

if [ "$CALLGRIND" = 1 ]; then
  src=$(source_of lmdb)
  echo "compile_overhead: callgrind instruction counts for mdb.c (slow)"
  for variant in plain plugin; do
    extra=()
    [ "$variant" = plugin ] && extra=(-fpass-plugin="$PLUGIN")
    # valgrind 3.19 cannot read DWARF 5: build the plugin with -gdwarf-4 (or without -g).
    if ! PERFADVISE_DISABLE=$DISABLE valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$variant.out" \
      "$CLANG" -O2 -g -w -c "$src" -o "$OUT/lmdb.cg.$variant.o" "${extra[@]}" 2> "$OUT/callgrind.$variant.log"; then
      echo "compile_overhead: callgrind $variant run failed, see $OUT/callgrind.$variant.log" >&2
      status=1
      continue
    fi
    echo "lmdb,callgrind-$variant,1,$(sed -n 's/.*Collected : //p' "$OUT/callgrind.$variant.log"),0,0,0" >> "$CSV"
  done
  # The plugin's own share: inclusive cost of its entry point, and of the bridge
  # that asks LLVM for loops, trip counts (ScalarEvolution) and frequencies.
  if [ -s "$OUT/callgrind.plugin.out" ]; then
    callgrind_annotate --inclusive=yes "$OUT/callgrind.plugin.out" > "$OUT/callgrind.plugin.txt" 2>/dev/null || true
    for fn in pa_plugin_run_module pa_bridge_function_loops pa_extract_module; do
      n=$(grep -m1 ":$fn\b" "$OUT/callgrind.plugin.txt" | awk '{gsub(",", "", $1); print $1}' || true)
      if [ -n "$n" ]; then echo "lmdb,callgrind-inside-$fn,1,$n,0,0,0" >> "$CSV"; fi
    done
  fi
fi

echo "compile_overhead: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$REPO/bench/compile_overhead_report.py" "$CSV" ${MAX_RATIO:+--max-ratio "$MAX_RATIO"} || {
  rc=$?; [ $status -eq 0 ] && status=$rc; }
echo "compile_overhead: raw times in $CSV"
exit $status
