// A crash inside perfadvise is recovered: the compile still succeeds and
// produces an object, with one warning and an empty findings file.
// RUN: rm -rf %t.d %t.o
// RUN: env PERFADVISE_TEST_CRASH=1 PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: test -s %t.o
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// CHECK: warning: perfadvise: internal error (crash recovered) while analysing this file; no findings for it
// JSON: FINDING internal-error
// JSON-NOT: FINDING
int f(int x) { return x + 1; }
