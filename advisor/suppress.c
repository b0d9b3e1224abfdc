/* advisor/suppress.c — `perfadvise: ignore` comments. Read by the advisor
 * rather than the plugin: the comment belongs to the source, the compiler
 * drops comments before any pass runs, and one place serves every kind,
 * including the cycles only the whole program shows.
 * Exercised by tests/test_adv_suppress.c and lit/advisor_suppress.test. */
#include "suppress.h"

#include <string.h>

#define MARKER "perfadvise: ignore"

static bool kind_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static const char *find_marker(const char *text, size_t n)
{
    size_t m = sizeof MARKER - 1;
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(text + i, MARKER, m) == 0)
            return text + i + m;
    return NULL;
}

bool adv_line_ignores(const char *text, size_t n, const char *kind)
{
    const char *p = find_marker(text, n);
    if (!p)
        return false;
    const char *end = text + n;
    if (p < end && kind_char(*p))
        return false; /* "ignored", "ignores": some other word */
    bool named_any = false;
    size_t klen = kind ? strlen(kind) : 0;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
            p++;
        const char *w = p;
        while (p < end && kind_char(*p))
            p++;
        if (p == w)
            break;
        named_any = true;
        if ((size_t)(p - w) == klen && memcmp(w, kind, klen) == 0)
            return true;
    }
    return !named_any;
}

bool adv_suppressed(adv_source_cache *cache, const adv_finding *f, const char *dir)
{
    if (!cache || !f->loc.file || f->loc.line == 0)
        return false;
    adv_excerpt ex;
    size_t n = adv_source_excerpt(cache, f->loc.file, dir, f->loc.line, 1, &ex);
    for (size_t i = 0; i < n; i++) {
        unsigned line = ex.first + (unsigned)i;
        if (line + 1 >= f->loc.line && line <= f->loc.line &&
            adv_line_ignores(ex.lines[i], ex.lens[i], f->kind_name))
            return true;
    }
    return false;
}
