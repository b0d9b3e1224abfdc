// A local flag that says whether the lock was taken (`locked = true;` after
// the lock, `out: if (locked) unlock();`): a bool kept as an i8 until
// InstCombine (`trunc i8 %locked to i1`, `!locked` as an xor) is followed
// through the shared exit block like the cleanup destination clang
// dispatches on, so each way in leaves by its own way out. Found: a return
// before the flag is set, and a path that clears the flag with the lock held.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -Rpass-analysis=perfadvise-locks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}2{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not=FINDING
// Each call under the lock is listed once in the summary, whatever the
// number of runs split on flags:
// RUN: %jq %t.d | grep '^SUMMARY twice ' | grep -o '"callee": "set", "held"' | wc -l | FileCheck %s --check-prefix=ONCE
// ONCE: {{^ *}}1{{$}}
#include <pthread.h>
#include <stdbool.h>

typedef struct { pthread_mutex_t lock; int n; } cache_t;
int set(cache_t *c, int k);

static inline int cache_lock(cache_t *c) {
  if (pthread_mutex_lock(&c->lock) < 0)
    return -1;
  return 0;
}

int insert_macro(cache_t *c, int k, int len) { /* no finding */
  bool locked = false;
  int error = 0;
  if (len == 0)
    goto out;
  if ((error = cache_lock(c)) < 0)
    goto out;
  locked = true;
  if ((error = set(c, k)) < 0)
    goto out;
out:
  if (locked)
    pthread_mutex_unlock(&c->lock);
  return error;
}

int maybe_locked(cache_t *c, int k, bool shared) { /* no finding */
  bool unlocked = true;
  if (shared) {
    pthread_mutex_lock(&c->lock);
    unlocked = false;
  }
  int r = set(c, k);
  if (!unlocked)
    pthread_mutex_unlock(&c->lock);
  return r;
}

void note(int k);

int twice(cache_t *c, int k, bool verbose) { /* no finding */
  pthread_mutex_lock(&c->lock);
  if (verbose)
    note(k);
  int r = set(c, k);
  if (verbose)
    note(r);
  pthread_mutex_unlock(&c->lock);
  return r;
}

int early_return(cache_t *c, int k) {
  bool locked = false;
  int error;
  // CHECK: locks_shape_local_flag.c:[[@LINE+1]]:3: remark: early_return() can return with 'cache_t::lock' still locked (a return path through line [[@LINE+3]] keeps it)
  pthread_mutex_lock(&c->lock);
  if (k < 0)
    return -1;
  locked = true;
  error = set(c, k);
  if (locked)
    pthread_mutex_unlock(&c->lock);
  return error;
}

int flag_cleared(cache_t *c, int k) {
  bool locked = false;
  int error = 0;
  // CHECK: locks_shape_local_flag.c:[[@LINE+1]]:3: remark: flag_cleared() can return with 'cache_t::lock' still locked
  pthread_mutex_lock(&c->lock);
  locked = true;
  if (k > 100) {
    locked = false;
    error = -1;
    goto out;
  }
  error = set(c, k);
out:
  if (locked)
    pthread_mutex_unlock(&c->lock);
  return error;
}
// JSON-DAG: FINDING lock-held-at-return fn=early_return
// JSON-DAG: FINDING lock-held-at-return fn=flag_cleared
