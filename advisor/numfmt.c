/* advisor/numfmt.c — "%.0f" and "%.<P>g" without printf (numfmt.h). printf
 * rounds the exact binary value half to even; the fast paths round an
 * integer exactly, or a scaled double whose error is far below the
 * margin kept around a half, and leave everything closer to a tie to
 * snprintf. */
#include "numfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t adv_fmt_digits(uint64_t v, char *buf)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    memcpy(buf, tmp + i, sizeof tmp - i);
    return sizeof tmp - i;
}

size_t adv_cat(char *buf, size_t n, ...)
{
    va_list ap;
    va_start(ap, n);
    size_t len = 0;
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *)) {
        size_t k = strlen(s);
        if (len + 1 < n) {
            size_t room = n - 1 - len;
            memcpy(buf + len, s, k < room ? k : room);
        }
        len += k;
    }
    va_end(ap);
    if (n)
        buf[len < n ? len : n - 1] = '\0';
    return len;
}

char *adv_fmt_uint(unsigned v, char *buf)
{
    buf[adv_fmt_digits(v, buf)] = '\0';
    return buf;
}

/* snprintf's length, cut as the text in buf is. */
static size_t written(int len, size_t n)
{
    if (len <= 0 || n == 0)
        return 0;
    return (size_t)len < n ? (size_t)len : n - 1;
}

static size_t fallback_f0(double x, char *buf, size_t n)
{
    return written(snprintf(buf, n, "%.0f", x), n);
}

size_t adv_fmt_f0(double x, char *buf, size_t n)
{
    /* Doubles from 2^52 up are whole numbers; below, nearbyint rounds the
     * exact value half to even as printf does. */
    if (!(x >= 0 && x < 1e15) || signbit(x) || n < 32)
        return fallback_f0(x, buf, n);
    double r = nearbyint(x);
    size_t len = adv_fmt_digits((uint64_t)r, buf);
    buf[len] = '\0';
    return len;
}

/* Powers of ten, exact as doubles. */
static const double pow10_table[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};

size_t adv_fmt_g(double x, int prec, char *buf, size_t n)
{
    /* Positive values from 1e-4 up to 10^6, prec 1..6: printf's %g prints
     * them without an exponent (unless rounding reaches 10^prec), with
     * prec - 1 - X decimals, where X is the decimal exponent after rounding
     * to prec digits. */
    if (!(x >= 1e-4 && x < 1e6) || prec < 1 || prec > 6 || n < 32)
        goto slow;
    /* e = floor(log10(x)), but for x within a rounding error of a power of
     * ten it may come out one off: the rounding below then lands on that
     * power of ten either way, which is what printf prints. */
    int e = 0;
    if (x >= 1) {
        while (e < 5 && x >= pow10_table[e + 1])
            e++;
    } else {
        e = -1;
        while (e > -4 && x * pow10_table[-e] < 1)
            e--;
    }
    int decimals = prec - 1 - e; /* 0..prec+3 */
    if (decimals < 0)
        goto slow;
    /* y < 10^7 with a relative error of 2^-53: an absolute error below
     * 1e-9, far inside the margin kept around a half. */
    double y = x * pow10_table[decimals];
    uint64_t fl = (uint64_t)y;
    double frac = y - (double)fl;
    if (fabs(frac - 0.5) < 1e-6)
        goto slow; /* too close to a tie to be sure */
    uint64_t r = fl + (frac > 0.5 ? 1u : 0u);
    if (r >= (uint64_t)pow10_table[prec]) { /* rounded up to the next power of ten */
        e++;
        if (e >= prec)
            goto slow; /* printf switches to an exponent */
        decimals--;
        r /= 10;
    }
    /* r has at most prec digits; write it with `decimals` of them after
     * the point, then drop trailing zeros (and a bare point) as %g does. */
    char digits[24];
    size_t nd = adv_fmt_digits(r, digits);
    size_t len = 0;
    if ((size_t)decimals >= nd) {
        buf[len++] = '0';
        buf[len++] = '.';
        for (size_t z = nd; z < (size_t)decimals; z++)
            buf[len++] = '0';
        memcpy(buf + len, digits, nd);
        len += nd;
    } else {
        size_t whole = nd - (size_t)decimals;
        memcpy(buf, digits, whole);
        len = whole;
        if (decimals > 0) {
            buf[len++] = '.';
            memcpy(buf + len, digits + whole, (size_t)decimals);
            len += (size_t)decimals;
        }
    }
    if (decimals > 0) {
        while (buf[len - 1] == '0')
            len--;
        if (buf[len - 1] == '.')
            len--;
    }
    buf[len] = '\0';
    return len;
slow:
    return written(snprintf(buf, n, "%.*g", prec, x), n);
}
