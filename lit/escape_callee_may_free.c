// heap-to-stack, negative: LLVM's nocapture is not nofree. A buffer handed to
// a callee that keeps no pointer but may free it on some path (release_if)
// is not a stack candidate and not a leak. Positive: a callee that is nofree
// (show: LLVM infers the attribute) keeps the stack suggestion.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape" --implicit-check-not="FINDING memory-leak"
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static void release_if(char *p, int done) {
    if (done)
        free(p);
}

int cond_release(int x) {
    // REMARK: escape_callee_may_free.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(32) in cond_release() does not escape, but it is passed to release_if(), which may free it: it stays on the heap [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=cond_release at=escape_callee_may_free.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}freed_by_callee=release_if {{.*}}reason=a callee may free it
    char *b = malloc(32);
    snprintf(b, 32, "%d", x);
    puts(b);
    release_if(b, x & 1);
    if (!(x & 1))
        free(b);
    return 0;
}

__attribute__((noinline)) static int show(const char *p) {
    return puts(p);
}

int shown(int x) {
    // REMARK: escape_callee_may_free.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(32) in shown() does not escape and is freed on every path: use a 32-byte stack array (char buf[32]) instead of the heap [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=shown at=escape_callee_may_free.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}freed_on_all_paths=True
    char *b = malloc(32);
    snprintf(b, 32, "%d", x);
    int r = show(b);
    free(b);
    return r;
}

// JSON: SUMMARY release_if {{.*}}frees_params=[] {{.*}}may_free_params=[0]
// JSON: SUMMARY show {{.*}}may_free_params=[]
