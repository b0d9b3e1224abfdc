/* advisor/lockgraph.c — whole-program lock-order graph and cross-TU cycles.
 * Nodes are lock classes; an edge A -> B says some code takes B while holding
 * A. Edges come from each TU's lock_edges (trylocks already dropped by the
 * loader) and from calls under a lock into functions whose summaries (from
 * any TU, propagated through the global call graph) say they lock.
 * Exercised by tests/test_adv_lockgraph.c and lit/advisor_cross_tu_*.test. */
#define _POSIX_C_SOURCE 200809L
#include "lockgraph.h"

#include "kinds.h"
#include "scc.h"
#include "util.h"
#include "merge.h"
#include "profile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- graph construction ------------------------------------------------ */

/* Names live in the owner's array; the maps hold indices into it. */
typedef struct name_match {
    const char *const *names;
    const char *name;
} name_match;

static bool node_named(const void *ctx, intptr_t val)
{
    const name_match *m = ctx;
    return strcmp(m->names[val], m->name) == 0;
}

static int node_of(adv_lockgraph *g, const char *name, bool create)
{
    uint64_t key = pa_hash_str(name);
    name_match m = {g->names, name};
    intptr_t node;
    if (pa_map_find(&g->node_ids, key, node_named, &m, &node))
        return (int)node;
    if (!create)
        return -1;
    const char **names = pa_array_reserve(g->names, &g->cap_nodes, g->nnodes + 1, sizeof *names);
    if (!names)
        return -2;
    g->names = names;
    if (pa_map_add(&g->node_ids, key, (intptr_t)g->nnodes) != 0)
        return -2;
    g->names[g->nnodes] = name;
    return (int)g->nnodes++;
}

static adv_lg_edge *edge_of(adv_lockgraph *g, int from, int to)
{
    uint64_t key = ((uint64_t)(uint32_t)from << 32) | (uint32_t)to;
    intptr_t idx;
    if (pa_map_get(&g->edge_ids, key, &idx))
        return &g->edges[idx];
    adv_lg_edge *edges = pa_array_reserve(g->edges, &g->cap_edges, g->nedges + 1, sizeof *edges);
    if (!edges)
        return NULL;
    g->edges = edges;
    if (pa_map_put(&g->edge_ids, key, (intptr_t)g->nedges) != 0)
        return NULL;
    adv_lg_edge *e = &g->edges[g->nedges++];
    memset(e, 0, sizeof *e);
    e->from = from;
    e->to = to;
    return e;
}

static bool same_site(const adv_lg_site *a, const adv_lg_site *b)
{
    return a->tu == b->tu && a->loc.line == b->loc.line && a->loc.column == b->loc.column &&
           strcmp(a->function, b->function) == 0;
}

/* Add an edge outer -> inner seen at site. Self edges are double locks, which
 * the plugin reports; they close no ordering cycle. Returns 0 or -1. */
static int add_edge(adv_lockgraph *g, const char *outer, const char *inner, const adv_lg_site *site)
{
    if (strcmp(outer, inner) == 0)
        return 0;
    int from = node_of(g, outer, true), to = node_of(g, inner, true);
    if (from < 0 || to < 0)
        return -1;
    adv_lg_edge *e = edge_of(g, from, to);
    if (!e)
        return -1;
    for (size_t i = 0; i < e->nsites; i++) {
        if (same_site(&e->sites[i], site)) {
            e->sites[i].foreign &= site->foreign; /* seen locally too: the plugin knew */
            return 0;
        }
    }
    adv_lg_site *sites = pa_array_reserve(e->sites, &e->cap, e->nsites + 1, sizeof *sites);
    if (!sites)
        return -1;
    e->sites = sites;
    e->sites[e->nsites++] = *site;
    return 0;
}

/* ---- summaries: transitive lock sets across TUs ------------------------- */

typedef struct lockset_entry {
    int node;
    bool local;     /* knowable inside the function's own TU */
    int null_param; /* taken only when this parameter of the function is NULL
                       (its summary's locks_if_null), -1 always */
} lockset_entry;

typedef struct lockset {
    lockset_entry *items;
    size_t count, cap;
} lockset;

typedef struct fn_table {
    pa_map first; /* hash of name -> first summary with that name */
    int *next;    /* next summary with the same name, -1 at the end */
    lockset *sets;
} fn_table;

/* Add (node, local, null_param) to set; returns 1 when it changed, 0, or
 * -1 on OOM. An entry only grows: `local` turns true, a NULL-only
 * condition that another way in does not share becomes "always" (-1),
 * unless keep_condition (the plugin already weighed this way in). */
static int lockset_add(lockset *set, int node, bool local, int null_param, bool keep_condition)
{
    for (size_t i = 0; i < set->count; i++) {
        lockset_entry *e = &set->items[i];
        if (e->node != node)
            continue;
        int changed = 0;
        if (local && !e->local) {
            e->local = true;
            changed = 1;
        }
        if (e->null_param >= 0 && e->null_param != null_param && !keep_condition) {
            e->null_param = -1;
            changed = 1;
        }
        return changed;
    }
    if (set->count >= ADV_LG_MAX_LOCKS_PER_FUNCTION)
        return 0;
    lockset_entry *items = pa_array_reserve(set->items, &set->cap, set->count + 1, sizeof *items);
    if (!items)
        return -1;
    set->items = items;
    set->items[set->count++] = (lockset_entry){node, local, null_param};
    return 1;
}

/* Does a call with these non-NULL arguments skip the entry's lock? */
static bool skipped_for(const lockset_entry *e, uint32_t nonnull_args)
{
    return e->null_param >= 0 && e->null_param < 32 && ((nonnull_args >> e->null_param) & 1u);
}

typedef struct sum_match {
    const adv_set *s;
    const char *name;
} sum_match;

static bool summary_named(const void *ctx, intptr_t val)
{
    const sum_match *m = ctx;
    return strcmp(m->s->sums[val].name, m->name) == 0;
}

static int fn_first(const fn_table *t, const adv_set *s, const char *name)
{
    sum_match m = {s, name};
    intptr_t first;
    return pa_map_find(&t->first, pa_hash_str(name), summary_named, &m, &first) ? (int)first : -1;
}

static int fn_table_build(fn_table *t, const adv_set *s)
{
    memset(t, 0, sizeof *t);
    t->next = malloc((s->nsums ? s->nsums : 1) * sizeof *t->next);
    t->sets = calloc(s->nsums ? s->nsums : 1, sizeof *t->sets);
    if (!t->next || !t->sets)
        return -1;
    for (size_t k = 0; k < s->nsums; k++) {
        t->next[k] = -1;
        int first = fn_first(t, s, s->sums[k].name);
        if (first >= 0) {
            /* Same name defined in several TUs (static functions): chain them
             * in load order. */
            int last = first;
            while (t->next[last] >= 0)
                last = t->next[last];
            t->next[last] = (int)k;
            continue;
        }
        if (pa_map_add(&t->first, pa_hash_str(s->sums[k].name), (intptr_t)k) != 0)
            return -1;
    }
    return 0;
}

static void fn_table_free(fn_table *t, size_t nsums)
{
    pa_map_free(&t->first);
    for (size_t i = 0; t->sets && i < nsums; i++)
        free(t->sets[i].items);
    free(t->sets);
    free(t->next);
}

/* Does the caller's own TU define `name`? Then a call resolves there (a
 * static function, or the one definition); else to every definition. */
static bool defined_in_tu(const fn_table *t, const adv_set *s, int first, unsigned tu)
{
    for (int k = first; k >= 0; k = t->next[k])
        if (s->sums[k].tu == tu)
            return true;
    return false;
}

/* Merge callee j's lock set into caller i's (skipping the NULL-only locks
 * a call with non-NULL arguments nonnull_args does not take). A lock the
 * callee takes only for a NULL argument is the caller's "always" lock: its
 * parameter means nothing here. But a lock the plugin already knew in the
 * caller's TU keeps the condition the caller's own summary gives it (a
 * wrapper passing its pointer on). Returns 1 changed, 0, -1. */
static int absorb(fn_table *t, const adv_set *s, size_t i, int j, uint32_t nonnull_args)
{
    int changed = 0;
    lockset *from = &t->sets[j];
    for (size_t k = 0; k < from->count; k++) {
        if (skipped_for(&from->items[k], nonnull_args))
            continue;
        bool local = from->items[k].local && s->sums[j].tu == s->sums[i].tu;
        int rc = lockset_add(&t->sets[i], from->items[k].node, local, -1, local);
        if (rc < 0)
            return -1;
        changed |= rc;
    }
    return changed;
}

static int absorb_callee(fn_table *t, const adv_set *s, size_t i, const char *callee,
                         uint32_t nonnull_args)
{
    int first = fn_first(t, s, callee), changed = 0;
    if (first < 0)
        return 0;
    bool here = defined_in_tu(t, s, first, s->sums[i].tu);
    for (int j = first; j >= 0; j = t->next[j]) {
        if (here && s->sums[j].tu != s->sums[i].tu)
            continue;
        int rc = absorb(t, s, i, j, nonnull_args);
        if (rc < 0)
            return -1;
        changed |= rc;
    }
    return changed;
}

/* The loop join needs no whole-program name (pa_lock_class_whole_program):
 * a lock the callee reaches from an argument the loop passes unchanged is
 * the same lock on every iteration, whatever it is called inside the callee
 * (`*(param#0+8)`). A parameter itself or an offset into it (`param#0`,
 * `param#1+8`) has been left out since the join was written. */
static bool nameable_loop_lock(const char *cls)
{
    return cls && *cls && strncmp(cls, "param#", 6) != 0;
}

static int propagate_locks(fn_table *t, const adv_set *s, adv_lockgraph *g)
{
    for (size_t i = 0; i < s->nsums; i++) {
        for (size_t k = 0; k < s->sums[i].nlocks; k++) {
            if (!pa_lock_class_whole_program(s->sums[i].locks[k]))
                continue;
            int node = node_of(g, s->sums[i].locks[k], true);
            int null_param = s->sums[i].lock_null_param ? s->sums[i].lock_null_param[k] : -1;
            if (node < 0 || lockset_add(&t->sets[i], node, true, null_param, false) < 0)
                return -1;
        }
    }
    /* Monotone (sets only grow, `local` only turns true): a fixed point. */
    for (int round = 0; round < ADV_LG_MAX_ROUNDS; round++) {
        int changed = 0;
        for (size_t i = 0; i < s->nsums; i++) {
            const adv_summary *sum = &s->sums[i];
            for (size_t k = 0; k < sum->ncalls; k++) {
                int rc = absorb_callee(t, s, i, sum->calls[k], 0);
                if (rc < 0)
                    return -1;
                changed |= rc;
            }
            for (size_t k = 0; k < sum->ncul; k++) {
                int rc = absorb_callee(t, s, i, sum->cul[k].callee, sum->cul[k].nonnull_args);
                if (rc < 0)
                    return -1;
                changed |= rc;
            }
        }
        if (!changed)
            return 0;
    }
    g->truncated = true;
    return 0;
}

/* Edges from each call made under a lock: every held class -> every class
 * the callee (transitively) locks. */
static int edges_from_calls(fn_table *t, const adv_set *s, adv_lockgraph *g)
{
    for (size_t i = 0; i < s->nsums; i++) {
        const adv_summary *sum = &s->sums[i];
        for (size_t k = 0; k < sum->ncul; k++) {
            const adv_call_under_lock *u = &sum->cul[k];
            int first = fn_first(t, s, u->callee);
            if (first < 0)
                continue;
            bool here = defined_in_tu(t, s, first, sum->tu);
            for (int j = first; j >= 0; j = t->next[j]) {
                if (here && s->sums[j].tu != sum->tu)
                    continue;
                const lockset *ls = &t->sets[j];
                for (size_t l = 0; l < ls->count; l++) {
                    if (skipped_for(&ls->items[l], u->nonnull_args))
                        continue; /* taken only for a NULL argument: not here */
                    adv_lg_site site = {sum->name, sum->demangled, u->callee, u->loc, {0},
                                        u->held,   u->nheld,       sum->tu,
                                        !(ls->items[l].local && s->sums[j].tu == sum->tu)};
                    for (size_t h = 0; h < u->nheld; h++) {
                        if (!pa_lock_class_whole_program(u->held[h]))
                            continue;
                        if (add_edge(g, u->held[h], g->names[ls->items[l].node], &site) != 0)
                            return -1;
                    }
                }
            }
        }
    }
    return 0;
}

int adv_lockgraph_build(const adv_set *s, adv_lockgraph *g)
{
    fn_table t;
    memset(g, 0, sizeof *g);
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < s->nedges; i++) {
        const adv_lock_edge *e = &s->edges[i];
        adv_lg_site site = {e->function, NULL,    e->callee, e->loc, e->outer_loc,
                            e->held,     e->nheld, e->tu,     false};
        if (add_edge(g, e->outer, e->inner, &site) != 0)
            goto fail;
    }
    if (fn_table_build(&t, s) != 0 || propagate_locks(&t, s, g) != 0 ||
        edges_from_calls(&t, s, g) != 0)
        goto fail;
    fn_table_free(&t, s->nsums);
    return 0;
fail:
    fn_table_free(&t, s->nsums);
    adv_lockgraph_free(g);
    return -1;
}

void adv_lockgraph_free(adv_lockgraph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nedges; i++)
        free(g->edges[i].sites);
    free(g->edges);
    free(g->names);
    pa_map_free(&g->node_ids);
    pa_map_free(&g->edge_ids);
    memset(g, 0, sizeof *g);
}

/* ---- strongly connected components ----------------------------------------- */

typedef struct adjacency {
    int *start; /* edges of node n: order[start[n] .. start[n+1]) */
    int *order; /* edge indices sorted by (from, to) */
} adjacency;

/* Orders edge indices by (from, to); ctx is the edge array. No two edges
 * share a pair, so the order is total. */
static int cmp_edge_idx(const void *a, const void *b, void *ctx)
{
    const adv_lg_edge *edges = ctx;
    const adv_lg_edge *x = &edges[*(const int *)a];
    const adv_lg_edge *y = &edges[*(const int *)b];
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return (x->to > y->to) - (x->to < y->to);
}

static int build_adjacency(const adv_lockgraph *g, adjacency *a)
{
    a->start = calloc(g->nnodes + 1, sizeof *a->start);
    a->order = malloc((g->nedges ? g->nedges : 1) * sizeof *a->order);
    if (!a->start || !a->order)
        return -1;
    for (size_t i = 0; i < g->nedges; i++)
        a->order[i] = (int)i;
    if (pa_sort(a->order, g->nedges, sizeof *a->order, cmp_edge_idx, g->edges) != 0)
        return -1;
    for (size_t i = 0; i < g->nedges; i++)
        a->start[g->edges[i].from + 1]++;
    for (size_t n = 0; n < g->nnodes; n++)
        a->start[n + 1] += a->start[n];
    return 0;
}

typedef struct lg_view {
    const adv_lockgraph *g;
    const adjacency *a;
} lg_view;

static size_t lg_count(const void *ctx, int v)
{
    const lg_view *x = ctx;
    return (size_t)(x->a->start[v + 1] - x->a->start[v]);
}

static int lg_target(const void *ctx, int v, size_t k)
{
    const lg_view *x = ctx;
    return x->g->edges[x->a->order[(size_t)x->a->start[v] + k]].to;
}

/* comp[n] = component id (common/scc.h); returns the number of components
 * or -1. */
static int tarjan(const adv_lockgraph *g, const adjacency *a, int *comp)
{
    lg_view view = {g, a};
    pa_digraph d = {g->nnodes, &view, lg_count, lg_target};
    return pa_scc(&d, comp, NULL, NULL);
}

/* ---- cycles -> findings ------------------------------------------------ */

static int cmp_loc(const pa_loc *a, const pa_loc *b)
{
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return (a->column > b->column) - (a->column < b->column);
}

/* The site that stands for an edge: deterministic, preferring what the TU
 * saw itself. */
static const adv_lg_site *edge_site(const adv_lg_edge *e)
{
    const adv_lg_site *best = NULL;
    for (size_t i = 0; i < e->nsites; i++) {
        const adv_lg_site *c = &e->sites[i];
        if (!best || (best->foreign && !c->foreign) ||
            (best->foreign == c->foreign &&
             (cmp_loc(&c->loc, &best->loc) < 0 ||
              (cmp_loc(&c->loc, &best->loc) == 0 && strcmp(c->function, best->function) < 0))))
            best = c;
    }
    return best;
}

/* Did one TU see every edge of the cycle itself? Then the plugin reported it. */
static bool seen_by_one_tu(const adv_lockgraph *g, const int *cyc, size_t len)
{
    const adv_lg_edge *e0 = &g->edges[cyc[0]];
    for (size_t i = 0; i < e0->nsites; i++) {
        if (e0->sites[i].foreign)
            continue;
        unsigned tu = e0->sites[i].tu;
        bool all = true;
        for (size_t k = 1; k < len && all; k++) {
            const adv_lg_edge *e = &g->edges[cyc[k]];
            bool found = false;
            for (size_t j = 0; j < e->nsites && !found; j++)
                found = !e->sites[j].foreign && e->sites[j].tu == tu;
            all = found;
        }
        if (all)
            return true;
    }
    return false;
}

/* Lock classes named Type::member (lock_names.c): one per instance of the
 * type at run time. (A C static is "file.c:name", a global its name.) */
static bool field_class(const char *name)
{
    return strstr(name, "::") != NULL;
}

/* The summaries a call of `name` from TU `from_tu` reaches onto
 * queue[*qn], once each: the caller's own TU's when it defines the name (a
 * static function, or the one definition), else every TU's. */
static void enqueue_named(const fn_table *t, const adv_set *s, const char *name, unsigned from_tu, int *queue,
                          size_t *qn, bool *seen)
{
    int first = name ? fn_first(t, s, name) : -1;
    bool own = first >= 0 && defined_in_tu(t, s, first, from_tu);
    for (int k = first; k >= 0; k = t->next[k])
        if (!seen[k] && (!own || s->sums[k].tu == from_tu)) {
            seen[k] = true;
            queue[(*qn)++] = k;
        }
}

/* Does a call of `name` from TU `from_tu` reach function `fn` of TU
 * `fn_tu`, as enqueue_named resolves it (also when no summary of it was
 * loaded)? */
static bool call_reaches(const fn_table *t, const adv_set *s, const char *name, unsigned from_tu,
                         const char *fn, unsigned fn_tu)
{
    if (!name || strcmp(name, fn) != 0)
        return false;
    int first = fn_first(t, s, name);
    return from_tu == fn_tu || first < 0 || !defined_in_tu(t, s, first, from_tu);
}

/* Is function `fn` of TU `fn_tu` called, through any chain of calls of the
 * whole program, from a call made while `lock` is held (a summary's
 * calls_under_lock)? Then its taking of `lock` may be a re-entry by a
 * thread that holds it. Calls resolve as the lock sets' do: two files'
 * static functions of one name are two functions. 1, 0, or -1 when out
 * of memory. */
static int reached_under(const adv_set *s, const fn_table *t, const char *lock, const char *fn, unsigned fn_tu)
{
    size_t n = s->nsums;
    int *queue = malloc((n ? n : 1) * sizeof *queue);
    bool *seen = calloc(n ? n : 1, sizeof *seen);
    int found = -1;
    if (!queue || !seen)
        goto done;
    size_t qn = 0;
    found = 0;
    for (size_t k = 0; k < n && !found; k++)
        for (size_t c = 0; c < s->sums[k].ncul && !found; c++) {
            const adv_call_under_lock *u = &s->sums[k].cul[c];
            bool held = false;
            for (size_t h = 0; h < u->nheld && !held; h++)
                held = strcmp(u->held[h], lock) == 0;
            if (!held)
                continue;
            found = call_reaches(t, s, u->callee, s->sums[k].tu, fn, fn_tu);
            enqueue_named(t, s, u->callee, s->sums[k].tu, queue, &qn, seen);
        }
    for (size_t qi = 0; qi < qn && !found; qi++) {
        const adv_summary *f = &s->sums[queue[qi]];
        for (size_t c = 0; c < f->ncalls && !found; c++) {
            found = call_reaches(t, s, f->calls[c], f->tu, fn, fn_tu);
            enqueue_named(t, s, f->calls[c], f->tu, queue, &qn, seen);
        }
    }
done:
    free(queue);
    free(seen);
    return found;
}

/* The API lock (a file's api_locks) of the cycle whose every taking under
 * another lock of the cycle (every site of its edges) is in a function
 * called while it is held
 * (SQLite's PRAGMA temp_store_directory, run inside sqlite3_exec's
 * db->mutex), or NULL: a re-entry orders nothing, but an API lock taken
 * under another lock by a thread that does not hold it closes a cycle as
 * any lock does. */
static const char *reentered_api_lock(const adv_set *s, const adv_lockgraph *g, const int *cyc, size_t len)
{
    fn_table t;
    memset(&t, 0, sizeof t); /* freeing an unbuilt table is safe */
    bool built = false;
    const char *api = NULL;
    for (size_t a = 0; a < len && !api; a++) {
        int node = g->edges[cyc[a]].from;
        if (!adv_set_is_api_lock(s, g->names[node]))
            continue;
        /* Only a cycle through an API lock needs the name table. */
        if (!built && fn_table_build(&t, s) != 0)
            break;
        built = true;
        /* Every site of every edge into it: one function taking it cold
         * closes the cycle, whichever site the report shows. */
        bool every = true;
        for (size_t k = 0; k < len && every; k++) {
            const adv_lg_edge *e = &g->edges[cyc[k]];
            for (size_t i = 0; e->to == node && i < e->nsites && every; i++)
                every = reached_under(s, &t, g->names[node], e->sites[i].function, e->sites[i].tu) == 1;
        }
        if (every)
            api = g->names[node];
    }
    fn_table_free(&t, s->nsums);
    return api;
}

static cJSON *cycle_evidence(const adv_set *s, const adv_lockgraph *g, const int *cyc, size_t len,
                             size_t self)
{
    const adv_lg_edge *me = &g->edges[cyc[self]];
    cJSON *ev = cJSON_CreateObject();
    cJSON *cycle = cJSON_AddArrayToObject(ev, "cycle");
    cJSON *acq = cJSON_AddArrayToObject(ev, "acquired_at");
    cJSON *tus = cJSON_AddArrayToObject(ev, "translation_units");
    cJSON *held = cJSON_AddArrayToObject(ev, "held");
    if (!ev || !cycle || !acq || !tus || !held)
        goto fail;
    cJSON_AddStringToObject(ev, "lock_class", g->names[me->to]);
    cJSON_AddItemToArray(held, cJSON_CreateString(g->names[me->from]));
    cJSON_AddBoolToObject(ev, "cross_tu", 1);
    bool through_calls = false;
    for (size_t k = 0; k < len; k++) {
        const adv_lg_site *site = edge_site(&g->edges[cyc[k]]);
        through_calls |= site->callee != NULL || site->foreign;
    }
    bool all_fields = true;
    for (size_t k = 0; k < len; k++)
        all_fields &= field_class(g->names[g->edges[cyc[k]].from]);
    const char *api = s->napi_locks ? reentered_api_lock(s, g, cyc, len) : NULL;
    const char *conf = api ? "low" : !through_calls ? "high" : all_fields ? "low" : "medium";
    const char *why =
        !through_calls ? "every order is a nested acquisition a translation unit saw on all paths"
        : all_fields   ? "an order is taken inside a called function and every lock is a struct "
                         "field: the callee may lock another instance of the class than the one "
                         "held (a queue locking a different queue), which no summary tells"
                       : "an order is taken inside a called function, joined across translation "
                         "units through its summary";
    char api_why[600];
    if (api) {
        /* As the plugin says it of a cycle one file sees (passes/locks_order.c). */
        snprintf(api_why, sizeof api_why,
                 "'%.200s' is taken again by the callees of functions that hold it (an API lock): "
                 "taking it under the other lock may be a re-entry by a thread that already holds "
                 "it, which orders nothing",
                 api);
        why = api_why;
    }
    cJSON_AddStringToObject(ev, "confidence", conf);
    cJSON_AddStringToObject(ev, "confidence_reason", why);
    for (size_t k = 0; k < len; k++) {
        const adv_lg_edge *e = &g->edges[cyc[k]];
        const adv_lg_site *site = edge_site(e);
        cJSON_AddItemToArray(cycle, cJSON_CreateString(g->names[e->from]));
        cJSON *a = cJSON_CreateObject();
        if (!a)
            goto fail;
        cJSON_AddItemToArray(acq, a);
        cJSON_AddStringToObject(a, "class", g->names[e->to]);
        cJSON_AddStringToObject(a, "held", g->names[e->from]);
        cJSON_AddStringToObject(a, "function", site->function);
        cJSON_AddItemToObject(a, "location", adv_loc_to_json(&site->loc));
        if (site->outer_loc.line)
            cJSON_AddItemToObject(a, "outer_location", adv_loc_to_json(&site->outer_loc));
        if (site->callee)
            cJSON_AddStringToObject(a, "via_call", site->callee);
        const char *src = site->tu < s->ntus ? s->tus[site->tu].source : NULL;
        if (src) {
            cJSON_AddStringToObject(a, "tu", src);
            bool dup = false;
            const cJSON *t;
            cJSON_ArrayForEach(t, tus) dup |= strcmp(t->valuestring, src) == 0;
            if (!dup)
                cJSON_AddItemToArray(tus, cJSON_CreateString(src));
        }
    }
    return ev;
fail:
    cJSON_Delete(ev);
    return NULL;
}

static char *cycle_message(const adv_lockgraph *g, const int *cyc, size_t len, size_t self)
{
    char buf[1024];
    size_t n = 0;
    const adv_lg_edge *me = &g->edges[cyc[self]];
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "lock-order inversion across translation units: %s is taken while %s is "
                          "held here, but ",
                          g->names[me->to], g->names[me->from]);
    bool first = true;
    for (size_t k = 0; k < len && n < sizeof buf; k++) {
        if (k == self)
            continue;
        const adv_lg_edge *e = &g->edges[cyc[k]];
        const adv_lg_site *site = edge_site(e);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s is taken while %s is held in %s() (%s:%u)",
                              first ? "" : " and ", g->names[e->to], g->names[e->from],
                              site->function, pa_path_basename(site->loc.file, "?"), site->loc.line);
        first = false;
    }
    if (n < sizeof buf)
        snprintf(buf + n, sizeof buf - n,
                 ": threads taking them in these orders can deadlock; pick one global order");
    return strdup(buf);
}

static bool site_holds(const adv_lg_site *site, const char *cls)
{
    for (size_t i = 0; i < site->nheld; i++)
        if (strcmp(site->held[i], cls) == 0)
            return true;
    return false;
}

static bool in_cycle(const adv_lockgraph *g, const int *cyc, size_t len, const char *cls)
{
    for (size_t k = 0; k < len; k++)
        if (strcmp(g->names[g->edges[cyc[k]].from], cls) == 0)
            return true;
    return false;
}

/* Is every acquisition of every edge made while one third lock is held?
 * Then the orders cannot interleave (lockdep's gate rule). */
static bool gated_cycle(const adv_lockgraph *g, const int *cyc, size_t len)
{
    const adv_lg_edge *e0 = &g->edges[cyc[0]];
    if (e0->nsites == 0)
        return false;
    for (size_t c = 0; c < e0->sites[0].nheld; c++) {
        const char *gate = e0->sites[0].held[c];
        /* Two sites' `*(param#0)` are two functions' arguments, not one
         * gate (pa_lock_class_whole_program). */
        if (in_cycle(g, cyc, len, gate) || !pa_lock_class_whole_program(gate))
            continue;
        bool all = true;
        for (size_t k = 0; k < len && all; k++) {
            const adv_lg_edge *e = &g->edges[cyc[k]];
            for (size_t i = 0; i < e->nsites && all; i++)
                all = site_holds(&e->sites[i], gate);
        }
        if (all)
            return true;
    }
    return false;
}

/* The edge whose site comes first in the source: the finding's primary
 * location; the other acquisitions are its related sites. */
static size_t primary_edge(const adv_lockgraph *g, const int *cyc, size_t len)
{
    size_t best = 0;
    for (size_t k = 1; k < len; k++) {
        const adv_lg_site *a = edge_site(&g->edges[cyc[k]]);
        const adv_lg_site *b = edge_site(&g->edges[cyc[best]]);
        int c = cmp_loc(&a->loc, &b->loc);
        if (c < 0 || (c == 0 && strcmp(a->function, b->function) < 0))
            best = k;
    }
    return best;
}

/* A finding of the whole-program join at (function, loc) of TU tu, with
 * its header filled; false when that site is reported already (by the
 * plugin or an earlier join), so that each site is said once. */
static bool start_joined_finding(adv_set *s, pa_finding_kind kind, const char *function,
                                 const char *demangled, const pa_loc *loc, unsigned tu,
                                 adv_finding *f)
{
    memset(f, 0, sizeof *f);
    pa_finding_id(kind, function, loc, f->id);
    if (adv_set_find(s, f->id))
        return false;
    f->kind = (int)kind;
    f->kind_name = pa_kind_row_of(kind)->kind;
    f->remark = "missed";
    f->function = function;
    f->function_demangled = demangled ? demangled : function;
    f->loc = *loc;
    f->tu = tu;
    f->tu_count = 1;
    f->cross_tu = true;
    return true;
}

/* Adds a joined finding once its message and evidence are made: 1, or -1
 * when either could not be (out of memory). */
static int add_joined_finding(adv_set *s, adv_finding *f)
{
    if (!f->message || !f->evidence) {
        cJSON_Delete(f->evidence);
        return -1;
    }
    return adv_set_add_finding(s, f) ? 1 : -1;
}

static int report_cycle(adv_set *s, adv_lockgraph *g, const int *cyc, size_t len)
{
    g->cycles++;
    if (seen_by_one_tu(g, cyc, len))
        return 0;
    if (gated_cycle(g, cyc, len)) {
        g->gated_cycles++;
        return 0;
    }
    g->cross_cycles++;
    for (size_t k = 0; k < len; k++)
        g->edges[cyc[k]].cross_cycle = true;
    size_t self = primary_edge(g, cyc, len);
    const adv_lg_site *site = edge_site(&g->edges[cyc[self]]);
    adv_finding f;
    if (!start_joined_finding(s, PA_F_LOCK_ORDER_INVERSION, site->function, site->demangled,
                              &site->loc, site->tu, &f))
        return 0; /* the plugin (or an earlier cycle) reported this site */
    char *msg = cycle_message(g, cyc, len, self);
    f.message = msg ? adv_set_strdup(s, msg) : NULL;
    free(msg);
    f.evidence = cycle_evidence(s, g, cyc, len, self);
    return add_joined_finding(s, &f);
}

typedef struct cycle_search {
    adv_set *s;
    adv_lockgraph *g;
    const adjacency *a;
    const int *comp;
    int *path_edges; /* edge indices of the current path */
    bool *on_path;
    long steps;
    int added;
    bool failed;
} cycle_search;

/* Elementary cycles through `start` using only nodes > start of its SCC, so
 * each cycle is found once (from its smallest node), as in Johnson's
 * algorithm; bounded in length, count and steps instead of blocked sets. */
static void find_cycles_from(cycle_search *cs, int start, int v, size_t depth)
{
    adv_lockgraph *g = cs->g;
    if (cs->failed || g->cycles >= ADV_LG_MAX_CYCLES || ++cs->steps > ADV_LG_MAX_STEPS) {
        g->truncated = true;
        return;
    }
    for (int k = cs->a->start[v]; k < cs->a->start[v + 1]; k++) {
        int ei = cs->a->order[k];
        int w = g->edges[ei].to;
        if (cs->comp[w] != cs->comp[start] || w < start)
            continue;
        cs->path_edges[depth] = ei;
        if (w == start) {
            int rc = report_cycle(cs->s, g, cs->path_edges, depth + 1);
            if (rc < 0) {
                cs->failed = true;
                return;
            }
            cs->added += rc;
        } else if (!cs->on_path[w]) {
            if (depth + 1 >= ADV_LG_MAX_CYCLE_LEN) {
                g->truncated = true;
                continue;
            }
            cs->on_path[w] = true;
            find_cycles_from(cs, start, w, depth + 1);
            cs->on_path[w] = false;
        }
        if (cs->failed || g->cycles >= ADV_LG_MAX_CYCLES)
            return;
    }
}

int adv_lockgraph_report_cycles(adv_set *s, adv_lockgraph *g)
{
    adjacency a = {NULL, NULL};
    int *comp = malloc((g->nnodes ? g->nnodes : 1) * sizeof *comp);
    int *csize = NULL;
    cycle_search cs = {s, g, &a, comp, NULL, NULL, 0, 0, false};
    int rc = -1;
    if (!comp || build_adjacency(g, &a) != 0)
        goto done;
    int ncomp = tarjan(g, &a, comp);
    if (ncomp < 0)
        goto done;
    csize = calloc((size_t)ncomp + 1, sizeof *csize);
    cs.path_edges = malloc(ADV_LG_MAX_CYCLE_LEN * sizeof *cs.path_edges);
    cs.on_path = calloc(g->nnodes ? g->nnodes : 1, sizeof *cs.on_path);
    if (!csize || !cs.path_edges || !cs.on_path)
        goto done;
    for (size_t n = 0; n < g->nnodes; n++)
        csize[comp[n]]++;
    for (size_t i = 0; i < g->nedges; i++)
        g->edges[i].in_scc = comp[g->edges[i].from] == comp[g->edges[i].to] &&
                             csize[comp[g->edges[i].from]] > 1;
    for (size_t n = 0; n < g->nnodes && !cs.failed; n++) {
        if (csize[comp[n]] < 2)
            continue;
        cs.on_path[n] = true;
        find_cycles_from(&cs, (int)n, (int)n, 0);
        cs.on_path[n] = false;
    }
    rc = cs.failed ? -1 : cs.added;
done:
    free(a.start);
    free(a.order);
    free(comp);
    free(csize);
    free(cs.path_edges);
    free(cs.on_path);
    return rc;
}

/* ---- lock-in-loop through a callee of another TU ------------------------- */

#define ADV_LOOP_LOCK_CHANCE 0.6 /* as the plugin: more than one unknown branch (0.5) */
#define ADV_LOOP_WAIT_CHANCE 0.05 /* as the plugin: a wait on 1 iteration in 20 or more makes
                                   * the loop wait for its work (a consumer); a rarer one is
                                   * back-pressure or a wake-up on an unlikely path */

/* The chance per call that callee blocks, anywhere in the program (the
 * static profile's propagation of every summary's block chance), or, with
 * no profile, what its summary says. */
static double wait_chance(adv_set *s, const adv_summary *callee)
{
    double c = adv_profile_wait_chance(s, callee->name, callee->tu);
    return c > callee->block_chance ? c : callee->block_chance;
}

/* Does the loop of call u (in caller's TU) wait on 1 iteration in 20 or
 * more, in one of the other functions it calls (loop_callees), somewhere
 * in the program? The plugin counted only the waits of its own TU. */
static bool loop_waits(adv_set *s, const adv_summary *caller, const adv_loop_call *u)
{
    if (u->callees_truncated)
        return true;
    for (size_t i = 0; i < u->ncallees; i++) {
        double c = adv_profile_wait_chance(s, u->callees[i], caller->tu);
        if (c > 0 && c * u->callee_share[i] >= ADV_LOOP_WAIT_CHANCE)
            return true;
    }
    return false;
}

static cJSON *loop_lock_evidence(const adv_set *s, const adv_summary *caller, const adv_loop_call *u,
                                 const adv_summary *callee, const adv_lock_call *k)
{
    cJSON *ev = cJSON_CreateObject();
    cJSON *chain = cJSON_AddArrayToObject(ev, "call_chain");
    cJSON *acq = cJSON_AddArrayToObject(ev, "acquired_at");
    if (!ev || !chain || !acq) {
        cJSON_Delete(ev);
        return NULL;
    }
    const char *name = callee->demangled ? callee->demangled : callee->name;
    cJSON_AddStringToObject(ev, "lock_class", k->cls);
    cJSON_AddStringToObject(ev, "callee", name);
    cJSON_AddItemToArray(chain, cJSON_CreateString(name));
    cJSON_AddNumberToObject(ev, "callee_lock_chance", k->chance);
    cJSON_AddNumberToObject(ev, "loop_depth", u->loop_depth);
    if (u->executions >= 0)
        cJSON_AddNumberToObject(ev, "executions_per_call", u->executions);
    cJSON *a = cJSON_CreateObject();
    if (a) {
        cJSON_AddStringToObject(a, "class", k->cls);
        cJSON_AddItemToObject(a, "location", adv_loc_to_json(&u->loc));
        cJSON_AddItemToArray(acq, a);
    }
    cJSON_AddBoolToObject(ev, "cross_tu", 1);
    cJSON *tus = cJSON_AddArrayToObject(ev, "translation_units");
    const char *t1 = caller->tu < s->ntus ? s->tus[caller->tu].source : NULL;
    const char *t2 = callee->tu < s->ntus ? s->tus[callee->tu].source : NULL;
    if (tus && t1)
        cJSON_AddItemToArray(tus, cJSON_CreateString(t1));
    if (tus && t2 && (!t1 || strcmp(t1, t2) != 0))
        cJSON_AddItemToArray(tus, cJSON_CreateString(t2));
    const char *conf = u->calls_back || u->batched ? "low" : "medium";
    const char *why = u->calls_back
                          ? "the loop also calls unknown code (a callback): holding the lock "
                            "around the loop would run it under the lock"
                      : u->batched
                          ? PA_BATCHED_LOOP_REASON
                          : "the lock is taken inside a callee of another translation unit on "
                            "most of its calls (its summary), from an argument that is the same "
                            "on every iteration";
    if (u->batched)
        cJSON_AddTrueToObject(ev, "batched");
    cJSON_AddStringToObject(ev, "confidence", conf);
    cJSON_AddStringToObject(ev, "confidence_reason", why);
    return ev;
}

static int report_loop_lock(adv_set *s, const adv_summary *caller, const adv_loop_call *u,
                            const adv_summary *callee, const adv_lock_call *k)
{
    adv_finding f;
    if (!start_joined_finding(s, PA_F_LOCK_IN_LOOP, caller->name, caller->demangled, &u->loc,
                              caller->tu, &f))
        return 0; /* one per call: the plugin, or another lock of the callee, said it */
    char fn[512], msg[1400], times[48] = "";
    pa_call_text(callee->demangled ? callee->demangled : callee->name, fn, sizeof fn);
    if (u->executions >= 0)
        snprintf(times, sizeof times, ", ~%.3g times per call", u->executions);
    const char *where = callee->tu < s->ntus ? s->tus[callee->tu].source : NULL;
    snprintf(msg, sizeof msg,
             "'%s' is locked and unlocked inside %s (%s), called on every iteration of this loop "
             "(%s%s): give %s a batch variant that takes the lock once for all the elements, or "
             "hold the lock around the loop and call a variant that expects it held",
             k->cls, fn, pa_path_basename(where, "?"), u->trips, times, fn);
    f.message = adv_set_strdup(s, msg);
    f.evidence = loop_lock_evidence(s, caller, u, callee, k);
    return add_joined_finding(s, &f);
}

int adv_lockgraph_report_loop_locks(adv_set *s)
{
    fn_table t;
    int added = 0;
    if (fn_table_build(&t, s) != 0) {
        fn_table_free(&t, s->nsums);
        return -1;
    }
    /* Only summaries present before this loop: findings do not add any. */
    size_t nsums = s->nsums;
    for (size_t i = 0; i < nsums && added >= 0; i++) {
        for (size_t c = 0; c < s->sums[i].nloop_calls && added >= 0; c++) {
            const adv_loop_call *u = &s->sums[i].loop_calls[c];
            for (int j = fn_first(&t, s, u->callee); j >= 0 && added >= 0; j = t.next[j]) {
                const adv_summary *callee = &s->sums[j];
                if (callee->tu == s->sums[i].tu || wait_chance(s, callee) >= ADV_LOOP_WAIT_CHANCE)
                    continue; /* the plugin saw it; a callee that blocks on 1 call in 20 or
                               * more waits anyway (a rare wake-up write does not count) */
                if (loop_waits(s, &s->sums[i], u))
                    break; /* the loop waits for its work: the lock per item is by design */
                for (size_t l = 0; l < callee->nlock_calls; l++) {
                    const adv_lock_call *k = &callee->lock_calls[l];
                    bool same_each_time = k->param < 0 || ((u->invariant_args >> k->param) & 1u);
                    bool flag_off = k->needs_param >= 0 && ((u->zero_args >> k->needs_param) & 1u);
                    if (k->chance < ADV_LOOP_LOCK_CHANCE || !same_each_time || flag_off ||
                        !nameable_loop_lock(k->cls))
                        continue;
                    int rc = report_loop_lock(s, &s->sums[i], u, callee, k);
                    if (rc < 0)
                        added = -1;
                    else
                        added += rc;
                    break; /* one finding per call */
                }
            }
        }
    }
    fn_table_free(&t, nsums);
    return added;
}
