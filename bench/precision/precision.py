#!/usr/bin/env python3
"""bench/precision/precision.py — judge perfadvise by the top of its default
report on real code it was not tuned on (see /work/shared/JUDGING.md).

  precision.py list [--files]
  precision.py build  --plugin SO --corpus NAME|all [--jobs 2] [--timing [--repeat N]]
  precision.py report --advisor EXE --corpus NAME|all [--top 20] [--check MAX_FALSE]
                      [--tsv] [--json FILE]
  precision.py diff   OLD_OUT NEW_OUT [--corpus NAME|all]

`build` fetches each corpus (npm pack of a pinned version into .real-code/,
git-ignored), configures it when its build needs that (librdkafka), and
compiles every file of the corpus with `clang-19`/`clang++-19 -O2 -g
-fpass-plugin=SO`, PERFADVISE_OUTPUT_DIR=bench/out/precision/<corpus>/findings.
`report` runs `perfadvise report --format json` (the default report:
actionable findings only) on those findings, takes the top N in report order,
matches them against bench/precision/verdicts/<corpus>.tsv and prints
precision at 10 and 20, false and minor rates, per-kind counts and the top
findings that still lack a verdict. `diff` compares the findings files of
two `build` outputs (PERFADVISE_PRECISION_OUT directories): the findings
that came, went or whose message changed, keyed by kind, file, line and
function, so that a change meant to keep behaviour can show it did. Python 3
standard library only."""
import argparse
import concurrent.futures as cf
import fcntl
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "lit", "tools"))
import realcode_run  # noqa: E402  (flags and files of lmdb, hiredis, sqlite, leveldb)
from compile_check import BAD_OUTPUT, first_bad_line  # noqa: E402

FETCH_SCRIPT = os.path.join(REPO, "scripts", "fetch-real-code.sh")
# PERFADVISE_PRECISION_OUT keeps a second set of results apart (e.g. the
# lock analysis placed late, PERFADVISE_LOCKS_AT=late, to compare placements).
OUT_ROOT = os.path.abspath(os.environ.get("PERFADVISE_PRECISION_OUT") or os.path.join(REPO, "bench", "out", "precision"))
VERDICT_DIR = os.path.join(HERE, "verdicts")
VERDICT_HEADER = ["corpus", "kind", "file", "function", "line", "verdict", "reason"]
VERDICTS = ("act", "minor", "false", "unsure")

LOCK_KINDS = ("lock-order-inversion", "double-lock", "lock-held-at-return", "blocking-under-lock",
              "alloc-under-lock", "lock-in-loop", "rwlock-candidate")
ALLOC_KINDS = ("heap-to-stack", "loop-alloc", "loop-realloc-growth")


def real_code_dir():
    return os.environ.get("PERFADVISE_REAL_CODE_DIR") or os.path.join(REPO, ".real-code")


# --------------------------------------------------------------------------- corpora
#
# Each corpus: how to fetch it (the shared fetch script, or an npm package of
# ours), its root (findings' paths are shown relative to it, so verdict files
# are stable across machines), its language, and a function giving the list of
# (source relative to the root, flags, cwd relative to the root).

# librdkafka: ./configure with every optional external dependency off; the
# build's own file list and flags come from `make -n` of src/librdkafka.a.
RDKAFKA_CONFIGURE = ["--no-download", "--disable-zlib", "--disable-zstd", "--disable-ssl",
                     "--disable-gssapi", "--disable-sasl", "--disable-curl", "--disable-lz4-ext"]

# LevelDB 1.20 as its own build_detect_platform selects the library: every .cc
# of db/, util/, table/ except tests (*test*), benchmarks (*_bench) and the
# leveldbutil tool, plus the POSIX port files.
LEVELDB_DIRS = ["db", "util", "table"]
LEVELDB_PORT = ["port/port_posix.cc", "port/port_posix_sse.cc"]

# RocksDB 6.17.3 (npm rocksdb@5.2.1, 280 library files in its rocksdb.gyp):
# a 39-file subset chosen for locking (std::mutex + std::unique_lock +
# std::condition_variable, per-stripe / per-shard / per-bucket mutexes,
# port::Mutex/CondVar over pthreads, InstrumentedMutex) so the whole corpus
# compiles in ~2 minutes on 2 cores.
ROCKSDB_FILES = [
    # std::mutex + unique_lock + condition_variable
    "util/threadpool_imp.cc", "db/write_thread.cc",
    "utilities/transactions/transaction_db_mutex_impl.cc", "file/readahead_raf.cc",
    "file/sequence_file_reader.cc", "table/block_based/block_based_table_builder.cc",
    "monitoring/thread_status_updater.cc", "logging/auto_roll_logger.cc",
    # per-element mutexes: lock-map stripes, hash buckets, cache shards, per-core arenas
    "utilities/transactions/lock/point/point_lock_manager.cc",
    "utilities/transactions/optimistic_transaction_db_impl.cc",
    "utilities/transactions/optimistic_transaction.cc",
    "utilities/transactions/pessimistic_transaction_db.cc",
    "cache/lru_cache.cc", "cache/clock_cache.cc", "cache/sharded_cache.cc",
    "memory/concurrent_arena.cc", "monitoring/statistics.cc",
    # port::Mutex / InstrumentedMutex + CondVar (the DB mutex and its users)
    "port/port_posix.cc", "monitoring/instrumented_mutex.cc", "util/thread_local.cc",
    "db/write_controller.cc", "util/rate_limiter.cc", "file/delete_scheduler.cc",
    "file/sst_file_manager_impl.cc", "db/error_handler.cc", "db/periodic_work_scheduler.cc",
    "trace_replay/block_cache_tracer.cc", "util/concurrent_task_limiter_impl.cc",
    "memtable/write_buffer_manager.cc", "utilities/persistent_cache/block_cache_tier.cc",
    "utilities/persistent_cache/block_cache_tier_file.cc", "env/env_posix.cc",
    "db/db_impl/db_impl_write.cc", "db/db_impl/db_impl.cc",
    "db/db_impl/db_impl_compaction_flush.cc", "db/db_impl/db_impl_files.cc",
    "db/column_family.cc", "db/memtable_list.cc", "utilities/blob_db/blob_db_impl.cc",
]
# rocksdb.gyp on Linux (SNAPPY=1 with the bundled snappy's linux config).
ROCKSDB_FLAGS = ["-std=c++17", "-I{root}", "-I{root}/include", "-I{root}/../../snappy/linux",
                 "-I{root}/../../snappy/snappy-1.1.7", "-DSNAPPY=1", "-DROCKSDB_PLATFORM_POSIX=1",
                 "-DOS_LINUX=1", "-DROCKSDB_LIB_IO_POSIX=1", "-fno-builtin-memcmp", "-fPIC",
                 "-pthread", "-Wno-sign-compare", "-Wno-unused-but-set-variable",
                 # What RocksDB ships: its release build (make DEBUG_LEVEL=0) defines
                 # NDEBUG, which compiles out TEST_SYNC_POINT and assert-only code.
                 "-DNDEBUG"]

# RE2 (npm re2@1.27.1, vendor/re2): the 23 RE2 files its binding.gyp compiles
# (re2/*.cc, util/*.cc); the vendored Abseil is not RE2 and is left out.
RE2_FLAGS = ["-std=c++2a", "-DNDEBUG", "-DNOMINMAX", "-I{root}", "-I{root}/../abseil-cpp",
             "-pthread", "-Wno-sign-compare", "-Wno-unused-parameter"]


LIBSASS_FLAGS = ["-std=c++11", "-I{root}/include", "-Wno-unused-parameter"]


def libsass_units(root):
    """Every C++ file of LibSass (src/*.cpp), as its Makefile builds them; its two small
    C files (base64 encoding, a C99 shim) are left out, since a corpus has one language."""
    files = sorted(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "src", "*.cpp")))
    return [(f, [x.format(root=root) for x in LIBSASS_FLAGS], ".") for f in files]


def leveldb_units(root):
    files = []
    for d in LEVELDB_DIRS:
        for p in sorted(glob.glob(os.path.join(root, d, "*.cc"))):
            n = os.path.basename(p)
            if "test" in n or n.endswith("_bench.cc") or n == "leveldbutil.cc":
                continue
            files.append(os.path.relpath(p, root))
    files += LEVELDB_PORT
    flags = [f.format(dir=root) for f in realcode_run.PROJECTS["leveldb"][3]]
    return [(f, flags, ".") for f in files]


def shared_units(name):
    def units(root):
        _, _, files, flags = realcode_run.PROJECTS[name]
        return [(f, [x.format(dir=root) for x in flags], ".") for f in files]
    return units


def sqlite_units(root):
    """sqlite3.c with the defines better-sqlite3 ships it with (deps/defines.gypi:
    SQLITE_THREADSAFE=2, SQLITE_OMIT_SHARED_CACHE...): judged as its users run it,
    not with SQLite's defaults (a shared-cache BtShared mutex the package omits)."""
    gypi = os.path.join(root, "..", "defines.gypi")
    defines = []
    if os.path.exists(gypi):
        with open(gypi, encoding="utf-8") as fh:
            defines = ["-D" + d for d in re.findall(r"'([A-Z_0-9]+(?:=[^']*)?)'", fh.read())]
    return [(f, flags + defines, ".") for f, flags, _ in shared_units("sqlite")(root)]


def fixed_units(files, flags):
    def units(root):
        return [(f, [x.format(root=root) for x in flags], ".") for f in files]
    return units


def re2_units(root):
    files = sorted(os.path.relpath(p, root) for d in ("re2", "util")
                   for p in glob.glob(os.path.join(root, d, "*.cc")))
    return [(f, [x.format(root=root) for x in RE2_FLAGS], ".") for f in files]


def gyp_units(root, gyp_rel, pattern, flags, what):
    """The sources a package's gyp file lists (`pattern`'s group: the path
    from root), each with `flags` ({root} filled in)."""
    gyp = os.path.join(root, gyp_rel)
    with open(gyp, encoding="utf-8") as fh:
        files = re.findall(pattern, fh.read())
    if not files:
        raise RuntimeError(f"{gyp}: no {what} sources (layout changed?)")
    return [(f, [x.format(root=root) for x in flags], ".") for f in files]


# libxml2 2.9.9 (npm libxmljs2@0.37.0, vendor/libxml): the C files its
# binding.gyp compiles, with its defines and node-gyp's Linux C flags. The
# package ships the config.h of a Linux configure (threads, zlib, lzma, iconv
# and ICU off in include/libxml/xmlversion.h); sources include it as "config.h"
# from their own directory, so only include/ is on the path, as in the gyp file.
LIBXML2_FLAGS = ["-I{root}/include", "-DLIBXML_XINCLUDE_ENABLED", "-DLIBXML_SCHEMATRON_ENABLED",
                 "-DBUILDING_NODE_EXTENSION", "-D_LARGEFILE_SOURCE", "-D_FILE_OFFSET_BITS=64",
                 "-fPIC", "-pthread"]


def libxml2_units(root):
    """The vendor/libxml/*.c files listed in the package's binding.gyp (the build's
    own list: 39 of the 52 C files; xmllint, the test runners, trio, nanoftp/http,
    c14n, debugXML are not compiled by the package)."""
    return gyp_units(root, os.path.join("..", "..", "binding.gyp"), r'"vendor/libxml/([A-Za-z0-9_]+\.c)"',
                     LIBXML2_FLAGS, "vendor/libxml/*.c")


# tree-sitter 0.25 runtime (npm tree-sitter@0.25.1, vendor/tree-sitter): the
# unity file lib/src/lib.c of its binding.gyp's static library, with its
# include directories and defines (wasm off, as the package builds it).
TREE_SITTER_FLAGS = ["-std=c11", "-I{root}/lib/src", "-I{root}/lib/include",
                     "-D_POSIX_C_SOURCE=200112L", "-D_DEFAULT_SOURCE", "-fPIC", "-pthread"]


# libusb 1.0.27 (npm usb@2.14.0, libusb/): the files its libusb.gypi compiles
# on Linux with use_udev=0 (the netlink hotplug monitor; the udev one needs
# libudev), with that gypi's defines and node-gyp's Linux C flags. The package's
# own config.h (libusb_config/, next to the root) is empty: the gypi configures
# everything through defines, so HAVE_EVENTFD, HAVE_TIMERFD and
# HAVE_PTHREAD_CONDATTR_SETCLOCK stay off (pipe events, no timerfd), as the
# package builds it. The gypi's -w is left out: it changes no code, and it
# would hide the plugin's own warnings (a bad configuration entry) that
# `build` looks for in each log.
LIBUSB_FILES = ["libusb/core.c", "libusb/descriptor.c", "libusb/hotplug.c", "libusb/io.c",
                "libusb/strerror.c", "libusb/sync.c", "libusb/os/events_posix.c",
                "libusb/os/threads_posix.c", "libusb/os/linux_usbfs.c", "libusb/os/linux_netlink.c"]
LIBUSB_FLAGS = ["-I{root}/../libusb_config", "-I{root}/libusb", "-I{root}/libusb/os",
                "-DENABLE_LOGGING=1", "-DPLATFORM_POSIX=1",
                "-DPRINTF_FORMAT(a, b)=__attribute__ ((__format__ (__printf__, a, b)))",
                "-DDEFAULT_VISIBILITY=", "-DHAVE_GETTIMEOFDAY=1", "-DHAVE_POLL_H=1",
                "-DHAVE_SYS_TIME_H=1", '-DLIBUSB_DESCRIBE="1.0.17"', "-DPOLL_NFDS_TYPE=nfds_t",
                "-DTHREADS_POSIX=1", "-DHAVE_CLOCK_GETTIME=1", "-DOS_LINUX=1", "-D_GNU_SOURCE=1",
                "-DUSBI_TIMERFD_AVAILABLE=1", "-DHAVE_LINUX_NETLINK_H",
                "-DBUILDING_NODE_EXTENSION", "-D_LARGEFILE_SOURCE", "-D_FILE_OFFSET_BITS=64",
                "-fPIC", "-pthread"]


# Expat 2.2.1 (npm node-expat@2.4.1, deps/libexpat): the three files its
# libexpat.gyp compiles (xmltok_impl.c and xmltok_ns.c are #included by
# xmltok.c, never compiled alone), with that gyp's defines and include
# directories. The package carries its own expat_config.h next to lib/
# (XML_NS, XML_DTD, XML_CONTEXT_BYTES=1024, BYTEORDER=1234), read through
# HAVE_EXPAT_CONFIG_H, so nothing is generated. node-gyp builds the Release
# configuration (-DNDEBUG); its Linux C flags as for libusb.
EXPAT_FILES = ["lib/xmlparse.c", "lib/xmlrole.c", "lib/xmltok.c"]
EXPAT_FLAGS = ["-I{root}", "-I{root}/lib", "-DPIC", "-DHAVE_EXPAT_CONFIG_H", "-DNDEBUG",
               "-Wno-missing-field-initializers",
               "-D_LARGEFILE_SOURCE", "-D_FILE_OFFSET_BITS=64", "-fPIC", "-pthread"]

# Hunspell 1.3 (npm spellchecker@3.7.1, vendor/hunspell/src/hunspell; its
# ChangeLog ends in 2011-02): the library files of the binding.gyp's `hunspell`
# static library (read from the gyp file; utf_info.cxx is #included by
# csutil.cxx, parsers/textparser.cxx and the node binding are left out), with
# the gyp's -std=c++11 and HUNSPELL_STATIC, and node-gyp's Linux C++ flags:
# -fno-rtti -fno-exceptions, __STDC_FORMAT_MACROS, addon.gypi's large-file
# defines, -fPIC -pthread. node-gyp's Release adds no NDEBUG (and Hunspell has
# no assert), so none is passed; its -Wall -Wextra change no code and are left out.
HUNSPELL_FLAGS = ["-std=c++11", "-DHUNSPELL_STATIC", "-D__STDC_FORMAT_MACROS", "-fno-rtti",
                  "-fno-exceptions", "-D_LARGEFILE_SOURCE", "-D_FILE_OFFSET_BITS=64", "-fPIC",
                  "-pthread", "-Wno-unused-parameter"]


def hunspell_units(root):
    """The src/hunspell/*.cxx files the package's binding.gyp lists for its
    `hunspell` static library (11 files; not src/parsers/)."""
    gyp = os.path.join(root, "..", "..", "..", "..", "binding.gyp")
    with open(gyp, encoding="utf-8") as fh:
        files = re.findall(r"'vendor/hunspell/src/hunspell/([A-Za-z0-9_]+\.cxx)'", fh.read())
    if not files:
        raise RuntimeError(f"{gyp}: no vendor/hunspell/src/hunspell/*.cxx sources (layout changed?)")
    return [(f, list(HUNSPELL_FLAGS), ".") for f in files]


# zstd 1.5 (npm zstd-napi@0.0.13, deps/zstd/lib): the C files of the
# package's deps/zstd.gyp `libzstd` target (read from it; the amd64 assembly
# is left out), with its defines (ZSTD_MULTITHREAD: the thread pool and the
# multi-threaded compressor's mutexes and condition variables), the
# -fexceptions of build_flags.gypi and node-gyp's Linux C flags.
ZSTD_FLAGS = ["-I{root}", "-I{root}/common", "-DXXH_NAMESPACE=ZSTD_", "-DZSTDERRORLIB_VISIBLE=",
              "-DZSTDLIB_VISIBLE=", "-DZSTD_MULTITHREAD", "-DZSTD_NO_TRACE", "-D_FORTIFY_SOURCE=2",
              "-fexceptions", "-fvisibility=hidden", "-D_LARGEFILE_SOURCE", "-D_FILE_OFFSET_BITS=64",
              "-fPIC", "-pthread"]


def zstd_units(root):
    """The zstd/lib/**/*.c files deps/zstd.gyp lists for `libzstd` (26 files)."""
    return gyp_units(root, os.path.join("..", "..", "zstd.gyp"), r"'zstd/lib/([A-Za-z0-9_/]+\.c)'",
                     ZSTD_FLAGS, "zstd/lib/*.c")


# libgit2 0.28 (npm nodegit@0.27.0, vendor/libgit2): configured with its
# CMake (threads on; SSH, HTTPS, iconv and NTLM off; bundled zlib) into
# .perfadvise-build/ inside the checkout, then every src/ file of its
# compile_commands.json with the defines, include paths and -std it gives
# (warnings, -O and -o left out). It allocates through git__allocator's
# function pointers and locks through pthread macros (thread-utils.h).
LIBGIT2_CMAKE = ["-DCMAKE_C_COMPILER=clang-19", "-DBUILD_CLAR=OFF", "-DUSE_SSH=OFF", "-DUSE_HTTPS=OFF",
                 "-DUSE_SHA1=CollisionDetection", "-DUSE_BUNDLED_ZLIB=ON", "-DUSE_NTLMCLIENT=OFF",
                 "-DUSE_ICONV=OFF", "-DTHREADSAFE=ON", "-DBUILD_SHARED_LIBS=OFF",
                 "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"]


def configure_once(name, cmd, cwd, stamp, outputs, log, env=None):
    """Run a corpus's configure command `cmd` in cwd once: again only when its
    arguments change (kept in `stamp`) or an output is missing. Returns an
    error or None."""
    want = " ".join(cmd[1:])
    if all(os.path.exists(o) for o in outputs) and os.path.exists(stamp):
        with open(stamp) as fh:
            if fh.read().strip() == want:
                return None
    if shutil.which(cmd[0]) is None and not os.path.exists(os.path.join(cwd, cmd[0])):
        return f"{cmd[0]} not found"
    print(f"precision: {name}: {os.path.basename(cmd[0])} {want}", flush=True)
    with open(log, "wb") as fh:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return f"{os.path.basename(cmd[0])} exited {p.returncode} (log: {log})"
    os.makedirs(os.path.dirname(stamp), exist_ok=True)
    with open(stamp, "w") as fh:
        fh.write(want + "\n")
    return None


def libgit2_configure(root, log):
    """Run CMake once (again when the arguments change); returns an error or None."""
    build = os.path.join(root, ".perfadvise-build")
    return configure_once("libgit2", ["cmake", "-S", root, "-B", build] + LIBGIT2_CMAKE, root,
                          os.path.join(build, ".perfadvise-configure"),
                          [os.path.join(build, "compile_commands.json")], log)


def libgit2_units(root):
    """The src/ files of the CMake build's compile_commands.json (not deps/)."""
    db = os.path.join(root, ".perfadvise-build", "compile_commands.json")
    with open(db, encoding="utf-8") as fh:
        entries = json.load(fh)
    units = []
    for e in entries:
        rel = os.path.relpath(e["file"], root)
        if not rel.startswith("src" + os.sep) or not rel.endswith(".c"):
            continue
        words = shlex.split(e["command"])
        flags = [w for w in words[1:] if w.startswith(("-D", "-I", "-std="))]
        units.append((rel, flags, "."))
    if not units:
        raise RuntimeError(f"{db}: no src/*.c compile (layout changed?)")
    return sorted(units)


# Zopfli (npm node-zopfli@2.1.4, zopfli/src/zopfli): the C files of the
# package's binding.gyp (read from it; the C++ zopflipng and lodepng files
# left out: a corpus has one language), with its Release cflags `-ansi`
# and node-gyp's Linux C flags.
ZOPFLI_FLAGS = ["-I{root}", "-ansi", "-D_LARGEFILE_SOURCE", "-D_FILE_OFFSET_BITS=64", "-fPIC", "-pthread"]


def zopfli_units(root):
    """The zopfli/src/zopfli/*.c files binding.gyp lists (12 files)."""
    return gyp_units(root, os.path.join("..", "..", "..", "binding.gyp"), r'"zopfli/src/zopfli/([A-Za-z0-9_]+\.c)"',
                     ZOPFLI_FLAGS, "zopfli/src/zopfli/*.c")


# Brotli (npm iltorb@2.4.5, brotli/c): the C files of the package's
# binding.gyp (read from it; the node binding's C++ left out), with its
# define and include path and node-gyp's Linux C flags.
BROTLI_FLAGS = ["-I{root}/include", "-DNOMINMAX", "-D_LARGEFILE_SOURCE", "-D_FILE_OFFSET_BITS=64", "-fPIC",
                "-pthread"]


def brotli_units(root):
    """The brotli/c/**/*.c files binding.gyp lists (24 files)."""
    return gyp_units(root, os.path.join("..", "..", "binding.gyp"), r'"brotli/c/([A-Za-z0-9_/]+\.c)"',
                     BROTLI_FLAGS, "brotli/c/*.c")


# nanomsg 1.1 (npm nanomsg@4.2.1, deps/): the C files of its deps/common.gypi
# and linux.gypi (read from them), with linux.gypi's defines, common.gypi's
# include directories and node-gyp's Linux C flags. It locks through its own
# nn_mutex/nn_condvar wrappers and allocates through nn_alloc (a macro over
# nn_alloc_, which calls malloc): a corpus nobody here had tuned on.
NANOMSG_FLAGS = ["-I{root}/nanomsg/src", "-I{root}/nanomsg/src/aio", "-I{root}/nanomsg/src/core",
                 "-I{root}/nanomsg/src/protocols", "-I{root}/nanomsg/src/transports",
                 "-I{root}/nanomsg/src/utils", "-DNN_HAVE_SOCKETPAIR", "-DNN_HAVE_SEMAPHORE", "-DNN_USE_PIPE",
                 "-DNN_HAVE_GCC", "-DNN_HAVE_LINUX", "-DNN_HAVE_EVENTFD", "-DNN_USE_EPOLL", "-DNN_HAVE_PIPE",
                 "-DNN_HAVE_PIPE2", "-DNN_HAVE_CLOCK_MONOTONIC", "-DNN_HAVE_POLL",
                 "-DNN_HAVE_GCC_ATOMIC_BUILTINS", "-DNN_HAVE_MSG_CONTROL", "-DNN_USE_EVENTFD",
                 "-DNN_HAVE_UNIX_SOCKETS", "-D_LARGEFILE_SOURCE", "-D_FILE_OFFSET_BITS=64", "-fPIC", "-pthread"]


def nanomsg_units(root):
    """The nanomsg/src/**/*.c files common.gypi and linux.gypi list (94 files)."""
    units = []
    for gypi in ("common.gypi", "linux.gypi"):
        units += gyp_units(root, gypi, r"'(nanomsg/src/[A-Za-z0-9_/]+\.c)'", NANOMSG_FLAGS,
                           "nanomsg/src/*.c")
    return units


# DuckDB 1.1.3 (npm duckdb@1.1.3, the whole package): a C++ code base of
# standard containers, smart pointers, std::mutex with lock_guard and
# unique_lock, and a task scheduler on condition variables. The package
# compiles unity files (src/duckdb/ub_src_*.cpp); these are the ones of its
# binding.gyp that hold the threading, buffer, storage, transaction and
# execution code (the whole library is ~150 unity files, most of them SQL
# functions), with the include directories and defines binding.gyp gives.
DUCKDB_UNITS = ["parallel", "storage_buffer", "storage", "storage_table", "storage_checkpoint", "transaction",
                "main", "main_buffered_data", "common", "common_sort", "catalog", "execution",
                "execution_index_art", "execution_operator_join", "execution_operator_aggregate",
                "execution_operator_persistent", "optimizer", "function"]


def duckdb_units(root):
    """The DUCKDB_UNITS unity files, checked against binding.gyp, with its
    src/ include directories and its defines (node-addon-api's left out)."""
    gyp = os.path.join(root, "binding.gyp")
    with open(gyp, encoding="utf-8") as fh:
        text = fh.read()
    listed = set(re.findall(r"src/duckdb/ub_src_([a-z_]+)\.cpp", text))
    missing = [u for u in DUCKDB_UNITS if u not in listed]
    if missing:
        raise RuntimeError(f"{gyp}: no ub_src_{missing[0]}.cpp (layout changed?)")
    incs = [f"-I{root}/{d}" for d in dict.fromkeys(re.findall(r'"(src/duckdb/[A-Za-z0-9_/]+)"', text))
            if not d.endswith(".cpp")]
    flags = ["-std=c++11"] + incs + ["-DDUCKDB_EXTENSION_PARQUET_LINKED", "-DDUCKDB_EXTENSION_ICU_LINKED",
                                     "-DDUCKDB_EXTENSION_JSON_LINKED", "-DDUCKDB_EXTENSION_AUTOLOAD_DEFAULT=1",
                                     "-DDUCKDB_EXTENSION_AUTOINSTALL_DEFAULT=1", "-DNDEBUG", "-frtti",
                                     "-fexceptions", "-Wno-redundant-move", "-fPIC", "-pthread"]
    return [(f"src/duckdb/ub_src_{u}.cpp", flags, ".") for u in DUCKDB_UNITS]


def rdkafka_configure(root, log):
    """Run ./configure once (again when the arguments change); returns an error or None."""
    return configure_once("librdkafka", ["./configure"] + RDKAFKA_CONFIGURE, root,
                          os.path.join(root, ".perfadvise-configure"),
                          [os.path.join(root, "config.h"), os.path.join(root, "Makefile.config")], log,
                          env=dict(os.environ, CC="clang-19", CXX="clang++-19"))


def rdkafka_units(root):
    """The C files `make librdkafka.a` compiles, with the flags it passes (-O and
    -g levels, dependency and output options are replaced by ours)."""
    src = os.path.join(root, "src")
    p = subprocess.run(["make", "-n", "-B", "librdkafka.a"], cwd=src, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("make -n librdkafka.a failed in " + src + ": " +
                           p.stderr.decode("utf-8", "replace").strip()[:300])
    units = []
    for line in p.stdout.decode().splitlines():
        words = shlex.split(line)
        if not words or "-c" not in words or not any(w.endswith(".c") for w in words):
            continue
        flags, source, skip = [], None, False
        for w in words[1:]:
            if skip:
                skip = False
                continue
            if w in ("-o", "-MF", "-MT", "-MQ"):
                skip = True
            elif w == "-c" or w in ("-MD", "-MP", "-MMD") or re.fullmatch(r"-O\w*|-g\w*", w):
                continue
            elif w.endswith(".c") and not w.startswith("-"):
                source = w
            else:
                flags.append(w)
        if source:
            units.append((os.path.join("src", source), flags, "src"))
    if not units:
        raise RuntimeError("make -n librdkafka.a in " + src + " printed no C compile")
    return units


CORPORA = {
    # name: dict(fetch=("script", VAR) | ("npm", spec, dir, root-in-unpack),
    #            lang, units(root), configure(root, log) or None, about)
    "librdkafka": dict(fetch=("npm", "node-rdkafka@3.6.1", "node-rdkafka", "package/deps/librdkafka"),
                       lang="c", units=rdkafka_units, configure=rdkafka_configure,
                       about="librdkafka 2.12.0 (node-rdkafka 3.6.1): every C file of src/librdkafka.a"),
    "leveldb": dict(fetch=("script", "LEVELDB_DIR"), lang="c++", units=leveldb_units, configure=None,
                    about="LevelDB 1.20 (leveldown 6.1.1): db/ util/ table/ port/ library files"),
    "lmdb": dict(fetch=("script", "LMDB_DIR"), lang="c", units=shared_units("lmdb"), configure=None,
                 about="LMDB (lmdb 3.5.6): mdb.c midl.c"),
    "hiredis": dict(fetch=("script", "HIREDIS_DIR"), lang="c", units=shared_units("hiredis"),
                    configure=None, about="hiredis (hiredis 0.5.0): hiredis.c net.c sds.c read.c async.c"),
    "sqlite": dict(fetch=("script", "SQLITE_DIR"), lang="c", units=sqlite_units, configure=None,
                   about="SQLite amalgamation (better-sqlite3 12.11.1): sqlite3.c with the "
                         "package's defines (deps/defines.gypi)"),
    "rocksdb": dict(fetch=("npm", "rocksdb@5.2.1", "rocksdb", "package/deps/rocksdb/rocksdb"),
                    lang="c++", units=fixed_units(ROCKSDB_FILES, ROCKSDB_FLAGS), configure=None,
                    about="RocksDB 6.17.3 (npm rocksdb 5.2.1): 39 lock-heavy files (C++ locks corpus)"),
    "re2": dict(fetch=("npm", "re2@1.27.1", "re2", "package/vendor/re2"), lang="c++", units=re2_units,
                configure=None, about="RE2 (npm re2 1.27.1): re2/*.cc util/*.cc (C++ containers corpus)"),
    "libsass": dict(fetch=("npm", "node-sass@9.0.0", "node-sass", "package/src/libsass"), lang="c++",
                    units=libsass_units, configure=None,
                    about="LibSass (node-sass 9.0.0): src/*.cpp (C++ strings and containers)"),
    "libxml2": dict(fetch=("npm", "libxmljs2@0.37.0", "libxmljs2", "package/vendor/libxml"), lang="c",
                    units=libxml2_units, configure=None,
                    about="libxml2 2.9.9 (libxmljs2 0.37.0): the 39 C files of its binding.gyp"),
    "tree-sitter": dict(fetch=("npm", "tree-sitter@0.25.1", "tree-sitter", "package/vendor/tree-sitter"),
                        lang="c", units=fixed_units(["lib/src/lib.c"], TREE_SITTER_FLAGS), configure=None,
                        about="tree-sitter 0.25 runtime (npm tree-sitter 0.25.1): lib/src/lib.c (unity file)"),
    "libusb": dict(fetch=("npm", "usb@2.14.0", "usb", "package/libusb"), lang="c",
                   units=fixed_units(LIBUSB_FILES, LIBUSB_FLAGS), configure=None,
                   about="libusb 1.0.27 (npm usb 2.14.0): the 10 Linux C files of its libusb.gypi "
                         "(netlink hotplug)"),
    "expat": dict(fetch=("npm", "node-expat@2.4.1", "node-expat", "package/deps/libexpat"), lang="c",
                  units=fixed_units(EXPAT_FILES, EXPAT_FLAGS), configure=None,
                  about="Expat 2.2.1 (npm node-expat 2.4.1): the 3 C files of its libexpat.gyp"),
    "hunspell": dict(fetch=("npm", "spellchecker@3.7.1", "spellchecker",
                            "package/vendor/hunspell/src/hunspell"), lang="c++",
                     units=hunspell_units, configure=None,
                     about="Hunspell 1.3 (npm spellchecker 3.7.1): the 11 library .cxx files of its "
                           "binding.gyp"),
    "zstd": dict(fetch=("npm", "zstd-napi@0.0.13", "zstd-napi", "package/deps/zstd/lib"), lang="c",
                 units=zstd_units, configure=None,
                 about="zstd 1.5 (npm zstd-napi 0.0.13): the C files of its deps/zstd.gyp, "
                       "ZSTD_MULTITHREAD"),
    "libgit2": dict(fetch=("npm", "nodegit@0.27.0", "nodegit", "package/vendor/libgit2"), lang="c",
                    units=libgit2_units, configure=libgit2_configure,
                    about="libgit2 0.28 (npm nodegit 0.27.0): the src/ files of its CMake build, "
                          "threads on"),
    "zopfli": dict(fetch=("npm", "node-zopfli@2.1.4", "node-zopfli", "package/zopfli/src/zopfli"), lang="c",
                   units=zopfli_units, configure=None,
                   about="Zopfli (npm node-zopfli 2.1.4): the 12 C files of its binding.gyp"),
    "brotli": dict(fetch=("npm", "iltorb@2.4.5", "iltorb", "package/brotli/c"), lang="c", units=brotli_units,
                   configure=None, about="Brotli (npm iltorb 2.4.5): the 24 C files of its binding.gyp"),
    "nanomsg": dict(fetch=("npm", "nanomsg@4.2.1", "nanomsg", "package/deps"), lang="c", units=nanomsg_units,
                    configure=None, about="nanomsg 1.1 (npm nanomsg 4.2.1): the C files of its common.gypi "
                                          "and linux.gypi"),
    "duckdb": dict(fetch=("npm", "duckdb@1.1.3", "duckdb", "package"), lang="c++", units=duckdb_units,
                   configure=None, about="DuckDB 1.1.3 (npm duckdb 1.1.3): 18 unity files of its binding.gyp "
                                         "(threads, buffers, storage, transactions, execution)"),
}
ORDER = ["librdkafka", "rocksdb", "re2", "leveldb", "lmdb", "hiredis", "sqlite", "libsass", "libxml2",
         "tree-sitter", "libusb", "expat", "hunspell", "zstd", "libgit2", "zopfli", "brotli",
         "nanomsg", "duckdb"]


def corpus_names(arg):
    if arg == "all":
        return list(ORDER)
    names = [n.strip() for n in arg.split(",") if n.strip()]
    for n in names:
        if n not in CORPORA:
            print(f"precision: unknown corpus '{n}' (known: {', '.join(ORDER)}, all)", file=sys.stderr)
            sys.exit(2)
    return names


_script_dirs = None


def fetch_npm(spec, dirname, root_rel):
    """Unpack `npm pack spec` into <real-code>/<dirname>/ unless present; returns the root."""
    dest = real_code_dir()
    root = os.path.join(dest, dirname, root_rel)
    if os.path.isdir(root):
        return root
    if shutil.which("npm") is None:
        raise RuntimeError("npm not found (Debian: apt-get install npm); or pre-fill "
                           f"{os.path.join(dest, dirname)} / set PERFADVISE_REAL_CODE_DIR")
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, ".fetch.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.isdir(root):
            return root
        print(f"precision: npm pack {spec} ...", flush=True)
        tmp = tempfile.mkdtemp(prefix=".fetch.", dir=dest)
        try:
            p = subprocess.run(["npm", "pack", "--silent", spec], cwd=tmp, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=600)
            tgz = p.stdout.decode().strip().splitlines()[-1:] if p.returncode == 0 else []
            if not tgz or not os.path.isfile(os.path.join(tmp, tgz[0])):
                raise RuntimeError(f"npm pack {spec} failed (offline?): "
                                   + p.stderr.decode("utf-8", "replace").strip()[:300])
            os.makedirs(os.path.join(tmp, "unpack"))
            subprocess.run(["tar", "xzf", os.path.join(tmp, tgz[0]), "-C", os.path.join(tmp, "unpack")],
                           check=True)
            if not os.path.isdir(os.path.join(tmp, "unpack", root_rel)):
                raise RuntimeError(f"npm pack {spec}: tarball lacks {root_rel} (layout changed?)")
            shutil.rmtree(os.path.join(dest, dirname), ignore_errors=True)
            os.rename(os.path.join(tmp, "unpack"), os.path.join(dest, dirname))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"precision: {spec}: fetched into {os.path.join(dest, dirname)}", flush=True)
    return root


def corpus_root(name):
    """Fetch if needed; returns the corpus root directory."""
    global _script_dirs
    how = CORPORA[name]["fetch"]
    if how[0] == "script":
        if _script_dirs is None:
            dirs, reason = realcode_run.fetch(FETCH_SCRIPT, os.environ.get("PERFADVISE_REAL_CODE_DIR"))
            if dirs is None:
                raise RuntimeError("scripts/fetch-real-code.sh: " + reason)
            _script_dirs = dirs
        return _script_dirs[how[1]]
    return fetch_npm(*how[1:])


def rel_to_root(path, root, comp_dir=None):
    """A finding's file relative to the corpus root when it lies under it, else as given."""
    if not path:
        return "-"
    p = path if os.path.isabs(path) or not comp_dir else os.path.join(comp_dir, path)
    p = os.path.normpath(p)
    r = os.path.normpath(root)
    if p == r or p.startswith(r + os.sep):
        return os.path.relpath(p, r)
    return p


# --------------------------------------------------------------------------- build

def run_timed(cmd, cwd, env, log_path, timeout=1800):
    """(exit code, wall seconds, cpu seconds) of one compile, output to log_path."""
    t0 = time.monotonic()
    with open(log_path, "wb") as log:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, p.kill)
        timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, time.monotonic() - t0, ru.ru_utime + ru.ru_stime


def compile_unit(a, name, root, lang, unit, dirs, repeat):
    src, flags, cwd = unit
    cc = a.clangxx if lang == "c++" else a.clang
    stem = src.replace(os.sep, "_")
    obj = os.path.join(dirs["obj"], stem + ".o")
    base = shlex.split(cc) + ["-O2", "-g"] + flags + ["-c", os.path.join(root, src)]
    env = dict(os.environ, PERFADVISE_OUTPUT_DIR=dirs["findings"])
    env.pop("PERFADVISE_PLUGIN", None)
    # The corpus's configuration file (docs/config.md), or none: never one
    # found by walking up from the corpus into the checkout.
    env["PERFADVISE_CONFIG"] = a.configs.get(name, "none")
    workdir = os.path.normpath(os.path.join(root, cwd))
    res = {"file": src}
    log = os.path.join(dirs["log"], stem + ".log")
    best = None
    for i in range(repeat):
        if i:  # a repeated compile must not add a second findings file
            env["PERFADVISE_OUTPUT_DIR"] = dirs["scratch"]
        rc, wall, cpu = run_timed(base[:1] + ["-fpass-plugin=" + a.plugin] + base[1:] + ["-o", obj],
                                  workdir, env, log)
        if rc != 0:
            break
        best = (wall, cpu) if best is None else (min(best[0], wall), min(best[1], cpu))
    with open(log, "rb") as fh:
        out = fh.read().decode("utf-8", "replace")
    res.update(rc=rc, wall=best[0] if best else wall, cpu=best[1] if best else cpu, log=log)
    if rc != 0:
        res["error"] = f"exit {rc}: {first_bad_line(out)}"
        return res
    if BAD_OUTPUT.search(out):
        res["warning"] = first_bad_line(out)
    if a.timing:
        plain = None
        plog = os.path.join(dirs["log"], stem + ".plain.log")
        for _ in range(repeat):
            prc, pwall, pcpu = run_timed(base + ["-o", obj + ".plain.o"], workdir, dict(os.environ), plog)
            if prc != 0:
                res["error"] = f"compile without the plugin exited {prc} (log: {plog})"
                return res
            plain = (pwall, pcpu) if plain is None else (min(plain[0], pwall), min(plain[1], pcpu))
        res.update(plain_wall=plain[0], plain_cpu=plain[1])
        os.remove(obj + ".plain.o")
    return res


def build_corpus(a, name):
    c = CORPORA[name]
    out = os.path.join(OUT_ROOT, name)
    dirs = {k: os.path.join(out, k) for k in ("findings", "obj", "log", "scratch")}
    try:
        root = corpus_root(name)
        os.makedirs(out, exist_ok=True)
        if c["configure"]:
            err = c["configure"](root, os.path.join(out, "configure.log"))
            if err:
                raise RuntimeError(err)
        units = c["units"](root)
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        print(f"precision: {name}: ERROR {e}", flush=True)
        return {"corpus": name, "error": str(e)}
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    print(f"== {name}: {c['about']}\n   root {root}\n   {len(units)} files, "
          f"{a.jobs} jobs{', with plain-compile timing' if a.timing else ''}", flush=True)
    results = []
    t0 = time.monotonic()
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futs = [pool.submit(compile_unit, a, name, root, c["lang"], u, dirs, a.repeat) for u in units]
        for i, fut in enumerate(cf.as_completed(futs), 1):
            r = fut.result()
            results.append(r)
            extra = ""
            if "plain_cpu" in r:
                extra = f"  plain {r['plain_cpu']:.1f}s ratio {ratio(r):.2f}"
            status = "FAIL" if "error" in r else ("WARN" if "warning" in r else "ok  ")
            print(f"[{i:3}/{len(units)}] {status} {name} {r['file']}  {r['cpu']:.1f}s cpu"
                  f" {r['wall']:.1f}s wall{extra}", flush=True)
            if "error" in r:
                print(f"          {r['error']}\n          log: {r['log']}", flush=True)
            elif "warning" in r:
                print(f"          {r['warning']}\n          log: {r['log']}", flush=True)
    wall = time.monotonic() - t0
    shutil.rmtree(dirs["scratch"], ignore_errors=True)
    shutil.rmtree(dirs["obj"], ignore_errors=True)
    results.sort(key=lambda r: r["file"])
    failed = [r for r in results if "error" in r]
    nfind = len([n for n in os.listdir(dirs["findings"]) if n.endswith(".json")])
    summary = {"corpus": name, "root": root, "about": c["about"], "files": len(units),
               "failed": len(failed), "findings_files": nfind, "wall_seconds": round(wall, 1),
               "cpu_seconds": round(sum(r["cpu"] for r in results), 1), "plugin": a.plugin,
               "config": a.configs.get(name),
               "timing": a.timing, "units": [
                   {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
                   for r in results]}
    with open(os.path.join(out, "build.json"), "w") as fh:
        json.dump(summary, fh, indent=1)
    if a.timing:
        write_timing(out, name, results)
    print(f"== {name}: {len(units)} files, {len(failed)} failed, {nfind} findings files, "
          f"{wall:.0f}s wall, {summary['cpu_seconds']:.0f}s cpu", flush=True)
    for r in failed:
        print(f"   FAILED {r['file']}: {r['error']} (log: {r['log']})", flush=True)
    return summary


def ratio(r):
    return r["cpu"] / r["plain_cpu"] if r.get("plain_cpu") else float("nan")


def write_timing(out, name, results):
    rows = [r for r in results if "plain_cpu" in r]
    with open(os.path.join(out, "timing.tsv"), "w") as fh:
        fh.write("file\tplain_cpu_s\tplugin_cpu_s\tratio\tplain_wall_s\tplugin_wall_s\n")
        for r in rows:
            fh.write(f"{r['file']}\t{r['plain_cpu']:.3f}\t{r['cpu']:.3f}\t{ratio(r):.3f}\t"
                     f"{r['plain_wall']:.3f}\t{r['wall']:.3f}\n")
    if not rows:
        return
    over = [r for r in rows if ratio(r) > 1.10]
    tot_plain = sum(r["plain_cpu"] for r in rows)
    tot_plug = sum(r["cpu"] for r in rows)
    print(f"== {name} timing (cpu seconds, plugin/plain): total {tot_plug:.1f}/{tot_plain:.1f} = "
          f"{tot_plug / tot_plain:.3f}; {len(over)} of {len(rows)} files more than 10 % slower")
    for r in sorted(rows, key=ratio, reverse=True)[:8]:
        print(f"   {ratio(r):.3f}  {r['cpu']:7.2f}s / {r['plain_cpu']:7.2f}s  {r['file']}")


def cmd_build(a):
    a.plugin = os.path.abspath(a.plugin)
    if not os.path.isfile(a.plugin):
        sys.exit(f"precision: plugin not found: {a.plugin}")
    for cc in (a.clang, a.clangxx):
        if shutil.which(shlex.split(cc)[0]) is None:
            sys.exit(f"precision: compiler not found: {cc}")
    if a.repeat < 1:
        sys.exit("precision: --repeat must be at least 1")
    names = corpus_names(a.corpus)
    a.configs = {}
    for spec in a.config or []:
        corpus, sep, path = spec.rpartition("=")
        targets = [corpus] if sep else names
        if sep and corpus not in CORPORA:
            sys.exit(f"precision: --config {spec}: unknown corpus '{corpus}'")
        if not os.path.isfile(path):
            sys.exit(f"precision: --config {spec}: no such file {path}")
        for t in targets:
            a.configs[t] = os.path.abspath(path)
    summaries = [build_corpus(a, n) for n in names]
    bad = 0
    print("\n== build summary")
    for s in summaries:
        if "error" in s:
            print(f"   {s['corpus']:11} ERROR {s['error']}")
            bad += 1
        else:
            print(f"   {s['corpus']:11} {s['files']:4} files  {s['failed']} failed  "
                  f"{s['wall_seconds']:6.0f}s wall  {s['cpu_seconds']:6.0f}s cpu")
            bad += s["failed"] > 0
    return 1 if bad else 0


# --------------------------------------------------------------------------- verdicts

class VerdictError(Exception):
    pass


def load_verdicts(path, corpus):
    """{(kind, file, function, line): (verdict, reason, lineno)}; {} when the file is missing."""
    table = {}
    if not os.path.exists(path):
        return table
    header_seen = False
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if not header_seen:
                if cols != VERDICT_HEADER:
                    raise VerdictError(f"{path}:{n}: expected the header line "
                                       f"'{chr(92)}t'.join({VERDICT_HEADER}), found {line[:120]!r}")
                header_seen = True
                continue
            if len(cols) != len(VERDICT_HEADER):
                raise VerdictError(f"{path}:{n}: expected {len(VERDICT_HEADER)} tab-separated fields "
                                   f"({' '.join(VERDICT_HEADER)}), found {len(cols)}")
            c, kind, file, func, ln, verdict, reason = (x.strip() for x in cols)
            if c != corpus:
                raise VerdictError(f"{path}:{n}: corpus '{c}' in the verdict file of '{corpus}'")
            if not re.fullmatch(r"\d+", ln):
                raise VerdictError(f"{path}:{n}: line must be a number, found {ln!r}")
            if verdict not in VERDICTS:
                raise VerdictError(f"{path}:{n}: verdict must be one of {', '.join(VERDICTS)}, "
                                   f"found {verdict!r}")
            if not kind or not file or not func:
                raise VerdictError(f"{path}:{n}: kind, file and function must not be empty "
                                   f"(use '-' for a finding without a function)")
            if not reason:
                raise VerdictError(f"{path}:{n}: the reason is empty (cite file:line and what the code does)")
            key = (kind, file, func, int(ln))
            if key in table:
                raise VerdictError(f"{path}:{n}: duplicate verdict for {kind} {file}:{ln} {func} "
                                   f"(first at line {table[key][2]})")
            table[key] = (verdict, reason, n)
    if not header_seen:
        raise VerdictError(f"{path}:1: missing the header line ({' '.join(VERDICT_HEADER)})")
    return table


# --------------------------------------------------------------------------- report

def advisor_report(advisor, findings_dir, root=None):
    # Paths relative to the corpus root, as the verdict files write them.
    extra = ["--root", root] if root else []
    p = subprocess.run([advisor, "report", "--format", "json", "--no-progress", "--color", "never"]
                       + extra + [findings_dir], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode not in (0, 1, 3):
        raise RuntimeError(f"{advisor} report exited {p.returncode}: {err[:500]}")
    try:
        doc = json.loads(p.stdout.decode("utf-8", "replace"))
    except ValueError as e:
        raise RuntimeError(f"{advisor} report printed no valid JSON: {e}")
    if not isinstance(doc.get("findings"), list):
        raise RuntimeError(f"{advisor} report: JSON without a findings list")
    return doc, (err if p.returncode == 3 else "")


def row_of(f, root):
    loc = f.get("location") or {}
    func = f.get("function_demangled") or f.get("function") or "-"
    return {"rank": f.get("rank"), "id": f.get("id", ""), "kind": f.get("kind", "?"),
            "file": rel_to_root(loc.get("file", ""), root), "line": int(loc.get("line") or 0),
            "function": func, "message": f.get("message", ""),
            "impact": (f.get("impact") or {}).get("level", ""), "priority": f.get("priority")}


def category(kind):
    return "lock" if kind in LOCK_KINDS else ("alloc" if kind in ALLOC_KINDS else "other")


def fmt_rate(k, n):
    return f"{k}/{n} = {k / n:.2f}" if n else "n/a"


def report_corpus(a, name):
    findings = os.path.join(OUT_ROOT, name, "findings")
    if not os.path.isdir(findings) or not os.listdir(findings):
        raise RuntimeError(f"no findings in {findings}: run `precision.py build --corpus {name}` first")
    root = None
    bj = os.path.join(OUT_ROOT, name, "build.json")
    if os.path.exists(bj):
        with open(bj) as fh:
            root = json.load(fh).get("root")
    if not root:
        root = corpus_root(name)
    vpath = os.path.join(VERDICT_DIR, name + ".tsv")
    verdicts = load_verdicts(vpath, name)
    doc, warn = advisor_report(a.advisor, findings, root)
    rows = [row_of(f, root) for f in doc["findings"]]
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0))
    if a.only:
        # The report's own order restricted to one family: what a user sees
        # with `perfadvise report --kind ...` for those kinds.
        rows = [r for r in rows if category(r["kind"]) == a.only]
    kinds = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    top = rows[:a.top]
    for r in top:
        v = verdicts.get((r["kind"], r["file"], r["function"], r["line"]))
        r["verdict"], r["reason"] = (v[0], v[1]) if v else (None, None)
    res = {"corpus": name, "about": CORPORA[name]["about"], "findings": len(rows),
           "summary": doc.get("summary", {}), "kinds": kinds, "top": top,
           "lock_findings": sum(n for k, n in kinds.items() if category(k) == "lock"),
           "alloc_findings": sum(n for k, n in kinds.items() if category(k) == "alloc"),
           "verdict_file": vpath, "verdicts": len(verdicts), "advisor_warning": warn}
    for n in (10, 20):
        sub = top[:n]
        res[f"at{n}"] = {v: sum(1 for r in sub if r["verdict"] == v) for v in VERDICTS}
        res[f"at{n}"]["unjudged"] = sum(1 for r in sub if r["verdict"] is None)
        res[f"at{n}"]["n"] = len(sub)
    matched = {(r["kind"], r["file"], r["function"], r["line"]) for r in top}
    res["stale_verdicts"] = sum(1 for k in verdicts if k not in matched)
    return res


def print_corpus(res, a):
    name = res["corpus"]
    s = res["summary"]
    print(f"== {name}: {res['about']}")
    if res["advisor_warning"]:
        print(f"   advisor warning (some findings files skipped): {res['advisor_warning'][:300]}")
    print(f"   default report: {res['findings']} findings ({s.get('high', '?')} high, "
          f"{s.get('medium', '?')} medium, {s.get('low', '?')} low; {s.get('files_loaded', '?')} "
          f"findings files); lock {res['lock_findings']}, allocation {res['alloc_findings']}")
    for cat, label in (("lock", "lock kinds "), ("alloc", "alloc kinds"), ("other", "other kinds")):
        ks = sorted((k for k in res["kinds"] if category(k) == cat), key=lambda k: (-res["kinds"][k], k))
        if ks:
            print(f"   {label}: " + ", ".join(f"{k} {res['kinds'][k]}" for k in ks))
    top = res["top"]
    if not top:
        print("   (no findings)")
        return
    print(f"   top {len(top)} (verdicts: {os.path.relpath(res['verdict_file'], REPO)}, "
          f"{res['verdicts']} lines):")
    for r in top:
        print(f"   {r['rank']:>3} {(r['verdict'] or '-'):7} {r['kind']:21} {r['file']}:{r['line']}  "
              f"{short(r['function'], 60)}")
    for n in (10, 20):
        c = res[f"at{n}"]
        k = c["n"]
        note = f" (the report has only {k})" if k < n else ""
        print(f"   @{n}: precision {fmt_rate(c['act'], k)}, false {fmt_rate(c['false'], k)}, "
              f"minor {fmt_rate(c['minor'], k)}, unsure {c['unsure']}, unjudged {c['unjudged']}{note}")
    if res["stale_verdicts"]:
        print(f"   {res['stale_verdicts']} verdict lines match nothing in this top {a.top} "
              f"(findings that moved or dropped out)")
    unj = [r for r in top if r["verdict"] is None]
    if unj:
        print(f"   unjudged in the top {a.top}:")
        for r in unj:
            print(f"   #{r['rank']} {r['kind']} {r['file']}:{r['line']} {r['function']}\n"
                  f"       {r['message']}")
        if a.tsv:
            print("   verdict-file lines to fill in (verdict and reason):")
            seen = set()
            for r in unj:
                key = (r["kind"], r["file"], r["function"], r["line"])
                if key not in seen:  # findings with the same key share one verdict line
                    seen.add(key)
                    print("\t".join([name, r["kind"], r["file"], r["function"], str(r["line"]), "?", "?"]))


def short(s, n):
    return s if len(s) <= n else s[:n - 3] + "..."


def cmd_report(a):
    a.advisor = os.path.abspath(a.advisor)
    if not os.path.isfile(a.advisor):
        sys.exit(f"precision: advisor not found: {a.advisor}")
    if a.top < 1:
        sys.exit("precision: --top must be at least 1")
    results, errors = [], 0
    for name in corpus_names(a.corpus):
        try:
            res = report_corpus(a, name)
        except VerdictError as e:
            print(f"precision: malformed verdict file: {e}", file=sys.stderr)
            errors += 1
            continue
        except (RuntimeError, OSError) as e:
            print(f"precision: {name}: {e}", file=sys.stderr)
            errors += 1
            continue
        results.append(res)
        print_corpus(res, a)
        print()
    if len(results) > 1:
        print("== summary (top 20)")
        print(f"   {'corpus':11} {'findings':>8} {'lock':>5} {'alloc':>5}  {'P@10':>5} {'P@20':>5} "
              f"{'false':>5} {'minor':>5} {'unsure':>6} {'unjudged':>8}")
        for r in results:
            c10, c20 = r["at10"], r["at20"]
            p10 = f"{c10['act'] / c10['n']:.2f}" if c10["n"] else "-"
            p20 = f"{c20['act'] / c20['n']:.2f}" if c20["n"] else "-"
            print(f"   {r['corpus']:11} {r['findings']:8} {r['lock_findings']:5} {r['alloc_findings']:5}  "
                  f"{p10:>5} {p20:>5} {c20['false']:5} {c20['minor']:5} {c20['unsure']:6} "
                  f"{c20['unjudged']:8}")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, indent=1)
    if errors:
        return 2
    if a.check is not None:
        bad = [r for r in results if r["at20"]["false"] > a.check or r["at20"]["unjudged"]]
        for r in bad:
            print(f"precision: check failed for {r['corpus']}: {r['at20']['false']} false "
                  f"(max {a.check}), {r['at20']['unjudged']} unjudged in the top 20", file=sys.stderr)
        return 1 if bad else 0
    return 0


def cmd_list(a):
    for n in ORDER:
        c = CORPORA[n]
        if not a.files:
            print(f"{n:11} {c['lang']:4} {c['about']}")
            continue
        root = corpus_root(n)
        print(f"{n:11} {c['lang']:4} {c['about']}   [root {root}]")
        if c["configure"]:
            err = c["configure"](root, os.path.join(tempfile.gettempdir(), "rdkafka-configure.log"))
            if err:
                sys.exit(f"precision: {n}: {err}")
        for src, flags, cwd in c["units"](root):
            print(f"    {src}   [cwd {cwd}] {shlex.join(flags)}")
    return 0


def load_findings_by_site(out_root, corpus):
    """Every finding of a corpus's findings files, as lists of messages by
    (kind, file, line, function): one site can hold several findings (two
    allocations on one line); None when the corpus was not built there."""
    fdir = os.path.join(out_root, corpus, "findings")
    if not os.path.isdir(fdir):
        return None
    found = {}
    for path in sorted(glob.glob(os.path.join(fdir, "**", "*.json"), recursive=True)):
        if ".tmp." in os.path.basename(path):
            continue  # a findings file still being written (tidy_parity.py skips them too)
        try:
            with open(path) as fh:
                doc = json.load(fh)
        except (OSError, ValueError) as e:
            sys.exit(f"precision: {path}: unreadable findings file: {e}")
        for f in doc.get("findings", []):
            loc = f.get("location") or {}
            key = (f.get("kind"), loc.get("file"), loc.get("line"), f.get("function"))
            conf = (f.get("evidence") or {}).get("confidence")
            # The confidence decides whether the default report lists it:
            # a change of it is a change of the finding.
            found.setdefault(key, []).append(f.get("message", "") + (f" [confidence {conf}]" if conf else ""))
    return found


def diff_site(site, was, now):
    """Print what differs at one site (its findings as message lists);
    returns (came, gone, changed) counts."""
    left, right = list(was), list(now)
    for m in list(left):  # the same finding on both sides
        if m in right:
            left.remove(m)
            right.remove(m)
    changed = min(len(left), len(right))
    for i in range(changed):
        print(f"   changed {site}\n      was  {left[i][:300]}\n      now  {right[i][:300]}")
    for m in right[changed:]:
        print(f"   new     {site}\n           {m[:300]}")
    for m in left[changed:]:
        print(f"   gone    {site}\n           {m[:300]}")
    return len(right) - changed, len(left) - changed, changed


def cmd_diff(a):
    for d in (a.old, a.new):
        if not os.path.isdir(d):
            print(f"precision: no build output directory {d}", file=sys.stderr)
            return 2
    differs = False
    compared = 0
    for n in corpus_names(a.corpus):
        old, new = load_findings_by_site(a.old, n), load_findings_by_site(a.new, n)
        if old is None and new is None:
            continue
        if old is None or new is None:
            print(f"== {n}: built only in {a.new if old is None else a.old}")
            differs = True
            continue
        compared += 1
        came = gone = changed = 0
        for key in sorted(set(old) | set(new), key=str):
            kind, path, line, fn = key
            c, g, ch = diff_site(f"{kind} {path}:{line} {fn}", old.get(key, []), new.get(key, []))
            came, gone, changed = came + c, gone + g, changed + ch
        differs = differs or came or gone or changed
        total = sum(len(v) for v in new.values())
        print(f"== {n}: {total} findings, {came} new, {gone} gone, {changed} with another message or confidence")
    if compared == 0:
        print(f"precision: no corpus built in both {a.old} and {a.new}", file=sys.stderr)
        return 2
    return 1 if differs else 0


def main():
    ap = argparse.ArgumentParser(prog="precision.py", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="corpora: " + ", ".join(ORDER) + "; see bench/precision/README.md")
    sub = ap.add_subparsers(dest="cmd", required=True)

    b = sub.add_parser("build", help="fetch, configure and compile corpora with the plugin",
                       description="Fetch, configure and compile each file of the corpus with "
                       "clang -O2 -g -fpass-plugin=SO; findings go to bench/out/precision/<corpus>/findings "
                       "(cleared first). Exit 1 when a file fails to compile, 2 on usage errors.")
    b.add_argument("--plugin", required=True, help="libperfadvise.so to load")
    b.add_argument("--corpus", required=True, help="corpus name, comma-separated names, or all")
    b.add_argument("--jobs", type=int, default=2, help="parallel compiles (default 2)")
    b.add_argument("--timing", action="store_true",
                   help="also compile each file without the plugin and record CPU time and the "
                        "plugin/plain ratio per file (bench/out/precision/<corpus>/timing.tsv)")
    b.add_argument("--repeat", type=int, default=1,
                   help="with --timing: compile N times each way and keep the fastest (default 1)")
    b.add_argument("--config", action="append", metavar="[CORPUS=]FILE",
                   help="compile with this perfadvise configuration file (docs/config.md; "
                        "bench/precision/configs/ holds the corpora's); CORPUS= limits it to one "
                        "corpus; repeatable. Without it no configuration is used (PERFADVISE_CONFIG=none)")
    b.add_argument("--clang", default="clang-19", help="C compiler command (default clang-19)")
    b.add_argument("--clangxx", default="clang++-19", help="C++ compiler command (default clang++-19)")
    b.set_defaults(func=cmd_build)

    r = sub.add_parser("report", help="rank, match against verdicts, print precision",
                       description="Run `perfadvise report --format json` on each corpus's findings, "
                       "take the top N in report order, match them on (kind, file, function, line) "
                       "against bench/precision/verdicts/<corpus>.tsv and print precision@10/@20, "
                       "false and minor rates, counts per kind and the unjudged top findings. "
                       "Exit 0; 2 on errors (missing findings, malformed verdict file, advisor failure); "
                       "with --check, 1 when a corpus's top 20 has more than MAX_FALSE false verdicts "
                       "or any finding without a verdict.")
    r.add_argument("--advisor", required=True, help="perfadvise executable")
    r.add_argument("--corpus", required=True, help="corpus name, comma-separated names, or all")
    r.add_argument("--top", type=int, default=20, help="findings to judge per corpus (default 20)")
    r.add_argument("--check", type=int, metavar="MAX_FALSE",
                   help="exit 1 when a top 20 has more than MAX_FALSE false or any unjudged finding")
    r.add_argument("--tsv", action="store_true",
                   help="also print the unjudged findings as verdict-file lines to fill in")
    r.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    r.add_argument("--only", choices=("lock", "alloc"),
                   help="judge only the lock (or allocation) findings, in report order")
    r.set_defaults(func=cmd_report)

    li = sub.add_parser("list", help="list the corpora (and with --files their files and flags)",
                        description="List the corpora; with --files also fetch them and print every "
                        "file with the flags and working directory it is compiled with.")
    li.add_argument("--files", action="store_true",
                    help="print each corpus's root (after its line) and its files and flags "
                         "(shell-quoted)")
    li.set_defaults(func=cmd_list)

    d = sub.add_parser("diff", help="findings that came, went or changed between two builds",
                       description="Compare the findings files of two `build` outputs (the "
                       "PERFADVISE_PRECISION_OUT directories, e.g. bench/out/precision-a and -b): "
                       "per corpus, the findings that came, went or whose message or confidence changed, keyed by "
                       "(kind, file, line, function); a site's findings compare as a multiset. A "
                       "corpus built in only one of them differs. Exit 0 when nothing differs, 1 when "
                       "something does, 2 on usage errors (a missing directory, an unknown corpus, "
                       "no corpus built in both).")
    d.add_argument("old", help="the earlier build's output directory")
    d.add_argument("new", help="the later build's output directory")
    d.add_argument("--corpus", default="all", help="corpus name, comma-separated names, or all (default)")
    d.set_defaults(func=cmd_diff)

    a = ap.parse_args()
    return a.func(a)


if __name__ == "__main__":
    sys.exit(main())
