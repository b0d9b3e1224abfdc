// One lock through several pointer expressions: reloaded after a call,
// merged by a select, compared by access path (h->b->lock) and named by the
// struct member ('broker::lock'). Found: the same path locked twice.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>

struct broker { int id; pthread_mutex_t lock; int state; };
struct handle { struct broker *b; int flags; };
void notify(struct handle *h);

void update(struct handle *h, int s) { /* no finding: h->b reloaded after a call */
  pthread_mutex_lock(&h->b->lock);
  h->b->state = s;
  notify(h);
  pthread_mutex_unlock(&h->b->lock);
}

void pick(struct broker *a, struct broker *b, int which) { /* no finding */
  struct broker *x = which ? a : b;
  pthread_mutex_lock(&x->lock);
  x->state++;
  pthread_mutex_unlock(which ? &a->lock : &b->lock);
}

void relock(struct handle *h) {
  pthread_mutex_lock(&h->b->lock);
  h->b->state++;
  // CHECK: locks_shape_aliases.c:[[@LINE+1]]:3: remark: 'broker::lock' is locked again while it is already held
  pthread_mutex_lock(&h->b->lock);
  pthread_mutex_unlock(&h->b->lock);
}
// JSON: FINDING double-lock fn=relock {{.*}}confidence=high {{.*}}lock_class=broker::lock
