#!/usr/bin/env python3
"""lit/tools/realcode_run.py — compile real C/C++ projects (fetched by
scripts/fetch-real-code.sh) with the perfadvise plugin at -O2 -g and check the
result. Driven by lit/realcode_*.test.

usage: realcode_run.py --project {lmdb,hiredis,sqlite,leveldb} --work DIR
         --plugin SO --clang "CMD" --clangxx "CMD" --fetch scripts/fetch-real-code.sh
         [--plain-clang CMD --plain-clangxx CMD --objdump PATH]  (compare code)
         [--details FILE] [--jobs 2]
Fails (exit 1) when a compile with the plugin exits non-zero or prints an
error, a perfadvise warning, a sanitizer report or a crash banner; when a TU
writes no or an invalid findings file or reports internal-error; and, with
--plain-clang, when the object code differs from a compile without the plugin.
Prints `SKIPPED: <reason>` and exits 0 when the code cannot be fetched (no npm,
offline). Prints per-file status and per-kind counts; --details FILE gets the
findings as lit/tools/jsonq.py prints them, for FileCheck."""
import argparse
import concurrent.futures as cf
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import findings_validate  # noqa: E402
from compile_check import BAD_OUTPUT, disassembly, first_bad_line, run  # noqa: E402

LEVELDB_FILES = ["db/db_impl.cc", "db/version_set.cc", "db/memtable.cc", "db/write_batch.cc",
                 "db/log_writer.cc", "table/table.cc", "table/table_builder.cc",
                 "util/cache.cc", "util/env_posix.cc", "util/arena.cc", "port/port_posix.cc"]

# project -> (directory variable printed by the fetch script, language, files, flags)
PROJECTS = {
    "lmdb": ("LMDB_DIR", "c", ["mdb.c", "midl.c"], ["-I{dir}"]),
    "hiredis": ("HIREDIS_DIR", "c", ["hiredis.c", "net.c", "sds.c", "read.c", "async.c"],
                ["-I{dir}"]),
    "sqlite": ("SQLITE_DIR", "c", ["sqlite3.c"], ["-I{dir}"]),
    # Port configuration as leveldown's leveldb.gyp sets it on Linux (SNAPPY off:
    # snappy is a separate package); LEVELDB_IS_BIG_ENDIAN is for newer LevelDBs.
    "leveldb": ("LEVELDB_DIR", "c++", LEVELDB_FILES,
                ["-std=c++17", "-I{dir}", "-I{dir}/include", "-DLEVELDB_PLATFORM_POSIX=1",
                 "-DOS_LINUX=1", "-DLEVELDB_IS_BIG_ENDIAN=0", "-fno-builtin-memcmp"]),
}


def fetch(script, dest):
    """{NAME: path} from the fetch script, or (None, reason) when unavailable."""
    cmd = ["bash", script] + ([dest] if dest else [])
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode == 2:
        return None, err.splitlines()[0] if err else "fetch-real-code.sh exited 2"
    if p.returncode != 0:
        sys.exit(f"FAIL fetch-real-code.sh exited {p.returncode}: {err}")
    dirs = {}
    for line in p.stdout.decode().splitlines():
        k, sep, v = line.partition("=")
        if sep and k.endswith("_DIR"):
            dirs[k] = v
    return dirs, None


def compile_one(a, lang, src, flags, outdir):
    """(status, detail) for one TU: with the plugin, and optionally without."""
    base = os.path.join(a.work, os.path.basename(src))
    cmd_flags = ["-O2", "-g"] + flags + ["-c", src]
    cc = a.clangxx if lang == "c++" else a.clang
    env = dict(os.environ, PERFADVISE_OUTPUT_DIR=outdir)
    rc, out, secs = run(shlex.split(cc) + ["-fpass-plugin=" + a.plugin] + cmd_flags +
                        ["-o", base + ".pa.o"], env=env, timeout=1200)
    if rc != 0:
        return "FAIL", f"compile with the plugin exited {rc}: {first_bad_line(out)}"
    if BAD_OUTPUT.search(out):
        return "FAIL", f"compile with the plugin printed: {first_bad_line(out)}"
    plain = a.plain_clangxx if lang == "c++" else a.plain_clang
    if plain and a.objdump:
        rc, out, _ = run(shlex.split(plain) + cmd_flags + ["-o", base + ".plain.o"], timeout=1200)
        if rc != 0:
            return "FAIL", f"compile without the plugin exited {rc}: {first_bad_line(out)}"
        d0, d1 = disassembly(a.objdump, base + ".plain.o"), disassembly(a.objdump, base + ".pa.o")
        if d0 is None or d1 is None or d0 != d1:
            return "FAIL", "object code differs with the plugin (llvm-objdump -d)"
        return "PASS", f"{secs:.1f}s, code identical without the plugin"
    return "PASS", f"{secs:.1f}s"


def check_findings(outdir, ntu, details):
    """Validate the findings directory; print counts; returns the number of problems."""
    paths, problems = findings_validate.files_in(outdir)
    bad = len(problems)
    for pr in problems:
        print(f"FAIL {pr}")
    if len(paths) != ntu:
        print(f"FAIL expected {ntu} findings files, found {len(paths)}")
        bad += 1
    counts = {}
    for p in paths:
        doc, probs = findings_validate.validate_file(p)
        for pr in probs:
            print(f"FAIL {os.path.basename(p)}: {pr}")
            bad += 1
        if doc is not None and not probs:
            findings_validate.count_kinds(doc, counts)
    if counts.get("internal-error"):
        print(f"FAIL {counts['internal-error']} internal-error findings")
        bad += 1
    for k in sorted(k for k in counts if not k.startswith("@")):
        print(f"KIND {k} {counts[k]}")
    print(f"EDGES {counts.get('@edges', 0)}")
    print(f"SUMMARIES {counts.get('@summaries', 0)}")
    if details:
        with open(details, "w") as fh:
            p = subprocess.run([sys.executable, os.path.join(HERE, "jsonq.py"), outdir],
                               stdout=fh, stderr=subprocess.PIPE)
        if p.returncode != 0:
            print(f"FAIL jsonq.py: {p.stderr.decode().strip()}")
            bad += 1
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", required=True, choices=sorted(PROJECTS))
    ap.add_argument("--work", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--clang", required=True)
    ap.add_argument("--clangxx", required=True)
    ap.add_argument("--plain-clang")
    ap.add_argument("--plain-clangxx")
    ap.add_argument("--objdump")
    ap.add_argument("--fetch", required=True)
    ap.add_argument("--real-code-dir", default=os.environ.get("PERFADVISE_REAL_CODE_DIR"))
    ap.add_argument("--details")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    a.work = os.path.abspath(a.work)
    dirs, reason = fetch(a.fetch, a.real_code_dir)
    if dirs is None:
        print("*" * 72)
        print(f"SKIPPED: {a.project}: real code unavailable: {reason}")
        print("*" * 72)
        if a.details:
            open(a.details, "w").close()
        return 0
    var, lang, files, flags = PROJECTS[a.project]
    srcdir = dirs[var]
    flags = [f.format(dir=srcdir) for f in flags]
    outdir = os.path.join(a.work, "findings")
    os.makedirs(outdir, exist_ok=True)
    for n in os.listdir(outdir):
        os.remove(os.path.join(outdir, n))
    failed = 0
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futs = [(f, pool.submit(compile_one, a, lang, os.path.join(srcdir, f), flags, outdir))
                for f in files]
        for f, fut in futs:
            status, detail = fut.result()
            print(f"{status} {a.project} {f}: {detail}")
            failed += status == "FAIL"
    failed += check_findings(outdir, len(files), a.details)
    print(f"realcode {a.project}: {len(files)} files, {failed} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
