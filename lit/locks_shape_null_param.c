// A callee that takes a lock only when a pointer parameter is NULL (a
// setter that falls back to the global default when no context is given:
// `if (ctx == NULL) { lock(&defaults_lock); ... }`), called while that lock
// is held with an argument known not to be NULL (a fresh allocation checked
// for NULL, the address of a local or global, a nonnull parameter, passed on
// through a wrapper): no double lock and no lock-order edge. Called with
// NULL or with a pointer nothing says anything about: still a double lock.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %jq %t.d > %t.txt && not grep 'EDGE other_lock -> defaults_lock fn=ordered ' %t.txt
#include <pthread.h>
#include <stdlib.h>

struct ctx { int level; int flags; };

pthread_mutex_t defaults_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t other_lock = PTHREAD_MUTEX_INITIALIZER;
static int default_level, default_set;
static struct ctx the_default;
struct ctx global_ctx;

static inline void take(pthread_mutex_t *m) { pthread_mutex_lock(m); }
static inline void drop(pthread_mutex_t *m) { pthread_mutex_unlock(m); }

__attribute__((noinline)) static struct ctx *get_ctx(struct ctx *c) {
  return c ? c : &the_default;
}

/* Locks defaults_lock only on the path where ctx is NULL. */
__attribute__((noinline)) int set_level(struct ctx *ctx, int level) {
  if (level < 0 || level > 4)
    return -1;
  if (ctx == NULL) {
    take(&defaults_lock);
    default_level = level;
    default_set = 1;
    drop(&defaults_lock);
  }
  ctx = get_ctx(ctx);
  ctx->level = level;
  return 0;
}

/* Passes its parameter on: locks only when that is NULL too. */
__attribute__((noinline)) int set_level_wrapped(struct ctx *ctx, int level) {
  return set_level(ctx, level) + 1;
}

/* Not found: a fresh context, NULL-checked before the call. (The
 * allocation under the lock is found: no longer taken for an API lock the
 * callee enters again.) */
struct ctx *new_ctx(int n) {
  take(&defaults_lock);
  // CHECK: locks_shape_null_param.c:[[@LINE+1]]:19: remark: calloc allocates while holding 'defaults_lock'
  struct ctx *c = calloc(1, sizeof *c);
  if (!c) {
    drop(&defaults_lock);
    return NULL;
  }
  if (default_set)
    set_level(c, default_level);
  for (int i = 0; i < n; i++)
    if (set_level(c, i) != 0)
      break;
  drop(&defaults_lock);
  return c;
}

/* Not found: the address of a local and of a global. */
int on_stack(int level) {
  struct ctx local = {0, 0};
  take(&defaults_lock);
  int r = set_level(&local, level);
  r += set_level(&global_ctx, level);
  drop(&defaults_lock);
  return r + local.level;
}

/* Not found: a parameter declared nonnull. */
__attribute__((nonnull)) int on_nonnull(struct ctx *c, int level) {
  take(&defaults_lock);
  int r = set_level(c, level);
  drop(&defaults_lock);
  return r;
}

/* Not found: through a wrapper that passes the pointer on. */
struct ctx *new_ctx_wrapped(void) {
  take(&defaults_lock);
  // CHECK: locks_shape_null_param.c:[[@LINE+1]]:19: remark: malloc allocates while holding 'defaults_lock'
  struct ctx *c = malloc(sizeof *c);
  if (c)
    set_level_wrapped(c, 1);
  drop(&defaults_lock);
  return c;
}

/* No lock-order edge other_lock -> defaults_lock for a non-NULL context. */
void ordered(struct ctx *c) {
  if (!c)
    return;
  take(&other_lock);
  set_level(c, 2);
  drop(&other_lock);
}

/* Found: NULL itself. */
void on_null(void) {
  take(&defaults_lock);
  // CHECK: locks_shape_null_param.c:[[@LINE+1]]:3: remark: set_level() locks 'defaults_lock', which is already held here
  set_level(NULL, 1);
  drop(&defaults_lock);
}

/* Found: a pointer nothing is known about. */
void on_unknown(struct ctx *c) {
  take(&defaults_lock);
  // CHECK: locks_shape_null_param.c:[[@LINE+1]]:3: remark: set_level() locks 'defaults_lock', which is already held here
  set_level(c, 1);
  drop(&defaults_lock);
}

/* Found: checked, but on the wrong side (the NULL branch). */
void on_checked_null(struct ctx *c) {
  take(&defaults_lock);
  if (!c)
    // CHECK: locks_shape_null_param.c:[[@LINE+1]]:5: remark: set_level() locks 'defaults_lock', which is already held here
    set_level(c, 3);
  drop(&defaults_lock);
}

/* Found: the wrapper with an unknown pointer. */
void wrapped_unknown(struct ctx *c) {
  take(&defaults_lock);
  // CHECK: locks_shape_null_param.c:[[@LINE+1]]:3: remark: set_level_wrapped() locks 'defaults_lock', which is already held here
  set_level_wrapped(c, 1);
  drop(&defaults_lock);
}

/* Found: an edge other_lock -> defaults_lock when the pointer may be NULL. */
void unordered(struct ctx *c) {
  take(&other_lock);
  set_level(c, 2);
  drop(&other_lock);
}
// JSON-DAG: EDGE other_lock -> defaults_lock fn=unordered
// JSON-DAG: SUMMARY set_level {{.*}}locks=[defaults_lock] locks_if_null.defaults_lock=0
// JSON-DAG: SUMMARY set_level_wrapped {{.*}}locks=[defaults_lock] locks_if_null.defaults_lock=0
// JSON-DAG: SUMMARY ordered {{.*}}calls_under_lock=[{"callee": "set_level", "held": ["other_lock"], {{.*}}"nonnull_args": [0]},{"callee": "drop",
