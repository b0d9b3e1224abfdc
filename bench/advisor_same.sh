#!/usr/bin/env bash
# bench/advisor_same.sh — check that two advisors write the same reports:
# every format, a few option sets, on each findings directory and file under
# the given roots (default: lit/Inputs and, once lit has run, the findings its
# tests wrote under build/lit), comparing standard output, standard error and
# the exit code byte for byte. Used for every performance change (the reports
# must not move). Not a test: it needs two builds.
#   bench/advisor_same.sh OLD_BINARY NEW_BINARY [ROOT...]
set -uo pipefail
cd "$(dirname "$0")/.."
OLD=$(realpath "$1") NEW=$(realpath "$2")
shift 2
ROOTS=("$@")
[ ${#ROOTS[@]} -gt 0 ] || ROOTS=(lit/Inputs build/lit)
ROOT=$PWD
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
inputs=()
for root in "${ROOTS[@]}"; do
  [ -e "$root" ] || continue
  while IFS= read -r d; do inputs+=("$d"); done < <(
    find "$root" \( -name '*.json' -o -name '*.o' \) -printf '%h\n' | sort -u
    find "$root" -name '*.json' | sort)
done
checked=0 differ=0
for in in "${inputs[@]}"; do
  for fmt in text json markdown sarif html; do
    for opts in "" "--tests --confidence low --facts" "--top 3 --no-ignore"; do
      # shellcheck disable=SC2086
      (cd "$TMP" && "$OLD" report "$ROOT/$in" --no-progress --format "$fmt" $opts \
         > old.out 2> old.err; echo "rc $?" >> old.err)
      # shellcheck disable=SC2086
      (cd "$TMP" && "$NEW" report "$ROOT/$in" --no-progress --format "$fmt" $opts \
         > new.out 2> new.err; echo "rc $?" >> new.err)
      checked=$((checked + 1))
      if ! cmp -s "$TMP/old.out" "$TMP/new.out" || ! cmp -s "$TMP/old.err" "$TMP/new.err"; then
        differ=$((differ + 1))
        echo "differ: $in --format $fmt $opts"
      fi
    done
  done
done
echo "advisor_same: $checked reports compared, $differ differ"
[ "$differ" -eq 0 ]
