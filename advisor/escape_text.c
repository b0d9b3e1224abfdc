/* advisor/escape_text.c — escaping of untrusted strings for terminal, HTML
 * and Markdown. Findings files are untrusted input: a function name may carry
 * `<script>`, quotes, newlines or terminal escape sequences.
 * Exercised by tests/test_adv_escape.c. */
#include "escape_text.h"

#include <stdbool.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    /* Overlong forms, surrogates and values past U+10FFFF. */
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

size_t adv_utf8_sanitize(char *s, size_t n)
{
    unsigned char *p = (unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t len = utf8_seq_len(p + i, n - i);
        if (len == 0) {
            p[i] = '?';
            len = 1;
        }
        i += len;
    }
    return n;
}

/* C0 controls, DEL, and C1 controls (U+0080..U+009F = C2 80..C2 9F, which
 * some terminals honour like ESC [). Returns how many bytes to escape. */
static size_t control_len(const unsigned char *p)
{
    if (p[0] < 0x20 || p[0] == 0x7f)
        return 1;
    if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        return 2;
    return 0;
}

static void put_hex_bytes(FILE *out, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "\\x%02x", p[i]);
}

void adv_put_term(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t c = control_len(p);
        if (c) {
            put_hex_bytes(out, p, c);
            p += c;
        } else {
            fputc(*p++, out);
        }
    }
}

void adv_put_html(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t c = control_len(p);
        if (c && *p != '\n' && *p != '\t') {
            /* Shown, not interpreted: \x1b reads as text. */
            put_hex_bytes(out, p, c);
            p += c;
            continue;
        }
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        case '\n': fputs("&#10;", out); break;
        default: fputc(*p, out); break;
        }
        p++;
    }
}

/* Markdown has no escape for control characters: line breaks and tabs
 * become a space, other controls hex bytes. Returns the bytes consumed at
 * p, 0 when *p is not a control character. */
static size_t put_md_control(FILE *out, const unsigned char *p)
{
    size_t c = control_len(p);
    if (!c)
        return 0;
    if (*p == '\n' || *p == '\r' || *p == '\t')
        fputc(' ', out);
    else
        put_hex_bytes(out, p, c);
    return c;
}

void adv_put_md(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t c = put_md_control(out, p);
        if (c) {
            p += c;
            continue;
        }
        switch (*p) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '\\': case '`': case '*': case '_': case '{': case '}': case '[': case ']':
        case '(': case ')': case '#': case '+': case '-': case '!': case '|': case '~':
        case '"': case '\'':
            fputc('\\', out);
            fputc(*p, out);
            break;
        default: fputc(*p, out); break;
        }
        p++;
    }
}

size_t adv_backtick_run(const char *s)
{
    size_t best = 0, run = 0;
    for (; s && *s; s++) {
        run = *s == '`' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

void adv_put_md_code(FILE *out, const char *s)
{
    if (!s)
        return;
    size_t fence = adv_backtick_run(s) + 1;
    for (size_t i = 0; i < fence; i++)
        fputc('`', out);
    /* A space keeps a leading/trailing backtick from joining the fence. */
    fputc(' ', out);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t c = put_md_control(out, p);
        if (c)
            p += c;
        else
            fputc(*p++, out);
    }
    fputc(' ', out);
    for (size_t i = 0; i < fence; i++)
        fputc('`', out);
}

void adv_put_code_line(FILE *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n && p[i]) {
        size_t c = i + 1 < n ? control_len(p + i) : (p[i] < 0x20 || p[i] == 0x7f);
        if (c && p[i] != '\t') {
            put_hex_bytes(out, p + i, c);
            i += c;
        } else {
            fputc(p[i++], out);
        }
    }
}
