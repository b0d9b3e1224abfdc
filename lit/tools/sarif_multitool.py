#!/usr/bin/env python3
"""lit/tools/sarif_multitool.py — run Microsoft's SARIF Multitool `validate` on
SARIF logs and fail on any error or warning it reports.

usage: sarif_multitool.py MULTITOOL [--rule-kind KINDS] LOG.sarif...

MULTITOOL is the Sarif.Multitool executable of the npm package
@microsoft/sarif-multitool-linux (scripts/setup.sh installs it into
.cache/sarif-multitool). Without --rule-kind the Multitool's default rules
run; `--rule-kind "Sarif;Gh;Ghas"` adds the GitHub code-scanning rule sets
(GH*, GHAS*). The Multitool writes its own findings as a SARIF log; this
script reads that log (levels error and warning), counts them per input log
and repeats the Multitool's console lines for them (all logs are validated
in one run: the Multitool starts slowly). Prints one line per log:
`multitool[KINDS]: LOG: 0 errors, 0 warnings`. Exit 0 when every log is
clean, 1 otherwise, 2 when the Multitool itself fails."""
import json
import os
import subprocess
import sys
import tempfile


def validate(tool, kinds, logs):
    env = dict(os.environ)
    # The Multitool is a .NET program; without ICU it needs invariant mode.
    env["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1"
    env.setdefault("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
    with tempfile.TemporaryDirectory(prefix="pa-multitool-") as tmp:
        out = os.path.join(tmp, "validation.sarif")
        cmd = [tool, "validate"] + logs + ["--output", out, "--log", "ForceOverwrite"]
        if kinds:
            cmd += ["--rule-kind", kinds]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
        except (OSError, subprocess.TimeoutExpired) as e:
            print("multitool: cannot run %s: %s" % (tool, e))
            return None
        if not os.path.exists(out):
            print("multitool: no validation log; exit %d\n%s%s" % (proc.returncode, proc.stdout, proc.stderr))
            return None
        with open(out, encoding="utf-8-sig") as fh:
            vlog = json.load(fh)
    counts = {os.path.basename(log): {"error": 0, "warning": 0} for log in logs}
    for run in vlog.get("runs", []):
        for inv in run.get("invocations", []):
            if inv.get("executionSuccessful") is False:
                print("multitool: execution not successful:\n" + proc.stdout + proc.stderr)
                return None
        for res in run.get("results", []):
            level = res.get("level", "warning")
            uri = ""
            for loc in res.get("locations", []):
                uri = loc.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", uri)
            name = os.path.basename(uri)
            if name not in counts:
                # Not about one of the logs: count it against every log.
                for c in counts.values():
                    c[level] = c.get(level, 0) + 1
            else:
                counts[name][level] = counts[name].get(level, 0) + 1
    for line in proc.stdout.splitlines():
        if " error " in line or " warning " in line:
            print("  " + line.strip())
    return counts


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    tool, args = argv[1], argv[2:]
    kinds = None
    if args[0] == "--rule-kind":
        if len(args) < 3:
            print(__doc__)
            return 2
        # The Multitool's option parser rejects a single value; "Sarif;Gh" works.
        kinds = args[1] if ";" in args[1] else "Sarif;" + args[1]
        args = args[2:]
    if len({os.path.basename(log) for log in args}) != len(args):
        print("multitool: give logs distinct file names")
        return 2
    counts = validate(tool, kinds, args)
    if counts is None:
        return 2
    bad = False
    for log in args:
        c = counts[os.path.basename(log)]
        print("multitool[%s]: %s: %d errors, %d warnings" %
              (kinds or "default", os.path.basename(log), c["error"], c["warning"]))
        bad |= c["error"] + c["warning"] > 0
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
