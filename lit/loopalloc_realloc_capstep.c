// loop-realloc-growth: the capacity grows by a constant (64) under a
// "full?" check: a realloc every 64 elements, each copying everything.
// -O2 rewrites cap + 64 as len + 64 (len == cap there); still quadratic.
// The step is what one realloc adds over the last, the chunk (16 elements of
// 8 bytes = 128 bytes), also when only some iterations append: then len
// advances by one element on some paths, which is not the realloc's step.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

void use(char *p, size_t n);

void collect(int n) {
  char *p = 0;
  size_t cap = 0, len = 0;
  for (int i = 0; i < n; i++) {
    if (len == cap) {
      cap += 64;
      p = realloc(p, cap);
      // REMARK: loopalloc_realloc_capstep.c:[[@LINE-1]]:11: remark: realloc grows the buffer by 64 bytes at a time in a loop (depth 1, trip count n):{{.*}}[-Rpass-missed=perfadvise-loopalloc]
      // JSON: FINDING loop-realloc-growth fn=collect at=loopalloc_realloc_capstep.c:[[@LINE-2]]:11 {{.*}}increment_bytes=64
    }
    p[len++] = (char)i;
  }
  use(p, len);
  free(p);
}

void collect_matches(const long *xs, int n, long key) {
  long *p = 0;
  size_t cap = 0, len = 0;
  for (int i = 0; i < n; i++) {
    if (xs[i] != key)
      continue;
    if (len == cap) {
      cap += 16;
      p = realloc(p, cap * sizeof *p);
      // REMARK: loopalloc_realloc_capstep.c:[[@LINE-1]]:11: remark: realloc grows the buffer by 128 bytes at a time in a loop (depth 1, trip count n):{{.*}}[-Rpass-missed=perfadvise-loopalloc]
      // JSON: FINDING loop-realloc-growth fn=collect_matches at=loopalloc_realloc_capstep.c:[[@LINE-2]]:11 {{.*}}increment_bytes=128
    }
    p[len++] = xs[i];
  }
  use((char *)p, len);
  free(p);
}
