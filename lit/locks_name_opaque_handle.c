// A lock reached from an opaque handle cast to the type behind it
// (`Vdbe *v = (Vdbe *)pStmt; sqlite3_mutex_enter(v->db->mutex)`, SQLite's
// sqlite3_stmt_explain and sqlite3_expanded_sql) is named after the typed
// variable's member, 'conn::mutex', as where the connection is handed in
// directly. Before, the parameter's type (a struct declared but never
// defined) was the first the debug records gave, its members could not be
// read, and the lock was 'unknown lock in explain()', which a reader cannot
// check.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <stdlib.h>

typedef struct handle handle; /* declared, never defined here */

struct conn {
  pthread_mutex_t mutex;
  char *buf;
};

struct stmt {
  int mode;
  struct conn *db;
};

// CHECK-DAG: locks_name_opaque_handle.c:[[@LINE+5]]:{{[0-9]+}}: remark: malloc allocates while holding 'conn::mutex'
void explain(handle *h, int mode) {
  struct stmt *v = (struct stmt *)h;
  pthread_mutex_lock(&v->db->mutex);
  v->mode = mode;
  v->db->buf = malloc(64);
  pthread_mutex_unlock(&v->db->mutex);
}

/* The same connection handed in typed. */
// CHECK-DAG: locks_name_opaque_handle.c:[[@LINE+3]]:{{[0-9]+}}: remark: malloc allocates while holding 'conn::mutex'
void direct(struct conn *c) {
  pthread_mutex_lock(&c->mutex);
  c->buf = malloc(64);
  pthread_mutex_unlock(&c->mutex);
}
