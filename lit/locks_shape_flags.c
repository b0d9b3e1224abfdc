// Lock flags: `if (do_lock) lock(); ... if (do_lock) unlock();` with the flag
// in a parameter or a field is one path per flag value, and a callee that
// locks only when its flag argument says so is no double lock when the
// caller passes 0 (or its own flag, 0 further up). Found: the flag changed
// between lock and unlock (low confidence: an analysis remark), and a
// caller passing 1 while it holds the lock.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %jq %t.d | FileCheck %s --check-prefix=NEG
#include <pthread.h>
#include <threads.h>

static mtx_t m;
static int counter;
struct ctx { pthread_mutex_t lock; int locked_by_caller; int n; };
struct q { pthread_mutex_t lock; struct q *fwd; int n; };

void add(int n, int do_lock) { /* no finding */
  if (do_lock)
    mtx_lock(&m);
  counter += n;
  if (do_lock)
    mtx_unlock(&m);
}

void add_field(struct ctx *c, int n) { /* no finding: the flag is a field */
  if (!c->locked_by_caller)
    pthread_mutex_lock(&c->lock);
  c->n += n;
  if (!c->locked_by_caller)
    pthread_mutex_unlock(&c->lock);
}

void add_leaky(int n, int do_lock) { /* the flag changes: held at return on a path */
  if (do_lock)
    mtx_lock(&m);
  counter += n;
  do_lock = counter > 10;
  if (do_lock)
    mtx_unlock(&m);
}

static struct q *fwd_get(struct q *q, int do_lock) {
  struct q *f;
  if (do_lock)
    pthread_mutex_lock(&q->lock);
  f = q->fwd;
  if (do_lock)
    pthread_mutex_unlock(&q->lock);
  return f;
}
int len_locked(struct q *q) { /* no finding: passes 0 while holding */
  pthread_mutex_lock(&q->lock);
  struct q *f = fwd_get(q, 0);
  int n = f ? f->n : q->n;
  pthread_mutex_unlock(&q->lock);
  return n;
}
int len_bad(struct q *q) {
  pthread_mutex_lock(&q->lock);
  // CHECK: locks_shape_flags.c:[[@LINE+1]]:17: remark: fwd_get() locks 'q::lock', which is already held here
  struct q *f = fwd_get(q, 1);
  int n = f ? f->n : q->n;
  pthread_mutex_unlock(&q->lock);
  return n;
}
static void stop(struct q *q, int lock) {
  if (lock)
    pthread_mutex_lock(&q->lock);
  q->n = 0;
  if (lock)
    pthread_mutex_unlock(&q->lock);
}
void fail(struct q *q, int lock) { stop(q, lock); }
void caller(struct q *q) { /* no finding: the flag is 0 two calls down */
  pthread_mutex_lock(&q->lock);
  fail(q, 0);
  pthread_mutex_unlock(&q->lock);
  fail(q, 1);
}
// JSON-DAG: FINDING double-lock fn=len_bad {{.*}}confidence=medium
// JSON-DAG: FINDING lock-held-at-return fn=add_leaky {{.*}}confidence=low
// NEG-NOT: FINDING {{.*}} fn=add at=
// NEG-NOT: FINDING {{.*}} fn=add_field
// NEG-NOT: FINDING {{.*}} fn=len_locked
// NEG-NOT: FINDING {{.*}} fn=caller
// NEG-NOT: FINDING {{.*}} fn=fwd_get
// NEG-NOT: FINDING {{.*}} fn=stop
