// blocking-under-lock: sleeping, I/O, joining a thread, or calling a
// function that may block while holding a mutex; pthread_cond_wait on the
// held mutex itself is normal, waiting while holding ANOTHER mutex is not.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %clang -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, outer = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
int ready, counter;

// Positive 1: sleep in a critical section.
void nap(void) {
  pthread_mutex_lock(&m);
  // CHECK: locks_blocking.c:[[@LINE+1]]:3: remark: sleep() sleeps while holding 'm'
  sleep(1);
  counter++;
  pthread_mutex_unlock(&m);
}

// Positive 2: a helper that writes to a file, called under the lock.
__attribute__((noinline)) void log_line(FILE *f) { fputs("x\n", f); fflush(f); }
void log_locked(FILE *f) {
  pthread_mutex_lock(&m);
  counter++;
  // CHECK: locks_blocking.c:[[@LINE+1]]:3: remark: log_line() may block (file I/O) while holding 'm'
  log_line(f);
  pthread_mutex_unlock(&m);
}

// Positive 3: a condition wait that releases m but keeps outer.
void wait_nested(void) {
  pthread_mutex_lock(&outer);
  pthread_mutex_lock(&m);
  while (!ready)
    // CHECK: locks_blocking.c:[[@LINE+1]]:5: remark: pthread_cond_wait() releases only 'm' while it waits, but 'outer' stays locked
    pthread_cond_wait(&cv, &m);
  counter++;
  pthread_mutex_unlock(&m);
  pthread_mutex_unlock(&outer);
}

// Negative 1: the usual condition wait on the held mutex.
void wait_ready(void) {
  pthread_mutex_lock(&m);
  while (!ready)
    pthread_cond_wait(&cv, &m);
  counter++;
  pthread_mutex_unlock(&m);
}

// Negative 2: I/O after the unlock.
void log_after(FILE *f) {
  pthread_mutex_lock(&m);
  counter++;
  pthread_mutex_unlock(&m);
  fflush(f);
}

// Negative 3: a blocking helper called with no lock held.
void log_unlocked(FILE *f) {
  log_line(f);
  pthread_mutex_lock(&m);
  counter++;
  pthread_mutex_unlock(&m);
}

// JSON-DAG: FINDING blocking-under-lock fn=nap {{.*}}blocking=sleeps callee=sleep confidence=high {{.*}}held=[m]
// JSON-DAG: FINDING blocking-under-lock fn=wait_nested {{.*}}held=[outer]
// JSON-DAG: SUMMARY log_line {{.*}}may_block=True
// JSON-DAG: SUMMARY log_locked {{.*}}calls_under_lock=[{"callee": "log_line", "held": ["m"]
