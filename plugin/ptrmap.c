/* plugin/ptrmap.c — see ptrmap.h. Linear probing, power-of-two capacity. */
#include "ptrmap.h"

#include <stdlib.h>
#include <string.h>

void pa_ptrmap_init(pa_ptrmap *m) { memset(m, 0, sizeof *m); }

void pa_ptrmap_free(pa_ptrmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

void pa_ptrmap_clear(pa_ptrmap *m)
{
    if (m->keys)
        memset(m->keys, 0, m->cap * sizeof *m->keys);
    m->count = 0;
}

static size_t slot_of(const void *key, size_t cap)
{
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
    return (size_t)h & (cap - 1);
}

int pa_ptrmap_get(const pa_ptrmap *m, const void *key, intptr_t *out)
{
    if (!m->cap || !key)
        return 0;
    for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return 0;
        if (m->keys[i] == key) {
            *out = m->vals[i];
            return 1;
        }
    }
}

static int rehash(pa_ptrmap *m, size_t ncap)
{
    const void **keys = calloc(ncap, sizeof *keys);
    intptr_t *vals = calloc(ncap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = slot_of(m->keys[i], ncap);
        while (keys[j])
            j = (j + 1) & (ncap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = ncap;
    return 0;
}

int pa_ptrmap_put(pa_ptrmap *m, const void *key, intptr_t val)
{
    if (!key)
        return -1;
    if ((m->count + 1) * 2 > m->cap && rehash(m, m->cap ? m->cap * 2 : 64) != 0)
        return -1;
    size_t i = slot_of(key, m->cap);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i])
        m->count++;
    m->keys[i] = key;
    m->vals[i] = val;
    return 0;
}
