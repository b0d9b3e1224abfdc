#!/usr/bin/env python3
"""lit/tools/report_list.py — a `perfadvise report --format json` (on standard
input) as stable lines for FileCheck and diff: first `FILES <n> SKIPPED <n>`,
then one `FINDING <kind> <function> <basename>:<line> id=<id> tus=<n>` per
finding, sorted.

usage: perfadvise report --format json PATH... | report_list.py"""
import json
import os
import sys


def main():
    report = json.load(sys.stdin)
    summary = report["summary"]
    print(f"FILES {summary['files_loaded']} SKIPPED {summary['files_skipped']}")
    lines = []
    for f in report["findings"]:
        loc = f.get("location") or {}
        where = f"{os.path.basename(loc.get('file') or '?')}:{loc.get('line', 0)}"
        lines.append(f"FINDING {f['kind']} {f['function']} {where} id={f['id']} "
                     f"tus={f.get('translation_units', 1)}")
    for line in sorted(lines):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
