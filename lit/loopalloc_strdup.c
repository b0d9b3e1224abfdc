// loop-alloc: strdup on every iteration of a loop with a constant trip count.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

void consume(const char *s);

void tokens(const char *const *words) {
  for (int i = 0; i < 64; i++) {
    char *copy = strdup(words[i]);
    // REMARK: loopalloc_strdup.c:[[@LINE-1]]:18: remark: strdup runs once per iteration of a loop (depth 1, trip count 64): ~{{[0-9]+}} calls per call of tokens(); allocate the buffer once before the loop and reuse it [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=tokens at=loopalloc_strdup.c:[[@LINE-2]]:18 {{.*}}advice=hoist allocator=strdup bytes=None {{.*}}executions_per_call={{[0-9.]+}} {{.*}}loop_depth=1 {{.*}}trip_count=64
    consume(copy);
    free(copy);
  }
}
