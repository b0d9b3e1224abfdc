// Across translation units: a lock-order cycle through an API lock (a
// recursive lock the callees of its holder take again while it is held:
// SQLite's db->mutex, re-entered by prepare under sqlite3_exec) may be no
// cycle. exec_sql() holds conn::mutex and prepare() takes it again; prepare
// calls open_file() of the other file, which takes vfs_lock; set_tempdir()
// there takes conn::mutex under vfs_lock. Only the whole program shows
// the cycle, and the file that re-enters the lock is not the one that
// takes the reverse order: the findings file says which locks are API
// locks (`api_locks`), and the advisor's cycle through one is low
// confidence, out of the default report, as the plugin's own is
// (lit/locks_order_api_lock.c).
// - the same program with a plain lock nobody re-enters (STORE_SIDE:
//   store::mutex) is a cycle at medium, as before;
// - an API lock taken under another lock by a function nothing calls while
//   holding it (thread2() of THREAD2_SIDE, against thread1()'s order) is
//   no re-entry: that cycle is high, whichever file lists the API lock;
//   so is one where a third file also takes conn::mutex under vfs_lock,
//   cold (COLD_SIDE), whichever site the report shows.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/api %t.d/plain && cp %s %t.d/conn.c && cp %s %t.d/vfs.c && cp %s %t.d/store.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/api %clang -O2 -g %pa -DCONN_SIDE -c conn.c -o conn.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/api %clang -O2 -g %pa -c vfs.c -o vfs.o
// RUN: %jq %t.d/api | FileCheck %s --check-prefix=FILE
// RUN: %perfadvise report %t.d/api | FileCheck %s --check-prefix=DEFAULT
// RUN: %perfadvise report --confidence low %t.d/api | FileCheck %s --check-prefix=LOW
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/plain %clang -O2 -g %pa -DSTORE_SIDE -c store.c -o store.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/plain %clang -O2 -g %pa -DPLAIN -c vfs.c -o vfs2.o
// RUN: %perfadvise report %t.d/plain | FileCheck %s --check-prefix=PLAIN
// RUN: mkdir -p %t.d/threads && cp %s %t.d/t1.c && cp %s %t.d/t2.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/threads %clang -O2 -g %pa -DCONN_SIDE -c conn.c -o conn3.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/threads %clang -O2 -g %pa -DTHREAD1_SIDE -c t1.c -o t1.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/threads %clang -O2 -g %pa -DTHREAD2_SIDE -c t2.c -o t2.o
// RUN: %perfadvise report %t.d/threads | FileCheck %s --check-prefix=THREADS
// RUN: mkdir -p %t.d/cold && cp %s %t.d/zcold.c && cp %t.d/api/*.json %t.d/cold/
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/cold %clang -O2 -g %pa -DCOLD_SIDE -c zcold.c -o zcold.o
// RUN: %perfadvise report %t.d/cold | FileCheck %s --check-prefix=COLD
// FILE: API_LOCK conn::mutex
// FILE-NOT: API_LOCK
// DEFAULT: 2 findings files, 0 findings
// DEFAULT: 1 finding below the confidence asked for not shown
// LOW: lock-order-inversion {{.*}}[whole program]
// LOW: confidence: low - 'conn::mutex' is taken again by the callees of functions that hold it (an API lock)
// PLAIN: MEDIUM impact {{.*}}lock-order-inversion {{.*}}[whole program]
// PLAIN-NEXT: store::mutex
// PLAIN: confidence: medium
// THREADS: lock-order-inversion {{.*}}[whole program]
// THREADS-NEXT: stats_lock
// THREADS-NEXT: confidence: high
// COLD: lock-order-inversion {{.*}}[whole program]
// COLD-NOT: confidence: low
// COLD: confidence: medium
#define _GNU_SOURCE
#include <pthread.h>

struct conn {
    pthread_mutex_t mutex;
    int n;
};
struct store {
    pthread_mutex_t mutex;
    int n;
};
#ifdef PLAIN
#define OBJ store
#else
#define OBJ conn
#endif
void open_file(struct OBJ *db);
void set_tempdir(struct OBJ *db);

#if defined(CONN_SIDE)
void conn_init(struct conn *db)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&db->mutex, &a);
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
#elif defined(COLD_SIDE)
extern pthread_mutex_t vfs_lock;

void cold_tempdir(struct conn *db)
{
    pthread_mutex_lock(&vfs_lock);
    pthread_mutex_lock(&db->mutex);
    db->n = -1;
    pthread_mutex_unlock(&db->mutex);
    pthread_mutex_unlock(&vfs_lock);
}
#elif defined(THREAD1_SIDE)
pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
int stats;

void thread1(struct conn *db)
{
    pthread_mutex_lock(&db->mutex);
    pthread_mutex_lock(&stats_lock);
    stats += db->n;
    pthread_mutex_unlock(&stats_lock);
    pthread_mutex_unlock(&db->mutex);
}
#elif defined(THREAD2_SIDE)
extern pthread_mutex_t stats_lock;
extern int stats;

void thread2(struct conn *db)
{
    pthread_mutex_lock(&stats_lock);
    pthread_mutex_lock(&db->mutex);
    db->n = stats;
    pthread_mutex_unlock(&db->mutex);
    pthread_mutex_unlock(&stats_lock);
}
#elif defined(STORE_SIDE)
void store_put(struct store *st)
{
    pthread_mutex_lock(&st->mutex);
    open_file(st);
    pthread_mutex_unlock(&st->mutex);
}
#else
pthread_mutex_t vfs_lock = PTHREAD_MUTEX_INITIALIZER;

void open_file(struct OBJ *db)
{
    pthread_mutex_lock(&vfs_lock);
    db->n++;
    pthread_mutex_unlock(&vfs_lock);
}

void set_tempdir(struct OBJ *db)
{
    pthread_mutex_lock(&vfs_lock);
    pthread_mutex_lock(&db->mutex);
    db->n = 0;
    pthread_mutex_unlock(&db->mutex);
    pthread_mutex_unlock(&vfs_lock);
}
#endif
