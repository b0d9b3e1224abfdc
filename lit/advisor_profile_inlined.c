// Static profile through functions inlined away (issue 10, item 8). The lock
// analysis reads a function before inlining; the call profile is written
// after it, when a static function inlined into every caller has no body and
// no call sites of its own. Its callers' inlined bodies are its calls:
// - drain_queue() (static, inlined into serve_queue(), which driver.c calls
//   from a loop) has a lock-in-loop finding scaled by those calls, like a
//   function that kept its body;
// - drain_once() (static, inlined into shutdown_queue(), called once) keeps
//   ~1 call: the same finding ranks below the hot one;
// - an inlined function that still has its own body here (pool_put, global
//   and called from driver.c too) gets no inlined edge: its own call sites
//   already count its callees.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/work.c && cp %s %t.d/driver.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DWORK_SIDE -c work.c -o work.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -c driver.c -o driver.o
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=FILE
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=NOEDGE
// RUN: %perfadvise report %t.d/out --confidence low --context 0 | FileCheck %s
//
// FILE-DAG: SUMMARY serve_queue {{.*}}call_sites=[{{.*}}"callee": "drain_queue", "executions_per_call": 1{{.*}}"inlined": true
// FILE-DAG: SUMMARY shutdown_queue {{.*}}call_sites=[{{.*}}"callee": "drain_once", "executions_per_call": 1{{.*}}"inlined": true
// FILE-DAG: SUMMARY drain_queue {{.*}}static=True
// NOEDGE-NOT: "callee": "pool_put", {{.*}}"inlined": true
//
// CHECK: lock-in-loop {{.*}}work.c:[[@LINE+29]]  drain_queue()
// CHECK: profile: drain_queue() runs ~{{[0-9]+}} times per call of a root: ~1 times per call of serve_queue() at work.c:[[@LINE+47]], serve_queue() ~{{[0-9]+}} times per call of main() at driver.c:{{[0-9]+}}
// CHECK: lock-in-loop {{.*}}work.c:[[@LINE+37]]  drain_once()
// CHECK: profile: drain_once() runs ~1 times per call of a root: ~1 times per call of shutdown_queue() at work.c:{{[0-9]+}}
#include <pthread.h>

void consume(int v);

struct queue {
    pthread_mutex_t lock;
    int items[64];
    int n;
};

#ifdef WORK_SIDE
int pool[64];
int pool_n;
pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

void pool_put(int v)
{
    pthread_mutex_lock(&pool_lock);
    pool[pool_n++ & 63] = v;
    pthread_mutex_unlock(&pool_lock);
}

static void drain_queue(struct queue *q, int n)
{
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&q->lock);
        int v = q->items[i & 63];
        pthread_mutex_unlock(&q->lock);
        consume(v);
    }
}

static void drain_once(struct queue *q, int n)
{
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&q->lock);
        int v = q->items[i & 63];
        pthread_mutex_unlock(&q->lock);
        consume(v);
    }
}

void serve_queue(struct queue *q)
{
    drain_queue(q, q->n);
    pool_put(q->n);
}

void shutdown_queue(struct queue *q)
{
    drain_once(q, q->n);
}
#else
void serve_queue(struct queue *q);
void shutdown_queue(struct queue *q);
void pool_put(int v);

int main(int argc, char **argv)
{
    static struct queue q;
    (void)argv;
    for (int round = 0; round < argc * 1000; round++) {
        serve_queue(&q);
        pool_put(round);
    }
    shutdown_queue(&q);
    return 0;
}
#endif
