#!/usr/bin/env python3
"""bench/gen_findings.py — write synthetic perfadvise findings files
(docs/findings-format.md) for the advisor benchmark.

usage: gen_findings.py OUTDIR [--findings 100000] [--files 2000] [--seed 1]

Deterministic for a seed. Each file is one TU with findings of every kind
(about 1 in 10 from a shared header, so de-duplication has work), nested
lock edges over a pool of lock classes and per-function summaries with
calls under locks (so the whole-program lock graph has cycles to find), and
the call profile real plugins write for every function a TU defines
(summaries with call_sites, some static, a few cold; about 30 functions with
4-5 callees each per TU, as librdkafka's 20 and rocksdb's 52 per TU): the
advisor's static profile (advisor/profile.c) joins them and ranks every
finding again. --no-call-sites writes the files as before that (for an
advisor that predates the profile)."""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pa_ids import finding_id  # noqa: E402

KINDS = [("loop-alloc", "perfadvise-loopalloc", "missed"),
         ("loop-realloc-growth", "perfadvise-loopalloc", "missed"),
         ("heap-to-stack", "perfadvise-escape", "missed"),
         ("heap-escape", "perfadvise-escape", "analysis"),
         ("blocking-under-lock", "perfadvise-locks", "missed"),
         ("alloc-under-lock", "perfadvise-locks", "missed"),
         ("lock-in-loop", "perfadvise-locks", "missed"),
         ("rwlock-candidate", "perfadvise-locks", "missed")]


def evidence(kind, rnd):
    depth = rnd.choice([0, 1, 1, 2, 3])
    ev = {"loop_depth": depth, "trip_count": rnd.choice([None, 8, 100, 1000]),
          "executions_per_call": round(rnd.uniform(1, 32 ** depth), 2) if rnd.random() < 0.5 else None,
          "allocator": "malloc", "bytes": rnd.choice([None, 16, 64, 4096])}
    if kind.startswith("loop"):
        ev.update(growth="per-iteration", advice=rnd.choice(["hoist", "reserve", "batch"]),
                  increment_bytes=16)
    if "lock" in kind:
        ev.update(lock_class="g_lock%d" % rnd.randrange(50), held=["g_lock%d" % rnd.randrange(50)])
    return {k: v for k, v in ev.items() if v is not None or k == "trip_count"}


LIBRARY = ["getnameinfo", "qsort", "strerror_r", "gai_strerror", "fwrite", "abort"]
FREQS = [1, 1, 0.5, 0.125, 0.0390625, 0.000976562, 20, 400, 8000]


def call_sites(prnd, own, pool):
    """4 or 5 direct calls of own (a function of this TU) into pool."""
    sites = []
    for callee in prnd.sample(pool, min(len(pool), prnd.choice([4, 5]))):
        if callee == own:
            continue
        site = {"callee": callee, "executions_per_call": prnd.choice(FREQS),
                "line": prnd.randrange(10, 2000)}
        if prnd.random() < 0.2:
            site["sites"] = 2
        if callee.startswith("hdr_fn"):
            site["file"] = "include/common%d.h" % prnd.randrange(5)
        sites.append(site)
    return sites


def profile_summaries(t, nfiles, per_file, src, sums, header_fns, prnd):
    """Add the call profile of TU t to sums: the functions that hold its
    findings, its lockers and helper, a few static helpers and the header
    functions it inlines. Callees: later functions of the TU (a DAG with a
    rare call back, so some recursion), its statics, other TUs' helpers,
    header functions and library functions outside the program."""
    own = ["fn_%d_%d" % (t, k) for k in range((per_file + 2) // 3)]
    statics = ["st_%d_%d" % (t, k) for k in range(6)]
    for k, fn in enumerate(own):
        later = own[k + 1:] if prnd.random() > 0.02 else own[:k]
        pool = (later[:6] + statics + ["helper_%d" % prnd.randrange(nfiles)] +
                header_fns[:2] + [prnd.choice(LIBRARY)])
        sums.setdefault(fn, {"demangled": fn, "file": src})["call_sites"] = call_sites(prnd, fn, pool)
        if prnd.random() < 0.01:
            sums[fn]["cold"] = True
    for fn in statics:
        sums[fn] = {"file": src, "static": True,
                    "call_sites": call_sites(prnd, fn, [prnd.choice(LIBRARY)] + statics)}
    for fn in [f for f in sums if f.startswith(("locker_", "helper_"))] + header_fns:
        s = sums.setdefault(fn, {"demangled": fn})
        s["call_sites"] = call_sites(prnd, fn, statics + own[-3:] + [prnd.choice(LIBRARY)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--findings", type=int, default=100000)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-call-sites", action="store_true")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    prnd = random.Random(a.seed + 1)  # the profile's own stream: findings stay as they were
    os.makedirs(a.outdir, exist_ok=True)
    per_file = max(1, a.findings // a.files)
    for t in range(a.files):
        src = "src/mod%d/file%d.c" % (t % 40, t)
        findings = []
        for i in range(per_file):
            kind, pss, remark = rnd.choice(KINDS)
            if rnd.random() < 0.1:  # from a shared header: same id in many TUs
                fn, file, line = "hdr_fn%d" % (i % 20), "include/common%d.h" % (i % 5), 10 + i % 20
            else:
                fn, file, line = "fn_%d_%d" % (t, i // 3), src, 10 + i * 7
            col = 5
            findings.append({"id": finding_id(kind, fn, file, line, col), "kind": kind,
                             "remark": remark, "pass": pss, "function": fn,
                             "function_demangled": fn,
                             "location": {"file": file, "line": line, "column": col},
                             "message": "%s in %s: synthetic finding %d" % (kind, fn, i),
                             "evidence": evidence(kind, rnd)})
        edges, sums = [], {}
        for e in range(5):
            outer, inner = "g_lock%d" % rnd.randrange(50), "g_lock%d" % rnd.randrange(50)
            fn = "locker_%d_%d" % (t, e)
            edges.append({"outer": outer, "inner": inner, "outer_kind": "global",
                          "inner_kind": "global", "function": fn,
                          "location": {"file": src, "line": 500 + e, "column": 3},
                          "outer_location": {"file": src, "line": 499 + e, "column": 3},
                          "via_call": False, "trylock": rnd.random() < 0.1})
            sums[fn] = {"demangled": fn, "file": src, "locks": [outer, inner],
                        "calls": ["helper_%d" % rnd.randrange(a.files)],
                        "calls_under_lock": [{"callee": "helper_%d" % rnd.randrange(a.files),
                                              "held": [outer],
                                              "location": {"file": src, "line": 600 + e, "column": 3}}]}
        sums["helper_%d" % t] = {"demangled": "helper_%d" % t, "file": src,
                                 "locks": ["g_lock%d" % rnd.randrange(50)]}
        if not a.no_call_sites:
            header_fns = sorted({f["function"] for f in findings if f["function"].startswith("hdr_")})
            profile_summaries(t, a.files, per_file, src, sums, header_fns, prnd)
        doc = {"schema": "perfadvise-findings/1",
               "tool": {"name": "perfadvise", "version": "0.1.0", "llvm": "19.1.7"},
               "tu": {"source": src, "directory": "/build", "debug_info": True, "optnone": False},
               "findings": findings, "lock_edges": edges, "summaries": sums}
        name = "file%d.c.%016x.json" % (t, t)
        with open(os.path.join(a.outdir, name), "w") as fh:
            json.dump(doc, fh, indent=2)
    print("gen_findings: %d files, %d findings in %s" % (a.files, per_file * a.files, a.outdir))


if __name__ == "__main__":
    main()
