#!/usr/bin/env python3
"""lit/tools/jsonq.py — print perfadvise findings files one finding per line,
in a stable order, so FileCheck can check the JSON without caring about
whitespace or key order.

usage: jsonq.py DIR_OR_FILE...   (directories: every *.json inside, sorted; hidden files skipped)

Each finding prints as
  FINDING <kind> fn=<function> at=<basename>:<line>:<col> id=<id> <evidence k=v ...> [origin=<basename>:<line>:<col>]
followed by lines for lock edges (EDGE ...), critical sections (SECTION ...)
summaries (SUMMARY ...), member lock names (MEMBER_NAME opaque -> member)
and API locks (API_LOCK name).
Fails (exit 1) on a file that is not valid JSON, lacks the schema, or on a
leftover temporary file: findings files must be written atomically."""
import json
import os
import sys


def flat(prefix, value, out):
    if isinstance(value, dict):
        for k in sorted(value):
            flat(f"{prefix}.{k}" if prefix else k, value[k], out)
    elif isinstance(value, list):
        out.append(f"{prefix}=[{','.join(json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else str(v) for v in value)}]")
    else:
        out.append(f"{prefix}={value}")


def loc_text(loc):
    if not loc:
        return "?"
    f = loc.get("file") or "?"
    return f"{os.path.basename(f)}:{loc.get('line')}:{loc.get('column')}"


def dump(path):
    with open(path, "rb") as fh:
        doc = json.loads(fh.read().decode("utf-8"))
    if doc.get("schema") != "perfadvise-findings/1":
        sys.exit(f"jsonq: {path}: schema is {doc.get('schema')!r}")
    print(f"FILE schema={doc['schema']} source={os.path.basename(doc.get('tu', {}).get('source', '?'))}")
    for f in doc.get("findings", []):
        ev = []
        flat("", f.get("evidence", {}), ev)
        print(f"FINDING {f['kind']} fn={f.get('function')} at={loc_text(f.get('location'))} "
              f"id={f.get('id')} remark={f.get('remark')} " + " ".join(ev) +
              (f" origin={loc_text(f['origin'])}" if f.get("origin") else ""))
        print(f"MESSAGE {f.get('message')}")
    for e in doc.get("lock_edges", []):
        print(f"EDGE {e.get('outer')} -> {e.get('inner')} fn={e.get('function')} "
              f"at={loc_text(e.get('location'))} via_call={str(e.get('via_call')).lower()}")
    for sec in doc.get("lock_sections", []):
        print(f"SECTION {sec.get('class')} fn={sec.get('function')} prim={sec.get('prim')} "
              f"sections={sec.get('sections')} read_only={sec.get('read_only')} "
              f"shared={sec.get('shared')} in_loop={str(sec.get('in_loop')).lower()}")
    for name in sorted(doc.get("summaries", {})):
        s = []
        flat("", doc["summaries"][name], s)
        print(f"SUMMARY {name} " + " ".join(s))
    for mn in doc.get("member_names", []):
        print(f"MEMBER_NAME {mn.get('opaque')} -> {mn.get('member')}")
    for name in doc.get("api_locks", []):
        print(f"API_LOCK {name}")


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    for arg in argv[1:]:
        if os.path.isdir(arg):
            # Hidden files are skipped, as the advisor skips them: perfadvise
            # scan keeps its manifest (.perfadvise-scan.manifest) there.
            names = sorted(n for n in os.listdir(arg) if not n.startswith("."))
            leftovers = [n for n in names if not n.endswith(".json")]
            if leftovers:
                sys.exit(f"jsonq: {arg}: non-JSON (temporary?) files left: {leftovers}")
            for n in names:
                dump(os.path.join(arg, n))
        else:
            dump(arg)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
