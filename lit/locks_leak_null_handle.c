// A function that locks a handle's mutex and returns with it held, for its
// caller to release, except when the handle itself is NULL (SQLite's
// columnMem: `if (pVm == 0) return ...; sqlite3_mutex_enter(pVm->db->mutex);
// ... return pOut;`, released by columnMallocFailure when the handle is
// not NULL): on the NULL path there is no lock to hold. It acquires for its
// caller like a function that locks on every path, and is no
// lock-held-at-return; its callers hold the lock after it (user), and
// neither is forgot(), which never unlocks: as
// without its NULL test, a function that keeps a lock on every path is
// taken to acquire it for its caller. Still reported: a path that releases
// the lock and another that keeps it (get), a NULL test of a pointer the
// lock is not reached from (column_hint), and a trylock that may fail
// beside a lock that cannot (column_try).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d PERFADVISE_CONFIG=%S/Inputs/config/handles.perfadvise %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <stdlib.h>

typedef struct mx mx;
void mx_enter(mx *);
void mx_leave(mx *);

typedef struct conn { mx *mutex; int err; } conn;
typedef struct stmt { conn *db; int row[8]; } stmt;

static int null_value;
int counter;

int *column(stmt *s, int i) {
  if (s == 0)
    return &null_value;
  mx_enter(s->db->mutex);
  if (i < 0 || i >= 8) {
    s->db->err = 1;
    return &null_value;
  }
  return &s->row[i];
}

void column_done(stmt *s) {
  if (s)
    mx_leave(s->db->mutex);
}

/* Its callers hold the lock from column() to column_done(). */
void *gp;
int user(stmt *s) {
  int v = *column(s, 1);
  // CHECK: locks_leak_null_handle.c:[[@LINE+1]]:{{[0-9]+}}: remark: malloc allocates while holding 'conn::mutex'
  gp = malloc(100);
  column_done(s);
  return v;
}

void forgot(stmt *s, int v) {
  if (!s)
    return;
  mx_enter(s->db->mutex);
  s->row[0] = v;
}

int get(stmt *s, int i) {
  // CHECK: locks_leak_null_handle.c:[[@LINE+1]]:{{[0-9]+}}: remark: get() can return with 'conn::mutex' still locked
  mx_enter(s->db->mutex);
  if (i < 0)
    return -1;
  counter += s->row[i & 7];
  mx_leave(s->db->mutex);
  return 0;
}

int *column_hint(stmt *s, int *hint) {
  if (hint == 0)
    return 0;
  // CHECK: locks_leak_null_handle.c:[[@LINE+1]]:{{[0-9]+}}: remark: column_hint() can return with 'conn::mutex' still locked
  mx_enter(s->db->mutex);
  counter += *hint;
  return hint;
}

/* pthread's trylock: non-zero when busy. */
struct pconn { pthread_mutex_t m; };
struct pstmt { struct pconn *db; int row[8]; };

int *column_try(struct pstmt *s, int i) {
  if (s == 0)
    return 0;
  if (i > 3) {
    // CHECK: locks_leak_null_handle.c:[[@LINE+1]]:{{[0-9]+}}: remark: column_try() can return with 'pconn::m' still locked
    if (pthread_mutex_trylock(&s->db->m)) {
      counter++;
      return &counter;
    }
  } else {
    pthread_mutex_lock(&s->db->m);
  }
  return &s->row[i & 7];
}
