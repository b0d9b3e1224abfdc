/* tests/test_adv_merge.c — merging findings of many TUs (advisor/merge.c):
 * de-duplication by id keeping the count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "adv_test_util.h"
#include "json_get.h"

static void merge_should_keep_one_copy_of_a_header_finding_and_count_tus(void **state)
{
    (void)state;
    adv_set s;
    char err[256], f[512], doc[1024];
    assert_int_equal(adv_set_init(&s), 0);
    adv_test_finding(f, sizeof f, "00000000000000aa", "loop-alloc", "vec_push", 9, NULL);
    snprintf(doc, sizeof doc, ADV_DOC_HEAD "\"findings\":[%s]}", f);
    for (int tu = 0; tu < 3; tu++)
        assert_int_equal(adv_test_load(&s, doc, err, sizeof err), 0);
    assert_int_equal(s.count, 1);
    assert_int_equal(s.items[0].tu_count, 3);
    assert_int_equal(s.duplicates, 2);
    assert_int_equal(s.ntus, 3);
    assert_int_equal(s.items[0].tu, 0); /* the first TU that reported it */
    adv_set_free(&s);
}

static void merge_should_keep_distinct_ids_apart_across_many_findings(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    for (int i = 0; i < 5000; i++) {
        adv_finding f;
        memset(&f, 0, sizeof f);
        snprintf(f.id, sizeof f.id, "%016x", (unsigned)(i % 2500));
        f.kind_name = "loop-alloc";
        f.evidence = cJSON_CreateObject();
        assert_non_null(adv_set_add_finding(&s, &f));
    }
    assert_int_equal(s.count, 2500);
    for (int i = 0; i < 2500; i += 97) {
        char id[17];
        snprintf(id, sizeof id, "%016x", (unsigned)i);
        adv_finding *f = adv_set_find(&s, id);
        assert_non_null(f);
        assert_int_equal(f->tu_count, 2);
    }
    assert_null(adv_set_find(&s, "ffffffffffffffff"));
    adv_set_free(&s);
}

/* Sized from the first tenth, the id index takes the rest without growing,
 * and every finding is still found. */
static void presize_should_take_the_rest_without_growing(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    for (int i = 0; i < 4000; i++) {
        if (i == 400) {
            assert_int_equal(adv_set_presize(&s, 10.0), 0);
            assert_true(s.ids.cap / 2 >= 4000);
        }
        size_t cap = s.ids.cap;
        adv_finding f;
        memset(&f, 0, sizeof f);
        snprintf(f.id, sizeof f.id, "%016x", (unsigned)i * 40503u);
        f.kind_name = "loop-alloc";
        assert_non_null(adv_set_add_finding(&s, &f));
        if (i >= 400)
            assert_int_equal(s.ids.cap, cap);
    }
    for (int i = 0; i < 4000; i++) {
        char id[17];
        snprintf(id, sizeof id, "%016x", (unsigned)i * 40503u);
        assert_non_null(adv_set_find(&s, id));
    }
    assert_int_equal(adv_set_presize(&s, 0.5), 0); /* never shrinks */
    assert_int_equal(s.count, 4000);
    adv_set_free(&s);
}

static void strdup_should_sanitize_invalid_utf8(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    assert_string_equal(adv_set_strdup(&s, "ok \xc3\xa9 \xed\xa0\x80 \xf8"), "ok \xc3\xa9 ??? ?");
    assert_null(adv_set_strdup(&s, NULL));
    adv_set_free(&s);
}

/* A name hashed ahead (its node's memo, json_get.h) interns to the string
 * adv_set_intern gives; memory another set's arena held stays readable
 * once adopted and that set freed. */
static void memo_and_adopted_memory_should_intern_and_keep_the_same_strings(void **state)
{
    (void)state;
    adv_set s, other;
    assert_int_equal(adv_set_init(&s), 0);
    assert_int_equal(adv_set_init(&other), 0);
    const char *first = adv_set_intern(&s, "vec_push");
    cJSON *node = cJSON_CreateString("vec_push");
    assert_non_null(node);
    adv_json_memo_set(node, strlen("vec_push"), pa_hash_str("vec_push"));
    assert_ptr_equal(adv_set_intern_node(&s, node->valuestring, node), first);
    cJSON *plain = cJSON_CreateString("vec_pop"); /* no memo */
    assert_non_null(plain);
    assert_ptr_equal(adv_set_intern_node(&s, plain->valuestring, plain),
                     adv_set_intern(&s, "vec_pop"));
    cJSON_Delete(node);
    cJSON_Delete(plain);
    const char *kept = adv_set_strdup(&other, "message");
    adv_set_adopt_memory(&s, &other);
    adv_set_free(&other);
    assert_string_equal(kept, "message");
    assert_string_equal(adv_set_strdup(&s, "more"), "more");
    adv_set_free(&s);
}

/* The loader's one-pass name hash is pa_hash_str and strlen, and tells
 * ASCII text from text with other bytes. */
static void hash_str_len_should_be_hash_and_length_in_one(void **state)
{
    (void)state;
    static const char *const names[] = {"", "f", "fn_0_0", "ns::f<int>(char const*)",
                                        "caf\xc3\xa9", "\xff", "a\x7f", "\x80z"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t len = 99;
        bool ascii = false;
        assert_true(pa_hash_str_len(names[i], &len, &ascii) == pa_hash_str(names[i]));
        assert_int_equal(len, strlen(names[i]));
        bool want = true;
        for (const char *p = names[i]; *p; p++)
            want = want && (unsigned char)*p < 0x80;
        assert_int_equal(ascii, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(merge_should_keep_one_copy_of_a_header_finding_and_count_tus),
        cmocka_unit_test(merge_should_keep_distinct_ids_apart_across_many_findings),
        cmocka_unit_test(memo_and_adopted_memory_should_intern_and_keep_the_same_strings),
        cmocka_unit_test(strdup_should_sanitize_invalid_utf8),
        cmocka_unit_test(presize_should_take_the_rest_without_growing),
        cmocka_unit_test(hash_str_len_should_be_hash_and_length_in_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
