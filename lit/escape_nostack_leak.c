// heap-to-stack, negative: buffers that do not escape but are not freed on
// every path (leak on the early return), are grown with realloc, or live
// from one loop iteration into the next (freed as `prev` one iteration later).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape --implicit-check-not="does not escape and is"
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int leaky(int x) {
    // REMARK: escape_nostack_leak.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(64) in leaky() does not escape, but it is not freed on every path (it leaks on some path): free it on every path, or better, make it a stack array [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=leaky at=escape_nostack_leak.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=malloc bytes=64 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=False loop_depth=0 reason=not freed on every path
    char *buf = malloc(64);
    snprintf(buf, 64, "%d", x);
    int r = puts(buf);
    if (r < 0)
        return r;
    free(buf);
    return 0;
}

int grows(int x) {
    // REMARK: escape_nostack_leak.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(16) in grows() does not escape, but it is resized with realloc later: it stays on the heap {{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=grows at=escape_nostack_leak.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}reason=reallocated
    char *buf = malloc(16);
    snprintf(buf, 16, "%d", x);
    puts(buf);
    // REMARK: escape_nostack_leak.c:[[@LINE+2]]:{{[0-9]+}}: remark: realloc(512) in grows() does not escape, but it resizes an existing buffer: it stays on the heap [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=grows at=escape_nostack_leak.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=realloc bytes=512 {{.*}}reason=resizes an existing buffer
    char *bigger = realloc(buf, 512);
    if (!bigger) {
        free(buf);
        return -1;
    }
    snprintf(bigger, 512, "%d%d", x, x);
    int r = puts(bigger);
    free(bigger);
    return r;
}

int rotate(int n) {
    char *prev = NULL;
    int r = 0;
    for (int i = 0; i < n; i++) {
        // REMARK: escape_nostack_leak.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(32) in rotate() does not escape, but it is allocated in a loop and lives past the iteration: allocate it once before the loop and reuse it [-Rpass-analysis=perfadvise-escape]
        // JSON: FINDING no-escape fn=rotate at=escape_nostack_leak.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}freed_on_all_paths=True loop_depth=1 reason=lifetime crosses loop iterations
        char *cur = malloc(32);
        snprintf(cur, 32, "%d", i);
        if (prev)
            r += puts(prev);
        free(prev);
        prev = cur;
    }
    free(prev);
    return r;
}
