// alloc-under-lock, unsure: the size is a count of the guarded list, taken
// under the lock, and the block is filled from that list before unlocking
// (libusb's libusb_get_pollfds: count ctx->event_sources, calloc(n + 1),
// fill, unlock). The size exists only inside the critical section, so
// "allocate before locking" needs a second count and check under it: the
// finding is confidence low (no remark, out of the default report).
// Positive: the same allocation sized by the caller's count (known before
// locking) stays sure.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>
#include <stdlib.h>

struct source {
    struct source *next;
    int fd;
};

struct ctx {
    pthread_mutex_t lock;
    struct source *sources;
};

int **get_fds(struct ctx *c) {
    pthread_mutex_lock(&c->lock);
    size_t n = 0;
    for (struct source *s = c->sources; s; s = s->next)
        n++;
    int **ret = calloc(n + 1, sizeof *ret);
    // JSON-DAG: FINDING alloc-under-lock fn=get_fds {{.*}}confidence=low confidence_reason=the allocation resizes or is sized by state read under the lock
    if (ret) {
        size_t i = 0;
        for (struct source *s = c->sources; s; s = s->next)
            ret[i++] = &s->fd;
    }
    pthread_mutex_unlock(&c->lock);
    return ret;
}

/* An intrusive list walked through container_of (libusb's
 * for_each_event_source): the cursor's load hides behind the offset
 * arithmetic. */
struct list_head {
    struct list_head *prev, *next;
};

struct event_source {
    int fd;
    struct list_head list;
};

struct ictx {
    pthread_mutex_t lock;
    struct list_head sources;
};

#define entry_of(p) ((struct event_source *)((char *)(p) - __builtin_offsetof(struct event_source, list)))

int **get_event_fds(struct ictx *c) {
    pthread_mutex_lock(&c->lock);
    size_t n = 0;
    for (struct event_source *s = entry_of(c->sources.next); &s->list != &c->sources; s = entry_of(s->list.next))
        n++;
    int **ret = calloc(n + 1, sizeof *ret);
    // JSON-DAG: FINDING alloc-under-lock fn=get_event_fds {{.*}}confidence=low confidence_reason=the allocation resizes or is sized by state read under the lock
    if (ret) {
        size_t i = 0;
        for (struct event_source *s = entry_of(c->sources.next); &s->list != &c->sources; s = entry_of(s->list.next))
            ret[i++] = &s->fd;
    }
    pthread_mutex_unlock(&c->lock);
    return ret;
}

int **get_first_fds(struct ctx *c, size_t n) {
    pthread_mutex_lock(&c->lock);
    int **ret = calloc(n + 1, sizeof *ret);
    // CHECK: locks_alloc_counted_under_lock.c:[[@LINE-1]]:17: remark: calloc allocates while holding
    // JSON: FINDING alloc-under-lock fn=get_first_fds
    // JSON-NOT: confidence=low
    if (ret) {
        size_t i = 0;
        for (struct source *s = c->sources; s && i < n; s = s->next)
            ret[i++] = &s->fd;
    }
    pthread_mutex_unlock(&c->lock);
    return ret;
}
