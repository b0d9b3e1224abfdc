/* advisor/json_fast.c — a fast reader for well-formed JSON that builds the
 * tree cJSON_ParseWithLengthOpts builds (see json_fast.h for what it
 * declines), so that the loader threads of `perfadvise report` spend less
 * on parsing: cJSON's parser was 60% of their instructions (docs/performance.md,
 * sixth round). Tested against cJSON by tests/test_adv_json_fast.c and
 * fuzz/fuzz_json_fast.c. */
#include "json_fast.h"

#include "asan.h"

#include <float.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const unsigned char *p;
    const unsigned char *end; /* the NUL after the text */
    adv_json_alloc_fn alloc;
    void *ctx;
    int max_depth;
    unsigned char *cur, *lim; /* what is left of the last block from alloc */
} reader;

/* Nodes and strings are cut from blocks of BUMP_BLOCK bytes from alloc:
 * a call through alloc for each (two million in a large report's
 * documents) was a tenth of a loader thread's instructions. Under
 * AddressSanitizer each still comes from alloc, which gives every one its
 * own red zone. */
#define BUMP_BLOCK 16384u
#define BUMP_ALIGN 16u

/* n bytes aligned for any type that a node holds, or NULL. */
static void *take(reader *r, size_t n)
{
#ifdef PA_ASAN
    return r->alloc(r->ctx, n);
#else
    size_t need = (n + BUMP_ALIGN - 1) & ~(size_t)(BUMP_ALIGN - 1);
    if ((size_t)(r->lim - r->cur) >= need) {
        void *p = r->cur;
        r->cur += need;
        return p;
    }
    if (need > BUMP_BLOCK / 4)
        return r->alloc(r->ctx, n); /* a long string that does not fit: its own */
    unsigned char *block = r->alloc(r->ctx, BUMP_BLOCK);
    if (!block)
        return NULL;
    r->cur = block + need;
    r->lim = block + BUMP_BLOCK;
    return block;
#endif
}

/* Bytes a string holds as they are: not '"', not '\\', not below 0x20
 * (which includes the NUL after the text, so no scan runs past it). */
static const unsigned char plain[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
    R16(0), R16(0),                                 /* 0x00-0x1f */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20: '"' */
    R16(1), R16(1),                                 /* 0x30-0x4f */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50: '\\' */
    R16(1), R16(1), R16(1), R16(1), R16(1),         /* 0x60-0xaf */
    R16(1), R16(1), R16(1), R16(1), R16(1),         /* 0xb0-0xff */
#undef R16
};

/* Sixteen bytes at a time where SSE2 is (every x86-64): findings files
 * are indented, and their strings are mostly plain bytes, and the loops a
 * byte at a time were a third of the reader's instructions. The loads stay
 * before the NUL after the text (end), the rest is read a byte at a time. */
#if defined(__SSE2__)
#include <emmintrin.h>
#define ADV_JSON_SSE2 1

/* The first byte at or after q, before end - 15, that plain[] rejects;
 * q itself if every block there is plain. */
static const unsigned char *scan_plain(const unsigned char *q, const unsigned char *end)
{
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    const __m128i ctl = _mm_set1_epi8(0x1f);
    while (end - q >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                                    _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v)); /* v <= 0x1f */
        unsigned bits = (unsigned)_mm_movemask_epi8(stop);
        if (bits)
            return q + __builtin_ctz(bits);
        q += 16;
    }
    return q;
}

/* The first byte at or after p, before end - 15, that is not one of the
 * four white space bytes. */
static const unsigned char *scan_space(const unsigned char *p, const unsigned char *end)
{
    const __m128i sp = _mm_set1_epi8(' '), nl = _mm_set1_epi8('\n');
    const __m128i tab = _mm_set1_epi8('\t'), cr = _mm_set1_epi8('\r');
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, nl)),
                                  _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, cr)));
        unsigned other = ~(unsigned)_mm_movemask_epi8(ws) & 0xffffu;
        if (other)
            return p + __builtin_ctz(other);
        p += 16;
    }
    return p;
}
#endif

/* The white space this reader skips; cJSON skips every byte up to 0x20,
 * the rest of which no findings file holds, so they are left to it. */
static inline const unsigned char *skip_space(const unsigned char *p,
                                              const unsigned char *end)
{
    if (*p > ' ')
        return p; /* most tokens follow no white space */
    if (*p == ' ' && p[1] > ' ')
        return p + 1; /* or one space, after a key's ':' (p[1] is at most the NUL) */
#ifdef ADV_JSON_SSE2
    p = scan_space(p, end);
#else
    (void)end;
#endif
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

static cJSON *new_node(reader *r)
{
    cJSON *n = take(r, sizeof *n);
    if (n)
        memset(n, 0, sizeof *n);
    return n;
}

/* The one-character escapes cJSON decodes (\u is left to it). */
static int unescape(unsigned char c)
{
    switch (c) {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case '"':
    case '\\':
    case '/': return c;
    default: return -1;
    }
}

/* The first byte at or after q that plain[] rejects (end is the NUL
 * after the text). */
static const unsigned char *plain_end(const unsigned char *q, const unsigned char *end)
{
#ifdef ADV_JSON_SSE2
    q = scan_plain(q, end);
#else
    (void)end;
#endif
    while (plain[*q])
        q++;
    return q;
}

/* The string at r->p (a '"'), decoded into a copy; NULL to decline. */
static char *read_string(reader *r)
{
    const unsigned char *s = r->p + 1, *q = plain_end(s, r->end);
    size_t escapes = 0;
    while (*q != '"') {
        if (*q != '\\' || unescape(q[1]) < 0)
            return NULL; /* a control byte, the end, or an escape left to cJSON */
        escapes++;
        q += 2;
        while (plain[*q])
            q++;
    }
    size_t n = (size_t)(q - s) - escapes;
    char *out = take(r, n + 1);
    if (!out)
        return NULL;
    if (!escapes) {
        memcpy(out, s, n);
    } else {
        char *o = out;
        for (const unsigned char *i = s; i < q; i++)
            *o++ = (char)(*i == '\\' ? unescape(*++i) : *i);
    }
    out[n] = '\0';
    r->p = q + 1;
    return out;
}

/* Object keys of the findings format (docs/findings-format.md), written
 * as the very literals the advisor looks them up by: the linker merges
 * identical string literals across files, so a key read from a document
 * points at the bytes adv_json_get (json_get.h) is asked for and matches
 * by address before any text is compared; nor is it copied. Should the
 * literals not be merged, lookups compare text as before. About half of a
 * large build's strings are these keys. */
static const char *const known_keys[] = {
    "line", "executions_per_call", "callee", "file", "column", "demangled", "inlined", "sites",
    "location", "calls", "call_sites", "returns_allocation", "may_free_params", "frees_params",
    "captures_params", "allocates", "function", "static", "function_demangled", "loop_depth",
    "remark", "pass", "message", "kind", "id", "evidence", "bytes", "allocator", "via",
    "freed_on_all_paths", "target", "escape_at", "held", "origin", "locks", "class",
    "trip_count", "leaks_on_exception", "may_block", "shared", "sections", "read_only", "prim",
    "in_loop", "confidence", "param", "chance", "calls_under_lock", "wrapper", "lock_calls",
    "nonnull_args", "unlocks", "confidence_reason", "via_call", "trylock", "outer_location",
    "outer_kind", "outer", "inner_kind", "inner", "call_chain", "version", "tu", "tool",
    "summaries", "source", "schema", "optnone", "name", "lock_sections", "lock_edges", "llvm",
    "flags_hash", "findings", "directory", "debug_info", "invariant_args", "acquired_at",
    "max_trip_text", "loop_location", "growth", "advice", "reason", "freed", "loop_calls",
    "container", "what", "error_path", "ends_in", "leaves_locked", "blocking", "max_trip_count",
    "trip_text", "needs_param", "zero_args", "size_growth", "pattern", "inlined_at",
    "lock_class", "freed_by_callee", "return_location", "locks_if_null", "increment_bytes",
    "callee_lock_chance", "calls_in_loop", "also_at", "calls_back", "cold", "max_stack_bytes",
    "other_sites", "other_functions", "cycle", "translation_units", "cross_tu", "block_chance",
    "loop_callees", "per_iteration", "thread_start", "thread_loop", "builds_structure",
    "callee_elsewhere", "returns_fresh_from", "returns_null_answer", "batched",
};
#define KNOWN_KEYS (sizeof known_keys / sizeof *known_keys)
#define KEY_SLOTS 512u /* a power of two, well above KNOWN_KEYS */
#define KEY_MAX 24u    /* longer keys are not looked for */
static unsigned short key_slot[KEY_SLOTS]; /* index into known_keys + 1; 0: empty */
static unsigned char key_len[KNOWN_KEYS];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static unsigned key_hash(const unsigned char *s, size_t n)
{
    return ((unsigned)n * 131u + s[0] * 7u + s[n / 2] * 17u + s[n - 1] * 31u) & (KEY_SLOTS - 1);
}

static void index_known_keys(void)
{
    for (size_t i = 0; i < KNOWN_KEYS; i++) {
        size_t n = strlen(known_keys[i]);
        key_len[i] = (unsigned char)n;
        unsigned h = key_hash((const unsigned char *)known_keys[i], n);
        while (key_slot[h])
            h = (h + 1) & (KEY_SLOTS - 1);
        key_slot[h] = (unsigned short)(i + 1);
    }
}

static uint64_t load8(const void *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint32_t load4(const void *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint16_t load2(const void *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Whether the n bytes (1 to KEY_MAX) at a and b are the same: two or
 * three overlapping loads of the widest size that fits, none outside the
 * n bytes (most keys are shorter than eight bytes). */
static bool same_bytes(const char *a, const unsigned char *b, size_t n)
{
    if (n >= 8) {
        if (load8(a) != load8(b) || load8(a + n - 8) != load8(b + n - 8))
            return false;
        return n <= 16 || load8(a + 8) == load8(b + 8);
    }
    if (n >= 4)
        return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
    if (n >= 2)
        return load2(a) == load2(b) && load2(a + n - 2) == load2(b + n - 2);
    return (unsigned char)a[0] == b[0];
}

const char *adv_json_known_key(size_t i)
{
    return i < KNOWN_KEYS ? known_keys[i] : NULL;
}

/* The listed key with the n bytes at s, or NULL. */
static const char *known_key(const unsigned char *s, size_t n)
{
    if (n == 0 || n > KEY_MAX)
        return NULL;
    for (unsigned h = key_hash(s, n); key_slot[h]; h = (h + 1) & (KEY_SLOTS - 1)) {
        size_t i = key_slot[h] - 1u;
        if (key_len[i] != n)
            continue;
        const char *k = known_keys[i];
        if (same_bytes(k, s, n))
            return k;
    }
    return NULL;
}

/* The key at r->p (a '"'): a listed one without escapes as the shared
 * literal, any other as read_string copies it; NULL to decline. */
static char *read_key(reader *r)
{
    const unsigned char *s = r->p + 1, *q = plain_end(s, r->end);
    if (*q == '"') {
        const char *k = known_key(s, (size_t)(q - s));
        if (k) {
            r->p = q + 1;
            return (char *)(uintptr_t)k; /* never written: json_fast.h */
        }
    }
    return read_string(r);
}

/* What cJSON's parse_number copies of a number before calling strtod. */
static bool number_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.';
}

/* Clinger's fast path: a decimal of at most 15 digits (an integer below
 * 2^53, exact in a double) times a power of ten from 1e-22 to 1e22 (each
 * exact in a double) is one IEEE multiplication or division, rounded once
 * to nearest: the very double strtod returns for those bytes. Findings
 * files are full of such numbers ("executions_per_call": 1.0), and strtod
 * took ~700 instructions for each. Needs doubles evaluated as doubles
 * (FLT_EVAL_METHOD 0: SSE2, not the x87). */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define ADV_JSON_CLINGER 1
static const double exact_pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* The number at s ('-' or a digit) as strtod reads it, when it is
 * -?D+(.D+)?([eE][+-]?D+)? with at most 15 digits D before the exponent, a
 * decimal exponent from -22 to 22, and no other number byte after it (else
 * false: the caller asks strtod). */
static bool read_decimal(const unsigned char *s, const unsigned char **end, double *out)
{
    const unsigned char *q = s;
    bool negative = *q == '-';
    q += negative;
    uint64_t m = 0;
    int ndigits = 0, scale = 0;
    if (!is_digit(*q))
        return false;
    for (; is_digit(*q); q++)
        if (++ndigits > 15)
            return false; /* past 2^53, maybe */
        else
            m = m * 10 + (uint64_t)(*q - '0');
    if (*q == '.') {
        if (!is_digit(*++q))
            return false;
        for (; is_digit(*q); q++, scale--)
            if (++ndigits > 15)
                return false;
            else
                m = m * 10 + (uint64_t)(*q - '0');
    }
    if (*q == 'e' || *q == 'E') {
        bool minus = *++q == '-';
        q += *q == '-' || *q == '+';
        int e = 0, edigits = 0;
        for (; is_digit(*q) && edigits < 4; q++, edigits++)
            e = e * 10 + (*q - '0');
        if (edigits == 0 || edigits == 4)
            return false;
        scale += minus ? -e : e;
    }
    if (number_byte(*q) || scale < -22 || scale > 22)
        return false;
    double d = (double)m;
    d = scale < 0 ? d / exact_pow10[-scale] : d * exact_pow10[scale];
    *out = negative ? -d : d;
    *end = q;
    return true;
}
#endif

static void set_number(cJSON *item, double d)
{
    item->type = cJSON_Number;
    item->valuedouble = d;
    /* cJSON's saturation. */
    if (d >= INT_MAX)
        item->valueint = INT_MAX;
    else if (d <= (double)INT_MIN)
        item->valueint = INT_MIN;
    else
        item->valueint = (int)d;
}

/* The number at r->p ('-' or a digit). Up to 15 digits are exact in a
 * double, so a plain integer needs no strtod; anything else gets cJSON's
 * own conversion: the same bytes, '.' as the locale's decimal point, and
 * strtod, which must take them all (or the text is left to cJSON). */
static bool read_number(reader *r, cJSON *item)
{
    const unsigned char *s = r->p, *q = s;
    bool negative = *q == '-';
    q += negative;
    const unsigned char *digits = q;
    uint64_t v = 0;
    while (*q >= '0' && *q <= '9' && q - digits < 16)
        v = v * 10 + (uint64_t)(*q++ - '0');
    size_t ndigits = (size_t)(q - digits);
    if (ndigits >= 1 && ndigits <= 15 && !number_byte(*q)) {
        double d = (double)v;
        set_number(item, negative ? -d : d);
        r->p = q;
        return true;
    }
#ifdef ADV_JSON_CLINGER
    double dec;
    if (read_decimal(s, &q, &dec)) {
        set_number(item, dec);
        r->p = q;
        return true;
    }
#endif
    for (q = s; number_byte(*q); q++)
        if (q - s >= 62)
            return false; /* cJSON would cut it at 63 bytes */
    char buf[64];
    size_t n = (size_t)(q - s);
    const char point = localeconv()->decimal_point[0];
    for (size_t i = 0; i < n; i++)
        buf[i] = s[i] == '.' ? point : (char)s[i];
    buf[n] = '\0';
    char *end = NULL;
    double d = strtod(buf, &end);
    if (end != buf + n)
        return false;
    set_number(item, d);
    r->p = q;
    return true;
}

static bool read_value(reader *r, cJSON *item, int depth);

/* The members of the object or array at r->p, one past its opening
 * bracket; close is '}' or ']'. Links them as cJSON does: next and prev,
 * and the first one's prev is the last. */
static bool read_members(reader *r, cJSON *item, unsigned char close, int depth)
{
    if (depth > r->max_depth)
        return false;
    item->type = close == '}' ? cJSON_Object : cJSON_Array;
    r->p = skip_space(r->p + 1, r->end);
    if (*r->p == close) {
        r->p++;
        return true;
    }
    cJSON *head = NULL, *last = NULL;
    for (;;) {
        cJSON *c = new_node(r);
        if (!c)
            return false;
        if (!head) {
            head = item->child = c;
        } else {
            last->next = c;
            c->prev = last;
        }
        last = c;
        head->prev = last;
        if (close == '}') {
            if (*r->p != '"' || !(c->string = read_key(r)))
                return false;
            r->p = skip_space(r->p, r->end);
            if (*r->p != ':')
                return false;
            r->p = skip_space(r->p + 1, r->end);
        }
        if (!read_value(r, c, depth))
            return false;
        r->p = skip_space(r->p, r->end);
        if (*r->p == close) {
            r->p++;
            return true;
        }
        if (*r->p != ',')
            return false;
        r->p = skip_space(r->p + 1, r->end);
    }
}

/* strncmp stops at the NUL after the text: nothing past it is read. */
static bool literal(reader *r, const char *word, size_t n)
{
    if (strncmp((const char *)r->p, word, n) != 0)
        return false;
    r->p += n;
    return true;
}

/* The value at r->p into item; depth: that of the container it is in. */
static bool read_value(reader *r, cJSON *item, int depth)
{
    switch (*r->p) {
    case '"':
        item->type = cJSON_String;
        return (item->valuestring = read_string(r)) != NULL;
    case '{': return read_members(r, item, '}', depth + 1);
    case '[': return read_members(r, item, ']', depth + 1);
    case 't':
        item->type = cJSON_True;
        item->valueint = 1;
        return literal(r, "true", 4);
    case 'f': item->type = cJSON_False; return literal(r, "false", 5);
    case 'n': item->type = cJSON_NULL; return literal(r, "null", 4);
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9': return read_number(r, item);
    default: return false;
    }
}

cJSON *adv_json_fast_parse(const char *text, size_t len, int max_depth, adv_json_alloc_fn alloc,
                           void *ctx)
{
    (void)pthread_once(&keys_once, index_known_keys);
    const unsigned char *end = (const unsigned char *)text + len;
    reader r = {skip_space((const unsigned char *)text, end), end, alloc, ctx, max_depth, NULL, NULL};
    cJSON *root = new_node(&r);
    if (!root || !read_value(&r, root, 0))
        return NULL;
    return skip_space(r.p, end) == end ? root : NULL;
}

/* How a list's prev links are set: 1 when each member's prev is the one
 * before it and the first one's is the last (cJSON's parse), 0 otherwise. */
static int links(const cJSON *head)
{
    const cJSON *last = head;
    for (const cJSON *c = head->next; c; last = c, c = c->next)
        if (c->prev != last)
            return 0;
    return head->prev == last;
}

bool adv_json_tree_equal(const cJSON *a, const cJSON *b)
{
    for (; a && b; a = a->next, b = b->next) {
        if (a->type != b->type || a->valueint != b->valueint ||
            memcmp(&a->valuedouble, &b->valuedouble, sizeof a->valuedouble) != 0 ||
            !a->string != !b->string || (a->string && strcmp(a->string, b->string) != 0) ||
            !a->valuestring != !b->valuestring ||
            (a->valuestring && strcmp(a->valuestring, b->valuestring) != 0) ||
            !a->child != !b->child || (a->child && links(a->child) != links(b->child)) ||
            !adv_json_tree_equal(a->child, b->child))
            return false;
    }
    return !a && !b;
}
