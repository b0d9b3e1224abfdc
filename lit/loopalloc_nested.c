// loop-alloc: depth 2 in a nested loop carries more executions per call than
// depth 1; a node linked into the list the function returns is kept by
// design (one object per iteration is the result): no finding.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

void use(void *p);
struct node { struct node *next; int v; };

void grid(int rows, int cols) {
  for (int r = 0; r < rows; r++) {
    int *row = malloc(16);
    // REMARK: loopalloc_nested.c:[[@LINE-1]]:16: remark: malloc(16) runs once per iteration of a loop (depth 1, trip count rows): ~20 calls per call of grid(); allocate{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=grid at=loopalloc_nested.c:[[@LINE-2]]:16 {{.*}}executions_per_call=20 {{.*}}loop_depth=1 {{.*}}trip_text=rows
    for (int c = 0; c < cols; c++) {
      int *cell = malloc(8);
      // REMARK: loopalloc_nested.c:[[@LINE-1]]:19: remark: malloc(8) runs once per iteration of a loop (depth 2, trip count cols): ~400 calls per call of grid(); allocate{{.*}}[-Rpass-missed=perfadvise-loopalloc]
      // JSON: FINDING loop-alloc fn=grid at=loopalloc_nested.c:[[@LINE-2]]:19 {{.*}}executions_per_call=400 {{.*}}loop_depth=2 {{.*}}trip_text=cols
      use(cell);
      free(cell);
    }
    use(row);
    free(row);
  }
}

struct node *build(int n) {
  struct node *head = 0;
  for (int i = 0; i < n; i++) {
    struct node *x = malloc(sizeof *x);
    x->v = i;
    x->next = head;
    head = x;
  }
  return head;
}
