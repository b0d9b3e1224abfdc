// Arrays of locks: elements are distinct instances (the same index is the
// same lock), a stripe taken and released per iteration is neither a double
// lock nor a lock to hoist, and elements are named 'table::locks[]'.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// --implicit-check-not does not look past the first -DAG match: count the
// remarks to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}2{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>
#include <stdlib.h>

#define NSTRIPES 16
struct bucket { pthread_mutex_t lock; int n; };
struct table {
  pthread_mutex_t locks[NSTRIPES];
  struct bucket buckets[64];
  int counts[NSTRIPES];
};

void bump_all(struct table *t) { /* no finding */
  for (int i = 0; i < NSTRIPES; i++) {
    pthread_mutex_lock(&t->locks[i]);
    t->counts[i]++;
    pthread_mutex_unlock(&t->locks[i]);
  }
}

void move_between(struct table *t, int i, int j) { /* no double lock: i and j differ */
  if (i == j)
    return;
  pthread_mutex_lock(&t->buckets[i].lock);
  pthread_mutex_lock(&t->buckets[j].lock);
  t->buckets[i].n--;
  t->buckets[j].n++;
  pthread_mutex_unlock(&t->buckets[j].lock);
  pthread_mutex_unlock(&t->buckets[i].lock);
}

void same_twice(struct table *t, int i) {
  pthread_mutex_lock(&t->locks[i]);
  // CHECK-DAG: locks_shape_arrays.c:[[@LINE+1]]:3: remark: 'table::locks[]' is locked again while it is already held
  pthread_mutex_lock(&t->locks[i]);
  t->counts[i]++;
  pthread_mutex_unlock(&t->locks[i]);
}

void *grow_under_stripe(struct table *t, int i) {
  pthread_mutex_lock(&t->locks[i]);
  // CHECK-DAG: locks_shape_arrays.c:[[@LINE+1]]:13: remark: malloc allocates while holding 'table::locks[]'
  void *p = malloc(64);
  t->counts[i]++;
  pthread_mutex_unlock(&t->locks[i]);
  return p;
}
// JSON-DAG: FINDING double-lock fn=same_twice {{.*}}confidence=high
// JSON-DAG: FINDING alloc-under-lock fn=grow_under_stripe {{.*}}confidence=high
