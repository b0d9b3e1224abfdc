#!/usr/bin/env python3
"""lit/Inputs/advisor/validate_sarif.py — validate a SARIF log against the
official SARIF 2.1.0 JSON schema (sarif-2.1.0-rtm.5.json, as shipped in the
npm package @microsoft/jest-sarif), plus structural checks that run even when
the schema cannot be fetched: rules and results agree; every result has a
location (GitHub code scanning rejects one without); every URI is either
relative with uriBaseId %SRCROOT% (declared in originalUriBaseIds as an
absolute file:// URI ending in '/') or an absolute file:// URI without one;
no URI has a '.' or '..' segment; tool.driver.informationUri and every
rule's helpUri are https URLs; related locations say what happened there.

usage: validate_sarif.py LOG.sarif
The schema is fetched once with `npm pack` into $PERFADVISE_NPM_CACHE (default
<repo>/.cache/npm, git-ignored). Without npm, network or python3-jsonschema
the schema step is skipped with a printed reason; the structural checks still
run. Exit 0 when valid, 1 when not."""
import json
import os
import subprocess
import sys
import tarfile
import urllib.parse

PKG = "@microsoft/jest-sarif@1.0.0-beta.0"
MEMBER = "package/lib/schemas/sarif-2.1.0-rtm.5.json"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def fail(msg):
    print("INVALID: " + msg)
    sys.exit(1)


def structural(log):
    if log.get("version") != "2.1.0":
        fail("version is not 2.1.0")
    runs = log.get("runs")
    if not isinstance(runs, list) or not runs:
        fail("no runs")
    for run in runs:
        driver = run.get("tool", {}).get("driver", {})
        if driver.get("name") != "perfadvise":
            fail("tool.driver.name is not perfadvise")
        rules = driver.get("rules", [])
        base = check_run_header(run)
        ids = [r.get("id") for r in rules]
        if len(set(ids)) != len(ids):
            fail("duplicate rule ids")
        for res in run.get("results", []):
            if res.get("ruleId") not in ids:
                fail("result ruleId %r not in tool.driver.rules" % res.get("ruleId"))
            if ids[res.get("ruleIndex", -1)] != res.get("ruleId"):
                fail("ruleIndex does not point at ruleId")
            if res.get("level") not in ("none", "note", "warning", "error"):
                fail("bad level %r" % res.get("level"))
            if not res.get("message", {}).get("text"):
                fail("result without message.text")
            if not res.get("locations"):
                fail("result %r without locations (GitHub rejects it)" % res.get("ruleId"))
            for loc in res.get("locations", []) + res.get("relatedLocations", []):
                pl = loc.get("physicalLocation", {})
                check_artifact(pl.get("artifactLocation", {}), base)
                if pl.get("region", {}).get("startLine", 0) < 1:
                    fail("location without region.startLine >= 1")
            for rel in res.get("relatedLocations", []):
                text = rel.get("message", {}).get("text", "")
                if not text or "?()" in text:
                    fail("related location without a real message: %r" % text)


def check_uri_text(uri):
    """No '.' or '..' segment, decoded or not (GitHub and the SARIF
    Multitool resolve URIs without them)."""
    path = urllib.parse.urlsplit(uri).path
    for seg in path.split("/") + urllib.parse.unquote(path).split("/"):
        if seg in (".", ".."):
            fail("URI with a %r segment: %s" % (seg, uri))


def check_artifact(art, base):
    uri = art.get("uri")
    if not uri:
        fail("location without artifactLocation.uri")
    check_uri_text(uri)
    if "uriBaseId" in art:
        if art["uriBaseId"] != "%SRCROOT%" or "%SRCROOT%" not in base:
            fail("uriBaseId %r not declared in originalUriBaseIds" % art["uriBaseId"])
        if urllib.parse.urlsplit(uri).scheme or uri.startswith("/"):
            fail("uriBaseId with an absolute URI: %s" % uri)
    elif not uri.startswith("file:///"):
        fail("relative URI without uriBaseId: %s" % uri)


def check_run_header(run):
    driver = run.get("tool", {}).get("driver", {})
    if not str(driver.get("informationUri", "")).startswith("https://"):
        fail("tool.driver.informationUri is not an https URL")
    for rule in driver.get("rules", []):
        help_uri = str(rule.get("helpUri", ""))
        if not help_uri.startswith("https://"):
            fail("rule %r without an https helpUri" % rule.get("id"))
        if "#" in help_uri and not help_uri.endswith("/remarks.md#" + str(rule.get("id"))):
            fail("rule %r: helpUri %s is not its docs/remarks.md anchor" % (rule.get("id"), help_uri))
    base = run.get("originalUriBaseIds", {})
    for name, val in base.items():
        uri = val.get("uri", "")
        if not uri.startswith("file:///") or not uri.endswith("/"):
            fail("originalUriBaseIds[%s] is not an absolute file:// directory URI: %s" % (name, uri))
        check_uri_text(uri)
    return base


def fetch_schema():
    cache = os.environ.get("PERFADVISE_NPM_CACHE") or os.path.join(ROOT, ".cache", "npm")
    path = os.path.join(cache, "sarif-2.1.0-rtm.5.json")
    if os.path.exists(path):
        return path, None
    os.makedirs(cache, exist_ok=True)
    try:
        out = subprocess.run(["npm", "pack", PKG, "--pack-destination", cache, "--silent"],
                             capture_output=True, text=True, timeout=180)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, "npm pack failed: %s" % e
    if out.returncode != 0:
        return None, "npm pack %s failed: %s" % (PKG, out.stderr.strip()[:200])
    tgz = os.path.join(cache, out.stdout.strip().splitlines()[-1])
    try:
        with tarfile.open(tgz) as tf:
            data = tf.extractfile(MEMBER).read()
    except (OSError, KeyError, tarfile.TarError) as e:
        return None, "cannot read the schema from %s: %s" % (tgz, e)
    tmp = path + ".part"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return path, None


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        log = json.load(fh)
    structural(log)
    print("structure: ok")
    try:
        import jsonschema
    except ImportError:
        print("SKIP schema validation: python3-jsonschema is not installed")
        return 0
    path, why = fetch_schema()
    if not path:
        print("SKIP schema validation: " + why)
        return 0
    with open(path, encoding="utf-8") as fh:
        schema = json.load(fh)
    cls = jsonschema.validators.validator_for(schema)
    errors = sorted(cls(schema).iter_errors(log), key=lambda e: list(e.path))
    for e in errors[:10]:
        print("INVALID: %s: %s" % ("/".join(str(p) for p in e.path), e.message))
    if errors:
        return 1
    print("schema: valid against %s" % schema.get("title", os.path.basename(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
