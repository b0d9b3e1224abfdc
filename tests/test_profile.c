/* tests/test_profile.c — passes/profile.c on hand-built models: error paths
 * (return of an error code through a shared return block, an error report,
 * a crash; a server loop whose only way out is exit() is none) and the call
 * profile written into the summaries.
 * Run: ctest --test-dir build -R unit.test_profile --output-on-failure */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "json_print.h"
#include "model_builders.h"
#include "profile.h"

/* entry(0) -> check(1) -> ok(2) -> ret(4)
 *             check(1) -> err(3) -> ret(4)        ret returns a phi:
 * err's edge gives `err_const`, ok's 0. An allocation in err (op returned). */
static pa_function *diamond(pa_module *m, int64_t err_const, const char *err_call, int *alloc_op)
{
    pa_function *f = tb_function(m, "parse", 0, 5); /* 0->1->2->3->4 */
    f->blocks[2].nsuccs = 0;                        /* ok: 2 -> 4, not 3 */
    assert_int_equal(pa_model_add_succ(f, 2, 4), 0);
    assert_int_equal(pa_model_add_succ(f, 1, 3), 0);
    f->blocks[1].succs[0] = 2;
    f->blocks[3].exit_const_known = true;
    f->blocks[3].exit_const = err_const;
    f->blocks[2].exit_const_known = true;
    f->blocks[2].exit_const = 0;
    int v;
    *alloc_op = tb_alloc(f, 3, PA_ALLOCATOR_MALLOC, 64, &v);
    if (err_call)
        tb_call(f, 3, err_call, NULL, 0);
    return f;
}

static const cJSON *error_path_of(pa_module *m, pa_function *f, int op, pa_report *r)
{
    assert_int_equal(pa_report_init(r), 0);
    assert_non_null(pa_report_add(r, PA_F_LOOP_ALLOC, f, op, "x"));
    assert_int_equal(pa_profile_mark_error_paths(m, r), 0);
    return cJSON_GetObjectItemCaseSensitive(r->items[0].evidence, "error_path");
}

static void profile_should_mark_a_branch_that_returns_an_error_code(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    int op;
    pa_function *f = diamond(m, -1, NULL, &op);
    pa_report r;
    const cJSON *ep = error_path_of(m, f, op, &r);
    assert_non_null(ep);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(ep, "ends_in")->valuestring,
                        "error-return");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(ep, "what")->valuestring, "return -1");
    pa_report_free(&r);
    pa_model_free(m);
}

static void profile_should_not_mark_a_branch_that_returns_success(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    int op;
    pa_function *f = diamond(m, 1, NULL, &op);
    pa_report r;
    assert_null(error_path_of(m, f, op, &r));
    pa_report_free(&r);
    pa_model_free(m);
}

static void profile_should_mark_a_branch_that_reports_an_error(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    int op;
    pa_function *f = diamond(m, 1, "rd_kafka_log_error", &op);
    pa_report r;
    const cJSON *ep = error_path_of(m, f, op, &r);
    assert_non_null(ep);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(ep, "ends_in")->valuestring, "error-call");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(ep, "what")->valuestring,
                        "rd_kafka_log_error");
    pa_report_free(&r);
    pa_model_free(m);
}

static void profile_should_mark_a_branch_that_crashes(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    int op;
    pa_function *f = diamond(m, 1, NULL, &op);
    f->blocks[3].nsuccs = 0; /* err: malloc, then unreachable */
    f->blocks[3].unreachable = true;
    pa_report r;
    const cJSON *ep = error_path_of(m, f, op, &r);
    assert_non_null(ep);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(ep, "ends_in")->valuestring, "crash");
    pa_report_free(&r);
    pa_model_free(m);
}

/* A loop whose only exit is exit(): the work in it is no error path. */
static void profile_should_not_mark_a_server_loop_that_only_exits_by_crashing(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    /* 0 -> 1 (ret 0) and 0 -> 2 (loop 2 <-> 3), 3 -> 4 (exit: unreachable) */
    pa_function *f = tb_function(m, "serve", 0, 5);
    for (int b = 0; b < 5; b++)
        f->blocks[b].nsuccs = 0;
    f->blocks[4].returns = false;
    f->blocks[1].returns = true;
    assert_int_equal(pa_model_add_succ(f, 0, 1), 0);
    assert_int_equal(pa_model_add_succ(f, 0, 2), 0);
    assert_int_equal(pa_model_add_succ(f, 2, 3), 0);
    assert_int_equal(pa_model_add_succ(f, 3, 2), 0);
    assert_int_equal(pa_model_add_succ(f, 3, 4), 0);
    f->blocks[4].unreachable = true;
    int l = pa_model_add_loop(f, PA_NONE);
    f->loops[l].header = 2;
    f->loops[l].depth = 1;
    f->blocks[2].loop = f->blocks[3].loop = l;
    int v;
    int op = tb_alloc(f, 2, PA_ALLOCATOR_MALLOC, 64, &v);
    pa_report r;
    assert_null(error_path_of(m, f, op, &r));
    pa_report_free(&r);
    pa_model_free(m);
}

static void profile_should_know_error_reporting_names(void **state)
{
    (void)state;
    assert_true(pa_profile_error_call_name("log_error"));
    assert_true(pa_profile_error_call_name("LogError"));
    assert_true(pa_profile_error_call_name("rd_kafka_broker_fail"));
    assert_true(pa_profile_error_call_name("_ZN3app5FatalEv"));
    assert_true(pa_profile_error_call_name("perror"));
    assert_false(pa_profile_error_call_name("strerror"));
    assert_false(pa_profile_error_call_name("__errno_location"));
    assert_false(pa_profile_error_call_name("terrain_render"));
    assert_false(pa_profile_error_call_name("rd_kafka_log0"));
}

/* A C++ function's class and namespaces say what it belongs to, not what
 * it does: every method of an ErrorHandler is not an error report, and
 * RocksDB's `error_handler_.IsBGWorkStopped()` on the normal path of
 * MaybeScheduleFlushOrCompaction made it an error path. Only the mangled
 * name's own last component is read; a name the scan does not understand
 * is read whole, as before. */
static void profile_should_read_a_cxx_function_by_its_own_name(void **state)
{
    (void)state;
    assert_false(pa_profile_error_call_name("_ZN7rocksdb12ErrorHandler15IsBGWorkStoppedEv"));
    assert_false(pa_profile_error_call_name("_ZNK7rocksdb12ErrorHandler20IsRecoveryInProgressEv"));
    assert_true(pa_profile_error_call_name("_ZN7rocksdb12ErrorHandler10SetBGErrorERKNS_6StatusENS_16BackgroundErrorReasonE"));
    assert_true(pa_profile_error_call_name("_ZN3app9FatalExitEv"));
    /* A template argument that names an error type is no report either. */
    assert_false(pa_profile_error_call_name("_ZN4util6ResultIN3app5ErrorEE5valueEv"));
    assert_true(pa_profile_error_call_name("_ZN4util6ResultIiE10log_failedEv"));
    /* A function template: its own name comes before its arguments. */
    assert_true(pa_profile_error_call_name("_ZN3app5PanicIJiEEEvPKcDpT_"));
    assert_false(pa_profile_error_call_name("_ZN3app8FormatToIN5Error4KindEEEvT_"));
    /* Unscoped and internal names, a constructor of an error class. */
    assert_true(pa_profile_error_call_name("_Z9log_errorPKcz"));
    assert_true(pa_profile_error_call_name("_ZL10fail_hardv"));
    assert_false(pa_profile_error_call_name("_ZN6duckdb9ErrorDataC2ERKS0_"));
    /* A class template's method: the class's arguments are skipped. */
    assert_false(pa_profile_error_call_name("_ZN7rocksdb10autovectorINS_5ErrorELm8EE4sizeEv"));
    assert_true(pa_profile_error_call_name("_ZN7rocksdb10autovectorIiLm8EE9warn_fullEv"));
    /* An ABI tag, a static member, a lambda, an inheriting constructor. */
    assert_false(pa_profile_error_call_name("_ZNK7rocksdb12ErrorHandler9GetReasonB5cxx11Ev"));
    assert_true(pa_profile_error_call_name("_ZN3appL9fail_hardEv"));
    assert_false(pa_profile_error_call_name("_ZN5errorL4pingEv"));
    assert_false(pa_profile_error_call_name("_ZZN7rocksdb12ErrorHandler9IsStoppedEvENK3$_0clEi"));
    assert_false(pa_profile_error_call_name("_ZN3app5ErrorCI2NS_4BaseEEi"));
    /* Template arguments holding numbers: a substitution, an array size,
     * a template parameter, decltype. */
    assert_true(pa_profile_error_call_name("_ZN3app3FooIA5_iE4failEv"));
    assert_true(pa_profile_error_call_name("_ZN3app3FooIS0_T_E4failEv"));
    assert_false(pa_profile_error_call_name("_ZN3app5FixedIDTfp_EEE4pingEv"));
    assert_false(pa_profile_error_call_name("_ZN3app7WrapperIZN3foo3barEvE10ReportFailE3runEv"));
    /* A capital run is an acronym, not a word: addDIEEntry does not die. */
    assert_false(pa_profile_error_call_name("_ZN4llvm9DwarfUnit11addDIEEntryEv"));
    assert_true(pa_profile_error_call_name("HTTPError"));
    /* A function that builds the exception a failure reports; a class of
     * exceptions or a method of one reports nothing by that. */
    assert_true(pa_profile_error_call_name("_ZN6duckdb7Catalog27CreateMissingEntryExceptionERNS_13ClientContextE"));
    assert_true(pa_profile_error_call_name("_ZN3app15throw_exceptionEv"));
    assert_false(pa_profile_error_call_name("_ZN3app16ExceptionHandler3runEv"));
    assert_false(pa_profile_error_call_name("_ZNK3app9Exception4whatEv"));
    assert_false(pa_profile_error_call_name("_ZN3app11ExceptionalC2Ev"));
}

/* A summary's call sites, parsed from the text the findings file holds
 * (the profile adds them as one raw item); the caller frees the array. */
static cJSON *parsed_call_sites(const cJSON *summary)
{
    const cJSON *raw = cJSON_GetObjectItemCaseSensitive(summary, "call_sites");
    assert_non_null(raw);
    assert_true(cJSON_IsRaw(raw));
    cJSON *sites = cJSON_Parse(raw->valuestring);
    assert_non_null(sites);
    return sites;
}

/* The answers pa_model_link_calls writes into the ops (pa_profile_memo_ops)
 * are the ones the profile works out without them: an error report and a
 * log call on the error branch only, the same calls on every path, and a
 * call that does not return. */
static void profile_memo_should_answer_as_the_questions_do(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    int alloc;
    pa_function *f = diamond(m, -1, "log_error", &alloc);
    int ops[6];
    ops[0] = alloc;
    ops[1] = f->blocks[3].ops[f->blocks[3].nops - 1]; /* log_error, error branch */
    ops[2] = tb_call(f, 0, "report_error", NULL, 0);  /* on every path */
    ops[3] = tb_call(f, 3, "app_log", NULL, 0);       /* a log on some paths */
    ops[4] = tb_call(f, 4, "app_log", NULL, 0);       /* a log on every path */
    ops[5] = tb_call(f, 2, "abort", NULL, 0);
    f->ops[ops[3]].call_flags |= PA_CALL_VARIADIC;
    f->ops[ops[4]].call_flags |= PA_CALL_VARIADIC;
    f->ops[ops[5]].call_flags |= PA_CALL_NORETURN;
    bool error[6], logs[6];
    for (int i = 0; i < 6; i++) {
        assert_int_equal(f->ops[ops[i]].path_end, 0);
        error[i] = pa_profile_reports_error(f, &f->ops[ops[i]]);
        logs[i] = pa_profile_logs_on_some_paths(f, &f->ops[ops[i]]);
    }
    assert_false(error[0]);
    assert_true(error[1]);
    assert_false(error[2]);
    assert_true(logs[3]);
    assert_false(logs[4]);
    assert_true(error[5]);
    assert_int_equal(pa_model_link_calls(m), 0);
    for (int i = 0; i < 6; i++) {
        assert_int_not_equal(f->ops[ops[i]].path_end, 0);
        assert_int_not_equal(f->ops[ops[i]].logs_some, 0);
        assert_int_equal(pa_profile_reports_error(f, &f->ops[ops[i]]), error[i]);
        assert_int_equal(pa_profile_logs_on_some_paths(f, &f->ops[ops[i]]), logs[i]);
    }
    pa_model_free(m);
}

static void profile_should_write_call_sites_cold_and_static(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    int p = pa_model_add_profile(m, "run");
    pa_loc at = {"a.c", 12, 3};
    pa_loc at2 = {"a.c", 14, 3};
    assert_int_equal(pa_model_profile_call(m, p, "work", 100, &at), 0);
    assert_int_equal(pa_model_profile_call(m, p, "work", 400, &at2), 0);
    assert_int_equal(pa_model_profile_call(m, p, "helper", 1, &at), 0);
    pa_loc other = {"b \"quoted\".h", 7, 1};
    assert_int_equal(pa_model_profile_call(m, p, "elsewhere", 0.25, &other), 0);
    m->profiles[p].calls[1].inlined = true;
    m->profiles[p].cold = true;
    m->profiles[p].is_static = true;
    m->profiles[p].file = "a.c";
    pa_report r;
    assert_int_equal(pa_report_init(&r), 0);
    assert_int_equal(pa_profile_write_summaries(m, &r), 0);
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(r.summaries, "run");
    assert_non_null(s);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "cold")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "static")));
    cJSON *sites = parsed_call_sites(s);
    assert_int_equal(cJSON_GetArraySize(sites), 3); /* merged per callee */
    const cJSON *c = cJSON_GetArrayItem(sites, 0);
    assert_null(cJSON_GetObjectItemCaseSensitive(c, "inlined"));
    /* A function inlined here and left with no body: marked as such. */
    const cJSON *inl = cJSON_GetArrayItem(sites, 1);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(inl, "callee")->valuestring, "helper");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(inl, "inlined")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "callee")->valuestring, "work");
    assert_true(cJSON_GetObjectItemCaseSensitive(c, "executions_per_call")->valuedouble == 500);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(c, "sites")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(c, "line")->valueint, 14); /* the hotter */
    assert_null(cJSON_GetObjectItemCaseSensitive(c, "file")); /* the function's own */
    /* A call inlined from another file names it, escaped as JSON. */
    const cJSON *far = cJSON_GetArrayItem(sites, 2);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(far, "file")->valuestring, "b \"quoted\".h");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(far, "line")->valueint, 7);
    assert_true(cJSON_GetObjectItemCaseSensitive(far, "executions_per_call")->valuedouble == 0.25);
    cJSON_Delete(sites);
    pa_report_free(&r);
    pa_model_free(m);
}

/* The profile goes into the summary another analysis already wrote for the
 * function (found through an index since sqlite3.c's 2,000 summaries made
 * the search a tenth of the plugin), once per name, in the order written;
 * whole frequencies stay whole and the rest keep six significant digits. */
static void profile_should_add_to_existing_summaries_in_order(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_report r;
    assert_int_equal(pa_report_init(&r), 0);
    cJSON *escape = cJSON_AddObjectToObject(r.summaries, "wrap");
    cJSON_AddBoolToObject(escape, "returns_allocation", true);
    cJSON_AddObjectToObject(r.summaries, "other");
    const char *names[] = {"main", "wrap", "loop", "other"};
    for (int i = 0; i < 4; i++) {
        int p = pa_model_add_profile(m, names[i]);
        assert_int_equal(pa_model_profile_call(m, p, "callee", i == 2 ? 8000 : 1.0 / 3.0, NULL), 0);
    }
    assert_int_equal(pa_profile_write_summaries(m, &r), 0);
    assert_int_equal(cJSON_GetArraySize(r.summaries), 4);
    const char *order[] = {"wrap", "other", "main", "loop"};
    int k = 0;
    for (const cJSON *s = r.summaries->child; s; s = s->next, k++)
        assert_string_equal(s->string, order[k]);
    const cJSON *wrap = cJSON_GetObjectItemCaseSensitive(r.summaries, "wrap");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(wrap, "returns_allocation")));
    /* A fraction is its "%.6g" text: what the file says. */
    size_t len = 0;
    char *text = pa_json_print(wrap, &len);
    assert_non_null(text);
    assert_string_equal(text, "{\"returns_allocation\":true,"
                              "\"call_sites\":[{\"callee\":\"callee\",\"executions_per_call\":0.333333}]}");
    free(text);
    const cJSON *loop = cJSON_GetObjectItemCaseSensitive(r.summaries, "loop");
    text = pa_json_print(loop, &len);
    assert_non_null(text);
    assert_string_equal(text, "{\"call_sites\":[{\"callee\":\"callee\",\"executions_per_call\":8000}]}");
    free(text);
    pa_report_free(&r);
    pa_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(profile_should_mark_a_branch_that_returns_an_error_code),
        cmocka_unit_test(profile_should_not_mark_a_branch_that_returns_success),
        cmocka_unit_test(profile_should_mark_a_branch_that_reports_an_error),
        cmocka_unit_test(profile_should_mark_a_branch_that_crashes),
        cmocka_unit_test(profile_should_not_mark_a_server_loop_that_only_exits_by_crashing),
        cmocka_unit_test(profile_should_know_error_reporting_names),
        cmocka_unit_test(profile_should_read_a_cxx_function_by_its_own_name),
        cmocka_unit_test(profile_memo_should_answer_as_the_questions_do),
        cmocka_unit_test(profile_should_write_call_sites_cold_and_static),
        cmocka_unit_test(profile_should_add_to_existing_summaries_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
