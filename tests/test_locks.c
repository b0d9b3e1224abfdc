/* tests/test_locks.c — the lock nesting analysis (passes/locks*.c) on
 * hand-built models.  ctest --test-dir build -R unit.test_locks */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "catalog.h"
#include "findings.h"
#include "locks.h"
#include "locks_local_build.h"
#include "model_builders.h"

/* ---- builders for lock models ---------------------------------------------- */

static int global_lock(pa_function *f, const char *name)
{
    int v = tb_value(f, PA_VAL_GLOBAL, name);
    pa_lock_class cls = pa_lock_class_none;
    cls.kind = PA_CLASS_GLOBAL;
    cls.symbol = name;
    assert_int_equal(pa_model_set_class(f, v, &cls), 0);
    return v;
}

static int op_on(pa_function *f, int block, const char *callee, int v, unsigned line)
{
    int op = tb_call(f, block, callee, &v, 1);
    tb_loc(f, op, "t.c", line);
    return op;
}

static int lock(pa_function *f, int b, int v, unsigned line)
{
    return op_on(f, b, "pthread_mutex_lock", v, line);
}

static int unlock(pa_function *f, int b, int v, unsigned line)
{
    return op_on(f, b, "pthread_mutex_unlock", v, line);
}

static int call_fn(pa_function *f, int b, const char *callee, const int *args, size_t n, unsigned line)
{
    int op = tb_call(f, b, callee, args, n);
    f->ops[op].call_flags |= PA_CALL_DEFINED_HERE;
    tb_loc(f, op, "t.c", line);
    return op;
}

static void ret(pa_function *f, int b)
{
    int op = pa_model_add_op(f, b, PA_OP_RET);
    assert_true(op != PA_NONE);
}

/* A diamond 0 -> {1, 2} -> 3 branching on cond (zero goes to block 1). */
static pa_function *diamond(pa_module *m, const char *name, unsigned nparams, int cond_kind, int *cond)
{
    pa_function *f = pa_model_add_function(m, name, nparams);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pa_model_add_block(f), i);
    pa_model_add_succ(f, 0, 1);
    pa_model_add_succ(f, 0, 2);
    pa_model_add_succ(f, 1, 3);
    pa_model_add_succ(f, 2, 3);
    f->blocks[3].returns = true;
    for (unsigned p = 0; p < nparams; p++)
        f->values[pa_model_add_value(f, PA_VAL_ARG)].param_index = (int)p;
    *cond = pa_model_add_value(f, (pa_value_kind)cond_kind);
    f->values[*cond].is_pointer = false;
    f->blocks[0].cond_value = *cond;
    f->blocks[0].zero_succ = 0;
    return f;
}

typedef struct run {
    pa_module *m;
    pa_report r;
} run;

static void analyse(run *x)
{
    assert_int_equal(pa_model_link_calls(x->m), 0);
    assert_int_equal(pa_report_init(&x->r), 0);
    assert_int_equal(pa_locks_run(x->m, &x->r), 0);
}

static void finish(run *x)
{
    pa_report_free(&x->r);
    pa_model_free(x->m);
}

static const pa_finding *first_of(const run *x, pa_finding_kind k)
{
    for (size_t i = 0; i < x->r.count; i++)
        if (x->r.items[i].kind == k)
            return &x->r.items[i];
    return NULL;
}

/* f: lock(a) lock(b) unlock(b) unlock(a) */
static void nested(pa_module *m, const char *name, const char *outer, const char *inner, unsigned line)
{
    pa_function *f = tb_function(m, name, 0, 1);
    int a = global_lock(f, outer), b = global_lock(f, inner);
    lock(f, 0, a, line);
    lock(f, 0, b, line + 1);
    unlock(f, 0, b, line + 2);
    unlock(f, 0, a, line + 3);
    ret(f, 0);
}

/* ---- lock order ------------------------------------------------------------- */

static void inversion_should_be_reported_once_for_opposite_orders_in_two_functions(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    nested(x.m, "f1", "ga", "gb", 10);
    nested(x.m, "f2", "gb", "ga", 20);
    analyse(&x);
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_LOCK_ORDER_INVERSION), 1);
    const pa_finding *fd = first_of(&x, PA_F_LOCK_ORDER_INVERSION);
    assert_int_equal(fd->loc.line, 11);
    assert_non_null(strstr(fd->message, "'gb' is acquired while holding 'ga'"));
    assert_non_null(strstr(fd->message, "f2()"));
    assert_non_null(cJSON_GetObjectItem(fd->evidence, "acquired_at"));
    assert_int_equal(cJSON_GetArraySize(x.r.lock_edges), 2);
    finish(&x);
}

static void consistent_order_should_record_edges_but_stay_silent(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    nested(x.m, "f1", "ga", "gb", 10);
    nested(x.m, "f2", "ga", "gb", 20);
    analyse(&x);
    assert_int_equal(x.r.count, 0);
    assert_int_equal(cJSON_GetArraySize(x.r.lock_edges), 2);
    cJSON *e = cJSON_GetArrayItem(x.r.lock_edges, 0);
    assert_string_equal(cJSON_GetObjectItem(e, "outer")->valuestring, "ga");
    assert_string_equal(cJSON_GetObjectItem(e, "inner")->valuestring, "gb");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(e, "trylock")));
    finish(&x);
}

static void trylock_backoff_should_not_make_an_inversion(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    nested(x.m, "f1", "ga", "gb", 10);
    /* f2: lock(gb); if (trylock(ga) == 0) { unlock(ga) } unlock(gb) */
    int c;
    pa_function *f = diamond(x.m, "f2", 0, PA_VAL_CALL, &c);
    int a = global_lock(f, "ga"), b = global_lock(f, "gb");
    lock(f, 0, b, 20);
    int t = op_on(f, 0, "pthread_mutex_trylock", a, 21);
    f->ops[t].result = c;
    f->values[c].def_op = t;
    unlock(f, 1, a, 22); /* zero: success */
    unlock(f, 3, b, 23);
    ret(f, 3);
    analyse(&x);
    assert_int_equal(x.r.count, 0); /* no inversion, nothing held at return */
    cJSON *e = cJSON_GetArrayItem(x.r.lock_edges, 1);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "trylock")));
    finish(&x);
}

/* ---- double lock, held at return -------------------------------------------- */

static void double_lock_should_be_reported_unless_recursive(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    pa_function *f = tb_function(x.m, "twice", 0, 1);
    int a = global_lock(f, "ga");
    lock(f, 0, a, 5);
    lock(f, 0, a, 6);
    unlock(f, 0, a, 7);
    unlock(f, 0, a, 8);
    ret(f, 0);
    pa_function *g = tb_function(x.m, "rec", 0, 1);
    int r = global_lock(g, "rm");
    op_on(g, 0, "_ZNSt15recursive_mutex4lockEv", r, 15);
    op_on(g, 0, "_ZNSt15recursive_mutex4lockEv", r, 16);
    op_on(g, 0, "_ZNSt15recursive_mutex6unlockEv", r, 17);
    op_on(g, 0, "_ZNSt15recursive_mutex6unlockEv", r, 18);
    ret(g, 0);
    analyse(&x);
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_DOUBLE_LOCK), 1);
    assert_int_equal(first_of(&x, PA_F_DOUBLE_LOCK)->loc.line, 6);
    assert_string_equal(first_of(&x, PA_F_DOUBLE_LOCK)->function, "twice");
    finish(&x);
}

static void early_return_should_be_reported_as_lock_held_at_return(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    /* lock; if (e) return; unlock; return */
    pa_function *f = pa_model_add_function(x.m, "leaky", 1);
    for (int i = 0; i < 3; i++)
        pa_model_add_block(f);
    pa_model_add_succ(f, 0, 1);
    pa_model_add_succ(f, 0, 2);
    f->blocks[1].returns = f->blocks[2].returns = true;
    int e = pa_model_add_value(f, PA_VAL_UNKNOWN);
    f->blocks[0].cond_value = e;
    f->blocks[0].zero_succ = 1;
    int a = global_lock(f, "ga");
    lock(f, 0, a, 3);
    int r = pa_model_add_op(f, 1, PA_OP_RET);
    tb_loc(f, r, "t.c", 4);
    unlock(f, 2, a, 5);
    ret(f, 2);
    analyse(&x);
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_LOCK_HELD_AT_RETURN), 1);
    const pa_finding *fd = first_of(&x, PA_F_LOCK_HELD_AT_RETURN);
    assert_int_equal(fd->loc.line, 3); /* the acquisition */
    cJSON *rl = cJSON_GetObjectItem(fd->evidence, "return_location");
    assert_int_equal(cJSON_GetObjectItem(rl, "line")->valueint, 4);
    finish(&x);
}

/* try_inv(m): return pthread_mutex_trylock(m) == 0 (non-zero on success). */
static void trylock_wrapper(pa_module *m, const char *name, bool negated)
{
    pa_function *w = tb_function(m, name, 1, 1);
    int t = op_on(w, 0, "pthread_mutex_trylock", 0, 2);
    int r = pa_model_add_value(w, PA_VAL_CALL);
    w->values[r].def_op = t;
    w->ops[t].result = r;
    w->blocks[0].exit_truth = r;
    w->blocks[0].exit_truth_negated = negated;
    ret(w, 0);
}

/* bump: if (!try_inv(&ga)) return -1; if (e) return -2; unlock(ga); return 0
 * (b0 -> b1 failure | b2; b2 -> b3 leak | b4), or with the wrapper
 * returning pthread's sense and the test `if (try_same(&ga))`. */
static void bump(pa_module *m, const char *name, const char *wrapper, bool success_nonzero)
{
    pa_function *f = pa_model_add_function(m, name, 0);
    for (int i = 0; i < 5; i++)
        pa_model_add_block(f);
    pa_model_add_succ(f, 0, 1);
    pa_model_add_succ(f, 0, 2);
    pa_model_add_succ(f, 2, 3);
    pa_model_add_succ(f, 2, 4);
    f->blocks[1].returns = f->blocks[3].returns = f->blocks[4].returns = true;
    int a = global_lock(f, "ga");
    int c = call_fn(f, 0, wrapper, &a, 1, 10);
    int r = pa_model_add_value(f, PA_VAL_CALL);
    f->values[r].def_op = c;
    f->ops[c].result = r;
    f->blocks[0].cond_value = r;
    f->blocks[0].zero_succ = success_nonzero ? 0 : 1; /* failure goes to b1 */
    int e = pa_model_add_value(f, PA_VAL_UNKNOWN);
    f->blocks[2].cond_value = e;
    f->blocks[2].zero_succ = 1;
    f->blocks[1].exit_const_known = f->blocks[3].exit_const_known = f->blocks[4].exit_const_known = true;
    f->blocks[1].exit_const = -1;
    f->blocks[3].exit_const = -2;
    f->blocks[4].exit_const = 0;
    tb_loc(f, pa_model_add_op(f, 1, PA_OP_RET), "t.c", 11);
    tb_loc(f, pa_model_add_op(f, 3, PA_OP_RET), "t.c", 12);
    unlock(f, 4, a, 13);
    tb_loc(f, pa_model_add_op(f, 4, PA_OP_RET), "t.c", 14);
}

static void trylock_wrapper_result_should_be_read_in_its_own_sense(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    trylock_wrapper(x.m, "try_inv", true);
    trylock_wrapper(x.m, "try_same", false);
    bump(x.m, "bump_inv", "try_inv", true);
    bump(x.m, "bump_same", "try_same", false);
    analyse(&x);
    /* Only the return made after success keeps the lock, in both senses. */
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_LOCK_HELD_AT_RETURN), 2);
    for (size_t i = 0; i < x.r.count; i++) {
        const pa_finding *fd = &x.r.items[i];
        assert_int_equal(fd->kind, PA_F_LOCK_HELD_AT_RETURN);
        cJSON *rl = cJSON_GetObjectItem(fd->evidence, "return_location");
        assert_int_equal(cJSON_GetObjectItem(rl, "line")->valueint, 12);
    }
    finish(&x);
}

/* lock(ga); if (e) { unlock(ga); return; } ...; unlock(<unnamed>); return
 * with `unnamed` the same lock reached through an opaque type (SQLite's
 * sqlite3_stmt): with one lock held, that is the one released. With two
 * held, which one is unknown and the leak stays reported. */
static pa_function *unnamed_release(pa_module *m, const char *name, bool second_lock)
{
    pa_function *f = pa_model_add_function(m, name, 1);
    for (int i = 0; i < 3; i++)
        pa_model_add_block(f);
    pa_model_add_succ(f, 0, 1);
    pa_model_add_succ(f, 0, 2);
    f->blocks[1].returns = f->blocks[2].returns = true;
    int e = pa_model_add_value(f, PA_VAL_UNKNOWN);
    f->blocks[0].cond_value = e;
    f->blocks[0].zero_succ = 1;
    int a = global_lock(f, "ga"), b = global_lock(f, "gb");
    int unnamed = pa_model_add_value(f, PA_VAL_UNKNOWN);
    f->values[unnamed].is_pointer = true;
    pa_lock_class unknown = pa_lock_class_none;
    unknown.kind = PA_CLASS_UNKNOWN;
    assert_int_equal(pa_model_set_class(f, unnamed, &unknown), 0);
    lock(f, 0, a, 3);
    if (second_lock)
        lock(f, 0, b, 4);
    unlock(f, 1, a, 5);
    if (second_lock)
        unlock(f, 1, b, 6);
    ret(f, 1);
    unlock(f, 2, unnamed, 7);
    if (second_lock)
        unlock(f, 2, b, 8);
    ret(f, 2);
    return f;
}

static void unnamed_unlock_should_release_the_one_lock_held(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    unnamed_release(x.m, "one", false);
    unnamed_release(x.m, "two", true);
    analyse(&x);
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_LOCK_HELD_AT_RETURN), 1);
    assert_string_equal(first_of(&x, PA_F_LOCK_HELD_AT_RETURN)->function, "two");
    finish(&x);
}

/* lock_s(struct s *p) { lock(&p->m) }  unlock_s(p) { unlock(&p->m) }
 * user() { lock_s(&gs); lock(ga); unlock(ga); unlock_s(&gs); } */
static void lock_wrappers_should_be_summarised_and_resolved_at_call_sites(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    pa_function *w = tb_function(x.m, "lock_s", 1, 1);
    int d = pa_model_add_value(w, PA_VAL_DERIVED);
    w->values[d].base = 0;
    w->values[d].offset = 8;
    lock(w, 0, d, 2);
    ret(w, 0);
    pa_function *u = tb_function(x.m, "unlock_s", 1, 1);
    int du = pa_model_add_value(u, PA_VAL_DERIVED);
    u->values[du].base = 0;
    u->values[du].offset = 8;
    unlock(u, 0, du, 3);
    ret(u, 0);
    pa_function *f = tb_function(x.m, "user", 0, 1);
    int gs = tb_value(f, PA_VAL_GLOBAL, "gs"), a = global_lock(f, "ga");
    call_fn(f, 0, "lock_s", &gs, 1, 10);
    lock(f, 0, a, 11);
    unlock(f, 0, a, 12);
    call_fn(f, 0, "unlock_s", &gs, 1, 13);
    ret(f, 0);
    analyse(&x);
    assert_int_equal(x.r.count, 0); /* wrappers are not "held at return" */
    cJSON *s = cJSON_GetObjectItem(x.r.summaries, "lock_s");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(s, "leaves_locked"), 0)->valuestring,
                        "param#0+8");
    s = cJSON_GetObjectItem(x.r.summaries, "unlock_s");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(s, "unlocks"), 0)->valuestring,
                        "param#0+8");
    cJSON *e = cJSON_GetArrayItem(x.r.lock_edges, 0);
    assert_string_equal(cJSON_GetObjectItem(e, "outer")->valuestring, "gs+8");
    assert_string_equal(cJSON_GetObjectItem(e, "inner")->valuestring, "ga");
    finish(&x);
}

/* ---- blocking, allocation --------------------------------------------------- */

static void blocking_call_should_be_reported_but_cond_wait_on_the_held_mutex_not(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    pa_function *f = tb_function(x.m, "waiter", 0, 1);
    int a = global_lock(f, "ga"), cv = tb_value(f, PA_VAL_GLOBAL, "cv");
    lock(f, 0, a, 2);
    int args[2] = {cv, a};
    int w = tb_call(f, 0, "pthread_cond_wait", args, 2);
    f->ops[w].ptr_arg = 1;
    unlock(f, 0, a, 4);
    ret(f, 0);
    pa_function *g = tb_function(x.m, "sleeper", 0, 1);
    int b = global_lock(g, "gb"), a2 = global_lock(g, "ga");
    lock(g, 0, b, 10);
    lock(g, 0, a2, 11);
    int args2[2] = {tb_value(g, PA_VAL_GLOBAL, "cv"), a2};
    int w2 = tb_call(g, 0, "pthread_cond_wait", args2, 2);
    tb_loc(g, w2, "t.c", 12);
    g->ops[w2].ptr_arg = 1;
    int s = op_on(g, 0, "usleep", PA_NONE, 13);
    (void)s;
    unlock(g, 0, a2, 14);
    unlock(g, 0, b, 15);
    ret(g, 0);
    analyse(&x);
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_BLOCKING_UNDER_LOCK), 2);
    for (size_t i = 0; i < x.r.count; i++)
        assert_string_equal(x.r.items[i].function, "sleeper");
    const pa_finding *fd = first_of(&x, PA_F_BLOCKING_UNDER_LOCK);
    assert_int_equal(fd->loc.line, 12);
    assert_non_null(strstr(fd->message, "'gb'"));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(x.r.summaries, "sleeper"), "may_block")));
    finish(&x);
}

static void allocation_should_be_reported_only_inside_the_critical_section(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    pa_function *f = tb_function(x.m, "f", 0, 1);
    int a = global_lock(f, "ga");
    tb_loc(f, tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 16, NULL), "t.c", 1);
    lock(f, 0, a, 2);
    tb_loc(f, tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 32, NULL), "t.c", 3);
    unlock(f, 0, a, 4);
    ret(f, 0);
    analyse(&x);
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_ALLOC_UNDER_LOCK), 1);
    assert_int_equal(first_of(&x, PA_F_ALLOC_UNDER_LOCK)->loc.line, 3);
    finish(&x);
}

/* ---- loops ----------------------------------------------------------------- */

/* 0 -> 1 (loop header, self loop) -> 2 returns; ops in block 1. */
static pa_function *self_loop(pa_module *m, const char *name)
{
    pa_function *f = tb_function(m, name, 0, 3);
    pa_model_add_succ(f, 1, 1);
    int l = pa_model_add_loop(f, PA_NONE);
    f->loops[l].header = 1;
    f->loops[l].trip_text = "n";
    f->blocks[1].loop = l;
    f->blocks[1].loop_depth = 1;
    f->blocks[1].freq = 100;
    return f;
}

static void lock_in_loop_should_be_reported_unless_held_around_the_loop(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    pa_function *f = self_loop(x.m, "per_iteration");
    int a = global_lock(f, "ga");
    lock(f, 1, a, 2);
    tb_loc(f, pa_model_add_op(f, 1, PA_OP_STORE), "t.c", 3);
    unlock(f, 1, a, 4);
    ret(f, 2);
    pa_function *g = self_loop(x.m, "once");
    int b = global_lock(g, "ga");
    lock(g, 0, b, 10);
    tb_loc(g, pa_model_add_op(g, 1, PA_OP_STORE), "t.c", 11);
    unlock(g, 2, b, 12);
    ret(g, 2);
    analyse(&x);
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_LOCK_IN_LOOP), 1);
    const pa_finding *fd = first_of(&x, PA_F_LOCK_IN_LOOP);
    assert_string_equal(fd->function, "per_iteration");
    assert_int_equal(cJSON_GetObjectItem(fd->evidence, "loop_depth")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(fd->evidence, "executions_per_call")->valueint, 100);
    assert_string_equal(cJSON_GetObjectItem(fd->evidence, "trip_text")->valuestring, "n");
    finish(&x);
}

static void retry_loop_around_rdlock_should_not_be_a_double_lock(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    pa_function *f = self_loop(x.m, "lock_shared");
    int a = global_lock(f, "rw");
    op_on(f, 1, "pthread_rwlock_rdlock", a, 2);
    op_on(f, 2, "pthread_rwlock_unlock", a, 3);
    ret(f, 2);
    analyse(&x);
    assert_int_equal(x.r.count, 0);
    finish(&x);
}

/* ---- rwlock candidates -------------------------------------------------------- */

/* The plugin records sections; the advisor decides over the whole build. */
static void read_only_critical_section_should_be_recorded_as_read_only(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    pa_function *f = tb_function(x.m, "reader", 0, 1);
    int a = global_lock(f, "ga"), g = tb_value(f, PA_VAL_GLOBAL, "table");
    lock(f, 0, a, 2);
    int ld = pa_model_add_op(f, 0, PA_OP_LOAD);
    f->ops[ld].addr = g;
    unlock(f, 0, a, 4);
    ret(f, 0);
    pa_function *w = tb_function(x.m, "writer", 0, 1);
    int b = global_lock(w, "gb"), g2 = tb_value(w, PA_VAL_GLOBAL, "table");
    lock(w, 0, b, 10);
    int st = pa_model_add_op(w, 0, PA_OP_STORE);
    w->ops[st].addr = g2;
    unlock(w, 0, b, 12);
    ret(w, 0);
    analyse(&x);
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_RWLOCK_CANDIDATE), 0);
    assert_int_equal(cJSON_GetArraySize(x.r.lock_sections), 2);
    const cJSON *reader = cJSON_GetArrayItem(x.r.lock_sections, 0);
    const cJSON *writer = cJSON_GetArrayItem(x.r.lock_sections, 1);
    assert_string_equal(cJSON_GetObjectItem(reader, "function")->valuestring, "reader");
    assert_int_equal(cJSON_GetObjectItem(reader, "read_only")->valueint, 1);
    assert_string_equal(cJSON_GetObjectItem(writer, "function")->valuestring, "writer");
    assert_int_equal(cJSON_GetObjectItem(writer, "read_only")->valueint, 0);
    finish(&x);
}

/* ---- library idioms ------------------------------------------------------------ */

/* if (c1()) lock(a); x; if (c2()) unlock(a); */
static void guarded_function(pa_module *m, const char *name, const char *c1, const char *c2)
{
    pa_function *f = pa_model_add_function(m, name, 0);
    for (int i = 0; i < 6; i++)
        pa_model_add_block(f);
    int edges[][2] = {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {2, 4}, {3, 4}, {4, 5}};
    for (size_t i = 0; i < 7; i++)
        pa_model_add_succ(f, edges[i][0], edges[i][1]);
    f->blocks[5].returns = true;
    int a = global_lock(f, "ga");
    int o1 = call_fn(f, 0, c1, NULL, 0, 1), o2 = call_fn(f, 2, c2, NULL, 0, 3);
    int v1 = pa_model_add_value(f, PA_VAL_CALL), v2 = pa_model_add_value(f, PA_VAL_CALL);
    f->values[v1].def_op = o1;
    f->values[v2].def_op = o2;
    f->blocks[0].cond_value = v1;
    f->blocks[0].zero_succ = 1;
    f->blocks[2].cond_value = v2;
    f->blocks[2].zero_succ = 1;
    lock(f, 1, a, 2);
    unlock(f, 3, a, 4);
    int r = pa_model_add_op(f, 5, PA_OP_RET);
    tb_loc(f, r, "t.c", 5);
}

/* The __gthread_active_p() check around each lock and unlock: one condition. */
static void correlated_thread_check_should_not_leave_the_lock_held(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    ret(tb_function(x.m, "active", 0, 1), 0); /* pure: a stable condition */
    ret(tb_function(x.m, "other", 0, 1), 0);
    guarded_function(x.m, "same_condition", "active", "active");
    guarded_function(x.m, "two_conditions", "active", "other");
    analyse(&x);
    assert_int_equal(x.r.count, 1);
    assert_int_equal(first_of(&x, PA_F_LOCK_HELD_AT_RETURN)->loc.line, 2);
    assert_string_equal(first_of(&x, PA_F_LOCK_HELD_AT_RETURN)->function, "two_conditions");
    finish(&x);
}

/* lock; invoke g() -> cleanup pad that unlocks and resumes; normal path unlocks. */
static void exception_cleanup_unlock_should_not_be_reported(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    pa_function *f = pa_model_add_function(x.m, "raii", 0);
    for (int i = 0; i < 3; i++)
        pa_model_add_block(f);
    pa_model_add_succ(f, 0, 1);
    pa_model_add_succ(f, 0, 2);
    f->blocks[1].returns = f->blocks[2].returns = true;
    f->blocks[2].eh_pad = true;
    int a = global_lock(f, "ga"), b = global_lock(f, "gb");
    lock(f, 0, a, 1);
    int inv = lock(f, 0, b, 2);
    f->ops[inv].call_flags |= PA_CALL_INVOKE;
    unlock(f, 1, b, 3);
    unlock(f, 1, a, 4);
    ret(f, 1);
    unlock(f, 2, a, 5); /* resume: b was never taken on this edge */
    analyse(&x);
    assert_int_equal(x.r.count, 0);
    finish(&x);
}

/* setter(p): if (p == NULL) { lock(gd); unlock(gd); } return. The lock is
 * taken only for a NULL p: blocks 0 -> {1 (NULL), 2} -> 3. */
static void null_only_setter(pa_module *m)
{
    pa_function *f = pa_model_add_function(m, "setter", 1);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pa_model_add_block(f), i);
    pa_model_add_succ(f, 0, 1);
    pa_model_add_succ(f, 0, 2);
    pa_model_add_succ(f, 1, 3);
    pa_model_add_succ(f, 2, 3);
    f->blocks[3].returns = true;
    int p = pa_model_add_value(f, PA_VAL_ARG);
    f->values[p].param_index = 0;
    f->values[p].is_pointer = true;
    f->blocks[0].cond_value = p;
    f->blocks[0].zero_succ = 0;
    int g = global_lock(f, "gd");
    lock(f, 1, g, 2);
    unlock(f, 1, g, 3);
    ret(f, 3);
}

/* caller: lock(gd); c = make(); if (c) [or, with on_null_side, if (!c)]
 * setter(c); unlock(gd). With checked false, no test of c at all. */
static void setter_caller(pa_module *m, const char *name, bool checked, bool on_null_side, unsigned line)
{
    pa_function *f = pa_model_add_function(m, name, 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pa_model_add_block(f), i);
    pa_model_add_succ(f, 0, 1); /* 1: the call */
    pa_model_add_succ(f, 0, 2);
    pa_model_add_succ(f, 1, 3);
    pa_model_add_succ(f, 2, 3);
    f->blocks[3].returns = true;
    int g = global_lock(f, "gd");
    lock(f, 0, g, line);
    int mk = tb_call(f, 0, "make", NULL, 0);
    int c = pa_model_add_value(f, PA_VAL_CALL);
    f->values[c].def_op = mk;
    f->values[c].is_pointer = true;
    f->ops[mk].result = c;
    if (checked) {
        f->blocks[0].cond_value = c;
        f->blocks[0].zero_succ = on_null_side ? 0 : 1;
    }
    call_fn(f, 1, "setter", &c, 1, line + 1);
    unlock(f, 3, g, line + 2);
    ret(f, 3);
}

static void null_only_lock_should_not_count_for_a_checked_argument(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    null_only_setter(x.m);
    setter_caller(x.m, "checked", true, false, 10);
    setter_caller(x.m, "unchecked", false, false, 20);
    setter_caller(x.m, "null_side", true, true, 30);
    analyse(&x);
    assert_int_equal(pa_report_count_kind(&x.r, PA_F_DOUBLE_LOCK), 2);
    for (size_t i = 0; i < x.r.count; i++)
        if (x.r.items[i].kind == PA_F_DOUBLE_LOCK)
            assert_string_not_equal(x.r.items[i].function, "checked");
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(x.r.summaries, "setter");
    const cJSON *cond = cJSON_GetObjectItemCaseSensitive(sum, "locks_if_null");
    assert_non_null(cond);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(cond, "gd")->valueint, 0);
    finish(&x);
}

static void malformed_model_should_not_crash(void **state)
{
    (void)state;
    run x = {pa_model_new("t.c"), {0}};
    pa_function *f = tb_function(x.m, "bad", 1, 2);
    int op = tb_call(f, 0, "pthread_mutex_lock", (int[]){999}, 1);
    f->ops[op].ptr_arg = 7;
    int u = tb_call(f, 0, "pthread_mutex_unlock", (int[]){-5}, 1);
    (void)u;
    f->blocks[0].cond_value = 12345;
    f->blocks[1].cond_value = 0;
    f->blocks[1].zero_succ = 3;
    int d = pa_model_add_value(f, PA_VAL_DERIVED);
    f->values[d].base = d; /* a cycle */
    lock(f, 1, d, 1);
    int ld = pa_model_add_op(f, 1, PA_OP_LOAD);
    f->ops[ld].addr = 4242;
    call_fn(f, 1, "bad", (int[]){d}, 1, 2); /* self recursion */
    pa_function *empty = pa_model_add_function(x.m, "empty", 0);
    (void)empty;
    analyse(&x);
    finish(&x);
}

/* ---- what grows a std::string or container (locks_local_build.c) ---------- */

#define STRING_CLASS "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char>>"

static void string_growth_should_read_constant_lengths_and_containers_their_inserts(void **state)
{
    (void)state;
    int args[3] = {0, 1, 2};
    unsigned flags[3] = {0, 0, PA_ARG_CONST};
    int64_t consts[3] = {0, 0, 8}, bytes = 0;
    pa_op o;
    memset(&o, 0, sizeof o);
    o.kind = PA_OP_CALL;
    o.args = args;
    o.arg_flags = flags;
    o.arg_const = consts;
    o.nargs = 3;
    o.callee_demangled = STRING_CLASS "::append(char const*, unsigned long)";
    assert_true(pa_catalog_string_growth(&o, &bytes, NULL));
    assert_int_equal(bytes, 8);
    consts[2] = 1000000; /* capped: past the inline bytes is all that counts */
    assert_true(pa_catalog_string_growth(&o, &bytes, NULL));
    assert_int_equal(bytes, 255);
    flags[2] = 0; /* a length known only at run time */
    assert_true(pa_catalog_string_growth(&o, &bytes, NULL));
    assert_int_equal(bytes, -1);
    o.callee_demangled = STRING_CLASS "::push_back(char)";
    const char *member = NULL;
    assert_true(pa_catalog_string_growth(&o, &bytes, &member));
    assert_int_equal(bytes, 1);
    assert_string_equal(member, "push_back");
    o.callee_demangled = STRING_CLASS "::_M_append(char const*, unsigned long)";
    assert_true(pa_catalog_string_growth(&o, &bytes, &member));
    assert_string_equal(member, "append");
    flags[1] = PA_ARG_CONST;
    consts[1] = 10;
    o.callee_demangled = STRING_CLASS "::reserve(unsigned long)";
    assert_true(pa_catalog_string_growth(&o, &bytes, NULL));
    assert_int_equal(bytes, 10);
    /* Not growth: a reader, another class, a wide string. */
    o.callee_demangled = STRING_CLASS "::size() const";
    assert_false(pa_catalog_string_growth(&o, &bytes, NULL));
    o.callee_demangled = "rocksdb::Slice::append(char const*, unsigned long)";
    assert_false(pa_catalog_string_growth(&o, &bytes, NULL));
    o.callee_demangled = "std::__cxx11::basic_string<wchar_t, std::char_traits<wchar_t>, "
                         "std::allocator<wchar_t>>::push_back(wchar_t)";
    assert_false(pa_catalog_string_growth(&o, &bytes, NULL));
    o.callee_demangled = "std::vector<unsigned long, std::allocator<unsigned long>>::push_back(unsigned long const&)";
    assert_false(pa_catalog_string_growth(&o, &bytes, NULL));
    assert_true(lk_container_insert_call(&o));
    o.callee_demangled = "std::vector<unsigned long, std::allocator<unsigned long>>::size() const";
    assert_false(lk_container_insert_call(&o));
    /* A template member's name starts with its return type. */
    o.callee_demangled = "unsigned long& std::vector<unsigned long, std::allocator<unsigned long>>"
                         "::emplace_back<unsigned long>(unsigned long&&)";
    assert_true(lk_container_insert_call(&o));
    o.callee_demangled = "std::pair<std::_Rb_tree_iterator<std::pair<int const, int>>, bool> "
                         "std::map<int, int, std::less<int>, std::allocator<std::pair<int const, "
                         "int>>>::try_emplace<int>(int const&, int&&)";
    assert_true(lk_container_insert_call(&o));
    /* A project's member returning a vector is no insertion into one. */
    o.callee_demangled = "std::vector<int, std::allocator<int>>& Index::insert(int)";
    assert_false(lk_container_insert_call(&o));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inversion_should_be_reported_once_for_opposite_orders_in_two_functions),
        cmocka_unit_test(consistent_order_should_record_edges_but_stay_silent),
        cmocka_unit_test(trylock_backoff_should_not_make_an_inversion),
        cmocka_unit_test(double_lock_should_be_reported_unless_recursive),
        cmocka_unit_test(early_return_should_be_reported_as_lock_held_at_return),
        cmocka_unit_test(unnamed_unlock_should_release_the_one_lock_held),
        cmocka_unit_test(trylock_wrapper_result_should_be_read_in_its_own_sense),
        cmocka_unit_test(lock_wrappers_should_be_summarised_and_resolved_at_call_sites),
        cmocka_unit_test(blocking_call_should_be_reported_but_cond_wait_on_the_held_mutex_not),
        cmocka_unit_test(allocation_should_be_reported_only_inside_the_critical_section),
        cmocka_unit_test(lock_in_loop_should_be_reported_unless_held_around_the_loop),
        cmocka_unit_test(retry_loop_around_rdlock_should_not_be_a_double_lock),
        cmocka_unit_test(read_only_critical_section_should_be_recorded_as_read_only),
        cmocka_unit_test(correlated_thread_check_should_not_leave_the_lock_held),
        cmocka_unit_test(exception_cleanup_unlock_should_not_be_reported),
        cmocka_unit_test(null_only_lock_should_not_count_for_a_checked_argument),
        cmocka_unit_test(malformed_model_should_not_crash),
        cmocka_unit_test(string_growth_should_read_constant_lengths_and_containers_their_inserts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
