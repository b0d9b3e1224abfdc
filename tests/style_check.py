#!/usr/bin/env python3
"""tests/style_check.py — the house rules of docs/architecture.md that a
compiler does not check, run by CTest as `style`:

  * every C/C++ source and header opens with its banner naming its own path
    ("/* passes/model.h — ..." or, in the C++ file, "//===- plugin/llvm/...");
  * no tabs, no trailing whitespace, a final newline (.editorconfig);
  * the floors include only what they may: common/ includes no compiler,
    model or cJSON header; passes/ no compiler or plugin header; advisor/ no
    compiler, plugin or passes/ header (it reads findings files through
    common/contract.h and common/kinds.h only); plugin/ is the only floor
    that includes llvm-c or llvm headers.

usage: tests/style_check.py [REPO]      exit 0 clean, 1 with one line per problem
"""
import os
import re
import sys

FLOORS = ["common", "passes", "plugin", "plugin/llvm", "advisor", "tests", "fuzz"]

# floor -> (forbidden include pattern, why)
INCLUDE_RULES = {
    "common": [(r'^(llvm|llvm-c|cjson)/', "common/ is compiler- and cJSON-free"),
               (r'^(model|findings|catalog|extract|bridge|driver)\.h$',
                "common/ must not depend on passes/ or plugin/")],
    "passes": [(r'^(llvm|llvm-c)/', "passes/ is compiler-neutral"),
               (r'^(extract|bridge|driver|findings_file)\.h$', "passes/ must not depend on plugin/")],
    "advisor": [(r'^(llvm|llvm-c)/', "the advisor links no compiler"),
                (r'^(model|findings|catalog|escape|loopalloc|locks|analyze|extract|bridge|driver)\.h$',
                 "the advisor reads findings through common/ only")],
}

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def sources(repo):
    for floor in FLOORS:
        d = os.path.join(repo, floor)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h", ".cpp")):
                yield floor, os.path.join(floor, name)


def check_file(repo, floor, rel):
    problems = []
    with open(os.path.join(repo, rel), encoding="utf-8") as fh:
        text = fh.read()
    lines = text.split("\n")
    first = lines[0] if lines else ""
    if not (first.startswith(f"/* {rel} — ") or first.startswith(f"//===- {rel} ")):
        problems.append(f"{rel}:1: the banner must name the file: '/* {rel} — what it is for'")
    if text and not text.endswith("\n"):
        problems.append(f"{rel}:{len(lines)}: no newline at end of file")
    for i, line in enumerate(lines, 1):
        if "\t" in line:
            problems.append(f"{rel}:{i}: tab character (indent with spaces)")
        if line != line.rstrip():
            problems.append(f"{rel}:{i}: trailing whitespace")
        m = INCLUDE.match(line)
        if m:
            for pattern, why in INCLUDE_RULES.get(floor, []):
                if re.search(pattern, m.group(1)):
                    problems.append(f"{rel}:{i}: includes {m.group(1)}: {why}")
    return problems


def main():
    repo = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), ".."))
    problems, n = [], 0
    for floor, rel in sources(repo):
        n += 1
        problems += check_file(repo, floor, rel)
    for p in problems:
        print(p)
    print(f"style_check: {n} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
