#!/usr/bin/env python3
"""bench/static_freqs_vs_bfi.py — how close perfadvise's static block
frequencies (plugin/llvm/PerfAdvisePass.cpp, staticBlockFreqs) are to LLVM's
BlockFrequencyInfo on the same IR.

    bench/static_freqs_vs_bfi.py --plugin build/lib/libperfadvise.so FILE.ll [--show N]

FILE.ll: textual IR with named blocks (`opt -passes=instnamer`). Runs the
plugin's late pass under opt-19 with PERFADVISE_DUMP_BLOCK_FREQS=1 (the
frequencies of every function the call profile reads) and
`opt-19 -passes='print<block-freq>'`, then prints how many functions have
every block within 5 % of BlockFrequencyInfo (blocks run less than 0.001
times per call and blocks deeper than three loops, where the estimate stops
scaling on purpose, are left out) and the N functions that differ most.
Exit 0; 2 when a tool fails.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit("static_freqs_vs_bfi: %s failed: %s" % (cmd[0], p.stderr[-2000:]))
    return p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--opt", default="opt-19")
    ap.add_argument("--show", type=int, default=15)
    ap.add_argument("ir")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, PERFADVISE_DUMP_BLOCK_FREQS="1", PERFADVISE_OUTPUT_DIR=out)
        ours_text = run([a.opt, "-load-pass-plugin=" + a.plugin, "-passes=perfadvise-late",
                         "-disable-output", a.ir], env)
    ours = {}
    for line in ours_text.splitlines():
        f = line.split()
        if len(f) == 5 and f[0] == "perfadvise-freq":
            ours[(f[1], f[2])] = (float(f[3]), int(f[4]))
    bfi, fn = {}, None
    for line in run([a.opt, "-passes=print<block-freq>", "-disable-output", a.ir]).splitlines():
        m = re.match(r"Printing analysis results of BFI for function '(.*)'", line)
        if m:
            fn = m.group(1)
            continue
        m = re.match(r" - (\S+): float = ([\d.e+-]+)", line)
        if m:
            bfi[(fn, m.group(1))] = float(m.group(2))
    worst = {}
    for key, (freq, depth) in ours.items():
        if key not in bfi or depth > 3:
            continue
        theirs = bfi[key]
        hi, lo = max(freq, theirs), min(freq, theirs)
        ratio = hi / max(lo, 1e-12) if hi > 1e-3 else 1.0
        if key[0] not in worst or ratio > worst[key[0]][0]:
            worst[key[0]] = (ratio, key[1], freq, theirs)
    close = sum(1 for r in worst.values() if r[0] <= 1.05)
    print("%d functions compared, %d with every block within 5%% of BlockFrequencyInfo (%.1f %%)"
          % (len(worst), close, 100.0 * close / max(len(worst), 1)))
    for name, (ratio, block, freq, theirs) in sorted(worst.items(), key=lambda x: -x[1][0])[:a.show]:
        if ratio <= 1.05:
            break
        print("  %8.2fx  %s  block %s: static %.4g, BlockFrequencyInfo %.4g" % (ratio, name, block, freq, theirs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
