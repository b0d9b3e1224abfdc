// blocking-under-lock where the blocking work is what the lock is for: a
// locked wrapper whose critical section holds nothing but the call (the
// lock serialises it, as libusb's scan of the devices), and a call whose
// operands are read under the lock from the lock's own object (a writer
// thread writing the buffer handed over under its mutex, an fsync of the
// environment's file under its sync mutex). "Move the call out of the
// critical section" does not fit either: the findings stay, with low
// confidence and the reason, without a remark, and the default report
// leaves them out.
// Beside them, the same calls where moving them out is the fix keep their
// confidence.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %perfadvise report --no-progress --format json %t.d | %report-list | FileCheck %s --check-prefix=REPORT --implicit-check-not=FINDING
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t hotplug_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = 2;
static long scanned, events;

__attribute__((noinline)) static int scan_devices(const char *root) {
  char buf[256];
  int fd = open(root, O_RDONLY);
  if (fd < 0)
    return -1;
  int n = (int)read(fd, buf, sizeof buf);
  close(fd);
  return n;
}

// Negative 1: a locked wrapper. The section is the call; the lock exists
// to serialise it with another thread's use of the same devices.
int scan_locked(const char *root) {
  pthread_mutex_lock(&hotplug_lock);
  int n = scan_devices(root);
  pthread_mutex_unlock(&hotplug_lock);
  return n;
}

// Positive 1: the same scan, in a section that also updates what the lock
// guards: the scan does not need the lock, the counter does.
int scan_and_count(const char *root) {
  pthread_mutex_lock(&stats_lock);
  scanned++;
  // CHECK: locks_blocking_guarded.c:[[@LINE+1]]:11: remark: scan_devices() may block (file I/O) while holding 'locks_blocking_guarded.c:stats_lock'
  int n = scan_devices(root);
  events += n;
  pthread_mutex_unlock(&stats_lock);
  return n;
}

struct copier {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int fd;
  int pending;
  int done;
  char *buf[2];
  size_t len[2];
};

// Negative 2: the writer thread of a double buffer writes what the
// producer handed over under the mutex; the buffer, its length and the
// file are the object's own state.
void *copy_writer(void *arg) {
  struct copier *c = arg;
  int toggle = 0;
  pthread_mutex_lock(&c->mu);
  for (;;) {
    while (!c->pending)
      pthread_cond_wait(&c->cv, &c->mu);
    if (c->done)
      break;
    if (write(c->fd, c->buf[toggle], c->len[toggle]) < 0)
      break;
    toggle ^= 1;
    c->pending--;
    pthread_cond_signal(&c->cv);
  }
  pthread_mutex_unlock(&c->mu);
  return NULL;
}

struct env {
  pthread_mutex_t sync_mu;
  int fd;
  long synced;
};

// Negative 3: a sync mutex around the fsync of the environment's file and
// the note of what was synced.
void env_sync(struct env *e, long txn) {
  pthread_mutex_lock(&e->sync_mu);
  if (e->synced < txn) {
    fsync(e->fd);
    e->synced = txn;
  }
  pthread_mutex_unlock(&e->sync_mu);
}

// Positive 2: the environment's counter is guarded, but the log line goes
// to a file the lock does not guard: write it after unlocking.
void env_note(struct env *e, long txn, const char *msg, size_t len) {
  pthread_mutex_lock(&e->sync_mu);
  e->synced = txn;
  // CHECK: locks_blocking_guarded.c:[[@LINE+1]]:3: remark: write() file or socket I/O while holding 'env::sync_mu'
  write(log_fd, msg, len);
  pthread_mutex_unlock(&e->sync_mu);
}

// Positive 3: a sleep alone in a section is still a sleep under a lock.
void backoff(void) {
  pthread_mutex_lock(&hotplug_lock);
  // CHECK: locks_blocking_guarded.c:[[@LINE+1]]:3: remark: usleep() sleeps while holding 'locks_blocking_guarded.c:hotplug_lock'
  usleep(100);
  pthread_mutex_unlock(&hotplug_lock);
}

// JSON-DAG: FINDING blocking-under-lock fn=scan_locked {{.*}}confidence=low confidence_reason=the critical section holds nothing but this call
// JSON-DAG: FINDING blocking-under-lock fn=scan_and_count {{.*}}confidence=medium
// JSON-DAG: FINDING blocking-under-lock fn=copy_writer {{.*}}confidence=low confidence_reason=the call works on the state the lock guards
// JSON-DAG: FINDING blocking-under-lock fn=env_sync {{.*}}confidence=low confidence_reason=the call works on the state the lock guards
// JSON-DAG: FINDING blocking-under-lock fn=env_note {{.*}}confidence=high
// JSON-DAG: FINDING blocking-under-lock fn=backoff {{.*}}confidence=high

// REPORT: FILES 1 SKIPPED 0
// REPORT-DAG: FINDING blocking-under-lock backoff
// REPORT-DAG: FINDING blocking-under-lock env_note
// REPORT-DAG: FINDING blocking-under-lock scan_and_count
