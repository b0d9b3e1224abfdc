// lock-in-loop through a callee on one side of a loop-invariant branch: a
// batch loop tests a flag fixed before the loop (`if (multi)`) and, on the
// side for one destination, hands every element to a callee that takes and
// releases the destination's lock. The flag takes the same side on every
// iteration of a given run, so that side's call runs on every iteration of
// the runs that take it, not "half of the iterations" the block frequency
// says; and the destination, a variable the other side reassigns (an SSA
// merge at the loop header), keeps on this side the value it had before the
// loop (librdkafka rd_kafka_produce_batch -> rd_kafka_toppar_enq_msg).
// Not reported: a branch on a per-element value (half the elements), a side
// that looks up the destination per element itself, a side the code marks
// unlikely (a debug path), a reassignment on a path this side also runs,
// a loop that waits on every iteration.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not=lock-in-loop
#include <pthread.h>
#include <stddef.h>

#define NOINLINE __attribute__((noinline))

struct item { struct item *next; int v; int part; };
struct part { pthread_mutex_t lock; pthread_cond_t cnd; int id; struct item *head, **tail; int len; };
struct part *part_get(int id);
void part_put(struct part *p);
void txn_add(struct part *p);
void trace(const struct item *it);

NOINLINE void part_enq(struct part *p, struct item *it) {
  pthread_mutex_lock(&p->lock);
  it->next = NULL;
  *p->tail = it;
  p->tail = &it->next;
  p->len++;
  pthread_mutex_unlock(&p->lock);
}

// Positive 1: the single-destination side of a flag fixed before the loop;
// the other side looks the destination up per element (reassigns p).
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
      // CHECK: locks_loop_invariant_branch.c:[[@LINE+1]]:7: remark: 'part::lock' is locked and unlocked inside part_enq(), called on every iteration of this loop (
      part_enq(p, &items[i]);
    }
    good++;
  }
  return good;
}
// JSON-DAG: FINDING lock-in-loop fn=produce_batch {{.*}}callee=part_enq {{.*}}lock_class=part::lock

// Positive 2: the destination a parameter, the side chosen by a comparison
// of parameters (`if (mode > limit)`).
void enq_mode(struct part *p, int mode, int limit, struct item *items, int n) {
  for (int i = 0; i < n; i++) {
    if (mode > limit) {
      // CHECK: locks_loop_invariant_branch.c:[[@LINE+1]]:7: remark: 'part::lock' is locked and unlocked inside part_enq(), called on every iteration of this loop (
      part_enq(p, &items[i]);
    } else {
      items[i].v += mode;
      trace(&items[i]);
    }
  }
}
// JSON-DAG: FINDING lock-in-loop fn=enq_mode {{.*}}callee=part_enq

// Negative 1: the branch tests the element: half the elements take it.
void enq_some(struct part *p, struct item *items, int n) {
  for (int i = 0; i < n; i++) {
    if (items[i].v & 1)
      part_enq(p, &items[i]);
    else
      trace(&items[i]);
  }
}

// Negative 2: on the flag's side the destination is looked up per element
// (a different object, a different lock, each time round).
void enq_routed(int multi, struct item *items, int n) {
  struct part *p = part_get(0);
  for (int i = 0; i < n; i++) {
    if (multi) {
      p = part_get(items[i].part);
      part_enq(p, &items[i]);
    } else {
      trace(&items[i]);
    }
  }
}

// Negative 3: the side the code marks unlikely (a debug mode): rare runs.
void enq_debug(struct part *p, int debug, struct item *items, int n) {
  for (int i = 0; i < n; i++) {
    items[i].v++;
    if (__builtin_expect(debug, 0))
      part_enq(p, &items[i]);
    trace(&items[i]);
  }
}

// Negative 4: the reassignment is on a path this side runs too (the lookup
// is before the invariant branch): p changes on this side as well.
void enq_switch(int multi, struct item *items, int n) {
  struct part *p = part_get(0);
  for (int i = 0; i < n; i++) {
    if (p->id != items[i].part)
      p = part_get(items[i].part);
    if (multi) {
      trace(&items[i]);
    } else {
      part_enq(p, &items[i]);
    }
  }
}

// Negative 5: the loop waits on every iteration (a consumer): the lock is
// taken per item by design.
void enq_wait(struct part *p, int multi, struct item *items, int n) {
  for (int i = 0; i < n; i++) {
    pthread_mutex_lock(&p->lock);
    while (p->len > 64)
      pthread_cond_wait(&p->cnd, &p->lock);
    pthread_mutex_unlock(&p->lock);
    if (multi)
      trace(&items[i]);
    else
      part_enq(p, &items[i]);
  }
}
