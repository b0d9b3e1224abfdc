// lock-in-loop negative: a loop that goes round only when a trylock lost a
// race (libusb's libusb_handle_events_timeout_completed: `retry:` try to
// become the event handler through a trylock wrapper; failing that, lock
// the waiters' mutex and, if the handler has gone in the meantime, unlock
// it and `goto retry`). The second lock is taken once per attempt, and an
// attempt is repeated only after a lost race: there is no per-iteration
// cost to hoist, and holding the waiters' lock across the retry would
// deadlock against the unlock path. Positive: the same lock taken on every
// pass of a loop over work items is reported.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING lock-in-loop"
#include <pthread.h>

struct ctx {
    pthread_mutex_t events, waiters;
    pthread_cond_t done;
    int handler_active, total;
};

void handle_some(struct ctx *c);

/* 0 when this thread now holds the events lock */
__attribute__((noinline)) int try_lock_events(struct ctx *c) {
    if (pthread_mutex_trylock(&c->events) != 0)
        return 1;
    c->handler_active = 1;
    return 0;
}

__attribute__((noinline)) void unlock_events(struct ctx *c) {
    c->handler_active = 0;
    pthread_mutex_unlock(&c->events);
    pthread_mutex_lock(&c->waiters);
    pthread_cond_broadcast(&c->done);
    pthread_mutex_unlock(&c->waiters);
}

int handle_events(struct ctx *c, const int *completed) {
retry:
    if (try_lock_events(c) == 0) {
        if (completed == 0 || !*completed)
            handle_some(c);
        unlock_events(c);
        return 0;
    }
    pthread_mutex_lock(&c->waiters);
    if (completed && *completed) {
        pthread_mutex_unlock(&c->waiters);
        return 0;
    }
    if (!c->handler_active) {
        pthread_mutex_unlock(&c->waiters);
        goto retry;
    }
    pthread_cond_wait(&c->done, &c->waiters);
    pthread_mutex_unlock(&c->waiters);
    return 0;
}

void add_all(struct ctx *c, const int *xs, int n) {
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&c->waiters);
        // CHECK: locks_loop_race_retry.c:[[@LINE-1]]:9: remark: {{.*}}waiters{{.*}} is locked and unlocked on every iteration
        // JSON: FINDING lock-in-loop fn=add_all
        c->total += xs[i];
        pthread_mutex_unlock(&c->waiters);
    }
}
