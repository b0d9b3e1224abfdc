// A lock in a struct is named by the type, as the project writes it: a C
// struct by its typedef in C and C++ files alike (one lock across the
// project's C and C++ files), a class only C++ can declare (in a namespace,
// a `class`) by its qualified name, even where a typedef of it is in scope:
// a file that has the typedef and one that does not name the same lock the
// same way (before, 'PoolAlias::mu' here and 'app::Pool::mu' elsewhere:
// two locks to the lock-order join; RocksDB's 'type::aggregate_lock_', a
// trait's `type` naming rocksdb::StatisticsImpl). A template's instance
// keeps the short name the code gives it. A template's member typedef
// (`std::vector<A>::value_type`) names nothing: two structs held in two
// vectors were both 'value_type', one lock. A struct with a vtable is
// named as every file sees it: only the file that emits the vtable knows
// it has one.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefixes=BOTH,CXX --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=EDGE
// RUN: %clang -x c -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=BOTH --implicit-check-not=remark:
#include <pthread.h>
#ifdef __cplusplus
#include <vector>
#endif

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
struct Rep { typedef Queue<long> Pool; Pool *p; };

void queue_twice(IntQueue *q) {
  pthread_mutex_lock(&q->mu);
  q->n++;
  // CXX: locks_name_cxx_typedef.cpp:[[@LINE+1]]:3: remark: 'IntQueue::mu' is locked again while it is already held
  pthread_mutex_lock(&q->mu);
  pthread_mutex_unlock(&q->mu);
  pthread_mutex_unlock(&q->mu);
}

// A member typedef of an ordinary struct is a name its code uses.
void rep_twice(Rep *r) {
  pthread_mutex_lock(&r->p->mu);
  r->p->n++;
  // CXX: locks_name_cxx_typedef.cpp:[[@LINE+1]]:3: remark: 'Pool::mu' is locked again while it is already held
  pthread_mutex_lock(&r->p->mu);
  pthread_mutex_unlock(&r->p->mu);
  pthread_mutex_unlock(&r->p->mu);
}

struct VT { virtual ~VT(); pthread_mutex_t a; int n; };
typedef VT VT_t;
VT::~VT() {}

void vt_twice(VT_t *p) {
  pthread_mutex_lock(&p->a);
  p->n++;
  // CXX: locks_name_cxx_typedef.cpp:[[@LINE+1]]:3: remark: 'VT_t::a' is locked again while it is already held
  pthread_mutex_lock(&p->a);
  pthread_mutex_unlock(&p->a);
  pthread_mutex_unlock(&p->a);
}

struct A { pthread_mutex_t mu; int n; };
struct B { pthread_mutex_t mu; int n; };
std::vector<A> all_a;
std::vector<B> all_b;

// Two locks, one edge between them.
void a_then_b(A *a, B *b) {
  pthread_mutex_lock(&a->mu);
  pthread_mutex_lock(&b->mu);
  // EDGE: EDGE A::mu -> B::mu fn=_Z8a_then_bP1AP1B
  a->n += b->n;
  pthread_mutex_unlock(&b->mu);
  pthread_mutex_unlock(&a->mu);
}
#endif
