/* advisor/evidence.c — packed evidence (evidence.h). The format, one value:
 *   'n' null, 'f' false, 't' true,
 *   'b' + 1 byte (a whole number 0..255), 'i' + 4 bytes (a whole number
 *   that fits an int32), 'd' + 8 bytes (any other double; host order),
 *   's' + bytes + NUL,
 *   '[' / '{' + 4 bytes content length (host order) + content: values, or
 *   for an object a key then a value. A key is one byte: 1..N for the Nth
 *   of the keys the plugin writes most (known_keys), or 0 then the key's
 *   bytes and a NUL. A whole number comes back as the same double.
 * Exercised by tests/test_adv_load.c and every `perfadvise report`. */
#include "evidence.h"

#include "json_get.h"
#include "merge.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Evidence keys by frequency in real builds (docs/findings-format.md); at
 * most 255. Order is part of the format only within one run. */
static const char *const known_keys[] = {
    "loop_depth", "allocator", "trip_count", "bytes", "executions_per_call", "held",
    "lock_class", "growth", "advice", "increment_bytes", "freed_on_all_paths", "via", "target",
    "escape_at", "leaks_on_exception", "callee", "loop_location", "freed", "container",
    "max_trip_text", "acquired_at", "confidence", "confidence_reason", "reason",
    "max_trip_count", "wrapper", "max_stack_bytes", "trip_text", "return_location", "blocking",
    "pattern", "size_growth", "other_sites", "other_functions", "location", "function", "id",
    "file", "line", "column", "cycle", "translation_units", "cross_tu", "class"};
#define NKNOWN (sizeof known_keys / sizeof known_keys[0])

/* 1..NKNOWN for a known key, 0 for any other. */
static unsigned key_code(const char *key)
{
    /* By address first: keys the fast reader shares are these very
     * literals (json_fast.c). */
    for (unsigned i = 0; i < NKNOWN; i++)
        if (key == known_keys[i])
            return i + 1;
    for (unsigned i = 0; i < NKNOWN; i++)
        if (key[0] == known_keys[i][0] && strcmp(key, known_keys[i]) == 0)
            return i + 1;
    return 0;
}

static size_t key_size(const char *key)
{
    return key_code(key) ? 1 : 1 + strlen(key) + 1;
}

/* 'b', 'i' or 'd': how the number d packs. */
static char number_tag(double d)
{
    if (!(d >= INT32_MIN && d <= INT32_MAX) || d != floor(d) || (d == 0 && signbit(d)))
        return 'd';
    return d >= 0 && d <= 255 ? 'b' : 'i';
}

static size_t number_size(double d)
{
    char t = number_tag(d);
    return 1 + (t == 'b' ? 1 : t == 'i' ? sizeof(int32_t) : sizeof(double));
}

/* Bytes value v packs to; 0 when it cannot be packed (a container over
 * 4 GiB). */
static size_t packed_size(const cJSON *v)
{
    if (adv_json_is_number(v))
        return number_size(v->valuedouble);
    if (adv_json_is_string(v))
        return 2 + strlen(v->valuestring ? v->valuestring : "");
    if (adv_json_is_array(v) || adv_json_is_object(v)) {
        size_t n = 1 + sizeof(uint32_t);
        for (const cJSON *c = v->child; c; c = c->next) {
            size_t k = packed_size(c);
            if (!k)
                return 0;
            n += k + (adv_json_is_object(v) ? key_size(c->string ? c->string : "") : 0);
        }
        return n - 1 - sizeof(uint32_t) > UINT32_MAX ? 0 : n;
    }
    return 1; /* null, booleans; anything else packs as null */
}

static unsigned char *put(unsigned char *p, const cJSON *v)
{
    if (adv_json_is_number(v)) {
        double d = v->valuedouble;
        char t = number_tag(d);
        *p++ = (unsigned char)t;
        if (t == 'b') {
            *p++ = (unsigned char)d;
        } else if (t == 'i') {
            int32_t i = (int32_t)d;
            memcpy(p, &i, sizeof i);
            p += sizeof i;
        } else {
            memcpy(p, &d, sizeof d);
            p += sizeof d;
        }
        return p;
    }
    if (adv_json_is_string(v)) {
        const char *str = v->valuestring ? v->valuestring : "";
        size_t n = strlen(str) + 1;
        *p++ = 's';
        memcpy(p, str, n);
        return p + n;
    }
    if (adv_json_is_array(v) || adv_json_is_object(v)) {
        bool obj = adv_json_is_object(v);
        *p++ = obj ? '{' : '[';
        unsigned char *len_at = p;
        p += sizeof(uint32_t);
        for (const cJSON *c = v->child; c; c = c->next) {
            if (obj) {
                const char *key = c->string ? c->string : "";
                unsigned code = key_code(key);
                *p++ = (unsigned char)code;
                if (!code) {
                    size_t n = strlen(key) + 1;
                    memcpy(p, key, n);
                    p += n;
                }
            }
            p = put(p, c);
        }
        uint32_t len = (uint32_t)((size_t)(p - len_at) - sizeof(uint32_t));
        memcpy(len_at, &len, sizeof len);
        return p;
    }
    *p++ = adv_json_is_true(v) ? 't' : adv_json_is_false(v) ? 'f' : 'n';
    return p;
}

/* The key at q (set *key) and the byte after it. */
static const unsigned char *read_key(const unsigned char *q, const char **key)
{
    if (*q) {
        *key = known_keys[*q - 1];
        return q + 1;
    }
    *key = (const char *)q + 1;
    return q + 1 + strlen(*key) + 1;
}

const unsigned char *adv_evidence_pack(adv_set *s, const cJSON *ev)
{
    size_t n = packed_size(ev);
    if (!n)
        return NULL;
    unsigned char *out = (unsigned char *)adv_set_alloc_bytes(s, n);
    if (!out)
        return NULL;
    put(out, ev);
    return out;
}

static uint32_t content_len(const unsigned char *p)
{
    uint32_t len;
    memcpy(&len, p + 1, sizeof len);
    return len;
}

/* The byte after the value at p. */
static const unsigned char *skip(const unsigned char *p)
{
    switch (*p) {
    case 'b': return p + 2;
    case 'i': return p + 1 + sizeof(int32_t);
    case 'd': return p + 1 + sizeof(double);
    case 's': return p + 1 + strlen((const char *)p + 1) + 1;
    case '[':
    case '{': return p + 1 + sizeof(uint32_t) + content_len(p);
    default: return p + 1;
    }
}

static cJSON *build(const unsigned char *p)
{
    switch (*p) {
    case 'b': return cJSON_CreateNumber((double)p[1]);
    case 'i': {
        int32_t i;
        memcpy(&i, p + 1, sizeof i);
        return cJSON_CreateNumber((double)i);
    }
    case 'd': {
        double d;
        memcpy(&d, p + 1, sizeof d);
        return cJSON_CreateNumber(d);
    }
    case 's': return cJSON_CreateString((const char *)p + 1);
    case 't': return cJSON_CreateTrue();
    case 'f': return cJSON_CreateFalse();
    case '[':
    case '{': {
        bool obj = *p == '{';
        cJSON *c = obj ? cJSON_CreateObject() : cJSON_CreateArray();
        if (!c)
            return NULL;
        const unsigned char *q = p + 1 + sizeof(uint32_t), *end = q + content_len(p);
        while (q < end) {
            const char *key = NULL;
            if (obj)
                q = read_key(q, &key);
            cJSON *item = build(q);
            if (!item || !(obj ? cJSON_AddItemToObject(c, key, item) : cJSON_AddItemToArray(c, item))) {
                cJSON_Delete(item);
                cJSON_Delete(c);
                return NULL;
            }
            q = skip(q);
        }
        return c;
    }
    default: return cJSON_CreateNull();
    }
}

cJSON *adv_evidence_unpack(const unsigned char *packed)
{
    return packed ? build(packed) : cJSON_CreateObject();
}

/* The value of the first member key of the packed object, or NULL. */
static const unsigned char *member(const unsigned char *packed, const char *key)
{
    if (!packed || *packed != '{')
        return NULL;
    const unsigned char *q = packed + 1 + sizeof(uint32_t), *end = q + content_len(packed);
    unsigned code = key_code(key);
    while (q < end) {
        const char *k;
        bool hit = *q ? *q == code : false;
        q = read_key(q, &k);
        if (!hit && !code) /* a known key is always written as its code */
            hit = strcmp(k, key) == 0;
        if (hit)
            return q;
        q = skip(q);
    }
    return NULL;
}

const char *adv_evidence_packed_string(const unsigned char *packed, const char *key)
{
    const unsigned char *v = member(packed, key);
    return v && *v == 's' ? (const char *)v + 1 : NULL;
}

const char *adv_evidence_packed_last_string(const unsigned char *packed, const char *key)
{
    const unsigned char *v = member(packed, key);
    if (!v || *v != '[')
        return NULL;
    const unsigned char *q = v + 1 + sizeof(uint32_t), *end = q + content_len(v), *last = NULL;
    for (; q < end; q = skip(q))
        last = q;
    return last && *last == 's' ? (const char *)last + 1 : NULL;
}

bool adv_evidence_packed_contains(const unsigned char *packed, const char *text)
{
    size_t n = strlen(text);
    if (!packed || n == 0)
        return false;
    const unsigned char *end = skip(packed);
    for (const unsigned char *p = packed; (size_t)(end - p) >= n;) {
        const unsigned char *hit = memchr(p, (unsigned char)text[0], (size_t)(end - p) - n + 1);
        if (!hit)
            return false;
        if (memcmp(hit, text, n) == 0)
            return true;
        p = hit + 1;
    }
    return false;
}

cJSON *adv_finding_evidence(adv_finding *f)
{
    if (!f->evidence)
        f->evidence = adv_evidence_unpack(f->evidence_packed);
    return f->evidence;
}

cJSON *adv_finding_evidence_for_entry(adv_finding *f, bool *built)
{
    *built = !f->evidence;
    return adv_finding_evidence(f);
}

void adv_finding_evidence_drop(adv_finding *f, bool built)
{
    if (!built)
        return; /* a tree it had before (a group's lead, a finding the advisor made) stays */
    cJSON_Delete(f->evidence);
    f->evidence = NULL;
}

const char *adv_finding_evidence_string(const adv_finding *f, const char *key)
{
    if (f->evidence) {
        const cJSON *it = adv_json_get(f->evidence, key);
        return adv_json_is_string(it) ? it->valuestring : NULL;
    }
    return adv_evidence_packed_string(f->evidence_packed, key);
}

bool adv_finding_evidence_bool(const adv_finding *f, const char *key)
{
    if (f->evidence)
        return adv_json_is_true(adv_json_get(f->evidence, key));
    const unsigned char *v = member(f->evidence_packed, key);
    return v && *v == 't';
}
