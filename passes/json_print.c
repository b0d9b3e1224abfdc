/* passes/json_print.c — cJSON_PrintUnformatted's text without its number
 * cost (see json_print.h). Strings are escaped as cJSON's print_string_ptr
 * escapes them, numbers that are not whole below 10^15 go through cJSON's
 * own steps ("%1.15g", read back, "%1.17g" when that lost precision). */
#include "json_print.h"

#include "util.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef pa_json_text out_buf;

static char *room(out_buf *b, size_t more)
{
    if (b->failed)
        return NULL;
    if (b->n + more + 1 > b->cap) {
        char *p = pa_array_reserve(b->p, &b->cap, b->n + more + 1, 1);
        if (!p) {
            b->failed = true;
            return NULL;
        }
        b->p = p;
    }
    return b->p + b->n;
}

static void put(out_buf *b, const char *s, size_t n)
{
    char *o = room(b, n);
    if (!o)
        return;
    memcpy(o, s, n);
    b->n += n;
}

static void put_char(out_buf *b, char c)
{
    char *o = room(b, 1);
    if (!o)
        return;
    *o = c;
    b->n++;
}

/* cJSON's compare_double. */
static bool same_double(double a, double b)
{
    double max = fmax(fabs(a), fabs(b));
    return fabs(a - b) <= max * DBL_EPSILON;
}

static void put_number(out_buf *b, double d)
{
    char buf[32];
    size_t len = 0;
    if (isnan(d) || isinf(d)) {
        put(b, "null", 4);
        return;
    }
    /* "%1.15g" of a whole number below 10^15 is its digits ("-0" for
     * negative zero), and reading them back gives the number again. */
    if (fabs(d) < 1e15 && d == (double)(long long)d) {
        long long v = (long long)d;
        unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
        char digits[24];
        size_t nd = 0;
        do {
            digits[nd++] = (char)('0' + (int)(u % 10));
            u /= 10;
        } while (u);
        if (v < 0 || (v == 0 && signbit(d)))
            buf[len++] = '-';
        while (nd)
            buf[len++] = digits[--nd];
        put(b, buf, len);
        return;
    }
    int n = snprintf(buf, sizeof buf, "%1.15g", d);
    double back = 0.0;
    if (sscanf(buf, "%lg", &back) != 1 || !same_double(back, d))
        n = snprintf(buf, sizeof buf, "%1.17g", d);
    if (n < 0 || (size_t)n > 25) { /* cJSON's 26-byte buffer */
        b->failed = true;
        return;
    }
    const struct lconv *lc = localeconv();
    char point = lc && lc->decimal_point ? lc->decimal_point[0] : '.';
    for (int i = 0; i < n; i++)
        if (buf[i] == point)
            buf[i] = '.';
    put(b, buf, (size_t)n);
}

static void put_string(out_buf *b, const char *s)
{
    if (!s) {
        put(b, "\"\"", 2);
        return;
    }
    static const char hex[] = "0123456789abcdef";
    size_t extra = 0, n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++) {
        unsigned char c = *p;
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
            extra += 1;
        else if (c < 32)
            extra += 5;
    }
    char *o = room(b, n + extra + 2);
    if (!o)
        return;
    *o++ = '"';
    if (!extra) {
        memcpy(o, s, n);
        o += n;
    } else {
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
            unsigned char c = *p;
            if (c > 31 && c != '"' && c != '\\') {
                *o++ = (char)c;
                continue;
            }
            *o++ = '\\';
            switch (c) {
            case '\\': *o++ = '\\'; break;
            case '"': *o++ = '"'; break;
            case '\b': *o++ = 'b'; break;
            case '\f': *o++ = 'f'; break;
            case '\n': *o++ = 'n'; break;
            case '\r': *o++ = 'r'; break;
            case '\t': *o++ = 't'; break;
            default:
                *o++ = 'u';
                *o++ = '0';
                *o++ = '0';
                *o++ = hex[c >> 4];
                *o++ = hex[c & 15];
                break;
            }
        }
    }
    *o++ = '"';
    b->n = (size_t)(o - b->p);
}

static void put_value(out_buf *b, const cJSON *item)
{
    if (b->failed)
        return;
    switch (item->type & 0xFF) {
    case cJSON_NULL: put(b, "null", 4); return;
    case cJSON_False: put(b, "false", 5); return;
    case cJSON_True: put(b, "true", 4); return;
    case cJSON_Number: put_number(b, item->valuedouble); return;
    case cJSON_String: put_string(b, item->valuestring); return;
    case cJSON_Raw:
        if (!item->valuestring)
            b->failed = true;
        else
            put(b, item->valuestring, strlen(item->valuestring));
        return;
    case cJSON_Array:
        put_char(b, '[');
        for (const cJSON *e = item->child; e && !b->failed; e = e->next) {
            put_value(b, e);
            if (e->next)
                put_char(b, ',');
        }
        put_char(b, ']');
        return;
    case cJSON_Object:
        put_char(b, '{');
        for (const cJSON *e = item->child; e && !b->failed; e = e->next) {
            put_string(b, e->string);
            put_char(b, ':');
            put_value(b, e);
            if (e->next)
                put_char(b, ',');
        }
        put_char(b, '}');
        return;
    default: b->failed = true; return;
    }
}

void pa_json_text_put(pa_json_text *t, const char *s, size_t n)
{
    put(t, s, n);
}

void pa_json_text_char(pa_json_text *t, char c)
{
    put_char(t, c);
}

void pa_json_text_string(pa_json_text *t, const char *s)
{
    put_string(t, s);
}

void pa_json_text_number(pa_json_text *t, double d)
{
    put_number(t, d);
}

const char *pa_json_text_str(pa_json_text *t)
{
    if (!room(t, 0))
        return NULL;
    t->p[t->n] = '\0';
    return t->p;
}

void pa_json_text_clear(pa_json_text *t)
{
    t->n = 0;
    t->failed = false;
}

void pa_json_text_free(pa_json_text *t)
{
    free(t->p);
    *t = (pa_json_text){0};
}

char *pa_json_print(const cJSON *item, size_t *out_len)
{
    if (!item)
        return NULL;
    out_buf b = {0};
    /* cJSON starts at 256 bytes and doubles; start near a findings file. */
    if (!room(&b, 4096))
        return NULL;
    put_value(&b, item);
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    b.p[b.n] = '\0';
    if (out_len)
        *out_len = b.n;
    return b.p;
}
