#!/usr/bin/env bash
# bench/local_build_stress.sh — the lock analysis's time on functions that
# build one local std::string with many appends, the worst case of the
# local-built-from-empty rule (passes/locks_local_build.c), for one or more
# plugin builds.
#   bench/local_build_stress.sh [--appends N] PLUGIN.so [PLUGIN.so ...]
#
# Writes a C++ file of four functions, each appending N times (8 bytes
# through a helper, then 2 directly) to a local string, two of them under
# a std::mutex, compiles it with clang++-19 -O2 -g and each plugin
# (PERFADVISE_TIMING=1, no configuration) and prints the early phase's
# analysis seconds per plugin: that phase runs the lock analysis. The
# cost should not grow faster than the appends (one walk over the blocks
# per local, not per append).
# Exit: 0 ok, 2 bad arguments or a failed compile.
set -euo pipefail

APPENDS=800
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --appends) APPENDS=$2; shift 2 ;;
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
    echo "int Build$fn(const uint64_t *p) { $lock std::string s;"
    for i in $(seq 0 $((APPENDS - 1))); do
      echo " Put8(&s, p[$i]); s.append(\"ab\", 2);"
    done
    echo ' return sink->Write(s); }'
  done
} >"$SRC"

echo "$APPENDS appends per function, 4 functions"
for so in "$@"; do
  out=$(PERFADVISE_TIMING=1 PERFADVISE_CONFIG=none clang++-19 -O2 -g -c "$SRC" \
    -fpass-plugin="$(realpath "$so")" -o "$DIR/stress.o" 2>&1) ||
    { echo "local_build_stress.sh: the compile with $so failed" >&2; echo "$out" >&2; exit 2; }
  early=$(echo "$out" | sed -n 's/^perfadvise: timing: phase=early .*analyse=\([0-9.]*\)s.*/\1/p')
  echo "  $so: early-phase analysis ${early:-?} s"
done
