/* tests/test_escape.c — heap escape analysis on hand-built models: every escape
 * route, freed / not freed paths, null checks, realloc, threshold, loops,
 * wrappers, summaries, C++ exception edges and malformed models.
 * Run: ctest --test-dir build-escape -R unit.test_escape --output-on-failure */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "model_builders.h"

/* ---- builders ------------------------------------------------------------ */

/* A function with n unconnected blocks (edges and exits set by the test). */
static pa_function *bare_function(pa_module *m, const char *name, unsigned nparams, int nblocks)
{
    pa_function *f = tb_function(m, name, nparams, 1);
    f->blocks[0].returns = false;
    for (int i = 1; i < nblocks; i++)
        assert_int_equal(pa_model_add_block(f), i);
    return f;
}

static void edge(pa_function *f, int from, int to)
{
    assert_int_equal(pa_model_add_succ(f, from, to), 0);
}

static int free_op(pa_function *f, int block, int v)
{
    return tb_call(f, block, "free", &v, 1);
}

static int ret_op(pa_function *f, int block, int v)
{
    int op = pa_model_add_op(f, block, PA_OP_RET);
    assert_int_not_equal(op, PA_NONE);
    f->ops[op].ret_value = v;
    return op;
}

static int store_op(pa_function *f, int block, int addr, int stored)
{
    int op = pa_model_add_op(f, block, PA_OP_STORE);
    assert_int_not_equal(op, PA_NONE);
    f->ops[op].addr = addr;
    f->ops[op].stored = stored;
    return op;
}

static int load_op(pa_function *f, int block, int addr, int *result)
{
    int op = pa_model_add_op(f, block, PA_OP_LOAD);
    assert_int_not_equal(op, PA_NONE);
    int v = tb_value(f, PA_VAL_LOAD, NULL);
    f->values[v].base = addr;
    f->values[v].def_op = op;
    f->ops[op].addr = addr;
    f->ops[op].result = v;
    if (result)
        *result = v;
    return op;
}

/* A call whose pointer argument v is neither kept nor freed (puts, strlen:
 * LLVM marks both nocapture and nofree). */
static int nocapture_call(pa_function *f, int block, const char *callee, int v)
{
    int op = tb_call(f, block, callee, &v, 1);
    f->ops[op].arg_flags[0] = PA_ARG_NOCAPTURE | PA_ARG_READONLY | PA_ARG_NOFREE;
    return op;
}

static int derived(pa_function *f, int base, int64_t offset)
{
    int v = tb_value(f, PA_VAL_DERIVED, NULL);
    f->values[v].base = base;
    f->values[v].offset = offset;
    return v;
}

static int merge2(pa_function *f, int a, int b)
{
    int v = tb_value(f, PA_VAL_MERGE, NULL);
    int in[2] = {a, b};
    assert_int_equal(pa_model_set_inputs(f, v, in, 2), 0);
    return v;
}

static int null_const(pa_function *f)
{
    return tb_value(f, PA_VAL_CONST, NULL);
}

/* Block b ends in "if (v == NULL) goto succs[zero_succ]". */
static void null_check(pa_function *f, int b, int v, int zero_succ)
{
    f->blocks[b].cond_value = v;
    f->blocks[b].zero_succ = zero_succ;
}

/* ---- running and querying ------------------------------------------------ */

typedef struct fixture {
    pa_module *m;
    pa_report r;
} fixture;

static int setup(void **state)
{
    static fixture fx;
    fx.m = pa_model_new("a.c");
    if (!fx.m || pa_report_init(&fx.r) != 0)
        return -1;
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    pa_report_free(&fx->r);
    pa_model_free(fx->m);
    return 0;
}

/* The analysis reads callee indices: link calls as the plugin's extractor does. */
static void link_calls(fixture *fx)
{
    assert_int_equal(pa_model_link_calls(fx->m), 0);
}

static void run(fixture *fx)
{
    link_calls(fx);
    assert_int_equal(pa_escape_run(fx->m, &fx->r), 0);
}

/* The finding of `kind` reported at op `op` of function `fn`, or NULL. */
static const pa_finding *finding_at(const fixture *fx, pa_finding_kind kind, const pa_function *f, int op)
{
    for (size_t i = 0; i < fx->r.count; i++) {
        const pa_finding *fd = &fx->r.items[i];
        if (fd->kind == kind && fd->handle == f->ops[op].handle && fd->function == f->name &&
            fd->loc.line == f->ops[op].loc.line)
            return fd;
    }
    return NULL;
}

/* Give every op a distinct line and handle so findings can be matched. */
static void locate_all(pa_module *m)
{
    static char handles[4096];
    unsigned line = 1;
    for (size_t fi = 0; fi < m->nfunctions; fi++) {
        pa_function *f = m->functions[fi];
        for (size_t o = 0; o < f->nops; o++, line++) {
            tb_loc(f, (int)o, "a.c", line);
            f->ops[o].handle = &handles[line % sizeof handles];
        }
    }
}

static const char *ev_string(const pa_finding *fd, const char *key)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(fd->evidence, key);
    return cJSON_IsString(j) ? j->valuestring : NULL;
}

static bool ev_true(const pa_finding *fd, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(fd->evidence, key));
}

static double ev_number(const pa_finding *fd, const char *key)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(fd->evidence, key);
    return cJSON_IsNumber(j) ? j->valuedouble : -1.0;
}

static bool ev_null(const pa_finding *fd, const char *key)
{
    return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(fd->evidence, key));
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!haystack || !strstr(haystack, needle))
        fail_msg("expected \"%s\" in \"%s\"", needle, haystack ? haystack : "(null)");
}

static const pa_finding *expect_escape(fixture *fx, const pa_function *f, int op, const char *via)
{
    const pa_finding *fd = finding_at(fx, PA_F_HEAP_ESCAPE, f, op);
    assert_non_null(fd);
    assert_string_equal(ev_string(fd, "via"), via);
    assert_null(finding_at(fx, PA_F_HEAP_TO_STACK, f, op));
    assert_null(finding_at(fx, PA_F_NO_ESCAPE, f, op));
    return fd;
}

static const pa_finding *expect_no_escape(fixture *fx, const pa_function *f, int op, const char *reason)
{
    const pa_finding *fd = finding_at(fx, PA_F_NO_ESCAPE, f, op);
    assert_non_null(fd);
    assert_string_equal(ev_string(fd, "reason"), reason);
    assert_null(finding_at(fx, PA_F_HEAP_TO_STACK, f, op));
    assert_null(finding_at(fx, PA_F_HEAP_ESCAPE, f, op));
    return fd;
}

static const pa_finding *expect_stack(fixture *fx, const pa_function *f, int op)
{
    const pa_finding *fd = finding_at(fx, PA_F_HEAP_TO_STACK, f, op);
    assert_non_null(fd);
    assert_null(finding_at(fx, PA_F_HEAP_ESCAPE, f, op));
    assert_null(finding_at(fx, PA_F_NO_ESCAPE, f, op));
    assert_true(ev_true(fd, "freed_on_all_paths"));
    return fd;
}

static const cJSON *summary_of(const fixture *fx, const char *fn, const char *key)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(fx->r.summaries, fn);
    return cJSON_GetObjectItemCaseSensitive(s, key);
}

static bool summary_list_has(const fixture *fx, const char *fn, const char *key, int index)
{
    const cJSON *arr = summary_of(fx, fn, key);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (cJSON_IsNumber(it) && it->valueint == index)
            return true;
    }
    return false;
}

/* The canonical stack candidate: p = malloc(size); puts(p); free(p); return. */
static int small_buffer_function(pa_module *m, const char *name, int64_t size, pa_function **out)
{
    pa_function *f = tb_function(m, name, 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, size, &v);
    nocapture_call(f, 0, "puts", v);
    free_op(f, 0, v);
    ret_op(f, 0, PA_NONE);
    *out = f;
    return op;
}

/* ---- tests: heap-to-stack ------------------------------------------------ */

static void escape_should_run_on_empty_module(void **state)
{
    fixture *fx = *state;
    run(fx);
    assert_int_equal(fx->r.count, 0);
}

static void escape_should_suggest_stack_for_small_freed_malloc(void **state)
{
    fixture *fx = *state;
    pa_function *f;
    int op = small_buffer_function(fx->m, "parse_line", 64, &f);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_stack(fx, f, op);
    assert_contains(fd->message, "malloc(64) in parse_line() does not escape and is freed on every path");
    assert_contains(fd->message, "64-byte stack array (char buf[64])");
    assert_string_equal(ev_string(fd, "allocator"), "malloc");
    assert_true(ev_number(fd, "bytes") == 64);
    assert_true(ev_number(fd, "loop_depth") == 0);
    assert_true(ev_null(fd, "via"));
    assert_int_equal(pa_report_count_kind(&fx->r, PA_F_HEAP_TO_STACK), 1);
    assert_true(cJSON_IsTrue(summary_of(fx, "parse_line", "allocates")));
    assert_true(cJSON_IsFalse(summary_of(fx, "parse_line", "returns_allocation")));
}

static void escape_should_suggest_local_object_for_cxx_new(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "_Z3usev", 0, 1);
    f->demangled = "use()";
    int v, w;
    int op_new = tb_alloc(f, 0, PA_ALLOCATOR_NEW, 24, &v);
    int op_arr = tb_alloc(f, 0, PA_ALLOCATOR_NEW_ARRAY, 256, &w);
    nocapture_call(f, 0, "_Z4readPv", v);
    nocapture_call(f, 0, "_Z4readPv", w);
    tb_call(f, 0, "_ZdlPvm", &v, 1);
    tb_call(f, 0, "_ZdaPv", &w, 1);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_stack(fx, f, op_new);
    assert_contains(fd->message, "operator new(24) in use() does not escape and is deleted on every path");
    assert_contains(fd->message, "local object");
    fd = expect_stack(fx, f, op_arr);
    assert_contains(fd->message, "std::array");
}

static void escape_should_not_escape_through_nocapture_call(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_CALLOC, 128, &v);
    int args[3] = {v, PA_NONE, PA_NONE};
    int call = tb_call(f, 0, "snprintf", args, 3);
    f->ops[call].arg_flags[0] = PA_ARG_NOCAPTURE | PA_ARG_NOFREE;
    nocapture_call(f, 0, "strlen", derived(f, v, 8));
    free_op(f, 0, v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_stack(fx, f, op);
    assert_contains(fd->message, "zero-initialised 128-byte stack array");
}

static void escape_should_not_suggest_stack_when_a_nocapture_callee_may_free(void **state)
{
    fixture *fx = *state;
    /* consume(p) keeps no pointer but is not nofree: it may free p, so a
     * stack array would be freed. Neither a stack candidate nor a leak. */
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 32, &v);
    int call = tb_call(f, 0, "consume", &v, 1);
    f->ops[call].arg_flags[0] = PA_ARG_NOCAPTURE;
    free_op(f, 0, v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_no_escape(fx, f, op, "a callee may free it");
    assert_contains(fd->message, "passed to consume(), which may free it");
    assert_string_equal(ev_string(fd, "freed_by_callee"), "consume");
}

static void escape_should_report_a_never_freed_allocation_as_a_leak(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 32, &v);
    nocapture_call(f, 0, "puts", v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = finding_at(fx, PA_F_MEMORY_LEAK, f, op);
    assert_non_null(fd);
    assert_string_equal(ev_string(fd, "confidence"), "high");
    assert_contains(fd->message, "never freed");
    assert_null(finding_at(fx, PA_F_HEAP_TO_STACK, f, op));
    assert_null(finding_at(fx, PA_F_NO_ESCAPE, f, op));
}

static void escape_should_count_null_path_as_freed(void **state)
{
    fixture *fx = *state;
    /* b0: p = malloc(32); if (!p) goto b2; b1: use; free(p); b2: return */
    pa_function *f = bare_function(fx->m, "f", 0, 3);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 32, &v);
    edge(f, 0, 2);
    edge(f, 0, 1);
    edge(f, 1, 2);
    null_check(f, 0, v, 0);
    nocapture_call(f, 1, "puts", v);
    free_op(f, 1, v);
    ret_op(f, 2, PA_NONE);
    f->blocks[2].returns = true;
    locate_all(fx->m);
    run(fx);
    expect_stack(fx, f, op);
}

static void escape_should_ignore_paths_ending_in_unreachable(void **state)
{
    fixture *fx = *state;
    /* b0: p = malloc(16); if (cond) goto b1 (abort) else b2: free; return */
    pa_function *f = bare_function(fx->m, "f", 0, 3);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 16, &v);
    nocapture_call(f, 0, "puts", v);
    edge(f, 0, 1);
    edge(f, 0, 2);
    tb_call(f, 1, "abort", NULL, 0);
    f->blocks[1].unreachable = true;
    free_op(f, 2, v);
    ret_op(f, 2, PA_NONE);
    f->blocks[2].returns = true;
    locate_all(fx->m);
    run(fx);
    expect_stack(fx, f, op);
}

static void escape_should_suggest_stack_inside_loop_when_freed_each_iteration(void **state)
{
    fixture *fx = *state;
    /* b0 -> b1 (loop: p = malloc(64); use; free(p)) -> b1 | b2 return */
    pa_function *f = bare_function(fx->m, "f", 0, 3);
    int loop = pa_model_add_loop(f, PA_NONE);
    f->loops[loop].header = 1;
    f->blocks[1].loop = loop;
    f->blocks[1].loop_depth = 1;
    edge(f, 0, 1);
    edge(f, 1, 1);
    edge(f, 1, 2);
    int v;
    int op = tb_alloc(f, 1, PA_ALLOCATOR_MALLOC, 64, &v);
    nocapture_call(f, 1, "puts", v);
    free_op(f, 1, v);
    ret_op(f, 2, PA_NONE);
    f->blocks[2].returns = true;
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_stack(fx, f, op);
    assert_true(ev_number(fd, "loop_depth") == 1);
}

static void escape_should_follow_posix_memalign_out_parameter(void **state)
{
    fixture *fx = *state;
    /* b0: void *p; if (posix_memalign(&p, 64, 256)) goto b2; b1: use(p); free(p); b2: ret */
    pa_function *f = bare_function(fx->m, "f", 0, 3);
    int slot = tb_value(f, PA_VAL_STACK, "p");
    int status = tb_value(f, PA_VAL_CALL, NULL);
    int args[3] = {slot, PA_NONE, PA_NONE};
    int op = tb_call(f, 0, "posix_memalign", args, 3);
    f->ops[op].ptr_arg = 0;
    f->ops[op].alloc_size = 256;
    f->ops[op].result = status;
    f->ops[op].arg_flags[1] = PA_ARG_CONST;
    f->ops[op].arg_const[1] = 64;
    f->values[status].def_op = op;
    f->values[status].is_pointer = false;
    edge(f, 0, 1);
    edge(f, 0, 2);
    null_check(f, 0, status, 0); /* zero status: success, goes on to b1 */
    int p1, p2;
    load_op(f, 1, slot, &p1);
    nocapture_call(f, 1, "puts", p1);
    load_op(f, 1, slot, &p2);
    free_op(f, 1, p2);
    edge(f, 1, 2);
    ret_op(f, 2, PA_NONE);
    f->blocks[2].returns = true;
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_stack(fx, f, op);
    assert_contains(fd->message, "_Alignas(64) char buf[256]");
}

/* ---- tests: escapes ------------------------------------------------------ */

static void escape_should_report_return_for_returned_buffer(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "make", 1, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, PA_UNKNOWN_SIZE, &v);
    f->ops[op].size_value = 0; /* the parameter */
    ret_op(f, 0, derived(f, v, 0));
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_escape(fx, f, op, "return");
    assert_contains(fd->message, "malloc(n) in make() escapes via return: the caller owns it");
    assert_true(ev_null(fd, "bytes"));
    assert_true(cJSON_IsTrue(summary_of(fx, "make", "returns_allocation")));
}

static void escape_should_report_return_through_phi_merge(void **state)
{
    fixture *fx = *state;
    /* b0: p = malloc(64) -> b1 | b2; b1 -> b2; b2: return phi(p, NULL) */
    pa_function *f = bare_function(fx->m, "f", 0, 3);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    edge(f, 0, 1);
    edge(f, 0, 2);
    edge(f, 1, 2);
    free_op(f, 1, v);
    ret_op(f, 2, merge2(f, null_const(f), derived(f, v, 4)));
    f->blocks[2].returns = true;
    locate_all(fx->m);
    run(fx);
    expect_escape(fx, f, op, "return");
    assert_int_equal(pa_report_count_kind(&fx->r, PA_F_HEAP_TO_STACK), 0);
}

static void escape_should_report_global_for_store_to_global(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "cache", 0, 1);
    int g = tb_value(f, PA_VAL_GLOBAL, "g_cache");
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 32, &v);
    store_op(f, 0, derived(f, g, 8), v);
    free_op(f, 0, v); /* freed too: still escaped (dangling global) */
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_escape(fx, f, op, "global");
    assert_string_equal(ev_string(fd, "target"), "g_cache");
    assert_contains(fd->message, "global 'g_cache'");
}

static void escape_should_name_cxx_globals_readably(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "_Z5cachev", 0, 1);
    int v, w;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_NEW, 32, &v);
    int op2 = tb_alloc(f, 0, PA_ALLOCATOR_NEW, 32, &w);
    store_op(f, 0, tb_value(f, PA_VAL_GLOBAL, "_ZN2ns7g_cacheE"), v);
    store_op(f, 0, tb_value(f, PA_VAL_GLOBAL, "_ZL9g_current"), w);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    assert_string_equal(ev_string(expect_escape(fx, f, op, "global"), "target"), "ns::g_cache");
    assert_string_equal(ev_string(expect_escape(fx, f, op2, "global"), "target"), "g_current");
}

static void escape_should_report_thread_local_store_as_global(void **state)
{
    fixture *fx = *state;
    /* g_tls = p compiles to store p, llvm.threadlocal.address(@g_tls) */
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int g = tb_value(f, PA_VAL_GLOBAL, "g_tls");
    int call = tb_call(f, 0, "llvm.threadlocal.address.p0", &g, 1);
    int addr = tb_value(f, PA_VAL_CALL, NULL);
    f->ops[call].result = addr;
    f->ops[call].call_flags = PA_CALL_INTRINSIC;
    f->values[addr].def_op = call;
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 16, &v);
    store_op(f, 0, addr, v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    assert_string_equal(ev_string(expect_escape(fx, f, op, "global"), "target"), "g_tls");
}

static void escape_should_report_heap_for_store_through_parameter(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "attach", 1, 1);
    f->values[0].name = "node";
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_STRDUP, PA_UNKNOWN_SIZE, &v);
    store_op(f, 0, derived(f, 0, 16), v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_escape(fx, f, op, "heap");
    assert_contains(ev_string(fd, "target"), "parameter 'node'");
    assert_contains(fd->message, "strdup() in attach() escapes via a store into");
}

static void escape_should_report_heap_for_store_into_loaded_pointer(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "f", 1, 1);
    int inner;
    load_op(f, 0, 0, &inner);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 8, &v);
    store_op(f, 0, inner, v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    expect_escape(fx, f, op, "heap");
}

static void escape_should_report_call_for_capturing_argument(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    tb_call(f, 0, "register_buf", &v, 1);
    free_op(f, 0, v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_escape(fx, f, op, "call");
    assert_string_equal(ev_string(fd, "target"), "register_buf");
    assert_contains(fd->message, "escapes via a call to register_buf()");
}

static void escape_should_report_unknown_for_unmodelled_use(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    int use = pa_model_add_op(f, 0, PA_OP_USE);
    assert_int_equal(pa_model_set_args(f, use, &v, NULL, NULL, 1), 0);
    free_op(f, 0, v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    expect_escape(fx, f, op, "unknown");
}

static void escape_should_report_unknown_for_pointer_turned_integer(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    int a = tb_value(f, PA_VAL_ARITH, NULL);
    f->values[a].arith = PA_ARITH_CAST;
    f->values[a].is_pointer = false;
    assert_int_equal(pa_model_set_inputs(f, a, &v, 1), 0);
    free_op(f, 0, v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_escape(fx, f, op, "unknown");
    assert_string_equal(ev_string(fd, "target"), "converted to an integer");
}

static void escape_should_report_unknown_for_indirect_call(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    int call = tb_call(f, 0, NULL, &v, 1);
    f->ops[call].call_flags = PA_CALL_INDIRECT;
    free_op(f, 0, v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    expect_escape(fx, f, op, "unknown");
}

static void escape_should_report_unknown_for_store_to_escaping_stack_slot(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int slot = tb_value(f, PA_VAL_STACK, "holder");
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    store_op(f, 0, slot, v);
    tb_call(f, 0, "fill", &slot, 1); /* the slot's address leaves */
    free_op(f, 0, v);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_escape(fx, f, op, "unknown");
    assert_contains(ev_string(fd, "target"), "holder");
}

static void escape_should_follow_pointer_through_private_stack_slot(void **state)
{
    fixture *fx = *state;
    /* slot = p; q = slot; return q: the return through the slot is found */
    pa_function *f = tb_function(fx->m, "f", 0, 1);
    int slot = tb_value(f, PA_VAL_STACK, "tmp");
    int v, q;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    store_op(f, 0, slot, v);
    load_op(f, 0, slot, &q);
    ret_op(f, 0, q);
    locate_all(fx->m);
    run(fx);
    expect_escape(fx, f, op, "return");
}

static void escape_should_follow_passthrough_string_functions(void **state)
{
    fixture *fx = *state;
    /* q = strcpy(p, s) returns p: q returned means p escapes; strcpy itself does not */
    pa_function *f = tb_function(fx->m, "f", 1, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    int args[2] = {v, 0};
    int call = tb_call(f, 0, "strcpy", args, 2);
    int q = tb_value(f, PA_VAL_CALL, NULL);
    f->ops[call].result = q;
    f->values[q].def_op = call;
    f->ops[call].arg_flags[1] = PA_ARG_NOCAPTURE | PA_ARG_NOFREE;
    ret_op(f, 0, q);

    pa_function *g = tb_function(fx->m, "g", 1, 1);
    int w;
    int op2 = tb_alloc(g, 0, PA_ALLOCATOR_MALLOC, 64, &w);
    int args2[2] = {w, 0};
    int call2 = tb_call(g, 0, "strcpy", args2, 2);
    int q2 = tb_value(g, PA_VAL_CALL, NULL);
    g->ops[call2].result = q2;
    g->values[q2].def_op = call2;
    nocapture_call(g, 0, "puts", q2);
    free_op(g, 0, w);
    ret_op(g, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    expect_escape(fx, f, op, "return");
    expect_stack(fx, g, op2);
}

/* ---- tests: not stack candidates ----------------------------------------- */

static void escape_should_require_free_on_every_path(void **state)
{
    fixture *fx = *state;
    /* b0: p = malloc(64); use; if (c) b1: free; b2: return */
    pa_function *f = bare_function(fx->m, "f", 0, 3);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    nocapture_call(f, 0, "puts", v);
    edge(f, 0, 1);
    edge(f, 0, 2);
    edge(f, 1, 2);
    free_op(f, 1, v);
    ret_op(f, 2, PA_NONE);
    f->blocks[2].returns = true;
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_no_escape(fx, f, op, "not freed on every path");
    assert_false(ev_true(fd, "freed_on_all_paths"));
    assert_contains(fd->message, "leaks on some path");
}

static void escape_should_not_trust_null_check_of_another_pointer(void **state)
{
    fixture *fx = *state;
    /* if (other == NULL) return without freeing p: a leak, not a null path */
    pa_function *f = bare_function(fx->m, "f", 1, 3);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    nocapture_call(f, 0, "puts", v);
    edge(f, 0, 2);
    edge(f, 0, 1);
    edge(f, 1, 2);
    null_check(f, 0, 0, 0);
    free_op(f, 1, v);
    ret_op(f, 2, PA_NONE);
    f->blocks[2].returns = true;
    locate_all(fx->m);
    run(fx);
    expect_no_escape(fx, f, op, "not freed on every path");
}

static void escape_should_not_suggest_stack_for_non_constant_size(void **state)
{
    fixture *fx = *state;
    pa_function *f;
    int op = small_buffer_function(fx->m, "f", PA_UNKNOWN_SIZE, &f);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_no_escape(fx, f, op, "non-constant size");
    assert_true(ev_null(fd, "bytes"));
    assert_contains(fd->message, "malloc(n) in f() does not escape");
}

static void escape_should_respect_the_default_threshold(void **state)
{
    fixture *fx = *state;
    pa_function *at, *over;
    int op_at = small_buffer_function(fx->m, "at_limit", PA_ESCAPE_DEFAULT_MAX_STACK_BYTES, &at);
    int op_over = small_buffer_function(fx->m, "over_limit", PA_ESCAPE_DEFAULT_MAX_STACK_BYTES + 1, &over);
    locate_all(fx->m);
    run(fx);
    expect_stack(fx, at, op_at);
    const pa_finding *fd = expect_no_escape(fx, over, op_over, "larger than 1024 bytes");
    assert_contains(fd->message, "1025 bytes is over the 1024-byte stack limit");
}

static void escape_should_respect_a_configured_threshold(void **state)
{
    fixture *fx = *state;
    pa_function *f, *g;
    int op = small_buffer_function(fx->m, "f", 512, &f);
    int op2 = small_buffer_function(fx->m, "g", 256, &g);
    locate_all(fx->m);
    pa_escape_options o = pa_escape_default_options();
    assert_int_equal(o.max_stack_bytes, 1024);
    o.max_stack_bytes = 256;
    link_calls(fx);
    assert_int_equal(pa_escape_run_with(fx->m, &fx->r, &o), 0);
    expect_no_escape(fx, f, op, "larger than 256 bytes");
    expect_stack(fx, g, op2);
}

static void escape_should_report_nothing_for_stack_when_threshold_is_zero(void **state)
{
    fixture *fx = *state;
    pa_function *f;
    int op = small_buffer_function(fx->m, "f", 16, &f);
    locate_all(fx->m);
    pa_escape_options o = {0};
    link_calls(fx);
    assert_int_equal(pa_escape_run_with(fx->m, &fx->r, &o), 0);
    expect_no_escape(fx, f, op, "stack suggestions disabled");
}

static void escape_should_not_suggest_stack_for_reallocated_buffer(void **state)
{
    fixture *fx = *state;
    pa_function *f = tb_function(fx->m, "grow", 0, 1);
    int v, w;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    nocapture_call(f, 0, "puts", v);
    int op2 = tb_alloc(f, 0, PA_ALLOCATOR_REALLOC, 128, &w);
    int args[2] = {v, PA_NONE};
    assert_int_equal(pa_model_set_args(f, op2, args, NULL, NULL, 2), 0);
    f->ops[op2].realloc_src = v;
    nocapture_call(f, 0, "puts", w);
    free_op(f, 0, w);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    expect_no_escape(fx, f, op, "reallocated");
    expect_no_escape(fx, f, op2, "resizes an existing buffer");
}

static void escape_should_not_suggest_stack_when_lifetime_crosses_iterations(void **state)
{
    fixture *fx = *state;
    /* b0 -> b1 loop { prev = phi(NULL, p); free(prev); p = malloc(64); use(p) } -> b2: free(p) */
    pa_function *f = bare_function(fx->m, "f", 0, 3);
    int loop = pa_model_add_loop(f, PA_NONE);
    f->loops[loop].header = 1;
    f->blocks[1].loop = loop;
    f->blocks[1].loop_depth = 1;
    edge(f, 0, 1);
    edge(f, 1, 1);
    edge(f, 1, 2);
    int nul = null_const(f);
    int prev = tb_value(f, PA_VAL_MERGE, NULL);
    free_op(f, 1, prev);
    int v;
    int op = tb_alloc(f, 1, PA_ALLOCATOR_MALLOC, 64, &v);
    int in[2] = {nul, v};
    assert_int_equal(pa_model_set_inputs(f, prev, in, 2), 0);
    nocapture_call(f, 1, "puts", v);
    free_op(f, 2, v);
    ret_op(f, 2, PA_NONE);
    f->blocks[2].returns = true;
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_no_escape(fx, f, op, "lifetime crosses loop iterations");
    assert_true(ev_number(fd, "loop_depth") == 1);
    assert_true(ev_true(fd, "freed_on_all_paths"));
}

static void escape_should_not_trust_free_of_a_merge_with_other_pointers(void **state)
{
    fixture *fx = *state;
    /* q = c ? p : param; free(q): p is not freed when c is false */
    pa_function *f = tb_function(fx->m, "f", 1, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    nocapture_call(f, 0, "puts", v);
    free_op(f, 0, merge2(f, v, 0));
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_no_escape(fx, f, op, "free not proven");
    assert_contains(fd->message, "cannot prove it is freed on every path");
    assert_false(ev_true(fd, "freed_on_all_paths"));
}

/* ---- tests: C++ exception edges ------------------------------------------ */

/* b0: p = invoke new(16) -> b1 | b2(eh: resume); b1: invoke may_throw(p) -> b3 | b4(eh);
 * b3: delete p; return; b4: [delete p if delete_on_unwind]; resume */
static pa_function *new_with_throwing_call(pa_module *m, bool delete_on_unwind, int *op_new)
{
    pa_function *f = bare_function(m, "_Z1fv", 0, 5);
    int v;
    *op_new = tb_alloc(f, 0, PA_ALLOCATOR_NEW, 16, &v);
    f->ops[*op_new].call_flags = PA_CALL_INVOKE;
    edge(f, 0, 1);
    edge(f, 0, 2);
    f->blocks[2].eh_pad = true;
    f->blocks[2].returns = true; /* resume */
    int call = nocapture_call(f, 1, "_Z9may_throwPv", v);
    f->ops[call].call_flags = PA_CALL_INVOKE;
    edge(f, 1, 3);
    edge(f, 1, 4);
    tb_call(f, 3, "_ZdlPvm", &v, 1);
    ret_op(f, 3, PA_NONE);
    f->blocks[3].returns = true;
    f->blocks[4].eh_pad = true;
    if (delete_on_unwind)
        tb_call(f, 4, "_ZdlPvm", &v, 1);
    f->blocks[4].returns = true; /* resume */
    return f;
}

static void escape_should_suggest_local_object_when_new_leaks_on_exception(void **state)
{
    fixture *fx = *state;
    int op;
    pa_function *f = new_with_throwing_call(fx->m, false, &op);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_stack(fx, f, op);
    assert_true(ev_true(fd, "leaks_on_exception"));
    assert_contains(fd->message, "leaks when an exception passes");
}

static void escape_should_see_delete_in_exception_cleanup(void **state)
{
    fixture *fx = *state;
    int op;
    pa_function *f = new_with_throwing_call(fx->m, true, &op);
    locate_all(fx->m);
    run(fx);
    const pa_finding *fd = expect_stack(fx, f, op);
    assert_false(ev_true(fd, "leaks_on_exception"));
}

/* ---- tests: summaries and wrappers --------------------------------------- */

static void escape_should_treat_user_wrapper_as_allocation_site(void **state)
{
    fixture *fx = *state;
    /* void *xmalloc(size_t n) { void *p = malloc(n); if (!p) abort(); return p; } */
    pa_function *w = bare_function(fx->m, "xmalloc", 1, 3);
    int p;
    int op_inner = tb_alloc(w, 0, PA_ALLOCATOR_MALLOC, PA_UNKNOWN_SIZE, &p);
    w->ops[op_inner].size_value = 0;
    edge(w, 0, 1);
    edge(w, 0, 2);
    null_check(w, 0, p, 0);
    tb_call(w, 1, "abort", NULL, 0);
    w->blocks[1].unreachable = true;
    ret_op(w, 2, p);
    w->blocks[2].returns = true;

    /* caller: b = xmalloc(48); puts(b); free(b) */
    pa_function *f = tb_function(fx->m, "caller", 0, 1);
    int args[1] = {PA_NONE};
    int call = tb_call(f, 0, "xmalloc", args, 1);
    f->ops[call].arg_flags[0] = PA_ARG_CONST;
    f->ops[call].arg_const[0] = 48;
    f->ops[call].call_flags = PA_CALL_DEFINED_HERE;
    int b = tb_value(f, PA_VAL_CALL, NULL);
    f->ops[call].result = b;
    f->values[b].def_op = call;
    nocapture_call(f, 0, "puts", b);
    free_op(f, 0, b);
    ret_op(f, 0, PA_NONE);

    /* a second caller leaks it through a global */
    pa_function *g = tb_function(fx->m, "keeper", 0, 1);
    int call2 = tb_call(g, 0, "xmalloc", args, 1);
    int b2 = tb_value(g, PA_VAL_CALL, NULL);
    g->ops[call2].result = b2;
    g->values[b2].def_op = call2;
    store_op(g, 0, tb_value(g, PA_VAL_GLOBAL, "g_keep"), b2);
    ret_op(g, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);

    assert_true(cJSON_IsTrue(summary_of(fx, "xmalloc", "returns_allocation")));
    expect_escape(fx, w, op_inner, "return");
    const pa_finding *fd = expect_stack(fx, f, call);
    assert_string_equal(ev_string(fd, "allocator"), "xmalloc");
    assert_true(ev_number(fd, "bytes") == 48);
    assert_true(ev_true(fd, "wrapper"));
    assert_contains(fd->message, "xmalloc(48) in caller()");
    fd = expect_escape(fx, g, call2, "global");
    assert_true(ev_null(fd, "bytes"));
    assert_true(cJSON_IsFalse(summary_of(fx, "keeper", "returns_allocation")));
}

static void escape_should_not_call_a_caching_function_a_wrapper(void **state)
{
    fixture *fx = *state;
    /* char *get(void) { return c ? g_cached : malloc(8); } — not always fresh */
    pa_function *w = tb_function(fx->m, "get", 0, 1);
    int g = tb_value(w, PA_VAL_GLOBAL, "g_cached");
    int cached;
    load_op(w, 0, g, &cached);
    int p;
    tb_alloc(w, 0, PA_ALLOCATOR_MALLOC, 8, &p);
    ret_op(w, 0, merge2(w, cached, p));
    locate_all(fx->m);
    run(fx);
    assert_true(cJSON_IsFalse(summary_of(fx, "get", "returns_allocation")));
}

static void escape_should_use_callee_frees_params_summary(void **state)
{
    fixture *fx = *state;
    /* void destroy(void *p) { if (!p) return; free(p); } */
    pa_function *d = bare_function(fx->m, "destroy", 1, 3);
    edge(d, 0, 2);
    edge(d, 0, 1);
    null_check(d, 0, 0, 0);
    free_op(d, 1, 0);
    edge(d, 1, 2);
    ret_op(d, 2, PA_NONE);
    d->blocks[2].returns = true;
    /* caller: p = malloc(40); puts(p); destroy(p); */
    pa_function *f = tb_function(fx->m, "caller", 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 40, &v);
    nocapture_call(f, 0, "puts", v);
    tb_call(f, 0, "destroy", &v, 1);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    assert_true(summary_list_has(fx, "destroy", "frees_params", 0));
    assert_false(summary_list_has(fx, "destroy", "captures_params", 0));
    expect_stack(fx, f, op);
}

static void escape_should_record_captured_params_and_report_the_call(void **state)
{
    fixture *fx = *state;
    /* void keep(void *p) { g_kept = p; } ; void look(void *p) { puts(p); } */
    pa_function *k = tb_function(fx->m, "keep", 1, 1);
    store_op(k, 0, tb_value(k, PA_VAL_GLOBAL, "g_kept"), 0);
    ret_op(k, 0, PA_NONE);
    pa_function *l = tb_function(fx->m, "look", 2, 1);
    nocapture_call(l, 0, "puts", 0);
    ret_op(l, 0, PA_NONE);
    /* caller passes one buffer to each */
    pa_function *f = tb_function(fx->m, "caller", 0, 1);
    int v, w;
    int op_kept = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 16, &v);
    int op_looked = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 16, &w);
    tb_call(f, 0, "keep", &v, 1);
    int args[2] = {w, w};
    tb_call(f, 0, "look", args, 2);
    free_op(f, 0, w);
    ret_op(f, 0, PA_NONE);
    locate_all(fx->m);
    run(fx);
    assert_true(summary_list_has(fx, "keep", "captures_params", 0));
    assert_false(summary_list_has(fx, "look", "captures_params", 0));
    assert_false(summary_list_has(fx, "look", "captures_params", 1));
    const pa_finding *fd = expect_escape(fx, f, op_kept, "call");
    assert_string_equal(ev_string(fd, "target"), "keep");
    expect_stack(fx, f, op_looked);
}

static void escape_should_stay_silent_in_optnone_functions(void **state)
{
    fixture *fx = *state;
    pa_function *f;
    small_buffer_function(fx->m, "at_O0", 64, &f);
    f->optnone = true;
    locate_all(fx->m);
    run(fx);
    assert_int_equal(fx->r.count, 0);
    assert_true(cJSON_IsTrue(summary_of(fx, "at_O0", "allocates")));
}

/* ---- tests: robustness --------------------------------------------------- */

static void escape_should_survive_malformed_ids(void **state)
{
    fixture *fx = *state;
    pa_function *f = bare_function(fx->m, "bad", 2, 3);
    edge(f, 0, 1);
    edge(f, 1, 0);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 64, &v);
    int args[3] = {v, -7, 99999};
    int call = tb_call(f, 0, "free", args, 3);
    f->ops[call].ptr_arg = 42;
    int d = derived(f, 12345, 0);
    int selfd = derived(f, v, 0);
    f->values[selfd].base = selfd; /* cycle */
    int mg = merge2(f, -3, 77777);
    store_op(f, 0, 5555, v);
    store_op(f, 1, d, mg);
    store_op(f, 1, selfd, -1);
    ret_op(f, 1, 424242);
    int r2 = tb_alloc(f, 1, PA_ALLOCATOR_REALLOC, 32, NULL);
    f->ops[r2].realloc_src = -99;
    f->ops[r2].result = 31337;
    int pm = tb_alloc(f, 1, PA_ALLOCATOR_POSIX_MEMALIGN, 32, NULL);
    f->ops[pm].ptr_arg = 3;
    f->blocks[0].cond_value = 1 << 20;
    f->blocks[0].zero_succ = 7;
    f->blocks[1].loop = 12;
    int loop = pa_model_add_loop(f, PA_NONE);
    f->loops[loop].parent = loop; /* cycle */
    f->blocks[2].loop = loop;
    tb_alloc(f, 2, PA_ALLOCATOR_NEW, 8, NULL);
    /* an op whose block id is wrong, and a block listing an invalid op id */
    int stray = tb_alloc(f, 2, PA_ALLOCATOR_MALLOC, 8, NULL);
    f->ops[stray].block = 3000;
    f->blocks[2].ops[0] = 123456;
    /* a call to an existing function with more args than it has params */
    int many[4] = {v, v, v, v};
    int c2 = tb_call(f, 1, "bad", many, 4);
    f->ops[c2].arg_flags = NULL; /* the module's pool still owns them */
    /* an empty function and a declaration-only one */
    tb_function(fx->m, "empty", 0, 0);
    pa_function *decl = tb_function(fx->m, "decl", 1, 1);
    decl->is_definition = false;
    locate_all(fx->m);
    run(fx);
    assert_non_null(finding_at(fx, PA_F_HEAP_ESCAPE, f, op));
}

static void escape_should_stay_linear_on_many_functions(void **state)
{
    fixture *fx = *state;
    /* 4000 functions like sqlite's, each with a few allocation sites */
    char name[32];
    for (int i = 0; i < 4000; i++) {
        snprintf(name, sizeof name, "fn%d", i);
        pa_function *f = tb_function(fx->m, pa_model_str(fx->m, name), 1, 4);
        for (int b = 0; b < 4; b++) {
            int v;
            tb_alloc(f, b, PA_ALLOCATOR_MALLOC, 32, &v);
            nocapture_call(f, b, "puts", v);
            if (b % 2 == 0)
                free_op(f, b, v);
            else
                tb_call(f, b, i > 0 ? "fn0" : "keep", &v, 1);
        }
    }
    run(fx);
    assert_int_equal(pa_report_count_kind(&fx->r, PA_F_HEAP_TO_STACK), 8000);
    assert_int_equal(cJSON_GetArraySize(fx->r.summaries), 4000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(escape_should_run_on_empty_module),
        T(escape_should_suggest_stack_for_small_freed_malloc),
        T(escape_should_suggest_local_object_for_cxx_new),
        T(escape_should_not_escape_through_nocapture_call),
        T(escape_should_not_suggest_stack_when_a_nocapture_callee_may_free),
        T(escape_should_report_a_never_freed_allocation_as_a_leak),
        T(escape_should_count_null_path_as_freed),
        T(escape_should_ignore_paths_ending_in_unreachable),
        T(escape_should_suggest_stack_inside_loop_when_freed_each_iteration),
        T(escape_should_follow_posix_memalign_out_parameter),
        T(escape_should_report_return_for_returned_buffer),
        T(escape_should_report_return_through_phi_merge),
        T(escape_should_report_global_for_store_to_global),
        T(escape_should_name_cxx_globals_readably),
        T(escape_should_report_thread_local_store_as_global),
        T(escape_should_report_heap_for_store_through_parameter),
        T(escape_should_report_heap_for_store_into_loaded_pointer),
        T(escape_should_report_call_for_capturing_argument),
        T(escape_should_report_unknown_for_unmodelled_use),
        T(escape_should_report_unknown_for_pointer_turned_integer),
        T(escape_should_report_unknown_for_indirect_call),
        T(escape_should_report_unknown_for_store_to_escaping_stack_slot),
        T(escape_should_follow_pointer_through_private_stack_slot),
        T(escape_should_follow_passthrough_string_functions),
        T(escape_should_require_free_on_every_path),
        T(escape_should_not_trust_null_check_of_another_pointer),
        T(escape_should_not_suggest_stack_for_non_constant_size),
        T(escape_should_respect_the_default_threshold),
        T(escape_should_respect_a_configured_threshold),
        T(escape_should_report_nothing_for_stack_when_threshold_is_zero),
        T(escape_should_not_suggest_stack_for_reallocated_buffer),
        T(escape_should_not_suggest_stack_when_lifetime_crosses_iterations),
        T(escape_should_not_trust_free_of_a_merge_with_other_pointers),
        T(escape_should_suggest_local_object_when_new_leaks_on_exception),
        T(escape_should_see_delete_in_exception_cleanup),
        T(escape_should_treat_user_wrapper_as_allocation_site),
        T(escape_should_not_call_a_caching_function_a_wrapper),
        T(escape_should_use_callee_frees_params_summary),
        T(escape_should_record_captured_params_and_report_the_call),
        T(escape_should_stay_silent_in_optnone_functions),
        T(escape_should_survive_malformed_ids),
        T(escape_should_stay_linear_on_many_functions),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
