// A loop that walks objects and takes each one's own lock takes a different
// lock each time round: no lock-in-loop (the same lock per iteration, below,
// still is one). A lock reached through a `void *` argument is named by the
// variable the code gives it a type with, not 'param#0+16'.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <unistd.h>

struct part { pthread_mutex_t lock; int n; struct part *next; };
struct topic { pthread_mutex_t lock; struct part *parts; long total; };

void reset_all(struct topic *t) { /* no finding: each partition's own lock */
  for (struct part *p = t->parts; p; p = p->next) {
    pthread_mutex_lock(&p->lock);
    p->n = 0;
    pthread_mutex_unlock(&p->lock);
  }
}

void add_all(struct topic *t, const int *v, int n) {
  for (int i = 0; i < n; i++) {
    // CHECK: locks_shape_perobject.c:[[@LINE+1]]:5: remark: 'topic::lock' is locked and unlocked on every iteration of this loop
    pthread_mutex_lock(&t->lock);
    t->total += v[i];
    pthread_mutex_unlock(&t->lock);
  }
}

struct copier { int fd; pthread_mutex_t mu; char buf[64]; };
void *copy_thread(void *arg) {
  struct copier *my = arg;
  pthread_mutex_lock(&my->mu);
  // CHECK: locks_shape_perobject.c:[[@LINE+1]]:3: remark: write() file or socket I/O while holding 'copier::mu'
  write(my->fd, my->buf, sizeof my->buf);
  pthread_mutex_unlock(&my->mu);
  return 0;
}
