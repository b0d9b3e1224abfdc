"""bench/pa_ids.py — the findings id (docs/findings-format.md) in Python:
FNV-1a 64 of kind, function, file basename (each NUL terminated), then line
and column as two little-endian 32-bit numbers. Same as passes/findings.c."""
import os
import struct


def finding_id(kind, function, file, line, column):
    h = 14695981039346656037
    data = (kind.encode() + b"\0" + function.encode() + b"\0" +
            os.path.basename(file or "").encode() + b"\0" + struct.pack("<II", line, column))
    for b in data:
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h
