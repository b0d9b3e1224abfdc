#!/usr/bin/env bash
# scripts/setup.sh — install what perfadvise needs on Debian bookworm (as root),
# only when something is missing. Used by scripts/demo.sh and scripts/test.sh.
#   scripts/setup.sh            # build + test dependencies
# Then, when the network allows, Microsoft's SARIF Multitool (npm) into
# .cache/sarif-multitool for lit/advisor_sarif_multitool.test; without it
# that test is skipped with the reason.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGES=(cmake make pkg-config python3 clang-19 llvm-19-dev llvm-19-tools libclang-rt-19-dev gcc bear meson ninja-build autoconf
          libcjson-dev libcmocka-dev csmith libcsmith-dev python3-jsonschema ccache lld-19 clang-tidy-19
          vim neovim emacs-nox)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches real code for the real-code tests and benchmarks; any npm will do.
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "perfadvise: setup: all dependencies present"
elif [ "$(id -u)" -ne 0 ]; then
  echo "perfadvise: setup: missing packages: ${missing[*]}" >&2
  echo "perfadvise: setup: run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
else
  echo "perfadvise: setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "perfadvise: setup: done"
fi

# The SARIF Multitool (a self-contained .NET program, ~100 MB): optional.
MULTITOOL_VERSION=5.7.0
MT_DIR="$ROOT/.cache/sarif-multitool"
MT="$MT_DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$MT" ]; then
  mkdir -p "$MT_DIR"
  if timeout 600 npm install --prefix "$MT_DIR" --no-save --no-audit --no-fund --loglevel=error \
       "@microsoft/sarif-multitool-linux@$MULTITOOL_VERSION" >/dev/null 2>&1 && [ -f "$MT" ]; then
    chmod u+x "$MT" # its postinstall script does only this; newer npm skips it
    echo "perfadvise: setup: SARIF Multitool $MULTITOOL_VERSION in $MT_DIR"
  else
    echo "perfadvise: setup: note: could not install @microsoft/sarif-multitool-linux" \
         "(no network?): lit/advisor_sarif_multitool.test will be skipped" >&2
  fi
fi
