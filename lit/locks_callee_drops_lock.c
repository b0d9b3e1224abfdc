// alloc-under-lock negative: a callee that requires the caller's lock and
// releases it around its own heavy work (LevelDB DBImpl::CompactMemTable ->
// WriteLevel0Table: mutex_.Unlock(); BuildTable(...); mutex_.Lock()) does
// not allocate under that lock, as it does not block under it either.
// Positive: the same allocation in a callee that keeps the lock.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct db {
    pthread_mutex_t mu;
    char *table;
    long n;
};

void build(char *p, long n);

__attribute__((noinline)) void write_table(struct db *d) {
    long n = d->n;
    pthread_mutex_unlock(&d->mu);
    char *p = malloc((size_t)n);
    if (p) {
        build(p, n);
        free(p);
    }
    pthread_mutex_lock(&d->mu);
}

void compact(struct db *d) {
    pthread_mutex_lock(&d->mu);
    write_table(d);
    d->n = 0;
    pthread_mutex_unlock(&d->mu);
}

__attribute__((noinline)) void write_table_locked(struct db *d) {
    char *p = malloc((size_t)d->n);
    if (p) {
        build(p, d->n);
        free(p);
    }
}

void compact_locked(struct db *d) {
    pthread_mutex_lock(&d->mu);
    write_table_locked(d);
    // CHECK: locks_callee_drops_lock.c:[[@LINE-1]]:5: remark: write_table_locked() allocates (malloc) while holding 'db::mu'
    d->n = 0;
    pthread_mutex_unlock(&d->mu);
}
