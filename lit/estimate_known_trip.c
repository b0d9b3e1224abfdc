// A loop with a constant trip count runs its body that many times: the
// estimate (executions_per_call) follows SCEV's count, not the compiler's
// block-frequency guess (~32 per loop level whatever the count), for the
// allocation analyses (late, rotated loops) and the lock analysis (early,
// loops tested at the top). Unknown counts keep the block frequency.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s
#include <pthread.h>
#include <stdlib.h>

void use(char *p);
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
long total;

// CHECK-DAG: FINDING loop-alloc fn=thousand {{.*}}executions_per_call=1000 {{.*}}trip_count=1000
void thousand(void) {
    for (int i = 0; i < 1000; i++) {
        char *p = malloc(64);
        use(p);
        free(p);
    }
}

// CHECK-DAG: FINDING loop-alloc fn=nested {{.*}}executions_per_call=100000 {{.*}}trip_count=1000
void nested(void) {
    for (int j = 0; j < 100; j++)
        for (int i = 0; i < 1000; i++) {
            char *p = malloc(64);
            use(p);
            free(p);
        }
}

// CHECK-DAG: FINDING lock-in-loop fn=locked {{.*}}executions_per_call=1000 {{.*}}trip_count=1000
void locked(void) {
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&m);
        total++;
        pthread_mutex_unlock(&m);
        use(0);
    }
}

// CHECK-DAG: FINDING loop-alloc fn=unknown {{.*}}executions_per_call=20 {{.*}}trip_count=None
void unknown(int n) {
    for (int i = 0; i < n; i++) {
        char *p = malloc(64);
        use(p);
        free(p);
    }
}
