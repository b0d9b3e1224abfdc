#!/usr/bin/env bash
# bench/local_build_stress.sh — the analyses' time on functions that build
# one local std::string with many appends, the worst case of the
# local-built-from-empty rules (passes/locks_local_build.c for the lock
# analysis, passes/loopalloc_string.c for a string a loop body builds), for
# one or more plugin builds.
#   bench/local_build_stress.sh [--appends N] [--in-loop] PLUGIN.so [PLUGIN.so ...]
#
# Writes a C++ file of four functions, each appending N times (8 bytes
# through a helper, then 2 directly) to a local string, two of them under
# a std::mutex (--in-loop: the string is declared in a loop's body),
# compiles it with clang++-19 -O2 -g and each plugin (PERFADVISE_TIMING=1,
# no configuration) and prints per plugin the early phase's analysis
# seconds (the lock analysis) and the late phase's (the allocation
# analyses). The cost should not grow faster than the appends (one walk
# over the blocks per local, not per append).
# Exit: 0 ok, 2 bad arguments or a failed compile.
set -euo pipefail

APPENDS=800
IN_LOOP=0
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --appends) APPENDS=$2; shift 2 ;;
    --in-loop) IN_LOOP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "local_build_stress.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { usage >&2; exit 2; }
for so in "$@"; do
  [ -f "$so" ] || { echo "local_build_stress.sh: no plugin at $so" >&2; exit 2; }
done

DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
SRC=$DIR/stress.cpp
{
  echo '#include <cstdint>'
  echo '#include <cstring>'
  echo '#include <mutex>'
  echo '#include <string>'
  echo 'struct Sink { int Write(const std::string &s); };'
  echo 'extern Sink *sink;'
  echo 'extern std::mutex mu;'
  echo 'static void Put8(std::string *d, uint64_t v) { char b[8]; std::memcpy(b, &v, 8); d->append(b, 8); }'
  for fn in 0 1 2 3; do
    if [ $((fn % 2)) = 0 ]; then lock='std::lock_guard<std::mutex> g(mu);'; else lock=''; fi
    if [ $IN_LOOP = 1 ]; then
      echo "int Build$fn(const uint64_t *p, int n) { int r = 0; for (int k = 0; k < n; k++) { $lock std::string s;"
    else
      echo "int Build$fn(const uint64_t *p) { $lock std::string s;"
    fi
    for i in $(seq 0 $((APPENDS - 1))); do
      echo " Put8(&s, p[$i]); s.append(\"ab\", 2);"
    done
    if [ $IN_LOOP = 1 ]; then
      echo ' r += sink->Write(s); } return r; }'
    else
      echo ' return sink->Write(s); }'
    fi
  done
} >"$SRC"

echo "$APPENDS appends per function, 4 functions$([ $IN_LOOP = 1 ] && echo ', in a loop body')"
for so in "$@"; do
  out=$(PERFADVISE_TIMING=1 PERFADVISE_CONFIG=none clang++-19 -O2 -g -c "$SRC" \
    -fpass-plugin="$(realpath "$so")" -o "$DIR/stress.o" 2>&1) ||
    { echo "local_build_stress.sh: the compile with $so failed" >&2; echo "$out" >&2; exit 2; }
  early=$(echo "$out" | sed -n 's/^perfadvise: timing: phase=early .*analyse=\([0-9.]*\)s.*/\1/p')
  late=$(echo "$out" | sed -n 's/^perfadvise: timing: phase=late .*analyse=\([0-9.]*\)s.*/\1/p')
  echo "  $so: early-phase analysis ${early:-?} s, late-phase analysis ${late:-?} s"
done
