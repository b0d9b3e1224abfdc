#!/usr/bin/env python3
"""lit/tools/vscode_matcher.py — apply VS Code problem matchers to compiler
output the way VS Code's task runner does (each line against the pattern's
regexp; file, line, column, severity, code and message from its groups;
fileLocation autoDetect: an absolute path, else relative to the workspace),
and report how many diagnostic lines each one reads.

usage: vscode_matcher.py --extension editors/vscode/package.json
                         [--tasks editors/vscode/tasks.json]
                         --workspace DIR --matcher NAME [--show] OUTPUT.txt

NAME is a matcher of the extension ("$perfadvise", "$perfadvise-warnings")
or "$gcc", the stock matcher of Microsoft's C/C++ extension (its regexp is
copied below from vscode-cpptools' package.json). With --tasks, the inline
matcher of that tasks.json must equal the extension's "$perfadvise".
Prints `NAME: M of N remark lines, M of N warning lines, severity S, F files
found` where N counts the lines clang prints as `file:line:col: remark:` or
`... warning:`; --show prints each problem. Exit 0, or 1 on a malformed
matcher, a tasks.json that differs, or a problem whose file does not exist.
VS Code's regexps are JavaScript; the ones used here are in the subset that
means the same in Python (checked: no named groups, lookbehind or flags)."""
import argparse
import json
import os
import re
import sys

# ms-vscode.cpptools, Extension/package.json, problemMatchers "gcc".
GCC = {
    "owner": "cpptools",
    "fileLocation": ["autoDetect", "${cwd}"],
    "pattern": {
        "regexp": "^(.*?):(\\d+):(\\d*):?\\s+(?:fatal\\s+)?(warning|error):\\s+(.*)$",
        "file": 1, "line": 2, "column": 3, "severity": 4, "message": 5,
    },
}

DIAG = re.compile(r"^.+?:\d+:\d+: (remark|warning|error): ")


def fail(msg):
    print("vscode_matcher: " + msg)
    sys.exit(1)


def load_jsonc(path):
    """tasks.json may hold // comment lines (VS Code reads JSON with comments)."""
    with open(path, encoding="utf-8") as fh:
        text = "".join(l for l in fh if not l.lstrip().startswith("//"))
    return json.loads(text)


def matchers(ext):
    patterns = {p["name"]: p for p in ext["contributes"]["problemPatterns"]}
    out = {"$gcc": GCC}
    for m in ext["contributes"]["problemMatchers"]:
        m = dict(m)
        pat = m["pattern"]
        if isinstance(pat, str):
            if not pat.startswith("$") or pat[1:] not in patterns:
                fail("matcher %s names an unknown pattern %s" % (m["name"], pat))
            pat = {k: v for k, v in patterns[pat[1:]].items() if k != "name"}
        m["pattern"] = pat
        out["$" + m["name"]] = m
    return out


def compile_js(regexp):
    for bad in ("(?<", "(?=", "(?!", "\\k<", "\\p{"):
        if bad in regexp:
            fail("regexp uses %r, which Python and JavaScript read differently: %s" % (bad, regexp))
    return re.compile(regexp)


def resolve(file, workspace):
    if os.path.isabs(file):
        return file if os.path.exists(file) else None
    path = os.path.join(workspace, file)
    return path if os.path.exists(path) else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--extension", required=True)
    ap.add_argument("--tasks")
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--matcher", required=True)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("output")
    a = ap.parse_args()
    with open(a.extension, encoding="utf-8") as fh:
        ms = matchers(json.load(fh))
    if a.tasks:
        inline = load_jsonc(a.tasks)["tasks"][0]["problemMatcher"][0]
        mine = {k: v for k, v in ms["$perfadvise"].items() if k not in ("name", "label")}
        if inline != mine:
            fail("tasks.json's matcher differs from the extension's $perfadvise:\n%s\n%s" %
                 (json.dumps(inline, sort_keys=True), json.dumps(mine, sort_keys=True)))
    if a.matcher not in ms:
        fail("no matcher %s (have %s)" % (a.matcher, ", ".join(sorted(ms))))
    m = ms[a.matcher]
    pat = m["pattern"]
    rx = compile_js(pat["regexp"])
    with open(a.output, encoding="utf-8", errors="replace") as fh:
        lines = fh.read().splitlines()
    total = {"remark": 0, "warning": 0}
    read = {"remark": 0, "warning": 0}
    severities, found, missing = set(), 0, []
    for line in lines:
        d = DIAG.match(line)
        kind = d.group(1) if d else None
        if kind == "error":
            kind = "warning"
        if kind:
            total[kind] += 1
        mt = rx.match(line)
        if not mt:
            continue
        if kind:
            read[kind] += 1
        g = lambda key: mt.group(pat[key]) if key in pat and mt.group(pat[key]) is not None else None
        sev = g("severity") or m.get("severity", "error")
        severities.add(sev)
        file = g("file")
        where = resolve(file, a.workspace)
        if where:
            found += 1
        else:
            missing.append(file)
        if a.show:
            print("  %s:%s:%s %s [%s] %s" % (file, g("line"), g("column") or "", sev,
                                             g("code") or "", g("message")))
    print("%s: %d of %d remark lines, %d of %d warning lines, severity %s, %d files found" %
          (a.matcher, read["remark"], total["remark"], read["warning"], total["warning"],
           ",".join(sorted(severities)) or "-", found))
    if missing:
        fail("files not found from %s: %s" % (a.workspace, ", ".join(sorted(set(missing)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
