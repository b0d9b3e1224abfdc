#!/usr/bin/env python3
"""lit/Inputs/advisor/fifo_out.py FIFO COMMAND... — run COMMAND (which
writes to FIFO) while reading FIFO on another thread; print what came
through, and fail when FIFO is no longer a FIFO afterwards (an output
written beside the path and renamed over it replaces the pipe) or when
nothing could be read within 20 seconds."""
import os
import stat
import subprocess
import sys
import threading


def main():
    fifo = sys.argv[1]
    got = []

    def reader():
        with open(fifo, "rb") as f:
            got.append(f.read())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    rc = subprocess.call(sys.argv[2:])
    t.join(20)
    if t.is_alive():
        # Nobody wrote into the pipe: unblock the reader, then fail.
        with open(fifo, "wb"):
            pass
        t.join(5)
        print("fifo_out: nothing was written into the FIFO")
        return 1
    sys.stdout.write(got[0].decode("utf-8", "replace") if got else "")
    if not stat.S_ISFIFO(os.lstat(fifo).st_mode):
        print("fifo_out: %s is no longer a FIFO" % fifo)
        return 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
