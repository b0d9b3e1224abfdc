// heap-to-stack, positive: a buffer allocated and freed inside one loop
// iteration (still a candidate: its lifetime is one iteration), and a
// posix_memalign out-parameter whose failure branch allocates nothing.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int render(int n) {
    int total = 0;
    for (int i = 0; i < n; i++) {
        // REMARK: escape_stack_loop.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(128) in render() does not escape and is freed on every path: use a 128-byte stack array (char buf[128]) instead of the heap [-Rpass-missed=perfadvise-escape]
        // JSON: FINDING heap-to-stack fn=render at=escape_stack_loop.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=malloc bytes=128 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True loop_depth=1
        char *row = malloc(128);
        if (!row)
            break;
        snprintf(row, 128, "row %d", i);
        total += (int)strlen(row);
        free(row);
    }
    return total;
}

int aligned(int x) {
    void *p;
    // REMARK: escape_stack_loop.c:[[@LINE+2]]:{{[0-9]+}}: remark: posix_memalign(256) in aligned() does not escape and is freed on every path: use an aligned 256-byte stack array (_Alignas(64) char buf[256]) instead of the heap [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=aligned at=escape_stack_loop.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=posix_memalign bytes=256 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True loop_depth=0
    if (posix_memalign(&p, 64, 256) != 0)
        return -1;
    memset(p, x, 256);
    ((char *)p)[255] = 0;
    int r = puts(p);
    free(p);
    return r;
}
