// loop-realloc-growth: the size is (i + 1) * sizeof(struct item), a multiple
// of the loop counter: one more element per iteration, quadratic copying.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

struct item { long key; long value; double weight; };
void init_item(struct item *it, int i);

struct item *load_items(int n) {
  struct item *items = 0;
  for (int i = 0; i < n; i++) {
    items = realloc(items, (size_t)(i + 1) * sizeof *items);
    // REMARK: loopalloc_realloc_induction.c:[[@LINE-1]]:13: remark: realloc grows the buffer by 24 bytes at a time in a loop (depth 1, trip count n):{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-realloc-growth fn=load_items at=loopalloc_realloc_induction.c:[[@LINE-2]]:13 {{.*}}increment_bytes=24 {{.*}}trip_text=n
    init_item(&items[i], i);
  }
  return items;
}
