// One allocation that two analyses report (an allocation in a loop, made
// while holding a lock) is one report entry with both pieces of advice: the
// surest, highest-ranked finding leads, and its message and evidence
// (`also_reported`) carry the other's. Not folded: two findings of one
// function on different lines, and one line reported in two functions.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %perfadvise report %t.d --top 20 | FileCheck %s
// RUN: %perfadvise report %t.d --format json | %python -c "import json,sys; d=json.load(sys.stdin); [print('ALSO', f['kind'], f['location']['line'], [(o['kind'], o['id'] != '') for o in f['evidence'].get('also_reported', [])]) for f in d['findings']]" | FileCheck %s --check-prefix=JSON
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void use(char *p);
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void locked_loop(int n) {
  pthread_mutex_lock(&mu);
  for (int i = 0; i < n; i++) {
    char *p = malloc(64);
    memset(p, i, 64);
    use(p);
    free(p);
  }
  pthread_mutex_unlock(&mu);
}

void two_lines(int n) {
  pthread_mutex_lock(&mu);
  char *q = malloc(32);
  pthread_mutex_unlock(&mu);
  use(q);
  for (int i = 0; i < n; i++) {
    char *p = malloc(64);
    memset(p, i, 64);
    use(p);
    free(p);
  }
  free(q);
}

// CHECK: 3 findings
// CHECK-DAG: alloc-under-lock {{.*}}advisor_site_fold.c:21  locked_loop()
// CHECK-DAG: malloc allocates while holding 'mu': {{.*}}; also reported here as loop-alloc: malloc(64) runs once per iteration of a loop {{.*}}allocate the buffer once before the loop and reuse it{{$}}
// CHECK-DAG: alloc-under-lock {{.*}}advisor_site_fold.c:31  two_lines()
// CHECK-DAG: loop-alloc {{.*}}advisor_site_fold.c:35  two_lines()
// JSON-DAG: ALSO alloc-under-lock 21 [('loop-alloc', True)]
// JSON-DAG: ALSO alloc-under-lock 31 []
// JSON-DAG: ALSO loop-alloc 35 []
