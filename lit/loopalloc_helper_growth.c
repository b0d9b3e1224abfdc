// loop-alloc / loop-realloc-growth through inlined helpers (issue 10 item 2).
// Negative: vec_push doubles the capacity of a vector that persists across
// calls (it lives in the caller's struct): amortised growth, rare, and
// "allocate once before the loop" does not fit a vector that already holds
// data. Positive: buf_append_exact reallocs to len + 1 on every call, so
// appending n bytes copies O(n^2): reported as quadratic at the user's loop
// line (the helper's line is the origin).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

struct vec {
    int *data;
    size_t len, cap;
};

static inline void vec_push(struct vec *v, int x) {
    if (v->len == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 16;
        int *nd = realloc(v->data, ncap * sizeof *nd);
        if (!nd)
            abort();
        v->data = nd;
        v->cap = ncap;
    }
    v->data[v->len++] = x;
}

void collect_positive(struct vec *v, const int *xs, int n) {
    for (int i = 0; i < n; i++)
        if (xs[i] > 0)
            vec_push(v, xs[i]);
}

void collect_all(struct vec *v, const int *xs, int n) {
    for (int i = 0; i < n; i++)
        vec_push(v, xs[i]);
}

struct buf {
    char *p;
    size_t len;
};

static inline void buf_append_exact(struct buf *b, char c) {
    char *np = realloc(b->p, b->len + 1);
    if (!np)
        abort();
    b->p = np;
    b->p[b->len++] = c;
}

// Exact size on some iterations only (a token vector, as in sdssplitargs).
void tokens(char ***vec, int *count, char **words, int n) {
    for (int i = 0; i < n; i++) {
        if (!words[i][0])
            continue;
        *vec = realloc(*vec, (size_t)(*count + 1) * sizeof(char *));
        // REMARK: loopalloc_helper_growth.c:[[@LINE-1]]:16: remark: realloc asks for exactly the new length each time in a loop {{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-realloc-growth fn=tokens at=loopalloc_helper_growth.c:[[@LINE-2]]:16 {{.*}}pattern=realloc-exact-size
        (*vec)[*count] = words[i];
        (*count)++;
    }
}

void build(struct buf *b, const char *s, int n) {
    for (int i = 0; i < n; i++)
        buf_append_exact(b, s[i]);
    // REMARK: loopalloc_helper_growth.c:[[@LINE-1]]:9: remark: realloc asks for exactly the new length each time in a loop (depth 1, trip count {{.*}}): each call may copy the whole buffer, so the work is quadratic {{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-realloc-growth fn=build at=loopalloc_helper_growth.c:[[@LINE-2]]:9 {{.*}}pattern=realloc-exact-size size_growth=linear {{.*}}origin=loopalloc_helper_growth.c:47:
}
