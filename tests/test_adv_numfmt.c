/* tests/test_adv_numfmt.c — adv_fmt_f0, adv_fmt_g and adv_cat
 * (advisor/numfmt.c) print exactly what snprintf's "%.0f", "%.<P>g" and
 * "%s%s..." print (adv_cat: cut at every size, the same length returned): the ties printf
 * rounds half to even, values next to powers of ten, the ranges where %g
 * switches to an exponent, and a million random values of the shapes the
 * advisor's estimates take. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"

static void expect_same(double x)
{
    char got[64], want[64];
    for (int p = 1; p <= 6; p++) {
        size_t n = adv_fmt_g(x, p, got, sizeof got);
        snprintf(want, sizeof want, "%.*g", p, x);
        if (strcmp(got, want) != 0)
            fail_msg("%%.%dg of %.17g: %s, printf %s", p, x, got, want);
        assert_int_equal(n, strlen(want));
    }
    size_t n = adv_fmt_f0(x, got, sizeof got);
    snprintf(want, sizeof want, "%.0f", x);
    if (strcmp(got, want) != 0)
        fail_msg("%%.0f of %.17g: %s, printf %s", x, got, want);
    assert_int_equal(n, strlen(want));
}

static void test_edges(void **state)
{
    (void)state;
    static const double v[] = {0,      -0.0,     1e-4,   0.00009999, 9.995,    99.95,  99.5,
                               9.5,    0.5,      1.5,    2.5,        0.25,     0.35,   0.125,
                               0.375,  2.675,    1.005,  999999.5,   999999,   1e6,    123456.5,
                               1,      10,       100,    1000,       99.999,   9.9999, 0.099999,
                               5e-5,   1e15,     1e300,  -1,         -2.5,     4503599627370497.0};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        expect_same(v[i]);
    expect_same((double)NAN);
    expect_same((double)INFINITY);
    /* Next to every power of ten the fast path handles, both sides. */
    for (int e = -4; e <= 6; e++) {
        double p = pow(10, e);
        expect_same(p);
        expect_same(nextafter(p, 0));
        expect_same(nextafter(p, (double)INFINITY));
    }
}

static uint64_t rng = 88172645463325252ull;
static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void test_random(void **state)
{
    (void)state;
    for (int i = 0; i < 1000000; i++) {
        double x;
        switch (i % 4) {
        case 0: x = uniform() * pow(10, (int)(uniform() * 12) - 5); break;
        case 1: x = round(uniform() * 100000) / 100.0; break; /* two decimals */
        case 2: x = floor(uniform() * 100000) / (double)(1u << (int)(uniform() * 12)); break;
        default: x = floor(uniform() * 2000) * 0.05; break;
        }
        expect_same(x);
    }
}

/* adv_cat against snprintf("%s%s%s") at every size from 0 to past the
 * whole text, with empty parts; adv_fmt_uint against "%u". */
static void test_cat(void **state)
{
    (void)state;
    static const char *const parts[][3] = {
        {"f()", " runs ~", "12"}, {"", "", ""}, {"a", "", "bc"}, {"", "xyz", ""},
        {"; ", "reached only from cold code", ", ..."},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *a = parts[i][0], *b = parts[i][1], *c = parts[i][2];
        size_t whole = strlen(a) + strlen(b) + strlen(c);
        for (size_t n = 0; n <= whole + 2; n++) {
            char got[64], want[64];
            memset(got, 'G', sizeof got);
            memset(want, 'G', sizeof want);
            int wlen = snprintf(want, n, "%s%s%s", a, b, c);
            size_t glen = adv_cat(got, n, a, b, c, (const char *)NULL);
            assert_int_equal(glen, (size_t)wlen);
            assert_memory_equal(got, want, sizeof got);
        }
    }
    static const unsigned v[] = {0, 1, 9, 10, 99, 100, 4294967295u, 123456};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char got[16], want[16];
        snprintf(want, sizeof want, "%u", v[i]);
        assert_string_equal(adv_fmt_uint(v[i], got), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_cat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
