// Lock classes relative to a function's parameter (`*(param#0)`: the lock a
// parameter's pointer field points to, which debug info cannot name) mean
// something only inside that function. The plugin never joins them across
// functions (only globals and fields form cycles in a TU), so the advisor
// must not join them across TUs either: two functions' `*(param#0)` are
// different locks unless their callers say otherwise, and the advisor does
// not know the callers' arguments.
//   - handler/db (RocksDB's ErrorHandler holding &DBImpl::mutex_): each side
//     drops and retakes the lock its caller holds, under its own name; one
//     mutex, no inversion.
//   - queue/pool: two unrelated structs whose first field points to a mutex;
//     no inversion either.
//   - g_x/g_y: a real inversion of two globals through callees of the other
//     TU, still reported.
//   - g_p/g_q: the same, each order taken while its function holds its own
//     parameter's lock (`*(param#0+8)` on both sides): not one gate, so
//     still reported.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/handler.c && cp %s %t.d/db.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DHANDLER_SIDE -c handler.c -o handler.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -c db.c -o db.o
// RUN: %perfadvise report --confidence low %t.d/out | FileCheck %s
// The summaries do carry the parameter-relative locks the advisor now leaves out.
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=JSON
// JSON-DAG: SUMMARY handler_cancel {{.*}}locks=[*(param#0)]
// JSON-DAG: SUMMARY queue_drain {{.*}}locks=[*(param#0)]
// CHECK: perfadvise: 2 findings files, 2 findings (
// CHECK-DAG: g_y is taken while g_x is held here, but g_x is taken while g_y is held in {{.*}}
// CHECK-DAG: g_p is taken while g_q is held here, but g_q is taken while g_p is held in sess_p_then_q()
#include <pthread.h>

struct db;
struct handler { pthread_mutex_t *db_mu; struct db *db; int state; };
struct db { pthread_mutex_t mu; struct handler *h; int files; };
struct queue { pthread_mutex_t *mu; int len; };
struct pool { pthread_mutex_t *mu; int idle; };
struct sess { int id; pthread_mutex_t *mu; };
struct conn { long fd; pthread_mutex_t *mu; };
extern pthread_mutex_t g_a, g_x, g_y, g_p, g_q;
void slow_io(void);
void handler_cancel(struct handler *h);
void db_resume(struct db *d);
void queue_drain(struct queue *q);
void take_g_a(void);
void take_g_x(void);
void take_g_y(void);
void take_g_p(void);
void take_g_q(void);

#if defined(HANDLER_SIDE)
pthread_mutex_t g_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t g_x = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t g_y = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t g_p = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t g_q = PTHREAD_MUTEX_INITIALIZER;
void take_g_q(void) {
  pthread_mutex_lock(&g_q);
  slow_io();
  pthread_mutex_unlock(&g_q);
}
void sess_p_then_q(struct sess *s) {
  pthread_mutex_lock(s->mu);
  pthread_mutex_lock(&g_p);
  take_g_q();
  pthread_mutex_unlock(&g_p);
  pthread_mutex_unlock(s->mu);
}

// Called with *h->db_mu held: drops it around slow work.
void handler_cancel(struct handler *h) {
  h->state = 0;
  pthread_mutex_unlock(h->db_mu);
  slow_io();
  pthread_mutex_lock(h->db_mu);
}
void handler_recover(struct handler *h) {
  pthread_mutex_lock(h->db_mu);
  db_resume(h->db);
  pthread_mutex_unlock(h->db_mu);
}
void queue_drain(struct queue *q) {
  pthread_mutex_lock(q->mu);
  q->len = 0;
  pthread_mutex_unlock(q->mu);
}
void take_g_a(void) {
  pthread_mutex_lock(&g_a);
  slow_io();
  pthread_mutex_unlock(&g_a);
}
void take_g_y(void) {
  pthread_mutex_lock(&g_y);
  slow_io();
  pthread_mutex_unlock(&g_y);
}
void y_then_x(void) {
  pthread_mutex_lock(&g_y);
  take_g_x();
  pthread_mutex_unlock(&g_y);
}
#else
// Called with d->mu held: drops it around slow work.
void db_resume(struct db *d) {
  pthread_mutex_unlock(&d->mu);
  slow_io();
  pthread_mutex_lock(&d->mu);
  d->files++;
}
void db_close(struct db *d) {
  pthread_mutex_lock(&d->mu);
  handler_cancel(d->h);
  pthread_mutex_unlock(&d->mu);
}
void a_then_queue(struct queue *q) {
  pthread_mutex_lock(&g_a);
  queue_drain(q);
  pthread_mutex_unlock(&g_a);
}
void pool_run(struct pool *p) {
  pthread_mutex_lock(p->mu);
  p->idle++;
  take_g_a();
  pthread_mutex_unlock(p->mu);
}
void take_g_p(void) {
  pthread_mutex_lock(&g_p);
  slow_io();
  pthread_mutex_unlock(&g_p);
}
void conn_q_then_p(struct conn *c) {
  pthread_mutex_lock(c->mu);
  pthread_mutex_lock(&g_q);
  take_g_p();
  pthread_mutex_unlock(&g_q);
  pthread_mutex_unlock(c->mu);
}
void take_g_x(void) {
  pthread_mutex_lock(&g_x);
  slow_io();
  pthread_mutex_unlock(&g_x);
}
void x_then_y(void) {
  pthread_mutex_lock(&g_x);
  take_g_y();
  pthread_mutex_unlock(&g_x);
}
#endif
