// heap-escape, positive: buffers returned to the caller, directly, through a
// phi with NULL (cond ? malloc : NULL) and through a cast; the functions'
// summaries say returns_allocation.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *make_label(int id) {
    // REMARK: escape_heap_return.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(32) in make_label() escapes via return: the caller owns it; it must stay on the heap [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=make_label at=escape_heap_return.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=malloc bytes=32 {{.*}}freed_on_all_paths=False loop_depth=0 target=return via=return
    char *s = malloc(32);
    snprintf(s, 32, "label-%d", id);
    return s;
}

char *maybe_copy(const char *src, int want) {
    // REMARK: escape_heap_return.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(64) in maybe_copy() escapes via return{{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=maybe_copy {{.*}}via=return
    char *p = want ? malloc(64) : NULL;
    if (p)
        strncpy(p, src, 63);
    return p;
}

void *dup_bytes(const void *src, size_t n) {
    // REMARK: escape_heap_return.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(n) in dup_bytes() escapes via return{{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=dup_bytes {{.*}}bytes=None {{.*}}via=return
    unsigned char *d = malloc(n);
    memcpy(d, src, n);
    return (void *)d;
}

// JSON: SUMMARY dup_bytes allocates=True {{.*}}returns_allocation=True
// JSON: SUMMARY make_label allocates=True {{.*}}returns_allocation=True
// JSON: SUMMARY maybe_copy allocates=True {{.*}}returns_allocation=True
