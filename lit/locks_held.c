// lock-held-at-return: a path returns with a lock still held while other
// paths unlock it; lock wrappers (always return holding it, or only lock a
// parameter), trylock wrappers and single-exit code stay silent.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %clang -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
struct queue { int n; int items[16]; pthread_mutex_t lock; };
int counter;

// Positive 1: early error return.
int push(struct queue *q, int v) {
  // CHECK: locks_held.c:[[@LINE+1]]:3: remark: push() can return with 'queue::lock' still locked
  pthread_mutex_lock(&q->lock);
  if (q->n == 16)
    return -1;
  q->items[q->n++] = v;
  pthread_mutex_unlock(&q->lock);
  return 0;
}

// Positive 2: a global lock leaked on one branch.
int take(int v) {
  // CHECK: locks_held.c:[[@LINE+1]]:3: remark: take() can return with 'm' still locked
  pthread_mutex_lock(&m);
  if (v < 0)
    return v;
  counter += v;
  pthread_mutex_unlock(&m);
  return 0;
}

// Positive 3: unlocked only inside a loop that may not run.
void drain(int n) {
  // CHECK: locks_held.c:[[@LINE+1]]:3: remark: drain() can return with 'm' still locked
  pthread_mutex_lock(&m);
  for (int i = 0; i < n; i++) {
    counter--;
    if (counter == 0) {
      pthread_mutex_unlock(&m);
      return;
    }
  }
}

// Negative 1: lock wrappers (summarised instead).
void queue_lock(struct queue *q) { pthread_mutex_lock(&q->lock); }
void queue_unlock(struct queue *q) { pthread_mutex_unlock(&q->lock); }
void lock_all(void) { pthread_mutex_lock(&m); }

// Negative 2: a trylock wrapper; the caller tests the result.
int queue_trylock(struct queue *q) { return pthread_mutex_trylock(&q->lock) == 0; }

// Negative 3: every path unlocks; a failed lock holds nothing.
int careful(struct queue *q) {
  if (pthread_mutex_lock(&q->lock) != 0)
    return -1;
  int r = q->n > 0 ? q->items[--q->n] : -1;
  pthread_mutex_unlock(&q->lock);
  return r;
}

// JSON-DAG: FINDING lock-held-at-return fn=push {{.*}}lock_class=queue::lock
// JSON-DAG: SUMMARY queue_lock {{.*}}leaves_locked=[queue::lock]
// JSON-DAG: SUMMARY queue_unlock {{.*}}unlocks=[queue::lock]
// JSON-DAG: SUMMARY lock_all {{.*}}leaves_locked=[m]
