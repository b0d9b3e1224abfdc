/* tests/test_bigmem.c — big arrays and arena chunks (common/bigmem.c): sizes
 * on both sides of PA_BIG_MIN keep their bytes when they grow and shrink
 * across it, and chunks are usable, distinct and given back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "bigmem.h"

/* Fill n bytes with a pattern of their index, then check it. */
static void fill(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 7 + 3);
}

static void check(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(i * 7 + 3))
            fail_msg("byte %zu lost", i);
}

static void realloc_should_keep_bytes_across_the_mapping_threshold(void **state)
{
    (void)state;
    size_t sizes[] = {100, PA_BIG_MIN - 1, PA_BIG_MIN, PA_BIG_MIN + 1, 3 * PA_BIG_MIN + 5,
                      9 * PA_BIG_MIN, 2 * PA_BIG_MIN, 1000, 1};
    size_t old = 100;
    unsigned char *p = pa_big_alloc(old);
    assert_non_null(p);
    fill(p, old);
    for (size_t k = 1; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        p = pa_big_realloc(p, old, n);
        assert_non_null(p);
        check(p, old < n ? old : n);
        fill(p, n);
        old = n;
    }
    pa_big_free(p, old);
    pa_big_free(NULL, 0);
}

static void calloc_should_give_zeroes(void **state)
{
    (void)state;
    size_t sizes[] = {10, PA_BIG_MIN + 3};
    for (size_t k = 0; k < 2; k++) {
        unsigned char *p = pa_big_calloc(sizes[k]);
        assert_non_null(p);
        for (size_t i = 0; i < sizes[k]; i += 4093)
            assert_int_equal(p[i], 0);
        assert_int_equal(p[sizes[k] - 1], 0);
        pa_big_free(p, sizes[k]);
    }
}

static void reserve_should_grow_like_pa_array_reserve(void **state)
{
    (void)state;
    uint64_t *a = NULL;
    size_t cap = 0, n = 0;
    for (; n < 600000; n++) { /* 4.8 MB: past the threshold */
        uint64_t *g = pa_big_reserve(a, &cap, n + 1, sizeof *a);
        assert_non_null(g);
        a = g;
        a[n] = n * 31;
    }
    assert_true(cap >= n && (cap & (cap - 1)) == 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(a[i], i * 31);
    pa_big_free(a, cap * sizeof *a);
}

static void chunks_should_be_distinct_and_come_back(void **state)
{
    (void)state;
    /* More than one region's worth, freed out of order, twice. */
    enum { N = 40 };
    for (int round = 0; round < 2; round++) {
        unsigned char *c[N];
        for (int i = 0; i < N; i++) {
            c[i] = pa_big_chunk_alloc();
            assert_non_null(c[i]);
            memset(c[i], i, PA_BIG_CHUNK);
        }
        for (int i = 0; i < N; i++)
            assert_true(c[i][0] == (unsigned char)i && c[i][PA_BIG_CHUNK - 1] == (unsigned char)i);
        for (int i = 0; i < N; i += 2)
            pa_big_chunk_free(c[i]);
        for (int i = 1; i < N; i += 2)
            pa_big_chunk_free(c[i]);
    }
    pa_big_chunk_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(realloc_should_keep_bytes_across_the_mapping_threshold),
        cmocka_unit_test(calloc_should_give_zeroes),
        cmocka_unit_test(reserve_should_grow_like_pa_array_reserve),
        cmocka_unit_test(chunks_should_be_distinct_and_come_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
