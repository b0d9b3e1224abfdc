#!/usr/bin/env python3
"""bench/compile_overhead_report.py — summarise bench/compile_overhead.sh's
times.csv: per file the median wall and CPU time with and without the plugin,
the median of the per-pair ratios, peak RSS, and callgrind instruction counts.

usage: compile_overhead_report.py TIMES.csv [--max-ratio R]
Exit 3 when a file's median wall ratio exceeds R."""
import csv
import statistics
import sys


def load(path):
    rows = {}
    with open(path) as fh:
        for r in csv.DictReader(fh):
            rows.setdefault(r["file"], []).append(r)
    return rows


def pairs_of(rows):
    """{pair: {variant: row}} for the timed (non-callgrind) runs."""
    out = {}
    for r in rows:
        if r["variant"] in ("plain", "plugin"):
            out.setdefault(r["pair"], {})[r["variant"]] = r
    return {k: v for k, v in out.items() if len(v) == 2}


def cpu(r):
    return float(r["user_s"]) + float(r["sys_s"])


def summarise(name, rows, max_ratio):
    pairs = pairs_of(rows)
    worst = 0.0
    if pairs:
        plain = [p["plain"] for p in pairs.values()]
        plug = [p["plugin"] for p in pairs.values()]
        wall_ratios = [float(p["plugin"]["wall_s"]) / float(p["plain"]["wall_s"]) for p in pairs.values()]
        cpu_ratios = [cpu(p["plugin"]) / cpu(p["plain"]) for p in pairs.values()]
        med = statistics.median
        print(f"{name}: {len(pairs)} pairs")
        w0, w1 = med(float(r["wall_s"]) for r in plain), med(float(r["wall_s"]) for r in plug)
        c0, c1 = med(cpu(r) for r in plain), med(cpu(r) for r in plug)
        print(f"{name}:   wall  plain {w0:.2f}s  plugin {w1:.2f}s  "
              f"ratio: median of pairs {med(wall_ratios):.3f} (min {min(wall_ratios):.3f}, "
              f"max {max(wall_ratios):.3f}), of medians {w1 / w0:.3f}")
        print(f"{name}:   cpu   plain {c0:.2f}s  plugin {c1:.2f}s  "
              f"ratio: median of pairs {med(cpu_ratios):.3f} (min {min(cpu_ratios):.3f}, "
              f"max {max(cpu_ratios):.3f}), of medians {c1 / c0:.3f}")
        rss0 = med(int(r["rss_kb"]) for r in plain)
        rss1 = med(int(r["rss_kb"]) for r in plug)
        print(f"{name}:   peak RSS plain {rss0 / 1024:.0f} MB  plugin {rss1 / 1024:.0f} MB  "
              f"(+{(rss1 - rss0) / 1024:.1f} MB, ratio {rss1 / rss0:.3f})")
        worst = med(wall_ratios)
    cg = {r["variant"]: int(r["wall_s"]) for r in rows
          if r["variant"].startswith("callgrind-") and r["wall_s"].isdigit()}
    if "callgrind-plain" in cg and "callgrind-plugin" in cg:
        a, b = cg["callgrind-plain"], cg["callgrind-plugin"]
        print(f"{name}:   instructions (callgrind) plain {a:,}  plugin {b:,}  "
              f"ratio {b / a:.4f} (+{b - a:,})")
        for key, what in (("pa_plugin_run_module", "the whole plugin"),
                          ("pa_extract_module", "  of which the extractor"),
                          ("pa_bridge_function_loops", "    of which loops/SCEV/BFI queries")):
            c = cg.get("callgrind-inside-" + key)
            if c is not None:
                print(f"{name}:   {what:34} {c:>14,} instructions = {100.0 * c / b:.2f}% "
                      f"of the compile ({key}, inclusive)")
    verdict = "within" if worst <= 1.05 else "ABOVE"
    if pairs:
        print(f"{name}:   target wall ratio <= 1.05: {verdict}")
    return 3 if (max_ratio and worst > max_ratio) else 0


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    max_ratio = float(argv[argv.index("--max-ratio") + 1]) if "--max-ratio" in argv else None
    status = 0
    for name, rows in load(argv[1]).items():
        status = max(status, summarise(name, rows, max_ratio))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
