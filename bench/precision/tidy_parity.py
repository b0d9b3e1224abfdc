#!/usr/bin/env python3
"""bench/precision/tidy_parity.py — on the real C++ corpora, does perfadvise
fire where clang-tidy's performance-inefficient-vector-operation fires?

  tidy_parity.py [--corpus NAME[,NAME...]|all] [--findings-root DIR]
                 [--clang-tidy EXE] [--jobs 2] [--cache DIR]

For each corpus (default: every C++ corpus of precision.py), runs clang-tidy
with only that check on every file of the corpus, with the flags and working
directory `precision.py build` compiles it with (precision.py's own tables,
the same as `precision.py list --files` prints, plus -O2). It keeps the
warnings located in the corpus's own files (its sources and headers, under
the corpus root; system headers and vendored code next to the root, such as
RE2's Abseil or RocksDB's snappy, are not the corpus), counting a warning in a
header once however many files include it. Each warning (file basename +
line) is then matched against the `loop-alloc` findings, of any confidence,
in FINDINGS_ROOT/<corpus>/findings/*.json (docs/findings-format.md): the
finding's `location`, the other lines of its `also_at`, or a call of its
`inlined_at` chain. lit/tidy_parity.test checks the same on a small input.

Prints one line per warning: corpus, file:line (relative to the corpus
root), the member tidy names, `perfadvise=yes` with the finding's function,
confidence (`default` when the finding has none) and advice, or
`perfadvise=no` (with the nearest loop-alloc finding of that file within 10
lines, when there is one, as a hint); then per corpus the number of tidy
warnings, covered and missing. Exit 0; 2 when clang-tidy fails on a file or
findings are missing (the other files are still checked). Python 3 standard
library only."""
import argparse
import concurrent.futures as cf
import glob
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import precision  # noqa: E402  (corpora, their roots, files and flags)

CHECK = "performance-inefficient-vector-operation"
WARNING = re.compile(r"^(.+?):(\d+):(\d+): warning: (.*) \[" + re.escape(CHECK) + r"\]$")
ERROR = re.compile(r"^(.+?):(\d+):(\d+): (?:fatal )?error: (.*)$")
NEAR = 10


def default_tidy():
    for exe in ("clang-tidy-19", "/usr/lib/llvm-19/bin/clang-tidy"):
        if shutil.which(exe):
            return exe
    return "clang-tidy-19"


def cxx_corpora():
    return [n for n in precision.ORDER if precision.CORPORA[n]["lang"] == "c++"]


def corpus_names(arg):
    if arg == "all":
        return cxx_corpora()
    names = [n.strip() for n in arg.split(",") if n.strip()]
    for n in names:
        if n not in precision.CORPORA:
            sys.exit(f"tidy_parity: unknown corpus '{n}' (C++ corpora: {', '.join(cxx_corpora())}, all)")
        if precision.CORPORA[n]["lang"] != "c++":
            sys.exit(f"tidy_parity: corpus '{n}' is C; {CHECK} is a C++ check "
                     f"(C++ corpora: {', '.join(cxx_corpora())})")
    return names


def corpus_root(findings_root, name):
    """The root the findings were built from (build.json), else precision.py's."""
    bj = os.path.join(findings_root, name, "build.json")
    if os.path.exists(bj):
        with open(bj, encoding="utf-8") as fh:
            root = json.load(fh).get("root")
        if root and os.path.isdir(root):
            return root
    return precision.corpus_root(name)


# --------------------------------------------------------------------------- clang-tidy

def run_tidy(a, name, root, unit):
    """(source, warnings [(abs path, line, col, message)], error or None) of one file."""
    src, flags, cwd = unit
    workdir = os.path.normpath(os.path.join(root, cwd))
    cache = None
    if a.cache:
        cache = os.path.join(a.cache, name, src.replace(os.sep, "_") + ".tidy.txt")
    if cache and os.path.exists(cache) and not a.refresh:
        with open(cache, encoding="utf-8") as fh:
            out, rc = fh.read(), 0
    else:
        real = os.path.realpath(root)
        cmd = [a.clang_tidy, "-checks=-*," + CHECK, "--quiet",
               "-header-filter=^(" + re.escape(root) + "|" + re.escape(real) + ")/",
               os.path.join(root, src), "--", "-O2"] + flags
        p = subprocess.run(cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out, rc = p.stdout.decode("utf-8", "replace"), p.returncode
        if cache and rc == 0:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            with open(cache, "w", encoding="utf-8") as fh:
                fh.write(out)
    warns, errs = [], []
    for line in out.splitlines():
        m = WARNING.match(line)
        if m:
            path = m.group(1)
            if not os.path.isabs(path):
                path = os.path.join(workdir, path)
            warns.append((os.path.realpath(path), int(m.group(2)), int(m.group(3)), m.group(4)))
            continue
        if ERROR.match(line):
            errs.append(line)
    err = None
    if rc != 0 or errs:
        err = f"clang-tidy exited {rc}: " + (errs[0] if errs else out.strip()[-300:])
    return src, warns, err


# --------------------------------------------------------------------------- findings

def load_findings(directory):
    """{(file basename, line): [finding]} over every loop-alloc finding of the
    findings files in directory, and {basename: [(line, finding)]} of their
    own locations (for the 'near' hint)."""
    index, by_file, seen = {}, {}, set()
    files = [p for p in glob.glob(os.path.join(directory, "*.json")) if ".tmp." not in os.path.basename(p)]
    if not files:
        raise RuntimeError(f"no findings files in {directory}")
    for path in sorted(files):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        for f in doc.get("findings", []):
            if f.get("kind") != "loop-alloc":
                continue
            loc = f.get("location") or {}
            base = os.path.basename(loc.get("file") or "")
            line = int(loc.get("line") or 0)
            key = (f.get("id"), base, line)
            if key in seen:  # a header's finding reported by several TUs
                continue
            seen.add(key)
            ev = f.get("evidence") or {}
            places = {(base, line)}
            for ln in ev.get("also_at") or f.get("also_at") or []:
                places.add((base, int(ln)))
            for call in ev.get("inlined_at") or f.get("inlined_at") or []:
                places.add((os.path.basename(call.get("file") or ""), int(call.get("line") or 0)))
            for p in places:
                index.setdefault(p, []).append(f)
            by_file.setdefault(base, []).append((line, f))
    return index, by_file


def describe(f):
    ev = f.get("evidence") or {}
    conf = ev.get("confidence") or f.get("confidence") or "default"
    if isinstance(conf, dict):
        conf = conf.get("level", "?")
    func = f.get("function_demangled") or f.get("function") or "-"
    func = re.sub(r"\(.*", "()", func) if len(func) > 70 else func
    return f"{func} confidence={conf} advice={ev.get('advice', '?')}"


# --------------------------------------------------------------------------- main

def check_corpus(a, name, pool):
    root = corpus_root(a.findings_root, name)
    real_root = os.path.realpath(root)
    units = precision.CORPORA[name]["units"](root)
    index, by_file = load_findings(os.path.join(a.findings_root, name, "findings"))
    warnings, errors = {}, []
    for src, warns, err in pool.map(lambda u: run_tidy(a, name, root, u), units):
        if err:
            errors.append((src, err))
        for path, line, col, msg in warns:
            if not path.startswith(real_root + os.sep):
                continue  # a system header, or code vendored next to the corpus
            w = warnings.setdefault((path, line, col), {"msg": msg, "tus": set()})
            w["tus"].add(src)
    covered = 0
    for (path, line, col), w in sorted(warnings.items()):
        rel = os.path.relpath(path, real_root)
        base = os.path.basename(path)
        member = re.match(r"'(\w+)'", w["msg"])
        member = member.group(1) if member else "?"
        hits = index.get((base, line), [])
        if hits:
            covered += 1
            print(f"{name:9} {rel}:{line}  {member}  perfadvise=yes  {describe(hits[0])}"
                  + (f" (+{len(hits) - 1} more)" if len(hits) > 1 else ""))
        else:
            near = sorted(((abs(ln - line), ln, f) for ln, f in by_file.get(base, [])
                           if abs(ln - line) <= NEAR), key=lambda t: t[:2])
            hint = f"  (nearest loop-alloc: line {near[0][1]}, {describe(near[0][2])})" if near else ""
            print(f"{name:9} {rel}:{line}  {member}  perfadvise=no{hint}")
    for src, err in errors:
        print(f"{name:9} TOOL ERROR {src}: {err}", file=sys.stderr)
    res = {"corpus": name, "files": len(units), "tidy": len(warnings), "covered": covered,
           "missing": len(warnings) - covered, "errors": len(errors)}
    print(f"== {name}: {res['files']} files, {res['tidy']} tidy warnings, {res['covered']} covered, "
          f"{res['missing']} missing" + (f", {res['errors']} files where clang-tidy failed"
                                         if errors else ""))
    print()
    return res


def main():
    ap = argparse.ArgumentParser(prog="tidy_parity.py", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("--corpus", default="all",
                    help="C++ corpus name, comma-separated names, or all (default: "
                         + ",".join(cxx_corpora()) + ")")
    ap.add_argument("--findings-root", default=precision.OUT_ROOT,
                    help="directory holding <corpus>/findings/*.json (default: where precision.py build writes, bench/out/precision or $PERFADVISE_PRECISION_OUT)")
    ap.add_argument("--clang-tidy", default=default_tidy(), help="clang-tidy executable (default clang-tidy-19)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel clang-tidy runs (default 2)")
    ap.add_argument("--cache", metavar="DIR",
                    help="keep each file's clang-tidy output in DIR/<corpus>/ and reuse it on the next run")
    ap.add_argument("--refresh", action="store_true", help="with --cache: run clang-tidy again anyway")
    a = ap.parse_args()
    a.findings_root = os.path.abspath(a.findings_root)
    if a.cache:
        a.cache = os.path.abspath(a.cache)
    if shutil.which(a.clang_tidy) is None:
        print(f"tidy_parity: clang-tidy not found: {a.clang_tidy}", file=sys.stderr)
        return 2
    if a.jobs < 1:
        sys.exit("tidy_parity: --jobs must be at least 1")
    results, failed = [], False
    with cf.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for name in corpus_names(a.corpus):
            try:
                res = check_corpus(a, name, pool)
            except (RuntimeError, OSError, ValueError) as e:
                print(f"tidy_parity: {name}: {e}", file=sys.stderr)
                failed = True
                continue
            failed |= res["errors"] > 0
            results.append(res)
    if len(results) > 1:
        print("== summary")
        print(f"   {'corpus':9} {'files':>5} {'tidy':>5} {'covered':>7} {'missing':>7}")
        for r in results:
            print(f"   {r['corpus']:9} {r['files']:5} {r['tidy']:5} {r['covered']:7} {r['missing']:7}")
        t = {k: sum(r[k] for r in results) for k in ("files", "tidy", "covered", "missing")}
        print(f"   {'total':9} {t['files']:5} {t['tidy']:5} {t['covered']:7} {t['missing']:7}")
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
