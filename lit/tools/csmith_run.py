#!/usr/bin/env python3
"""lit/tools/csmith_run.py — robustness run of the perfadvise plugin over csmith
programs with fixed seeds (reproducible). Driven by lit/robust_csmith.test.

For each seed: generate the program once (cached in WORK), compile it without
the plugin; if clang rejects it on its own the case is SKIPPED. Otherwise compile
it with the plugin and PERFADVISE_OUTPUT_DIR set; the case FAILS when that
compile exits non-zero, prints an error, a perfadvise internal-error warning, a
sanitizer report or a crash banner, writes no or an invalid findings file
(lit/tools/findings_validate.py), or changes the generated code
(llvm-objdump -d of both objects differs).

usage: csmith_run.py --work DIR --plugin SO --clang "CMD" --plain-clang CMD
         [--clangxx "CMD" --plain-clangxx CMD] [--seeds 1-50] [--levels-every 5]
         [--cxx-every 5] [--dump-model-every 0] [--jobs 2] [--min-checked 45] [--objdump PATH]
--clang may carry an env prefix (the ASan runtime for a sanitized plugin).
Exit 0 when every case passes and at least --min-checked C cases ran at -O2."""
import argparse
import concurrent.futures as cf
import os
import shlex
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import findings_validate  # noqa: E402
from compile_check import BAD_OUTPUT, disassembly, first_bad_line, run  # noqa: E402

CSMITH_INC = "/usr/include/csmith"


def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        seeds.extend(range(int(lo), int(hi or lo) + 1))
    return seeds


def generate(work, seed, lang):
    """Path of the csmith program for seed (cached), or None if csmith failed."""
    ext = "cpp" if lang == "c++" else "c"
    path = os.path.join(work, "src", f"csmith_{seed}.{ext}")
    if os.path.exists(path) and os.path.getsize(path) > 0:
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    cmd = ["csmith", "--seed", str(seed), "--max-funcs", "8", "-o", path + ".tmp"]
    if lang == "c++":
        cmd.insert(1, "--lang-cpp")
    # csmith drops a platform.info into its working directory: keep it in WORK.
    rc, _, _ = run(cmd, timeout=60, cwd=work)
    if rc != 0:
        return None
    os.replace(path + ".tmp", path)
    return path


def check_case(a, seed, lang, opt):
    """One compile pair. Returns (status, detail, counts) with status PASS/SKIP/FAIL."""
    src = generate(a.work, seed, lang)
    if src is None:
        return "SKIP", "csmith failed to generate", {}
    tag = f"{'cxx' if lang == 'c++' else 'c'}_{seed}_{opt}"
    base = os.path.join(a.work, tag)
    outdir = base + ".findings"
    for stale in (base + ".plain.o", base + ".pa.o"):
        if os.path.exists(stale):
            os.remove(stale)
    if os.path.isdir(outdir):
        for n in os.listdir(outdir):
            os.remove(os.path.join(outdir, n))
    os.makedirs(outdir, exist_ok=True)
    flags = [opt, "-g", "-w", "-I" + CSMITH_INC, "-c", src]
    if lang == "c++":
        flags = ["-x", "c++", "-std=c++03"] + flags
    plain = shlex.split(a.plain_clangxx if lang == "c++" else a.plain_clang)
    with_pa = shlex.split(a.clangxx if lang == "c++" else a.clang)
    rc, out, _ = run(plain + flags + ["-o", base + ".plain.o"])
    if rc != 0:
        return "SKIP", "clang rejects it without the plugin", {}
    env = dict(os.environ, PERFADVISE_OUTPUT_DIR=outdir)
    if a.dump_model_every and seed % a.dump_model_every == 0:
        env["PERFADVISE_DUMP_MODEL"] = "1"  # the model printer must survive it too
    rc, out, secs = run(with_pa + ["-fpass-plugin=" + a.plugin] + flags + ["-o", base + ".pa.o"],
                        env=env)
    if rc != 0:
        return "FAIL", f"compile with the plugin exited {rc}: {first_bad_line(out)}", {}
    if BAD_OUTPUT.search(out):
        return "FAIL", f"compile with the plugin printed: {first_bad_line(out)}", {}
    files = sorted(os.listdir(outdir))
    if len(files) != 1 or not files[0].endswith(".json"):
        return "FAIL", f"expected one findings file, found {files}", {}
    doc, problems = findings_validate.validate_file(os.path.join(outdir, files[0]))
    if problems:
        return "FAIL", f"invalid findings file: {problems[0]}", {}
    counts = {}
    findings_validate.count_kinds(doc, counts)
    if "internal-error" in counts:
        return "FAIL", "findings file reports internal-error", counts
    if a.objdump:
        d0, d1 = disassembly(a.objdump, base + ".plain.o"), disassembly(a.objdump, base + ".pa.o")
        if d0 is None or d1 is None or d0 != d1:
            return "FAIL", "object code differs with the plugin (llvm-objdump -d)", counts
    return "PASS", f"{secs:.2f}s", counts


def plan(a):
    cases = []
    for i, seed in enumerate(parse_seeds(a.seeds)):
        cases.append((seed, "c", "-O2"))
        if a.levels_every and i % a.levels_every == 0:
            cases += [(seed, "c", "-O0"), (seed, "c", "-O1")]
        if a.clangxx and a.cxx_every and i % a.cxx_every == 0:
            cases.append((seed, "c++", "-O2"))
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--clang", required=True)
    ap.add_argument("--plain-clang", required=True)
    ap.add_argument("--clangxx")
    ap.add_argument("--plain-clangxx")
    ap.add_argument("--seeds", default="1-50")
    ap.add_argument("--levels-every", type=int, default=5)
    ap.add_argument("--cxx-every", type=int, default=5)
    ap.add_argument("--dump-model-every", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--min-checked", type=int, default=0)
    ap.add_argument("--objdump")
    a = ap.parse_args()
    a.work = os.path.abspath(a.work)
    os.makedirs(a.work, exist_ok=True)
    cases = plan(a)
    results, totals = {}, {}
    t0 = time.monotonic()
    # Generate serially first: cases of one seed share its program.
    for seed, lang in sorted({(c[0], c[1]) for c in cases}):
        generate(a.work, seed, lang)
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futs = {pool.submit(check_case, a, *c): c for c in cases}
        for fut in cf.as_completed(futs):
            results[futs[fut]] = fut.result()
    tally = {}
    for case in cases:
        status, detail, counts = results[case]
        seed, lang, opt = case
        key = f"{lang} {opt}"
        tally.setdefault(key, {"PASS": 0, "SKIP": 0, "FAIL": 0})[status] += 1
        if status != "PASS":
            print(f"{status} seed={seed} lang={lang} {opt}: {detail}")
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
    for key in sorted(tally):
        t = tally[key]
        print(f"csmith {key}: {t['PASS']} passed, {t['SKIP']} skipped, {t['FAIL']} failed")
    for k in sorted(k for k in totals if not k.startswith("@")):
        print(f"csmith findings {k}: {totals[k]}")
    print(f"csmith summaries: {totals.get('@summaries', 0)}, lock edges: {totals.get('@edges', 0)}")
    failed = sum(t["FAIL"] for t in tally.values())
    checked = tally.get("c -O2", {}).get("PASS", 0)
    print(f"csmith: {len(cases)} cases in {time.monotonic() - t0:.0f}s, {failed} failed, "
          f"{checked} C programs checked at -O2")
    if checked < a.min_checked:
        print(f"FAIL only {checked} C programs checked at -O2, fewer than --min-checked {a.min_checked}")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
