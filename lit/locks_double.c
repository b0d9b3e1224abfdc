// double-lock: a non-recursive mutex acquired again while it is held
// (directly, or inside a called function: high and medium confidence), or
// while it may be held (on one branch: low confidence, hidden by the
// advisor's default view); recursive mutexes, read locks taken twice and
// re-locking after an unlock stay silent.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %clang -O2 -g %pa -Rpass-analysis=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=ANALYSIS
// RUN: %clang -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// Without -g the recursive initializer is still recognised.
// RUN: %clang -O2 %pa -Rpass-missed=perfadvise-locks -c %s -o %t1.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#define _GNU_SOURCE
#include <pthread.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t rec;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int counter;

// Positive 1: straight-line relock.
void twice(void) {
  pthread_mutex_lock(&m);
  counter++;
  // CHECK: locks_double.c:[[@LINE+1]]:3: remark: 'm' is locked again while it is already held (acquired at locks_double.c:[[@LINE-2]])
  pthread_mutex_lock(&m);
  counter++;
  pthread_mutex_unlock(&m);
  pthread_mutex_unlock(&m);
}

// Positive 2: held on one branch only: low confidence, so an analysis
// remark (-Rpass-analysis), not a missed one.
void maybe_twice(int fast) {
  if (fast)
    pthread_mutex_lock(&m);
  counter++;
  // ANALYSIS: locks_double.c:[[@LINE+1]]:3: remark: 'm' is locked again while it may already be held
  pthread_mutex_lock(&m);
  counter++;
  pthread_mutex_unlock(&m);
}

// Positive 3: a helper that locks, called with the lock held.
__attribute__((noinline)) void bump(void) {
  pthread_mutex_lock(&m);
  counter++;
  pthread_mutex_unlock(&m);
}
void calls_bump_locked(void) {
  pthread_mutex_lock(&m);
  counter++;
  // CHECK: locks_double.c:[[@LINE+1]]:3: remark: bump() locks 'm', which is already held here
  bump();
  pthread_mutex_unlock(&m);
}

// Negative 1: a PTHREAD_MUTEX_RECURSIVE mutex (by attribute).
void init_rec(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&rec, &a);
  pthread_mutexattr_destroy(&a);
}
void rec_twice(void) {
  pthread_mutex_lock(&rec);
  pthread_mutex_lock(&rec);
  counter++;
  pthread_mutex_unlock(&rec);
  pthread_mutex_unlock(&rec);
}

// Negative 2: two read locks.
int read_twice(void) {
  pthread_rwlock_rdlock(&rw);
  pthread_rwlock_rdlock(&rw);
  int v = counter;
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_unlock(&rw);
  return v;
}

// Negative 3: unlock, then lock again.
void relock(void) {
  pthread_mutex_lock(&m);
  counter++;
  pthread_mutex_unlock(&m);
  pthread_mutex_lock(&m);
  counter++;
  pthread_mutex_unlock(&m);
}

// JSON-DAG: FINDING double-lock fn=twice {{.*}}confidence=high {{.*}}lock_class=m
// JSON-DAG: FINDING double-lock fn=maybe_twice {{.*}}confidence=low
// JSON-DAG: FINDING double-lock fn=calls_bump_locked {{.*}}callee=bump confidence=medium
// JSON-NOT: FINDING double-lock fn=rec_twice
// JSON-NOT: FINDING double-lock fn=read_twice
// JSON-NOT: FINDING double-lock fn=relock

// Negative: a C mutex made recursive by its initializer may be taken twice.
pthread_mutex_t rec_init = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
void rec_init_twice(void) {
  pthread_mutex_lock(&rec_init);
  pthread_mutex_lock(&rec_init);
  counter++;
  pthread_mutex_unlock(&rec_init);
  pthread_mutex_unlock(&rec_init);
}
