#!/usr/bin/env python3
"""lit/Inputs/advisor/peak_rss.py LIMIT_MB COMMAND... — run COMMAND (exit 0
or 3 expected: a report, perhaps with skipped inputs) and fail when its peak
resident memory (getrusage ru_maxrss of the child) exceeds LIMIT_MB. Prints
the peak and the CPU time, for the log."""
import resource
import subprocess
import sys


def main():
    limit_mb = float(sys.argv[1])
    rc = subprocess.call(sys.argv[2:])
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = use.ru_maxrss / 1024.0  # KiB on Linux
    print("PEAK %.1f MB (limit %.0f MB), CPU %.2f s, exit %d" %
          (peak_mb, limit_mb, use.ru_utime + use.ru_stime, rc))
    if rc not in (0, 3):
        return 1
    return 0 if peak_mb <= limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())
