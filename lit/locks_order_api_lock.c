// A lock-order cycle through an API lock (a recursive lock the callees of
// its holder take again while it is held: SQLite's db->mutex around
// sqlite3_exec, re-entered by sqlite3_prepare_v2 and the parser) may be no
// cycle: the reverse edge, taking the API lock under the other lock
// (set_tempdir(), SQLite's `PRAGMA temp_store_directory` under the VFS
// mutex), may be a re-entry by a thread that already holds it, which
// orders nothing. Whether every caller holds it is not in the summaries:
// the finding stays, with confidence low and the reason, out of the
// default report (it was SQLite's #1, medium).
// - the same two orders of a lock nobody re-enters (store::mutex) are a
//   cycle as before, confidence high;
// - a callee that locks a child while its caller holds the parent (hand
//   over hand, one class, two objects, not recursive) re-enters nothing:
//   node::lock's cycle with stats_lock stays high;
// - a lock that is not recursive, taken again by a callee of its holder,
//   is a double lock, not an API lock: plain_lock's cycle with journal_lock
//   stays high, and an allocation under it where a callee takes it again
//   is low confidence for the double lock, not for an API lock;
// - the API lock taken under another lock by a function nothing calls
//   while holding it (api_then_log / log_then_api) is no re-entry: that
//   cycle stays high, and so does one where a function called under it
//   takes it under the other lock but another function takes it so cold
//   (cold_reset: api2_lock's cycle with cache_lock).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s --implicit-check-not=double-lock
// CHECK-DAG: FINDING double-lock fn=plain_twice
// CHECK-DAG: FINDING lock-order-inversion fn=api_then_log {{.*}}confidence=high
// CHECK-DAG: FINDING lock-order-inversion fn=exec2 {{.*}}classes=[api2_lock,cache_lock] {{.*}}confidence=medium
// CHECK-DAG: FINDING double-lock fn=plain_alloc
// CHECK-DAG: FINDING alloc-under-lock fn=plain_alloc {{.*}}confidence=low confidence_reason=a function it calls takes the same lock again while it is held and the lock is not recursive
// CHECK-DAG: FINDING lock-order-inversion fn=plain_journal {{.*}}confidence=high
// CHECK-DAG: FINDING lock-order-inversion fn=exec_sql {{.*}}confidence=low confidence_reason='api_lock' is taken again by the callees of functions that hold it (an API lock)
// CHECK-DAG: FINDING lock-order-inversion fn=store_put {{.*}}confidence=high
// CHECK-DAG: FINDING lock-order-inversion fn=node_count {{.*}}confidence=high
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>

struct conn {
    int n;
};
struct store {
    pthread_mutex_t mutex;
    int n;
};
struct node {
    pthread_mutex_t lock;
    struct node *child;
    int n;
};
pthread_mutex_t api_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
pthread_mutex_t vfs_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
int stats;

__attribute__((noinline)) static void open_file(struct conn *db)
{
    pthread_mutex_lock(&vfs_lock);
    db->n++;
    pthread_mutex_unlock(&vfs_lock);
}

__attribute__((noinline)) static void set_tempdir(struct conn *db)
{
    pthread_mutex_lock(&vfs_lock);
    pthread_mutex_lock(&api_lock);
    db->n = 0;
    pthread_mutex_unlock(&api_lock);
    pthread_mutex_unlock(&vfs_lock);
}

__attribute__((noinline)) static void prepare(struct conn *db, int pragma)
{
    pthread_mutex_lock(&api_lock);
    if (pragma)
        set_tempdir(db);
    else
        open_file(db);
    pthread_mutex_unlock(&api_lock);
}

void exec_sql(struct conn *db, int pragma)
{
    pthread_mutex_lock(&api_lock);
    prepare(db, pragma);
    pthread_mutex_unlock(&api_lock);
}

void store_put(struct store *s)
{
    pthread_mutex_lock(&s->mutex);
    pthread_mutex_lock(&vfs_lock);
    s->n++;
    pthread_mutex_unlock(&vfs_lock);
    pthread_mutex_unlock(&s->mutex);
}

void store_sync(struct store *s)
{
    pthread_mutex_lock(&vfs_lock);
    pthread_mutex_lock(&s->mutex);
    s->n = 0;
    pthread_mutex_unlock(&s->mutex);
    pthread_mutex_unlock(&vfs_lock);
}

__attribute__((noinline)) static void child_bump(struct node *c)
{
    pthread_mutex_lock(&c->lock);
    c->n++;
    pthread_mutex_unlock(&c->lock);
}

void node_update(struct node *p)
{
    pthread_mutex_lock(&p->lock);
    child_bump(p->child);
    pthread_mutex_unlock(&p->lock);
}

void node_count(struct node *p)
{
    pthread_mutex_lock(&p->lock);
    pthread_mutex_lock(&stats_lock);
    stats += p->n;
    pthread_mutex_unlock(&stats_lock);
    pthread_mutex_unlock(&p->lock);
}

void stats_reset(struct node *p)
{
    pthread_mutex_lock(&stats_lock);
    pthread_mutex_lock(&p->lock);
    p->n = 0;
    pthread_mutex_unlock(&p->lock);
    pthread_mutex_unlock(&stats_lock);
}

pthread_mutex_t plain_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void plain_bump(void)
{
    pthread_mutex_lock(&plain_lock);
    stats++;
    pthread_mutex_unlock(&plain_lock);
}

void plain_twice(void)
{
    pthread_mutex_lock(&plain_lock);
    plain_bump();
    pthread_mutex_unlock(&plain_lock);
}

void plain_journal(void)
{
    pthread_mutex_lock(&plain_lock);
    pthread_mutex_lock(&journal_lock);
    stats++;
    pthread_mutex_unlock(&journal_lock);
    pthread_mutex_unlock(&plain_lock);
}

void journal_plain(void)
{
    pthread_mutex_lock(&journal_lock);
    pthread_mutex_lock(&plain_lock);
    stats--;
    pthread_mutex_unlock(&plain_lock);
    pthread_mutex_unlock(&journal_lock);
}

void *plain_alloc(void)
{
    pthread_mutex_lock(&plain_lock);
    void *p = malloc(64);
    plain_bump();
    pthread_mutex_unlock(&plain_lock);
    return p;
}

pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void api_then_log(void)
{
    pthread_mutex_lock(&api_lock);
    pthread_mutex_lock(&log_lock);
    stats++;
    pthread_mutex_unlock(&log_lock);
    pthread_mutex_unlock(&api_lock);
}

void log_then_api(void)
{
    pthread_mutex_lock(&log_lock);
    pthread_mutex_lock(&api_lock);
    stats--;
    pthread_mutex_unlock(&api_lock);
    pthread_mutex_unlock(&log_lock);
}

pthread_mutex_t api2_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void cache_fill(void)
{
    pthread_mutex_lock(&cache_lock);
    stats++;
    pthread_mutex_unlock(&cache_lock);
}

__attribute__((noinline)) static void cache_reset(void)
{
    pthread_mutex_lock(&cache_lock);
    pthread_mutex_lock(&api2_lock);
    stats = 0;
    pthread_mutex_unlock(&api2_lock);
    pthread_mutex_unlock(&cache_lock);
}

__attribute__((noinline)) static void step2(int reset)
{
    pthread_mutex_lock(&api2_lock);
    if (reset)
        cache_reset();
    else
        cache_fill();
    pthread_mutex_unlock(&api2_lock);
}

void exec2(int reset)
{
    pthread_mutex_lock(&api2_lock);
    step2(reset);
    pthread_mutex_unlock(&api2_lock);
}

void cold_reset(void)
{
    pthread_mutex_lock(&cache_lock);
    pthread_mutex_lock(&api2_lock);
    stats = -1;
    pthread_mutex_unlock(&api2_lock);
    pthread_mutex_unlock(&cache_lock);
}
