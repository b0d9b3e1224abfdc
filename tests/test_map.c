/* tests/test_map.c — the hash map of common/util.c as the extractor reuses
 * it per function: a clear forgets every key whether the map was empty,
 * full, or far bigger than what it held (then it gives its memory back),
 * and the map works again after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util.h"

/* Put keys [from, to) with value key * 3. */
static void put_range(pa_map *m, uint64_t from, uint64_t to)
{
    for (uint64_t k = from; k < to; k++)
        assert_int_equal(pa_map_put(m, k, (intptr_t)(k * 3)), 0);
}

static void assert_range(const pa_map *m, uint64_t from, uint64_t to, bool present)
{
    for (uint64_t k = from; k < to; k++) {
        intptr_t v = -1;
        assert_int_equal(pa_map_get(m, k, &v), present);
        if (present)
            assert_int_equal(v, (intptr_t)(k * 3));
    }
}

static void clear_should_forget_every_key_whatever_the_map_held(void **state)
{
    (void)state;
    pa_map m = {0};
    pa_map_clear(&m); /* never used */
    assert_false(pa_map_get(&m, 1, NULL));
    /* A large function, then a small one, then an empty one, then a large
     * one again: the sizes the extractor sees. */
    put_range(&m, 1, 20001);
    size_t big = m.cap;
    pa_map_clear(&m);
    assert_range(&m, 1, 20001, false);
    put_range(&m, 30001, 30011);
    assert_range(&m, 30001, 30011, true);
    assert_range(&m, 1, 20001, false);
    pa_map_clear(&m); /* 10 keys in a map sized for 20,000: memory given back */
    assert_true(m.cap < big);
    assert_range(&m, 30001, 30011, false);
    pa_map_clear(&m); /* empty */
    put_range(&m, 1, 20001);
    assert_range(&m, 1, 20001, true);
    pa_map_clear(&m); /* full: its memory kept */
    assert_int_equal(m.cap, big);
    assert_range(&m, 1, 20001, false);
    assert_int_equal(pa_map_add(&m, 7, 21), 0);
    assert_range(&m, 7, 8, true);
    pa_map_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clear_should_forget_every_key_whatever_the_map_held),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
