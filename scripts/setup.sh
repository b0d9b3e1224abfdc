#!/usr/bin/env bash
# scripts/setup.sh — install what perfadvise needs on Debian bookworm (as root),
# only when something is missing. Used by scripts/demo.sh and scripts/test.sh.
#   scripts/setup.sh            # build + test dependencies
set -euo pipefail

PACKAGES=(cmake make pkg-config python3 clang-19 llvm-19-dev llvm-19-tools libclang-rt-19-dev
          libcjson-dev libcmocka-dev csmith libcsmith-dev python3-jsonschema ccache lld-19)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches real code for the real-code tests and benchmarks; any npm will do.
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "perfadvise: setup: all dependencies present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "perfadvise: setup: missing packages: ${missing[*]}" >&2
  echo "perfadvise: setup: run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "perfadvise: setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "perfadvise: setup: done"
