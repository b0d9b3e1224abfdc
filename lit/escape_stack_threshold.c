// -mllvm -perfadvise-heap-to-stack-max=N moves the size limit of heap-to-stack
// suggestions (default 1024 bytes); 0 turns them off.
// RUN: %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=DEFAULT
// RUN: %clang -O2 -g -Xclang -load -Xclang %plugin %pa -mllvm -perfadvise-heap-to-stack-max=32 %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=SMALL
// RUN: %clang -O2 -g -Xclang -load -Xclang %plugin %pa -mllvm -perfadvise-heap-to-stack-max=0 %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=OFF
#include <stdio.h>
#include <stdlib.h>

int header(const char *title, FILE *out) {
  char *h = malloc(64);
  if (!h)
    return -1;
  snprintf(h, 64, "== %s ==", title);
  int rc = fputs(h, out);
  free(h);
  return rc;
}
// DEFAULT: escape_stack_threshold.c:10:13: remark: {{.*}} [-Rpass-missed=perfadvise-escape]
// SMALL-NOT: [-Rpass-missed=perfadvise-escape]
// SMALL: escape_stack_threshold.c:10:13: remark: malloc(64) in header() does not escape, but 64 bytes is over the 32-byte stack limit{{.*}} [-Rpass-analysis=perfadvise-escape]
// OFF-NOT: [-Rpass-missed=perfadvise-escape]
