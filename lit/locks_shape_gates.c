// Gate locks and same-class nesting: x -> y and y -> x both inside a common
// lock g cannot deadlock; parent->lock then child->lock are two instances of
// one class, not an order between classes. Found: p -> q and q -> p, once;
// and u -> v and v -> u held inside two functions' parameter locks, which
// are their callers' arguments, not one gate.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>
static pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER, x = PTHREAD_MUTEX_INITIALIZER,
                       y = PTHREAD_MUTEX_INITIALIZER, p = PTHREAD_MUTEX_INITIALIZER,
                       q = PTHREAD_MUTEX_INITIALIZER;
static int n;
void xy(void) {
  pthread_mutex_lock(&g);
  pthread_mutex_lock(&x);
  pthread_mutex_lock(&y);
  n++;
  pthread_mutex_unlock(&y);
  pthread_mutex_unlock(&x);
  pthread_mutex_unlock(&g);
}
void yx(void) {
  pthread_mutex_lock(&g);
  pthread_mutex_lock(&y);
  pthread_mutex_lock(&x);
  n++;
  pthread_mutex_unlock(&x);
  pthread_mutex_unlock(&y);
  pthread_mutex_unlock(&g);
}
void pq(void) {
  pthread_mutex_lock(&p);
  // CHECK: locks_shape_gates.c:[[@LINE+1]]:3: remark: 'locks_shape_gates.c:q' is acquired while holding 'locks_shape_gates.c:p' here, but qp() acquires
  pthread_mutex_lock(&q);
  n++;
  pthread_mutex_unlock(&q);
  pthread_mutex_unlock(&p);
}
void qp(void) {
  pthread_mutex_lock(&q);
  pthread_mutex_lock(&p);
  n++;
  pthread_mutex_unlock(&p);
  pthread_mutex_unlock(&q);
}
struct node { pthread_mutex_t lock; struct node *parent; int v; };
void to_parent(struct node *c) {
  pthread_mutex_lock(&c->lock);
  pthread_mutex_lock(&c->parent->lock);
  c->parent->v += c->v;
  pthread_mutex_unlock(&c->parent->lock);
  pthread_mutex_unlock(&c->lock);
}
void from_parent(struct node *c) {
  pthread_mutex_lock(&c->parent->lock);
  pthread_mutex_lock(&c->lock);
  c->v = c->parent->v;
  pthread_mutex_unlock(&c->lock);
  pthread_mutex_unlock(&c->parent->lock);
}
struct owner { int id; pthread_mutex_t *mu; };
static pthread_mutex_t u = PTHREAD_MUTEX_INITIALIZER, v = PTHREAD_MUTEX_INITIALIZER;
void uv(struct owner *o) {
  pthread_mutex_lock(o->mu);
  pthread_mutex_lock(&u);
  // CHECK: locks_shape_gates.c:[[@LINE+1]]:3: remark: 'locks_shape_gates.c:v' is acquired while holding 'locks_shape_gates.c:u' here, but vu() acquires
  pthread_mutex_lock(&v);
  n++;
  pthread_mutex_unlock(&v);
  pthread_mutex_unlock(&u);
  pthread_mutex_unlock(o->mu);
}
void vu(struct owner *o) {
  pthread_mutex_lock(o->mu);
  pthread_mutex_lock(&v);
  pthread_mutex_lock(&u);
  n++;
  pthread_mutex_unlock(&u);
  pthread_mutex_unlock(&v);
  pthread_mutex_unlock(o->mu);
}
// JSON-DAG: EDGE locks_shape_gates.c:x -> locks_shape_gates.c:y fn=xy
// JSON-DAG: FINDING lock-order-inversion fn=pq {{.*}}confidence=high
