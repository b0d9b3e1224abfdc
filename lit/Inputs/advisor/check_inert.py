#!/usr/bin/env python3
"""lit/Inputs/advisor/check_inert.py MEDIUM FILE — check a report rendered
from lit/Inputs/advisor/hostile keeps the hostile strings inert:
  text      no ESC/BEL/C1 bytes other than perfadvise's own SGR colour codes
  markdown  no ESC, no raw <script>/<img>/<b> outside code spans
  html      exactly one <script> element (ours), no <img, no raw ESC
  json      parses; the strings survive intact (escaped by the encoder)"""
import json
import re
import sys

SGR = re.compile(rb"\x1b\[(?:[0-9;]*)m")


def fail(msg):
    print("NOT INERT: " + msg)
    sys.exit(1)


def main(medium, path):
    data = open(path, "rb").read()
    if medium == "text":
        rest = SGR.sub(b"", data)
        # our own colour codes are SGR only; anything else is the file's
        if any(b in rest for b in (b"\x1b", b"\x07", b"\x9b")) or re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", rest):
            fail("raw control bytes in terminal output")
        if b"\\x1b[31mRED" not in rest:
            fail("escaped name not shown")
    elif medium == "markdown":
        if b"\x1b" in data:
            fail("ESC in markdown")
        outside = re.sub(rb"```+c?\n[\s\S]*?\n```+", b"", data)  # drop code blocks
        outside = re.sub(rb"(`+) .*? \1", b"", outside)  # drop code spans (` x `)
        for tag in (b"<script", b"<img", b"<b>"):
            if tag in outside:
                fail("raw %r outside code" % tag)
    elif medium == "html":
        if data.count(b"<script") != 1:
            fail("%d <script elements" % data.count(b"<script"))
        if b"<img" in data or b"\x1b" in data:
            fail("raw <img or ESC")
        if b"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;" not in data:
            fail("escaped name not shown")
    elif medium == "json":
        doc = json.loads(data.decode("utf-8"))
        if "<script>alert(1)</script>" not in json.dumps(doc):
            fail("string not preserved")
    else:
        fail("unknown medium " + medium)
    print("inert:", medium)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
