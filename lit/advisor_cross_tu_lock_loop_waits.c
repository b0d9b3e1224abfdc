// lock-in-loop across translation units when something in the loop may
// block, but rarely: the batch loop also calls msg_new(), which waits only
// while a bounded queue is full (`while (unlikely(full)) cond_wait`:
// back-pressure, not a wait for work), and part_enq() (another TU) writes to
// a wake-up descriptor only on an unlikely path. Neither blocks on 1
// iteration in 20, so the loop is a batch and the lock per element is
// reported (librdkafka rd_kafka_produce_batch: rd_kafka_msg_new0 ->
// rd_kafka_curr_msgs_add, rd_kafka_toppar_enq_msg -> rd_kafka_q_yield).
// Not reported: a loop that waits for a reply on every iteration through a
// wrapper of the condition wait defined in a third TU (cond_wait_abs, the
// shape of librdkafka's cnd_timedwait_abs), called from a function of the
// loop's TU or of another TU: the advisor follows the wrapper's summary;
// a callee that writes on every call.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/part.c && cp %s %t.d/wrap.c && cp %s %t.d/batch.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DPART_SIDE -c part.c -o part.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DWRAP_SIDE -c wrap.c -o wrap.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c batch.c -o batch.o 2>&1 | FileCheck %s --check-prefix=ALONE --allow-empty
// RUN: %perfadvise report --confidence low %t.d/out | FileCheck %s --check-prefix=WHOLE --implicit-check-not=lock-in-loop
// ALONE-NOT: lock-in-loop
// ALONE-NOT: locked and unlocked
// WHOLE: lock-in-loop {{.*}}batch.c:[[@LINE+89]]  produce_batch()  [whole program]
// WHOLE-NEXT: 'part::lock' is locked and unlocked inside part_enq() (part.c), called on every iteration of this loop ({{.*}}): give part_enq() a batch variant
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

struct item { struct item *next; int v; int part; };
struct part { pthread_mutex_t lock; int id; struct item *head, **tail; int len; int wake_fd; };
struct reply { pthread_mutex_t lock; pthread_cond_t cnd; int ready; int fd; int broken; };
void part_enq(struct part *p, struct item *it);
void part_log(struct part *p, struct item *it);
void wait_reply_ext(struct reply *r);
int cond_wait_abs(pthread_cond_t *c, pthread_mutex_t *m, int ms);
struct part *part_get(int id);
void trace(const struct item *it);

#if defined(PART_SIDE)
void part_enq(struct part *p, struct item *it) {
  int wake = 0;
  pthread_mutex_lock(&p->lock);
  it->next = NULL;
  *p->tail = it;
  p->tail = &it->next;
  if (__builtin_expect(++p->len == 1 && p->wake_fd >= 0, 0))
    wake = 1;
  pthread_mutex_unlock(&p->lock);
  if (__builtin_expect(wake, 0))
    write(p->wake_fd, "w", 1);
}
void part_log(struct part *p, struct item *it) {
  pthread_mutex_lock(&p->lock);
  write(p->wake_fd, &it->v, sizeof it->v);
  pthread_mutex_unlock(&p->lock);
}
void wait_reply_ext(struct reply *r) {
  pthread_mutex_lock(&r->lock);
  while (!r->ready)
    cond_wait_abs(&r->cnd, &r->lock, 100);
  r->ready = 0;
  pthread_mutex_unlock(&r->lock);
}
#elif defined(WRAP_SIDE)
#include <time.h>
int cond_wait_abs(pthread_cond_t *c, pthread_mutex_t *m, int ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += ms / 1000;
  return pthread_cond_timedwait(c, m, &ts);
}
#else
struct msgs { pthread_mutex_t lock; pthread_cond_t cnd; int cnt, max; };
static struct msgs curr = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 1000};

/* Waits only while the bounded count is full, and only when asked to. */
static __attribute__((noinline)) struct item *msg_new(struct item *it, int block) {
  pthread_mutex_lock(&curr.lock);
  while (__builtin_expect(curr.cnt >= curr.max, 0)) {
    if (!block) {
      pthread_mutex_unlock(&curr.lock);
      return NULL;
    }
    pthread_cond_wait(&curr.cnd, &curr.lock);
  }
  curr.cnt++;
  pthread_mutex_unlock(&curr.lock);
  it->v++;
  return it;
}

int produce_batch(int partition, int flags, struct item *items, int n) {
  int multi = partition < 0 || (flags & 2);
  struct part *p = NULL;
  int good = 0;
  if (!multi)
    p = part_get(partition);
  for (int i = 0; i < n; i++) {
    struct item *it = msg_new(&items[i], flags & 1);
    if (__builtin_expect(!it, 0))
      continue;
    if (multi) {
      if (!p || p->id != it->part) {
        p = part_get(it->part);
        if (!p)
          continue;
      }
      part_enq(p, it);
      trace(it);
    } else {
      part_enq(p, it);
    }
    good++;
  }
  return good;
}

/* Waits for a reply on every iteration, through the third TU's wrapper;
 * its own recognised blocking is a rare write. */
static __attribute__((noinline)) void wait_reply(struct reply *r) {
  pthread_mutex_lock(&r->lock);
  if (__builtin_expect(r->broken, 0))
    write(r->fd, "x", 1);
  while (!r->ready)
    cond_wait_abs(&r->cnd, &r->lock, 100);
  r->ready = 0;
  pthread_mutex_unlock(&r->lock);
}
void pause_all(struct part *p, struct reply *r, struct item *items, int n) {
  for (int i = 0; i < n; i++) {
    part_enq(p, &items[i]);
    wait_reply(r);
  }
}
/* These take a lock of their own, so the lock analysis reads them. */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long batches;
static void count_batch(void) {
  pthread_mutex_lock(&stats_lock);
  batches++;
  pthread_mutex_unlock(&stats_lock);
}
void ack_all(struct part *p, struct reply *r, struct item *items, int n) {
  for (int i = 0; i < n; i++) {
    part_enq(p, &items[i]);
    wait_reply_ext(r);
  }
  count_batch();
}
void log_all(struct part *p, struct item *items, int n) {
  for (int i = 0; i < n; i++)
    part_log(p, &items[i]);
  count_batch();
}
#endif
