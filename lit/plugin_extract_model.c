// The extractor's model for a small C file: loops with symbolic trip counts,
// block frequencies, allocation sizes, lock classes (global, static, struct
// field from debug info) and the trylock success branch.
// RUN: env PERFADVISE_DUMP_MODEL=1 %clang -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s
// Lock classes are recorded in the model the lock analysis reads (before
// inlining).
// RUN: env PERFADVISE_DUMP_MODEL=locker PERFADVISE_DUMP_PHASE=early %clang -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=CLASS
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conn { int fd; pthread_mutex_t lock; };
pthread_mutex_t g_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t g_b = PTHREAD_MUTEX_INITIALIZER;

// CHECK-LABEL: function render (render) params=1
// CHECK: loop0 parent=-1 depth=1 header=b{{[0-9]+}} trip=0 max={{[0-9]+}} text='n'
// CHECK: alloc malloc(128) -> v{{[0-9]+}} [malloc 128 bytes
// CHECK-SAME: @plugin_extract_model.c:[[@LINE+6]]:
// CHECK: call snprintf(v{{[0-9]+}}:nocap
// CHECK: free free(v{{[0-9]+}}:nocap)
int render(int n) {
  int total = 0;
  for (int i = 0; i < n; i++) {
    char *buf = malloc(128);
    snprintf(buf, 128, "row %d", i);
    total += strlen(buf);
    free(buf);
  }
  return total;
}

// CHECK-LABEL: function locker (locker) params=1
// CLASS-LABEL: function locker (locker) params=1
// CLASS-DAG: class=field:'struct conn.lock'
// CLASS-DAG: global 'g_a' class=global:'g_a'
// CLASS-DAG: global 'g_b' static class=global:'plugin_extract_model.c:g_b'
// CHECK: if v[[TRY:[0-9]+]]==0 -> succ#0
// CHECK: lock pthread_mutex_lock(v{{[0-9]+}}) {{.*}} pthread_mutex @plugin_extract_model.c:[[@LINE+5]]:3
// CHECK: trylock pthread_mutex_trylock(v{{[0-9]+}}) -> v[[TRY]]
// CHECK: unlock pthread_mutex_unlock
// CHECK: ret
void locker(struct conn *c) {
  pthread_mutex_lock(&c->lock);
  pthread_mutex_lock(&g_a);
  c->fd++;
  pthread_mutex_unlock(&g_a);
  if (pthread_mutex_trylock(&g_b) == 0) { c->fd++; pthread_mutex_unlock(&g_b); }
  pthread_mutex_unlock(&c->lock);
}

// A null check records which successor sees the null pointer.
// CHECK-LABEL: function keep (keep) params=1
// CHECK: if v[[P:[0-9]+]]==0 -> succ#0
// CHECK: alloc malloc(v{{[0-9]+}}) -> v[[P]] [malloc size=
// CHECK: ret ret=v[[P]]
char *keep(int n) { char *p = malloc(n); if (!p) return 0; p[0] = 0; return p; }
