// lock-in-loop negative: a loop that takes the lock only to read the next
// entry of a shared table and calls it after unlocking (SQLite
// sqlite3AutoLoadExtensions: each registered extension's init function runs
// outside STATIC_MAIN, which that function may take itself). Holding the
// lock around the loop would run unknown code under it: the per-iteration
// lock is deliberate (confidence low, no remark by default).
// Positive: the same loop calling a known function under the lock.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>

typedef int (*init_fn)(void *db);
static pthread_mutex_t ext_mu = PTHREAD_MUTEX_INITIALIZER;
static struct { unsigned n; init_fn *fns; } ext;

void load_extensions(void *db) {
    int go = 1;
    for (unsigned i = 0; go; i++) {
        init_fn fn;
        pthread_mutex_lock(&ext_mu);
        if (i >= ext.n) {
            fn = 0;
            go = 0;
        } else {
            fn = ext.fns[i];
        }
        pthread_mutex_unlock(&ext_mu);
        // JSON: FINDING lock-in-loop fn=load_extensions {{.*}}confidence=low
        if (fn && fn(db) != 0)
            break;
    }
}

int count_one(init_fn f);
int count_extensions(void) {
    int total = 0;
    for (unsigned i = 0;; i++) {
        pthread_mutex_lock(&ext_mu);
        // CHECK: locks_loop_callback.c:[[@LINE-1]]:9: remark: 'locks_loop_callback.c:ext_mu' is locked and unlocked on every iteration
        if (i >= ext.n) {
            pthread_mutex_unlock(&ext_mu);
            break;
        }
        total += count_one(ext.fns[i]);
        pthread_mutex_unlock(&ext_mu);
    }
    return total;
}
