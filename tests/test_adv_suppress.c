/* tests/test_adv_suppress.c — `perfadvise: ignore` comments
 * (advisor/suppress.c): which lines silence which kinds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "suppress.h"

static bool ignores(const char *line, const char *kind)
{
    return adv_line_ignores(line, strlen(line), kind);
}

static void comment_without_kind_should_silence_every_kind(void **state)
{
    (void)state;
    assert_true(ignores("  lock(&m); /* perfadvise: ignore */", "double-lock"));
    assert_true(ignores("// perfadvise: ignore", "loop-alloc"));
}

static void comment_naming_kinds_should_silence_only_those(void **state)
{
    (void)state;
    const char *line = "x = malloc(n); // perfadvise: ignore loop-alloc, heap-to-stack";
    assert_true(ignores(line, "loop-alloc"));
    assert_true(ignores(line, "heap-to-stack"));
    assert_false(ignores(line, "alloc-under-lock"));
    assert_true(ignores("/* perfadvise: ignore double-lock */", "double-lock"));
    assert_false(ignores("/* perfadvise: ignore double-lock */", "double"));
}

static void other_text_should_not_silence(void **state)
{
    (void)state;
    assert_false(ignores("lock(&m);", "double-lock"));
    assert_false(ignores("/* perfadvise: ignored on purpose? no */", "double-lock"));
    assert_false(ignores("/* perfadvise ignore */", "double-lock"));
    assert_false(ignores("", "double-lock"));
    /* Only the bytes given count: the marker cut off is no marker. */
    assert_false(adv_line_ignores("// perfadvise: ignore", 12, "double-lock"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comment_without_kind_should_silence_every_kind),
        cmocka_unit_test(comment_naming_kinds_should_silence_only_those),
        cmocka_unit_test(other_text_should_not_silence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
