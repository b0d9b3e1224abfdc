// lock-in-loop: a lock taken and released on every iteration; a lock held
// around the loop, a trylock back-off loop and a loop that takes the lock
// once before leaving stay silent.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefixes=CHECK,O2 --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %clang -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <sched.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, other = PTHREAD_MUTEX_INITIALIZER;
struct stats { long hits; pthread_mutex_t lock; };
int total;

// Positive 1: counted loop.
void add_all(const int *v, int n) {
  for (int i = 0; i < n; i++) {
    // CHECK: locks_loop.c:[[@LINE+1]]:5: remark: 'm' is locked and unlocked on every iteration of this loop ({{.*n.* iterations|unknown trip count}}
    pthread_mutex_lock(&m);
    total += v[i];
    pthread_mutex_unlock(&m);
  }
}

// Positive 1b: a constant count, tested at the top (the lock analysis sees
// the loop before it is rotated): 8 iterations, not the 9 header runs.
void add_eight(const int *v) {
  for (int i = 0; i < 8; i++) {
    // CHECK: locks_loop.c:[[@LINE+2]]:5: remark: 'm' is locked and unlocked on every iteration of this loop (
    // O2-SAME: 8 iterations, ~8 times per call)
    pthread_mutex_lock(&m);
    total += v[i];
    pthread_mutex_unlock(&m);
    sched_yield();
  }
}

// Positive 2: struct field lock in a while loop.
void hit_until(struct stats *s, long limit) {
  while (s->hits < limit) {
    // CHECK: locks_loop.c:[[@LINE+1]]:5: remark: 'stats::lock' is locked and unlocked on every iteration of this loop
    pthread_mutex_lock(&s->lock);
    s->hits++;
    pthread_mutex_unlock(&s->lock);
  }
}

// Positive 3: nested loop, inner lock.
void grid(int rows, int cols) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) {
      // CHECK: locks_loop.c:[[@LINE+1]]:7: remark: 'm' is locked and unlocked on every iteration of this loop
      pthread_mutex_lock(&m);
      total += r * c;
      pthread_mutex_unlock(&m);
    }
}

// Negative 1: the lock held around the loop.
void add_all_once(const int *v, int n) {
  pthread_mutex_lock(&m);
  for (int i = 0; i < n; i++)
    total += v[i];
  pthread_mutex_unlock(&m);
}

// Negative 2: trylock back-off.
void take_both(void) {
  for (;;) {
    pthread_mutex_lock(&m);
    if (pthread_mutex_trylock(&other) == 0)
      break;
    pthread_mutex_unlock(&m);
    sched_yield();
  }
  total++;
  pthread_mutex_unlock(&other);
  pthread_mutex_unlock(&m);
}

// Negative 3: the lock is taken once, on the way out of the loop.
int find(const int *v, int n, int key) {
  for (int i = 0; i < n; i++)
    if (v[i] == key) {
      pthread_mutex_lock(&m);
      total = i;
      pthread_mutex_unlock(&m);
      return i;
    }
  return -1;
}

// JSON-DAG: FINDING lock-in-loop fn=add_all {{.*}}executions_per_call={{[0-9.e+]+}} lock_class=m loop_depth=1 {{.*}}trip_count=None trip_text={{.*}}n
// JSON-DAG: FINDING lock-in-loop fn=hit_until {{.*}}lock_class=stats::lock loop_depth=1
// JSON-DAG: FINDING lock-in-loop fn=grid {{.*}}loop_depth=2
