// loop-alloc: an allocation on an unlikely branch inside a loop runs far less
// than once per call. Its estimate must reach the findings file with full
// precision (issue 10 item 7: two decimals turned 0.0044 into 0, which the
// advisor read as "unknown" and ranked HIGH). The hot sibling keeps a plain
// estimate above one.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <stdio.h>
#include <stdlib.h>

void emit_row(const char *line);

void rare_rows(int n, const int *bad) {
  for (int i = 0; i < n; i++) {
    if (__builtin_expect(bad[i], 0)) {
      char *msg = malloc(128);
      // REMARK: loopalloc_rare_estimate.c:[[@LINE-1]]:19: remark: malloc(128) runs
      // JSON: FINDING loop-alloc fn=rare_rows at=loopalloc_rare_estimate.c:[[@LINE-2]]:19 {{.*}}executions_per_call=0.{{[0-9][0-9][0-9]+}} {{.*}}loop_depth=1
      snprintf(msg, 128, "bad row %d", i);
      emit_row(msg);
      free(msg);
    }
  }
}

void hot_rows(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = malloc(64);
    // JSON: FINDING loop-alloc fn=hot_rows at=loopalloc_rare_estimate.c:[[@LINE-1]]:17 {{.*}}executions_per_call={{[1-9][0-9.]*}} {{.*}}loop_depth=1
    snprintf(buf, 64, "row %d", i);
    emit_row(buf);
    free(buf);
  }
}
