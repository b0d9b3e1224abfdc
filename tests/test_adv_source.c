/* tests/test_adv_source.c — the source cache (advisor/source.c): a file is
 * known by its name and its TU's directory together, hits and misses alike. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The first line of file under dir, as the cache returns it. */
static void expect_line(adv_source_cache *c, const char *file, const char *dir, const char *want)
{
    adv_excerpt ex;
    size_t n = adv_source_excerpt(c, file, dir, 1, 0, &ex);
    if (!want) {
        assert_int_equal(n, 0);
        return;
    }
    assert_int_equal(n, 1);
    assert_int_equal(ex.lens[0], strlen(want));
    assert_memory_equal(ex.lines[0], want, strlen(want));
}

static void cache_should_tell_the_same_name_in_two_directories_apart(void **state)
{
    (void)state;
    char root[] = "/tmp/pa-source-XXXXXX";
    assert_non_null(mkdtemp(root));
    char d1[64], d2[64], f1[80], f2[80];
    snprintf(d1, sizeof d1, "%s/d1", root);
    snprintf(d2, sizeof d2, "%s/d2", root);
    assert_int_equal(mkdir(d1, 0700), 0);
    assert_int_equal(mkdir(d2, 0700), 0);
    snprintf(f1, sizeof f1, "%s/x.c", d1);
    snprintf(f2, sizeof f2, "%s/x.c", d2);
    write_file(f1, "one\n");
    write_file(f2, "two\n");
    adv_source_cache *c = adv_source_cache_new();
    assert_non_null(c);
    for (int round = 0; round < 2; round++) { /* misses, then hits */
        expect_line(c, "x.c", d1, "one");
        expect_line(c, "x.c", d2, "two");
        expect_line(c, "x.c", NULL, NULL); /* no x.c in the working directory */
        expect_line(c, f2, d1, "two");     /* an absolute name ignores dir */
    }
    adv_source_cache_free(c);
    unlink(f1);
    unlink(f2);
    rmdir(d1);
    rmdir(d2);
    rmdir(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cache_should_tell_the_same_name_in_two_directories_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
