// Recursive and try locks: a mutex initialised with PTHREAD_MUTEX_RECURSIVE
// may be taken twice; a trylock holds only on success and adds no deadlock
// edge, so the reverse order elsewhere is no inversion.
// RUN: %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | count 0
#include <pthread.h>
static pthread_mutex_t r;
static pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER, other = PTHREAD_MUTEX_INITIALIZER;
static int n;
void init(void) {
  pthread_mutexattr_t at;
  pthread_mutexattr_init(&at);
  pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&r, &at);
}
void twice_recursive(void) {
  pthread_mutex_lock(&r);
  pthread_mutex_lock(&r);
  n++;
  pthread_mutex_unlock(&r);
  pthread_mutex_unlock(&r);
}
int try_other(void) {
  pthread_mutex_lock(&plain);
  if (pthread_mutex_trylock(&other) == 0) {
    n++;
    pthread_mutex_unlock(&other);
  }
  pthread_mutex_unlock(&plain);
  return n;
}
void other_then_plain(void) {
  pthread_mutex_lock(&other);
  pthread_mutex_lock(&plain);
  n--;
  pthread_mutex_unlock(&plain);
  pthread_mutex_unlock(&other);
}
