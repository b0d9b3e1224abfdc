// loop-realloc-growth: realloc(p, len + 16) on every iteration: each call may
// copy the whole buffer, quadratic in the final size.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

void fill(char *p, size_t n);

char *grow(int n) {
  char *p = 0;
  size_t len = 0;
  for (int i = 0; i < n; i++) {
    p = realloc(p, len + 16);
    // REMARK: loopalloc_realloc_increment.c:[[@LINE-1]]:9: remark: realloc grows the buffer by 16 bytes at a time in a loop (depth 1, trip count n): each call may copy the whole buffer, so the work is quadratic in its final size (~{{[0-9]+}} calls per call of grow()); grow the capacity geometrically (double it) or allocate the final size once before the loop [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-realloc-growth fn=grow at=loopalloc_realloc_increment.c:[[@LINE-2]]:9 {{.*}}advice=geometric allocator=realloc {{.*}}increment_bytes=16 loop_depth=1 {{.*}}pattern=realloc-constant-increment size_growth=linear
    fill(p + len, 16);
    len += 16;
  }
  return p;
}
