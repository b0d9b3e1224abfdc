// A crash inside perfadvise is recovered: the compile still succeeds and
// produces an object, with one warning and an empty findings file.
// RUN: rm -rf %t.d %t.o
// RUN: env PERFADVISE_TEST_CRASH=1 PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: test -s %t.o
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// CHECK: warning: perfadvise: internal error (crash recovered) while analysing this file; no findings for it
// JSON: FINDING internal-error
// JSON-NOT: FINDING
//
// A crash in the early (lock) phase: the late phase still writes the file,
// with the allocation findings and one internal-error entry for the locks.
// RUN: rm -rf %t.e
// RUN: env PERFADVISE_TEST_CRASH=early PERFADVISE_OUTPUT_DIR=%t.e %clang -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=EARLY
// RUN: %jq %t.e | FileCheck %s --check-prefix=EJSON
// EARLY: warning: perfadvise: internal error (crash recovered) while analysing the locks of this file; no lock findings for it
// EARLY-NOT: warning:
// EJSON: FINDING internal-error
// EJSON: MESSAGE {{.*}}locks of this file
int f(int x) { return x + 1; }
