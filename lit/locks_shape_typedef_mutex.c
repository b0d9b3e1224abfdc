// A mutex type that is a typedef of pthread_mutex_t (libusb's
// `typedef pthread_mutex_t usbi_mutex_t;`) locked through static inline
// wrappers: each field of the context is its own lock, named by its field,
// not by the mutex type's internals ('usbi_mutex_t::__data', one lock for
// all of them). Holding one field's mutex and taking another's is no
// double lock; taking the same one again is.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>

typedef pthread_mutex_t my_mutex_t;
static inline void my_lock(my_mutex_t *m) { pthread_mutex_lock(m); }
static inline void my_unlock(my_mutex_t *m) { pthread_mutex_unlock(m); }

struct ctx { my_mutex_t waiters_lock; my_mutex_t data_lock; int waiters; int active; };
/* The context is reached through a call (a default-context getter), not a
 * parameter of the function that locks it. */
extern struct ctx *default_ctx;
static inline struct ctx *get_ctx(struct ctx *c) { return c ? c : default_ctx; }

int handler_active(struct ctx *c) {
  c = get_ctx(c);
  my_lock(&c->data_lock);
  int r = c->active;
  my_unlock(&c->data_lock);
  return r;
}

int waiters_count(struct ctx *c) {
  c = get_ctx(c);
  my_lock(&c->waiters_lock);
  int r = c->waiters;
  my_unlock(&c->waiters_lock);
  return r;
}

void lock_waiters(struct ctx *c) {
  c = get_ctx(c);
  my_lock(&c->waiters_lock);
}

void unlock_waiters(struct ctx *c) {
  c = get_ctx(c);
  my_unlock(&c->waiters_lock);
}

// Negative: the waiters lock held, the data lock taken by the callee
// (libusb_handle_events_timeout_completed and libusb_event_handler_active).
void wait_turn(struct ctx *c) {
  lock_waiters(c);
  if (!handler_active(c))
    c->waiters++;
  unlock_waiters(c);
}

// Positive: the waiters lock held, the callee takes it again.
void wait_again(struct ctx *c) {
  lock_waiters(c);
  // CHECK: locks_shape_typedef_mutex.c:[[@LINE+1]]:8: remark: waiters_count() locks 'ctx::waiters_lock', which is already held here
  if (!waiters_count(c))
    c->waiters++;
  unlock_waiters(c);
}

// Positive: named by its field in a finding of its own.
int leave_locked(struct ctx *c) {
  c = get_ctx(c);
  // CHECK: locks_shape_typedef_mutex.c:[[@LINE+1]]:3: remark: leave_locked() can return with 'ctx::data_lock' still locked
  my_lock(&c->data_lock);
  if (c->active)
    return -1;
  c->active = 1;
  my_unlock(&c->data_lock);
  return 0;
}

// JSON-DAG: FINDING double-lock fn=wait_again {{.*}}lock_class=ctx::waiters_lock
// JSON-DAG: FINDING lock-held-at-return fn=leave_locked {{.*}}lock_class=ctx::data_lock
// JSON-NOT: __data
