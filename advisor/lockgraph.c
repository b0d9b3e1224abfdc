/* advisor/lockgraph.c — whole-program lock-order graph and cross-TU cycles.
 * Nodes are lock classes; an edge A -> B says some code takes B while holding
 * A. Edges come from each TU's lock_edges (trylocks already dropped by the
 * loader) and from calls under a lock into functions whose summaries (from
 * any TU, propagated through the global call graph) say they lock.
 * Exercised by tests/test_adv_lockgraph.c and lit/advisor_cross_tu_*.test. */
#define _POSIX_C_SOURCE 200809L
#include "lockgraph.h"

#include "kinds.h"
#include "util.h"
#include "merge.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- hash maps: class name -> node, (from,to) -> edge ------------------- */

typedef struct lg_map {
    int64_t *keys; /* string maps store a hash; pair maps the packed pair */
    int *vals;     /* index + 1; 0 = empty */
    size_t cap, count;
} lg_map;

struct lg_maps {
    lg_map nodes, edges;
};

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static int map_grow(lg_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 256;
    int64_t *keys = calloc(ncap, sizeof *keys);
    int *vals = calloc(ncap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->vals[i])
            continue;
        size_t h = (size_t)mix((uint64_t)m->keys[i]) & (ncap - 1);
        while (vals[h])
            h = (h + 1) & (ncap - 1);
        keys[h] = m->keys[i];
        vals[h] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = ncap;
    return 0;
}

static void map_free(lg_map *m)
{
    free(m->keys);
    free(m->vals);
}

/* ---- graph construction ------------------------------------------------ */

static int node_of(adv_lockgraph *g, const char *name, bool create)
{
    lg_map *m = &g->maps->nodes;
    int64_t key = (int64_t)pa_hash_str(name);
    if (m->cap) {
        size_t h = (size_t)mix((uint64_t)key) & (m->cap - 1);
        while (m->vals[h]) {
            if (m->keys[h] == key && strcmp(g->names[m->vals[h] - 1], name) == 0)
                return m->vals[h] - 1;
            h = (h + 1) & (m->cap - 1);
        }
    }
    if (!create)
        return -1;
    if ((m->count + 1) * 2 > m->cap && map_grow(m) != 0)
        return -2;
    if (g->nnodes == g->cap_nodes) {
        size_t ncap = g->cap_nodes ? g->cap_nodes * 2 : 64;
        const char **p = realloc(g->names, ncap * sizeof *p);
        if (!p)
            return -2;
        g->names = p;
        g->cap_nodes = ncap;
    }
    g->names[g->nnodes] = name;
    size_t h = (size_t)mix((uint64_t)key) & (m->cap - 1);
    while (m->vals[h])
        h = (h + 1) & (m->cap - 1);
    m->keys[h] = key;
    m->vals[h] = (int)++g->nnodes;
    m->count++;
    return (int)g->nnodes - 1;
}

static adv_lg_edge *edge_of(adv_lockgraph *g, int from, int to)
{
    lg_map *m = &g->maps->edges;
    int64_t key = (int64_t)(((uint64_t)(uint32_t)from << 32) | (uint32_t)to);
    if (m->cap) {
        size_t h = (size_t)mix((uint64_t)key) & (m->cap - 1);
        while (m->vals[h]) {
            if (m->keys[h] == key)
                return &g->edges[m->vals[h] - 1];
            h = (h + 1) & (m->cap - 1);
        }
    }
    if ((m->count + 1) * 2 > m->cap && map_grow(m) != 0)
        return NULL;
    if (g->nedges == g->cap_edges) {
        size_t ncap = g->cap_edges ? g->cap_edges * 2 : 64;
        adv_lg_edge *p = realloc(g->edges, ncap * sizeof *p);
        if (!p)
            return NULL;
        g->edges = p;
        g->cap_edges = ncap;
    }
    adv_lg_edge *e = &g->edges[g->nedges];
    memset(e, 0, sizeof *e);
    e->from = from;
    e->to = to;
    size_t h = (size_t)mix((uint64_t)key) & (m->cap - 1);
    while (m->vals[h])
        h = (h + 1) & (m->cap - 1);
    m->keys[h] = key;
    m->vals[h] = (int)++g->nedges;
    m->count++;
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
    if (e->nsites == e->cap) {
        size_t ncap = e->cap ? e->cap * 2 : 2;
        adv_lg_site *p = realloc(e->sites, ncap * sizeof *p);
        if (!p)
            return -1;
        e->sites = p;
        e->cap = ncap;
    }
    e->sites[e->nsites++] = *site;
    return 0;
}

/* ---- summaries: transitive lock sets across TUs ------------------------- */

typedef struct lockset_entry {
    int node;
    bool local; /* knowable inside the function's own TU */
} lockset_entry;

typedef struct lockset {
    lockset_entry *items;
    size_t count, cap;
} lockset;

typedef struct fn_table {
    lg_map map;  /* hash of name -> first summary index + 1 */
    int *next;   /* next summary with the same name, -1 at the end */
    lockset *sets;
} fn_table;

static bool joinable(const char *cls)
{
    return cls && *cls && strncmp(cls, "param#", 6) != 0;
}

/* Add (node, local) to set; returns 1 when it changed, 0, or -1 on OOM. */
static int lockset_add(lockset *set, int node, bool local)
{
    for (size_t i = 0; i < set->count; i++) {
        if (set->items[i].node == node) {
            if (local && !set->items[i].local) {
                set->items[i].local = true;
                return 1;
            }
            return 0;
        }
    }
    if (set->count >= ADV_LG_MAX_LOCKS_PER_FUNCTION)
        return 0;
    if (set->count == set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 4;
        lockset_entry *p = realloc(set->items, ncap * sizeof *p);
        if (!p)
            return -1;
        set->items = p;
        set->cap = ncap;
    }
    set->items[set->count++] = (lockset_entry){node, local};
    return 1;
}

static int fn_first(const fn_table *t, const adv_set *s, const char *name)
{
    const lg_map *m = &t->map;
    if (!m->cap)
        return -1;
    int64_t key = (int64_t)pa_hash_str(name);
    size_t h = (size_t)mix((uint64_t)key) & (m->cap - 1);
    while (m->vals[h]) {
        if (m->keys[h] == key && strcmp(s->sums[m->vals[h] - 1].name, name) == 0)
            return m->vals[h] - 1;
        h = (h + 1) & (m->cap - 1);
    }
    return -1;
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
        lg_map *m = &t->map;
        if ((m->count + 1) * 2 > m->cap && map_grow(m) != 0)
            return -1;
        int64_t key = (int64_t)pa_hash_str(s->sums[k].name);
        size_t h = (size_t)mix((uint64_t)key) & (m->cap - 1);
        while (m->vals[h])
            h = (h + 1) & (m->cap - 1);
        m->keys[h] = key;
        m->vals[h] = (int)k + 1;
        m->count++;
    }
    return 0;
}

static void fn_table_free(fn_table *t, size_t nsums)
{
    map_free(&t->map);
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

/* Merge callee j's lock set into caller i's. Returns 1 changed, 0, -1. */
static int absorb(fn_table *t, const adv_set *s, size_t i, int j)
{
    int changed = 0;
    lockset *from = &t->sets[j];
    for (size_t k = 0; k < from->count; k++) {
        bool local = from->items[k].local && s->sums[j].tu == s->sums[i].tu;
        int rc = lockset_add(&t->sets[i], from->items[k].node, local);
        if (rc < 0)
            return -1;
        changed |= rc;
    }
    return changed;
}

static int absorb_callee(fn_table *t, const adv_set *s, size_t i, const char *callee)
{
    int first = fn_first(t, s, callee), changed = 0;
    if (first < 0)
        return 0;
    bool here = defined_in_tu(t, s, first, s->sums[i].tu);
    for (int j = first; j >= 0; j = t->next[j]) {
        if (here && s->sums[j].tu != s->sums[i].tu)
            continue;
        int rc = absorb(t, s, i, j);
        if (rc < 0)
            return -1;
        changed |= rc;
    }
    return changed;
}

static int propagate_locks(fn_table *t, const adv_set *s, adv_lockgraph *g)
{
    for (size_t i = 0; i < s->nsums; i++) {
        for (size_t k = 0; k < s->sums[i].nlocks; k++) {
            if (!joinable(s->sums[i].locks[k]))
                continue;
            int node = node_of(g, s->sums[i].locks[k], true);
            if (node < 0 || lockset_add(&t->sets[i], node, true) < 0)
                return -1;
        }
    }
    /* Monotone (sets only grow, `local` only turns true): a fixed point. */
    for (int round = 0; round < ADV_LG_MAX_ROUNDS; round++) {
        int changed = 0;
        for (size_t i = 0; i < s->nsums; i++) {
            const adv_summary *sum = &s->sums[i];
            for (size_t k = 0; k < sum->ncalls; k++) {
                int rc = absorb_callee(t, s, i, sum->calls[k]);
                if (rc < 0)
                    return -1;
                changed |= rc;
            }
            for (size_t k = 0; k < sum->ncul; k++) {
                int rc = absorb_callee(t, s, i, sum->cul[k].callee);
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
                    adv_lg_site site = {sum->name, sum->demangled, u->callee, u->loc, {0}, sum->tu,
                                        !(ls->items[l].local && s->sums[j].tu == sum->tu)};
                    for (size_t h = 0; h < u->nheld; h++) {
                        if (!joinable(u->held[h]))
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
    g->maps = calloc(1, sizeof *g->maps);
    if (!g->maps)
        goto fail;
    for (size_t i = 0; i < s->nedges; i++) {
        const adv_lock_edge *e = &s->edges[i];
        adv_lg_site site = {e->function, NULL, e->callee, e->loc, e->outer_loc, e->tu, false};
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
    if (g->maps) {
        map_free(&g->maps->nodes);
        map_free(&g->maps->edges);
        free(g->maps);
    }
    memset(g, 0, sizeof *g);
}

/* ---- strongly connected components (Tarjan, iterative) ------------------ */

typedef struct adjacency {
    int *start; /* edges of node n: order[start[n] .. start[n+1]) */
    int *order; /* edge indices sorted by (from, to) */
} adjacency;

static const adv_lockgraph *sort_graph;

static int cmp_edge_idx(const void *a, const void *b)
{
    const adv_lg_edge *x = &sort_graph->edges[*(const int *)a];
    const adv_lg_edge *y = &sort_graph->edges[*(const int *)b];
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
    sort_graph = g;
    qsort(a->order, g->nedges, sizeof *a->order, cmp_edge_idx);
    for (size_t i = 0; i < g->nedges; i++)
        a->start[g->edges[i].from + 1]++;
    for (size_t n = 0; n < g->nnodes; n++)
        a->start[n + 1] += a->start[n];
    return 0;
}

/* comp[n] = component id; returns the number of components or -1. */
static int tarjan(const adv_lockgraph *g, const adjacency *a, int *comp)
{
    size_t n = g->nnodes;
    int *index = malloc((n ? n : 1) * sizeof *index);
    int *low = malloc((n ? n : 1) * sizeof *low);
    int *stack = malloc((n ? n : 1) * sizeof *stack);
    int *call = malloc((n ? n : 1) * sizeof *call); /* DFS stack of nodes */
    int *next = malloc((n ? n : 1) * sizeof *next); /* next adjacency slot */
    bool *on = calloc(n ? n : 1, sizeof *on);
    int ncomp = -1;
    if (!index || !low || !stack || !call || !next || !on)
        goto done;
    for (size_t i = 0; i < n; i++)
        index[i] = -1;
    int counter = 0, sp = 0;
    ncomp = 0;
    for (size_t root = 0; root < n; root++) {
        if (index[root] >= 0)
            continue;
        int depth = 0;
        call[depth] = (int)root;
        next[root] = a->start[root];
        index[root] = low[root] = counter++;
        stack[sp++] = (int)root;
        on[root] = true;
        while (depth >= 0) {
            int v = call[depth];
            if (next[v] < a->start[v + 1]) {
                int w = g->edges[a->order[next[v]++]].to;
                if (index[w] < 0) {
                    index[w] = low[w] = counter++;
                    stack[sp++] = w;
                    on[w] = true;
                    next[w] = a->start[w];
                    call[++depth] = w;
                } else if (on[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            if (low[v] == index[v]) {
                int w;
                do {
                    w = stack[--sp];
                    on[w] = false;
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
            depth--;
            if (depth >= 0 && low[v] < low[call[depth]])
                low[call[depth]] = low[v];
        }
    }
done:
    free(index);
    free(low);
    free(stack);
    free(call);
    free(next);
    free(on);
    return ncomp;
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

static const char *base_name(const char *p)
{
    if (!p)
        return "?";
    const char *sl = strrchr(p, '/');
    return sl ? sl + 1 : p;
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
                              site->function, base_name(site->loc.file), site->loc.line);
        first = false;
    }
    if (n < sizeof buf)
        snprintf(buf + n, sizeof buf - n,
                 ": threads taking them in these orders can deadlock; pick one global order");
    return strdup(buf);
}

static int report_cycle(adv_set *s, adv_lockgraph *g, const int *cyc, size_t len)
{
    g->cycles++;
    if (seen_by_one_tu(g, cyc, len))
        return 0;
    g->cross_cycles++;
    int added = 0;
    for (size_t k = 0; k < len; k++) {
        adv_lg_edge *e = &g->edges[cyc[k]];
        e->cross_cycle = true;
        const adv_lg_site *site = edge_site(e);
        adv_finding f;
        memset(&f, 0, sizeof f);
        pa_finding_id(PA_F_LOCK_ORDER_INVERSION, site->function, &site->loc, f.id);
        if (adv_set_find(s, f.id))
            continue; /* the plugin (or an earlier cycle) reported this site */
        const pa_kind_row *ki = pa_kind_row_of(PA_F_LOCK_ORDER_INVERSION);
        f.kind = PA_F_LOCK_ORDER_INVERSION;
        f.kind_name = ki->kind;
        f.remark = "missed";
        f.function = site->function;
        f.function_demangled = site->demangled ? site->demangled : site->function;
        f.loc = site->loc;
        f.tu = site->tu;
        f.tu_count = 1;
        f.cross_tu = true;
        char *msg = cycle_message(g, cyc, len, k);
        f.message = msg ? adv_set_strdup(s, msg) : NULL;
        free(msg);
        f.evidence = cycle_evidence(s, g, cyc, len, k);
        if (!f.message || !f.evidence) {
            cJSON_Delete(f.evidence);
            return -1;
        }
        if (!adv_set_add_finding(s, &f))
            return -1;
        added++;
    }
    return added;
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
