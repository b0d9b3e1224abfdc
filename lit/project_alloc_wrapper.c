// A forwarding wrapper (its returned pointer comes straight from an allocator
// call on every path, the size passed on from a parameter) is an allocator:
// a call to it in a loop is reported at the call even when it is not
// inlined. Not wrappers: a function that returns a cached block on some
// path, and one whose size is its own constant (a node constructor).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

void emit_row(const char *line);

__attribute__((noinline)) void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    abort();
  return p;
}

// A wrapper of a wrapper, size cast on the way.
__attribute__((noinline)) char *xstralloc(unsigned len) { return xmalloc((size_t)len + 1); }

static char *cache;
__attribute__((noinline)) char *cached_buffer(size_t n) {
  if (cache)
    return cache;
  return malloc(n);
}

struct node { struct node *next; int v; };
__attribute__((noinline)) struct node *node_new(void) { return malloc(sizeof(struct node)); }

void render(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = xmalloc(128);
    // CHECK: project_alloc_wrapper.c:[[@LINE-1]]:17: remark: xmalloc(128) runs once per iteration of a loop (depth 1, trip count n): ~{{[0-9]+}} calls per call of render(); allocate the buffer once before the loop and reuse it [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=render at=project_alloc_wrapper.c:[[@LINE-2]]:17 {{.*}}allocator=malloc bytes=128 callee=xmalloc {{.*}}freed=same-iteration {{.*}}wrapper=True
    emit_row(buf);
    free(buf);
  }
}

void render_str(int n) {
  for (int i = 0; i < n; i++) {
    char *s = xstralloc(15);
    // CHECK: project_alloc_wrapper.c:[[@LINE-1]]:15: remark: xstralloc runs once per iteration of a loop{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=render_str {{.*}}callee=xstralloc {{.*}}wrapper=True
    emit_row(s);
    free(s);
  }
}

// Negatives.
void render_cached(int n) {
  for (int i = 0; i < n; i++)
    emit_row(cached_buffer(64));
}

struct node *build(int n) {
  struct node *head = 0;
  for (int i = 0; i < n; i++) {
    struct node *x = node_new();
    x->v = i;
    x->next = head;
    head = x;
  }
  return head;
}

// A wrapper called once is no loop allocation.
void once(void) {
  char *buf = xmalloc(32);
  emit_row(buf);
  free(buf);
}
