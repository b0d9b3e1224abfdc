/* tests/test_json_print.c — passes/json_print.c: a cJSON tree printed byte
 * for byte as cJSON_PrintUnformatted prints it (the findings file and the
 * .perfadvise section are that text), on hand-picked numbers and strings
 * and on a few thousand random trees.
 * Run: ctest --test-dir build -R unit.test_json_print --output-on-failure */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_print.h"
#include "random_json.h"

static void assert_prints_like_cjson(const cJSON *t)
{
    char *want = cJSON_PrintUnformatted(t);
    size_t len = 0;
    char *got = pa_json_print(t, &len);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
    cJSON_free(want);
}

static void print_should_match_cjson_on_numbers(void **state)
{
    (void)state;
    const double nums[] = {0.0, -0.0, 1, -1, 7, 20, 400, 8000, 187457, -187457, 4294967296.0,
                           999999999999999.0, -999999999999999.0, 1e15, -1e15, 1e15 + 2, 1e16,
                           9007199254740992.0, 9007199254740993.0, 1e300, -2.5e300, 0.1, 0.5,
                           0.0247192, 0.0044, 1e-7, 5e-324, 2.2250738585072014e-308, 1.0 / 3.0,
                           123456.789, 1e14 + 0.5, 65536.25, -0.75, (double)NAN, (double)INFINITY, -(double)INFINITY,
                           (double)INT32_MAX, (double)INT32_MIN, (double)INT32_MAX + 1.0,
                           (double)INT64_MAX, (double)INT64_MIN};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        cJSON *a = cJSON_CreateArray();
        cJSON_AddItemToArray(a, cJSON_CreateNumber(nums[i]));
        assert_prints_like_cjson(a);
        cJSON_Delete(a);
    }
}

static void print_should_match_cjson_on_every_byte_in_strings_and_keys(void **state)
{
    (void)state;
    char s[256];
    for (int c = 1; c < 256; c++)
        s[c - 1] = (char)c;
    s[255] = '\0';
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, s, s);
    cJSON_AddStringToObject(o, "", "");
    cJSON_AddItemToObject(o, "raw", cJSON_CreateRaw("{\"x\": [1, 2]}"));
    cJSON_AddItemToObject(o, "e", cJSON_CreateObject());
    cJSON_AddItemToObject(o, "a", cJSON_CreateArray());
    cJSON_AddItemToObject(o, "t", cJSON_CreateTrue());
    cJSON_AddItemToObject(o, "f", cJSON_CreateFalse());
    cJSON_AddItemToObject(o, "n", cJSON_CreateNull());
    cJSON *nostr = cJSON_CreateString("x");
    free(nostr->valuestring);
    nostr->valuestring = NULL;
    cJSON_AddItemToObject(o, "nostr", nostr);
    assert_prints_like_cjson(o);
    cJSON_Delete(o);
}

static void print_should_fail_where_cjson_fails(void **state)
{
    (void)state;
    assert_null(pa_json_print(NULL, NULL));
    cJSON *a = cJSON_CreateArray();
    cJSON *raw = cJSON_CreateRaw("1");
    free(raw->valuestring);
    raw->valuestring = NULL;
    cJSON_AddItemToArray(a, raw);
    assert_prints_like_cjson(a);
    raw->type = cJSON_Invalid;
    assert_prints_like_cjson(a);
    cJSON_Delete(a);
}

static const char print_pool[] = "ab{}[]:,\"\\/ \t\n\r\b\f\x01\x1f\x7f\xc3\xa9z09.-e";

/* Whole numbers of every size, fractions, and doubles from random bits. */
static double random_number(void)
{
    switch (pa_test_next_rand(6)) {
    case 0: return (double)pa_test_next_rand(100000);
    case 1: return -(double)(pa_test_next64() % 2000000000000000ull);
    case 2: return (double)(pa_test_next64() >> pa_test_next_rand(64));
    case 3: return (double)pa_test_next_rand(100000) / 7.0;
    case 4: {
        double d;
        unsigned long long bits = pa_test_next64();
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    default: return ldexp((double)pa_test_next_rand(1000), (int)pa_test_next_rand(120) - 60);
    }
}

static void print_should_match_cjson_on_random_trees(void **state)
{
    (void)state;
    for (int i = 0; i < 5000; i++) {
        cJSON *t = pa_test_random_tree(0, random_number, print_pool, sizeof print_pool - 1);
        assert_non_null(t);
        assert_prints_like_cjson(t);
        cJSON_Delete(t);
    }
}

/* The piecewise text gives for a number or a string what cJSON prints for
 * it, and keeps its buffer across documents. */
static void text_should_match_cjson_piece_by_piece(void **state)
{
    (void)state;
    pa_json_text t = {0};
    for (int i = 0; i < 5000; i++) {
        double d = random_number();
        cJSON *n = cJSON_CreateNumber(d);
        char *want = cJSON_PrintUnformatted(n);
        pa_json_text_clear(&t);
        pa_json_text_number(&t, d);
        assert_non_null(want);
        assert_string_equal(pa_json_text_str(&t), want);
        cJSON_free(want);
        cJSON_Delete(n);
    }
    char s[256];
    for (int c = 1; c < 256; c++)
        s[c - 1] = (char)c;
    s[255] = '\0';
    cJSON *str = cJSON_CreateString(s);
    char *want = cJSON_PrintUnformatted(str);
    pa_json_text_clear(&t);
    pa_json_text_string(&t, s);
    assert_string_equal(pa_json_text_str(&t), want);
    cJSON_free(want);
    cJSON_Delete(str);
    pa_json_text_clear(&t);
    pa_json_text_char(&t, '[');
    pa_json_text_string(&t, NULL);
    pa_json_text_put(&t, ",true]", 6);
    assert_string_equal(pa_json_text_str(&t), "[\"\",true]");
    pa_json_text_free(&t);
    assert_null(t.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(print_should_match_cjson_on_numbers),
        cmocka_unit_test(print_should_match_cjson_on_every_byte_in_strings_and_keys),
        cmocka_unit_test(print_should_fail_where_cjson_fails),
        cmocka_unit_test(print_should_match_cjson_on_random_trees),
        cmocka_unit_test(text_should_match_cjson_piece_by_piece),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
