// A callee called with the caller's lock held that waits on a condition
// bound to that lock releases it only while it waits: pthread_cond_wait
// returns with the mutex held again, so what the callee allocates before
// or after the wait is allocated under the caller's lock (RocksDB
// DBImpl::EnableFileDeletions -> FindObsoleteFiles, whose bg_cv_.Wait()
// releases mutex_ and whose std::set inserts run with it held). The wait
// itself is still no blocking call under that lock, and a callee that
// drops the lock around its work (unlock; malloc; lock) allocates outside
// it.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}2{{$}}
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static int busy;
static char **names;
static int nnames;

// Called with mu held: waits for the workers, then copies the names.
__attribute__((noinline)) static char **wait_then_copy(void) {
  while (busy > 0)
    pthread_cond_wait(&idle, &mu);
  char **copy = malloc((size_t)nnames * sizeof *copy);
  if (!copy)
    return NULL;
  for (int i = 0; i < nnames; i++)
    copy[i] = names[i];
  return copy;
}

// Called with mu held: copies, then waits.
__attribute__((noinline)) static char **copy_then_wait(void) {
  char **copy = malloc((size_t)nnames * sizeof *copy);
  if (!copy)
    return NULL;
  memcpy(copy, names, (size_t)nnames * sizeof *copy);
  while (busy > 0)
    pthread_cond_wait(&idle, &mu);
  return copy;
}

// Called with mu held: waits only.
__attribute__((noinline)) static void wait_idle(void) {
  while (busy > 0)
    pthread_cond_wait(&idle, &mu);
}

// Called with mu held: drops it around the allocation.
__attribute__((noinline)) static char **copy_unlocked(void) {
  int n = nnames;
  pthread_mutex_unlock(&mu);
  char **copy = malloc((size_t)n * sizeof *copy);
  pthread_mutex_lock(&mu);
  if (copy)
    memcpy(copy, names, (size_t)n * sizeof *copy);
  return copy;
}

// Positive: the copy after the wait is made under mu.
char **snapshot_after_wait(void) {
  pthread_mutex_lock(&mu);
  char **s = wait_then_copy();
  // CHECK: locks_wait_then_alloc.c:[[@LINE-1]]:14: remark: wait_then_copy() allocates (malloc) while holding 'locks_wait_then_alloc.c:mu'
  pthread_mutex_unlock(&mu);
  return s;
}

// Positive: the copy before the wait is made under mu.
char **snapshot_before_wait(void) {
  pthread_mutex_lock(&mu);
  char **s = copy_then_wait();
  // CHECK: locks_wait_then_alloc.c:[[@LINE-1]]:14: remark: copy_then_wait() allocates (malloc) while holding 'locks_wait_then_alloc.c:mu'
  pthread_mutex_unlock(&mu);
  return s;
}

// Negative: the wait releases mu; nothing blocks under it.
void quiesce(void) {
  pthread_mutex_lock(&mu);
  wait_idle();
  pthread_mutex_unlock(&mu);
}

// Negative: the callee allocates with mu released.
char **snapshot_unlocked(void) {
  pthread_mutex_lock(&mu);
  char **s = copy_unlocked();
  pthread_mutex_unlock(&mu);
  return s;
}
