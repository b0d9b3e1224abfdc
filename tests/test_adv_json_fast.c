/* tests/test_adv_json_fast.c — advisor/json_fast.c: the fast reader builds
 * cJSON's own tree for what it reads and declines everything else, on
 * hand-written documents and on a few thousand random ones printed by cJSON.
 * Run: ctest --test-dir build -R unit.test_adv_json_fast --output-on-failure */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_fast.h"
#include "random_json.h"

/* Every block the reader asked for, freed together; fail_after: how many
 * allocations succeed before one fails (-1: none fails). */
typedef struct test_mem {
    void **blocks;
    size_t n, cap;
    long fail_after;
} test_mem;

static void *test_alloc(void *ctx, size_t n)
{
    test_mem *m = ctx;
    if (m->fail_after == 0)
        return NULL;
    if (m->fail_after > 0)
        m->fail_after--;
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 64;
        m->blocks = realloc(m->blocks, m->cap * sizeof *m->blocks);
        assert_non_null(m->blocks);
    }
    void *p = malloc(n);
    assert_non_null(p);
    m->blocks[m->n++] = p;
    return p;
}

static void test_mem_free(test_mem *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->blocks[i]);
    free(m->blocks);
    memset(m, 0, sizeof *m);
}

/* text[0..len) with a NUL after it, as the loader hands it over. */
static cJSON *fast(test_mem *m, const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    copy[len] = '\0';
    cJSON *t = adv_json_fast_parse(copy, len, 64, test_alloc, m);
    free(copy);
    return t;
}

static cJSON *by_cjson(const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    copy[len] = '\0';
    const char *end = NULL;
    cJSON *t = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
    free(copy);
    return t;
}

/* The fast reader takes text and builds exactly cJSON's tree. */
static void assert_reads_like_cjson(const char *text, size_t len)
{
    test_mem m = {NULL, 0, 0, -1};
    cJSON *want = by_cjson(text, len);
    cJSON *got = fast(&m, text, len);
    if (!want || !got)
        fail_msg("not read by %s: %.*s", want ? "the fast reader" : "cJSON", (int)len, text);
    assert_true(adv_json_tree_equal(got, want));
    cJSON_Delete(want);
    test_mem_free(&m);
}

/* The fast reader declines text (cJSON may or may not take it). */
static void assert_declined(const char *text, size_t len)
{
    test_mem m = {NULL, 0, 0, -1};
    if (fast(&m, text, len))
        fail_msg("read, but should be left to cJSON: %.*s", (int)len, text);
    test_mem_free(&m);
}

static void fast_parse_should_build_cjsons_tree_for_a_findings_document(void **state)
{
    (void)state;
    const char *doc =
        "{\n  \"schema\": \"perfadvise-findings/1\",\n\t\"tu\": {\"source\": \"a {b}, [c]: \\\"d\\\".c\","
        "\"directory\":null,\"debug_info\":true, \"optnone\": false},\r\n\"findings\":[{\"id\":\"x\","
        "\"location\":{\"file\":\"a.c\",\"line\":12,\"column\":3},\"evidence\":{\"held\":[],"
        "\"cycle\":[\"a\",\"b\"],\"executions_per_call\": 1.0, \"p\": 0.0247192, \"big\": 1e300,"
        "\"nested\":[[1,2],[],{},[{}],{\"k\":[{\"z\":-1.5e-300}]}]}}],\"lock_edges\":[],"
        "\"summaries\":{\"f\":{\"call_sites\":[{\"callee\":\"g\\\\\\/\\b\\f\\n\\r\\t\","
        "\"executions_per_call\":8000,\"line\":187457}]},\"e\":{},\"f\":\"duplicate key\","
        "\"\":\"caf\xc3\xa9 \xff\"}}  \n";
    assert_reads_like_cjson(doc, strlen(doc));
}

static void fast_parse_should_build_cjsons_tree_for_scalars_and_edge_numbers(void **state)
{
    (void)state;
    const char *docs[] = {"{}", "[]", "[[]]", "[{}]", "{\"a\":{}}", "\"s\"", "\"\"", "1", "null",
                          "true", "false", "[true,false,null]", "0", "-0", "-1", "007", "1.",
                          "123456789012345", "1234567890123456", "99999999999999999999",
                          "2147483647", "2147483648", "-2147483648", "-2147483649", "1e400",
                          "-1e400", "4.9e-324", "1E5", "1e+5", "0.1", "-12.5e-3", "[1,-2,3.5]",
                          "  {\"a\" : [ 1 , 2 ] }  "};
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        assert_reads_like_cjson(docs[i], strlen(docs[i]));
}

static void fast_parse_should_decline_what_it_leaves_to_cjson(void **state)
{
    (void)state;
    const char *docs[] = {"", "   ", "{", "}", "{\"a\":1,}", "[1 2]", "[1,]", "{\"a\" 1}",
                          "{1:2}", "\"\\u0041\"", "\"a\x01\"", "\"a\tb\"", "\xEF\xBB\xBF{}",
                          "{} x", "{}{}", "truex", "nul", "tru", "-", "+1", ".5", "1e", "1.5.3",
                          "--1", "\"\\x\"", "\"abc", "\v{}", "{}\f", "[\"a\"\"b\"]",
                          "1234567890123456789012345678901234567890123456789012345678901234567"};
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        assert_declined(docs[i], strlen(docs[i]));
    /* An embedded NUL ends cJSON's document; the fast reader leaves it. */
    assert_declined("{}\0 ", 4);
    assert_declined("[\"a\0b\"]", 7);
}

static void fast_parse_should_take_64_levels_and_decline_65(void **state)
{
    (void)state;
    char deep[200];
    memset(deep, '[', 64);
    memset(deep + 64, ']', 64);
    assert_reads_like_cjson(deep, 128);
    memset(deep, '[', 65);
    memset(deep + 65, ']', 65);
    assert_declined(deep, 130);
    /* Objects count as arrays do. */
    char obj[400] = "";
    for (int i = 0; i < 64; i++)
        strcat(obj, "{\"k\":");
    strcat(obj, "1");
    for (int i = 0; i < 64; i++)
        strcat(obj, "}");
    assert_reads_like_cjson(obj, strlen(obj));
}

static void fast_parse_should_return_null_when_memory_runs_out(void **state)
{
    (void)state;
    /* Nodes and strings come from blocks (one per call under
     * AddressSanitizer: 12 here); whichever allocation fails, the reader
     * gives up, and with enough it reads the document. */
    const char *doc = "{\"a\":[1,\"two\",{\"b\":null}],\"c\":\"d\\n\"}";
    long k = 0;
    for (;; k++) {
        assert_true(k <= 12);
        test_mem m = {NULL, 0, 0, k};
        cJSON *t = fast(&m, doc, strlen(doc));
        test_mem_free(&m);
        if (t)
            break;
    }
    assert_true(k >= 1);
    assert_reads_like_cjson(doc, strlen(doc));
    /* A string longer than what is left of the block and than a quarter
     * block gets an allocation of its own. */
    static char big[20100];
    big[0] = '[';
    big[1] = '"';
    memset(big + 2, 'y', 20000);
    memcpy(big + 20002, "\",\"z\"]", 7);
    assert_reads_like_cjson(big, strlen(big));
    for (long j = 0; j < 2; j++) { /* the first block, the string */
        test_mem m = {NULL, 0, 0, j};
        assert_null(fast(&m, big, strlen(big)));
        test_mem_free(&m);
    }
}

/* Strings and runs of white space of every length to past two 16-byte
 * blocks (the reader scans 16 bytes at a time), with a byte that ends the
 * plain run (an escape, a control byte, a NUL, \v) at every place, and the
 * text ending right after them. */
static void fast_parse_should_read_long_strings_and_white_space_as_cjson_does(void **state)
{
    (void)state;
    static const char ws[] = " \n\t\r";
    static const char xs[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    for (size_t len = 0; len <= 40; len++) {
        char doc[128];
        doc[0] = '"';
        memset(doc + 1, 'x', len);
        doc[len + 1] = '"';
        assert_reads_like_cjson(doc, len + 2);
        for (size_t k = 0; k < len; k++) {
            memset(doc + 1, 'x', len);
            doc[len + 1] = '"';
            doc[k + 1] = '\x80';
            assert_reads_like_cjson(doc, len + 2);
            doc[k + 1] = '\x01';
            assert_declined(doc, len + 2);
            doc[k + 1] = '\0';
            assert_declined(doc, len + 2);
            /* An escape at k: x...x\nx...x */
            int n = snprintf(doc, sizeof doc, "\"%.*s\\n%.*s\"", (int)k, xs, (int)(len - k), xs);
            assert_reads_like_cjson(doc, (size_t)n);
            assert_declined(doc, (size_t)n - 1); /* the text ends inside the string */
        }
        /* len bytes of white space around a value, and \v in them. */
        for (size_t i = 0; i < len; i++)
            doc[i] = ws[i % 4];
        doc[len] = '1';
        memcpy(doc + len + 1, doc, len);
        assert_reads_like_cjson(doc, 2 * len + 1);
        assert_reads_like_cjson(doc, len + 1);
        for (size_t k = 0; k < len; k++) {
            char v[128];
            memcpy(v, doc, 2 * len + 1);
            v[k] = '\v';
            assert_declined(v, 2 * len + 1);
            memcpy(v, doc, 2 * len + 1);
            v[len + 1 + k] = '\v';
            assert_declined(v, 2 * len + 1);
        }
    }
}

/* Decimals with a fraction or an exponent, read without strtod when they
 * have at most 15 digits and an exponent within 22 (Clinger's fast path),
 * must be strtod's doubles bit for bit: the edges of that path both sides,
 * and random ones of every width. */
static void fast_parse_should_read_decimals_as_strtod_does(void **state)
{
    (void)state;
    const char *docs[] = {"1.0", "-0.0", "0.5", "0.1", "0.3", "2.675", "1e22", "1e23", "1e-22",
                          "1e-23", "123456789012345e7", "123456789012345e8", "1.23456789012345",
                          "1.234567890123456", "123456789012345e-22", "123456789012345e-23",
                          "9007199254740993", "0.000000000000001", "0.0000000000000001",
                          "-12.5e-3", "4.5E+2", "7e0", "7e-0", "7e0001", "1.5e", "1.e5", "00.5",
                          "-.5", "0.1e1e1", "1.5+2", "1.5-2"};
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        const char *end = NULL;
        cJSON *want = cJSON_ParseWithLengthOpts(docs[i], strlen(docs[i]) + 1, &end, 1);
        if (want)
            assert_reads_like_cjson(docs[i], strlen(docs[i]));
        else
            assert_declined(docs[i], strlen(docs[i]));
        cJSON_Delete(want);
    }
    for (int i = 0; i < 200000; i++) {
        char doc[64];
        unsigned whole = pa_test_next_rand(8), frac = pa_test_next_rand(10);
        int len = snprintf(doc, sizeof doc, "%s%.*llu", pa_test_next_rand(2) ? "-" : "", (int)whole + 1,
                           (unsigned long long)(pa_test_next64() % 100000000ull));
        if (frac)
            len += snprintf(doc + len, sizeof doc - (size_t)len, ".%.*llu", (int)frac,
                            (unsigned long long)(pa_test_next64() % 10000000000ull));
        if (pa_test_next_rand(3) == 0)
            len += snprintf(doc + len, sizeof doc - (size_t)len, "e%d", (int)pa_test_next_rand(61) - 30);
        assert_reads_like_cjson(doc, (size_t)len);
    }
}

static double random_number(void)
{
    switch (pa_test_next_rand(6)) {
    case 0: return (double)pa_test_next_rand(100000);
    case 1: return -(double)pa_test_next_rand(1000);
    case 2: return (double)pa_test_next64() / 7.0;
    case 3: return ldexp((double)pa_test_next_rand(1u << 30), (int)pa_test_next_rand(200) - 100);
    case 4: return (double)pa_test_next_rand(1000) / 8.0;
    default: {
        double d;
        uint64_t bits = pa_test_next64();
        memcpy(&d, &bits, sizeof d);
        return isfinite(d) ? d : 0.5;
    }
    }
}

/* cJSON prints trees with quotes, backslashes and control characters in
 * their strings (escaped: \" \\ \n \t, and \u00XX, which the reader
 * declines), non-ASCII bytes, and every kind of number. */
static void fast_parse_should_read_random_documents_as_cjson_does(void **state)
{
    (void)state;
    static const char pool[] = "ab\"\\/\n\t\x7f\xc3\xa9{}[]:, 01";
    size_t read = 0;
    for (int i = 0; i < 3000; i++) {
        cJSON *t = pa_test_random_tree(0, random_number, pool, sizeof pool - 1);
        char *text = (i % 2) ? cJSON_Print(t) : cJSON_PrintUnformatted(t);
        assert_non_null(text);
        cJSON *want = by_cjson(text, strlen(text));
        assert_non_null(want);
        test_mem m = {NULL, 0, 0, -1};
        cJSON *got = fast(&m, text, strlen(text));
        if (got) {
            read++;
            assert_true(adv_json_tree_equal(got, want));
        }
        test_mem_free(&m);
        cJSON_Delete(want);
        cJSON_free(text);
        cJSON_Delete(t);
    }
    /* Most carry no \u escape: the fast path is the common one. */
    assert_true(read > 1500);
}

/* Each shared key and its near misses (every byte changed, one byte
 * short, one byte more): the same keys as cJSON reads, and only the exact
 * ones point at the shared literal. */
static void fast_parse_should_share_known_keys_and_copy_near_misses(void **state)
{
    (void)state;
    size_t nkeys = 0;
    for (const char *k; (k = adv_json_known_key(nkeys)); nkeys++) {
        size_t n = strlen(k);
        assert_true(n >= 1);
        char doc[4096], variant[64];
        size_t len = 0;
        len += (size_t)snprintf(doc + len, sizeof doc - len, "{\"%s\": 0", k);
        for (size_t j = 0; j < n; j++) {
            memcpy(variant, k, n + 1);
            variant[j] = variant[j] == 'Z' ? 'Y' : 'Z';
            len += (size_t)snprintf(doc + len, sizeof doc - len, ", \"%s\": 1", variant);
        }
        len += (size_t)snprintf(doc + len, sizeof doc - len, ", \"%.*s\": 2, \"%sx\": 3}",
                                (int)(n - 1), k, k);
        assert_true(len < sizeof doc);
        assert_reads_like_cjson(doc, len);
        test_mem m = {NULL, 0, 0, -1};
        cJSON *t = fast(&m, doc, len);
        assert_non_null(t);
        const cJSON *c = t->child;
        assert_ptr_equal(c->string, k);
        for (c = c->next; c; c = c->next) {
            assert_ptr_not_equal(c->string, k);
            for (size_t i = 0; adv_json_known_key(i); i++)
                if (strcmp(c->string, adv_json_known_key(i)) != 0)
                    assert_ptr_not_equal(c->string, adv_json_known_key(i));
        }
        test_mem_free(&m);
    }
    assert_true(nkeys > 50);
}

static void tree_equal_should_tell_trees_apart(void **state)
{
    (void)state;
    const char *a = "{\"a\":[1,\"x\",null],\"b\":true}";
    const char *others[] = {"{\"a\":[1,\"x\",null],\"b\":false}", "{\"a\":[1,\"y\",null],\"b\":true}",
                            "{\"a\":[2,\"x\",null],\"b\":true}", "{\"a\":[1,\"x\"],\"b\":true}",
                            "{\"c\":[1,\"x\",null],\"b\":true}", "{\"a\":[1,\"x\",null]}",
                            "{\"a\":[1.5,\"x\",null],\"b\":true}", "[[1,\"x\",null],true]"};
    cJSON *ta = cJSON_Parse(a);
    assert_true(adv_json_tree_equal(ta, ta));
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        cJSON *tb = cJSON_Parse(others[i]);
        assert_non_null(tb);
        assert_false(adv_json_tree_equal(ta, tb));
        assert_false(adv_json_tree_equal(tb, ta));
        cJSON_Delete(tb);
    }
    cJSON *neg0 = cJSON_Parse("-0"), *pos0 = cJSON_Parse("0");
    assert_false(adv_json_tree_equal(neg0, pos0));
    cJSON_Delete(neg0);
    cJSON_Delete(pos0);
    cJSON_Delete(ta);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_parse_should_build_cjsons_tree_for_a_findings_document),
        cmocka_unit_test(fast_parse_should_build_cjsons_tree_for_scalars_and_edge_numbers),
        cmocka_unit_test(fast_parse_should_decline_what_it_leaves_to_cjson),
        cmocka_unit_test(fast_parse_should_take_64_levels_and_decline_65),
        cmocka_unit_test(fast_parse_should_return_null_when_memory_runs_out),
        cmocka_unit_test(fast_parse_should_read_long_strings_and_white_space_as_cjson_does),
        cmocka_unit_test(fast_parse_should_read_decimals_as_strtod_does),
        cmocka_unit_test(fast_parse_should_read_random_documents_as_cjson_does),
        cmocka_unit_test(fast_parse_should_share_known_keys_and_copy_near_misses),
        cmocka_unit_test(tree_equal_should_tell_trees_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
