// Without -g (and without -R flags, which make clang track locations on its
// own) findings have no locations: the findings file says so once, and marks
// each finding's evidence with debug_info=false.
// RUN: rm -rf %t.d %t.g %t.r
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s
// With line tables, or with -R remarks (clang then tracks locations), there is no such note.
// RUN: env PERFADVISE_OUTPUT_DIR=%t.g %clang -O2 -gline-tables-only %pa -c %s -o %t.o
// RUN: %jq %t.g | FileCheck %s --check-prefix=LINES
// RUN: env PERFADVISE_OUTPUT_DIR=%t.r %clang -O2 %pa %pa-remarks -c %s -o %t.o
// RUN: %jq %t.r | FileCheck %s --check-prefix=LINES
// CHECK: FILE schema=perfadvise-findings/1 source=plugin_no_debug_info.c
// CHECK: FINDING no-debug-info fn=f at=?:0:0
// CHECK: MESSAGE {{.*}}plugin_no_debug_info.c was compiled without debug info: perfadvise findings have no source locations and weaker lock names; add -g (or at least -gline-tables-only)
// LINES: FILE schema=perfadvise-findings/1
// LINES-NOT: no-debug-info
#include <stdlib.h>
void use(char *);
void f(void) { char *p = malloc(16); use(p); free(p); }
