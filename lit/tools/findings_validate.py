#!/usr/bin/env python3
"""lit/tools/findings_validate.py — check perfadvise findings files against the
contract in docs/findings-format.md (schema perfadvise-findings/1) and count
findings per kind. Used by the robustness and real-code tests.

usage: findings_validate.py [--counts] DIR_OR_FILE...
Prints `INVALID <file>: <reason>` per problem and exits 1 if any; with
--counts prints `KIND <kind> <n>`, `EDGES <n>` and `SUMMARIES <n>` totals.
Importable: validate_file(path) -> (doc or None, [problems])."""
import json
import os
import re
import sys

SCHEMA = "perfadvise-findings/1"
KINDS = {
    "heap-to-stack", "heap-escape", "no-escape", "loop-alloc", "loop-realloc-growth",
    "lock-order-inversion", "double-lock", "lock-held-at-return", "blocking-under-lock",
    "alloc-under-lock", "lock-in-loop", "rwlock-candidate", "no-debug-info", "internal-error",
}
REMARKS = {"missed", "analysis", "warning"}
ID_RE = re.compile(r"^[0-9a-f]{16}$")


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_location(where, loc, problems, required):
    if loc is None and not required:
        return
    if not isinstance(loc, dict):
        problems.append(f"{where}: location is not an object")
        return
    if not (loc.get("file") is None or isinstance(loc.get("file"), str)):
        problems.append(f"{where}: location.file is neither string nor null")
    for k in ("line", "column"):
        if not is_num(loc.get(k)) or loc.get(k) < 0:
            problems.append(f"{where}: location.{k} is not a non-negative number")


def check_finding(i, f, problems):
    where = f"findings[{i}]"
    if not isinstance(f, dict):
        problems.append(f"{where}: not an object")
        return
    if not isinstance(f.get("id"), str) or not ID_RE.match(f["id"]):
        problems.append(f"{where}: id {f.get('id')!r} is not 16 lowercase hex digits")
    if f.get("kind") not in KINDS:
        problems.append(f"{where}: unknown kind {f.get('kind')!r}")
    if f.get("remark") not in REMARKS:
        problems.append(f"{where}: unknown remark {f.get('remark')!r}")
    for k in ("pass", "message"):
        if not isinstance(f.get(k), str) or not f.get(k):
            problems.append(f"{where}: {k} missing or not a non-empty string")
    # internal-error findings have no function; every other kind names one.
    if f.get("kind") != "internal-error":
        if not isinstance(f.get("function"), str) or not f["function"]:
            problems.append(f"{where}: function missing")
        check_location(where, f.get("location"), problems, required=True)
    if "origin" in f:
        check_location(where + ".origin", f["origin"], problems, required=False)
    if not isinstance(f.get("evidence", {}), dict):
        problems.append(f"{where}: evidence is not an object")


def check_edge(i, e, problems):
    where = f"lock_edges[{i}]"
    if not isinstance(e, dict):
        problems.append(f"{where}: not an object")
        return
    for k in ("outer", "inner", "function"):
        if not isinstance(e.get(k), str):
            problems.append(f"{where}: {k} missing or not a string")
    if "via_call" in e and not isinstance(e["via_call"], bool):
        problems.append(f"{where}: via_call is not a bool")
    check_location(where, e.get("location"), problems, required=False)


def validate_doc(doc):
    problems = []
    if not isinstance(doc, dict):
        return ["top level is not an object"]
    if doc.get("schema") != SCHEMA:
        problems.append(f"schema is {doc.get('schema')!r}")
    if not isinstance(doc.get("tool"), dict):
        problems.append("tool is not an object")
    tu = doc.get("tu")
    if not isinstance(tu, dict) or not isinstance(tu.get("source"), str):
        problems.append("tu.source missing")
    for key, typ in (("findings", list), ("lock_edges", list), ("summaries", dict)):
        if not isinstance(doc.get(key), typ):
            problems.append(f"{key} missing or not a{'n array' if typ is list else 'n object'}")
    for i, f in enumerate(doc.get("findings") or []):
        check_finding(i, f, problems)
    for i, e in enumerate(doc.get("lock_edges") or []):
        check_edge(i, e, problems)
    summaries = doc.get("summaries")
    if isinstance(summaries, dict):
        for name, s in summaries.items():
            if not isinstance(s, dict):
                problems.append(f"summaries[{name!r}] is not an object")
    return problems


def validate_file(path):
    """(doc, problems): doc is None when the file is not JSON at all."""
    try:
        with open(path, "rb") as fh:
            doc = json.loads(fh.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, [f"not valid UTF-8 JSON: {exc}"]
    return doc, validate_doc(doc)


def files_in(arg):
    """JSON files of a directory (sorted) plus problems for leftovers (torn writes)."""
    if not os.path.isdir(arg):
        return [arg], []
    names = sorted(os.listdir(arg))
    bad = [f"{os.path.join(arg, n)}: not a findings file (temporary file left?)"
           for n in names if not n.endswith(".json")]
    return [os.path.join(arg, n) for n in names if n.endswith(".json")], bad


def count_kinds(doc, counts):
    for f in doc.get("findings") or []:
        if isinstance(f, dict):
            counts[str(f.get("kind"))] = counts.get(str(f.get("kind")), 0) + 1
    counts["@edges"] = counts.get("@edges", 0) + len(doc.get("lock_edges") or [])
    counts["@summaries"] = counts.get("@summaries", 0) + len(doc.get("summaries") or {})


def main(argv):
    args = [a for a in argv[1:] if a != "--counts"]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    counts, ok = {}, True
    for arg in args:
        paths, bad = files_in(arg)
        for b in bad:
            print(f"INVALID {b}")
            ok = False
        for p in paths:
            doc, problems = validate_file(p)
            for pr in problems:
                print(f"INVALID {p}: {pr}")
                ok = False
            if doc is not None and not problems:
                count_kinds(doc, counts)
    if "--counts" in argv:
        for k in sorted(k for k in counts if not k.startswith("@")):
            print(f"KIND {k} {counts[k]}")
        print(f"EDGES {counts.get('@edges', 0)}")
        print(f"SUMMARIES {counts.get('@summaries', 0)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
