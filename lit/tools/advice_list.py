#!/usr/bin/env python3
"""lit/tools/advice_list.py — a `perfadvise report --format json` (on standard
input) as one line per finding, sorted by line: `ADVICE <kind> <line>
<evidence advice> | fix: <fix> | verify: <verify>`, for FileCheck.

usage: perfadvise report --format json PATH... | advice_list.py"""
import json
import sys


def main():
    report = json.load(sys.stdin)
    rows = []
    for f in report["findings"]:
        line = (f.get("location") or {}).get("line", 0)
        advice = (f.get("evidence") or {}).get("advice", "-")
        rows.append((line, f"ADVICE {f['kind']} {line} {advice} | fix: {f.get('fix')} | "
                           f"verify: {f.get('verify')}"))
    for _, row in sorted(rows):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
