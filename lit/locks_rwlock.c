// Read-write lock candidates are judged by the advisor over the whole build
// (lit/advisor_rwlock.test); the plugin records each function's critical
// sections per lock class (lock_sections): how many, how many only read
// shared state, whether they are in a loop. A section that writes or calls
// unknown code is not read-only; a read lock counts as shared. The plugin
// itself reports nothing for them.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | count 0
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %clang -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | count 0
#include <pthread.h>
#include <stdio.h>

struct config { int verbose; int level; pthread_mutex_t lock; };
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int table[64];
int size;

// Positive 1: lookup that only reads.
int lookup(int i) {
  pthread_mutex_lock(&m);
  int v = i < size ? table[i] : -1;
  pthread_mutex_unlock(&m);
  return v;
}

// Positive 2: read two fields of a struct under its own lock.
int level_of(struct config *c) {
  pthread_mutex_lock(&c->lock);
  int v = c->verbose ? c->level : 0;
  pthread_mutex_unlock(&c->lock);
  return v;
}

// Positive 3: a summing loop over the table.
long sum(void) {
  long s = 0;
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

// JSON-DAG: SECTION m fn=lookup prim=pthread_mutex sections=1 read_only=1 shared=0 in_loop=false
// JSON-DAG: SECTION config::lock fn=level_of prim=pthread_mutex sections=1 read_only=1
// JSON-DAG: SECTION m fn=sum prim=pthread_mutex sections=1 read_only=1
// JSON-DAG: SECTION m fn=set prim=pthread_mutex sections=1 read_only=0
// JSON-DAG: SECTION rw fn=lookup_shared prim=pthread_rwlock sections=1 read_only=1 shared=1
// JSON-DAG: SECTION m fn=lookup_logged prim=pthread_mutex sections=1 read_only=0
// JSON-NOT: FINDING rwlock-candidate
