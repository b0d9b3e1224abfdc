// One allocation that two analyses report (an allocation in a loop, made
// while holding a lock) is one report entry with both pieces of advice: the
// higher-priority finding leads, and its message and evidence
// (`also_reported`) carry the other's. Not folded: two findings of one
// function on different lines. The fold runs on what the report shows, so a
// finding hidden by a filter (an ignore comment, a confidence below the one
// asked for, a baseline) neither hides the other nor shows through it.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out %t.d/low
// RUN: cd %t.d && cp %s site.c && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -c site.c -o site.o
// RUN: %perfadvise report %t.d/out --top 20 | FileCheck %s
// RUN: %perfadvise report %t.d/out --format json | %python -c "import json,sys; d=json.load(sys.stdin); [print('ALSO', f['kind'], f['location']['line'], [(o['kind'], o['id'] != '') for o in f['evidence'].get('also_reported', [])]) for f in d['findings']]" | FileCheck %s --check-prefix=JSON
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

void ignored_lock(int n) {
  pthread_mutex_lock(&mu);
  for (int i = 0; i < n; i++) {
    // perfadvise: ignore alloc-under-lock
    char *p = malloc(64);
    memset(p, i, 64);
    use(p);
    free(p);
  }
  pthread_mutex_unlock(&mu);
}

// CHECK: 6 findings
// CHECK-NEXT: 2 findings silenced
// CHECK-DAG: alloc-under-lock {{.*}}site.c:23  locked_loop()
// CHECK-DAG: malloc allocates while holding 'mu': {{.*}}; also reported here as loop-alloc: malloc(64) runs once per iteration of a loop {{.*}}allocate the buffer once before the loop and reuse it{{$}}
// CHECK-DAG: alloc-under-lock {{.*}}site.c:33  two_lines()
// CHECK-DAG: loop-alloc {{.*}}site.c:37  two_lines()
// The loop-alloc the ignore comment does not name stays, alone.
// CHECK-DAG: loop-alloc {{.*}}site.c:49  ignored_lock()
// CHECK-DAG: malloc(64) runs once per iteration of a loop (depth 1, trip count n): ~{{[0-9]+}} calls per call of ignored_lock(); allocate the buffer once before the loop and reuse it{{$}}
// JSON-DAG: ALSO alloc-under-lock 23 [('loop-alloc', True)]
// JSON-DAG: ALSO alloc-under-lock 33 []
// JSON-DAG: ALSO loop-alloc 37 []
// JSON-DAG: ALSO loop-alloc 49 []
//
// The loop-alloc of locked_loop made low confidence: the default report
// shows the lock finding alone and counts the other as hidden; asked for,
// the low one is folded and says so.
// RUN: %python -c "import json,glob,sys; p=glob.glob(sys.argv[1]+'/*.json')[0]; d=json.load(open(p)); [f['evidence'].update(confidence='low', confidence_reason='test') for f in d['findings'] if f['kind']=='loop-alloc' and f['location']['line']==23]; json.dump(d, open(sys.argv[2]+'/site.json','w'))" %t.d/out %t.d/low
// RUN: %perfadvise report %t.d/low --no-ignore | FileCheck %s --check-prefix=LOW
// LOW: 6 findings
// LOW-NEXT: 1 finding below the confidence asked for
// LOW: alloc-under-lock {{.*}}site.c:23  locked_loop()
// LOW-NEXT: malloc allocates while holding 'mu': the allocator may take its own lock or fault pages inside the critical section; allocate before locking and only publish the pointer under the lock{{$}}
// RUN: %perfadvise report %t.d/low --no-ignore --confidence low | FileCheck %s --check-prefix=ASKED
// ASKED: alloc-under-lock {{.*}}site.c:23  locked_loop()
// ASKED-NEXT: {{.*}}; also reported here as loop-alloc (low confidence): malloc(64) runs once per iteration
//
// A baseline written with the fold: a later report that shows a folded
// finding alone (its lead filtered) does not call it new.
// RUN: %perfadvise report %t.d/out --format json -o %t.d/base.json
// RUN: %perfadvise report %t.d/out --baseline %t.d/base.json --kind loop-alloc | FileCheck %s --check-prefix=BASE
// BASE: 0 findings
//
// A lock group's lead folded into a costlier finding at its site takes the
// ids folded into it along (also_reported[].folded): the group's other
// line, shown alone once the site is fixed, is not new to a baseline.
// RUN: %python %S/Inputs/advisor/site_variants.py %t.d/out %t.d/boost boost 113
// RUN: %perfadvise report %t.d/boost | FileCheck %s --check-prefix=NEST
// RUN: %perfadvise report %t.d/boost --format json -o %t.d/nest.json
// RUN: %python %S/Inputs/advisor/site_variants.py %t.d/boost %t.d/fixed drop 113
// RUN: %perfadvise report %t.d/fixed --baseline %t.d/nest.json | FileCheck %s --check-prefix=BASE
//
// The same entry whatever order the findings files are read in.
// RUN: %python %S/Inputs/advisor/site_variants.py %t.d/out %t.d/split split 113
// RUN: %perfadvise report %t.d/split/1 --format json | %python -c "import json,sys; print([o['id'] for f in json.load(sys.stdin)['findings'] for o in f['evidence'].get('also_reported', [])])" > %t.d/order1
// RUN: %perfadvise report %t.d/split/2 --format json | %python -c "import json,sys; print([o['id'] for f in json.load(sys.stdin)['findings'] for o in f['evidence'].get('also_reported', [])])" > %t.d/order2
// RUN: diff %t.d/order1 %t.d/order2
// RUN: FileCheck %s --check-prefix=ORDER < %t.d/order1
// ORDER: '00000000000000aa'


void locked_twice(int n) {
  pthread_mutex_lock(&mu);
  char *hdr = malloc(16);
  use(hdr);
  for (int i = 0; i < n; i++) {
    char *p = malloc(64);
    memset(p, i, 64);
    use(p);
    free(p);
  }
  pthread_mutex_unlock(&mu);
  free(hdr);
}
// NEST: 6 findings
// NEST: loop-alloc {{.*}}site.c:113  locked_twice()
// NEST-NEXT: {{.*}}; also reported here as alloc-under-lock: malloc allocates while holding 'mu': {{.*}}; 1 more site under the same lock in this function: line 110{{$}}

// A lock group whose lead an ignore comment silences: the group's other
// line is still reported (the folds run on what the filters left).
char *g_a, *g_b;
void ignored_lead(void) {
  pthread_mutex_lock(&mu);
  // perfadvise: ignore alloc-under-lock
  g_a = malloc(4096);
  g_b = malloc(16);
  pthread_mutex_unlock(&mu);
}
// LEAD: alloc-under-lock {{.*}}site.c:[[@LINE-3]]  ignored_lead()
// LEAD-NEXT: malloc allocates while holding 'mu': {{.*}}under the lock{{$}}
// RUN: %perfadvise report %t.d/out --kind alloc-under-lock --file site.c | FileCheck %s --check-prefix=LEAD
//
// A baseline whose folded ids are malformed is an error naming the file
// and the JSON path.
// RUN: %python -c "import json,sys; json.dump({'schema': 'perfadvise-report/1', 'findings': [{'id': '0123456789abcdef', 'evidence': {'also_reported': [{'id': '0123456789abcdef', 'folded': ['XYZ']}]}}]}, open(sys.argv[1], 'w'))" %t.d/bad.json
// RUN: not %perfadvise report %t.d/out --baseline %t.d/bad.json 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: perfadvise: error: baseline {{.*}}bad.json: findings[0].evidence.also_reported[0].folded[0]: expected 16 lowercase hex digits
//
// `perfadvise explain` says where the report puts a finding: the folded
// one names the entry it joined, the lead is its own entry, and the one
// made low confidence is not listed, with the option that lists it.
// RUN: %perfadvise report %t.d/out --format json | %python -c "import json,sys; d=json.load(sys.stdin); [print(f['id'], o['id']) for f in d['findings'] for o in f['evidence'].get('also_reported', []) if f['location']['line'] == 23]" > %t.d/pair
// RUN: %perfadvise explain --no-progress $(cut -d' ' -f2 %t.d/pair) %t.d/out | FileCheck %s --check-prefix=EXPLAIN-FOLDED -DLEAD=$(cut -d' ' -f1 %t.d/pair)
// EXPLAIN-FOLDED: finding {{[0-9a-f]+}}  loop-alloc {{.*}}site.c:23
// EXPLAIN-FOLDED: in the report: part of the entry of [[LEAD]] (alloc-under-lock at {{.*}}site.c:23): the same allocation call, reported by another analysis
// RUN: %perfadvise explain --no-progress $(cut -d' ' -f1 %t.d/pair) %t.d/out | FileCheck %s --check-prefix=EXPLAIN-LEAD
// EXPLAIN-LEAD: in the report: its own entry
// RUN: %perfadvise explain --no-progress $(cut -d' ' -f2 %t.d/pair) %t.d/low | FileCheck %s --check-prefix=EXPLAIN-LOW
// EXPLAIN-LOW: in the report: not listed: below the confidence asked for (perfadvise report --confidence low lists it)
// A lock group's other site whose lead then joined an allocation call's
// entry (the boost input above) names the entry it ends in, and the fold
// that took it: the lock group, not the allocation call.
// RUN: %perfadvise report %t.d/boost --format json | %python -c "import json,sys; d=json.load(sys.stdin); [print(f['id'], i) for f in d['findings'] for o in f['evidence'].get('also_reported', []) for i in o.get('folded', [])]" > %t.d/twice
// RUN: %perfadvise explain --no-progress $(cut -d' ' -f2 %t.d/twice) %t.d/boost | FileCheck %s --check-prefix=EXPLAIN-TWICE -DENTRY=$(cut -d' ' -f1 %t.d/twice)
// EXPLAIN-TWICE: in the report: part of the entry of [[ENTRY]] ({{[a-z-]+}} at {{.*}}site.c:113): a group of sites of the same lock
// Hidden by two filters, explain names both and the options that list it.
// RUN: mkdir -p %t.d/lowtest && %python -c "import json,glob,sys; p=glob.glob(sys.argv[1]+'/*.json')[0]; d=json.load(open(p)); [f['location'].update(file=f['location']['file'].replace('site.c', 'tests/site_test.c')) for f in d['findings'] if f['kind']=='loop-alloc' and f['location']['line']==23]; json.dump(d, open(sys.argv[2]+'/site.json','w'))" %t.d/low %t.d/lowtest
// RUN: %perfadvise explain --no-progress $(cut -d' ' -f2 %t.d/pair) %t.d/lowtest | FileCheck %s --check-prefix=EXPLAIN-TWO
// EXPLAIN-TWO: in the report: not listed: below the confidence asked for, in test code (perfadvise report --confidence low --tests lists it)
