/* advisor/fresh_join.c — confirms or drops the plugin's loop-alloc
 * candidates whose callee another TU defines (fresh_join.h). A candidate
 * stands only when the callee is known to return fresh memory: a dequeued
 * item the loop frees, or a library function no file of the build defines,
 * is no allocation per iteration. */
#include "fresh_join.h"

#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "util.h"

typedef struct name_match {
    const adv_fresh_fn *fns;
    const char *name;
} name_match;

static bool fresh_fn_named(const void *ctx, intptr_t val)
{
    const name_match *m = ctx;
    return strcmp(m->fns[val].name, m->name) == 0;
}

/* Is `callee`, called from TU tu, a fresh-returning function of another
 * TU? The first entry of the name is indexed; a name defined in several
 * TUs with external linkage (an inline function emitted in each) has the
 * same facts in each, so one of another TU is enough. */
static bool confirmed(const pa_map *index, const adv_set *s, const char *callee, unsigned tu)
{
    name_match m = {s->fresh_fns, callee};
    intptr_t first;
    if (!pa_map_find(index, pa_hash_str(callee), fresh_fn_named, &m, &first))
        return false;
    for (size_t i = (size_t)first; i < s->nfresh_fns; i++)
        if (s->fresh_fns[i].tu != tu && strcmp(s->fresh_fns[i].name, callee) == 0)
            return true;
    return false;
}

static bool keep(const pa_map *index, const adv_set *s, const adv_finding *f)
{
    if (f->kind != PA_F_LOOP_ALLOC)
        return true;
    const char *callee = adv_finding_evidence_string(f, "callee_elsewhere");
    return !callee || confirmed(index, s, callee, f->tu);
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
    pa_map index;
    memset(&index, 0, sizeof index);
    if (pa_map_reserve(&index, s->nfresh_fns) != 0)
        return -1;
    for (size_t i = 0; i < s->nfresh_fns; i++) {
        name_match m = {s->fresh_fns, s->fresh_fns[i].name};
        if (!pa_map_find(&index, pa_hash_str(m.name), fresh_fn_named, &m, NULL) &&
            pa_map_add(&index, pa_hash_str(m.name), (intptr_t)i) != 0) {
            pa_map_free(&index);
            return -1;
        }
    }
    /* Kept items of the known-scored prefix stay in front, in order. */
    size_t kept = 0, scored = 0;
    for (size_t i = 0; i < s->count; i++) {
        if (!keep(&index, s, &s->items[i])) {
            cJSON_Delete(s->items[i].evidence);
            continue;
        }
        s->items[kept++] = s->items[i];
        if (i < s->scored_prefix)
            scored++;
    }
    pa_map_free(&index);
    long removed = (long)(s->count - kept);
    if (removed == 0)
        return 0;
    s->count = kept;
    s->scored_prefix = scored;
    return reindex(s) == 0 ? removed : -1;
}
