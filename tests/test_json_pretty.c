/* tests/test_json_pretty.c — common/json_pretty.c: compact JSON laid out
 * byte for byte as cJSON_Print lays out the same tree (the findings file is
 * written that way from the one unformatted print), on hand-written trees
 * and on a few thousand random ones.
 * Run: ctest --test-dir build -R unit.test_json_pretty --output-on-failure */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_pretty.h"
#include "random_json.h"

/* pa_json_pretty(cJSON_PrintUnformatted(t)) must equal cJSON_Print(t). */
static void assert_lays_out_like_cjson(const cJSON *t)
{
    char *compact = cJSON_PrintUnformatted(t);
    char *want = cJSON_Print(t);
    assert_non_null(compact);
    assert_non_null(want);
    size_t len = 0;
    char *got = pa_json_pretty(compact, strlen(compact), &len);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
    cJSON_free(compact);
    cJSON_free(want);
}

static void pretty_should_match_cjson_on_a_findings_document(void **state)
{
    (void)state;
    cJSON *doc = cJSON_Parse(
        "{\"schema\":\"perfadvise-findings/1\",\"tu\":{\"source\":\"a {b}, [c]: \\\"d\\\".c\","
        "\"directory\":null,\"debug_info\":true},\"findings\":[{\"id\":\"x\",\"location\":"
        "{\"file\":\"a.c\",\"line\":12,\"column\":3},\"evidence\":{\"held\":[],\"cycle\":[\"a\",\"b\"],"
        "\"nested\":[[1,2],[],{},[{}],{\"k\":[{\"z\":-1.5e-300}]}]}}],\"lock_edges\":[],"
        "\"lock_sections\":[],\"summaries\":{\"f\":{\"call_sites\":[{\"callee\":\"g\\\\\",\"executions_per_call\":"
        "0.0247192,\"line\":187457},{\"callee\":\"h\\u0001\\t\",\"executions_per_call\":8000}]},\"e\":{}}}");
    assert_non_null(doc);
    assert_lays_out_like_cjson(doc);
    cJSON_Delete(doc);
}

static void pretty_should_match_cjson_on_empty_and_scalar_documents(void **state)
{
    (void)state;
    const char *docs[] = {"{}", "[]", "[[]]", "[{}]", "{\"a\":{}}", "{\"a\":[]}", "\"s\"", "1", "null",
                          "[true,false,null]", "{\"\":\"\"}"};
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        cJSON *t = cJSON_Parse(docs[i]);
        assert_non_null(t);
        assert_lays_out_like_cjson(t);
        cJSON_Delete(t);
    }
}

/* Strings with every kind of byte cJSON escapes or keeps, and the
 * characters the layout reacts to outside strings. */
static const char pretty_pool[] = "ab{}[]:,\"\\/ \t\n\x01\x1f\xc3\xa9z09.-e";

/* Numbers the findings file holds (counts, frequencies, tiny and huge). */
static double random_number(void)
{
    static const double nums[] = {0, 1, -1, 20, 8000, 187457, 0.0247192, 1e-7, -2.5e300, 4294967296.0, 0.1};
    if (pa_test_next_rand(2) == 0)
        return (double)pa_test_next_rand(100000) / 7.0;
    return nums[pa_test_next_rand(sizeof nums / sizeof *nums)];
}

static void pretty_should_match_cjson_on_random_trees(void **state)
{
    (void)state;
    for (int i = 0; i < 3000; i++) {
        cJSON *t = pa_test_random_tree(0, random_number, pretty_pool, sizeof pretty_pool - 1);
        assert_non_null(t);
        assert_lays_out_like_cjson(t);
        cJSON_Delete(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pretty_should_match_cjson_on_a_findings_document),
        cmocka_unit_test(pretty_should_match_cjson_on_empty_and_scalar_documents),
        cmocka_unit_test(pretty_should_match_cjson_on_random_trees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
