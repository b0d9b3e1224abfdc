/* advisor/evidence.c — packed evidence (evidence.h). The format, one value:
 *   'n' null, 'f' false, 't' true, 'd' + 8 bytes (a double, host order),
 *   's' + bytes + NUL, '[' / '{' + 4 bytes content length (host order) +
 *   content: values, or for an object key (bytes + NUL) then value.
 * Exercised by tests/test_adv_load.c and every `perfadvise report`. */
#include "evidence.h"

#include "merge.h"

#include <stdint.h>
#include <string.h>

/* Bytes value v packs to; 0 when it cannot be packed (a container over
 * 4 GiB). */
static size_t packed_size(const cJSON *v)
{
    if (cJSON_IsNumber(v))
        return 1 + sizeof(double);
    if (cJSON_IsString(v))
        return 2 + strlen(v->valuestring ? v->valuestring : "");
    if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        size_t n = 1 + sizeof(uint32_t);
        for (const cJSON *c = v->child; c; c = c->next) {
            size_t k = packed_size(c);
            if (!k)
                return 0;
            n += k + (cJSON_IsObject(v) ? strlen(c->string ? c->string : "") + 1 : 0);
        }
        return n - 1 - sizeof(uint32_t) > UINT32_MAX ? 0 : n;
    }
    return 1; /* null, booleans; anything else packs as null */
}

static unsigned char *put(unsigned char *p, const cJSON *v)
{
    if (cJSON_IsNumber(v)) {
        *p++ = 'd';
        memcpy(p, &v->valuedouble, sizeof(double));
        return p + sizeof(double);
    }
    if (cJSON_IsString(v)) {
        const char *str = v->valuestring ? v->valuestring : "";
        size_t n = strlen(str) + 1;
        *p++ = 's';
        memcpy(p, str, n);
        return p + n;
    }
    if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        bool obj = cJSON_IsObject(v);
        *p++ = obj ? '{' : '[';
        unsigned char *len_at = p;
        p += sizeof(uint32_t);
        for (const cJSON *c = v->child; c; c = c->next) {
            if (obj) {
                const char *key = c->string ? c->string : "";
                size_t n = strlen(key) + 1;
                memcpy(p, key, n);
                p += n;
            }
            p = put(p, c);
        }
        uint32_t len = (uint32_t)((size_t)(p - len_at) - sizeof(uint32_t));
        memcpy(len_at, &len, sizeof len);
        return p;
    }
    *p++ = cJSON_IsTrue(v) ? 't' : cJSON_IsFalse(v) ? 'f' : 'n';
    return p;
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
            if (obj) {
                key = (const char *)q;
                q += strlen(key) + 1;
            }
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
    while (q < end) {
        const char *k = (const char *)q;
        size_t n = strlen(k);
        q += n + 1;
        if (strcmp(k, key) == 0)
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

cJSON *adv_finding_evidence(adv_finding *f)
{
    if (!f->evidence)
        f->evidence = adv_evidence_unpack(f->evidence_packed);
    return f->evidence;
}

int adv_evidence_build_all(adv_finding *const *view, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!adv_finding_evidence(view[i]))
            return -1;
    return 0;
}

const char *adv_finding_evidence_string(const adv_finding *f, const char *key)
{
    if (f->evidence) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(f->evidence, key);
        return cJSON_IsString(it) ? it->valuestring : NULL;
    }
    return adv_evidence_packed_string(f->evidence_packed, key);
}
