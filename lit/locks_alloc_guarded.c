// alloc-under-lock through a callee that allocates only for a non-NULL
// argument (`if (metadata) copy = malloc(size)`): a caller passing NULL
// under the lock does not allocate there (librdkafka's offset store called
// with metadata=NULL on the per-message path); a caller passing data does.
// RUN: %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct tp { pthread_mutex_t lock; long off; void *meta; size_t meta_size; };

static void store(struct tp *t, long off, const void *meta, size_t size)
{
    t->off = off;
    if (t->meta) {
        free(t->meta);
        t->meta = NULL;
    }
    if (meta) {
        t->meta = malloc(size);
        memcpy(t->meta, meta, size);
        t->meta_size = size;
    }
}

void update_pos(struct tp *t, long off) /* no finding: metadata NULL */
{
    pthread_mutex_lock(&t->lock);
    store(t, off, NULL, 0);
    pthread_mutex_unlock(&t->lock);
}

/* No finding either: the NULL reaches store() through this function's own
 * parameter, which its caller sets to NULL. */
static void update_with(struct tp *t, long off, const void *m)
{
    store(t, off, m, 0);
}

void update_pos2(struct tp *t, long off)
{
    pthread_mutex_lock(&t->lock);
    update_with(t, off, NULL);
    pthread_mutex_unlock(&t->lock);
}

void store_with_meta(struct tp *t, long off, const void *m, size_t n)
{
    pthread_mutex_lock(&t->lock);
    // CHECK: locks_alloc_guarded.c:[[@LINE+1]]:5: remark: store() allocates (malloc) while holding 'tp::lock'
    store(t, off, m, n);
    pthread_mutex_unlock(&t->lock);
}

/* A snapshot: the string copied is read under the lock, so its size is
 * only known there. Low confidence (an analysis remark), not in the
 * default report. */
struct conn { pthread_mutex_t lock; char *name; };
static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *conn_name(struct conn *c)
{
    pthread_mutex_lock(&c->lock);
    // SNAP: locks_alloc_guarded.c:[[@LINE+1]]:15: remark: dup_str() allocates (malloc) while holding 'conn::lock'
    char *n = dup_str(c->name);
    pthread_mutex_unlock(&c->lock);
    return n;
}
// RUN: %clang -O2 -g %pa -Rpass-analysis=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=SNAP
