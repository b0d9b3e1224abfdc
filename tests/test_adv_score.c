/* tests/test_adv_score.c — the scoring model (advisor/score.c, docs/scoring.md). */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "score.h"

/* A finding of kind with evidence parsed from JSON (caller deletes evidence). */
static adv_finding make(const char *kind, const char *evidence)
{
    adv_finding f;
    memset(&f, 0, sizeof f);
    f.kind_name = kind;
    f.kind = (int)pa_kind_from_string(kind);
    f.remark = "missed";
    f.function = f.function_demangled = "fn";
    f.message = "m";
    f.evidence = cJSON_Parse(evidence);
    assert_non_null(f.evidence);
    adv_score_finding(&f);
    return f;
}

static void score_should_rank_a_nested_loop_allocation_above_a_single_loop_one(void **state)
{
    (void)state;
    adv_finding one = make("loop-alloc", "{\"loop_depth\":1,\"bytes\":64,\"trip_count\":null}");
    adv_finding two = make("loop-alloc", "{\"loop_depth\":2,\"bytes\":64,\"trip_count\":null}");
    assert_true(two.score.priority > one.score.priority);
    assert_int_equal(two.score.impact, PA_LEVEL_HIGH);
    assert_int_equal(one.score.impact, PA_LEVEL_MEDIUM);
    assert_true(two.score.executions == 1000.0); /* 100 inner x 10 outer, bounded */
    /* Also with the compiler's block frequencies. */
    adv_finding a = make("loop-alloc", "{\"loop_depth\":1,\"executions_per_call\":32}");
    adv_finding b = make("loop-alloc", "{\"loop_depth\":2,\"executions_per_call\":1024}");
    assert_true(b.score.priority > a.score.priority);
    adv_finding *v[] = {&one, &two};
    qsort(v, 2, sizeof v[0], adv_compare_findings);
    assert_ptr_equal(v[0], &two);
    cJSON_Delete(one.evidence);
    cJSON_Delete(two.evidence);
    cJSON_Delete(a.evidence);
    cJSON_Delete(b.evidence);
}

/* Within an impact level the return on effort orders: the cost divided by
 * effort x risk. A batching fix (Days, Medium risk: 3x) saving 10x more
 * ranks above a hoist (Hours, Low); saving 2x more, below it. */
static void score_should_divide_the_cost_by_effort_and_risk(void **state)
{
    (void)state;
    adv_finding hoist = make("loop-alloc", "{\"loop_depth\":1,\"executions_per_call\":20}");
    adv_finding big = make("loop-alloc", "{\"loop_depth\":1,\"executions_per_call\":200,\"advice\":\"batch\"}");
    adv_finding small = make("loop-alloc", "{\"loop_depth\":1,\"executions_per_call\":40,\"advice\":\"batch\"}");
    assert_int_equal(hoist.score.impact, PA_LEVEL_MEDIUM);
    assert_int_equal(big.score.impact, PA_LEVEL_MEDIUM);
    assert_int_equal(small.score.impact, PA_LEVEL_MEDIUM);
    assert_int_equal(big.score.effort, PA_EFFORT_DAYS);
    assert_int_equal(big.score.risk, PA_LEVEL_MEDIUM);
    assert_true(big.score.priority > hoist.score.priority);
    assert_true(small.score.priority < hoist.score.priority);
    cJSON_Delete(hoist.evidence);
    cJSON_Delete(big.evidence);
    cJSON_Delete(small.evidence);
}

static void score_should_use_a_known_trip_count(void **state)
{
    (void)state;
    adv_finding f = make("loop-alloc", "{\"loop_depth\":1,\"trip_count\":8}");
    assert_true(f.score.executions == 8.0);
    assert_false(f.score.trip_assumed);
    assert_int_equal(f.score.impact, PA_LEVEL_LOW);
    cJSON_Delete(f.evidence);
}

static void score_should_be_deterministic(void **state)
{
    (void)state;
    adv_finding a = make("blocking-under-lock", "{\"held\":[\"a\",\"b\"],\"loop_depth\":0}");
    adv_finding b = make("blocking-under-lock", "{\"held\":[\"a\",\"b\"],\"loop_depth\":0}");
    assert_memory_equal(&a.score, &b.score, sizeof a.score);
    assert_true(a.score.multiplier == 3.0);
    cJSON_Delete(a.evidence);
    cJSON_Delete(b.evidence);
}

static void score_should_rate_deadlocks_high_and_cross_tu_redesign_in_weeks(void **state)
{
    (void)state;
    adv_finding f = make("lock-order-inversion", "{\"cycle\":[\"a\",\"b\"]}");
    assert_int_equal(f.score.impact, PA_LEVEL_HIGH);
    assert_int_equal(f.score.effort, PA_EFFORT_DAYS);
    assert_int_equal(f.score.risk, PA_LEVEL_HIGH);
    f.cross_tu = true;
    adv_score_finding(&f);
    assert_int_equal(f.score.effort, PA_EFFORT_WEEKS);
    cJSON_Delete(f.evidence);
}

static void score_should_rate_stack_risk_by_size(void **state)
{
    (void)state;
    adv_finding small = make("heap-to-stack", "{\"bytes\":128}");
    adv_finding big = make("heap-to-stack", "{\"bytes\":100000}");
    adv_finding unknown = make("heap-to-stack", "{\"bytes\":null}");
    assert_int_equal(small.score.risk, PA_LEVEL_LOW);
    assert_int_equal(big.score.risk, PA_LEVEL_HIGH);
    assert_int_equal(unknown.score.risk, PA_LEVEL_MEDIUM);
    assert_int_equal(small.score.effort, PA_EFFORT_HOURS);
    cJSON_Delete(small.evidence);
    cJSON_Delete(big.evidence);
    cJSON_Delete(unknown.evidence);
}

static void score_should_make_realloc_growth_quadratic(void **state)
{
    (void)state;
    adv_finding a = make("loop-realloc-growth", "{\"loop_depth\":1,\"trip_count\":100,\"increment_bytes\":16}");
    adv_finding b = make("loop-realloc-growth", "{\"loop_depth\":1,\"trip_count\":1000,\"increment_bytes\":16}");
    /* 10x the iterations costs far more than 10x. */
    assert_true(b.score.cost_ns > 30 * a.score.cost_ns); /* linear would be 10x */
    cJSON_Delete(a.evidence);
    cJSON_Delete(b.evidence);
}

static void score_should_ignore_bad_evidence_values(void **state)
{
    (void)state;
    adv_finding f = make("loop-alloc", "{\"loop_depth\":\"two\",\"bytes\":-5,\"executions_per_call\":1e308,"
                                       "\"trip_count\":[1]}");
    assert_true(f.score.cost_ns <= 1e15);
    assert_true(adv_score_return(&f.score) <= 10);
    adv_finding g = make("loop-alloc", "{\"loop_depth\":1e9}");
    assert_int_equal(g.score.loop_depth, 16);
    assert_true(g.score.executions <= 1e12);
    cJSON_Delete(f.evidence);
    cJSON_Delete(g.evidence);
}

static void score_should_keep_analysis_remarks_low(void **state)
{
    (void)state;
    adv_finding f = make("heap-escape", "{\"loop_depth\":3}");
    f.remark = "analysis";
    adv_score_finding(&f);
    assert_int_equal(f.score.impact, PA_LEVEL_LOW);
    assert_false(adv_is_actionable(&f));
    cJSON_Delete(f.evidence);
}

static void summary_should_pass_without_medium_or_high_findings(void **state)
{
    (void)state;
    adv_summary_stats st;
    memset(&st, 0, sizeof st);
    adv_summarize(NULL, 0, 0, &st);
    assert_string_equal(st.status, "PASS");
    assert_int_equal(st.score, 100);
    adv_finding lo = make("loop-alloc", "{\"loop_depth\":1,\"trip_count\":2}");
    adv_finding hi = make("loop-alloc", "{\"loop_depth\":2}");
    adv_finding *v1[] = {&lo};
    adv_summarize(v1, 1, 1, &st);
    assert_string_equal(st.status, "PASS");
    assert_int_equal(st.score, 98); /* 100 / (1 + 1/50) */
    adv_finding *v2[] = {&hi, &lo};
    adv_summarize(v2, 2, 1, &st);
    assert_string_equal(st.status, "NEEDS_OPTIMIZATION");
    assert_int_equal(st.by_impact[PA_LEVEL_HIGH], 1);
    assert_int_equal(st.by_impact[PA_LEVEL_LOW], 1);
    assert_int_equal(st.score, 82); /* 100 / (1 + 11/50) */
    cJSON_Delete(lo.evidence);
    cJSON_Delete(hi.evidence);
}

static void explain_should_show_the_estimate_and_formula(void **state)
{
    (void)state;
    adv_finding f = make("loop-alloc", "{\"loop_depth\":2,\"bytes\":64}");
    memcpy(f.id, "0123456789abcdef", 17);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    adv_score_explain(out, &f, NULL);
    fclose(out);
    assert_non_null(strstr(buf, "executions per call  1000 "));
    assert_non_null(strstr(buf, "impact: high"));
    assert_non_null(strstr(buf, "priority: 34"));
    free(buf);
    cJSON_Delete(f.evidence);
}

static void estimate_should_show_the_comma_of_a_symbolic_trip_count(void **state)
{
    (void)state;
    adv_finding f = make("loop-alloc", "{\"loop_depth\":1,\"executions_per_call\":50,"
                                       "\"trip_text\":\"min(a, b)\"}");
    char buf[512];
    adv_estimate_text(&f, buf, sizeof buf);
    assert_non_null(strstr(buf, "trip count min(a, b), compiler estimate"));
    cJSON_Delete(f.evidence);
    /* Characters a renderer could interpret still do not pass. */
    adv_finding g = make("loop-alloc", "{\"loop_depth\":1,\"executions_per_call\":50,"
                                       "\"trip_text\":\"<b>*n*</b>\"}");
    adv_estimate_text(&g, buf, sizeof buf);
    assert_non_null(strstr(buf, "trip count ?b??n???b?, compiler estimate"));
    cJSON_Delete(g.evidence);
}

/* A view big enough to be sorted on two threads comes out as qsort
 * orders it: ties on priority and cost broken by file, line, column, id. */
static void sort_should_match_qsort_on_two_threads(void **state)
{
    (void)state;
    enum { N = 9001 };
    static adv_finding f[N];
    static adv_finding *a[N], *b[N];
    static const char *const files[] = {"a.c", "b.c", NULL};
    unsigned x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        memset(&f[i], 0, sizeof f[i]);
        f[i].score.priority = (long)(x >> 28); /* many ties */
        f[i].score.cost_ns = (double)((x >> 20) & 3);
        f[i].loc.file = files[(x >> 12) % 3];
        f[i].loc.line = (x >> 8) & 7;
        snprintf(f[i].id, sizeof f[i].id, "%016x", (unsigned)i * 2654435761u);
        a[i] = b[i] = &f[i];
    }
    qsort(a, N, sizeof a[0], adv_compare_findings);
    adv_sort_findings(b, N);
    for (int i = 0; i < N; i++)
        assert_ptr_equal(a[i], b[i]);
    adv_sort_findings(b, 1); /* small: one thread, nothing to do */
    adv_sort_findings(b, 0);
}

/* adv_is_test_code as it was written first (strncmp and strstr, the
 * base name copied into 256 bytes and cut at its last '.'): the shipped
 * one, which scans once and looks in place, must agree on every name. */
static bool old_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }
static bool old_is_test_code(const adv_finding *f)
{
    const char *fn = f->function_demangled ? f->function_demangled : f->function;
    if (fn) {
        const char *last = fn;
        for (const char *p = fn; *p && *p != '('; p++)
            if (p[0] == ':' && p[1] == ':')
                last = p + 2;
        if (old_prefix(last, "unittest") || old_prefix(last, "unit_test") || old_prefix(last, "ut_") ||
            old_prefix(last, "test_") || old_prefix(last, "TEST_") || old_prefix(fn, "unittest") || old_prefix(fn, "ut_") ||
            old_prefix(fn, "test_") || strstr(fn, "_Test::TestBody") || strstr(fn, "_unittest"))
            return true;
    }
    const char *file = f->loc.file;
    if (!file)
        return false;
    if (strstr(file, "/test/") || strstr(file, "/tests/"))
        return true;
    const char *slash = strrchr(file, '/');
    char stem[256];
    snprintf(stem, sizeof stem, "%s", slash ? slash + 1 : file);
    char *dot = strrchr(stem, '.');
    if (dot)
        *dot = '\0';
    size_t n = strlen(stem);
    return old_prefix(stem, "test_") || (n >= 5 && strcmp(stem + n - 5, "_test") == 0) ||
           (n >= 9 && strcmp(stem + n - 9, "_unittest") == 0) ||
           (n >= 4 && strcmp(stem + n - 4, "test") == 0) || strstr(stem, "_mock") ||
           old_prefix(stem, "mock");
}

static void test_code_should_be_named_as_before(void **state)
{
    (void)state;
    static const char *const fns[] = {
        NULL, "", "f", "test_f", "ns::test_f", "ns::ut_f(int)", "unittest", "unit_test_x",
        "a_unittest", "x_unittes", "Foo_Test::TestBody()", "Foo_Test::TestBod", "_Test::TestBody",
        "__Test::TestBody", "a::b::unit_test(std::vector<a::test_x>)", "f(ns::test_x)", "_",
        "a_b_c_unittest_d", "ut_", "u", "t", "test", "bool ns::test_f<int>()",
        "ns::DB::TEST_Compact(int)", "TEST_f", "TEST", "ns::TESTx_f", "f(ns::TEST_x)"};
    static const char *const files[] = {
        NULL, "", "a.c", "/test/a.c", "src/tests/a.c", "src/testsx/a.c", "src/test", "/test",
        "x/test_a.c", "x/a_test.c", "x/a_unittest.cc", "x/atest.c", "x/a_mock.c", "x/mock.h",
        "x/mocks/a.c", "x/a.test.c", "x/test_", "//test//a.c", "a/b/c/d.tests/e.c", "test_a",
        "x/.c", "x/a.", "x/test_.c.d"};
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
        for (size_t j = 0; j < sizeof files / sizeof *files; j++)
            for (int demangled = 0; demangled < 2; demangled++) {
                adv_finding f;
                memset(&f, 0, sizeof f);
                if (demangled)
                    f.function_demangled = fns[i];
                else
                    f.function = fns[i];
                f.loc.file = files[j];
                if (adv_is_test_code(&f) != old_is_test_code(&f))
                    fail_msg("function %s, file %s: %d, before %d", fns[i] ? fns[i] : "(null)",
                             files[j] ? files[j] : "(null)", adv_is_test_code(&f),
                             old_is_test_code(&f));
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(score_should_rank_a_nested_loop_allocation_above_a_single_loop_one),
        cmocka_unit_test(score_should_divide_the_cost_by_effort_and_risk),
        cmocka_unit_test(score_should_use_a_known_trip_count),
        cmocka_unit_test(score_should_be_deterministic),
        cmocka_unit_test(score_should_rate_deadlocks_high_and_cross_tu_redesign_in_weeks),
        cmocka_unit_test(score_should_rate_stack_risk_by_size),
        cmocka_unit_test(score_should_make_realloc_growth_quadratic),
        cmocka_unit_test(score_should_ignore_bad_evidence_values),
        cmocka_unit_test(score_should_keep_analysis_remarks_low),
        cmocka_unit_test(summary_should_pass_without_medium_or_high_findings),
        cmocka_unit_test(explain_should_show_the_estimate_and_formula),
        cmocka_unit_test(estimate_should_show_the_comma_of_a_symbolic_trip_count),
        cmocka_unit_test(sort_should_match_qsort_on_two_threads),
        cmocka_unit_test(test_code_should_be_named_as_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
