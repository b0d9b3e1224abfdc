// Static profile (issue 10, item 8): a thread's start routine runs once
// per thread, but the loop in it runs for the thread's whole life, and the
// compiler's guess for that loop (~2000 behind a likely test) multiplied
// everything the thread serves: librdkafka's broker and main threads ranked
// their once-per-wake-up work above the application's per-message calls.
// The plugin marks a function passed as the start routine of
// pthread_create or thrd_create (summary `thread_start`); the advisor
// counts such a root per iteration of its loop (its most frequent call
// site), as it counts an API root per call.
// - serve_one(), called from worker()'s loop: ~1 time per iteration, Low,
//   below the lock taken per element in consume_batch();
// - serve_other(), from the C11 thread c11_worker(): the same;
// - run_loop(), the same loop in a function that is not a thread's start
//   routine (a library's event loop the application calls): counted per
//   call as before, High;
// - one_shot(), a thread without a loop: counted once per call, as before;
// - wrapped_worker(), started through spawn_thread(), a wrapper of this
//   file that hands its parameter to pthread_create: marked too, its
//   serve_fourth() Low. spawn_thread() is not marked (it is no start
//   routine), nor is run_loop().
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s --check-prefix=FILE
// RUN: %perfadvise report %t.d --confidence low | FileCheck %s
// RUN: %perfadvise report %t.d --confidence low --format json | FileCheck %s --check-prefix=JSON
//
// FILE-DAG: SUMMARY worker {{.*}}thread_start=pthread_create
// FILE-DAG: SUMMARY c11_worker {{.*}}thread_start=thrd_create
// FILE-DAG: SUMMARY one_shot {{.*}}thread_start=pthread_create
// FILE-DAG: SUMMARY wrapped_worker {{.*}}thread_start=pthread_create
// FILE-NOT: SUMMARY {{run_loop|spawn_thread}} {{.*}}thread_start
//
// CHECK: #1   HIGH {{.*}}alloc-under-lock {{.*}}  serve_third()
// CHECK: profile: serve_third() runs ~2000 times per call of a root: ~2000 times per call of run_loop() at {{.*}}; run_loop() has no callers in the program: counted once per call
// CHECK: #2   LOW {{.*}}lock-in-loop {{.*}}  consume_batch()
// CHECK-DAG: LOW {{.*}}alloc-under-lock {{.*}}  serve_one()
// CHECK-DAG: profile: serve_one() runs ~1 times per call of a root: ~2000 times per call of worker() at {{.*}}; worker() is a thread's start routine (pthread_create): counted once per iteration of its loop (~2000 per call)
// CHECK-DAG: LOW {{.*}}alloc-under-lock {{.*}}  serve_other()
// CHECK-DAG: profile: serve_other() runs ~1 times per call of a root: ~2000 times per call of c11_worker() at {{.*}}; c11_worker() is a thread's start routine (thrd_create): counted once per iteration of its loop (~2000 per call)
// CHECK-DAG: LOW {{.*}}alloc-under-lock {{.*}}  serve_fourth()
// CHECK-DAG: profile: serve_fourth() runs ~1 times per call of a root: ~2000 times per call of wrapped_worker() at {{.*}}; wrapped_worker() is a thread's start routine (pthread_create): counted once per iteration of its loop (~2000 per call)
// CHECK-DAG: LOW {{.*}}alloc-under-lock {{.*}}  one_shot()
// CHECK-DAG: profile: one_shot() is a thread's start routine (pthread_create): counted once per call
//
// JSON: "function":"serve_one"{{.*}}"cost_ns_per_call":1{{[0-9][0-9]}}.{{[0-9]+}},{{.*}}"profile":"serve_one() runs ~1 times per call of a root: {{.*}}worker() is a thread's start routine (pthread_create): counted once per iteration of its loop
#include <pthread.h>
#include <stdlib.h>
#include <threads.h>

struct queue {
    pthread_mutex_t mu;
    int n;
    char *names[64];
};
extern volatile int stop;

#define SERVE(name, size)                                                      \
    __attribute__((noinline)) void name(struct queue *q)                       \
    {                                                                          \
        pthread_mutex_lock(&q->mu);                                            \
        q->names[q->n & 63] = malloc(size);                                    \
        q->n++;                                                                \
        pthread_mutex_unlock(&q->mu);                                          \
    }
SERVE(serve_one, 48)
SERVE(serve_other, 40)
SERVE(serve_third, 32)
SERVE(serve_fourth, 56)

static void *worker(void *arg)
{
    struct queue *q = arg;
    while (__builtin_expect(!stop, 1))
        serve_one(q);
    return NULL;
}

static int c11_worker(void *arg)
{
    struct queue *q = arg;
    while (__builtin_expect(!stop, 1))
        serve_other(q);
    return 0;
}

void run_loop(struct queue *q)
{
    while (__builtin_expect(!stop, 1))
        serve_third(q);
}

static void *one_shot(void *arg)
{
    struct queue *q = arg;
    pthread_mutex_lock(&q->mu);
    q->names[0] = malloc(24);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

static void *wrapped_worker(void *arg)
{
    struct queue *q = arg;
    while (__builtin_expect(!stop, 1))
        serve_fourth(q);
    return NULL;
}

// Exported and not inlined: the start routine stays a parameter here.
__attribute__((noinline)) int spawn_thread(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    return pthread_create(&t, NULL, fn, arg);
}

int start_workers(struct queue *q, pthread_t *t, thrd_t *t2)
{
    if (spawn_thread(wrapped_worker, q) != 0)
        return -1;
    if (pthread_create(&t[0], NULL, worker, q) != 0 || pthread_create(&t[1], NULL, one_shot, q) != 0)
        return -1;
    return thrd_create(t2, c11_worker, q);
}

int consume_batch(struct queue *q, char **out, int max)
{
    int got = 0;
    for (int i = 0; i < max; i++) {
        pthread_mutex_lock(&q->mu);
        if (q->n > 0)
            out[got++] = q->names[--q->n & 63];
        pthread_mutex_unlock(&q->mu);
    }
    return got;
}
