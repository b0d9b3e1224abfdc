/* tests/test_arena.c — the bump allocator (common/arena.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "arena.h"

static void pieces_should_be_aligned_and_apart(void **state)
{
    (void)state;
    pa_arena a = {0};
    char *s = pa_arena_alloc(&a, 3, 1);
    double *d = pa_arena_alloc(&a, 4 * sizeof *d, _Alignof(double));
    max_align_t *m = pa_arena_alloc(&a, sizeof *m, _Alignof(max_align_t));
    assert_non_null(s);
    assert_non_null(d);
    assert_non_null(m);
    assert_int_equal((uintptr_t)d % _Alignof(double), 0);
    assert_int_equal((uintptr_t)m % _Alignof(max_align_t), 0);
    /* No piece overlaps another: each keeps what was written into it. */
    memcpy(s, "ab", 3);
    for (int i = 0; i < 4; i++)
        d[i] = i + 0.5;
    memset(m, 0x5a, sizeof *m);
    assert_string_equal(s, "ab");
    assert_true(d[3] == 3.5);
    assert_int_equal(pa_arena_chunk_count(&a), 1);
    pa_arena_free(&a);
    assert_null(a.head);
}

static void a_piece_larger_than_a_chunk_should_get_its_own(void **state)
{
    (void)state;
    pa_arena a = {0};
    assert_non_null(pa_arena_alloc(&a, 16, 8));
    unsigned char *big = pa_arena_alloc(&a, 3 * PA_ARENA_CHUNK, 8);
    assert_non_null(big);
    big[3 * PA_ARENA_CHUNK - 1] = 1;
    assert_int_equal(pa_arena_chunk_count(&a), 2);
    pa_arena_free(&a);
}

static void a_growing_arena_should_double_its_chunks(void **state)
{
    (void)state;
    pa_arena a = {.chunk_size = 1024, .grow = true};
    for (int i = 0; i < 3; i++)
        assert_non_null(pa_arena_alloc(&a, 1000, 8));
    /* 1,000 bytes fit a 1 KB chunk once; the next chunks are 2 KB and 4 KB. */
    assert_int_equal(pa_arena_chunk_count(&a), 2);
    assert_int_equal(a.chunk_size, 4096);
    pa_arena_free(&a);
}

static void a_reset_that_keeps_should_reuse_the_newest_chunk(void **state)
{
    (void)state;
    pa_arena a = {.chunk_size = 256, .grow = true};
    void *first = pa_arena_alloc(&a, 200, 8);
    assert_non_null(first);
    void *second = pa_arena_alloc(&a, 200, 8); /* a new, bigger chunk */
    assert_non_null(second);
    assert_int_equal(pa_arena_chunk_count(&a), 2);
    pa_arena_reset(&a, true);
    assert_int_equal(pa_arena_chunk_count(&a), 1);
    /* The kept chunk is the newest: its memory comes back first. */
    assert_ptr_equal(pa_arena_alloc(&a, 200, 8), second);
    pa_arena_reset(&a, false);
    assert_int_equal(pa_arena_chunk_count(&a), 0);
    assert_false(a.failed);
}

static void an_impossible_size_should_fail_and_say_so(void **state)
{
    (void)state;
    pa_arena a = {0};
    assert_null(pa_arena_alloc(&a, SIZE_MAX - 4, 1));
    assert_true(a.failed);
    pa_arena_reset(&a, true);
    assert_false(a.failed);
    pa_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pieces_should_be_aligned_and_apart),
        cmocka_unit_test(a_piece_larger_than_a_chunk_should_get_its_own),
        cmocka_unit_test(a_growing_arena_should_double_its_chunks),
        cmocka_unit_test(a_reset_that_keeps_should_reuse_the_newest_chunk),
        cmocka_unit_test(an_impossible_size_should_fail_and_say_so),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
