/* advisor/fresh_join.c — confirms or drops the plugin's loop-alloc
 * candidates whose callee another TU defines (fresh_join.h). A candidate
 * stands only when the callee is known to return fresh memory: a dequeued
 * item the loop frees, or a library function no file of the build defines,
 * is no allocation per iteration. A callee that returns what functions of
 * other files return (returns_fresh_from) is fresh when they all are. */
#include "fresh_join.h"

#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "util.h"

/* How far a chain of returns_fresh_from is followed: a longer one is not
 * believed (and the recursion stays shallow). */
#define FRESH_CHAIN_MAX 16

/* What a callee returns, worst first: the order is what min and max use. */
typedef enum freshness { NOT_FRESH = 1, FRESH_SOMETIMES, FRESH } freshness;
enum { UNKNOWN = 0, IN_PROGRESS = 4 }; /* the other states of an entry */

typedef struct resolver {
    const adv_set *s;
    pa_map first;         /* name -> first entry of that name */
    size_t *next;         /* per entry: the next entry of the same name, or SIZE_MAX */
    unsigned char *state; /* per entry: UNKNOWN, IN_PROGRESS or its freshness */
} resolver;

typedef struct name_match {
    const adv_fresh_fn *fns;
    const char *name;
} name_match;

static bool fresh_fn_named(const void *ctx, intptr_t val)
{
    const name_match *m = ctx;
    return strcmp(m->fns[val].name, m->name) == 0;
}

static size_t first_named(const resolver *r, const char *name)
{
    name_match m = {r->s->fresh_fns, name};
    intptr_t first;
    return pa_map_find(&r->first, pa_hash_str(name), fresh_fn_named, &m, &first) ? (size_t)first
                                                                                 : SIZE_MAX;
}

static void resolver_free(resolver *r)
{
    pa_map_free(&r->first);
    free(r->next);
    free(r->state);
}

/* Entries chained by name, each name's first in the map. */
static int resolver_init(resolver *r, const adv_set *s)
{
    memset(r, 0, sizeof *r);
    r->s = s;
    size_t n = s->nfresh_fns;
    r->next = malloc((n ? n : 1) * sizeof *r->next);
    r->state = calloc(n ? n : 1, 1);
    if (!r->next || !r->state || pa_map_reserve(&r->first, n) != 0)
        return -1;
    size_t *last = malloc((n ? n : 1) * sizeof *last); /* per first entry: its chain's end */
    if (!last)
        return -1;
    for (size_t i = 0; i < n; i++) {
        r->next[i] = SIZE_MAX;
        size_t head = first_named(r, s->fresh_fns[i].name);
        if (head == SIZE_MAX) {
            if (pa_map_add(&r->first, pa_hash_str(s->fresh_fns[i].name), (intptr_t)i) != 0) {
                free(last);
                return -1;
            }
            last[i] = i;
        } else {
            r->next[last[head]] = i;
            last[head] = i;
        }
    }
    free(last);
    return 0;
}

static freshness entry_fresh(resolver *r, size_t e, unsigned depth);

/* The best a definition of `name` in a TU other than tu says. */
static freshness name_fresh(resolver *r, const char *name, unsigned tu, unsigned depth)
{
    freshness best = NOT_FRESH;
    for (size_t i = first_named(r, name); i != SIZE_MAX && best != FRESH; i = r->next[i])
        if (r->s->fresh_fns[i].tu != tu) {
            freshness x = entry_fresh(r, i, depth);
            best = x > best ? x : best;
        }
    return best;
}

/* Entry e is fresh outright, or as fresh as the worst function it returns
 * the result of; one that returns NULL as an answer allocates on some
 * calls only. A cycle proves nothing: an entry met again on its own chain
 * is not fresh. */
static freshness entry_fresh(resolver *r, size_t e, unsigned depth)
{
    if (r->state[e] == IN_PROGRESS)
        return NOT_FRESH;
    if (r->state[e] != UNKNOWN)
        return (freshness)r->state[e];
    if (depth >= FRESH_CHAIN_MAX)
        return NOT_FRESH; /* not remembered: from a shorter chain it may be fresh */
    const adv_fresh_fn *fn = &r->s->fresh_fns[e];
    freshness worst = fn->null_answer ? FRESH_SOMETIMES : FRESH;
    r->state[e] = IN_PROGRESS;
    for (unsigned k = 0; worst != NOT_FRESH && k < fn->nfrom; k++) {
        freshness x = name_fresh(r, fn->from[k], fn->tu, depth + 1);
        worst = x < worst ? x : worst;
    }
    r->state[e] = (unsigned char)worst;
    return worst;
}

/* A kept candidate whose callee returns fresh memory on some calls only:
 * "once per iteration" is then an upper bound, and the finding says so. */
static int mark_sometimes(adv_finding *f)
{
    cJSON *ev = adv_finding_evidence(f);
    if (!ev)
        return -1;
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(ev, "confidence");
    if (cJSON_IsString(conf) && strcmp(conf->valuestring, "low") == 0)
        return 0; /* already unsure, for its own reason */
    cJSON_DeleteItemFromObjectCaseSensitive(ev, "confidence");
    cJSON_DeleteItemFromObjectCaseSensitive(ev, "confidence_reason");
    if (!cJSON_AddStringToObject(ev, "confidence", "low") ||
        !cJSON_AddStringToObject(ev, "confidence_reason", PA_NULL_ANSWER_REASON))
        return -1;
    f->scored = false; /* its confidence changed: score it again */
    return 0;
}

/* 1 keep, 0 drop, -1 out of memory. */
static int keep(resolver *r, adv_finding *f)
{
    if (!f->candidate)
        return 1;
    const char *callee = adv_finding_evidence_string(f, "callee_elsewhere");
    if (!callee)
        return 1;
    freshness x = name_fresh(r, callee, f->tu, 0);
    if (x == NOT_FRESH)
        return 0;
    return x == FRESH_SOMETIMES && mark_sometimes(f) != 0 ? -1 : 1;
}

/* Rebuild the id index after items moved: the map names slots. */
static int reindex(adv_set *s)
{
    pa_map_clear(&s->ids);
    for (size_t i = 0; i < s->count; i++)
        if (pa_map_add(&s->ids, pa_hash_str(s->items[i].id), (intptr_t)i) != 0)
            return -1;
    return 0;
}

long adv_confirm_elsewhere_calls(adv_set *s)
{
    if (s->candidates == 0)
        return 0;
    resolver r;
    if (resolver_init(&r, s) != 0) {
        resolver_free(&r);
        return -1;
    }
    /* Kept items of the known-scored prefix stay in front, in order. */
    size_t kept = 0, scored = 0;
    bool oom = false;
    for (size_t i = 0; i < s->count; i++) {
        int k = oom ? 1 : keep(&r, &s->items[i]);
        oom = oom || k < 0;
        if (k == 0) {
            cJSON_Delete(s->items[i].evidence);
            continue;
        }
        if (kept != i)
            s->items[kept] = s->items[i];
        kept++;
        if (i < s->scored_prefix)
            scored++;
    }
    resolver_free(&r);
    long removed = (long)(s->count - kept);
    s->count = kept;
    s->candidates = 0; /* settled */
    /* ... up to the first whose confidence changed (no longer scored). */
    size_t prefix = 0;
    while (prefix < scored && s->items[prefix].scored)
        prefix++;
    s->scored_prefix = prefix;
    if (oom || (removed > 0 && reindex(s) != 0))
        return -1;
    return removed;
}
