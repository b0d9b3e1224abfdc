// Eight parallel compiles of one TU into one directory leave exactly one
// complete findings file and no temporary files (temp file + rename).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: for i in 1 2 3 4 5 6 7 8; do env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.$i.o & done; wait
// RUN: ls %t.d | count 1
// RUN: %jq %t.d | FileCheck %s
// CHECK: FILE schema=perfadvise-findings/1 source=plugin_atomic_parallel.c
#include <stdlib.h>
void use(char *);
void f(int n) { for (int i = 0; i < n; i++) { char *p = malloc(32); use(p); free(p); } }
