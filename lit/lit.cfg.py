# lit/lit.cfg.py — lit configuration for perfadvise's FileCheck tests.
# Run: python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv build/lit
import os
import lit.formats

config.name = "perfadvise"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".c", ".cpp", ".ll", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "README.md"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.pa_obj_root, "lit")

# Compile the way users do: -O2 -g with the plugin; %pa-remarks shows every remark.
# A sanitized plugin (-DPERFADVISE_SANITIZE=ON) needs the ASan runtime
# preloaded into the uninstrumented clang/opt that load it. Leak checking is
# off because clang deliberately does not free its memory at exit; SEGV
# handling is left to LLVM's crash recovery (lit/plugin_crash_recovery.c).
run_prefix = ""
if getattr(config, "pa_asan_runtime", "") and os.path.exists(config.pa_asan_runtime):
    run_prefix = ("env LD_PRELOAD=" + config.pa_asan_runtime +
                  " ASAN_OPTIONS=detect_leaks=0:handle_segv=0:handle_abort=0:abort_on_error=0"
                  " UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ")
    config.available_features.add("asan-plugin")
config.substitutions.append(("%clangxx", run_prefix + config.pa_clangxx))
config.substitutions.append(("%clang", run_prefix + config.pa_clang))
config.substitutions.append(("%opt", run_prefix + config.pa_opt))
config.substitutions.append(("%pa-env", run_prefix or "env "))
config.substitutions.append(("%plain-clangxx", config.pa_clangxx))
config.substitutions.append(("%plain-clang", config.pa_clang))
config.substitutions.append(("%plugin", config.pa_plugin))
config.substitutions.append(("%perfadvise", config.pa_advisor))
config.substitutions.append(("%python", config.pa_python))
config.substitutions.append(("%srcroot", config.pa_src_root))
config.substitutions.append(("%objroot", config.pa_obj_root))
# perfadvise scan runs clang itself: with a sanitized plugin it gets wrappers
# that preload the ASan runtime (the advisor must not have it preloaded).
scan_cc, scan_cxx = config.pa_clang, config.pa_clangxx
if run_prefix:
    os.makedirs(config.test_exec_root, exist_ok=True)
    for name, real in (("scan-clang", config.pa_clang), ("scan-clang++", config.pa_clangxx)):
        wrapper = os.path.join(config.test_exec_root, name)
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nexec " + run_prefix + real + ' "$@"\n')
        os.chmod(wrapper, 0o755)
        if name == "scan-clang":
            scan_cc = wrapper
        else:
            scan_cxx = wrapper
config.substitutions.append(("%scan-compilers", "--clang=" + scan_cc + " --clangxx=" + scan_cxx))
config.substitutions.append(("%pa-remarks", "-Rpass-missed=perfadvise -Rpass-analysis=perfadvise"))
config.substitutions.append(("%pa", "-fpass-plugin=" + config.pa_plugin))
config.substitutions.append(("%jq", config.pa_python + " " + os.path.join(config.pa_src_root, "lit", "tools", "jsonq.py")))

# FileCheck and not from LLVM 19 first on PATH.
config.environment["PATH"] = os.pathsep.join([config.pa_llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])
for var in ("HOME", "TMPDIR", "PERFADVISE_NPM_CACHE", "PERFADVISE_REAL_CODE_DIR", "CI",
            "DOTNET_BUNDLE_EXTRACT_BASE_DIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Tests set PERFADVISE_OUTPUT_DIR themselves; never inherit one.
config.environment.pop("PERFADVISE_OUTPUT_DIR", None)
# Nor a configuration file (docs/config.md): tests that want one say so.
config.environment.pop("PERFADVISE_CONFIG", None)

import shutil
for tool in ("bear", "meson", "ninja", "gcc", "autoconf"):
    if shutil.which(tool):
        config.available_features.add(tool)
if shutil.which("ccache"):
    config.available_features.add("ccache")
config.substitutions.append(("%report-list", config.pa_python + " " + os.path.join(config.pa_src_root, "lit", "tools", "report_list.py")))
# clang-tidy-19 (scripts/setup.sh): tidy_parity.test compares its
# performance-inefficient-vector-operation with perfadvise's loop findings.
if shutil.which("clang-tidy-19"):
    config.available_features.add("clang-tidy-19")
else:
    lit_config.note("clang-tidy-19 not installed: tidy_parity.test is UNSUPPORTED "
                    "(scripts/setup.sh installs it)")
if shutil.which("clang-14"):
    config.available_features.add("clang14")
if config.pa_advisor:
    config.available_features.add("advisor")
    try:  # an ASan advisor (-DPERFADVISE_SANITIZE=ON): memory bounds do not apply
        with open(config.pa_advisor, "rb") as fh:
            if b"__asan_init" in fh.read():
                config.available_features.add("advisor-sanitized")
    except OSError:
        pass
if os.environ.get("PERFADVISE_SLOW_TESTS", "1") != "0":
    config.available_features.add("slow")

# Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool-linux, installed
# by scripts/setup.sh into .cache/sarif-multitool when the network allows):
# $PERFADVISE_SARIF_MULTITOOL names another copy.
multitool = os.environ.get("PERFADVISE_SARIF_MULTITOOL") or os.path.join(
    config.pa_src_root, ".cache", "sarif-multitool", "node_modules", "@microsoft",
    "sarif-multitool-linux", "Sarif.Multitool")
if os.path.isfile(multitool) and os.access(multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
    config.substitutions.append(("%sarif-multitool", config.pa_python + " " + os.path.join(
        config.pa_src_root, "lit", "tools", "sarif_multitool.py") + " " + multitool))
else:
    lit_config.note("SARIF Multitool not installed at %s: advisor_sarif_multitool.test is "
                    "UNSUPPORTED (scripts/setup.sh installs it with npm when the network allows)"
                    % multitool)

# Editors whose error parsers the editor tests drive (docs/editors.md).
for editor in ("vim", "emacs", "nvim"):
    if shutil.which(editor):
        config.available_features.add(editor)
    else:
        lit_config.note("%s not installed: its editor test is UNSUPPORTED (scripts/setup.sh "
                        "installs it)" % editor)
