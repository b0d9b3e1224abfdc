// PERFADVISE_DISABLE skips analyses by name (benchmarks, bisecting); an
// unknown name is a warning, not an error.
// RUN: %clang -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: env PERFADVISE_DISABLE=locks %clang -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NOLOCKS
// RUN: env PERFADVISE_DISABLE=escape,loopalloc,locks %clang -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | count 0
// RUN: env PERFADVISE_DISABLE=lock %clang -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=BAD
// ALL-DAG: [-Rpass-missed=perfadvise-locks]
// ALL-DAG: [-Rpass-missed=perfadvise-loopalloc]
// NOLOCKS-NOT: perfadvise-locks
// NOLOCKS: [-Rpass-missed=perfadvise-loopalloc]
// NOLOCKS-NOT: perfadvise-locks
// BAD: warning: perfadvise: PERFADVISE_DISABLE names an unknown analysis 'lock' (known: escape, loopalloc, locks)
#include <pthread.h>
#include <stdlib.h>
void use(char *);
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
void f(int n) {
  for (int i = 0; i < n; i++) {
    char *p = malloc(4096);
    use(p);
    free(p);
    pthread_mutex_lock(&m);
    use(0);
    pthread_mutex_unlock(&m);
  }
}
