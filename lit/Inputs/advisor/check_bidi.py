#!/usr/bin/env python3
"""lit/Inputs/advisor/check_bidi.py FILE [EXPECT...] — fail when FILE (a
report for a reader: text, Markdown, HTML) holds a raw bidirectional control
or line separator (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C,
U+2028, U+2029: "Trojan Source"); each EXPECT (such as \\u202e) must appear,
showing the control was escaped rather than dropped."""
import sys

BIDI = [0x061C, 0x200E, 0x200F, 0x2028, 0x2029] + list(range(0x202A, 0x202F)) + \
    list(range(0x2066, 0x206A))


def main(path, expects):
    text = open(path, "rb").read().decode("utf-8", errors="replace")
    raw = sorted({"U+%04X" % ord(c) for c in text if ord(c) in BIDI})
    if raw:
        print("RAW BIDI %s in %s" % (" ".join(raw), path))
        return 1
    missing = [e for e in expects if e not in text]
    if missing:
        print("NOT SHOWN %s in %s" % (" ".join(missing), path))
        return 1
    print("INERT " + path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
