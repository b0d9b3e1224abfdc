#!/usr/bin/env python3
"""lit/Inputs/advisor/make_fixtures.py — regenerate the hand-written findings
fixtures of the advisor's lit tests (docs/findings-format.md, schema
perfadvise-findings/1). Ids are computed exactly as the plugin does.
  python3 lit/Inputs/advisor/make_fixtures.py"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "bench"))
from pa_ids import finding_id  # noqa: E402

PASS = {"heap-to-stack": "perfadvise-escape", "loop-alloc": "perfadvise-loopalloc",
        "lock-order-inversion": "perfadvise-locks", "blocking-under-lock": "perfadvise-locks",
        "lock-in-loop": "perfadvise-locks", "heap-escape": "perfadvise-escape",
        "loop-realloc-growth": "perfadvise-loopalloc"}


def loc(file, line, col):
    return {"file": file, "line": line, "column": col}


def finding(kind, fn, file, line, col, message, evidence, remark="missed"):
    return {"id": finding_id(kind, fn, file, line, col), "kind": kind, "remark": remark,
            "pass": PASS.get(kind, "perfadvise"), "function": fn, "function_demangled": fn,
            "location": loc(file, line, col), "message": message, "evidence": evidence}


def edge(outer, inner, fn, file, line, col, oline, via=None, trylock=False, held=None,
         confidence=None):
    e = {"outer": outer, "inner": inner, "outer_kind": "global", "inner_kind": "global",
         "function": fn, "location": loc(file, line, col), "outer_location": loc(file, oline, 5),
         "via_call": via is not None, "trylock": trylock}
    if via:
        e["callee"] = via
    if held:
        e["held"] = held
    if confidence:
        e["confidence"] = confidence
    return e


def doc(source, findings=(), edges=(), summaries=None):
    return {"schema": "perfadvise-findings/1",
            "tool": {"name": "perfadvise", "version": "0.1.0", "llvm": "19.1.7"},
            "tu": {"source": source, "directory": "/src/proj", "debug_info": True, "optnone": False},
            "findings": list(findings), "lock_edges": list(edges), "summaries": summaries or {}}


def write(rel, d, raw=None):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w" if raw is None or isinstance(raw, str) else "wb") as fh:
        if raw is not None:
            fh.write(raw)
        else:
            json.dump(d, fh, indent=2)
            fh.write("\n")


# --- cross: cache.c and index.c take cache_lock/index_lock in opposite orders.
write("cross/cache.c.00000000000000a1.json", doc("src/cache.c",
      [finding("blocking-under-lock", "cache_dump", "src/cache.c", 28, 5,
               "fflush() may block while cache_lock is held",
               {"lock_class": "cache_lock", "held": ["cache_lock"], "blocking": "fflush",
                "loop_depth": 0})],
      [edge("cache_lock", "index_lock", "cache_evict", "src/cache.c", 16, 5, 15)],
      {"cache_evict": {"demangled": "cache_evict", "file": "src/cache.c",
                       "locks": ["cache_lock", "index_lock"],
                       "calls_under_lock": [{"callee": "index_remove",
                                             "held": ["cache_lock", "index_lock"],
                                             "location": loc("src/cache.c", 18, 5)}]}}))
write("cross/index.c.00000000000000a2.json", doc("src/index.c", [],
      [edge("index_lock", "cache_lock", "index_rebuild", "src/index.c", 16, 5, 15)],
      {"index_rebuild": {"demangled": "index_rebuild", "file": "src/index.c",
                         "locks": ["index_lock", "cache_lock"]}}))

# --- summary: worker() in worker.c holds g_a and calls helper_b() defined in
# helper.c, which takes g_b; helper.c's other() takes g_a under g_b.
write("summary/worker.c.00000000000000b1.json", doc("src/worker.c", [], [],
      {"worker": {"demangled": "worker", "file": "src/worker.c", "locks": ["g_a"],
                  "calls_under_lock": [{"callee": "helper_b", "held": ["g_a"],
                                        "location": loc("src/worker.c", 12, 9)}]}}))
write("summary/helper.c.00000000000000b2.json", doc("src/helper.c", [],
      [edge("g_b", "g_a", "other", "src/helper.c", 30, 5, 29)],
      {"helper_b": {"demangled": "helper_b", "file": "src/helper.c", "locks": ["g_b"]},
       "other": {"demangled": "other", "file": "src/helper.c", "locks": ["g_b", "g_a"]}}))

# --- single: one TU has both orders; the plugin already reported it.
single_edges = [edge("m1", "m2", "f1", "src/single.c", 10, 5, 9),
                edge("m2", "m1", "f2", "src/single.c", 20, 5, 19)]
write("single/single.c.00000000000000c1.json", doc("src/single.c",
      [finding("lock-order-inversion", "f1", "src/single.c", 10, 5,
               "lock-order inversion: m2 taken while m1 held; f2 takes them the other way",
               {"cycle": ["m1", "m2"], "lock_class": "m2", "held": ["m1"]}),
       finding("lock-order-inversion", "f2", "src/single.c", 20, 5,
               "lock-order inversion: m1 taken while m2 held; f1 takes them the other way",
               {"cycle": ["m2", "m1"], "lock_class": "m1", "held": ["m2"]})],
      single_edges))

# --- trylock: the reverse order is a trylock: no cycle.
write("trylock/t1.c.00000000000000d1.json", doc("src/t1.c", [],
      [edge("t_a", "t_b", "ta", "src/t1.c", 5, 5, 4)]))
write("trylock/t2.c.00000000000000d2.json", doc("src/t2.c", [],
      [edge("t_b", "t_a", "tb", "src/t2.c", 7, 5, 6, trylock=True)]))

# --- gated: both orders of g_a/g_b are taken while g_gate is held (no
# deadlock); g_c/g_d the same but one site lacks the gate (a deadlock); g_e/g_f
# has its reverse order held on some paths only (low confidence: no order).
write("gated/g1.c.00000000000000c1.json", doc("src/g1.c", [], [
    edge("g_a", "g_b", "ga", "src/g1.c", 5, 5, 4, held=["g_gate", "g_a"]),
    edge("g_c", "g_d", "gc", "src/g1.c", 15, 5, 14, held=["g_gate", "g_c"]),
    edge("g_e", "g_f", "ge", "src/g1.c", 25, 5, 24, held=["g_e"])]))
write("gated/g2.c.00000000000000c2.json", doc("src/g2.c", [], [
    edge("g_b", "g_a", "gb", "src/g2.c", 7, 5, 6, held=["g_gate", "g_b"]),
    edge("g_d", "g_c", "gd", "src/g2.c", 17, 5, 16, held=["g_d"]),
    edge("g_f", "g_e", "gf", "src/g2.c", 27, 5, 26, held=["g_f"], confidence="low")]))

# --- confidence: lock findings at each confidence, and one stating none.
def lockf(kind, fn, line, conf, remark="missed", extra=None):
    ev = {"held": ["conf_lock"], "lock_class": "conf_lock"}
    if conf:
        ev["confidence"] = conf
        ev["confidence_reason"] = "because " + conf
    ev.update(extra or {})
    return finding(kind, fn, "src/conf.c", line, 5, kind + " in " + fn, ev, remark=remark)
PASS["double-lock"] = PASS["lock-held-at-return"] = PASS["alloc-under-lock"] = "perfadvise-locks"
write("confidence/conf.c.00000000000000b1.json", doc("src/conf.c", [
    lockf("double-lock", "dl_high", 10, "high"),
    lockf("double-lock", "dl_medium", 20, "medium"),
    lockf("double-lock", "dl_low", 30, "low", remark="analysis"),
    lockf("lock-held-at-return", "held_none", 40, None),
    lockf("blocking-under-lock", "block_low", 50, "low", remark="analysis",
          extra={"loop_depth": 2, "blocking": "sleep"}),
    lockf("blocking-under-lock", "block_medium", 60, "medium",
          extra={"loop_depth": 2, "blocking": "sleep"}),
]))

# --- group: three allocations under one lock in one function are one entry;
# one under another lock, and one in another function, stay their own.
def alloc_under(fn, line, lock, callee):
    return finding("alloc-under-lock", fn, "src/group.c", line, 9,
                   callee + "() allocates while holding '" + lock + "'",
                   {"callee": callee, "held": [lock], "confidence": "high",
                    "confidence_reason": "held on every path"})
write("group/group.c.00000000000000b2.json", doc("src/group.c", [
    alloc_under("emit", 12, "stats_lock", "malloc"),
    alloc_under("emit", 14, "stats_lock", "strdup"),
    alloc_under("emit", 19, "stats_lock", "realloc"),
    alloc_under("emit", 25, "other_lock", "malloc"),
    alloc_under("flush", 40, "stats_lock", "malloc"),
]))

# --- names: absolute paths under one project, a C++ name with parameters.
d = doc("/w/proj/db/a.cc", [dict(finding("loop-alloc", "_ZN7leveldb6DBImpl5WriteERKNS_12WriteOptionsE",
                                          "/w/proj/db/./../include/x.h", 12, 3, "malloc in a loop",
                                          {"loop_depth": 1, "allocator": "malloc", "bytes": 64}),
                                  function_demangled="leveldb::DBImpl::Write(leveldb::WriteOptions const&)")])
d["tu"]["directory"] = "/w/proj/build"
write("names/a.cc.00000000000000b3.json", d)
d = doc("/w/proj/util/b.cc", [])
write("names/b.cc.00000000000000b4.json", d)

# --- testcode: the same allocation in library code, in a unit test compiled
# into the library, and in a mock; tests and mocks rank Low.
ev = {"loop_depth": 2, "trip_count": None, "allocator": "malloc", "bytes": 64, "advice": "hoist"}
write("testcode/map.c.00000000000000b5.json", doc("src/map.c", [
    finding("loop-alloc", "map_rehash", "src/map.c", 10, 5, "malloc in 2 nested loops", dict(ev)),
    finding("loop-alloc", "unittest_map", "src/map.c", 90, 5, "malloc in 2 nested loops", dict(ev)),
    finding("loop-alloc", "serve", "src/broker_mock.c", 30, 5, "malloc in 2 nested loops", dict(ev)),
]))

# --- instances: one source line in two template instantiations is one entry.
ev = {"loop_depth": 1, "trip_count": None, "allocator": "operator new", "bytes": 32}
write("instances/t.cc.00000000000000b6.json", doc("src/t.cc", [
    dict(finding("loop-alloc", "_Z1fIiEvv", "src/t.h", 7, 5, "new in a loop", dict(ev)),
         function_demangled="void ns::f<int>()"),
    dict(finding("loop-alloc", "_Z1fIlEvv", "src/t.h", 7, 5, "new in a loop", dict(ev)),
         function_demangled="void ns::f<long>()"),
    finding("loop-alloc", "g", "src/t.h", 20, 5, "new in a loop", dict(ev)),
]))

# --- loops: a nested-loop allocation and a single-loop one, unknown trip counts.
write("loops/render.c.00000000000000e1.json", doc("src/render.c", [
    finding("loop-alloc", "render_grid", "src/render.c", 42, 17,
            "malloc(64) runs on every iteration of 2 nested loops: hoist the buffer",
            {"loop_depth": 2, "trip_count": None, "trip_text": "n", "allocator": "malloc",
             "bytes": 64, "growth": "per-iteration", "advice": "hoist"}),
    finding("loop-alloc", "render_rows", "src/render.c", 12, 15,
            "malloc(64) runs on every iteration: hoist the buffer",
            {"loop_depth": 1, "trip_count": None, "trip_text": "n", "allocator": "malloc",
             "bytes": 64, "growth": "per-iteration", "advice": "hoist"}),
    finding("heap-to-stack", "make_key", "src/render.c", 70, 11,
            "malloc(32) does not escape and is freed on every path: use a local array",
            {"loop_depth": 0, "allocator": "malloc", "bytes": 32, "freed_on_all_paths": True}),
    finding("heap-escape", "new_row", "src/render.c", 80, 11,
            "malloc(16) escapes by return", {"via": "return", "allocator": "malloc", "bytes": 16},
            remark="analysis"),
]))

# --- header: the same finding from a header, reported by two TUs.
hdr = finding("loop-alloc", "vec_push", "include/vec.h", 9, 13,
              "realloc grows by one element per iteration",
              {"loop_depth": 1, "trip_count": 8, "allocator": "realloc", "bytes": None,
               "advice": "reserve"})
write("header/one.c.00000000000000f1.json", doc("src/one.c", [hdr]))
write("header/two.c.00000000000000f2.json", doc("src/two.c", [hdr]))

# --- bad: every way a findings file can be broken; one good file among them.
good = finding("lock-in-loop", "touch_all", "src/good.c", 36, 9,
               "cache_lock taken on every iteration", {"loop_depth": 1, "lock_class": "cache_lock"})
write("bad/good.c.0000000000000101.json", doc("src/good.c", [good]))
text = json.dumps(doc("src/trunc.c", [good]), indent=2)
write("bad/trunc.c.0000000000000102.json", None, raw=text[: len(text) // 2])
d = doc("src/schema.c", [good]); d["schema"] = "perfadvise-findings/2"
write("bad/schema.c.0000000000000103.json", d)
d = doc("src/line.c", [dict(good), dict(good), dict(good), dict(good, location=loc("src/line.c", "36", 9))])
write("bad/line.c.0000000000000104.json", d)
d = doc("src/missing.c", [{k: v for k, v in good.items() if k != "kind"}])
write("bad/missing.c.0000000000000105.json", d)
write("bad/empty.c.0000000000000106.json", None, raw="")
write("bad/deep.c.0000000000000107.json", None, raw="[" * 5000 + "]" * 5000)
write("bad/huge.c.0000000000000108.json",
      doc("src/huge.c", [dict(good, location=loc("src/huge.c", 1e300, 9))]))
write("bad/notutf8.c.0000000000000109.json", None,
      raw=json.dumps(doc("src/notutf8.c", [dict(good, id=finding_id("lock-in-loop", "x", "n.c", 1, 1),
                                                 function="PLACEHOLDER")])).encode()
      .replace(b"PLACEHOLDER", b"bad\xff\xfename"))

# --- hostile: strings that must come out inert in every medium.
evil_fn = "<script>alert(1)</script>\"'\n\x1b[31mRED\x1b]0;title\x07"
evil_file = "src/<img src=x onerror=alert(2)>\"`|*_.c"
write("hostile/evil.c.0000000000000201.json", doc("src/evil.c", [
    finding("loop-alloc", evil_fn, evil_file, 3, 1,
            "message with <b>html</b>, `code`, [link](javascript:alert(3)) and \x1b[2J",
            {"loop_depth": 1, "allocator": "malloc", "bytes": 8, "callee": "</script><script>x()"})]))
# --- bidi: bidirectional controls ("Trojan Source") in every kind of text
# taken from the source: function, file path, message, lock name. The
# source file itself (bidi/src/trojan.c) hides a call behind them too.
RLO, LRI, RLI, PDI, PDF = "\u202e", "\u2066", "\u2067", "\u2069", "\u202c"
trojan_fn = "check" + RLO + "resu" + PDF
trojan_file = "src/trojan" + RLI + ".c"
trojan_lock = "g_lock" + LRI + "admin" + PDI
write("bidi/trojan.c.0000000000000301.json", doc("src/trojan.c", [
    finding("loop-alloc", trojan_fn, "src/trojan.c", 4, 9,
            "malloc in a loop; " + RLO + "hoist it" + PDF + " \u2028next line",
            {"loop_depth": 1, "allocator": "malloc", "bytes": 8}),
    finding("blocking-under-lock", "io_" + LRI + "fn" + PDI, trojan_file, 7, 3,
            "read() while holding " + trojan_lock,
            {"loop_depth": 0, "lock_class": trojan_lock, "held": [trojan_lock],
             "callee": "read", "confidence": "high"})]))
write("bidi/src/trojan.c", None, raw=(
    "#include <stdlib.h>\n"
    "void check(int n) {\n"
    "    for (int i = 0; i < n; i++) {\n"
    "        char *p = malloc(8); /* " + RLO + " } " + LRI + "// skip" + PDI + " */\n"
    "        free(p);\n"
    "    }\n"
    "}\n").encode())

# --- utf8: invalid UTF-8 in several strings of one file: repaired, and
# named in one warning.
write("utf8/mixed.c.0000000000000311.json", None,
      raw=json.dumps(doc("src/mixed.c", [
          finding("loop-alloc", "BADFN", "src/BADFILE.c", 5, 1, "BADMSG in a loop",
                  {"loop_depth": 1, "allocator": "BADEV", "bytes": 8})])).encode()
      .replace(b"BADFN", b"fn\xff").replace(b"BADFILE", b"m\xc3(")
      .replace(b"BADMSG", b"\xe2\x82 malloc").replace(b"BADEV", b"mal\xfeloc"))
print("fixtures written under", HERE)
