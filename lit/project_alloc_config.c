// Allocators, deallocators and lock primitives named in a configuration file
// (docs/config.md) get the analysis malloc and pthread_mutex_lock get: given
// by -mllvm -perfadvise-config, by PERFADVISE_CONFIG, or found as .perfadvise
// in the source's directory or one above it. Without the file none of these
// calls is known and nothing is reported.
// The escape analysis knows them too: each allocation that leaves its function
// gets its analysis remark (heap-escape, -Rpass-analysis), checked below.
// RUN: rm -rf %t.d %t.w && mkdir -p %t.d %t.w/src/deep
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g -Xclang -load -Xclang %plugin %pa %pa-remarks -mllvm -perfadvise-config=%S/Inputs/config/app.perfadvise -c %s -o %t.o 2>&1 | tee %t.r1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// RUN: env PERFADVISE_CONFIG=%S/Inputs/config/app.perfadvise %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | tee %t.r2 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: cp %S/Inputs/config/app.perfadvise %t.w/.perfadvise && cp %s %t.w/src/deep/project_alloc_config.c
// RUN: cd %t.w/src/deep && %clang -O2 -g %pa %pa-remarks -c project_alloc_config.c -o %t.o 2>&1 | tee %t.r3 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// --implicit-check-not does not look past the first -DAG match: count the
// remarks to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F remark: %t.r1 | FileCheck %s --check-prefix=COUNT-REMARK
// RUN: grep -c -F remark: %t.r2 | FileCheck %s --check-prefix=COUNT-REMARK
// RUN: grep -c -F remark: %t.r3 | FileCheck %s --check-prefix=COUNT-REMARK
// COUNT-REMARK: {{^}}10{{$}}
// The option wins over the file found by walking up; "none" turns the search off.
// RUN: cd %t.w/src/deep && env PERFADVISE_CONFIG=none %clang -O2 -g %pa %pa-remarks -c project_alloc_config.c -o %t.o 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty
// RUN: %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty
// NONE-NOT: remark:
#include <stddef.h>
#include <stdlib.h>

typedef struct app_ctx app_ctx;
typedef struct app_mutex app_mutex;
typedef struct app_cond app_cond;
void *app_alloc(app_ctx *ctx, size_t n);
void *app_realloc(app_ctx *ctx, void *p, size_t n);
void app_free(app_ctx *ctx, void *p);
void app_mutex_enter(app_mutex *m);
void app_mutex_leave(app_mutex *m);
int app_mutex_try(app_mutex *m);
void app_cond_wait(app_cond *c, app_mutex *m);
void app_sleep(int ms);
extern void *(*app_malloc_hook)(size_t);
void emit_row(const char *line);

struct table {
  app_mutex *mu;
  app_cond *cv;
  long hits;
  int ready;
};

void render(app_ctx *ctx, int n) {
  for (int i = 0; i < n; i++) {
    char *buf = app_alloc(ctx, 128);
    // REMARK-DAG: project_alloc_config.c:[[@LINE-1]]:17: remark: app_alloc(128) runs once per iteration of a loop (depth 1, trip count n): ~{{[0-9]+}} calls per call of render(); allocate the buffer once before the loop and reuse it [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=render at=project_alloc_config.c:[[@LINE-2]]:17 {{.*}}advice=hoist allocator=project bytes=128 callee=app_alloc {{.*}}freed=same-iteration
    // REMARK-DAG: project_alloc_config.c:[[@LINE-3]]:17: remark: app_alloc(128) in render() escapes via a call to emit_row(){{.*}}[-Rpass-analysis=perfadvise-escape]
    emit_row(buf);
    app_free(ctx, buf);
  }
}

void render_hook(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = app_malloc_hook(64);
    // REMARK-DAG: project_alloc_config.c:[[@LINE-1]]:17: remark: app_malloc_hook(64) runs once per iteration of a loop (depth 1, trip count n){{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=render_hook at=project_alloc_config.c:[[@LINE-2]]:17 {{.*}}allocator=project bytes=64 callee=app_malloc_hook
    // REMARK-DAG: project_alloc_config.c:[[@LINE-3]]:17: remark: app_malloc_hook(64) in render_hook() escapes via a call to emit_row(){{.*}}[-Rpass-analysis=perfadvise-escape]
    emit_row(buf);
    free(buf);
  }
}

char *grow(app_ctx *ctx, int n) {
  char *p = 0;
  size_t len = 0;
  for (int i = 0; i < n; i++) {
    p = app_realloc(ctx, p, len + 16);
    // REMARK-DAG: project_alloc_config.c:[[@LINE-1]]:9: remark: {{.*}}grows the buffer by 16 bytes at a time in a loop (depth 1, trip count n)
    // JSON: FINDING loop-realloc-growth fn=grow at=project_alloc_config.c:[[@LINE-2]]:9 {{.*}}callee=app_realloc {{.*}}pattern=realloc-constant-increment
    // The buffer is returned. The remark names the project reallocator, as
    // docs/findings-format.md (allocator) promises.
    // REMARK-DAG: project_alloc_config.c:[[@LINE-5]]:9: remark: app_realloc(n) in grow() escapes via return{{.*}}[-Rpass-analysis=perfadvise-escape]
    emit_row(p + len);
    len += 16;
  }
  return p;
}

void count(struct table *t, int n) {
  for (int i = 0; i < n; i++) {
    // REMARK-DAG: project_alloc_config.c:[[@LINE+1]]:5: remark: 'table::mu' is locked and unlocked on every iteration of this loop {{.*}}[-Rpass-missed=perfadvise-locks]
    app_mutex_enter(t->mu);
    t->hits++;
    app_mutex_leave(t->mu);
  }
}

void nap(struct table *t) {
  app_mutex_enter(t->mu);
  // REMARK-DAG: project_alloc_config.c:[[@LINE+1]]:3: remark: app_sleep() sleeps while holding 'table::mu'{{.*}}[-Rpass-missed=perfadvise-locks]
  app_sleep(10);
  t->hits++;
  app_mutex_leave(t->mu);
}

struct slot {
  app_mutex *mu;
  char *buf;
};

void fill_locked(app_ctx *ctx, struct slot *s) {
  app_mutex_enter(s->mu);
  // REMARK-DAG: project_alloc_config.c:[[@LINE+2]]:12: remark: app_alloc(64) in fill_locked() escapes via a store into memory pointed to by parameter 's'{{.*}}[-Rpass-analysis=perfadvise-escape]
  // REMARK-DAG: project_alloc_config.c:[[@LINE+1]]:12: remark: app_alloc() allocates while holding 'slot::mu'{{.*}}[-Rpass-missed=perfadvise-locks]
  s->buf = app_alloc(ctx, 64);
  app_mutex_leave(s->mu);
}

// Negative: a condition wait releases the mutex it is given.
void wait_ready(struct table *t) {
  app_mutex_enter(t->mu);
  while (!t->ready)
    app_cond_wait(t->cv, t->mu);
  app_mutex_leave(t->mu);
}

// Negative: a trylock that failed holds nothing.
int try_hit(struct table *t) {
  if (app_mutex_try(t->mu) != 0)
    return 0;
  t->hits++;
  app_mutex_leave(t->mu);
  return 1;
}
