/* tests/test_scc.c — strongly connected components (common/scc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "scc.h"

/* A small graph as adjacency lists; -1 ends a list. */
#define MAXN 8
typedef struct lists {
    int succ[MAXN][MAXN];
} lists;

static size_t count(const void *ctx, int v)
{
    const lists *l = ctx;
    size_t k = 0;
    while (k < MAXN && l->succ[v][k] != -1)
        k++;
    return k;
}

static int target(const void *ctx, int v, size_t k) { return ((const lists *)ctx)->succ[v][k]; }

static void init(lists *l)
{
    for (int v = 0; v < MAXN; v++)
        for (int k = 0; k < MAXN; k++)
            l->succ[v][k] = -1;
}

static void components_should_come_callees_first(void **state)
{
    (void)state;
    /* 0 -> 1 -> 2 -> 1 (a cycle {1,2}), 2 -> 3, 4 alone. */
    lists l;
    init(&l);
    l.succ[0][0] = 1;
    l.succ[1][0] = 2;
    l.succ[2][0] = 1;
    l.succ[2][1] = 3;
    pa_digraph g = {5, &l, count, target};
    int comp[5], order[5], start[6];
    int n = pa_scc(&g, comp, order, start);
    assert_int_equal(n, 4);
    assert_int_equal(comp[1], comp[2]);
    assert_true(comp[3] < comp[1]); /* 3 is reached from the cycle */
    assert_true(comp[1] < comp[0]);
    assert_int_equal(comp[4], 3);
    /* Component of the cycle: two members, last discovered (2) first. */
    int c = comp[1];
    assert_int_equal(start[c + 1] - start[c], 2);
    assert_int_equal(order[start[c]], 2);
    assert_int_equal(order[start[c] + 1], 1);
    assert_int_equal(start[n], 5);
}

static void missing_targets_and_self_loops_should_be_ignored_or_kept(void **state)
{
    (void)state;
    /* 0 -> 0 (self loop), 0 -> -2 (no edge: an unknown callee), 1 -> 7 (out of range). */
    lists l;
    init(&l);
    l.succ[0][0] = 0;
    l.succ[0][1] = -2;
    l.succ[0][2] = 1;
    l.succ[1][0] = 7;
    pa_digraph g = {2, &l, count, target};
    int comp[2];
    assert_int_equal(pa_scc(&g, comp, NULL, NULL), 2);
    assert_int_equal(comp[1], 0);
    assert_int_equal(comp[0], 1);
}

/* Successor of v is v + 1; the last node (ctx: the count) has none. */
static size_t chain_count(const void *ctx, int v) { return v + 1 < *(const int *)ctx ? 1 : 0; }

static int chain_target(const void *ctx, int v, size_t k)
{
    (void)ctx;
    (void)k;
    return v + 1;
}

static void a_long_chain_should_not_recurse(void **state)
{
    (void)state;
    /* 100,000 nodes in one chain: a recursive search would need as deep a stack. */
    enum { N = 100000 };
    static int comp[N];
    int n = N;
    pa_digraph chain = {N, &n, chain_count, chain_target};
    assert_int_equal(pa_scc(&chain, comp, NULL, NULL), N);
    assert_int_equal(comp[N - 1], 0);
    assert_int_equal(comp[0], N - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(components_should_come_callees_first),
        cmocka_unit_test(missing_targets_and_self_loops_should_be_ignored_or_kept),
        cmocka_unit_test(a_long_chain_should_not_recurse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
