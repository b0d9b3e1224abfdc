// Caller-holds contracts: a function called with the lock held that drops
// and retakes it around slow work, lock/unlock accessors that return holding
// by design, are not double locks, blocking under the lock or held at
// return. Found: a function whose return paths disagree (one keeps it).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>
#include <unistd.h>

struct q { pthread_mutex_t lock; int n; };

/* Called with q->lock held: drops it around the write and retakes it. */
static void flush_locked(struct q *q) {
  int n = q->n;
  q->n = 0;
  pthread_mutex_unlock(&q->lock);
  write(1, &n, sizeof n);
  pthread_mutex_lock(&q->lock);
}

void flush(struct q *q) { /* no finding */
  pthread_mutex_lock(&q->lock);
  flush_locked(q);
  pthread_mutex_unlock(&q->lock);
}

/* Called with q->lock held: drops and retakes it for each item, in a loop
 * that may run zero times (the lock is then the caller's, untouched). */
int work(int);
static void drain_locked(struct q *q) {
  while (q->n > 0) {
    int item = q->n--;
    pthread_mutex_unlock(&q->lock);
    work(item);
    pthread_mutex_lock(&q->lock);
  }
}

void drain(struct q *q) { /* no finding */
  pthread_mutex_lock(&q->lock);
  drain_locked(q);
  pthread_mutex_unlock(&q->lock);
}

void q_lock(struct q *q) { pthread_mutex_lock(&q->lock); }
void q_unlock(struct q *q) { pthread_mutex_unlock(&q->lock); }

int q_get(struct q *q) { /* no finding */
  q_lock(q);
  int n = q->n;
  q_unlock(q);
  return n;
}

int q_take(struct q *q) {
  // CHECK: locks_shape_contracts.c:[[@LINE+1]]:3: remark: q_take() can return with 'q::lock' still locked (a return path through line [[@LINE+3]] keeps it)
  pthread_mutex_lock(&q->lock);
  if (q->n == 0)
    return -1;
  int n = q->n--;
  pthread_mutex_unlock(&q->lock);
  return n;
}
// JSON: FINDING lock-held-at-return fn=q_take {{.*}}confidence=high
