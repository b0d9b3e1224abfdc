// End to end: two translation units built with the plugin take the same two
// locks in opposite orders; only the advisor, which sees both, reports the
// inversion once (at its first site, the other site and the full cycle in
// the evidence). Each TU alone: none.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/cache.c && cp %s %t.d/index.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DCACHE_SIDE -c cache.c -o cache.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -c index.c -o index.o
// RUN: %perfadvise report %t.d/out/cache.c.*.json | FileCheck %s --check-prefix=ALONE
// RUN: %perfadvise report %t.d/out | FileCheck %s --check-prefix=WHOLE
// RUN: %perfadvise report %t.d/out --format sarif -o %t.sarif
// RUN: %python %S/Inputs/advisor/validate_sarif.py %t.sarif | FileCheck %s --check-prefix=SARIF
// ALONE-NOT: lock-order-inversion
// WHOLE: 1 finding
// WHOLE: lock-order-inversion {{.*}}cache.c:[[@LINE+14]]  cache_evict()  [whole program]
// WHOLE-NEXT: index_lock is taken while cache_lock is held here, but cache_lock is taken while index_lock is held in index_rebuild() (index.c:[[@LINE+24]])
// SARIF: structure: ok
#include <pthread.h>

extern pthread_mutex_t cache_lock, index_lock;
int entries;

#ifdef CACHE_SIDE
pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

void cache_evict(void)
{
    pthread_mutex_lock(&cache_lock);
    pthread_mutex_lock(&index_lock);
    entries--;
    pthread_mutex_unlock(&index_lock);
    pthread_mutex_unlock(&cache_lock);
}
#else
pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;

void index_rebuild(void)
{
    pthread_mutex_lock(&index_lock);
    pthread_mutex_lock(&cache_lock);
    entries = 0;
    pthread_mutex_unlock(&cache_lock);
    pthread_mutex_unlock(&index_lock);
}
#endif
