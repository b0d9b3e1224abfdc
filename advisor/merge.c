/* advisor/merge.c — the set of findings of a build. Strings live in one arena
 * (freed at once); an open-addressing index by id merges the copies of a
 * finding that every TU including the same header reports.
 * Exercised by tests/test_adv_merge.c and `perfadvise report build/`. */
#include "merge.h"

#include "escape_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (256u * 1024u)

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, size;
    max_align_t data[]; /* aligned storage */
} arena_chunk;

struct adv_arena {
    arena_chunk *head;
};

struct adv_idmap {
    size_t *slots; /* index + 1; 0 = empty */
    size_t cap;    /* power of two */
};

static void *arena_alloc(struct adv_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    arena_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->size = size;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

void *adv_set_alloc(adv_set *s, size_t size)
{
    void *p = arena_alloc(s->arena, size);
    if (p)
        memset(p, 0, size);
    return p;
}

const char *adv_set_strndup(adv_set *s, const char *str, size_t n)
{
    if (!str)
        return NULL;
    char *p = arena_alloc(s->arena, n + 1);
    if (!p)
        return NULL;
    memcpy(p, str, n);
    p[n] = '\0';
    adv_utf8_sanitize(p, n);
    return p;
}

const char *adv_set_strdup(adv_set *s, const char *str)
{
    return str ? adv_set_strndup(s, str, strlen(str)) : NULL;
}

int adv_set_init(adv_set *s)
{
    memset(s, 0, sizeof *s);
    s->arena = calloc(1, sizeof *s->arena);
    s->ids = calloc(1, sizeof *s->ids);
    if (!s->arena || !s->ids) {
        adv_set_free(s);
        return -1;
    }
    return 0;
}

void adv_set_free(adv_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        cJSON_Delete(s->items[i].evidence);
    free(s->items);
    free(s->tus);
    free(s->edges);
    free(s->sums);
    if (s->arena) {
        arena_chunk *c = s->arena->head;
        while (c) {
            arena_chunk *next = c->next;
            free(c);
            c = next;
        }
        free(s->arena);
    }
    if (s->ids) {
        free(s->ids->slots);
        free(s->ids);
    }
    memset(s, 0, sizeof *s);
}

/* Grow *items (element size elem) to hold one more; 0 or -1. */
static int reserve_one(void **items, size_t *cap, size_t count, size_t elem)
{
    if (count < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 64;
    if (ncap > SIZE_MAX / elem)
        return -1;
    void *p = realloc(*items, ncap * elem);
    if (!p)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}

int adv_set_add_tu(adv_set *s, const char *path, const char *source, const char *directory)
{
    if (reserve_one((void **)&s->tus, &s->cap_tus, s->ntus, sizeof *s->tus) != 0)
        return -1;
    adv_tu *t = &s->tus[s->ntus];
    t->path = adv_set_strdup(s, path);
    t->source = adv_set_strdup(s, source);
    t->directory = adv_set_strdup(s, directory);
    if ((path && !t->path) || (source && !t->source) || (directory && !t->directory))
        return -1;
    return (int)s->ntus++;
}

static uint64_t hash_id(const char *id)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *id; id++) {
        h ^= (unsigned char)*id;
        h *= 1099511628211ULL;
    }
    return h;
}

static int idmap_grow(adv_set *s)
{
    struct adv_idmap *m = s->ids;
    size_t ncap = m->cap ? m->cap * 2 : 1024;
    size_t *slots = calloc(ncap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < s->count; i++) {
        size_t h = (size_t)hash_id(s->items[i].id) & (ncap - 1);
        while (slots[h])
            h = (h + 1) & (ncap - 1);
        slots[h] = i + 1;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = ncap;
    return 0;
}

adv_finding *adv_set_find(const adv_set *s, const char *id)
{
    const struct adv_idmap *m = s->ids;
    if (!m || !m->cap || !id)
        return NULL;
    size_t h = (size_t)hash_id(id) & (m->cap - 1);
    while (m->slots[h]) {
        adv_finding *f = &s->items[m->slots[h] - 1];
        if (strcmp(f->id, id) == 0)
            return f;
        h = (h + 1) & (m->cap - 1);
    }
    return NULL;
}

adv_finding *adv_set_add_finding(adv_set *s, const adv_finding *f)
{
    adv_finding *old = adv_set_find(s, f->id);
    if (old) {
        old->tu_count += f->tu_count ? f->tu_count : 1;
        s->duplicates++;
        cJSON_Delete(f->evidence);
        return old;
    }
    /* Keep the load factor under 1/2. */
    if ((s->count + 1) * 2 > s->ids->cap && idmap_grow(s) != 0)
        goto fail;
    if (reserve_one((void **)&s->items, &s->cap, s->count, sizeof *s->items) != 0)
        goto fail;
    adv_finding *n = &s->items[s->count];
    *n = *f;
    if (!n->tu_count)
        n->tu_count = 1;
    if (!n->evidence)
        n->evidence = cJSON_CreateObject();
    if (!n->evidence)
        return NULL;
    size_t h = (size_t)hash_id(n->id) & (s->ids->cap - 1);
    while (s->ids->slots[h])
        h = (h + 1) & (s->ids->cap - 1);
    s->ids->slots[h] = ++s->count;
    return n;
fail:
    cJSON_Delete(f->evidence);
    return NULL;
}

int adv_set_add_edge(adv_set *s, const adv_lock_edge *e)
{
    if (reserve_one((void **)&s->edges, &s->cap_edges, s->nedges, sizeof *s->edges) != 0)
        return -1;
    s->edges[s->nedges++] = *e;
    return 0;
}

int adv_set_add_summary(adv_set *s, const adv_summary *sum)
{
    if (reserve_one((void **)&s->sums, &s->cap_sums, s->nsums, sizeof *s->sums) != 0)
        return -1;
    s->sums[s->nsums++] = *sum;
    return 0;
}

cJSON *adv_loc_to_json(const pa_loc *l)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (l->file)
        cJSON_AddStringToObject(o, "file", l->file);
    else
        cJSON_AddNullToObject(o, "file");
    cJSON_AddNumberToObject(o, "line", l->line);
    cJSON_AddNumberToObject(o, "column", l->column);
    return o;
}
