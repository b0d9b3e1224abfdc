/* advisor/merge.c — the set of findings of a build. Strings live in one arena
 * (freed at once); a hash index by id (pa_map) merges the copies of a
 * finding that every TU including the same header reports.
 * Exercised by tests/test_adv_merge.c and `perfadvise report build/`. */
#include "merge.h"

#include "profile.h"

#include "escape_text.h"
#include "json_get.h"
#include "bigmem.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, size;
    max_align_t data[]; /* aligned storage */
} arena_chunk;

/* A chunk's room: a bigmem chunk (bigmem.h: cut from shared huge-page
 * regions) less its header. A request larger than that gets a chunk of
 * its own size. */
#define ARENA_CHUNK (PA_BIG_CHUNK - sizeof(arena_chunk))

static arena_chunk *chunk_new(size_t n)
{
    size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
    arena_chunk *c = size == ARENA_CHUNK ? pa_big_chunk_alloc() : pa_big_alloc(sizeof *c + size);
    if (c)
        c->size = size;
    return c;
}

static void chunk_free(arena_chunk *c)
{
    if (c->size == ARENA_CHUNK)
        pa_big_chunk_free(c);
    else
        pa_big_free(c, sizeof *c + c->size);
}

/* A string met lately, by its hash: most names the main thread interns
 * (~700,000 on the bench: a TU's file and functions on each of its
 * findings, callees called from many places) were interned a moment ago,
 * and this small table answers them from the cache instead of a probe of
 * the big index and a read of the string's slot (two cache misses). */
typedef struct recent_name {
    uint64_t hash;
    size_t len;
    const char *str; /* the interned copy; NULL: empty slot */
} recent_name;

/* 96 KB: stays in the L2 cache. 16,384 slots found 2% more of them. */
#define RECENT_BITS 12
#define RECENT_NAMES ((size_t)1 << RECENT_BITS)

/* The arena, and the strings interned in it (adv_set_intern). */
struct adv_arena {
    arena_chunk *head;
    const char **strings; /* interned, by index */
    size_t nstrings, cap_strings;
    pa_map index; /* hash of the string -> index into strings */
    recent_name *recent; /* RECENT_NAMES slots, indexed by the hash; NULL until first used */
};

/* n bytes aligned to align (1 for strings, max_align_t for structs). */
static void *arena_alloc(struct adv_arena *a, size_t n, size_t align)
{
    arena_chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) / align * align : 0;
    if (!c || at > c->size || c->size - at < n) {
        c = chunk_new(n);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        a->head = c;
        at = 0;
    }
    void *p = (char *)c->data + at;
    c->used = at + n;
    return p;
}

void *adv_set_alloc(adv_set *s, size_t size)
{
    void *p = arena_alloc(s->arena, size ? size : 1, sizeof(max_align_t));
    if (p)
        memset(p, 0, size);
    return p;
}

void *adv_set_alloc_bytes(adv_set *s, size_t size)
{
    return arena_alloc(s->arena, size ? size : 1, 1);
}

const char *adv_set_strndup(adv_set *s, const char *str, size_t n)
{
    if (!str)
        return NULL;
    char *p = arena_alloc(s->arena, n + 1, 1);
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

typedef struct intern_match {
    const struct adv_arena *a;
    const char *str;
} intern_match;

static bool is_interned(const void *ctx, intptr_t val)
{
    const intern_match *m = ctx;
    return strcmp(m->a->strings[val], m->str) == 0;
}

const char *adv_set_intern(adv_set *s, const char *str)
{
    if (!str)
        return NULL;
    size_t n = strlen(str);
    if (adv_utf8_invalid_count(str, n))
        return adv_set_strndup(s, str, n); /* repaired: a copy of its own (rare) */
    return adv_set_intern_hashed(s, str, n, pa_hash_str(str));
}

const char *adv_set_intern_node(adv_set *s, const char *str, const cJSON *node)
{
    size_t n;
    uint64_t h;
    if (str && adv_json_memo(node, &n, &h))
        return adv_set_intern_hashed(s, str, n, h);
    return adv_set_intern(s, str);
}

/* The slot of hash h in the table of recent names (allocated on first
 * use), or NULL when there is no memory for one (the index still works). */
static recent_name *recent_slot(struct adv_arena *a, uint64_t h)
{
    if (!a->recent && !(a->recent = calloc(RECENT_NAMES, sizeof *a->recent)))
        return NULL;
    /* The high bits: pa_map places by the low ones after spreading, and
     * FNV's high bits mix every byte as well. */
    return &a->recent[(size_t)(h >> (64 - RECENT_BITS))];
}

/* The interned copy of str (n bytes, hash h) when it is the recent one. */
static const char *recent_hit(const recent_name *r, const char *str, size_t n, uint64_t h)
{
    return r && r->str && r->hash == h && r->len == n && memcmp(r->str, str, n) == 0 ? r->str
                                                                                   : NULL;
}

static void recent_put(recent_name *r, const char *copy, size_t n, uint64_t h)
{
    if (r)
        *r = (recent_name){h, n, copy};
}

const char *adv_set_intern_hashed(adv_set *s, const char *str, size_t n, uint64_t h)
{
    struct adv_arena *a = s->arena;
    recent_name *r = recent_slot(a, h);
    const char *seen = recent_hit(r, str, n, h);
    if (seen)
        return seen;
    intern_match m = {a, str};
    intptr_t idx;
    if (pa_map_find(&a->index, h, is_interned, &m, &idx)) {
        recent_put(r, a->strings[idx], n, h);
        return a->strings[idx];
    }
    const char *copy = adv_set_strndup(s, str, n);
    const char **strings = copy ? pa_array_reserve(a->strings, &a->cap_strings, a->nstrings + 1,
                                                   sizeof *strings)
                                : NULL;
    if (!strings)
        return NULL;
    a->strings = strings;
    if (pa_map_add(&a->index, h, (intptr_t)a->nstrings) != 0)
        return NULL;
    a->strings[a->nstrings++] = copy;
    recent_put(r, copy, n, h);
    return copy;
}

void adv_set_adopt_memory(adv_set *dst, adv_set *src)
{
    arena_chunk *c = src->arena->head;
    if (!c)
        return;
    arena_chunk *last = c;
    while (last->next)
        last = last->next;
    /* Behind dst's newest chunk, which keeps taking dst's allocations. */
    arena_chunk *head = dst->arena->head;
    if (head) {
        last->next = head->next;
        head->next = c;
    } else {
        last->next = NULL;
        dst->arena->head = c;
    }
    src->arena->head = NULL;
}

int adv_set_presize(adv_set *s, double scale)
{
    size_t ids = (size_t)((double)s->count * scale);
    size_t nodes = (size_t)((double)adv_profile_count(s) * scale);
    if (pa_map_reserve(&s->ids, ids) != 0)
        return -1;
    return adv_profile_reserve(s->profile, nodes);
}

int adv_set_init(adv_set *s)
{
    memset(s, 0, sizeof *s);
    s->arena = calloc(1, sizeof *s->arena);
    if (!s->arena) {
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
    pa_big_free(s->items, s->cap * sizeof *s->items);
    free(s->tus);
    pa_big_free(s->edges, s->cap_edges * sizeof *s->edges);
    pa_big_free(s->sums, s->cap_sums * sizeof *s->sums);
    free(s->sections);
    free(s->fresh_fns);
    free(s->member_names);
    free(s->api_locks);
    if (s->arena) {
        arena_chunk *c = s->arena->head;
        while (c) {
            arena_chunk *next = c->next;
            chunk_free(c);
            c = next;
        }
        free(s->arena->strings);
        free(s->arena->recent);
        pa_map_free(&s->arena->index);
        free(s->arena);
    }
    pa_map_free(&s->ids);
    adv_profile_free(s->profile);
    memset(s, 0, sizeof *s);
}

int adv_set_add_tu(adv_set *s, const char *path, const char *source, const char *directory)
{
    adv_tu *tus = pa_array_reserve(s->tus, &s->cap_tus, s->ntus + 1, sizeof *tus);
    if (!tus)
        return -1;
    s->tus = tus;
    adv_tu *t = &s->tus[s->ntus];
    t->path = adv_set_strdup(s, path);
    t->source = adv_set_strdup(s, source);
    t->directory = adv_set_strdup(s, directory);
    if ((path && !t->path) || (source && !t->source) || (directory && !t->directory))
        return -1;
    return (int)s->ntus++;
}

typedef struct id_match {
    const adv_finding *items;
    const char *id;
} id_match;

static bool finding_has_id(const void *ctx, intptr_t val)
{
    const id_match *m = ctx;
    return strcmp(m->items[val].id, m->id) == 0;
}

adv_finding *adv_set_find(const adv_set *s, const char *id)
{
    return id ? adv_set_find_hashed(s, id, pa_hash_str(id)) : NULL;
}

adv_finding *adv_set_find_hashed(const adv_set *s, const char *id, uint64_t h)
{
    id_match m = {s->items, id};
    intptr_t idx;
    return pa_map_find(&s->ids, h, finding_has_id, &m, &idx) ? &s->items[idx] : NULL;
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
    return adv_set_append_finding(s, f);
}

adv_finding *adv_set_append_finding(adv_set *s, const adv_finding *f)
{
    return adv_set_append_hashed(s, f, pa_hash_str(f->id));
}

adv_finding *adv_set_append_hashed(adv_set *s, const adv_finding *f, uint64_t h)
{
    adv_finding *items = pa_big_reserve(s->items, &s->cap, s->count + 1, sizeof *items);
    if (!items) {
        cJSON_Delete(f->evidence);
        return NULL;
    }
    s->items = items;
    adv_finding *n = &s->items[s->count];
    *n = *f;
    if (!n->tu_count)
        n->tu_count = 1;
    if (n->scored && s->scored_prefix == s->count)
        s->scored_prefix++;
    s->candidates += n->candidate;
    /* Index it last: the map must never name a slot past count. */
    if (pa_map_add(&s->ids, h, (intptr_t)s->count) != 0) {
        cJSON_Delete(n->evidence);
        return NULL;
    }
    s->count++;
    return n;
}

int adv_set_add_edge(adv_set *s, const adv_lock_edge *e)
{
    adv_lock_edge *edges = pa_big_reserve(s->edges, &s->cap_edges, s->nedges + 1, sizeof *edges);
    if (!edges)
        return -1;
    s->edges = edges;
    s->edges[s->nedges++] = *e;
    return 0;
}

int adv_set_add_summary(adv_set *s, const adv_summary *sum)
{
    adv_summary *sums = pa_big_reserve(s->sums, &s->cap_sums, s->nsums + 1, sizeof *sums);
    if (!sums)
        return -1;
    s->sums = sums;
    s->sums[s->nsums++] = *sum;
    return 0;
}

int adv_set_add_section(adv_set *s, const adv_section *sec)
{
    adv_section *secs =
        pa_array_reserve(s->sections, &s->cap_sections, s->nsections + 1, sizeof *secs);
    if (!secs)
        return -1;
    s->sections = secs;
    s->sections[s->nsections++] = *sec;
    return 0;
}

int adv_set_add_member_name(adv_set *s, const adv_member_name *mn)
{
    adv_member_name *names = pa_array_reserve(s->member_names, &s->cap_member_names,
                                              s->nmember_names + 1, sizeof *names);
    if (!names)
        return -1;
    s->member_names = names;
    s->member_names[s->nmember_names++] = *mn;
    return 0;
}

bool adv_set_is_api_lock(const adv_set *s, const char *name)
{
    /* A few per program: a list is enough. */
    for (size_t i = 0; i < s->napi_locks; i++)
        if (strcmp(s->api_locks[i], name) == 0)
            return true;
    return false;
}

int adv_set_add_api_lock(adv_set *s, const char *name)
{
    if (adv_set_is_api_lock(s, name))
        return 0;
    const char **names = pa_array_reserve(s->api_locks, &s->cap_api_locks, s->napi_locks + 1, sizeof *names);
    if (!names)
        return -1;
    s->api_locks = names;
    s->api_locks[s->napi_locks++] = name;
    return 0;
}

int adv_set_add_fresh_fn(adv_set *s, const adv_fresh_fn *fn)
{
    adv_fresh_fn *fns =
        pa_array_reserve(s->fresh_fns, &s->cap_fresh_fns, s->nfresh_fns + 1, sizeof *fns);
    if (!fns)
        return -1;
    s->fresh_fns = fns;
    s->fresh_fns[s->nfresh_fns++] = *fn;
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
