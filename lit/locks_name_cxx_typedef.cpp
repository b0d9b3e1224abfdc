// A lock in a struct is named by the type, as the project writes it: a C
// struct by its typedef in C and C++ files alike (one lock across the
// project's C and C++ files), a class only C++ can declare (in a namespace,
// a `class`) by its qualified name, even where a typedef of it is in scope:
// a file that has the typedef and one that does not name the same lock the
// same way (before, 'PoolAlias::mu' here and 'app::Pool::mu' elsewhere:
// two locks to the lock-order join; RocksDB's 'type::aggregate_lock_', a
// trait's `type` naming rocksdb::StatisticsImpl). A template's instance
// keeps the short name the code gives it.
// RUN: %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefixes=BOTH,CXX --implicit-check-not=remark:
// RUN: %clang -x c -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=BOTH --implicit-check-not=remark:
#include <pthread.h>

typedef struct conn_s { pthread_mutex_t lock; int n; } conn_t;

void conn_twice(conn_t *c) {
  pthread_mutex_lock(&c->lock);
  c->n++;
  // BOTH: locks_name_cxx_typedef.cpp:[[@LINE+1]]:3: remark: 'conn_t::lock' is locked again while it is already held
  pthread_mutex_lock(&c->lock);
  c->n++;
  pthread_mutex_unlock(&c->lock);
  pthread_mutex_unlock(&c->lock);
}

#ifdef __cplusplus
namespace app {
class Pool { public: pthread_mutex_t mu; int n; };
struct Slot { pthread_mutex_t mu; int n; };
}
typedef app::Pool PoolAlias;
typedef app::Slot SlotAlias;

void pool_twice(PoolAlias *p) {
  pthread_mutex_lock(&p->mu);
  p->n++;
  // CXX: locks_name_cxx_typedef.cpp:[[@LINE+1]]:3: remark: 'app::Pool::mu' is locked again while it is already held
  pthread_mutex_lock(&p->mu);
  pthread_mutex_unlock(&p->mu);
  pthread_mutex_unlock(&p->mu);
}

void slot_twice(SlotAlias *s) {
  pthread_mutex_lock(&s->mu);
  s->n++;
  // CXX: locks_name_cxx_typedef.cpp:[[@LINE+1]]:3: remark: 'app::Slot::mu' is locked again while it is already held
  pthread_mutex_lock(&s->mu);
  pthread_mutex_unlock(&s->mu);
  pthread_mutex_unlock(&s->mu);
}

template <class T> struct Queue { pthread_mutex_t mu; T n; };
typedef Queue<int> IntQueue;

void queue_twice(IntQueue *q) {
  pthread_mutex_lock(&q->mu);
  q->n++;
  // CXX: locks_name_cxx_typedef.cpp:[[@LINE+1]]:3: remark: 'IntQueue::mu' is locked again while it is already held
  pthread_mutex_lock(&q->mu);
  pthread_mutex_unlock(&q->mu);
  pthread_mutex_unlock(&q->mu);
}
#endif
