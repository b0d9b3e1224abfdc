// loop-realloc-growth negative: cap + cap / 2 growth, and a doubling realloc
// whose buffer was pre-sized from the input before the loop: neither is
// quadratic, and the pre-sized one is not worth a loop-alloc either.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

void use(char *p, size_t n);

void half(int n) {
  char *p = malloc(16);
  size_t cap = 16, len = 0;
  for (int i = 0; i < n; i++) {
    if (len == cap) {
      cap = cap + cap / 2;
      p = realloc(p, cap);
      // REMARK: loopalloc_realloc_half.c:[[@LINE-1]]:11: remark: realloc grows a buffer inside a loop{{.*}}[-Rpass-missed=perfadvise-loopalloc]
      // JSON: FINDING loop-alloc fn=half at=loopalloc_realloc_half.c:[[@LINE-2]]:11 {{.*}}growth=amortised
    }
    p[len++] = (char)i;
  }
  use(p, len);
  free(p);
}

void presized(int n, size_t hint) {
  size_t cap = hint ? hint : 1, len = 0;
  char *p = malloc(cap);
  for (int i = 0; i < n; i++) {
    if (len == cap) {
      cap *= 2;
      p = realloc(p, cap);
    }
    p[len++] = (char)i;
  }
  use(p, len);
  free(p);
}
