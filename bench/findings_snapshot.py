#!/usr/bin/env python3
"""bench/findings_snapshot.py — snapshot everything perfadvise prints for a
fixed set of sources, so that a refactoring can prove it changed nothing.

  bench/findings_snapshot.py snapshot --plugin SO --advisor EXE --out DIR [--jobs 2]
        [--projects "examples sqlite lmdb hiredis leveldb"]
  bench/findings_snapshot.py compare DIR_BEFORE DIR_AFTER
  bench/findings_snapshot.py check --base-plugin SO --base-advisor EXE \
        --plugin SO --advisor EXE --out DIR      (both snapshots, then compare)

A snapshot holds, per translation unit, the findings file the plugin wrote and
the remarks clang printed (-Rpass-missed/-Rpass-analysis=perfadvise), and per
project the advisor's report in every format (with --facts, so analysis
remarks are compared too). The sources are the bundled examples/ and the real
code the tests already fetch (scripts/fetch-real-code.sh: SQLite, LMDB,
hiredis, LevelDB), compiled exactly as lit/tools/realcode_run.py compiles them.
The checkout's own path is replaced by `<repo>` and the findings files lose
the directory hash in their names, so snapshots taken from two checkouts
(git worktrees) compare equal when the tool's output is the same.
`compare` diffs the two trees byte for byte and exits 1 on any difference,
printing the first differing lines of each file. Exit 2: tools or real code
unavailable. Typical use before and after a change:
  bench/findings_snapshot.py check --base-plugin build-base/lib/libperfadvise.so \
     --base-advisor build-base/bin/perfadvise --plugin build/lib/libperfadvise.so \
     --advisor build/bin/perfadvise --out bench/out/snapshot"""
import argparse
import concurrent.futures as cf
import difflib
import os
import shlex
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "lit", "tools"))
import realcode_run  # noqa: E402  (one definition of the real-code projects and flags)

FORMATS = ["text", "json", "sarif", "markdown", "html"]


def example_units():
    d = os.path.join(REPO, "examples")
    units = []
    for n in sorted(os.listdir(d)):
        if n.endswith(".c"):
            units.append(("c", os.path.join(d, n), ["-std=c11"]))
        elif n.endswith(".cpp"):
            units.append(("c++", os.path.join(d, n), ["-std=c++17"]))
    return units


def project_units(name, dirs):
    if name == "examples":
        return example_units()
    var, lang, files, flags = realcode_run.PROJECTS[name]
    src = dirs[var]
    return [(lang, os.path.join(src, f), [x.format(dir=src) for x in flags]) for f in files]


def compile_unit(a, lang, src, flags, findings_dir, remarks_path):
    cc = a.clangxx if lang == "c++" else a.clang
    cmd = (shlex.split(cc) + ["-fpass-plugin=" + a.plugin, "-O2", "-g", "-Rpass-missed=perfadvise",
                              "-Rpass-analysis=perfadvise"] + flags +
           ["-c", src, "-o", os.devnull])
    env = dict(os.environ, PERFADVISE_OUTPUT_DIR=findings_dir)
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1800)
    with open(remarks_path, "wb") as fh:
        fh.write(p.stdout)
    return p.returncode


def snapshot(a):
    a.plugin = os.path.abspath(a.plugin)
    a.advisor = os.path.abspath(a.advisor)
    out = os.path.abspath(a.out)
    projects = a.projects.split()
    dirs = {}
    if any(p != "examples" for p in projects):
        dirs, reason = realcode_run.fetch(os.path.join(REPO, "scripts", "fetch-real-code.sh"),
                                          os.environ.get("PERFADVISE_REAL_CODE_DIR"))
        if dirs is None:
            print(f"findings_snapshot: real code unavailable: {reason}", file=sys.stderr)
            return 2
    if os.path.exists(out):
        shutil.rmtree(out)
    jobs = []
    for proj in projects:
        for sub in ("findings", "remarks", "report"):
            os.makedirs(os.path.join(out, proj, sub))
        for lang, src, flags in project_units(proj, dirs):
            remarks = os.path.join(out, proj, "remarks", os.path.basename(src) + ".txt")
            jobs.append((proj, src, (lang, src, flags, os.path.join(out, proj, "findings"), remarks)))
    bad = 0
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futs = [(proj, src, pool.submit(compile_unit, a, *args)) for proj, src, args in jobs]
        for i, (proj, src, fut) in enumerate(futs, 1):
            rc = fut.result()
            print(f"[{i}/{len(futs)}] {proj} {os.path.basename(src)}: exit {rc}", flush=True)
            bad += rc != 0
    for proj in projects:
        # Relative input path: the reports must not depend on where the snapshot lives.
        for fmt in FORMATS:
            p = subprocess.run([a.advisor, "report", "--facts", "--format", fmt, "findings"],
                               cwd=os.path.join(out, proj), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
            with open(os.path.join(out, proj, "report", f"report.{fmt}"), "wb") as fh:
                fh.write(p.stdout)
                fh.write(f"\n[exit {p.returncode}]\n".encode())
    normalise(out)
    return 1 if bad else 0


def normalise(out):
    """Make the snapshot independent of where the checkout lives."""
    root = REPO.encode()
    for d, _, files in os.walk(out):
        for n in files:
            path = os.path.join(d, n)
            with open(path, "rb") as fh:
                data = fh.read()
            if root in data:
                with open(path, "wb") as fh:
                    fh.write(data.replace(root, b"<repo>"))
            parts = n.split(".")
            if os.path.basename(d) == "findings" and len(parts) > 2 and len(parts[-2]) == 16:
                os.replace(path, os.path.join(d, ".".join(parts[:-2] + ["json"])))


def compare(before, after):
    diffs = 0
    seen = set()
    for root in (before, after):
        for d, _, files in os.walk(root):
            for n in files:
                seen.add(os.path.relpath(os.path.join(d, n), root))
    for rel in sorted(seen):
        pa, pb = os.path.join(before, rel), os.path.join(after, rel)
        if not os.path.exists(pa) or not os.path.exists(pb):
            print(f"DIFF {rel}: only in {'after' if os.path.exists(pb) else 'before'}")
            diffs += 1
            continue
        with open(pa, "rb") as fa, open(pb, "rb") as fb:
            ba, bb = fa.read(), fb.read()
        if ba == bb:
            continue
        diffs += 1
        print(f"DIFF {rel}")
        la = ba.decode("utf-8", "replace").splitlines()
        lb = bb.decode("utf-8", "replace").splitlines()
        for i, line in enumerate(difflib.unified_diff(la, lb, "before", "after", lineterm="", n=1)):
            if i >= 24:
                print("   ...")
                break
            print("   " + line)
    print(f"findings_snapshot: {len(seen)} files compared, {diffs} differ")
    return 1 if diffs else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[1:]))
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("--plugin", required=True)
    s.add_argument("--advisor", required=True)
    s.add_argument("--out", required=True)
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    k = sub.add_parser("check")
    for p in (s, k):
        p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
        p.add_argument("--projects", default="examples sqlite lmdb hiredis leveldb")
        p.add_argument("--clang", default="clang-19")
        p.add_argument("--clangxx", default="clang++-19")
    k.add_argument("--base-plugin", required=True)
    k.add_argument("--base-advisor", required=True)
    k.add_argument("--plugin", required=True)
    k.add_argument("--advisor", required=True)
    k.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.cmd == "snapshot":
        return snapshot(a)
    if a.cmd == "compare":
        return compare(a.before, a.after)
    out = os.path.abspath(a.out)
    plugin, advisor = a.plugin, a.advisor
    a.plugin, a.advisor, a.out = a.base_plugin, a.base_advisor, os.path.join(out, "before")
    rc = snapshot(a)
    if rc == 2:
        return rc
    a.plugin, a.advisor, a.out = plugin, advisor, os.path.join(out, "after")
    rc2 = snapshot(a)
    if rc2 == 2:
        return rc2
    return compare(os.path.join(out, "before"), os.path.join(out, "after")) or rc or rc2


if __name__ == "__main__":
    sys.exit(main())
