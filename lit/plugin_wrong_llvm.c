// A clang from another LLVM major version is refused with a clear message
// instead of a symbol lookup error or a crash.
// REQUIRES: clang14
// RUN: not clang-14 -O2 -fpass-plugin=%plugin -c %s -o %t.o 2>&1 | FileCheck %s
// CHECK: error: perfadvise: libperfadvise.so was built for LLVM 19 but was loaded by a compiler using {{.*}}; use clang-19 / opt-19
int f(int x) { return x; }
