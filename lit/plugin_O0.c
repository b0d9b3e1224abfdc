// At -O0 the pass still runs (isRequired): every function is optnone and the
// model says so; the findings file records optnone.
// RUN: rm -rf %t.d
// RUN: env PERFADVISE_DUMP_MODEL=1 PERFADVISE_OUTPUT_DIR=%t.d %clang -O0 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t.d/*.json
// CHECK: function f (f) params=1 optnone
// CHECK: lock pthread_mutex_lock
// JSON: "optnone": true
#include <pthread.h>
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int f(int x) { pthread_mutex_lock(&m); x++; pthread_mutex_unlock(&m); return x; }
