// Lock-order inversion: two locks taken in both orders (directly, through a
// lock wrapper, or as struct fields named from debug info) is reported once
// per cycle, at its first acquisition (the other order's site is in the
// evidence, "reverse"); one consistent order and trylock back-off stay
// silent. Every nested acquisition is a lock edge in the JSON.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefixes=REMARK,FIELD --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// At -O0 fields are named through the parameter's stack slot (its declared type).
// RUN: %clang -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | FileCheck %s --check-prefixes=REMARK,FIELD --implicit-check-not=remark:
// Without -g globals keep their names (remarks imply line tables); fields
// need debug types, so the struct pair is not reported.
// RUN: %clang -O2 %pa -Rpass-missed=perfadvise-locks -c %s -o %t1.o 2>&1 | FileCheck %s --check-prefix=NODEBUG
#include <pthread.h>

pthread_mutex_t ga = PTHREAD_MUTEX_INITIALIZER, gb = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t ge = PTHREAD_MUTEX_INITIALIZER, gf = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t gc = PTHREAD_MUTEX_INITIALIZER, gd = PTHREAD_MUTEX_INITIALIZER;
int counter;

// Positive 1: ga -> gb here, gb -> ga in ab_reverse.
void ab(void) {
  pthread_mutex_lock(&ga);
  // REMARK: locks_order.c:[[@LINE+1]]:3: remark: 'gb' is acquired while holding 'ga' here, but ab_reverse() acquires 'ga' while holding 'gb'
  pthread_mutex_lock(&gb);
  counter++;
  pthread_mutex_unlock(&gb);
  pthread_mutex_unlock(&ga);
}
void ab_reverse(void) {
  pthread_mutex_lock(&gb);
  pthread_mutex_lock(&ga);
  counter++;
  pthread_mutex_unlock(&ga);
  pthread_mutex_unlock(&gb);
}

// Positive 2: the inner lock is taken inside a lock wrapper (summary).
__attribute__((noinline)) void lock_d(void) { pthread_mutex_lock(&gd); }
__attribute__((noinline)) void unlock_d(void) { pthread_mutex_unlock(&gd); }
void cd(void) {
  pthread_mutex_lock(&gc);
  // REMARK: locks_order.c:[[@LINE+1]]:3: remark: 'locks_order.c:gd' is acquired while holding 'locks_order.c:gc' here (inside lock_d())
  lock_d();
  unlock_d();
  pthread_mutex_unlock(&gc);
}
void dc(void) {
  lock_d();
  pthread_mutex_lock(&gc);
  pthread_mutex_unlock(&gc);
  unlock_d();
}

// Positive 3: struct fields, named from debug info.
struct account { int balance; pthread_mutex_t lock; };
struct ledger { int n; pthread_mutex_t lock; };
void post(struct account *a, struct ledger *l) {
  pthread_mutex_lock(&a->lock);
  // FIELD: locks_order.c:[[@LINE+1]]:3: remark: 'ledger::lock' is acquired while holding 'account::lock' here
  pthread_mutex_lock(&l->lock);
  l->n++;
  a->balance--;
  pthread_mutex_unlock(&l->lock);
  pthread_mutex_unlock(&a->lock);
}
void audit(struct account *a, struct ledger *l) {
  pthread_mutex_lock(&l->lock);
  pthread_mutex_lock(&a->lock);
  l->n += a->balance;
  pthread_mutex_unlock(&a->lock);
  pthread_mutex_unlock(&l->lock);
}
// NODEBUG-COUNT-2: remark: {{.*}} is acquired while holding

// Negative 1: the same order everywhere.
void ef(void) {
  pthread_mutex_lock(&ge);
  pthread_mutex_lock(&gf);
  counter--;
  pthread_mutex_unlock(&gf);
  pthread_mutex_unlock(&ge);
}
void ef_again(void) {
  pthread_mutex_lock(&ge);
  pthread_mutex_lock(&gf);
  counter++;
  pthread_mutex_unlock(&gf);
  pthread_mutex_unlock(&ge);
}

// Negative 2: the reverse order only with trylock back-off: cannot deadlock.
void ba_backoff(void) {
  for (;;) {
    pthread_mutex_lock(&gb);
    if (pthread_mutex_trylock(&ga) == 0)
      break;
    pthread_mutex_unlock(&gb);
  }
  counter++;
  pthread_mutex_unlock(&ga);
  pthread_mutex_unlock(&gb);
}

// Negative 3: two instances of one struct type nested (not an order cycle).
void transfer(struct account *from, struct account *to) {
  pthread_mutex_lock(&from->lock);
  pthread_mutex_lock(&to->lock);
  from->balance--;
  to->balance++;
  pthread_mutex_unlock(&to->lock);
  pthread_mutex_unlock(&from->lock);
}

// JSON-DAG: FINDING lock-order-inversion fn=ab at=locks_order.c:{{[0-9]+}}:3 {{.*}}classes=[ga,gb] confidence=high {{.*}}cycle=[ga,gb] held=[ga] lock_class=gb
// JSON-DAG: FINDING lock-order-inversion fn=cd {{.*}}callee=lock_d 
// JSON-DAG: EDGE ga -> gb fn=ab at=locks_order.c:{{[0-9]+}}:3 via_call=false
// JSON-DAG: EDGE gb -> ga fn=ab_reverse at=locks_order.c:{{[0-9]+}}:3 via_call=false
// JSON-DAG: EDGE locks_order.c:gc -> locks_order.c:gd fn=cd at=locks_order.c:{{[0-9]+}}:3 via_call=true
// JSON-DAG: EDGE account::lock -> ledger::lock fn=post
// JSON-DAG: EDGE ge -> gf fn=ef_again
// JSON-DAG: EDGE gb -> ga fn=ba_backoff
// JSON-DAG: SUMMARY lock_d {{.*}}leaves_locked=[locks_order.c:gd] locks=[locks_order.c:gd]
// JSON-DAG: SUMMARY unlock_d {{.*}}unlocks=[locks_order.c:gd]
// JSON-NOT: FINDING lock-order-inversion fn=ab_reverse
// JSON-NOT: FINDING lock-order-inversion fn=ef
// JSON-NOT: FINDING lock-order-inversion fn=ba_backoff
// JSON-NOT: FINDING lock-order-inversion fn=transfer
