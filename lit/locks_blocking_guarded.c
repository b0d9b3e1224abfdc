// blocking-under-lock where the blocking call is the only work of its
// critical section: a locked wrapper (lock; n = scan_devices(ctx); unlock;
// return n;, as libusb's linux_scan_devices) whose lock serialises the call
// with the lock's other users. "Move the call out of the critical section"
// would defeat the lock: the finding stays, with low confidence and the
// reason, without a remark, and the default report leaves it out.
// Not lowered: the same call in a section that also updates what the lock
// guards; I/O on state read under the lock (a writer thread writing the
// buffer handed over under its object's mutex, an fsync of the object's
// file under its sync mutex, a log write under a database-wide mutex),
// whose fix is to copy that state out under the lock and do the I/O after
// unlocking; and a sleep, alone or not.
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

// Positive 2: the writer thread of a double buffer writes what the
// producer handed over under the mutex, holding it across the write.
// Whether the producer would wait anyway (LMDB's mdb_env_copythr: two
// buffers) is not in the code's shape: reported as before.
void *copy_writer(void *arg) {
  struct copier *c = arg;
  int toggle = 0;
  pthread_mutex_lock(&c->mu);
  for (;;) {
    while (!c->pending)
      pthread_cond_wait(&c->cv, &c->mu);
    if (c->done)
      break;
    // CHECK: locks_blocking_guarded.c:[[@LINE+1]]:9: remark: write() file or socket I/O while holding 'copier::mu'
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

// Positive 3: a sync mutex around the fsync of the environment's file and
// the note of what was synced: the lock may exist for the fsync, but that
// is a fact of the project, not of the code's shape (silence it).
void env_sync(struct env *e, long txn) {
  pthread_mutex_lock(&e->sync_mu);
  if (e->synced < txn) {
    // CHECK: locks_blocking_guarded.c:[[@LINE+1]]:5: remark: fsync() waits for the disk while holding 'env::sync_mu'
    fsync(e->fd);
    e->synced = txn;
  }
  pthread_mutex_unlock(&e->sync_mu);
}

// Positive 4: the environment's counter is guarded, but the log line goes
// to a file the lock does not guard: write it after unlocking.
void env_note(struct env *e, long txn, const char *msg, size_t len) {
  pthread_mutex_lock(&e->sync_mu);
  e->synced = txn;
  // CHECK: locks_blocking_guarded.c:[[@LINE+1]]:3: remark: write() file or socket I/O while holding 'env::sync_mu'
  write(log_fd, msg, len);
  pthread_mutex_unlock(&e->sync_mu);
}

// Positive 5: a sleep alone in a section is still a sleep under a lock.
void backoff(void) {
  pthread_mutex_lock(&hotplug_lock);
  // CHECK: locks_blocking_guarded.c:[[@LINE+1]]:3: remark: usleep() sleeps while holding 'locks_blocking_guarded.c:hotplug_lock'
  usleep(100);
  pthread_mutex_unlock(&hotplug_lock);
}

struct db {
  pthread_mutex_t mu;
  int wal_fd;
};

// Positive 6: a log record written under the database-wide mutex, alone in
// its section: the descriptor is read under the lock, so the section does
// more than the call; write after unlocking (LevelDB releases mutex_ around
// log_->AddRecord).
long db_append(struct db *d, const char *rec, size_t len) {
  pthread_mutex_lock(&d->mu);
  // CHECK: locks_blocking_guarded.c:[[@LINE+1]]:18: remark: write() file or socket I/O while holding 'db::mu'
  long n = (long)write(d->wal_fd, rec, len);
  pthread_mutex_unlock(&d->mu);
  return n;
}

// JSON-DAG: FINDING blocking-under-lock fn=scan_locked {{.*}}confidence=low confidence_reason=the critical section holds nothing but this call
// JSON-DAG: FINDING blocking-under-lock fn=scan_and_count {{.*}}confidence=medium
// JSON-DAG: FINDING blocking-under-lock fn=copy_writer {{.*}}confidence=high
// JSON-DAG: FINDING blocking-under-lock fn=env_sync {{.*}}confidence=high
// JSON-DAG: FINDING blocking-under-lock fn=env_note {{.*}}confidence=high
// JSON-DAG: FINDING blocking-under-lock fn=backoff {{.*}}confidence=high
// JSON-DAG: FINDING blocking-under-lock fn=db_append {{.*}}confidence=high

// REPORT: FILES 1 SKIPPED 0
// REPORT-DAG: FINDING blocking-under-lock backoff
// REPORT-DAG: FINDING blocking-under-lock copy_writer
// REPORT-DAG: FINDING blocking-under-lock db_append
// REPORT-DAG: FINDING blocking-under-lock env_sync
// REPORT-DAG: FINDING blocking-under-lock env_note
// REPORT-DAG: FINDING blocking-under-lock scan_and_count
