// Project allocators declared with attributes: `malloc` (IR: a noalias
// return) and `alloc_size` (IR: allocsize) make a function an allocator, so
// a call in a loop is reported like malloc. Not allocators: `alloc_size` on a
// function that also takes a pointer and is not `malloc` (a realloc or an
// arena: IR cannot tell them apart), and `ownership_returns` (a Clang static
// analyzer attribute that does not reach LLVM IR). An attribute allocator
// called once, outside a loop, is no loop allocation.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// RUN: env PERFADVISE_DUMP_MODEL=1 %clang -O2 %pa -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=MODEL
#include <stddef.h>
#include <stdlib.h>

void emit_row(const char *line);
void *pool_get(size_t n) __attribute__((malloc));
void *xmalloc_sized(size_t n) __attribute__((alloc_size(1)));
void *ctx_alloc(void *ctx, size_t n) __attribute__((malloc, alloc_size(2)));
void *arena_push(void *arena, size_t n) __attribute__((alloc_size(2)));
void *analyzer_only(size_t n) __attribute__((ownership_returns(malloc, 1)));

// malloc alone: an allocator of unknown size.
// MODEL-LABEL: function render_malloc_attr
// MODEL: alloc pool_get(64) -> v{{[0-9]+}} [project]
void render_malloc_attr(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = pool_get(64);
    // REMARK: project_alloc_attrs.c:[[@LINE-1]]:17: remark: pool_get runs once per iteration of a loop (depth 1, trip count n): ~{{[0-9]+}} calls per call of render_malloc_attr(); allocate the buffer once before the loop and reuse it [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=render_malloc_attr at=project_alloc_attrs.c:[[@LINE-2]]:17 {{.*}}advice=hoist allocator=project bytes=None callee=pool_get {{.*}}freed=same-iteration
    emit_row(buf);
    free(buf);
  }
}

void render_alloc_size(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = xmalloc_sized(32);
    // REMARK: project_alloc_attrs.c:[[@LINE-1]]:17: remark: xmalloc_sized(32) runs once per iteration of a loop{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=render_alloc_size at=project_alloc_attrs.c:[[@LINE-2]]:17 {{.*}}allocator=project bytes=32 callee=xmalloc_sized
    emit_row(buf);
    free(buf);
  }
}

void render_ctx(void *ctx, int n) {
  for (int i = 0; i < n; i++) {
    char *buf = ctx_alloc(ctx, 48);
    // REMARK: project_alloc_attrs.c:[[@LINE-1]]:17: remark: ctx_alloc(48) runs once per iteration of a loop{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=render_ctx at=project_alloc_attrs.c:[[@LINE-2]]:17 {{.*}}allocator=project bytes=48 callee=ctx_alloc
    emit_row(buf);
    free(buf);
  }
}

// Negative: realloc-like or arena (alloc_size + a pointer, no malloc).
// MODEL-LABEL: function render_arena
// MODEL: call arena_push(
void render_arena(void *arena, int n) {
  for (int i = 0; i < n; i++)
    emit_row(arena_push(arena, 16));
}

// Negative: ownership_returns is not in the IR. A function this file only
// declares: a candidate the advisor keeps only when the file defining it
// says it returns fresh memory (advisor_cross_tu_fresh_call.c).
// MODEL-LABEL: function render_analyzer_only
// MODEL: call analyzer_only(
void render_analyzer_only(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = analyzer_only(16);
    // JSON: FINDING loop-alloc fn=render_analyzer_only at=project_alloc_attrs.c:[[@LINE-1]]:17 {{.*}}callee_elsewhere=analyzer_only
    emit_row(buf);
    free(buf);
  }
}

// Negative: an attribute allocator outside any loop.
void render_once(void) {
  char *buf = pool_get(64);
  emit_row(buf);
  free(buf);
}
