// heap-to-stack, positive: small constant-size malloc/calloc buffers that never
// leave the function and are freed on every path (the null path counts as freed).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// REMARK: escape_stack_malloc.c:[[@LINE+4]]:{{[0-9]+}}: remark: malloc(64) in parse_line() does not escape and is freed on every path: use a 64-byte stack array (char buf[64]) instead of the heap [-Rpass-missed=perfadvise-escape]
// JSON: FINDING heap-to-stack fn=parse_line at=escape_stack_malloc.c:[[@LINE+3]]:{{[0-9]+}} {{.*}}allocator=malloc bytes=64 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True loop_depth=0 max_stack_bytes=1024 {{(max_trip_text=[^ ]+ )?(trip_count=[^ ]+ )?(trip_text=[^ ]+ )?}}via=None
// JSON-NEXT: MESSAGE malloc(64) in parse_line() does not escape
int parse_line(const char *s) {
    char *buf = malloc(64);
    if (!buf)
        return -1;
    snprintf(buf, 64, "line: %s", s);
    puts(buf);
    int n = (int)strlen(buf);
    free(buf);
    return n;
}

// REMARK: escape_stack_malloc.c:[[@LINE+3]]:{{[0-9]+}}: remark: calloc(32) in count_words() does not escape and is freed on every path: use a zero-initialised 32-byte stack array (char buf[32] = {0}) instead of the heap {{.*}}[-Rpass-missed=perfadvise-escape]
// JSON: FINDING heap-to-stack fn=count_words at=escape_stack_malloc.c:[[@LINE+2]]:{{[0-9]+}} {{.*}}allocator=calloc bytes=32 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True
int count_words(int a, int b) {
    int *tab = calloc(8, sizeof(int));
    if (tab == NULL)
        return 0;
    snprintf((char *)tab, 32, "%d %d", a, b);
    int r = puts((const char *)tab);
    free(tab);
    return r;
}

// Boundary: exactly the default 1024-byte limit is still a candidate.
// REMARK: escape_stack_malloc.c:[[@LINE+3]]:{{[0-9]+}}: remark: malloc(1024) in at_limit() does not escape and is freed on every path: use a 1024-byte stack array {{.*}}[-Rpass-missed=perfadvise-escape]
// JSON: FINDING heap-to-stack fn=at_limit {{.*}}bytes=1024
int at_limit(int x) {
    char *p = malloc(1024);
    memset(p, x, 1024);
    p[1023] = 0;
    int r = puts(p);
    free(p);
    return r;
}
