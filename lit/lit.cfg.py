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
config.substitutions.append(("%pa-remarks", "-Rpass-missed=perfadvise -Rpass-analysis=perfadvise"))
config.substitutions.append(("%pa", "-fpass-plugin=" + config.pa_plugin))
config.substitutions.append(("%jq", config.pa_python + " " + os.path.join(config.pa_src_root, "lit", "tools", "jsonq.py")))

# FileCheck and not from LLVM 19 first on PATH.
config.environment["PATH"] = os.pathsep.join([config.pa_llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])
for var in ("HOME", "TMPDIR", "PERFADVISE_NPM_CACHE", "PERFADVISE_REAL_CODE_DIR", "CI"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Tests set PERFADVISE_OUTPUT_DIR themselves; never inherit one.
config.environment.pop("PERFADVISE_OUTPUT_DIR", None)
# Nor a configuration file (docs/config.md): tests that want one say so.
config.environment.pop("PERFADVISE_CONFIG", None)

import shutil
if shutil.which("clang-14"):
    config.available_features.add("clang14")
if config.pa_advisor:
    config.available_features.add("advisor")
if os.environ.get("PERFADVISE_SLOW_TESTS", "1") != "0":
    config.available_features.add("slow")
