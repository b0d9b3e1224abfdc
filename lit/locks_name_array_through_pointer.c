// A lock in an element of an array reached through a pointer (`jobs[i].mu`,
// `mt->jobs` a job_t *) is named after the element's member, 'job_t::mu',
// the name it has where a job_t * is handed in: before, the offset inside
// the element was dropped and the lock took the name of the element's first
// member ('job_t::consumed[]'), so the lock-order join saw two locks.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}2{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not=consumed --implicit-check-not=__owner
#include <pthread.h>
#include <stddef.h>

typedef struct {
  size_t consumed;
  size_t size;
  pthread_mutex_t mu;
} job_t;

typedef struct {
  pthread_mutex_t pool_mu;
  job_t *jobs;
  unsigned mask, done, next;
} mt_t;

/* 'mt_t::pool_mu', then the element's 'job_t::mu'. */
size_t progress(mt_t *m) {
  size_t sum = 0;
  pthread_mutex_lock(&m->pool_mu);
  for (unsigned n = m->done; n < m->next; n++) {
    job_t *j = &m->jobs[n & m->mask];
    // CHECK: locks_name_array_through_pointer.c:[[@LINE+1]]:5: remark: 'job_t::mu' is acquired while holding 'mt_t::pool_mu' here, but finish() acquires 'mt_t::pool_mu' while holding 'job_t::mu'
    pthread_mutex_lock(&j->mu);
    sum += j->consumed + j->size;
    pthread_mutex_unlock(&m->jobs[n & m->mask].mu);
  }
  pthread_mutex_unlock(&m->pool_mu);
  return sum;
}

/* The other order, through a job_t * parameter: one lock-order cycle. */
void finish(job_t *job, mt_t *m) {
  pthread_mutex_lock(&job->mu);
  pthread_mutex_lock(&m->pool_mu);
  m->done++;
  pthread_mutex_unlock(&m->pool_mu);
  pthread_mutex_unlock(&job->mu);
}

/* The lock first in its element: 'slot_t::lock' too, as through a slot_t *. */
typedef struct {
  pthread_mutex_t lock;
  int n;
} slot_t;

typedef struct {
  slot_t *slots;
  pthread_mutex_t resize_mu;
} ring_t;

void bump(ring_t *r, int i) {
  pthread_mutex_lock(&r->slots[i].lock);
  // CHECK: locks_name_array_through_pointer.c:[[@LINE+1]]:3: remark: 'ring_t::resize_mu' is acquired while holding 'slot_t::lock' here, but resize() acquires 'slot_t::lock' while holding 'ring_t::resize_mu'
  pthread_mutex_lock(&r->resize_mu);
  r->slots[i].n++;
  pthread_mutex_unlock(&r->resize_mu);
  pthread_mutex_unlock(&r->slots[i].lock);
}

void resize(ring_t *r, slot_t *s) {
  pthread_mutex_lock(&r->resize_mu);
  pthread_mutex_lock(&s->lock);
  s->n = 0;
  pthread_mutex_unlock(&s->lock);
  pthread_mutex_unlock(&r->resize_mu);
}

/* Two members of one element are two locks: no double lock. */
typedef struct {
  size_t count;
  pthread_mutex_t a, b;
} pair_t;

void both(pair_t *p, int i) { /* no finding */
  pthread_mutex_lock(&p[i].a);
  pthread_mutex_lock(&p[i].b);
  p[i].count++;
  pthread_mutex_unlock(&p[i].b);
  pthread_mutex_unlock(&p[i].a);
}

/* A pointer cast to another element type: not a member of the head's type. */
typedef struct {
  pthread_mutex_t first;
  job_t *more;
} head_t;

void cast(head_t *h, int i) { /* no finding */
  job_t *j = (job_t *)h;
  pthread_mutex_lock(&j[i].mu);
  j[i].size++;
  pthread_mutex_unlock(&j[i].mu);
}
// JSON: FINDING lock-order-inversion fn=progress {{.*}}cycle=[mt_t::pool_mu,job_t::mu]
// JSON: FINDING lock-order-inversion fn=bump {{.*}}cycle=[slot_t::lock,ring_t::resize_mu]
// JSON-DAG: EDGE mt_t::pool_mu -> job_t::mu fn=progress
// JSON-DAG: SECTION job_t::mu fn=progress {{.*}}in_loop=true
// JSON-DAG: SUMMARY progress {{.*}}locks=[mt_t::pool_mu,job_t::mu]
