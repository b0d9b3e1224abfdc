// loop-alloc and loop-realloc-growth negative: a buffer grown geometrically
// under a capacity check, in a loop whose trip count nobody knows (reading
// until the input ends): this is the right idiom, nothing to pre-size.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --allow-empty --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// REMARK-NOT: perfadvise-loopalloc
// JSON: FILE schema=perfadvise-findings/1 source=loopalloc_geometric_unbounded.c
#include <stdlib.h>

int next_char(void);

char *read_all(size_t *out_len) {
  char *p = 0;
  size_t cap = 0, len = 0;
  int c;
  while ((c = next_char()) >= 0) {
    if (len == cap) {
      cap = cap ? cap * 2 : 64;
      char *q = realloc(p, cap);
      if (!q) { free(p); return 0; }
      p = q;
    }
    p[len++] = (char)c;
  }
  *out_len = len;
  return p;
}
