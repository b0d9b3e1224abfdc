// loop-realloc-growth of an exact-size array (issue 10 item 2): an insert
// that reserves exactly size + 1 when full (tree-sitter's array_insert
// shape) copies O(n^2) while the array grows, but an array kept in an
// object across calls and emptied by setting its size to 0 keeps its
// capacity: it reallocates only past the largest size it ever had, once in
// the object's life. Negative: iter_cleared. Positive: append_kept (kept
// across calls but never emptied: every call that outgrows it copies it
// again), fresh_local (a local array grown from nothing), and query_new
// (the loop is in an inlined static function: reported at that function's
// insert line, with the helper chain, not at the helper's realloc).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

typedef struct { int *contents; unsigned size, capacity; } IntArray;

static inline void arr_reserve(IntArray *a, unsigned new_capacity) {
    if (new_capacity > a->capacity) {
        a->contents = realloc(a->contents, new_capacity * sizeof(int));
        a->capacity = new_capacity;
    }
}

static inline void arr_insert(IntArray *a, unsigned index, int x) {
    unsigned new_size = a->size + 1;
    arr_reserve(a, new_size);
    memmove(a->contents + index + 1, a->contents + index, (a->size - index) * sizeof(int));
    a->contents[index] = x;
    a->size = new_size;
}

struct stack { IntArray slices; int other; };
extern int visit(struct stack *s, int x);

void iter_cleared(struct stack *s, const int *xs, int n) {
    s->slices.size = 0;
    for (int i = 0; i < n; i++)
        if (visit(s, xs[i]))
            arr_insert(&s->slices, s->slices.size, xs[i]);
}

void append_kept(struct stack *s, const int *xs, int n) {
    for (int i = 0; i < n; i++)
        if (visit(s, xs[i]))
            arr_insert(&s->slices, 0, xs[i]);
    // REMARK: loopalloc_exact_kept_capacity.c:[[@LINE-1]]:13: remark: realloc asks for exactly the new length each time in a loop {{.*}}append_kept(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-realloc-growth fn=append_kept at=loopalloc_exact_kept_capacity.c:[[@LINE-2]]:13 {{.*}}pattern=realloc-exact-size
}

int fresh_local(const int *xs, int n) {
    IntArray a = {0};
    for (int i = 0; i < n; i++)
        if (xs[i] > 0)
            arr_insert(&a, 0, xs[i]);
    // REMARK: loopalloc_exact_kept_capacity.c:[[@LINE-1]]:13: remark: realloc grows the buffer by 4 bytes at a time in a loop {{.*}}fresh_local(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-realloc-growth fn=fresh_local at=loopalloc_exact_kept_capacity.c:[[@LINE-2]]:13 {{.*}}pattern=realloc-constant-increment
    int r = a.size ? a.contents[0] : 0;
    free(a.contents);
    return r;
}

struct query { IntArray map; int n; };

static void analyze(struct query *q, const int *xs, int n) {
    for (int i = 0; i < n; i++)
        if (xs[i] != 7)
            arr_insert(&q->map, 0, xs[i]);
    // REMARK: loopalloc_exact_kept_capacity.c:[[@LINE-1]]:13: remark: realloc grows the buffer by 4 bytes at a time in a loop {{.*}}query_new(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-realloc-growth fn=query_new at=loopalloc_exact_kept_capacity.c:[[@LINE-2]]:13 {{.*}}pattern=realloc-constant-increment
}

struct query *query_new(const int *xs, int n) {
    struct query *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    analyze(q, xs, n);
    return q;
}
