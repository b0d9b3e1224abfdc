// A clang from another LLVM major version is refused with a clear message
// instead of a symbol lookup error or a crash. The check is built here on its
// own (plugin/version_check.c is what libperfadvise.so runs at load time), so
// the test also runs when the real plugin is sanitized and clang-14 could not
// load its ASan runtime.
// REQUIRES: clang14
// RUN: %plain-clang -shared -fPIC -DPERFADVISE_LLVM_MAJOR=19 %srcroot/plugin/version_check.c -o %t.so
// RUN: not clang-14 -O2 -fpass-plugin=%t.so -c %s -o %t.o 2>&1 | FileCheck %s
// CHECK: error: perfadvise: libperfadvise.so was built for LLVM 19 but was loaded by a compiler using {{.*}}; use clang-19 / opt-19
// And clang-19 accepts it (the check passes; the stub has no pass to register).
// RUN: not %plain-clang -O2 -fpass-plugin=%t.so -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=OK19
// OK19-NOT: was built for LLVM
// OK19: Plugin entry point not found
int f(int x) { return x; }
