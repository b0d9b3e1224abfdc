/* advisor/numfmt.h — printf's "%.0f" and "%.<P>g" for the numbers of a
 * report's estimates and profile texts, byte for byte, without a format
 * parse per number: a report of 100,000 findings formats half a million of
 * them (docs/performance.md, "Advisor"). Values the fast path cannot prove
 * it rounds as printf does (exact ties, huge or tiny values, negative zero,
 * NaN) go to snprintf. Exercised by tests/test_adv_numfmt.c. */
#ifndef ADV_NUMFMT_H
#define ADV_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* The decimal digits of v into buf (at least 20 bytes, no NUL); returns
 * their count. */
size_t adv_fmt_digits(uint64_t v, char *buf);

/* snprintf(buf, n, "%.0f", x); returns strlen(buf) (cut at n - 1 as
 * snprintf cuts). The fast path needs n >= 32. */
size_t adv_fmt_f0(double x, char *buf, size_t n);
/* snprintf(buf, n, "%.*g", prec, x), fast for prec 1..6; returns strlen(buf). */
size_t adv_fmt_g(double x, int prec, char *buf, size_t n);

/* snprintf(buf, n, "%s%s...", each of the strings up to a NULL): the
 * parts cut at n - 1 bytes, and the length of the whole uncut text
 * returned; no format parsed (the profile's texts are a tenth of the
 * main thread's work in a large report when snprintf makes them). */
size_t adv_cat(char *buf, size_t n, ...);
/* "%u" of v into buf (at least 11 bytes); returns buf. */
char *adv_fmt_uint(unsigned v, char *buf);
#endif
