// heap-to-stack, negative: buffers that do not escape but must not be moved
// to the stack: non-constant size (malloc(n), strdup) and over the 1024-byte
// default limit (4096, and 1025 just past the boundary). They get an analysis
// remark (no-escape) with the reason instead.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape --implicit-check-not="does not escape and is"
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int format_n(int n) {
    // REMARK: escape_nostack_size.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(n) in format_n() does not escape, but its size is not a compile-time constant: it stays on the heap {{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=format_n at=escape_nostack_size.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=malloc bytes=None {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True loop_depth=0 reason=non-constant size via=None
    char *buf = malloc(n);
    if (!buf)
        return -1;
    snprintf(buf, n, "%d", n);
    int r = puts(buf);
    free(buf);
    return r;
}

int big(int x) {
    // REMARK: escape_nostack_size.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(4096) in big() does not escape, but 4096 bytes is over the 1024-byte stack limit: it stays on the heap {{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=big at=escape_nostack_size.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}bytes=4096 {{.*}}reason=larger than 1024 bytes
    char *buf = malloc(4096);
    if (!buf)
        return -1;
    memset(buf, x, 4096);
    buf[4095] = 0;
    int r = puts(buf);
    free(buf);
    return r;
}

int just_over(int x) {
    // REMARK: escape_nostack_size.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(1025) in just_over() does not escape, but 1025 bytes is over the 1024-byte stack limit{{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=just_over {{.*}}bytes=1025 {{.*}}reason=larger than 1024 bytes
    char *buf = malloc(1025);
    memset(buf, x, 1025);
    buf[1024] = 0;
    int r = puts(buf);
    free(buf);
    return r;
}

int copy(const char *s) {
    // REMARK: escape_nostack_size.c:[[@LINE+2]]:{{[0-9]+}}: remark: strdup() in copy() does not escape, but its size is not a compile-time constant{{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=copy {{.*}}allocator=strdup bytes=None {{.*}}reason=non-constant size
    char *d = strdup(s);
    int r = puts(d);
    free(d);
    return r;
}
