// Read-write lock candidates are judged by the advisor over every critical
// section of a lock class in the build (lock_sections), once per class:
// most sections only read (3 of 4 here), and the class is taken in a loop.
// A class with as many writers as readers, one never taken in a loop, and
// one already a read-write lock are not candidates.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %perfadvise report %t.d --kind rwlock-candidate | FileCheck %s --implicit-check-not=rwlock-candidate
// CHECK: 1 finding
// CHECK: rwlock-candidate {{.*}}advisor_rwlock.c:[[@LINE+24]]  lookup_all()
// CHECK-NEXT: 'table_lock' guards 4 critical sections in this build and 3 of them only read ({{.*}}); 1 writes; it is taken inside a loop
// RUN: %perfadvise report %t.d --kind rwlock-candidate --format json | %python -c "import json,sys; [print('EV', f['evidence']['lock_class'], f['evidence']['sections'], f['evidence']['read_only'], f['evidence']['writing'], len(f['evidence']['sections_by_function'])) for f in json.load(sys.stdin)['findings']]" | FileCheck %s --check-prefix=EV
// EV: EV table_lock 4 3 1 4
#include <pthread.h>

pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t once_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int table[64], size, hits, config;

int lookup(int i)
{
    pthread_mutex_lock(&table_lock);
    int v = i < size ? table[i] : -1;
    pthread_mutex_unlock(&table_lock);
    return v;
}

long lookup_all(const int *keys, int n)
{
    long s = 0;
    for (int k = 0; k < n; k++) {
        pthread_mutex_lock(&table_lock);
        s += table[keys[k] & 63];
        pthread_mutex_unlock(&table_lock);
    }
    return s;
}

int table_size(void)
{
    pthread_mutex_lock(&table_lock);
    int v = size;
    pthread_mutex_unlock(&table_lock);
    return v;
}

void table_set(int i, int v)
{
    pthread_mutex_lock(&table_lock);
    table[i & 63] = v;
    pthread_mutex_unlock(&table_lock);
}

// Non-finding: as many writers as readers.
int hits_read(void)
{
    pthread_mutex_lock(&stats_lock);
    int v = hits;
    pthread_mutex_unlock(&stats_lock);
    return v;
}

void hits_bump(int n)
{
    for (int k = 0; k < n; k++) {
        pthread_mutex_lock(&stats_lock);
        hits++;
        pthread_mutex_unlock(&stats_lock);
    }
}

// Non-finding: only read, but never taken in a loop.
int config_a(void) { pthread_mutex_lock(&once_lock); int v = config; pthread_mutex_unlock(&once_lock); return v; }
int config_b(void) { pthread_mutex_lock(&once_lock); int v = config + 1; pthread_mutex_unlock(&once_lock); return v; }

// Non-finding: already a read-write lock.
long rw_all(const int *keys, int n)
{
    long s = 0;
    for (int k = 0; k < n; k++) {
        pthread_rwlock_rdlock(&rw);
        s += table[keys[k] & 63];
        pthread_rwlock_unlock(&rw);
    }
    return s;
}
int rw_one(int i) { pthread_rwlock_rdlock(&rw); int v = table[i & 63]; pthread_rwlock_unlock(&rw); return v; }
