/* tests/test_adv_fresh_join.c — loop-alloc candidates whose callee another
 * TU defines (advisor/fresh_join.c): kept when that TU's summary says the
 * callee returns one fresh block, removed otherwise, with the set's id
 * index and scored prefix still right after the removal. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adv_test_util.h"
#include "evidence.h"
#include "fresh_join.h"

#define DOC_HEAD(src)                                                                         \
    "{\"schema\":\"perfadvise-findings/1\",\"tool\":{\"name\":\"perfadvise\"},"              \
    "\"tu\":{\"source\":\"" src "\",\"directory\":\"/src\",\"debug_info\":true},"

/* The caller's TU: candidates for five callees, a plain loop-alloc and a
 * lock finding (never touched). Its own static copy of own_dup() is
 * fresh too, but a candidate names a function this TU only declares. */
static void load_caller(adv_set *s)
{
    static const char *const callees[] = {"str_dup", "pop", "node_new", "sdup", "own_dup"};
    char doc[8192], f[1024], err[256];
    size_t n = (size_t)snprintf(doc, sizeof doc, DOC_HEAD("src/a.c") "\"findings\":[");
    for (unsigned i = 0; i < 5; i++) {
        char id[17], ev[256];
        snprintf(id, sizeof id, "00000000000000a%u", i);
        snprintf(ev, sizeof ev, "{\"advice\":\"hoist\",\"callee_elsewhere\":\"%s\"}", callees[i]);
        adv_test_finding(f, sizeof f, id, "loop-alloc", "caller", 10 + i, ev);
        n += (size_t)snprintf(doc + n, sizeof doc - n, "%s,", f);
    }
    adv_test_finding(f, sizeof f, "00000000000000b0", "loop-alloc", "plain", 30, "{\"advice\":\"hoist\"}");
    n += (size_t)snprintf(doc + n, sizeof doc - n, "%s,", f);
    adv_test_finding(f, sizeof f, "00000000000000c0", "lock-held-on-return", "leak", 40, NULL);
    snprintf(doc + n, sizeof doc - n,
             "%s],\"lock_edges\":[],\"summaries\":{\"own_dup\":{\"returns_allocation\":true,"
             "\"static\":true}}}",
             f);
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
}

/* The callees' TU: str_dup returns a fresh block; pop hands back one that
 * existed; node_new builds an object that owns more blocks; sdup is fresh
 * but static, so no other TU calls it. */
static void load_callees(adv_set *s)
{
    char err[256];
    const char *doc = DOC_HEAD("src/util.c") "\"findings\":[],\"lock_edges\":[],\"summaries\":{"
        "\"str_dup\":{\"allocates\":true,\"returns_allocation\":true},"
        "\"pop\":{\"allocates\":false,\"returns_allocation\":false},"
        "\"node_new\":{\"allocates\":true,\"returns_allocation\":true,\"builds_structure\":true},"
        "\"sdup\":{\"allocates\":true,\"returns_allocation\":true,\"static\":true}}}";
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
}

static void confirm_should_keep_only_callees_another_tu_says_are_fresh(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    load_caller(&s);
    load_callees(&s);
    assert_int_equal(s.count, 7);
    assert_int_equal(adv_confirm_elsewhere_calls(&s), 4);
    assert_int_equal(s.count, 3);
    assert_string_equal(s.items[0].id, "00000000000000a0"); /* str_dup */
    assert_string_equal(s.items[1].id, "00000000000000b0");
    assert_string_equal(s.items[2].id, "00000000000000c0");
    /* The index names the moved slots, and the removed ids are gone. */
    assert_ptr_equal(adv_set_find(&s, "00000000000000b0"), &s.items[1]);
    assert_ptr_equal(adv_set_find(&s, "00000000000000c0"), &s.items[2]);
    for (unsigned i = 1; i < 5; i++) {
        char id[17];
        snprintf(id, sizeof id, "00000000000000a%u", i);
        assert_null(adv_set_find(&s, id));
    }
    assert_true(s.scored_prefix <= s.count);
    adv_set_free(&s);
}

static void confirm_should_drop_every_candidate_when_no_tu_defines_the_callee(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    load_caller(&s);
    assert_int_equal(adv_confirm_elsewhere_calls(&s), 5);
    assert_int_equal(s.count, 2);
    assert_ptr_equal(adv_set_find(&s, "00000000000000c0"), &s.items[1]);
    /* A second run finds nothing left to drop. */
    assert_int_equal(adv_confirm_elsewhere_calls(&s), 0);
    assert_int_equal(s.count, 2);
    adv_set_free(&s);
}

/* A TU whose findings are candidates for the given callees only. */
static void load_candidates(adv_set *s, const char *const *callees, unsigned n)
{
    char doc[4096], f[1024], err[256];
    size_t len = (size_t)snprintf(doc, sizeof doc, DOC_HEAD("src/main.c") "\"findings\":[");
    for (unsigned i = 0; i < n; i++) {
        char id[17], ev[256];
        snprintf(id, sizeof id, "00000000000000d%u", i);
        snprintf(ev, sizeof ev, "{\"advice\":\"hoist\",\"callee_elsewhere\":\"%s\"}", callees[i]);
        adv_test_finding(f, sizeof f, id, "loop-alloc", "main_loop", 50 + i, ev);
        len += (size_t)snprintf(doc + len, sizeof doc - len, "%s%s", i ? "," : "", f);
    }
    snprintf(doc + len, sizeof doc - len, "],\"lock_edges\":[],\"summaries\":{}}");
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
}

static void confirm_should_follow_returns_fresh_from_across_tus(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    static const char *const callees[] = {"label_of", "ping", "first", "wrap2"};
    load_candidates(&s, callees, 4);
    char err[256];
    /* label_of returns copy_name's result (fresh, another TU); ping and
     * pong return each other's; first returns pop's (not fresh); wrap2
     * returns wrap1's, which returns copy_name's: a chain of three TUs. */
    const char *util = DOC_HEAD("src/util.c") "\"findings\":[],\"lock_edges\":[],\"summaries\":{"
        "\"label_of\":{\"returns_allocation\":false,\"returns_fresh_from\":[\"copy_name\"]},"
        "\"ping\":{\"returns_allocation\":false,\"returns_fresh_from\":[\"pong\"]},"
        "\"first\":{\"returns_allocation\":false,\"returns_fresh_from\":[\"pop\"]},"
        "\"wrap2\":{\"returns_allocation\":false,\"returns_fresh_from\":[\"wrap1\"]}}}";
    const char *names = DOC_HEAD("src/names.c") "\"findings\":[],\"lock_edges\":[],\"summaries\":{"
        "\"copy_name\":{\"returns_allocation\":true},"
        "\"pong\":{\"returns_allocation\":false,\"returns_fresh_from\":[\"ping\"]},"
        "\"pop\":{\"returns_allocation\":false},"
        "\"wrap1\":{\"returns_allocation\":false,\"returns_fresh_from\":[\"copy_name2\"]}}}";
    const char *third = DOC_HEAD("src/third.c") "\"findings\":[],\"lock_edges\":[],\"summaries\":{"
        "\"copy_name2\":{\"returns_allocation\":true}}}";
    assert_int_equal(adv_test_load(&s, util, err, sizeof err), 0);
    assert_int_equal(adv_test_load(&s, names, err, sizeof err), 0);
    assert_int_equal(adv_test_load(&s, third, err, sizeof err), 0);
    assert_int_equal(adv_confirm_elsewhere_calls(&s), 2);
    assert_int_equal(s.count, 2);
    assert_string_equal(s.items[0].id, "00000000000000d0"); /* label_of */
    assert_string_equal(s.items[1].id, "00000000000000d3"); /* wrap2 */
    adv_set_free(&s);
}

static void confirm_should_lower_confidence_when_the_callee_may_answer_null(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    static const char *const callees[] = {"find_name", "lookup", "str_dup"};
    load_candidates(&s, callees, 3);
    char err[256];
    /* find_name returns a fresh copy when it finds the key, NULL when not;
     * lookup returns find_name's result; str_dup always a fresh copy. */
    const char *util = DOC_HEAD("src/util.c") "\"findings\":[],\"lock_edges\":[],\"summaries\":{"
        "\"find_name\":{\"returns_allocation\":true,\"returns_null_answer\":true},"
        "\"str_dup\":{\"returns_allocation\":true}}}";
    const char *names = DOC_HEAD("src/names.c") "\"findings\":[],\"lock_edges\":[],\"summaries\":{"
        "\"lookup\":{\"returns_allocation\":false,\"returns_fresh_from\":[\"find_name\"]}}}";
    assert_int_equal(adv_test_load(&s, util, err, sizeof err), 0);
    assert_int_equal(adv_test_load(&s, names, err, sizeof err), 0);
    assert_int_equal(adv_confirm_elsewhere_calls(&s), 0);
    assert_int_equal(s.count, 3);
    const char *want[] = {"low", "low", NULL};
    for (unsigned i = 0; i < 3; i++) {
        const char *conf = adv_finding_evidence_string(&s.items[i], "confidence");
        if (want[i]) {
            assert_non_null(conf);
            assert_string_equal(conf, want[i]);
            assert_non_null(strstr(adv_finding_evidence_string(&s.items[i], "confidence_reason"),
                                   "NULL as an answer"));
            assert_false(s.items[i].scored);
        } else {
            assert_null(conf);
        }
    }
    assert_int_equal(s.scored_prefix, 0);
    adv_set_free(&s);
}

static void confirm_should_take_a_fresh_from_list_that_is_not_names_for_nothing(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    static const char *const callees[] = {"label_of"};
    load_candidates(&s, callees, 1);
    char err[256] = "";
    const char *doc = DOC_HEAD("src/util.c") "\"findings\":[],\"lock_edges\":[],\"summaries\":{"
        "\"label_of\":{\"returns_fresh_from\":[3, \"copy_name\"]}}}";
    const char *names = DOC_HEAD("src/names.c") "\"findings\":[],\"lock_edges\":[],\"summaries\":{"
        "\"copy_name\":{\"returns_allocation\":true}}}";
    assert_int_equal(adv_test_load(&s, doc, err, sizeof err), 0);
    assert_int_equal(adv_test_load(&s, names, err, sizeof err), 0);
    assert_int_equal(adv_confirm_elsewhere_calls(&s), 1);
    assert_int_equal(s.count, 0);
    adv_set_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(confirm_should_keep_only_callees_another_tu_says_are_fresh),
        cmocka_unit_test(confirm_should_drop_every_candidate_when_no_tu_defines_the_callee),
        cmocka_unit_test(confirm_should_follow_returns_fresh_from_across_tus),
        cmocka_unit_test(confirm_should_lower_confidence_when_the_callee_may_answer_null),
        cmocka_unit_test(confirm_should_take_a_fresh_from_list_that_is_not_names_for_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
