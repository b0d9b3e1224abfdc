#!/usr/bin/env python3
"""lit/tools/compile_check.py — shared helpers of the robustness and real-code
harnesses (csmith_run.py, realcode_run.py): run a compiler, spot crash or
sanitizer output, and disassemble an object to compare generated code."""
import re
import subprocess
import time

# Output that means the plugin (or clang because of it) went wrong. Plain
# compiler warnings are fine; perfadvise's own warnings are not.
BAD_OUTPUT = re.compile(r"(^|: )(fatal )?error: |warning: perfadvise:|perfadvise: internal error|"
                        r"AddressSanitizer|UndefinedBehaviorSanitizer|: runtime error: |"
                        r"LeakSanitizer|PLEASE submit a bug report|^Stack dump:", re.M)


def run(cmd, env=None, timeout=300, cwd=None):
    """(exit code, combined stdout+stderr text, seconds); exit -999 on timeout."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, cwd=cwd)
        return p.returncode, p.stdout.decode("utf-8", "replace"), time.monotonic() - t0
    except subprocess.TimeoutExpired:
        return -999, f"timeout after {timeout}s", time.monotonic() - t0


def first_bad_line(out):
    """The first line of out matching BAD_OUTPUT, else its last non-empty line."""
    for line in out.splitlines():
        if BAD_OUTPUT.search(line):
            return line.strip()[:300]
    lines = [l for l in out.splitlines() if l.strip()]
    return lines[-1].strip()[:300] if lines else "(no output)"


def disassembly(objdump, obj):
    """llvm-objdump -d text of obj without the line naming the file; None on failure."""
    rc, out, _ = run([objdump, "-d", obj], timeout=120)
    if rc != 0:
        return None
    return "\n".join(l for l in out.splitlines() if "file format" not in l)
