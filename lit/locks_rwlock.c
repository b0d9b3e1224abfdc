// rwlock-candidate: a mutex whose critical section only reads shared state;
// sections that write, call unknown code, or already use a read lock stay
// silent.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %clang -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <stdio.h>

struct config { int verbose; int level; pthread_mutex_t lock; };
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int table[64];
int size;

// Positive 1: lookup that only reads.
int lookup(int i) {
  // CHECK: locks_rwlock.c:[[@LINE+1]]:3: remark: the critical section of 'm' in lookup() only reads shared state
  pthread_mutex_lock(&m);
  int v = i < size ? table[i] : -1;
  pthread_mutex_unlock(&m);
  return v;
}

// Positive 2: read two fields of a struct under its own lock.
int level_of(struct config *c) {
  // CHECK: locks_rwlock.c:[[@LINE+1]]:3: remark: the critical section of '{{struct config.lock|param#0\+8}}' in level_of() only reads
  pthread_mutex_lock(&c->lock);
  int v = c->verbose ? c->level : 0;
  pthread_mutex_unlock(&c->lock);
  return v;
}

// Positive 3: a summing loop over the table.
long sum(void) {
  long s = 0;
  // CHECK: locks_rwlock.c:[[@LINE+1]]:3: remark: the critical section of 'm' in sum() only reads shared state
  pthread_mutex_lock(&m);
  for (int i = 0; i < size; i++)
    s += table[i];
  pthread_mutex_unlock(&m);
  return s;
}

// Negative 1: a writer.
void set(int i, int v) {
  pthread_mutex_lock(&m);
  table[i] = v;
  pthread_mutex_unlock(&m);
}

// Negative 2: already a read lock.
int lookup_shared(int i) {
  pthread_rwlock_rdlock(&rw);
  int v = table[i];
  pthread_rwlock_unlock(&rw);
  return v;
}

// Negative 3: an unknown call that may write.
int lookup_logged(int i) {
  pthread_mutex_lock(&m);
  int v = table[i];
  puts("lookup");
  pthread_mutex_unlock(&m);
  return v;
}

// JSON-DAG: FINDING rwlock-candidate fn=lookup {{.*}}lock_class=m
// JSON-NOT: FINDING rwlock-candidate fn=set
