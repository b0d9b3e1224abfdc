// lock-in-loop across translation units: the caller's TU hands q_enq(),
// defined in another TU, a new element on every iteration while the queue
// stays the same; q_enq's summary says it takes and releases the queue's
// lock on every call (lock_calls). Only the advisor, which sees both,
// reports it, at the call. Not reported: each element's own lock
// (obj_hit(objs[i])), a callee that may block (log_line), a callee that
// takes the lock on a rare path only (q_enq_rare), a loop of two trips, a
// callee that takes it only for a flag the loop passes as 0 (cache_update).
// Low confidence: enq_chunks(), whose loop takes min(remaining, room) of
// what remains each pass and ends when nothing does (loop_calls `batched`):
// a lock per batch already.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/queue.c && cp %s %t.d/batch.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DQUEUE_SIDE -c queue.c -o queue.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c batch.c -o batch.o 2>&1 | FileCheck %s --check-prefix=ALONE --allow-empty
// RUN: %perfadvise report --confidence low %t.d/out | FileCheck %s --check-prefix=WHOLE --implicit-check-not=lock-in-loop
// RUN: %perfadvise report --confidence low --format json %t.d/out | FileCheck %s --check-prefix=EVIDENCE
// EVIDENCE: "function":"enq_chunks"{{.*}}"batched":true,"confidence":"low"
// ALONE-NOT: lock-in-loop
// ALONE-NOT: locked and unlocked
// WHOLE: lock-in-loop {{.*}}batch.c:[[@LINE+68]]  enq_batch()  [whole program]
// WHOLE-NEXT: 'queue::lock' is locked and unlocked inside q_enq() (queue.c), called on every iteration of this loop ({{.*}} iterations, ~{{[0-9.]+}} times per call): give q_enq() a batch variant
// WHOLE-NEXT: confidence: medium
// WHOLE: fix: Give the callee a batch variant that takes the lock once
// WHOLE: lock-in-loop {{.*}}batch.c:[[@LINE+94]]  enq_chunks()  [whole program]
// WHOLE-NEXT: 'queue::lock' is locked and unlocked inside q_enq() (queue.c)
// WHOLE-NEXT: confidence: low - each pass takes a batch of what remains
#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

struct item { struct item *next; int v; };
struct queue { pthread_mutex_t lock; struct item *head, **tail; int len; int fd; };
struct obj { pthread_mutex_t lock; long hits; };
void q_enq(struct queue *q, struct item *it);
void q_enq_rare(struct queue *q, struct item *it);
void obj_hit(struct obj *o);
void log_line(struct queue *q, const char *s, size_t len);
int cache_update(struct queue *q, struct item *it, int notify);

#if defined(QUEUE_SIDE)
void q_enq(struct queue *q, struct item *it) {
  pthread_mutex_lock(&q->lock);
  it->next = NULL;
  *q->tail = it;
  q->tail = &it->next;
  q->len++;
  pthread_mutex_unlock(&q->lock);
}
void q_enq_rare(struct queue *q, struct item *it) {
  if (__builtin_expect(it->v < 0, 0)) {
    pthread_mutex_lock(&q->lock);
    q->len++;
    pthread_mutex_unlock(&q->lock);
  }
  it->v++;
}
void obj_hit(struct obj *o) {
  pthread_mutex_lock(&o->lock);
  o->hits++;
  pthread_mutex_unlock(&o->lock);
}
void log_line(struct queue *q, const char *s, size_t len) {
  pthread_mutex_lock(&q->lock);
  write(q->fd, s, len);
  pthread_mutex_unlock(&q->lock);
}
int cache_update(struct queue *q, struct item *it, int notify) {
  int changed = it->v != q->len;
  q->len += it->v;
  if (changed && notify) {
    pthread_mutex_lock(&q->lock);
    q->len++;
    pthread_mutex_unlock(&q->lock);
  }
  return changed;
}
#else
/* The callers take a lock of their own, so the lock analysis reads them. */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long batches;
static void count_batch(void) {
  pthread_mutex_lock(&stats_lock);
  batches++;
  pthread_mutex_unlock(&stats_lock);
}
int enq_batch(struct queue *q, struct item *items, int n) {
  for (int i = 0; i < n; i++)
    q_enq(q, &items[i]);
  count_batch();
  return n;
}
void rare_batch(struct queue *q, struct item *items, int n) {
  for (int i = 0; i < n; i++)
    q_enq_rare(q, &items[i]);
  count_batch();
}
void hit_all(struct obj **objs, int n) {
  for (int i = 0; i < n; i++)
    obj_hit(objs[i]);
  count_batch();
}
void log_all(struct queue *q, const char **lines, const size_t *lens, int n) {
  for (int i = 0; i < n; i++)
    log_line(q, lines[i], lens[i]);
  count_batch();
}
int update_all(struct queue *q, struct item *items, int n) {
  int changes = 0;
  for (int i = 0; i < n; i++)
    changes += cache_update(q, &items[i], 0);
  count_batch();
  return changes;
}
void enq_chunks(struct queue *q, struct item *items, size_t count, size_t room) {
  size_t remaining = count;
  while (remaining > 0) {
    size_t n = remaining < room ? remaining : room;
    q_enq(q, items);
    items += n;
    remaining -= n;
  }
  count_batch();
}
void enq_pair(struct queue *q, struct item *items) {
  for (int i = 0; i < 2; i++)
    q_enq(q, &items[i]);
  count_batch();
}
#endif
