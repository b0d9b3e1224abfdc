// lock-in-loop through a callee: a loop calls, once per element, a function
// (not inlined) that takes and releases a lock of an object the loop does
// not change (a queue passed in, a global); the fix is a batch variant of
// the callee that takes the lock once (librdkafka rd_kafka_produce_batch ->
// rd_kafka_toppar_enq_msg). Not reported: a lock the callee takes only on a
// rare path, a loop of a few constant trips, a retry loop (every argument
// the same each time round), a different object's lock per element, a
// callee that may block anyway, a loop that holds the lock already.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not=lock-in-loop
#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

struct item { struct item *next; int v; };
struct queue { pthread_mutex_t lock; struct item *head, **tail; int len; };
struct obj { pthread_mutex_t lock; long hits; };
struct ctx { int fd; struct queue q; };

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long stats_total;

#define NOINLINE __attribute__((noinline))

NOINLINE void q_enq(struct queue *q, struct item *it) {
  pthread_mutex_lock(&q->lock);
  it->next = NULL;
  *q->tail = it;
  q->tail = &it->next;
  q->len++;
  pthread_mutex_unlock(&q->lock);
}

// Positive 1: the per-element loop of a batch API, the queue a parameter.
int enq_batch(struct queue *q, struct item *items, int n) {
  for (int i = 0; i < n; i++)
    // CHECK: locks_loop_callee.c:[[@LINE+1]]:5: remark: 'queue::lock' is locked and unlocked inside q_enq(), called on every iteration of this loop (
    q_enq(q, &items[i]);
  return n;
}
// JSON-DAG: FINDING lock-in-loop fn=enq_batch {{.*}}callee=q_enq {{.*}}confidence=medium {{.*}}lock_class=queue::lock

// Positive 2: a global lock, taken in a callee of the callee.
NOINLINE static void stats_add_locked(long v) {
  pthread_mutex_lock(&stats_lock);
  stats_total += v;
  pthread_mutex_unlock(&stats_lock);
}
NOINLINE void stats_add(long v) {
  stats_add_locked(v * 3 + 1);
}
void account(const long *v, int n) {
  for (int i = 0; i < n; i++)
    // CHECK: locks_loop_callee.c:[[@LINE+1]]:5: remark: '{{.*}}stats_lock' is locked and unlocked inside stats_add(), called on every iteration of this loop (
    stats_add(v[i]);
}
// JSON-DAG: FINDING lock-in-loop fn=account {{.*}}callee=stats_add

// Positive 3: the queue a field of an object the loop does not change.
void enq_ctx(struct ctx *c, struct item *items, int n) {
  for (int i = 0; i < n; i++)
    // CHECK: locks_loop_callee.c:[[@LINE+1]]:5: remark: 'ctx::q' is locked and unlocked inside q_enq(), called on every iteration
    q_enq(&c->q, &items[i]);
}
// JSON-DAG: FINDING lock-in-loop fn=enq_ctx {{.*}}callee=q_enq

// Negative 1: the callee takes the lock only on a rare path.
NOINLINE void q_enq_rare(struct queue *q, struct item *it) {
  if (__builtin_expect(it->v < 0, 0)) {
    pthread_mutex_lock(&q->lock);
    q->len++;
    pthread_mutex_unlock(&q->lock);
  }
  it->v++;
}
void rare_batch(struct queue *q, struct item *items, int n) {
  for (int i = 0; i < n; i++)
    q_enq_rare(q, &items[i]);
}

// Negative 2: a loop of two trips (set-up).
void enq_pair(struct queue *q, struct item *items) {
  for (int i = 0; i < 2; i++)
    q_enq(q, &items[i]);
}

// Negative 2b: a loop over a table of one entry that also stops on the
// first error: its count is unknown, but at most one trip (registering an
// extension's functions at start-up).
NOINLINE int q_reg(struct queue *q, struct item *it) {
  pthread_mutex_lock(&q->lock);
  it->next = NULL;
  *q->tail = it;
  q->tail = &it->next;
  int n = ++q->len;
  pthread_mutex_unlock(&q->lock);
  return n > 1000;
}
static struct item reg_table[1];
int reg_all(struct queue *q) {
  int rc = 0;
  for (unsigned i = 0; i < sizeof reg_table / sizeof reg_table[0] && rc == 0; i++)
    rc = q_reg(q, &reg_table[i]);
  return rc;
}

// Negative 3: a retry loop: the same call, the same arguments, until it works.
NOINLINE int q_try_put(struct queue *q, struct item *it) {
  int ok;
  pthread_mutex_lock(&q->lock);
  ok = q->len < 64;
  if (ok) {
    *q->tail = it;
    q->tail = &it->next;
    q->len++;
  }
  pthread_mutex_unlock(&q->lock);
  return ok;
}
void put_retry(struct queue *q, struct item *it) {
  while (!q_try_put(q, it))
    ;
}

// Negative 4: each element's own lock (a different object each time round).
NOINLINE void obj_hit(struct obj *o) {
  pthread_mutex_lock(&o->lock);
  o->hits++;
  pthread_mutex_unlock(&o->lock);
}
void hit_all(struct obj **objs, int n) {
  for (int i = 0; i < n; i++)
    obj_hit(objs[i]);
}
void hit_array(struct obj *objs, int n) {
  for (int i = 0; i < n; i++)
    obj_hit(&objs[i]);
}

// Negative 5: the callee blocks (writes to a descriptor) anyway.
NOINLINE void log_line(struct ctx *c, const char *s, size_t len) {
  pthread_mutex_lock(&c->q.lock);
  // CHECK: locks_loop_callee.c:[[@LINE+1]]:3: remark: write() file or socket I/O while holding 'ctx::q'
  write(c->fd, s, len);
  pthread_mutex_unlock(&c->q.lock);
}
void log_all(struct ctx *c, const char **lines, const size_t *lens, int n) {
  for (int i = 0; i < n; i++)
    log_line(c, lines[i], lens[i]);
}

// Negative 6: the lock is left to the caller (a lock wrapper), so the caller
// holds it around the loop: nothing is taken per iteration.
NOINLINE void q_lock(struct queue *q) { pthread_mutex_lock(&q->lock); }
NOINLINE void q_unlock(struct queue *q) { pthread_mutex_unlock(&q->lock); }
void enq_locked(struct queue *q, struct item *items, int n) {
  q_lock(q);
  for (int i = 0; i < n; i++) {
    items[i].next = NULL;
    *q->tail = &items[i];
    q->tail = &items[i].next;
  }
  q_unlock(q);
}

// Negative 7: the callee's result decides whether the loop goes round again
// (wait until the state changes, then read it again): a wait, not a batch.
NOINLINE int q_wait_change(struct queue *q, int version) {
  int changed;
  pthread_mutex_lock(&q->lock);
  changed = q->len != version;
  if (!changed)
    q->len++;
  pthread_mutex_unlock(&q->lock);
  return changed;
}
int get_version(struct queue *q);
int poll_ids(struct queue *q, int *out) {
  int version, n = 0;
  do {
    version = get_version(q);
    n += out[version & 7];
    if (n > 100)
      return n;
  } while (!q_wait_change(q, version));
  return 0;
}

// Negative 8: the callee finds the object whose lock it takes (a lookup by
// the element): a field lock of an object the caller never names.
struct obj *obj_lookup(struct obj **table, int key);
NOINLINE void hit_key(struct obj **table, int key) {
  struct obj *o = obj_lookup(table, key);
  pthread_mutex_lock(&o->lock);
  o->hits++;
  pthread_mutex_unlock(&o->lock);
}
void hit_keys(struct obj **table, const int *keys, int n) {
  for (int i = 0; i < n; i++)
    hit_key(table, keys[i]);
}

// Negative 9: the callee holds the lock around a loop of its own (it waits
// until its request is done, LevelDB's TEST_CompactRange under mutex_): the
// lock pair is not what each call costs.
struct job { pthread_mutex_t lock; int done, queued; };
void kick(struct job *j);
NOINLINE void run_level(struct job *j, int level) {
  pthread_mutex_lock(&j->lock);
  j->queued = level;
  while (!j->done)
    kick(j);
  pthread_mutex_unlock(&j->lock);
}
void run_levels(struct job *j, int max_level) {
  for (int level = 0; level < max_level; level++)
    run_level(j, level);
}

// Negative 10: the callee takes the lock in a loop of its own (once per item
// of each batch): that loop is the one to change, reported inside the callee,
// not at the caller's loop over batches.
NOINLINE static void count_one(struct queue *q, struct item *it) {
  pthread_mutex_lock(&q->lock);
  q->len += it->v;
  pthread_mutex_unlock(&q->lock);
}
NOINLINE void send_batch(struct queue *q, struct item *batch) {
  for (struct item *it = batch; it; it = it->next)
    // CHECK: locks_loop_callee.c:[[@LINE+1]]:5: remark: 'queue::lock' is locked and unlocked inside count_one(), called on every iteration
    count_one(q, it);
}
void send_all(struct queue *q, struct item **batches, int n) {
  for (int i = 0; i < n; i++)
    send_batch(q, batches[i]);
}

// Negative 11: the callee takes the lock only when a flag it is passed says
// so (`if (changed && notify)`), and the loop passes 0.
struct cache { pthread_mutex_t cnd_lock; int gen; };
NOINLINE int cache_update(struct cache *c, struct item *it, int notify) {
  int changed = it->v != c->gen;
  c->gen += it->v;
  if (changed && notify) {
    pthread_mutex_lock(&c->cnd_lock);
    c->gen++;
    pthread_mutex_unlock(&c->cnd_lock);
  }
  return changed;
}
int update_all(struct cache *c, struct item *items, int n) {
  int changes = 0;
  for (int i = 0; i < n; i++)
    changes += cache_update(c, &items[i], 0);
  return changes;
}

// Negative 12: the callee takes the lock behind one branch nothing predicts
// (half of its calls by the compiler's estimate): not "on most calls".
NOINLINE void q_enq_some(struct queue *q, struct item *it) {
  if (it->v > q->len) {
    pthread_mutex_lock(&q->lock);
    q->len = it->v;
    pthread_mutex_unlock(&q->lock);
  }
}
void some_batch(struct queue *q, struct item *items, int n) {
  for (int i = 0; i < n; i++)
    q_enq_some(q, &items[i]);
}
