// heap-escape, positive: stored into a global (named), into a struct reached
// through a parameter and through a loaded pointer (heap), and converted to
// an integer (ptrtoint: unknown, treated as escaping).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct conn { int fd; char *buf; };
char *g_last;
uintptr_t g_bits;

void remember(int x) {
    // REMARK: escape_heap_store.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(16) in remember() escapes via a store to global 'g_last': it outlives the call; it must stay on the heap [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=remember at=escape_heap_store.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}escape_at.line=[[@LINE+3]] {{.*}}target=g_last via=global
    char *p = malloc(16);
    snprintf(p, 16, "%d", x);
    g_last = p;
}

void attach(struct conn *c) {
    // REMARK: escape_heap_store.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(256) in attach() escapes via a store into memory pointed to by parameter 'c': that memory keeps it; it must stay on the heap [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=attach {{.*}}target=memory pointed to by parameter 'c' via=heap
    char *b = malloc(256);
    snprintf(b, 256, "conn %d", c->fd);
    c->buf = b;
}

void hide(int x) {
    // REMARK: escape_heap_store.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(8) in hide() may escape (used by an instruction perfadvise does not model (e.g. ptrtoint)): perfadvise cannot follow it, so it is treated as escaping and must stay on the heap [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=hide {{.*}}via=unknown
    char *p = malloc(8);
    snprintf(p, 8, "%d", x);
    g_bits = (uintptr_t)p;
}

void chain(struct conn **slot, int x) {
    // REMARK: escape_heap_store.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(24) in chain() escapes via a store into memory reached through a loaded pointer{{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=chain {{.*}}target=memory reached through a loaded pointer via=heap
    char *p = malloc(24);
    snprintf(p, 24, "%d", x);
    (*slot)->buf = p;
}
