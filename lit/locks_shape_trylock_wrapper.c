// Trylock wrappers: a wrapper's result says whether it took the lock in the
// sense the wrapper returns it. `return pthread_mutex_trylock(m) == 0` (or
// `return !pthread_mutex_trylock(m)`) returns non-zero on success; `return
// pthread_mutex_trylock(m)` (or `!= 0`) returns zero on success, as pthread
// does. A caller that tests the result in the wrapper's sense and returns
// without the lock when it failed holds nothing on that return; a return
// made after the wrapper succeeded still keeps the lock. (At -O0 the
// result goes through stack slots and these callers are still misread.)
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>

struct ctx { pthread_mutex_t a; pthread_mutex_t b; int active; int closing; };

static inline int try_inv(pthread_mutex_t *m) { return pthread_mutex_trylock(m) == 0; }
static inline int try_not(pthread_mutex_t *m) { return !pthread_mutex_trylock(m); }
static inline int try_ne(pthread_mutex_t *m) { return pthread_mutex_trylock(m) != 0; }
static inline int try_same(pthread_mutex_t *m) { return pthread_mutex_trylock(m); }
__attribute__((noinline)) int try_extern(pthread_mutex_t *m) { return pthread_mutex_trylock(m) == 0; }
/* A wrapper of a wrapper keeps its sense. */
__attribute__((noinline)) int try_outer(pthread_mutex_t *m) { return try_inv(m); }

// Negative: 0 holding 'a' (the caller unlocks it), 1 holding nothing
// (libusb's libusb_try_lock_events).
int enter_inv(struct ctx *c) {
  pthread_mutex_lock(&c->b);
  int closing = c->closing;
  pthread_mutex_unlock(&c->b);
  if (closing)
    return 1;
  int r = try_inv(&c->a);
  if (!r)
    return 1;
  c->active = 1;
  return 0;
}

// Negative: the same with `!pthread_mutex_trylock(m)`.
int enter_not(struct ctx *c) {
  pthread_mutex_lock(&c->b);
  int closing = c->closing;
  pthread_mutex_unlock(&c->b);
  if (closing || !try_not(&c->a))
    return 1;
  c->active = 1;
  return 0;
}

// Negative: pthread's own sense through a wrapper, `!= 0` or forwarded.
int enter_ne(struct ctx *c) {
  pthread_mutex_lock(&c->b);
  int closing = c->closing;
  pthread_mutex_unlock(&c->b);
  if (closing || try_ne(&c->a))
    return 1;
  c->active = 1;
  return 0;
}

int enter_same(struct ctx *c) {
  pthread_mutex_lock(&c->b);
  int closing = c->closing;
  pthread_mutex_unlock(&c->b);
  if (closing || try_same(&c->a) != 0)
    return 1;
  c->active = 1;
  return 0;
}

// Negative: a wrapper the optimiser does not inline, and one through two.
int enter_extern(struct ctx *c) {
  pthread_mutex_lock(&c->b);
  int closing = c->closing;
  pthread_mutex_unlock(&c->b);
  if (closing || !try_extern(&c->a))
    return 1;
  c->active = 1;
  return 0;
}

int enter_outer(struct ctx *c) {
  pthread_mutex_lock(&c->b);
  int closing = c->closing;
  pthread_mutex_unlock(&c->b);
  if (closing || !try_outer(&c->a))
    return 1;
  c->active = 1;
  return 0;
}

// Positive: the wrapper succeeded, then an early return keeps the lock that
// the other success path unlocks.
int bump_inv(struct ctx *c) {
  // CHECK: locks_shape_trylock_wrapper.c:[[@LINE+1]]:8: remark: bump_inv() can return with 'ctx::a' still locked (a return path through line [[@LINE+4]] keeps it)
  if (!try_inv(&c->a))
    return -1;
  if (c->closing)
    return -2;
  c->active++;
  pthread_mutex_unlock(&c->a);
  return 0;
}

// Positive: the same through pthread's sense.
int bump_same(struct ctx *c) {
  // CHECK: locks_shape_trylock_wrapper.c:[[@LINE+1]]:7: remark: bump_same() can return with 'ctx::a' still locked (a return path through line [[@LINE+4]] keeps it)
  if (try_same(&c->a))
    return -1;
  if (c->closing)
    return -2;
  c->active++;
  pthread_mutex_unlock(&c->a);
  return 0;
}

// Positive: the same through a wrapper of the wrapper.
int bump_outer(struct ctx *c) {
  // CHECK: locks_shape_trylock_wrapper.c:[[@LINE+1]]:8: remark: bump_outer() can return with 'ctx::a' still locked (a return path through line [[@LINE+4]] keeps it)
  if (!try_outer(&c->a))
    return -1;
  if (c->closing)
    return -2;
  c->active++;
  pthread_mutex_unlock(&c->a);
  return 0;
}

// JSON-DAG: FINDING lock-held-at-return fn=bump_inv {{.*}}lock_class=ctx::a
// JSON-DAG: FINDING lock-held-at-return fn=bump_same {{.*}}lock_class=ctx::a
// JSON-DAG: FINDING lock-held-at-return fn=bump_outer {{.*}}lock_class=ctx::a
// JSON-NOT: FINDING lock-held-at-return fn=enter_

