// A lock-order cycle through an API lock (a lock the callees of its holder
// take again while it is held: SQLite's db->mutex around sqlite3_exec,
// re-entered by sqlite3_prepare_v2 and the parser) may be no cycle: the
// reverse edge, taking the API lock under the other lock (set_tempdir(),
// SQLite's `PRAGMA temp_store_directory` under the VFS mutex), may be a
// re-entry by a thread that already holds it, which orders nothing. Whether
// every caller holds it is not in the summaries: the finding stays, with
// confidence low and the reason, out of the default report (it was SQLite's
// #1, medium).
// - the same two orders of a lock nobody re-enters (store::mutex) are a
//   cycle as before, confidence high.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s
// CHECK-DAG: FINDING lock-order-inversion fn=exec_sql {{.*}}confidence=low confidence_reason='conn::mutex' is taken again by the callees of functions that hold it (an API lock)
// CHECK-DAG: FINDING lock-order-inversion fn=store_put {{.*}}confidence=high
#include <pthread.h>

struct conn {
    pthread_mutex_t mutex;
    int n;
};
struct store {
    pthread_mutex_t mutex;
    int n;
};
pthread_mutex_t vfs_lock = PTHREAD_MUTEX_INITIALIZER;

void conn_init(struct conn *db)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&db->mutex, &a);
}

__attribute__((noinline)) static void open_file(struct conn *db)
{
    pthread_mutex_lock(&vfs_lock);
    db->n++;
    pthread_mutex_unlock(&vfs_lock);
}

__attribute__((noinline)) static void set_tempdir(struct conn *db)
{
    pthread_mutex_lock(&vfs_lock);
    pthread_mutex_lock(&db->mutex);
    db->n = 0;
    pthread_mutex_unlock(&db->mutex);
    pthread_mutex_unlock(&vfs_lock);
}

__attribute__((noinline)) static void prepare(struct conn *db, int pragma)
{
    pthread_mutex_lock(&db->mutex);
    if (pragma)
        set_tempdir(db);
    else
        open_file(db);
    pthread_mutex_unlock(&db->mutex);
}

void exec_sql(struct conn *db, int pragma)
{
    pthread_mutex_lock(&db->mutex);
    prepare(db, pragma);
    pthread_mutex_unlock(&db->mutex);
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
