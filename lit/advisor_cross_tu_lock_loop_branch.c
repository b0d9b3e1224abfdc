// lock-in-loop across translation units, on one side of a loop-invariant
// branch: the batch loop's single-destination side (`if (multi)` is fixed
// before the loop) hands part_enq(), defined in another TU, every element
// with the destination looked up once before the loop; the other side
// reassigns the destination per element, so it is an SSA merge at the loop
// header, the same on every iteration only on this side. The plugin lists
// the destination among the call's invariant arguments; the advisor joins it
// with part_enq's summary (librdkafka rd_kafka_produce_batch ->
// rd_kafka_toppar_enq_msg). Not reported: the side that looks the
// destination up per element, a side taken for some elements only.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/part.c && cp %s %t.d/batch.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DPART_SIDE -c part.c -o part.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c batch.c -o batch.o 2>&1 | FileCheck %s --check-prefix=ALONE --allow-empty
// RUN: %perfadvise report --confidence low %t.d/out | FileCheck %s --check-prefix=WHOLE --implicit-check-not=lock-in-loop
// ALONE-NOT: lock-in-loop
// ALONE-NOT: locked and unlocked
// WHOLE: lock-in-loop {{.*}}batch.c:[[@LINE+50]]  produce_batch()  [whole program]
// WHOLE-NEXT: 'part::lock' is locked and unlocked inside part_enq() (part.c), called on every iteration of this loop ({{.*}}): give part_enq() a batch variant
#include <pthread.h>
#include <stddef.h>

struct item { struct item *next; int v; int part; };
struct part { pthread_mutex_t lock; int id; struct item *head, **tail; int len; };
void part_enq(struct part *p, struct item *it);
struct part *part_get(int id);
void part_put(struct part *p);
void txn_add(struct part *p);
void trace(const struct item *it);

#if defined(PART_SIDE)
void part_enq(struct part *p, struct item *it) {
  pthread_mutex_lock(&p->lock);
  it->next = NULL;
  *p->tail = it;
  p->tail = &it->next;
  p->len++;
  pthread_mutex_unlock(&p->lock);
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
int produce_batch(int partition, int flags, struct item *items, int n) {
  int multi = partition < 0 || (flags & 2);
  struct part *p = NULL;
  int good = 0;
  if (!multi)
    p = part_get(partition);
  for (int i = 0; i < n; i++) {
    if (multi) {
      if (!p || p->id != items[i].part) {
        if (p)
          part_put(p);
        p = part_get(items[i].part);
        if (!p)
          continue;
      }
      part_enq(p, &items[i]);
      if (flags & 4)
        txn_add(p);
    } else {
      part_enq(p, &items[i]);
    }
    good++;
  }
  count_batch();
  return good;
}
void enq_some(struct part *p, struct item *items, int n) {
  for (int i = 0; i < n; i++) {
    if (items[i].v & 1)
      part_enq(p, &items[i]);
    else
      trace(&items[i]);
  }
  count_batch();
}
#endif
