// loop-realloc-growth negative: a buffer kept in an object across calls
// (a tokenizer cursor's token buffer: SQLite unicodeNext, fts3/fts5 segment
// arrays) grown by a constant only when full. Its capacity stays with the
// object: later calls reuse it, so the growth is paid once over the
// object's life, not on every call. The same growth of a buffer local to
// the call (lit/loopalloc_realloc_capstep.c) is still reported.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

struct cursor {
    char *tok;
    size_t n_alloc;
};

int next_token(struct cursor *c, const char *in, size_t n) {
    size_t len = 0;
    for (size_t i = 0; i < n && in[i] != ' '; i++) {
        if (len + 4 >= c->n_alloc) {
            char *z = realloc(c->tok, c->n_alloc + 64);
            if (!z)
                return -1;
            c->tok = z;
            c->n_alloc += 64;
        }
        c->tok[len++] = in[i];
    }
    return (int)len;
}

// The same growth of a cursor made by this call: every call starts from an
// empty buffer and pays every step again.
struct cursor *tokenize(const char *in, size_t n) {
    struct cursor *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (len + 4 >= c->n_alloc) {
            char *z = realloc(c->tok, c->n_alloc + 64);
            // CHECK: loopalloc_realloc_kept_buffer.c:[[@LINE-1]]:23: remark: realloc grows the buffer by 64 bytes at a time
            // JSON: FINDING loop-realloc-growth fn=tokenize
            if (!z)
                break;
            c->tok = z;
            c->n_alloc += 64;
        }
        c->tok[len++] = in[i];
    }
    return c;
}
