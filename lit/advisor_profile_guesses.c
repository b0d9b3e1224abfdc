// Static profile (issue 10, items 7-8): an estimate that multiplies three or
// more loop counts the compiler guessed — the finding's own loop of unknown
// trip count and a loop at each of two callers up the chain, across two
// files — is not trusted for High: each guess may be off by 10x, and
// multiplied the errors compound (SQLite's fts5DlidxIterInit, a loop of 1-2
// levels, ranked High at x224). It is capped at Medium and says so.
// Non-finding of the cap: the same allocation in a loop of known trip count
// called from one guessed loop (two guesses fewer) stays High.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/leaf.c && cp %s %t.d/walk.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DLEAF_SIDE -c leaf.c -o leaf.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -c walk.c -o walk.o
// RUN: %perfadvise report %t.d/out | FileCheck %s
// RUN: %perfadvise report %t.d/out --format json | FileCheck %s --check-prefix=JSON
// RUN: %perfadvise report %t.d/out | grep -c "^#" | FileCheck %s --check-prefix=COUNT
//
// CHECK: #1   HIGH {{.*}}loop-alloc {{.*}}leaf.c:[[@LINE+31]]  fixed_leaf()
// CHECK: profile: fixed_leaf() runs ~{{[0-9]+}} times per call of a root: ~{{[0-9]+}} times per call of api_fixed() at walk.c:{{[0-9]+}}; api_fixed() has no callers in the program: counted once per call
// CHECK-NOT: capped at Medium
// CHECK: #2   MEDIUM {{.*}}loop-alloc {{.*}}leaf.c:[[@LINE+18]]  leaf()
// CHECK: estimate: ~{{[0-9]+}} executions per call (loop depth 1, trip count unknown, compiler estimate)
// CHECK: profile: leaf() runs ~{{[0-9]+}} times per call of a root: ~{{[0-9]+}} times per call of mid() at walk.c:{{[0-9]+}}, mid() ~{{[0-9]+}} times per call of top() at walk.c:{{[0-9]+}}, {{.*}}; the estimate multiplies 3 loop counts the compiler guessed: capped at Medium
// COUNT: 2
// JSON: "impact":{"level":"medium",{{.*}}"reason":"capped at Medium: the estimate multiplies 3 loop counts the compiler guessed, here and along the call chain (static profile), and their errors compound"
#include <stdlib.h>

void consume(char *p);
struct node {
    struct node *next;
    int n;
};

#ifdef LEAF_SIDE
/* A list walk: its length is data the compiler cannot see. */
void leaf(struct node *n)
{
    for (struct node *p = n; p; p = p->next) {
        char *b = malloc((size_t)p->n);
        consume(b);
        free(b);
    }
}

/* 64 iterations, a count the compiler knows. */
void fixed_leaf(int n)
{
    for (int i = 0; i < 64; i++) {
        char *b = malloc((size_t)n + (size_t)i);
        consume(b);
        free(b);
    }
}
#else
void leaf(struct node *n);
void fixed_leaf(int n);

/* Two more loops of unknown count up the chain. */
__attribute__((noinline)) static void mid(struct node **lists)
{
    for (int i = 0; lists[i]; i++)
        leaf(lists[i]);
}

__attribute__((noinline)) static void top(struct node ***sets)
{
    while (*sets)
        mid(*sets++);
}

void api(struct node ***sets) { top(sets); }

/* One loop of unknown count. */
void api_fixed(struct node **lists)
{
    for (int i = 0; lists[i]; i++)
        fixed_leaf(lists[i]->n);
}
#endif
