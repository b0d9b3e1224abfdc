/* tests/test_callgraph.c — the bottom-up walk over a module's call graph
 * (passes/callgraph.c) that the lock summaries and the escape facts share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "callgraph.h"
#include "model_builders.h"

/* Edges: each call op's callee_fn, as the tests set it. */
static int callee_of(const void *ctx, const pa_op *o)
{
    (void)ctx;
    return o->kind == PA_OP_CALL ? o->callee_fn : PA_NONE;
}

/* f calls function `to` from block 0. */
static void call(pa_function *f, int to)
{
    int op = tb_call(f, 0, "callee", NULL, 0);
    assert_true(op >= 0);
    f->ops[op].callee_fn = to;
}

typedef struct visits {
    int order[8]; /* function index -> position of its component in the walk */
    bool recursive[8];
    size_t ncomponents;
    int stop_at; /* component count at which visit returns -1, or -1 */
} visits;

static int record(void *ctx, const int *members, size_t n, bool recursive)
{
    visits *v = ctx;
    if ((int)v->ncomponents == v->stop_at)
        return -1;
    for (size_t i = 0; i < n; i++) {
        v->order[members[i]] = (int)v->ncomponents;
        v->recursive[members[i]] = recursive;
    }
    v->ncomponents++;
    return 0;
}

/* 0 -> 1 -> 2 -> 1 (recursion between 1 and 2), 2 -> 3, 4 calls itself,
 * 5 alone. */
static pa_module *sample_module(void)
{
    pa_module *m = pa_model_new("a.c");
    assert_non_null(m);
    pa_function *f[6];
    for (int i = 0; i < 6; i++)
        f[i] = tb_function(m, (const char *[]){"f0", "f1", "f2", "f3", "f4", "f5"}[i], 0, 1);
    call(f[0], 1);
    call(f[1], 2);
    call(f[2], 1);
    call(f[2], 3);
    call(f[4], 4);
    call(f[5], PA_NONE); /* an external call: no edge */
    return m;
}

static void callees_should_be_visited_before_callers(void **state)
{
    (void)state;
    pa_module *m = sample_module();
    visits v = {.stop_at = -1};
    assert_int_equal(pa_callgraph_bottom_up(m, callee_of, NULL, record, &v), 0);
    assert_int_equal(v.ncomponents, 5); /* {0} {1,2} {3} {4} {5} */
    assert_true(v.order[3] < v.order[1]);
    assert_int_equal(v.order[1], v.order[2]);
    assert_true(v.order[1] < v.order[0]);
    pa_model_free(m);
}

typedef struct member_order {
    int members[8];
    size_t n;
} member_order;

static int record_members(void *ctx, const int *members, size_t n, bool recursive)
{
    member_order *o = ctx;
    if (recursive && n > 1) {
        memcpy(o->members, members, n * sizeof *members);
        o->n = n;
    }
    return 0;
}

/* 0 calls 1 and 2, 1 calls 0, 2 calls 1 and 0: one component. The search
 * from 0 finds 1 and then 2, whose call of 1 crosses to a finished member:
 * read in reverse discovery order (2, 1, 0), 2 would read 1's summary
 * before 1 had one. In the order the search finishes them (1, 2, 0) only
 * the calls back to 0 come before their callee. */
static void members_should_come_in_finishing_order(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    assert_non_null(m);
    pa_function *f[3];
    for (int i = 0; i < 3; i++)
        f[i] = tb_function(m, (const char *[]){"g0", "g1", "g2"}[i], 0, 1);
    call(f[0], 1);
    call(f[0], 2);
    call(f[1], 0);
    call(f[2], 1);
    call(f[2], 0);
    member_order o = {{0}, 0};
    assert_int_equal(pa_callgraph_bottom_up(m, callee_of, NULL, record_members, &o), 0);
    assert_int_equal(o.n, 3);
    assert_int_equal(o.members[0], 1);
    assert_int_equal(o.members[1], 2);
    assert_int_equal(o.members[2], 0);
    pa_model_free(m);
}

static void recursion_should_be_told_from_a_single_function(void **state)
{
    (void)state;
    pa_module *m = sample_module();
    visits v = {.stop_at = -1};
    assert_int_equal(pa_callgraph_bottom_up(m, callee_of, NULL, record, &v), 0);
    assert_true(v.recursive[1] && v.recursive[2]); /* each other */
    assert_true(v.recursive[4]);                   /* itself */
    assert_false(v.recursive[0] || v.recursive[3] || v.recursive[5]);
    pa_model_free(m);
}

static void a_failing_visit_should_stop_the_walk(void **state)
{
    (void)state;
    pa_module *m = sample_module();
    visits v = {.stop_at = 2};
    assert_int_equal(pa_callgraph_bottom_up(m, callee_of, NULL, record, &v), -1);
    assert_int_equal(v.ncomponents, 2);
    pa_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(callees_should_be_visited_before_callers),
        cmocka_unit_test(recursion_should_be_told_from_a_single_function),
        cmocka_unit_test(a_failing_visit_should_stop_the_walk),
        cmocka_unit_test(members_should_come_in_finishing_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
