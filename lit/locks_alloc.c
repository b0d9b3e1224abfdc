// alloc-under-lock: heap allocation inside a critical section; allocating
// before the lock (and publishing under it) stays silent.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %clang -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct node { struct node *next; char *name; };
struct list { struct node *head; pthread_mutex_t lock; };
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
char *last;

// Positive 1: malloc of a node under the list lock.
void push(struct list *l, char *name) {
  pthread_mutex_lock(&l->lock);
  // CHECK: locks_alloc.c:[[@LINE+1]]:20: remark: malloc allocates while holding 'list::lock'
  struct node *n = malloc(sizeof *n);
  n->name = name;
  n->next = l->head;
  l->head = n;
  pthread_mutex_unlock(&l->lock);
}

// Positive 2: strdup under a global lock.
void remember(const char *s) {
  pthread_mutex_lock(&m);
  // CHECK: locks_alloc.c:[[@LINE+1]]:10: remark: strdup allocates while holding 'm'
  last = strdup(s);
  pthread_mutex_unlock(&m);
}

// Unsure: growth with realloc of the buffer the lock guards. Its old block
// and size are read under the lock, so allocating before locking needs a
// copy and a second check under it (confidence low: no remark by default).
char *buf;
size_t cap;
void grow(size_t n) {
  pthread_mutex_lock(&m);
  // JSON-DAG: FINDING alloc-under-lock fn=grow {{.*}}allocator=realloc {{.*}}confidence=low
  buf = realloc(buf, cap + n);
  cap += n;
  pthread_mutex_unlock(&m);
}

// Negative 1: allocate first, publish under the lock.
void push_prepared(struct list *l, char *name) {
  struct node *n = malloc(sizeof *n);
  n->name = name;
  pthread_mutex_lock(&l->lock);
  n->next = l->head;
  l->head = n;
  pthread_mutex_unlock(&l->lock);
}

// Negative 2: duplicate outside, swap inside, free outside.
void remember_prepared(const char *s) {
  char *copy = strdup(s), *old;
  pthread_mutex_lock(&m);
  old = last;
  last = copy;
  pthread_mutex_unlock(&m);
  free(old);
}

// Negative 3: allocation after the unlock.
char *snapshot(void) {
  pthread_mutex_lock(&m);
  size_t n = cap++;
  pthread_mutex_unlock(&m);
  return malloc(n + 1);
}

// JSON-DAG: FINDING alloc-under-lock fn=push {{.*}}allocator=malloc bytes=16
// JSON-DAG: FINDING alloc-under-lock fn=remember {{.*}}allocator=strdup
