// heap-escape, negative: passing a buffer to functions of the same file is no
// escape when their summaries show they do not keep it (checksum reads it,
// destroy frees it: frees_params=[0]); the buffer is a stack candidate.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape --implicit-check-not=escapes
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static int checksum(const char *p, int n) {
    int s = 0;
    for (int i = 0; i < n; i++)
        s += p[i];
    return s;
}

__attribute__((noinline)) void destroy(char *p) {
    puts("destroy");
    free(p);
}

int sum_line(int x) {
    // REMARK: escape_noescape_local_callee.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(80) in sum_line() does not escape and is freed on every path: use a 80-byte stack array (char buf[80]) instead of the heap [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=sum_line {{.*}}bytes=80 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True
    char *buf = malloc(80);
    snprintf(buf, 80, "%d %d", x, x * 7);
    int s = checksum(buf, 80);
    destroy(buf);
    return s;
}

// JSON: SUMMARY checksum allocates=False {{.*}}captures_params=[] {{.*}}frees_params=[]
// JSON: SUMMARY destroy allocates=False {{.*}}captures_params=[] {{.*}}frees_params=[0]
