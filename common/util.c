/* common/util.c — growable arrays, hash map, string hash, basenames and a
 * reentrant sort shared by plugin/, passes/ and advisor/ (util.h). */
#include "util.h"

#include "bigmem.h"

#include <stdlib.h>
#include <string.h>

void *pa_array_reserve(void *items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return items;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return NULL;
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return NULL;
    /* The new tail is left as realloc gives it: zeroing it would make
     * every page of the spare capacity resident (10 MB in the advisor on
     * 100,000 findings). Callers initialise what they append. */
    void *p = realloc(items, ncap * elem);
    if (!p)
        return NULL;
    *cap = ncap;
    return p;
}

uint64_t pa_hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t pa_hash_str(const char *s) { return pa_hash_bytes(PA_HASH_INIT, s, strlen(s)); }

uint64_t pa_hash_str_len(const char *s, size_t *len, bool *ascii)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t h = PA_HASH_INIT;
    unsigned char high = 0;
    size_t i = 0;
    for (; p[i]; i++) {
        high |= p[i];
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    *len = i;
    *ascii = high < 0x80;
    return h;
}

/* ---- hash map ------------------------------------------------------------- */

/* Keys may be pointers (low bits zero) or packed ints: spread them first. */
static uint64_t spread(uint64_t key)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return key;
}

/* The tag of a used slot: bits the slot index does not use. */
static unsigned char tag_of(uint64_t spread_key) { return (unsigned char)(0x80u | (spread_key >> 57)); }

void pa_map_free(pa_map *m)
{
    pa_big_free(m->slots, m->cap * sizeof *m->slots);
    pa_big_free(m->tags, m->cap);
    memset(m, 0, sizeof *m);
}

/* A map reused per function (the extractor's) grows to the largest
 * function's size; clearing all of it for each small one after was 68 M
 * instructions on sqlite3.c. An empty map has no tag to clear (there is no
 * removal), and one far bigger than what it held goes back to nothing. */
void pa_map_clear(pa_map *m)
{
    if (m->count == 0)
        return;
    if (m->cap > 4096 && m->count * 16 < m->cap) {
        pa_map_free(m);
        return;
    }
    memset(m->tags, 0, m->cap);
    m->count = 0;
}

static void place(pa_map_slot *slots, unsigned char *tags, size_t cap, uint64_t key, intptr_t val)
{
    uint64_t h = spread(key);
    size_t s = (size_t)h & (cap - 1);
    while (tags[s])
        s = (s + 1) & (cap - 1);
    slots[s].key = key;
    slots[s].val = val;
    tags[s] = tag_of(h);
}

/* Grow to ncap slots (a power of two above twice the count). */
static int grow(pa_map *m, size_t ncap)
{
    /* bigmem: a big map is on huge pages (few first-touch faults). */
    pa_map_slot *slots = pa_big_alloc(ncap * sizeof *slots);
    unsigned char *tags = pa_big_calloc(ncap);
    if (!slots || !tags) {
        pa_big_free(slots, ncap * sizeof *slots);
        pa_big_free(tags, ncap);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->tags[i])
            place(slots, tags, ncap, m->slots[i].key, m->slots[i].val);
    pa_big_free(m->slots, m->cap * sizeof *m->slots);
    pa_big_free(m->tags, m->cap);
    m->slots = slots;
    m->tags = tags;
    m->cap = ncap;
    return 0;
}

/* Keep the load factor at most one half. */
static int reserve_slot(pa_map *m)
{
    if ((m->count + 1) * 2 <= m->cap)
        return 0;
    return grow(m, m->cap ? m->cap * 2 : 64);
}

int pa_map_reserve(pa_map *m, size_t n)
{
    size_t ncap = m->cap ? m->cap : 64;
    while (ncap / 2 < n) {
        if (ncap > SIZE_MAX / 4)
            return -1;
        ncap *= 2;
    }
    return ncap == m->cap ? 0 : grow(m, ncap);
}

bool pa_map_find(const pa_map *m, uint64_t key, pa_map_match match, const void *ctx, intptr_t *val)
{
    if (!m->cap)
        return false;
    uint64_t h = spread(key);
    unsigned char tag = tag_of(h);
    for (size_t s = (size_t)h & (m->cap - 1), probes = 0; m->tags[s] && probes < m->cap;
         s = (s + 1) & (m->cap - 1), probes++) {
        if (m->tags[s] == tag && m->slots[s].key == key && (!match || match(ctx, m->slots[s].val))) {
            if (val)
                *val = m->slots[s].val;
            return true;
        }
    }
    return false;
}

bool pa_map_get(const pa_map *m, uint64_t key, intptr_t *val)
{
    return pa_map_find(m, key, NULL, NULL, val);
}

int pa_map_add(pa_map *m, uint64_t key, intptr_t val)
{
    if (reserve_slot(m) != 0)
        return -1;
    place(m->slots, m->tags, m->cap, key, val);
    m->count++;
    return 0;
}

int pa_map_put(pa_map *m, uint64_t key, intptr_t val)
{
    if (m->cap) {
        uint64_t h = spread(key);
        unsigned char tag = tag_of(h);
        for (size_t s = (size_t)h & (m->cap - 1); m->tags[s]; s = (s + 1) & (m->cap - 1)) {
            if (m->tags[s] == tag && m->slots[s].key == key) {
                m->slots[s].val = val;
                return 0;
            }
        }
    }
    return pa_map_add(m, key, val);
}

/* ---- paths ---------------------------------------------------------------- */

const char *pa_path_basename(const char *path, const char *if_null)
{
    if (!path)
        return if_null;
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ---- type names ----------------------------------------------------------- */

const char *pa_skip_type_tags(const char *name)
{
    static const char *const tags[] = {"struct ", "union ", "class "};
    for (bool skipped = name != NULL; skipped;) {
        skipped = false;
        for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
            if (strncmp(name, tags[i], strlen(tags[i])) == 0) {
                name += strlen(tags[i]);
                skipped = true;
            }
    }
    return name;
}

/* The '(' opening the parameter list that ends the name, or NULL. */
static const char *parameter_list(const char *s)
{
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] != ')')
        len--; /* " const", " &&", "noexcept" after the list */
    if (len == 0)
        return NULL;
    int depth = 0;
    for (size_t i = len; i-- > 0;) {
        if (s[i] == ')')
            depth++;
        else if (s[i] == '(' && --depth == 0)
            return i > 0 ? s + i : NULL;
    }
    return NULL;
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Does the keyword `operator` start at p (not inside another identifier)? */
static bool operator_at(const char *s, const char *p)
{
    return strncmp(p, "operator", 8) == 0 && (p == s || !ident_char(p[-1])) && !ident_char(p[8]);
}

/* Is p (a '<' or '>') part of an operator's name (operator<, operator<<=,
 * operator<=>, operator->), not a template bracket? The operator is the
 * longest token at the run's start: in "operator<<<char [4]>" the third
 * '<' opens the template arguments. */
static bool in_operator_name(const char *s, const char *p)
{
    static const char *const ops[] = {"<=>", "<<=", ">>=", "->*", "<<", ">>",
                                      "<=",  ">=",  "->",  "<",   ">"};
    const char *q = p;
    while (q > s && strchr("<>=-*", q[-1]))
        q--;
    if (q - s < 8 || !operator_at(s, q - 8))
        return false;
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (strncmp(q, ops[i], strlen(ops[i])) == 0)
            return p < q + strlen(ops[i]);
    return false;
}

char *pa_short_function(const char *demangled, char *out, size_t n)
{
    if (n == 0)
        return out;
    const char *end = parameter_list(demangled);
    if (!end || !strstr(demangled, "::")) {
        /* A C name, for every finding of a C program: copied without
         * snprintf, which cost 2.8 % of the advisor on the 100,000-finding
         * input (callgrind, docs/performance.md). */
        size_t len = strlen(demangled);
        len = len < n ? len : n - 1;
        memcpy(out, demangled, len);
        out[len] = '\0';
        return out;
    }
    /* A return type ("bool ns::f<int>(...)") ends at the last space outside
     * template brackets before the name; the spaces of a conversion
     * operator's type ("operator unsigned long") are part of the name. */
    const char *start = demangled;
    int angle = 0, paren = 0;
    bool in_operator = false;
    for (const char *p = demangled; p < end && !in_operator; p++) {
        if ((*p == '<' || *p == '>') && in_operator_name(demangled, p))
            continue;
        if (*p == '<')
            angle++;
        else if (*p == '>' && angle > 0)
            angle--;
        else if (*p == '(')
            paren++;
        else if (*p == ')' && paren > 0)
            paren--;
        else if (angle == 0 && paren == 0 && operator_at(demangled, p))
            in_operator = true;
        else if (*p == ' ' && angle == 0 && paren == 0 && strncmp(p + 1, "const", 5) != 0)
            start = p + 1;
    }
    /* out keeps room for its '\0': a "<...>" goes in only whole. */
    size_t k = 0;
    angle = 0;
    for (const char *p = start; p < end && k + 1 < n; p++) {
        bool op = (*p == '<' || *p == '>') && in_operator_name(demangled, p);
        if (*p == '<' && !op) {
            if (angle++ == 0) {
                if (k + 5 >= n)
                    break;
                memcpy(out + k, "<...>", 5);
                k += 5;
            }
            continue;
        }
        if (*p == '>' && !op && angle > 0) {
            angle--;
            continue;
        }
        if (angle == 0)
            out[k++] = *p;
    }
    out[k] = '\0';
    return out;
}

char *pa_call_text(const char *demangled, char *out, size_t n)
{
    if (n == 0)
        return out;
    char shortname[512];
    pa_short_function(demangled ? demangled : "?", shortname, sizeof shortname);
    size_t len = strlen(shortname);
    bool called = len > 0 && shortname[len - 1] == ')';
    if (!called && len + 2 < sizeof shortname)
        memcpy(shortname + len, "()", 3);
    len = strlen(shortname);
    len = len < n ? len : n - 1;
    memcpy(out, shortname, len);
    out[len] = '\0';
    return out;
}

/* ---- sorting -------------------------------------------------------------- */

static void merge_runs(char *a, char *tmp, size_t lo, size_t mid, size_t hi, size_t size,
                       pa_sort_cmp cmp, void *ctx)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        /* <= keeps equal elements in their original order (stable). */
        if (cmp(a + i * size, a + j * size, ctx) <= 0)
            memcpy(tmp + (k++) * size, a + (i++) * size, size);
        else
            memcpy(tmp + (k++) * size, a + (j++) * size, size);
    }
    if (i < mid)
        memcpy(tmp + k * size, a + i * size, (mid - i) * size);
    else if (j < hi)
        memcpy(tmp + k * size, a + j * size, (hi - j) * size);
    memcpy(a + lo * size, tmp + lo * size, (hi - lo) * size);
}

int pa_sort(void *base, size_t n, size_t size, pa_sort_cmp cmp, void *ctx)
{
    if (n < 2 || size == 0)
        return 0;
    if (n > SIZE_MAX / size)
        return -1;
    char *a = base;
    char *tmp = malloc(n * size);
    if (!tmp)
        return -1;
    /* Bottom-up: insertion-sorted runs of 16, then merged pairwise. */
    const size_t run = 16;
    for (size_t lo = 0; lo < n; lo += run) {
        size_t hi = lo + run < n ? lo + run : n;
        for (size_t i = lo + 1; i < hi; i++) {
            size_t j = i;
            memcpy(tmp, a + i * size, size);
            while (j > lo && cmp(a + (j - 1) * size, tmp, ctx) > 0) {
                memcpy(a + j * size, a + (j - 1) * size, size);
                j--;
            }
            memcpy(a + j * size, tmp, size);
        }
    }
    for (size_t width = run; width < n; width *= 2) {
        for (size_t lo = 0; lo + width < n; lo += 2 * width) {
            size_t mid = lo + width;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            merge_runs(a, tmp, lo, mid, hi, size, cmp, ctx);
        }
        if (width > SIZE_MAX / 2)
            break;
    }
    free(tmp);
    return 0;
}
