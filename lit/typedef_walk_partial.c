// The typedef that names a lock's struct is the first one the debug-info
// walk meets (lit/typedef_walk.c), and the walk goes on function by
// function only as far as a question needs (plugin/llvm/PerfAdvisePass.cpp,
// typedefOf): early_t is found in one()'s own type and the walk stops
// there; late_s's first typedef is then a local variable of two() (late_a_t),
// not the parameter type of three() after it (late_b_t), whichever function
// asks; a struct no typedef names walks the whole module and keeps its
// own name.
// RUN: %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: env PERFADVISE_CHECK_TYPEDEFS=1 %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t1.o 2>&1 | FileCheck %s --check-prefixes=CHECK,MATCH --implicit-check-not=remark:
// MATCH: perfadvise: typedef walk matches DebugInfoFinder ({{[0-9]+}} types)
#include <pthread.h>

struct early_s {
  pthread_mutex_t lock;
  int n;
};
typedef struct early_s early_t;
struct late_s {
  pthread_mutex_t lock;
  int n;
};
typedef struct late_s late_a_t;
typedef struct late_s late_b_t;
struct bare {
  pthread_mutex_t m;
  int n;
};

void one(early_t *e) {
  pthread_mutex_lock(&e->lock);
  // CHECK: typedef_walk_partial.c:[[@LINE+1]]:3: remark: 'early_t::lock' is locked again while it is already held
  pthread_mutex_lock(&e->lock);
  e->n++;
  pthread_mutex_unlock(&e->lock);
  pthread_mutex_unlock(&e->lock);
}

void two(void *p) {
  late_a_t *l = p;
  pthread_mutex_lock(&l->lock);
  // CHECK: typedef_walk_partial.c:[[@LINE+1]]:3: remark: 'late_a_t::lock' is locked again while it is already held
  pthread_mutex_lock(&l->lock);
  l->n++;
  pthread_mutex_unlock(&l->lock);
  pthread_mutex_unlock(&l->lock);
}

void three(late_b_t *l) {
  pthread_mutex_lock(&l->lock);
  // CHECK: typedef_walk_partial.c:[[@LINE+1]]:3: remark: 'late_a_t::lock' is locked again while it is already held
  pthread_mutex_lock(&l->lock);
  l->n++;
  pthread_mutex_unlock(&l->lock);
  pthread_mutex_unlock(&l->lock);
}

void four(struct bare *b) {
  pthread_mutex_lock(&b->m);
  // CHECK: typedef_walk_partial.c:[[@LINE+1]]:3: remark: 'bare::m' is locked again while it is already held
  pthread_mutex_lock(&b->m);
  b->n++;
  pthread_mutex_unlock(&b->m);
  pthread_mutex_unlock(&b->m);
}
