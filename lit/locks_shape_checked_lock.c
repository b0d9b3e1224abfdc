// A lock whose result says whether it was taken (pthread's error codes):
// code that keeps the success in a flag (`bool unlock = !lock(m); ...
// if (unlock) unlock(m);`) or leaves on a failure it tests by sign
// (`if (lock(m) < 0) return;`, libgit2's convention) holds nothing on the
// failure path, so returning there keeps no lock. Found: a return that
// does keep the lock after such a test succeeded.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}4{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not=FINDING
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct { pthread_mutex_t lock; int n; void *rules; } file_t;
typedef struct { pthread_rwlock_t lock; int used; } cache_t;
void clear_rules(file_t *f, bool need_lock);
void clear_cache(cache_t *c);
int store(cache_t *c, int v);

void file_free(file_t *file) { /* no finding: the flag is the lock's success */
  bool unlock = !pthread_mutex_lock(&file->lock);
  clear_rules(file, false);
  if (unlock)
    pthread_mutex_unlock(&file->lock);
  pthread_mutex_destroy(&file->lock);
  free(file);
}

void cache_clear(cache_t *c) { /* no finding: `< 0` is the failure */
  if (pthread_rwlock_wrlock(&c->lock) < 0)
    return;
  clear_cache(c);
  pthread_rwlock_unlock(&c->lock);
}

int cache_store(cache_t *c, int v) { /* no finding: failure tested by sign, then unlocked */
  if (pthread_rwlock_wrlock(&c->lock) < 0)
    return -1;
  c->used += v;
  pthread_rwlock_unlock(&c->lock);
  return 0;
}

static int my_lock(file_t *f) { return pthread_mutex_lock(&f->lock); }

int bump(file_t *f) { /* no finding: a wrapper's failure tested by sign */
  if (my_lock(f) < 0)
    return -1;
  f->n++;
  pthread_mutex_unlock(&f->lock);
  return 0;
}

void sum_all(const int *v, int n, file_t *g) { /* still a lock in a loop: no trylock */
  for (int i = 0; i < n; i++) {
    // CHECK-DAG: locks_shape_checked_lock.c:[[@LINE+1]]:5: remark: 'file_t::lock' is locked and unlocked on every iteration of this loop
    my_lock(g);
    g->n += v[i];
    pthread_mutex_unlock(&g->lock);
  }
}

void zero_first(cache_t *c) { /* no finding: `0 > r` is `r < 0` */
  if (0 > pthread_rwlock_wrlock(&c->lock))
    return;
  clear_cache(c);
  pthread_rwlock_unlock(&c->lock);
}

void widened(cache_t *c) { /* no finding: the result kept in a long */
  long r = pthread_rwlock_wrlock(&c->lock);
  if (r < 0)
    return;
  clear_cache(c);
  pthread_rwlock_unlock(&c->lock);
}

/* Held when it returns 0, but 0 says the object is idle, not that the lock
 * was taken: a loop waiting for it retries, it takes no lock per element. */
__attribute__((noinline)) int lock_if_idle(file_t *f) {
  pthread_mutex_lock(&f->lock);
  if (f->n > 0) {
    pthread_mutex_unlock(&f->lock);
    return -1;
  }
  return 0;
}

void wait_idle(file_t *f) { /* no finding */
  while (lock_if_idle(f) != 0)
    ;
  f->n++;
  pthread_mutex_unlock(&f->lock);
}

__attribute__((noinline)) int add(file_t *f, int v) {
  pthread_mutex_lock(&f->lock);
  int r = f->n += v;
  pthread_mutex_unlock(&f->lock);
  return r;
}

int add_all(file_t *f, const int *v, int n) { /* a sign test that leaves the loop is no retry */
  int t = 0;
  for (int i = 0; i < n; i++) {
    // CHECK-DAG: locks_shape_checked_lock.c:[[@LINE+1]]:10: remark: 'file_t::lock' is locked and unlocked inside add(), called on every iteration of this loop
    t += add(f, v[i]);
    if (v[i] < 0)
      break;
  }
  return t;
}

int cache_leak(cache_t *c, int v) {
  // CHECK-DAG: locks_shape_checked_lock.c:[[@LINE+1]]:7: remark: cache_leak() can return with 'cache_t::lock' still locked (a return path through line [[@LINE+4]] keeps it)
  if (pthread_rwlock_wrlock(&c->lock) < 0)
    return -1;
  if (store(c, v) != 0)
    return -1;
  pthread_rwlock_unlock(&c->lock);
  return 0;
}

void file_leak(file_t *file, int n) {
  // CHECK-DAG: locks_shape_checked_lock.c:[[@LINE+1]]:18: remark: file_leak() can return with 'file_t::lock' still locked (a return path through line [[@LINE+3]] keeps it)
  bool unlock = !pthread_mutex_lock(&file->lock);
  if (n < 0)
    return;
  file->n = n;
  if (unlock)
    pthread_mutex_unlock(&file->lock);
}
// JSON-DAG: FINDING lock-in-loop fn=sum_all
// JSON-DAG: FINDING lock-in-loop fn=add_all
// JSON-DAG: FINDING lock-held-at-return fn=cache_leak
// JSON-DAG: FINDING lock-held-at-return fn=file_leak
