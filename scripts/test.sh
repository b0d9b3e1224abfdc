#!/usr/bin/env bash
# scripts/test.sh — install dependencies, build with sanitizers and -Werror,
# and run every test (C unit tests and the lit suite) through CTest.
#   scripts/test.sh [BUILD_DIR]      (default: build-test)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-test}
bash scripts/setup.sh
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
      -DPERFADVISE_SANITIZE=ON -DPERFADVISE_SANITIZE_PLUGIN=ON -DPERFADVISE_WERROR=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)"
