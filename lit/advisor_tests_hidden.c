// Findings in test and mock code (functions named unittest_*, test_*, files
// named *_test.c, mock*) are not on a user's path: the default report leaves
// them out and counts them; --tests lists them (ranked Low). The same
// allocation in library code stays.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %perfadvise report %t.d --kind loop-alloc | FileCheck %s --implicit-check-not=unittest_
// CHECK: 1 finding
// CHECK: 1 finding in test or mock code not shown (--tests lists it)
// CHECK: loop-alloc {{.*}}advisor_tests_hidden.c:[[@LINE+15]] render_rows()
// RUN: %perfadvise report %t.d --kind loop-alloc --tests | FileCheck %s --check-prefix=ALL
// ALL: 2 findings
// ALL-NOT: test or mock code not shown
// ALL-DAG: loop-alloc {{.*}}render_rows()
// ALL-DAG: loop-alloc {{.*}}unittest_rows()
// RUN: %perfadvise report %t.d --kind loop-alloc --format json | FileCheck %s --check-prefix=JSON
// JSON: "hidden_test_code":1
#include <stdio.h>
#include <stdlib.h>

void emit(const char *p);

void render_rows(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = malloc(64);
    snprintf(buf, 64, "row %d", i);
    emit(buf);
    free(buf);
  }
}

void unittest_rows(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = malloc(64);
    snprintf(buf, 64, "case %d", i);
    emit(buf);
    free(buf);
  }
}
