/* tests/test_loopalloc.c — loop allocation analysis on hand-built models:
 * per-iteration vs amortised allocation, loop depth, trip counts, frequencies,
 * realloc growth classification, strcat in loops, malformed models.
 * Run: ctest --test-dir build -R unit.test_loopalloc --output-on-failure */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "findings.h"
#include "loopalloc.h"
#include "loopalloc_growth.h"
#include "loopalloc_home.h"
#include "loopalloc_nodes.h"
#include "cxx_names.h"
#include "loopalloc_string.h"
#include "model_builders.h"

/* ---- model helpers ------------------------------------------------------- */

static int cnst(pa_function *f, int64_t c)
{
    int v = tb_value(f, PA_VAL_CONST, NULL);
    f->values[v].offset = c;
    return v;
}

static int arith(pa_function *f, pa_arith_op op, int a, int b)
{
    int v = tb_value(f, PA_VAL_ARITH, NULL);
    f->values[v].arith = op;
    int in[2] = {a, b};
    assert_int_equal(pa_model_set_inputs(f, v, in, b == PA_NONE ? 1 : 2), 0);
    return v;
}

static int merge(pa_function *f)
{
    return tb_value(f, PA_VAL_MERGE, NULL);
}

static void set_inputs2(pa_function *f, int v, int a, int b)
{
    int in[2] = {a, b};
    assert_int_equal(pa_model_set_inputs(f, v, in, 2), 0);
}

static int add_loop(pa_function *f, int parent, int header, int64_t trip, const char *text)
{
    int l = pa_model_add_loop(f, parent);
    assert_int_not_equal(l, PA_NONE);
    f->loops[l].header = header;
    f->loops[l].depth = parent == PA_NONE ? 1 : f->loops[parent].depth + 1;
    f->loops[l].trip_count = trip;
    f->loops[l].trip_text = text;
    return l;
}

static void in_loop(pa_function *f, int block, int loop, double freq)
{
    f->blocks[block].loop = loop;
    f->blocks[block].loop_depth = f->loops[loop].depth;
    f->blocks[block].freq = freq;
}

/* entry b0 -> b1 (one-block loop body, trip count n, freq 20) -> b2 return */
static pa_function *simple_loop(pa_module *m, const char *name)
{
    pa_function *f = tb_function(m, name, 1, 3);
    for (int b = 0; b < 3; b++)
        f->blocks[b].freq = 1.0;
    assert_int_equal(pa_model_add_succ(f, 1, 1), 0);
    int l = add_loop(f, PA_NONE, 1, 0, "n");
    f->loops[l].max_trip_count = 2147483647;
    in_loop(f, 1, l, 20.0);
    return f;
}

/* b0 -> b1 header -> b2 (guarded) -> b3 latch -> b1 | b4 exit; b1 -> b3 too. */
static pa_function *guarded_loop(pa_module *m, const char *name, const char *trip_text)
{
    pa_function *f = tb_function(m, name, 1, 5);
    for (int b = 0; b < 5; b++)
        f->blocks[b].freq = 1.0;
    assert_int_equal(pa_model_add_succ(f, 1, 3), 0);
    assert_int_equal(pa_model_add_succ(f, 3, 1), 0);
    int l = add_loop(f, PA_NONE, 1, 0, trip_text);
    in_loop(f, 1, l, 20.0);
    in_loop(f, 2, l, 10.0);
    in_loop(f, 3, l, 20.0);
    return f;
}

static int add_free(pa_function *f, int block, int value)
{
    int args[1] = {value};
    return tb_call(f, block, "free", args, 1);
}

static cJSON *ev(const pa_report *r, size_t i, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(r->items[i].evidence, key);
}

static const char *ev_str(const pa_report *r, size_t i, const char *key)
{
    const cJSON *x = ev(r, i, key);
    return cJSON_IsString(x) ? x->valuestring : "";
}

static double ev_num(const pa_report *r, size_t i, const char *key)
{
    const cJSON *x = ev(r, i, key);
    return cJSON_IsNumber(x) ? x->valuedouble : -12345.0;
}

static void run(const pa_module *m, pa_report *r)
{
    assert_int_equal(pa_report_init(r), 0);
    assert_int_equal(pa_loopalloc_run(m, r), 0);
}

/* ---- loop-alloc ------------------------------------------------------------- */

static void loopalloc_should_advise_hoist_for_malloc_freed_in_the_same_iteration(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("render.c");
    pa_function *f = simple_loop(m, "render_rows");
    int buf;
    int op = tb_alloc(f, 1, PA_ALLOCATOR_MALLOC, 128, &buf);
    tb_loc(f, op, "render.c", 42);
    add_free(f, 1, buf);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].kind, PA_F_LOOP_ALLOC);
    assert_int_equal(r.items[0].loc.line, 42);
    assert_string_equal(ev_str(&r, 0, "advice"), "hoist");
    assert_string_equal(ev_str(&r, 0, "growth"), "per-iteration");
    assert_string_equal(ev_str(&r, 0, "allocator"), "malloc");
    assert_string_equal(ev_str(&r, 0, "trip_text"), "n");
    assert_string_equal(ev_str(&r, 0, "freed"), "same-iteration");
    assert_true(cJSON_IsNull(ev(&r, 0, "trip_count")));
    assert_true(ev_num(&r, 0, "bytes") == 128);
    assert_true(ev_num(&r, 0, "loop_depth") == 1);
    assert_true(ev_num(&r, 0, "executions_per_call") == 20);
    assert_non_null(strstr(r.items[0].message, "malloc(128) runs once per iteration"));
    assert_non_null(strstr(r.items[0].message, "~20 calls per call of render_rows()"));
    assert_non_null(strstr(r.items[0].message, "before the loop and reuse it"));
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_report_depth_two_and_more_executions_in_a_nested_loop(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("grid.c");
    /* b0 -> b1 outer header -> b2 inner body (self loop) -> b3 outer latch -> b4 */
    pa_function *f = tb_function(m, "grid", 0, 5);
    assert_int_equal(pa_model_add_succ(f, 2, 2), 0);
    assert_int_equal(pa_model_add_succ(f, 3, 1), 0);
    int outer = add_loop(f, PA_NONE, 1, 10, NULL);
    int inner = add_loop(f, outer, 2, 8, NULL);
    in_loop(f, 1, outer, 10.0);
    in_loop(f, 2, inner, 80.0);
    in_loop(f, 3, outer, 10.0);
    int a, b;
    tb_alloc(f, 1, PA_ALLOCATOR_MALLOC, 32, &a);
    add_free(f, 3, a);
    tb_alloc(f, 2, PA_ALLOCATOR_MALLOC, 32, &b);
    add_free(f, 2, b);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 2);
    assert_true(ev_num(&r, 0, "loop_depth") == 1);
    assert_true(ev_num(&r, 0, "trip_count") == 10);
    assert_true(ev_num(&r, 0, "executions_per_call") == 10);
    assert_true(ev_num(&r, 1, "loop_depth") == 2);
    assert_true(ev_num(&r, 1, "trip_count") == 8);
    assert_true(ev_num(&r, 1, "executions_per_call") == 80);
    assert_non_null(strstr(r.items[1].message, "depth 2, trip count 8"));
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_not_report_an_allocation_before_the_loop(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = simple_loop(m, "hoisted");
    int buf;
    tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 128, &buf);
    int args[1] = {buf};
    tb_call(f, 1, "use", args, 1);
    add_free(f, 2, buf);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 0);
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_not_advise_for_nodes_stored_into_a_kept_structure(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("list.c");
    pa_function *f = simple_loop(m, "build_list");
    int node;
    tb_alloc(f, 1, PA_ALLOCATOR_MALLOC, 24, &node);
    int param = tb_value(f, PA_VAL_ARG, "list");
    int st = pa_model_add_op(f, 1, PA_OP_STORE);
    f->ops[st].stored = node;
    f->ops[st].addr = param; /* list->head = node: the caller keeps every node */
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 0);
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_advise_batch_for_blocks_neither_freed_nor_kept(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("list.c");
    pa_function *f = simple_loop(m, "scratch");
    f->loops[0].trip_text = NULL;
    f->loops[0].max_trip_count = 0;
    int node;
    tb_alloc(f, 1, PA_ALLOCATOR_MALLOC, 24, &node);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 1);
    assert_string_equal(ev_str(&r, 0, "advice"), "batch");
    assert_string_equal(ev_str(&r, 0, "freed"), "not-in-loop");
    assert_non_null(strstr(r.items[0].message, "trip count unknown"));
    assert_non_null(strstr(r.items[0].message, "arena"));
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_skip_allocations_located_in_library_headers(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("deque.cc");
    pa_function *f = simple_loop(m, "_ZNSt11_Deque_baseIiSaIiEE15_M_create_nodesEPPiS3_");
    int v;
    int op = tb_alloc(f, 1, PA_ALLOCATOR_NEW, 512, &v);
    f->ops[op].loc.file = pa_model_str(m, "/usr/include/c++/12/bits/new_allocator.h");
    f->ops[op].loc.line = 137;
    add_free(f, 1, v);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 0);
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_say_unknown_executions_without_frequencies(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = simple_loop(m, "nofreq");
    f->blocks[1].freq = 0.0;
    int v;
    tb_alloc(f, 1, PA_ALLOCATOR_STRDUP, PA_UNKNOWN_SIZE, &v);
    add_free(f, 1, v);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 1);
    assert_true(cJSON_IsNull(ev(&r, 0, "executions_per_call")));
    assert_true(cJSON_IsNull(ev(&r, 0, "bytes")));
    assert_string_equal(ev_str(&r, 0, "allocator"), "strdup");
    pa_report_free(&r);
    pa_model_free(m);
}

/* std::vector<int> v; for (...) v.push_back(i): operator new inlined from
 * libstdc++, the old storage (a loop-carried phi) deleted in the loop. */
static pa_function *vector_growth(pa_module *m, bool reserved)
{
    pa_function *f = simple_loop(m, "_Z4pushi");
    int init = cnst(f, 0);
    if (reserved) {
        int v;
        int rop = tb_alloc(f, 0, PA_ALLOCATOR_NEW, PA_UNKNOWN_SIZE, &v);
        (void)rop;
        init = v;
    }
    int fresh;
    int op = tb_alloc(f, 1, PA_ALLOCATOR_NEW, PA_UNKNOWN_SIZE, &fresh);
    tb_loc(f, op, "push.cpp", 14);
    f->ops[op].origin.file = "/usr/include/c++/12/bits/new_allocator.h";
    f->ops[op].origin.line = 137;
    f->ops[op].inline_depth = 3;
    int begin = merge(f), carried = merge(f);
    set_inputs2(f, begin, init, carried);
    set_inputs2(f, carried, begin, fresh);
    /* begin is the phi at the loop's header: the buffer carried round it */
    int from[2] = {0, 1};
    assert_int_equal(pa_model_set_input_blocks(f, begin, from, 2), 0);
    f->values[begin].def_block = 1;
    add_free(f, 1, begin);
    return f;
}

static void loopalloc_should_advise_reserve_for_vector_growth_in_a_counted_loop(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("push.cpp");
    vector_growth(m, false);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].kind, PA_F_LOOP_ALLOC);
    assert_string_equal(ev_str(&r, 0, "growth"), "amortised");
    assert_string_equal(ev_str(&r, 0, "advice"), "reserve");
    assert_true(cJSON_IsTrue(ev(&r, 0, "container")));
    assert_non_null(strstr(r.items[0].message, "reserve()"));
    pa_report_free(&r);
    pa_model_free(m);
}

/* A static function inlined into its caller, its loop's back edge left
 * without a line by the optimiser (Brotli's BrotliCompressBufferQuality10
 * in BrotliEncoderCompress): the loop's header sits on the caller's call
 * line, as the op does, so the loop is the callee's and the finding goes
 * to the allocation's own line, not the call. */
static void loopalloc_should_place_a_finding_in_an_inlined_loop_without_a_latch_line(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("encode.c");
    pa_function *f = simple_loop(m, "compress");
    int buf;
    int op = tb_alloc(f, 1, PA_ALLOCATOR_MALLOC, 64, &buf);
    tb_loc(f, op, "encode.c", 1454);
    f->ops[op].inline_depth = 1;
    f->ops[op].inner = (pa_loc){"encode.c", 1234, 27};
    f->ops[op].inner_depth = 0;
    add_free(f, 1, buf);
    f->loops[0].loc = f->ops[op].loc; /* the call line, as the op's */
    f->loops[0].inline_depth = 1;
    f->blocks[1].term_loc = (pa_loc){NULL, 0, 0}; /* the back edge */
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].kind, PA_F_LOOP_ALLOC);
    assert_int_equal(r.items[0].loc.line, 1234);
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_not_report_vector_growth_after_reserve(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("push.cpp");
    vector_growth(m, true);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 0);
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_advise_hoist_for_a_container_rebuilt_each_outer_iteration(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("v.cpp");
    /* b0 -> b1 outer -> b2 inner (self) -> b3 outer latch (destructor) -> b4 */
    pa_function *f = tb_function(m, "_Z9local_vecii", 2, 5);
    assert_int_equal(pa_model_add_succ(f, 2, 2), 0);
    assert_int_equal(pa_model_add_succ(f, 3, 1), 0);
    int outer = add_loop(f, PA_NONE, 1, 0, "n");
    int inner = add_loop(f, outer, 2, 0, "m");
    in_loop(f, 1, outer, 20.0);
    in_loop(f, 2, inner, 400.0);
    in_loop(f, 3, outer, 20.0);
    int fresh;
    int op = tb_alloc(f, 2, PA_ALLOCATOR_NEW, PA_UNKNOWN_SIZE, &fresh);
    f->ops[op].origin.file = "/usr/include/c++/12/bits/new_allocator.h";
    f->ops[op].inline_depth = 2;
    int null = cnst(f, 0), begin = merge(f), carried = merge(f), at_end = merge(f);
    set_inputs2(f, begin, null, carried);
    set_inputs2(f, carried, begin, fresh);
    set_inputs2(f, at_end, null, carried);
    add_free(f, 2, begin);
    add_free(f, 3, at_end);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 1);
    assert_string_equal(ev_str(&r, 0, "advice"), "hoist");
    assert_string_equal(ev_str(&r, 0, "freed"), "enclosing-loop");
    assert_true(ev_num(&r, 0, "loop_depth") == 2);
    assert_non_null(strstr(r.items[0].message, "clear()"));
    pa_report_free(&r);
    pa_model_free(m);
}

/* ---- loop-realloc-growth ------------------------------------------------------ */

/* p = realloc(p, len + 16) every iteration, len += 16. */
static void loopalloc_should_report_quadratic_growth_for_a_constant_realloc_increment(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("grow.c");
    pa_function *f = simple_loop(m, "grow");
    int len = merge(f), zero = cnst(f, 0), sixteen = cnst(f, 16);
    int next = arith(f, PA_ARITH_ADD, len, sixteen);
    set_inputs2(f, len, zero, next);
    int p = merge(f), q;
    int op = tb_alloc(f, 1, PA_ALLOCATOR_REALLOC, PA_UNKNOWN_SIZE, &q);
    f->ops[op].realloc_src = p;
    f->ops[op].size_value = next;
    set_inputs2(f, p, zero, q);
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].kind, PA_F_LOOP_REALLOC_GROWTH);
    assert_true(ev_num(&r, 0, "increment_bytes") == 16);
    assert_string_equal(ev_str(&r, 0, "advice"), "geometric");
    assert_string_equal(ev_str(&r, 0, "pattern"), "realloc-constant-increment");
    assert_non_null(strstr(r.items[0].message, "by 16 bytes"));
    assert_non_null(strstr(r.items[0].message, "quadratic"));
    pa_report_free(&r);
    pa_model_free(m);
}

/* if (len == cap) { cap *= 2; p = realloc(p, cap); } */
static pa_function *doubling(pa_module *m, const char *trip_text, bool presized)
{
    pa_function *f = guarded_loop(m, "grow2", trip_text);
    int init_buf;
    int mop = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, presized ? PA_UNKNOWN_SIZE : 16, &init_buf);
    (void)mop;
    int cap = merge(f), join = merge(f), two = cnst(f, 2), sixteen = cnst(f, 16);
    int doubled = arith(f, PA_ARITH_MUL, cap, two);
    set_inputs2(f, cap, sixteen, join);
    set_inputs2(f, join, cap, doubled);
    int p = merge(f), pj = merge(f), q;
    int op = tb_alloc(f, 2, PA_ALLOCATOR_REALLOC, PA_UNKNOWN_SIZE, &q);
    f->ops[op].realloc_src = p;
    f->ops[op].size_value = doubled;
    set_inputs2(f, p, init_buf, pj);
    set_inputs2(f, pj, p, q);
    return f;
}

static void loopalloc_should_call_doubling_realloc_amortised_not_quadratic(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("grow2.c");
    doubling(m, "n", false);
    pa_report r;
    run(m, &r);
    assert_int_equal(pa_report_count_kind(&r, PA_F_LOOP_REALLOC_GROWTH), 0);
    assert_int_equal(r.count, 1);
    assert_string_equal(ev_str(&r, 0, "growth"), "amortised");
    assert_string_equal(ev_str(&r, 0, "advice"), "reserve");
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_stay_silent_on_doubling_realloc_with_unknown_trip_count(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("grow2.c");
    doubling(m, NULL, false);
    pa_module *m2 = pa_model_new("grow2.c");
    doubling(m2, "n", true); /* malloc(n) before the loop: already pre-sized */
    pa_report r, r2;
    run(m, &r);
    run(m2, &r2);
    assert_int_equal(r.count, 0);
    assert_int_equal(r2.count, 0);
    pa_report_free(&r);
    pa_report_free(&r2);
    pa_model_free(m);
    pa_model_free(m2);
}

static void loopalloc_should_report_strcat_into_the_same_buffer_as_quadratic(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("join.c");
    pa_function *f = simple_loop(m, "join");
    int out = 0; /* the parameter */
    f->values[out].name = "out";
    int word = tb_value(f, PA_VAL_LOAD, NULL);
    int args[2] = {out, word};
    int op = tb_call(f, 1, "strcat", args, 2);
    tb_loc(f, op, "join.c", 6);
    /* strcat into a buffer made inside the loop is not a growing string */
    int fresh;
    tb_alloc(f, 1, PA_ALLOCATOR_MALLOC, 64, &fresh);
    int args2[2] = {fresh, word};
    tb_call(f, 1, "strcat", args2, 2);
    add_free(f, 1, fresh);
    pa_report r;
    run(m, &r);
    assert_int_equal(pa_report_count_kind(&r, PA_F_LOOP_REALLOC_GROWTH), 1);
    assert_string_equal(ev_str(&r, 0, "pattern"), "strcat");
    assert_string_equal(ev_str(&r, 0, "advice"), "track-end");
    assert_string_equal(ev_str(&r, 0, "string"), "out");
    assert_int_equal(r.items[0].loc.line, 6);
    pa_report_free(&r);
    pa_model_free(m);
}

static void loopalloc_should_report_the_strlen_form_of_strcat_once(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("join.c");
    pa_function *f = simple_loop(m, "join");
    int out = 0;
    int a1[1] = {out};
    tb_call(f, 1, "strlen", a1, 1);
    int end = tb_value(f, PA_VAL_DERIVED, NULL);
    f->values[end].base = out;
    f->values[end].offset = PA_UNKNOWN_SIZE;
    int st = pa_model_add_op(f, 1, PA_OP_STORE);
    f->ops[st].addr = end;
    tb_call(f, 1, "strlen", a1, 1); /* a second append to the same string */
    pa_report r;
    run(m, &r);
    assert_int_equal(r.count, 1);
    assert_string_equal(ev_str(&r, 0, "pattern"), "strlen-append");
    pa_report_free(&r);
    pa_model_free(m);
}

/* ---- growth classification -------------------------------------------------- */

static void growth_should_find_the_step_of_an_induction_times_a_constant(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 0, 1);
    /* (i + 1) * 16 with i = phi(0, i + 1), through a zext */
    int i = merge(f), one = cnst(f, 1), zero = cnst(f, 0), c16 = cnst(f, 16);
    int inext = arith(f, PA_ARITH_ADD, i, one);
    set_inputs2(f, i, zero, inext);
    int wide = arith(f, PA_ARITH_CAST, inext, PA_NONE);
    int size = arith(f, PA_ARITH_MUL, wide, c16);
    pa_loopalloc_size_growth g = pa_loopalloc_classify_growth(f, size);
    assert_int_equal(g.kind, PA_LOOPALLOC_GROWTH_LINEAR);
    assert_true(g.step == 16);
    assert_false(g.conditional);
    /* i << 4 as well */
    int shifted = arith(f, PA_ARITH_SHL, i, cnst(f, 4));
    g = pa_loopalloc_classify_growth(f, shifted);
    assert_int_equal(g.kind, PA_LOOPALLOC_GROWTH_LINEAR);
    assert_true(g.step == 16);
    /* i * i is not linear: claim nothing */
    int square = arith(f, PA_ARITH_MUL, i, i);
    assert_int_equal(pa_loopalloc_classify_growth(f, square).kind, PA_LOOPALLOC_GROWTH_UNKNOWN);
    pa_model_free(m);
}

static void growth_should_recognise_geometric_forms(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 0, 1);
    int c16 = cnst(f, 16), one = cnst(f, 1);
    /* cap = cap << 1 */
    int cap = merge(f);
    int shl = arith(f, PA_ARITH_SHL, cap, one);
    set_inputs2(f, cap, c16, shl);
    assert_int_equal(pa_loopalloc_classify_growth(f, shl).kind, PA_LOOPALLOC_GROWTH_GEOMETRIC);
    /* cap = cap + cap / 2 under a check: join(cap, cap + (cap >> 1)) */
    int cap2 = merge(f), join = merge(f);
    int half = arith(f, PA_ARITH_SHR, cap2, one);
    int grown = arith(f, PA_ARITH_ADD, cap2, half);
    set_inputs2(f, cap2, c16, join);
    set_inputs2(f, join, cap2, grown);
    assert_int_equal(pa_loopalloc_classify_growth(f, grown).kind, PA_LOOPALLOC_GROWTH_GEOMETRIC);
    /* len << 1 with len counting iterations: linear, slope 2 per counter */
    int len = merge(f), zero = cnst(f, 0);
    int lnext = arith(f, PA_ARITH_ADD, len, one);
    set_inputs2(f, len, zero, lnext);
    int twice = arith(f, PA_ARITH_SHL, len, one);
    pa_loopalloc_size_growth g = pa_loopalloc_classify_growth(f, twice);
    assert_int_equal(g.kind, PA_LOOPALLOC_GROWTH_LINEAR);
    assert_true(g.coef_num == 2 && g.coef_den == 1);
    pa_model_free(m);
}

static void growth_should_mark_a_capacity_stepped_under_a_check_as_conditional(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 0, 1);
    int cap = merge(f), join = merge(f), c64 = cnst(f, 64), zero = cnst(f, 0);
    int grown = arith(f, PA_ARITH_ADD, cap, c64);
    set_inputs2(f, cap, zero, join);
    set_inputs2(f, join, cap, grown);
    pa_loopalloc_size_growth g = pa_loopalloc_classify_growth(f, grown);
    assert_int_equal(g.kind, PA_LOOPALLOC_GROWTH_LINEAR);
    assert_true(g.step == 64);
    assert_true(g.conditional);
    pa_model_free(m);
}

static void growth_should_claim_nothing_for_values_the_model_does_not_show(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 1, 1);
    int unknown = tb_value(f, PA_VAL_UNKNOWN, NULL);
    int p = merge(f);
    int next = arith(f, PA_ARITH_ADD, p, unknown); /* p + (maybe p/2) */
    set_inputs2(f, p, cnst(f, 0), next);
    assert_int_equal(pa_loopalloc_classify_growth(f, unknown).kind, PA_LOOPALLOC_GROWTH_UNKNOWN);
    assert_int_equal(pa_loopalloc_classify_growth(f, next).kind, PA_LOOPALLOC_GROWTH_UNKNOWN);
    assert_int_equal(pa_loopalloc_classify_growth(f, 0).kind, PA_LOOPALLOC_GROWTH_INVARIANT);
    assert_int_equal(pa_loopalloc_classify_growth(f, PA_NONE).kind, PA_LOOPALLOC_GROWTH_UNKNOWN);
    assert_int_equal(pa_loopalloc_classify_growth(f, 999).kind, PA_LOOPALLOC_GROWTH_UNKNOWN);
    assert_int_equal(pa_loopalloc_classify_growth(NULL, 0).kind, PA_LOOPALLOC_GROWTH_UNKNOWN);
    /* a phi cycle with no arithmetic at all */
    int a = merge(f), b = merge(f);
    set_inputs2(f, a, b, b);
    set_inputs2(f, b, a, a);
    (void)pa_loopalloc_classify_growth(f, a);
    pa_model_free(m);
}

/* ---- malformed models ----------------------------------------------------------- */

static void loopalloc_should_survive_a_malformed_model(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("bad.c");
    pa_function *f = simple_loop(m, "bad");
    int v;
    int op = tb_alloc(f, 1, PA_ALLOCATOR_REALLOC, PA_UNKNOWN_SIZE, &v);
    f->ops[op].realloc_src = 12345;
    f->ops[op].size_value = -7;
    int op2 = tb_alloc(f, 1, PA_ALLOCATOR_LIBRARY, PA_UNKNOWN_SIZE, &v);
    f->ops[op2].ptr_arg = 3; /* no such argument */
    int args[1] = {4242};
    int fr = tb_call(f, 1, "free", args, 1);
    f->ops[fr].ptr_arg = 9;
    int sc = tb_call(f, 1, "strcat", args, 1);
    (void)sc;
    f->values[v].def_op = 777;
    int self = merge(f);
    set_inputs2(f, self, self, 99999);
    f->blocks[1].succs[0] = 555; /* edge to nowhere */
    f->loops[0].header = 77;     /* header out of range */
    f->loops[0].parent = 0;      /* its own parent */
    pa_function *g = simple_loop(m, "bad2");
    int w;
    tb_alloc(g, 1, PA_ALLOCATOR_MALLOC, 8, &w);
    g->blocks[1].loop = 42; /* loop id out of range: not in a loop */
    pa_function *h = simple_loop(m, "bad3");
    tb_alloc(h, 1, PA_ALLOCATOR_MALLOC, 8, &w);
    h->ops[h->nops - 1].block = -3;
    pa_report r;
    assert_int_equal(pa_report_init(&r), 0);
    assert_int_equal(pa_loopalloc_run(m, &r), 0);
    for (size_t i = 0; i < r.count; i++)
        assert_string_equal(r.items[i].function, "bad");
    assert_int_equal(pa_loopalloc_run(NULL, &r), 0);
    pa_report_free(&r);
    pa_model_free(m);
}

/* ---- a std::string built from empty per iteration ------------------------ */

#define APPEND_NAME                                                                          \
    "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char>>::_M_append(" \
    "char const*, unsigned long)"

typedef enum string_shape {
    BUILT_IN_BODY,  /* constructed in the loop body, then appended */
    BUILT_BEFORE,   /* constructed before the loop: grows across iterations */
    MOVED_AWAY,     /* its buffer stored into another object after the append */
    TEMPORARY,      /* built in the loop body, but an expression's temporary */
} string_shape;

/* simple_loop's body b1: `std::string s;` (its data pointer set to its
 * inline buffer at +16), s.append(text, len), and what `shape` adds. *append
 * receives the append's op. len < 0: not a constant. */
static pa_function *string_loop(pa_module *m, string_shape shape, int64_t len, int *append)
{
    pa_function *f = simple_loop(m, "_Z4keysi");
    int slot = tb_value(f, PA_VAL_STACK, "s");
    f->values[slot].own_variable = shape != TEMPORARY;
    int local_buf = tb_value(f, PA_VAL_DERIVED, NULL);
    f->values[local_buf].base = slot;
    f->values[local_buf].offset = 16;
    int init = pa_model_add_op(f, shape == BUILT_BEFORE ? 0 : 1, PA_OP_STORE);
    assert_int_not_equal(init, PA_NONE);
    f->ops[init].addr = slot;
    f->ops[init].stored = local_buf;
    int text = tb_value(f, PA_VAL_GLOBAL, ".str");
    int args[3] = {slot, text, PA_NONE};
    unsigned flags[3] = {0, 0, len >= 0 ? PA_ARG_CONST : 0};
    int64_t consts[3] = {0, 0, len};
    *append = pa_model_add_op(f, 1, PA_OP_CALL);
    assert_int_equal(pa_model_set_args(f, *append, args, flags, consts, 3), 0);
    f->ops[*append].callee = "_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_appendEPKcm";
    f->ops[*append].callee_demangled = APPEND_NAME;
    if (shape == MOVED_AWAY) {
        int load = pa_model_add_op(f, 1, PA_OP_LOAD);
        int data = tb_value(f, PA_VAL_LOAD, NULL);
        f->values[data].base = slot;
        f->values[data].def_op = load;
        f->ops[load].addr = slot;
        f->ops[load].result = data;
        int dest = tb_value(f, PA_VAL_ARG, "out");
        int keep = pa_model_add_op(f, 1, PA_OP_STORE);
        f->ops[keep].addr = dest;
        f->ops[keep].stored = data;
    }
    return f;
}

static void string_build_should_be_seen_only_for_a_string_rebuilt_each_iteration(void **state)
{
    (void)state;
    struct {
        string_shape shape;
        int64_t len;
        bool built, sure;
    } cases[] = {
        {BUILT_IN_BODY, 30, true, true},  /* past the 15 inline bytes */
        {BUILT_IN_BODY, -1, true, false}, /* length unknown: may stay inline */
        {BUILT_IN_BODY, 4, false, false}, /* stays inline */
        {BUILT_BEFORE, 30, false, false}, /* amortised growth of one string */
        {MOVED_AWAY, 30, false, false},   /* built for a container */
        {TEMPORARY, 30, false, false},    /* `"text " + name`: nothing to hoist */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pa_module *m = pa_model_new("keys.cpp");
        int append;
        pa_function *f = string_loop(m, cases[i].shape, cases[i].len, &append);
        pa_loopalloc_string_build b;
        pa_loopalloc_string_ops ops = {NULL, 0, false};
        bool built = pa_loopalloc_string_built_per_iteration(f, append, &ops, &b) == PA_STRING_REBUILT;
        pa_loopalloc_string_ops_free(&ops);
        assert_int_equal(built, cases[i].built);
        if (built) {
            assert_int_equal(b.sure, cases[i].sure);
            assert_int_equal(b.loop, f->blocks[1].loop);
            assert_string_equal(b.member, "append");
        }
        pa_model_free(m);
    }
    /* Bad ids answer no. */
    assert_int_equal(pa_loopalloc_string_built_per_iteration(NULL, 0, NULL, NULL), PA_STRING_NOT_STRING);
}

/* ---- node containers local to the call ----------------------------------- */

static int load_from(pa_function *f, int block, int addr)
{
    int op = pa_model_add_op(f, block, PA_OP_LOAD);
    int v = tb_value(f, PA_VAL_LOAD, NULL);
    f->values[v].base = addr;
    f->values[v].def_op = op;
    f->values[v].is_pointer = true;
    return v;
}

static int store_into(pa_function *f, int block, int addr, int stored)
{
    int st = pa_model_add_op(f, block, PA_OP_STORE);
    f->ops[st].addr = addr;
    f->ops[st].stored = stored;
    return st;
}

/* A local set's root pointer stored into its own header stays local; the
 * same pointer stored through a parameter (a move into the caller's set)
 * hands the nodes on; a stack temporary given it is followed. */
static void local_nodes_should_follow_where_pointers_loaded_from_the_container_go(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("set.cc");
    pa_function *f = simple_loop(m, "fill");
    int set = tb_value(f, PA_VAL_STACK, "idx");
    f->values[set].is_pointer = true;
    int root = load_from(f, 2, set);
    store_into(f, 2, set, root);
    assert_true(pa_loopalloc_keeps_nodes_to_itself(f, set));
    int tmp = tb_value(f, PA_VAL_STACK, NULL);
    f->values[tmp].is_pointer = true;
    store_into(f, 2, tmp, root);
    assert_true(pa_loopalloc_keeps_nodes_to_itself(f, set));
    int param = tb_value(f, PA_VAL_ARG, "out");
    f->values[param].is_pointer = true;
    int again = load_from(f, 2, tmp);
    store_into(f, 2, param, again);
    assert_false(pa_loopalloc_keeps_nodes_to_itself(f, set));
    /* Bad ids and missing functions give no claim. */
    assert_false(pa_loopalloc_keeps_nodes_to_itself(f, 100000));
    assert_false(pa_loopalloc_keeps_nodes_to_itself(NULL, set));
    pa_model_free(m);
}

/* A call of another file that takes the container may keep it, unless the
 * argument is nocapture; a library member taking it with a parameter's
 * object is a swap or move into that object. */
static void local_nodes_should_treat_calls_that_take_the_container_by_what_they_may_keep(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("set.cc");
    pa_function *f = simple_loop(m, "fill");
    int set = tb_value(f, PA_VAL_STACK, "idx");
    f->values[set].is_pointer = true;
    int use = tb_call(f, 2, "_Z7consumeRSt3setIiSt4lessIiESaIiEE", &set, 1);
    f->ops[use].callee_demangled = "consume(std::set<int, std::less<int>, std::allocator<int>>&)";
    assert_false(pa_loopalloc_keeps_nodes_to_itself(f, set));
    /* nocapture alone: the callee may still move the nodes out (a splice). */
    unsigned flags = PA_ARG_NOCAPTURE;
    assert_int_equal(pa_model_set_args(f, use, &set, &flags, NULL, 1), 0);
    assert_false(pa_loopalloc_keeps_nodes_to_itself(f, set));
    flags = PA_ARG_NOCAPTURE | PA_ARG_READONLY;
    assert_int_equal(pa_model_set_args(f, use, &set, &flags, NULL, 1), 0);
    assert_true(pa_loopalloc_keeps_nodes_to_itself(f, set));
    /* The same object reached through a pointer loaded from `this` (a
     * pimpl) is no less the caller's. */
    int self = tb_value(f, PA_VAL_ARG, "this");
    f->values[self].is_pointer = true;
    int member = load_from(f, 2, self);
    int both[2] = {member, set};
    int swap = tb_call(f, 2, "_ZNSt8_Rb_treeIiiSt9_IdentityIiESt4lessIiESaIiEE4swapERS5_", both, 2);
    f->ops[swap].callee_demangled =
        "std::_Rb_tree<int, int, std::_Identity<int>, std::less<int>, std::allocator<int>>::swap("
        "std::_Rb_tree<int, int, std::_Identity<int>, std::less<int>, std::allocator<int>>&)";
    assert_false(pa_loopalloc_keeps_nodes_to_itself(f, set));
    pa_model_free(m);
}

/* A container made empty inside the loop (a tree's header linked to
 * itself by its constructor, clear()) holds one iteration's elements; one
 * erased from as it goes holds a window of them. */
static void local_nodes_should_see_nodes_freed_in_the_loop(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("set.cc");
    pa_function *f = simple_loop(m, "fill");
    int set = tb_value(f, PA_VAL_STACK, "idx");
    f->values[set].is_pointer = true;
    int header = tb_value(f, PA_VAL_DERIVED, NULL);
    f->values[header].base = set;
    f->values[header].offset = 8;
    f->values[header].is_pointer = true;
    store_into(f, 0, header, header); /* constructed before the loop */
    assert_false(pa_loopalloc_nodes_freed_in(f, set, 0));
    int clear = tb_call(f, 1, "_ZNSt8_Rb_treeIiiE5clearEv", &set, 1);
    f->ops[clear].callee_demangled = "std::_Rb_tree<int, int>::clear()";
    assert_true(pa_loopalloc_nodes_freed_in(f, set, 0));
    f->ops[clear].callee_demangled = "std::_Rb_tree<int, int>::size() const";
    assert_false(pa_loopalloc_nodes_freed_in(f, set, 0));
    /* One node erased: std::_Rb_tree_rebalance_for_erase(node, header),
     * the node loaded from the header. */
    int oldest = load_from(f, 1, header);
    int args[2] = {oldest, header};
    int erase = tb_call(f, 1, "_ZSt28_Rb_tree_rebalance_for_erasePSt18_Rb_tree_node_baseRS_", args, 2);
    f->ops[erase].callee_demangled =
        "std::_Rb_tree_rebalance_for_erase(std::_Rb_tree_node_base*, std::_Rb_tree_node_base&)";
    assert_true(pa_loopalloc_nodes_freed_in(f, set, 0));
    f->ops[erase].callee_demangled = "std::_Rb_tree_increment(std::_Rb_tree_node_base*)";
    assert_false(pa_loopalloc_nodes_freed_in(f, set, 0));
    store_into(f, 1, header, header); /* constructed in the loop's body */
    assert_true(pa_loopalloc_nodes_freed_in(f, set, 0));
    assert_false(pa_loopalloc_nodes_freed_in(NULL, set, 0));
    pa_model_free(m);
}

/* The family a message names comes from the calls on the object: the
 * public class of its destructor, or the tree's value kind and an
 * equal-key insert. */
static void local_nodes_should_name_the_container_from_its_calls(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("set.cc");
    pa_function *f = simple_loop(m, "fill");
    int set = tb_value(f, PA_VAL_STACK, "idx");
    f->values[set].is_pointer = true;
    assert_string_equal(pa_loopalloc_container_family(f, set, "std::set/std::map"),
                        "std::set/std::map");
    int dtor = tb_call(f, 2, "_ZNSt8_Rb_treeIiiSt9_IdentityIiESt4lessIiESaIiEE8_M_eraseEPSt13_Rb_tree_nodeIiE",
                       &set, 1);
    f->ops[dtor].callee_demangled = "std::_Rb_tree<int, int, std::_Identity<int>, std::less<int>, "
                                    "std::allocator<int>>::_M_erase(std::_Rb_tree_node<int>*)";
    assert_string_equal(pa_loopalloc_container_family(f, set, "?"), "std::set");
    int ins = tb_call(f, 1, "_ZNSt8_Rb_treeIiiSt9_IdentityIiESt4lessIiESaIiEE16_M_insert_equalIiEE", &set, 1);
    f->ops[ins].callee_demangled = "std::_Rb_tree_iterator<int> std::_Rb_tree<int, int, "
                                   "std::_Identity<int>, std::less<int>, "
                                   "std::allocator<int>>::_M_insert_equal<int>(int&&)";
    assert_string_equal(pa_loopalloc_container_family(f, set, "?"), "std::multiset");
    pa_model_free(m);
}

/* Demangled names: a template's starts with its return type, which says
 * nothing of whose function it is. */
static void cxx_names_should_read_past_a_template_return_type(void **state)
{
    (void)state;
    assert_true(pa_cxx_in_std("void std::deque<int, std::allocator<int>>::_M_push_back_aux<int "
                              "const&>(int const&)"));
    assert_false(pa_cxx_in_std("std::set<int> mine::collect<int>(int)"));
    assert_false(pa_cxx_in_std(NULL));
    assert_true(pa_cxx_std_internal("std::_Rb_tree_insert_and_rebalance(bool, "
                                    "std::_Rb_tree_node_base*, std::_Rb_tree_node_base*, "
                                    "std::_Rb_tree_node_base&)"));
    assert_false(pa_cxx_std_internal("std::hash<Foo>::operator()(Foo const&) const"));
    size_t len = 0;
    const char *m = pa_cxx_member_name("std::_Rb_tree_iterator<int> std::_Rb_tree<int, "
                                       "int>::_M_emplace_hint_unique<int&>(int&)",
                                       &len);
    assert_int_equal(len, strlen("_M_emplace_hint_unique"));
    assert_memory_equal(m, "_M_emplace_hint_unique", len);
    /* A return type's own "::" is not the function's. */
    m = pa_cxx_member_name("std::pair<int, int> make(int)", &len);
    assert_int_equal(len, 4);
    assert_memory_equal(m, "make", len);
    assert_string_equal(pa_cxx_parameters("bool std::__includes<std::_Rb_tree_const_iterator<int>>"
                                          "(std::_Rb_tree_const_iterator<int>)"),
                        "(std::_Rb_tree_const_iterator<int>)");
    assert_string_equal(pa_cxx_parameters("no_parameters"), "");
}

/* A container insert is named by its member and the class that owns it;
 * the first member of the list a name holds decides (one pass over the
 * name's "::"s gives what a search per member gave). */
static void cxx_names_should_find_container_inserts(void **state)
{
    (void)state;
    const char *d = "void std::vector<int, std::allocator<int> >::push_back(int const&)";
    assert_ptr_equal(pa_cxx_container_insert_class(d), d + strlen("void "));
    d = "int& std::vector<int>::emplace_back<int>(int&&)";
    assert_ptr_equal(pa_cxx_container_insert_class(d), d + strlen("int& "));
    d = "std::map<int, int>::operator[](int const&)";
    assert_ptr_equal(pa_cxx_container_insert_class(d), d);
    d = "std::pair<std::_Rb_tree_iterator<int>, bool> std::set<int>::insert(int const&)";
    assert_ptr_equal(pa_cxx_container_insert_class(d), strstr(d, "std::set<"));
    assert_null(pa_cxx_container_insert_class("void mine::Bag::insert(int)"));
    assert_null(pa_cxx_container_insert_class("std::vector<int>::size() const"));
    assert_null(pa_cxx_container_insert_class(NULL));
    /* push_back comes before insert in the list: it decides, wherever it is. */
    d = "void std::set<int>::insert(q::Foo::push_back(int))";
    assert_null(pa_cxx_container_insert_class(d));
    d = "void mine::Bag::insert(std::deque<int>::push_back(int))";
    assert_ptr_equal(pa_cxx_container_insert_class(d), strstr(d, "std::deque<"));
}

/* Out-of-line inserts are told by their class and member, past the return
 * type a template member's demangled name starts with. */
static void local_nodes_should_name_out_of_line_inserts(void **state)
{
    (void)state;
    pa_op o;
    memset(&o, 0, sizeof o);
    o.kind = PA_OP_CALL;
    o.callee = "_ZNSt8_Rb_treeIiSt4pairIKiiE22_M_emplace_hint_uniqueIJEEESt17_Rb_tree_iteratorIS2_E";
    o.callee_demangled = "std::_Rb_tree_iterator<std::pair<int const, int>> std::_Rb_tree<int, "
                         "std::pair<int const, int>>::_M_emplace_hint_unique<>(int)";
    assert_string_equal(pa_loopalloc_node_insert_member(&o), "std::set/std::map");
    o.callee = "_ZNSt10_HashtableIiiE10_M_emplaceIJEEEvi";
    o.callee_demangled = "void std::_Hashtable<int, int>::_M_emplace<>(int)";
    assert_string_equal(pa_loopalloc_node_insert_member(&o), "std::unordered_set/std::unordered_map");
    o.callee = "_ZNSt3mapIiiSt4lessIiESaISt4pairIKiiEEEixERS3_";
    o.callee_demangled = "std::map<int, int, std::less<int>, std::allocator<std::pair<int const, "
                         "int>>>::operator[](int const&)";
    assert_string_equal(pa_loopalloc_node_insert_member(&o), "std::map");
    o.callee = "_ZNSt6vectorIiSaIiEE9push_backERKi";
    o.callee_demangled = "std::vector<int, std::allocator<int>>::push_back(int const&)";
    assert_null(pa_loopalloc_node_insert_member(&o)); /* a buffer, not nodes */
    /* A user's template returning a std type is not the library's. */
    o.callee = "_ZN4mine6insertISt3setIiEEET_v";
    o.callee_demangled = "std::set<int> mine::insert<std::set<int>>()";
    assert_null(pa_loopalloc_node_insert_member(&o));
    o.callee = "_ZNSt8_Rb_treeIiiE4findEi";
    o.callee_demangled = "std::_Rb_tree<int, int>::find(int)";
    assert_null(pa_loopalloc_node_insert_member(&o));
    assert_null(pa_loopalloc_node_insert_member(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loopalloc_should_advise_hoist_for_malloc_freed_in_the_same_iteration),
        cmocka_unit_test(loopalloc_should_report_depth_two_and_more_executions_in_a_nested_loop),
        cmocka_unit_test(loopalloc_should_not_report_an_allocation_before_the_loop),
        cmocka_unit_test(loopalloc_should_not_advise_for_nodes_stored_into_a_kept_structure),
        cmocka_unit_test(loopalloc_should_advise_batch_for_blocks_neither_freed_nor_kept),
        cmocka_unit_test(loopalloc_should_skip_allocations_located_in_library_headers),
        cmocka_unit_test(loopalloc_should_say_unknown_executions_without_frequencies),
        cmocka_unit_test(loopalloc_should_advise_reserve_for_vector_growth_in_a_counted_loop),
        cmocka_unit_test(loopalloc_should_place_a_finding_in_an_inlined_loop_without_a_latch_line),
        cmocka_unit_test(loopalloc_should_not_report_vector_growth_after_reserve),
        cmocka_unit_test(loopalloc_should_advise_hoist_for_a_container_rebuilt_each_outer_iteration),
        cmocka_unit_test(loopalloc_should_report_quadratic_growth_for_a_constant_realloc_increment),
        cmocka_unit_test(loopalloc_should_call_doubling_realloc_amortised_not_quadratic),
        cmocka_unit_test(loopalloc_should_stay_silent_on_doubling_realloc_with_unknown_trip_count),
        cmocka_unit_test(loopalloc_should_report_strcat_into_the_same_buffer_as_quadratic),
        cmocka_unit_test(loopalloc_should_report_the_strlen_form_of_strcat_once),
        cmocka_unit_test(growth_should_find_the_step_of_an_induction_times_a_constant),
        cmocka_unit_test(growth_should_recognise_geometric_forms),
        cmocka_unit_test(growth_should_mark_a_capacity_stepped_under_a_check_as_conditional),
        cmocka_unit_test(growth_should_claim_nothing_for_values_the_model_does_not_show),
        cmocka_unit_test(loopalloc_should_survive_a_malformed_model),
        cmocka_unit_test(string_build_should_be_seen_only_for_a_string_rebuilt_each_iteration),
        cmocka_unit_test(local_nodes_should_follow_where_pointers_loaded_from_the_container_go),
        cmocka_unit_test(local_nodes_should_treat_calls_that_take_the_container_by_what_they_may_keep),
        cmocka_unit_test(local_nodes_should_see_nodes_freed_in_the_loop),
        cmocka_unit_test(local_nodes_should_name_the_container_from_its_calls),
        cmocka_unit_test(local_nodes_should_name_out_of_line_inserts),
        cmocka_unit_test(cxx_names_should_read_past_a_template_return_type),
        cmocka_unit_test(cxx_names_should_find_container_inserts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
