// loop-alloc: malloc + free on every iteration -> hoist. The buffer is passed
// to an external function so -O2 cannot delete the pair.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdio.h>
#include <stdlib.h>

void emit_row(const char *line);

void render_rows(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = malloc(128);
    // REMARK: loopalloc_malloc_free.c:[[@LINE-1]]:17: remark: malloc(128) runs once per iteration of a loop (depth 1, trip count n): ~{{[0-9]+}} calls per call of render_rows(); allocate the buffer once before the loop and reuse it [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=render_rows at=loopalloc_malloc_free.c:[[@LINE-2]]:17 {{.*}}remark=missed advice=hoist allocator=malloc bytes=128 callee=malloc executions_per_call={{[0-9.]+}} freed=same-iteration growth=per-iteration loop_depth=1 {{.*}}trip_count=None trip_text=n
    // JSON-NEXT: MESSAGE malloc(128) runs once per iteration
    snprintf(buf, 128, "row %d", i);
    emit_row(buf);
    free(buf);
  }
}
