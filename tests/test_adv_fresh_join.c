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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(confirm_should_keep_only_callees_another_tu_says_are_fresh),
        cmocka_unit_test(confirm_should_drop_every_candidate_when_no_tu_defines_the_callee),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
