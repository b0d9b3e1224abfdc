#!/usr/bin/env bash
# scripts/demo.sh — install dependencies, build perfadvise, compile the bundled
# examples with the plugin (remarks appear as compiler output), and print the
# advisor's report.   scripts/demo.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${1:-build}
bash scripts/setup.sh
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 -DPERFADVISE_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
PLUGIN=$ROOT/$BUILD/lib/libperfadvise.so
OUT=$ROOT/$BUILD/examples-findings
rm -rf "$OUT" && mkdir -p "$OUT"
echo "== Compiling examples/ with -fpass-plugin=$PLUGIN"
cd examples
for src in *.c *.cpp; do
  [ -e "$src" ] || continue
  case "$src" in *.cpp) cc=clang++-19; std=-std=c++17;; *) cc=clang-19; std=-std=c11;; esac
  echo "-- $cc -O2 -g -fpass-plugin=... -Rpass-missed=perfadvise -c examples/$src"
  PERFADVISE_OUTPUT_DIR=$OUT $cc $std -O2 -g -fpass-plugin="$PLUGIN" -Rpass-missed=perfadvise \
      -c "$src" -o "$ROOT/$BUILD/${src%.*}.o"
done
cd "$ROOT"
if [ -x "$BUILD/bin/perfadvise" ]; then
  echo
  echo "== perfadvise report $OUT"
  "$BUILD/bin/perfadvise" report "$OUT" || true
else
  echo "(advisor not built: findings files are in $OUT)"
fi
