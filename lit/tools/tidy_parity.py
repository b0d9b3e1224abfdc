#!/usr/bin/env python3
"""lit/tools/tidy_parity.py — every loop clang-tidy's
performance-inefficient-vector-operation reports in SOURCE must be a
perfadvise loop-alloc finding on the same line (issue: "where clang-tidy
fires, perfadvise fires too").

usage: tidy_parity.py CLANG_TIDY SOURCE FINDINGS_DIR [-- COMPILE_FLAGS...]

Runs CLANG_TIDY with only that check, reads every findings file
(*.json) in FINDINGS_DIR, and prints one line per warning
(`TIDY <line> perfadvise=<yes|no>`) and a summary `PARITY <tidy> <covered>
MISSING <n>`. Exit 1 when a warning has no finding, 2 on a tool error."""
import glob
import json
import os
import re
import subprocess
import sys


def tidy_lines(tidy, source, flags):
    cmd = [tidy, "-checks=-*,performance-inefficient-vector-operation", "--quiet", source, "--"] + flags
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.stderr.write(run.stderr)
        raise SystemExit(2)
    pat = re.compile(r"^(.*?):(\d+):\d+: warning: .*\[performance-inefficient-vector-operation\]$")
    lines = set()
    for line in run.stdout.splitlines():
        m = pat.match(line)
        if m and os.path.basename(m.group(1)) == os.path.basename(source):
            lines.add(int(m.group(2)))
    return lines


def finding_lines(directory, source):
    lines = set()
    for path in glob.glob(os.path.join(directory, "*.json")):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        for f in doc.get("findings", []):
            loc = f.get("location") or {}
            if f.get("kind") in ("loop-alloc", "loop-realloc-growth") and \
                    os.path.basename(loc.get("file") or "") == os.path.basename(source):
                lines.add(int(loc.get("line", 0)))
    return lines


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    tidy, source, directory = argv[1:4]
    flags = argv[5:] if len(argv) > 4 and argv[4] == "--" else []
    warned = tidy_lines(tidy, source, flags)
    found = finding_lines(directory, source)
    missing = 0
    for line in sorted(warned):
        ok = line in found
        missing += not ok
        print(f"TIDY {line} perfadvise={'yes' if ok else 'no'}")
    print(f"PARITY {len(warned)} {len(warned) - missing} MISSING {missing}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
