// heap-to-stack, positive: a user allocation wrapper (returns fresh memory on
// every path: summary returns_allocation) called with a constant size, and a
// user release function (summary frees_params=[0]) standing in for free().
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void *xmalloc(size_t n) {
    // REMARK: escape_stack_wrapper.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(n) in xmalloc() escapes via return: the caller owns it; it must stay on the heap [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=xmalloc {{.*}}allocator=malloc bytes=None {{.*}}target=return via=return
    void *p = malloc(n);
    if (!p)
        abort();
    return p;
}

__attribute__((noinline)) void release(char *p) {
    if (!p)
        return;
    free(p);
}

int greet(const char *who) {
    // REMARK: escape_stack_wrapper.c:[[@LINE+2]]:{{[0-9]+}}: remark: xmalloc(48) in greet() does not escape and is freed on every path: use a 48-byte stack array (char buf[48]) instead of the heap [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=greet at=escape_stack_wrapper.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=xmalloc bytes=48 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True {{.*}}wrapper=True
    char *msg = xmalloc(48);
    snprintf(msg, 48, "hello %s", who);
    int r = puts(msg);
    free(msg);
    return r;
}

int shout(const char *who) {
    // REMARK: escape_stack_wrapper.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(40) in shout() does not escape and is freed on every path: use a 40-byte stack array (char buf[40]) instead of the heap [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=shout at=escape_stack_wrapper.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=malloc bytes=40 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True
    char *msg = malloc(40);
    snprintf(msg, 40, "HEY %s", who);
    int r = puts(msg);
    release(msg);
    return r;
}

// JSON: SUMMARY release {{.*}}frees_params=[0] {{.*}}returns_allocation=False
// JSON: SUMMARY xmalloc allocates=True {{.*}}returns_allocation=True
