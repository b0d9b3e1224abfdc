// loop-alloc negatives (issue 10 item 2): growth made of malloc + copy + free
// instead of realloc.
// - A retry loop that doubles its buffer until a formatted string fits
//   (hiredis sdscatvprintf): each pass needs a bigger buffer, so "allocate it
//   once before the loop" cannot work.
// - An append helper that replaces the array with one twice as large on
//   powers of two (RE2 Regexp::AddRuneToString): amortised growth, rare.
// Positive nearby: a fixed-size scratch buffer made and freed every iteration.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *format_retry(const char *fmt, ...) {
  size_t buflen = 16;
  char *buf;
  for (;;) {
    buf = malloc(buflen);
    if (buf == NULL)
      return NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, buflen, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= buflen) {
      free(buf);
      buflen *= 2;
      continue;
    }
    break;
  }
  return buf;
}

struct runes { int *v; int n; };

static void add_rune(struct runes *r, int x) {
  if (r->n == 0) {
    r->v = malloc(8 * sizeof *r->v);
  } else if (r->n >= 8 && (r->n & (r->n - 1)) == 0) {
    int *old = r->v;
    r->v = malloc((size_t)r->n * 2 * sizeof *r->v);
    memcpy(r->v, old, (size_t)r->n * sizeof *old);
    free(old);
  }
  r->v[r->n++] = x;
}

struct runes *literal_string(const int *xs, int n) {
  struct runes *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  for (int i = 0; i < n; i++)
    add_rune(r, xs[i]);
  return r;
}

void emit(const char *);

void scratch_each(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = malloc(64);
    // REMARK: loopalloc_grow_by_replacement.c:[[@LINE-1]]:17: remark: malloc(64) runs once per iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=scratch_each at=loopalloc_grow_by_replacement.c:[[@LINE-2]]:17 {{.*}}advice=hoist
    snprintf(buf, 64, "%d", i);
    emit(buf);
    free(buf);
  }
}
