// Static profile (issue 10, item 8): a function that returns at once when a
// global flag is set, and sets it, runs its body once per program however
// often it is called (lazy initialisation: libxml2's xmlInitializeCatalog,
// SQLite's sqlite3_initialize, called at the top of many API functions).
// The plugin marks it (summary `once`); the advisor counts its body like an
// initialisation root's, 0.001 of a call per call, and ranks what is in it
// Low and last. Not marked: a re-entrancy guard that clears its flag again
// (busy_guard), a flag the function only reads (config_check), a flag of an
// object it is given (per_object), a flag that guards only the set-up before
// the work (ensure_then_work, libxml2's __xmlRandom): their bodies run on
// every call.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s --check-prefix=FILE
// RUN: %perfadvise report %t.d --confidence low | FileCheck %s
//
// The keys print sorted: `once` would stand between these two.
// FILE-DAG: SUMMARY lazy_init {{.*}}may_free_params=[] once=True returns_allocation=False
// FILE-DAG: SUMMARY busy_guard {{.*}}may_free_params=[] returns_allocation=False
// FILE-DAG: SUMMARY config_check {{.*}}may_free_params=[] returns_allocation=False
// FILE-DAG: SUMMARY per_object {{.*}}may_free_params=[] returns_allocation=False
// FILE-DAG: SUMMARY ensure_then_work {{.*}}may_free_params=[] returns_allocation=False
//
// CHECK-DAG: MEDIUM {{.*}}loop-alloc {{.*}}config_check()
// CHECK-DAG: MEDIUM {{.*}}loop-alloc {{.*}}busy_guard()
// CHECK-DAG: MEDIUM {{.*}}loop-alloc {{.*}}per_object()
// CHECK: #4   LOW {{.*}}loop-alloc {{.*}}advisor_profile_once.c:[[@LINE+17]]  lazy_init()
// CHECK: profile: lazy_init() runs ~0.02 times per call of a root: ~20 times per call of main() at {{.*}}; main() runs once per program; lazy_init() runs its body once per program (it returns at once when a flag it sets is set): counted as 0.001 of a call
#include <stdlib.h>

void use(char *p);
int npaths;
static int initialized, busy, disabled, ready;
void setup_tables(void), work_step(void);
struct obj {
    int inited;
};

// noinline: a lazy initialiser is called from many places, not inlined.
__attribute__((noinline)) void lazy_init(void) {
    if (initialized)
        return;
    for (int i = 0; i < npaths; i++) {
        char *p = malloc(32);
        use(p);
        free(p);
    }
    initialized = 1;
}

__attribute__((noinline)) void busy_guard(void) {
    if (busy)
        return;
    busy = 1;
    for (int i = 0; i < npaths; i++) {
        char *p = malloc(32);
        use(p);
        free(p);
    }
    busy = 0;
}

__attribute__((noinline)) void config_check(void) {
    if (disabled)
        return;
    for (int i = 0; i < npaths; i++) {
        char *p = malloc(32);
        use(p);
        free(p);
    }
}

__attribute__((noinline)) void per_object(struct obj *o) {
    if (o->inited)
        return;
    for (int i = 0; i < npaths; i++) {
        char *p = malloc(32);
        use(p);
        free(p);
    }
    o->inited = 1;
}

__attribute__((noinline)) void ensure_then_work(void) {
    if (!ready) {
        setup_tables();
        ready = 1;
    }
    work_step();
}

void set_disabled(int d) { disabled = d; }

int main(int argc, char **argv) {
    (void)argv;
    struct obj objs[64] = {{0}};
    for (int i = 0; i < argc; i++) {
        lazy_init();
        busy_guard();
        config_check();
        per_object(&objs[i & 63]);
        ensure_then_work();
    }
    return 0;
}
