#!/usr/bin/env python3
"""lit/tools/check_kind_anchors.py — every finding kind of common/kinds.c has
an anchor <a id="KIND"></a> in docs/remarks.md: the SARIF report's helpUri
of each rule is <docs>/remarks.md#KIND (advisor/render_sarif.c).

usage: check_kind_anchors.py common/kinds.c docs/remarks.md
Prints `anchors: N kinds, all anchored` and exits 0, or names each kind
without an anchor and exits 1."""
import re
import sys


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        kinds = re.findall(r'\.kind\s*=\s*"([a-z][a-z-]*)"', fh.read())
    with open(argv[2], encoding="utf-8") as fh:
        anchors = set(re.findall(r'<a id="([a-z][a-z-]*)"></a>', fh.read()))
    missing = [k for k in kinds if k not in anchors]
    for k in missing:
        print("missing anchor: %s" % k)
    if not kinds or missing:
        return 1
    print("anchors: %d kinds, all anchored" % len(kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
