// loop-alloc negative: the buffer is allocated once before the loop and
// reused; an allocation on a path that leaves the loop (error exit) is not
// per-iteration work of the loop either.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --allow-empty --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// REMARK-NOT: perfadvise-loopalloc
// JSON: FILE schema=perfadvise-findings/1 source=loopalloc_hoisted.c
#include <stdio.h>
#include <stdlib.h>

void emit_row(const char *line);

void render_rows(int n) {
  char *buf = malloc(128);
  for (int i = 0; i < n; i++) {
    snprintf(buf, 128, "row %d", i);
    emit_row(buf);
  }
  free(buf);
}
