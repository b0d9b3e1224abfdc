// Crash and no-return paths contribute nothing: abort(), exit(), a failed
// assert, and a project's own fatal() that ends in abort() on every path
// without being marked noreturn. Found: a real inversion elsewhere.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER, d = PTHREAD_MUTEX_INITIALIZER;
static int v;

static void fatal(const char *what) {
  fprintf(stderr, "fatal: %s\n", what);
  abort();
}

int checked(int x) { /* no finding: the early exit crashes */
  pthread_mutex_lock(&a);
  if (x < 0)
    fatal("negative");
  v = x;
  pthread_mutex_unlock(&a);
  return v;
}

int asserted(int x) { /* no finding */
  pthread_mutex_lock(&a);
  assert(x >= 0);
  if (x > 100)
    exit(2);
  v = x;
  pthread_mutex_unlock(&a);
  return v;
}

void ab(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  v++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}
void ba_on_crash(void) { /* no inversion: b -> a only on the way to abort() */
  pthread_mutex_lock(&b);
  if (v < 0) {
    pthread_mutex_lock(&a);
    abort();
  }
  pthread_mutex_unlock(&b);
}

void cd(void) {
  pthread_mutex_lock(&c);
  // CHECK: locks_shape_crash.c:[[@LINE+1]]:3: remark: 'locks_shape_crash.c:d' is acquired while holding 'locks_shape_crash.c:c' here, but dc() acquires
  pthread_mutex_lock(&d);
  pthread_mutex_unlock(&d);
  pthread_mutex_unlock(&c);
}
void dc(void) {
  pthread_mutex_lock(&d);
  pthread_mutex_lock(&c);
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(&d);
}
// JSON-NOT: EDGE locks_shape_crash.c:b -> locks_shape_crash.c:a
// JSON: FINDING lock-order-inversion fn=cd
// JSON-NOT: FINDING
