// heap-escape, positive: passed to an external function that may keep it, to
// a function of this file that stores it in a global (its summary says
// captures_params=[0]), and to a call through a function pointer (unknown).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdio.h>
#include <stdlib.h>

void queue_push(void *item); /* external: may keep the pointer */
static void *g_kept;
__attribute__((noinline)) void keep(void *p) { g_kept = p; }
void *get_kept(void) { return g_kept; }

int submit(int x) {
    // REMARK: escape_heap_call.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(64) in submit() escapes via a call to queue_push(), which may keep the pointer: it must stay on the heap (if queue_push() only uses it during the call, make its definition visible here so the compiler can prove that) [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=submit at=escape_heap_call.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}target=queue_push via=call
    char *job = malloc(64);
    snprintf(job, 64, "job %d", x);
    queue_push(job);
    return x;
}

int stash(int x) {
    // REMARK: escape_heap_call.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(32) in stash() escapes via a call to keep(){{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=stash {{.*}}target=keep via=call
    char *p = malloc(32);
    snprintf(p, 32, "%d", x);
    keep(p);
    return x;
}

int through(void (*fn)(char *), int x) {
    // REMARK: escape_heap_call.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(16) in through() may escape (passed to an indirect call){{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=through {{.*}}freed_on_all_paths=True {{.*}}target=passed to an indirect call via=unknown
    char *p = malloc(16);
    snprintf(p, 16, "%d", x);
    fn(p);
    free(p);
    return x;
}

// JSON: SUMMARY keep allocates=False {{.*}}captures_params=[0] {{.*}}frees_params=[] {{.*}}returns_allocation=False
