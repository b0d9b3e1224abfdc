// heap-escape, negative: C library calls that only use the pointer during the
// call (strncpy, strchr, strlen, memset, memcpy, puts: nocapture, or
// returning a pointer into the same buffer) are not escapes; both buffers are
// stack candidates and get no heap-escape remark.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape --implicit-check-not=escapes
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fields(const char *line) {
    // REMARK: escape_noescape_libc.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(256) in fields() does not escape and is freed on every path: use a 256-byte stack array (char buf[256]) instead of the heap [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=fields {{.*}}bytes=256 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True
    char *buf = malloc(256);
    if (!buf)
        return -1;
    strncpy(buf, line, 255);
    buf[255] = 0;
    char *colon = strchr(buf, ':');
    int r = colon ? colon[1] : (int)strlen(buf);
    memset(buf, 0, 16);
    puts(buf + 16);
    free(buf);
    return r;
}

int copy_out(char *dst, const char *src) {
    // REMARK: escape_noescape_libc.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(100) in copy_out() does not escape and is freed on every path: use a 100-byte stack array (char buf[100]) instead of the heap [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=copy_out {{.*}}bytes=100 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True
    char *tmp = malloc(100);
    memcpy(tmp, src, 100);
    tmp[99] = 0;
    puts(tmp);
    memcpy(dst, tmp, 100);
    free(tmp);
    return 0;
}
