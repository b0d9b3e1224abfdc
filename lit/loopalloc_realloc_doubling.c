// loop-realloc-growth negative: the capacity doubles under a check (-O2 turns
// cap * 2 into len << 1): geometric, amortised O(1) per element. With the trip
// count known the final size is predictable, so it is a loop-alloc with
// growth=amortised and advice=reserve, never the quadratic finding.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

void use(char *p, size_t n);

void collect(int n) {
  char *p = malloc(16);
  size_t cap = 16, len = 0;
  for (int i = 0; i < n; i++) {
    if (len == cap) {
      cap *= 2;
      p = realloc(p, cap);
      // REMARK: loopalloc_realloc_doubling.c:[[@LINE-1]]:11: remark: realloc grows a buffer inside a loop (depth 1, trip count n): {{.*}} amortised reallocations and copies per call of collect(); the trip count bounds the final size: allocate it once before the loop (one malloc of n*size) [-Rpass-missed=perfadvise-loopalloc]
      // JSON: FINDING loop-alloc fn=collect at=loopalloc_realloc_doubling.c:[[@LINE-2]]:11 {{.*}}advice=reserve {{.*}}growth=amortised
    }
    p[len++] = (char)i;
  }
  use(p, len);
  free(p);
}
