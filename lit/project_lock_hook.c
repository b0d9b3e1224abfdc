// A lock primitive the configuration names is a global function pointer
// (a hook set at start-up): a function that calls it only through a static
// helper still holds the lock, and the I/O under it is reported. The lock
// phase reads only the functions that can reach a lock, found from the
// module's use lists: a hook's callers through the loads of the hook, the
// helper's callers through its calls. Without the file nothing is reported.
// RUN: env PERFADVISE_CONFIG=%S/Inputs/config/lock_hooks.perfadvise %clang -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}1{{$}}
// RUN: env PERFADVISE_CONFIG=none %clang -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty
// NONE-NOT: remark:
#include <stddef.h>
#include <unistd.h>

struct conn {
  int fd;
  char mu[40];
};
extern void (*app_lock_hook)(void *);
extern void (*app_unlock_hook)(void *);

static void conn_enter(struct conn *c) { app_lock_hook(c->mu); }
static void conn_leave(struct conn *c) { app_unlock_hook(c->mu); }

int conn_flush(struct conn *c, const char *buf, size_t n) {
  conn_enter(c);
  // CHECK: project_lock_hook.c:[[@LINE+1]]:{{[0-9]+}}: remark: write() file or socket I/O while holding 'conn::mu'
  int r = (int)write(c->fd, buf, n);
  conn_leave(c);
  return r;
}

// Not a finding: the same write outside the lock.
int conn_flush_unlocked(struct conn *c, const char *buf, size_t n) {
  int r = (int)write(c->fd, buf, n);
  conn_enter(c);
  conn_leave(c);
  return r;
}
