// Lock classes are named by the typedef C code writes for their struct
// (plugin/llvm/PerfAdvisePass.cpp, typedefOf): the first typedef of the
// struct in the order LLVM's DebugInfoFinder finds the module's types, here
// pool_t even where the code says pool_alias_t. The walk that finds them
// skips repeated locations; PERFADVISE_CHECK_TYPEDEFS=1 compares its order
// of types with DebugInfoFinder::processModule's and says whether it matches.
// RUN: env PERFADVISE_CHECK_TYPEDEFS=1 %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not="DIFFERS"
// RUN: env PERFADVISE_CHECK_TYPEDEFS=1 %clang -O0 -g %pa -c %s -o %t0.o 2>&1 | FileCheck %s --check-prefix=MATCH --implicit-check-not="DIFFERS"
// CHECK-DAG: perfadvise: typedef walk matches DebugInfoFinder ({{[0-9]+}} types)
// MATCH: perfadvise: typedef walk matches DebugInfoFinder ({{[0-9]+}} types)
// CHECK-DAG: typedef_walk.c:[[@LINE+24]]:3: remark: 'pool_t::guard' is acquired while holding 'conn_t::lock' here, but give() acquires 'conn_t::lock' while holding 'pool_t::guard'
#include <pthread.h>

struct conn_s {
  pthread_mutex_t lock;
  int n;
};
typedef struct conn_s conn_t;
struct pool_s {
  pthread_mutex_t guard;
  int free;
};
typedef struct pool_s pool_t;
typedef struct pool_s pool_alias_t;

static int peek(conn_t *c) {
  int twice = c->n;
  for (int i = 0; i < 2; i++)
    twice += c->n;
  return twice;
}

void take(conn_t *c, pool_t *p) {
  pthread_mutex_lock(&c->lock);
  pthread_mutex_lock(&p->guard);
  c->n += peek(c);
  pthread_mutex_unlock(&p->guard);
  pthread_mutex_unlock(&c->lock);
}

void give(conn_t *c, pool_alias_t *p) {
  pthread_mutex_lock(&p->guard);
  pthread_mutex_lock(&c->lock);
  p->free++;
  pthread_mutex_unlock(&c->lock);
  pthread_mutex_unlock(&p->guard);
}
