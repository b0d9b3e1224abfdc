// Condition waits (pthread_cond_wait/timedwait, C11 cnd_wait) release their
// own mutex while they wait: not blocking under it. With another lock held
// they are (that lock stays held), and so is a sleep under a lock.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// --implicit-check-not does not look past the first -DAG match: count the
// remarks to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}2{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>
#include <threads.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;
static mtx_t cm;
static cnd_t cc;
static int cready;

int wait_ready(void) { /* no finding */
  pthread_mutex_lock(&m);
  while (!ready)
    pthread_cond_wait(&c, &m);
  int r = ready;
  pthread_mutex_unlock(&m);
  return r;
}

int wait_ready_holding(void) {
  pthread_mutex_lock(&other);
  pthread_mutex_lock(&m);
  while (!ready)
    // CHECK-DAG: locks_shape_condvar.c:[[@LINE+1]]:5: remark: pthread_cond_wait() releases only 'locks_shape_condvar.c:m' while it waits, but 'locks_shape_condvar.c:other' stays locked
    pthread_cond_wait(&c, &m);
  pthread_mutex_unlock(&m);
  pthread_mutex_unlock(&other);
  return 1;
}

int c11_wait(void) { /* no finding */
  mtx_lock(&cm);
  while (!cready)
    cnd_wait(&cc, &cm);
  mtx_unlock(&cm);
  return cready;
}

int sleepy(void) {
  pthread_mutex_lock(&m);
  // CHECK-DAG: locks_shape_condvar.c:[[@LINE+1]]:3: remark: sleep() sleeps while holding 'locks_shape_condvar.c:m'
  sleep(1);
  pthread_mutex_unlock(&m);
  return 0;
}
// JSON-DAG: FINDING blocking-under-lock fn=wait_ready_holding {{.*}}confidence=high {{.*}}held=[locks_shape_condvar.c:other]
// JSON-DAG: FINDING blocking-under-lock fn=sleepy {{.*}}confidence=high
