/* advisor/escape_text.c — escaping of untrusted strings for terminal, HTML
 * and Markdown. Findings files are untrusted input: a function name may carry
 * `<script>`, quotes, newlines or terminal escape sequences.
 * Exercised by tests/test_adv_escape.c. */
#include "escape_text.h"

#include <stdbool.h>
#include <stdint.h>
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

/* Past the blocks of 32 ASCII bytes at p + i, before n: the loader
 * checks every findings file whole (~56 KB each on the bench), and eight
 * bytes a step were 4 % of a loader thread's instructions. */
static size_t skip_ascii_blocks(const unsigned char *p, size_t i, size_t n)
{
    while (i + 32 <= n) {
        uint64_t w[4];
        memcpy(w, p + i, sizeof w);
        if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull)
            break;
        i += 32;
    }
    return i;
}

/* The end of the ASCII run at p + i: in long texts 32 bytes at a time
 * first (apart, so that this stays small enough to inline for the many
 * short names sanitized), then eight, then the first byte of the last
 * (short) block that is not ASCII, or n. */
static inline size_t skip_ascii(const unsigned char *p, size_t i, size_t n)
{
    if (n - i >= 256)
        i = skip_ascii_blocks(p, i, n);
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, sizeof w);
        if (w & 0x8080808080808080ull)
            break;
        i += 8;
    }
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

size_t adv_utf8_sanitize(char *s, size_t n)
{
    unsigned char *p = (unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII runs, the common case (every text the set copies passes
         * here: a tenth of a large report's main thread a byte at a time). */
        i = skip_ascii(p, i, n);
        if (i >= n)
            break;
        size_t len = utf8_seq_len(p + i, n - i);
        if (len == 0) {
            p[i] = '?';
            len = 1;
        }
        i += len;
    }
    return n;
}

size_t adv_utf8_invalid_count(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, bad = 0;
    while (i < n) {
        /* ASCII runs, the common case, eight bytes at a time. */
        i = skip_ascii(p, i, n);
        if (i >= n)
            break;
        size_t len = utf8_seq_len(p + i, n - i);
        if (len == 0) {
            bad++;
            len = 1;
        }
        i += len;
    }
    return bad;
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

/* Unicode characters that reorder or break the text around them as it is
 * displayed, so that what a reader sees is not what the string holds
 * ("Trojan Source", CVE-2021-42574): the bidirectional embeddings,
 * overrides and isolates U+202A..U+202E and U+2066..U+2069, the marks
 * U+200E, U+200F and U+061C, and the separators U+2028 and U+2029. Returns
 * the length of the UTF-8 sequence at p (2 or 3) with its code point in
 * *cp, or 0. Reads at most avail bytes, and none past a NUL. */
static size_t bidi_len(const unsigned char *p, size_t avail, unsigned *cp)
{
    if (avail < 2)
        return 0;
    if (p[0] == 0xd8 && p[1] == 0x9c) {
        *cp = 0x061c;
        return 2;
    }
    if (avail < 3 || p[0] != 0xe2 || (p[1] != 0x80 && p[1] != 0x81) || p[2] < 0x80 || p[2] > 0xbf)
        return 0;
    unsigned c = 0x2000u | ((unsigned)(p[1] & 0x3f) << 6) | (p[2] & 0x3fu);
    if (c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
        *cp = c;
        return 3;
    }
    return 0;
}

static void put_hex_bytes(FILE *out, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "\\x%02x", p[i]);
}

/* A control character as \xNN bytes, a bidirectional control as \uNNNN:
 * shown, never interpreted. Returns the bytes consumed at p (0: neither).
 * keep: the controls the caller prints itself (newline, tab), or "". */
static size_t put_invisible(FILE *out, const unsigned char *p, const char *keep)
{
    unsigned cp;
    size_t n = control_len(p);
    if (n && !(n == 1 && p[0] && strchr(keep, p[0]))) {
        put_hex_bytes(out, p, n);
        return n;
    }
    if (!n && (n = bidi_len(p, SIZE_MAX, &cp)) != 0) {
        fprintf(out, "\\u%04x", cp);
        return n;
    }
    return 0;
}

/* Can the byte at p start a character put_invisible escapes? */
static bool may_escape(unsigned char c)
{
    return c < 0x20 || c == 0x7f || c == 0xc2 || c == 0xd8 || c == 0xe2;
}

#if defined(__SSE2__)
#include <emmintrin.h>
/* Past the blocks of 16 bytes from p, before end, in which no byte
 * may_escape: a text report's every name, message and excerpt passes here,
 * and a byte at a time it was a quarter of the renderer's instructions. */
static const unsigned char *skip_plain_blocks(const unsigned char *p, const unsigned char *end)
{
    const __m128i ctl = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f);
    const __m128i c2 = _mm_set1_epi8((char)0xc2), d8 = _mm_set1_epi8((char)0xd8);
    const __m128i e2 = _mm_set1_epi8((char)0xe2);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v), /* v <= 0x1f */
                                    _mm_cmpeq_epi8(v, del));
        stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(v, c2),
                                               _mm_or_si128(_mm_cmpeq_epi8(v, d8),
                                                            _mm_cmpeq_epi8(v, e2))));
        unsigned bits = (unsigned)_mm_movemask_epi8(stop);
        if (bits)
            return p + __builtin_ctz(bits);
        p += 16;
    }
    return p;
}
#endif

size_t adv_term_plain_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
#if defined(__SSE2__)
    p = skip_plain_blocks(p, p + strlen(s));
#endif
    while (!may_escape(*p)) /* stops at the NUL too */
        p++;
    return (size_t)(p - (const unsigned char *)s);
}

void adv_put_term(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
#if defined(__SSE2__)
    const unsigned char *end = p + strlen(s);
#endif
    while (*p) {
        /* Ordinary text is written a run at a time. */
        const unsigned char *run = p;
#if defined(__SSE2__)
        p = skip_plain_blocks(p, end);
#endif
        while (!may_escape(*p))
            p++;
        if (p > run)
            fwrite(run, 1, (size_t)(p - run), out);
        if (!*p)
            break;
        size_t c = put_invisible(out, p, "");
        if (c)
            p += c;
        else
            fputc(*p++, out);
    }
}

void adv_put_html(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* Shown, not interpreted: \x1b and \u202e read as text. */
        size_t c = put_invisible(out, p, "\n\t");
        if (c) {
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
 * become a space, other controls hex bytes, bidirectional controls \uNNNN.
 * Returns the bytes consumed at p, 0 when *p is none of these. */
static size_t put_md_control(FILE *out, const unsigned char *p)
{
    if (*p == '\n' || *p == '\r' || *p == '\t') {
        fputc(' ', out);
        return 1;
    }
    return put_invisible(out, p, "");
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
        unsigned cp;
        size_t c = i + 1 < n ? control_len(p + i) : (p[i] < 0x20 || p[i] == 0x7f);
        if (c && p[i] != '\t') {
            put_hex_bytes(out, p + i, c);
            i += c;
        } else if (!c && (c = bidi_len(p + i, n - i, &cp)) != 0) {
            fprintf(out, "\\u%04x", cp); /* a Trojan Source line shows its controls */
            i += c;
        } else {
            fputc(p[i++], out);
        }
    }
}
