"""Variants of one findings file for lit/advisor_site_fold.c.

  site_variants.py FINDINGS_DIR OUT_DIR MODE [LINE]

  boost LINE   the loop-alloc at LINE runs a million times per call: it
               outranks the lock finding at its site (a lock group's lead)
  drop LINE    without the findings at LINE (fixed since the baseline)
  split LINE   a third finding at LINE (a loop-realloc-growth copy of its
               loop-alloc, id 00000000000000aa), the site's findings split
               over a.json and b.json; OUT_DIR/1 and OUT_DIR/2 name the
               files in the two orders
"""
import copy
import glob
import json
import os
import sys


def main():
    src, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    line = int(sys.argv[4])
    path = glob.glob(os.path.join(src, "*.json"))[0]
    doc = json.load(open(path))
    at_line = [f for f in doc["findings"] if f["location"]["line"] == line]
    os.makedirs(out, exist_ok=True)
    if mode == "boost":
        for f in at_line:
            if f["kind"] == "loop-alloc":
                f["evidence"]["executions_per_call"] = 1e6
        json.dump(doc, open(os.path.join(out, "site.json"), "w"))
    elif mode == "drop":
        doc["findings"] = [f for f in doc["findings"] if f["location"]["line"] != line]
        json.dump(doc, open(os.path.join(out, "site.json"), "w"))
    elif mode == "split":
        loop = [f for f in at_line if f["kind"] == "loop-alloc"][0]
        extra = copy.deepcopy(loop)
        extra["id"] = "00000000000000aa"
        extra["kind"] = "loop-realloc-growth"
        first = copy.deepcopy(doc)
        first["findings"] = [f for f in doc["findings"] if f is not loop]
        second = copy.deepcopy(doc)
        second["findings"] = [loop, extra]
        for order, names in (("1", ("a.json", "b.json")), ("2", ("b.json", "a.json"))):
            os.makedirs(os.path.join(out, order), exist_ok=True)
            json.dump(first, open(os.path.join(out, order, names[0]), "w"))
            json.dump(second, open(os.path.join(out, order, names[1]), "w"))
    else:
        sys.exit("site_variants.py: unknown mode " + mode)


if __name__ == "__main__":
    main()
