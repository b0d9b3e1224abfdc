/* plugin/version_check.c — refuse, with a clear message, to run inside a
 * compiler whose LLVM is not the major version this plugin was built for.
 * Without it the mismatch shows up later as an obscure "symbol lookup error"
 * or a crash. Runs when the plugin is loaded, before any LLVM C++ symbol is
 * touched; LLVMGetVersion exists in LLVM-C since LLVM 16. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

#ifndef PERFADVISE_LLVM_MAJOR
#error "PERFADVISE_LLVM_MAJOR must be defined by the build"
#endif

typedef void (*get_version_fn)(unsigned *major, unsigned *minor, unsigned *patch);

__attribute__((constructor)) static void pa_check_host_llvm(void)
{
    get_version_fn get_version = (get_version_fn)dlsym(RTLD_DEFAULT, "LLVMGetVersion");
    unsigned major = 0, minor = 0, patch = 0;
    if (get_version)
        get_version(&major, &minor, &patch);
    if (major == PERFADVISE_LLVM_MAJOR)
        return;
    if (major)
        fprintf(stderr,
                "error: perfadvise: libperfadvise.so was built for LLVM %d but was loaded by a compiler "
                "using LLVM %u.%u.%u; use clang-%d / opt-%d, or rebuild perfadvise with "
                "-DLLVM_DIR=<your LLVM>/lib/cmake/llvm\n",
                PERFADVISE_LLVM_MAJOR, major, minor, patch, PERFADVISE_LLVM_MAJOR, PERFADVISE_LLVM_MAJOR);
    else
        fprintf(stderr,
                "error: perfadvise: libperfadvise.so was built for LLVM %d but was loaded by a compiler "
                "using an older LLVM (before 16); use clang-%d / opt-%d, or rebuild perfadvise with "
                "-DLLVM_DIR=<your LLVM>/lib/cmake/llvm\n",
                PERFADVISE_LLVM_MAJOR, PERFADVISE_LLVM_MAJOR, PERFADVISE_LLVM_MAJOR);
    _exit(1);
}
