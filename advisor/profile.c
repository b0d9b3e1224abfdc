/* advisor/profile.c — the static profile across the program (profile.h).
 *
 * Nodes are functions with a profile summary, keyed by linkage name (a
 * static function by name and translation unit; a function defined in
 * several TUs, an inline C++ one, keeps its first definition). Edges are
 * call sites with the compiler's block frequency: calls of the callee per
 * call of the caller. Roots are functions nobody in the program calls
 * (main, thread functions, callbacks, a library's API); each counts once.
 * The strongly connected components are visited callers first, so every
 * function's calls per call of a root are summed in one pass; inside a
 * cycle (recursion) a few rounds run and the result is capped at
 * ADV_PROFILE_CYCLE_CAP times what enters the cycle. */
#include "profile.h"

#include "bigmem.h"
#include "contract.h"
#include "json_get.h"
#include "merge.h"
#include "names.h"
#include "numfmt.h"
#include "score.h"
#include "scc.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 40 bytes, no padding (~300,000 of them on the 100,000-finding bench). */
typedef struct pf_edge {
    int from, to;       /* node ids; to is -1 while unresolved or outside the program */
    const char *callee; /* linkage name */
    double freq;        /* calls per call of `from` */
    const char *file;   /* the site's file, NULL for from's own */
    unsigned sites;     /* call instructions behind freq (1 when the file does not say) */
    unsigned line;
} pf_edge;
_Static_assert(sizeof(pf_edge) <= 40, "pf_edge stays 40 bytes on LP64");

typedef struct pf_node {
    const char *name, *demangled, *file;
    unsigned tu;
    bool is_static, cold;
    bool once;            /* runs its body once per program: a flag it sets guards it (summary once) */
    bool root;            /* nobody in the program calls it */
    bool init_root;       /* a root that initialises: runs once per program */
    bool test;            /* test or mock code (adv_is_test_code): its calls do not count */
    bool warm;            /* reached from a root that is not initialisation, through
                             likely calls of functions that are not cold */
    unsigned char thread; /* a thread's start routine: what starts it (thread_kind) */
    float thread_loop;    /* with thread: its loop's runs per call (> 1), by which a
                             root's calls are divided; 0: no loop */
    size_t first, nedges; /* out-edges */
    double calls;         /* per call of a root */
    int best_edge;        /* the incoming edge that contributes most, from outside its cycle */
    unsigned guesses;     /* loop counts the compiler guessed along best_edge's chain */
    const char *basis;    /* node_basis's text, made when a finding first needs it */
    size_t basis_len;     /* its length before it was cut to BASIS_SIZE - 1 */
    double own_wait;      /* its summary's chance per call of blocking, as its TU knows */
} pf_node;
/* ~67,000 of them on the 100,000-finding bench: the thread's facts sit in
 * what was padding. */
_Static_assert(sizeof(pf_node) <= 96, "pf_node stays 96 bytes on LP64");

/* What starts a thread's start routine (summary thread_start), for the
 * node's byte: 0 none, i + 1 the contract's starter i, and
 * UNKNOWN_STARTER a name this advisor does not know (a newer plugin's). */
#define UNKNOWN_STARTER 255

static unsigned char thread_kind(const char *thread_start)
{
    if (!thread_start)
        return 0;
    int i = pa_thread_starter_index(thread_start);
    return i >= 0 && i + 1 < UNKNOWN_STARTER ? (unsigned char)(i + 1) : UNKNOWN_STARTER;
}

static const char *starter_name(unsigned char thread)
{
    const pa_thread_starter *t = thread == UNKNOWN_STARTER ? NULL : pa_thread_starter_at(thread - 1u);
    return t ? t->name : "a thread-start function";
}

/* The longest profile text a finding shows, with its NUL. */
#define BASIS_SIZE 1024

/* Guessed loop counts whose capping reason is made once (profile.c,
 * adv_profile_cap_node): 0 .. CAP_WHY_COUNTS - 1. */
#define CAP_WHY_COUNTS 64

struct adv_profile {
    pf_node *nodes;
    size_t n, cap;
    pf_edge *edges;
    size_t ne, cape;
    pa_map index; /* hashed name (and TU for statics) -> node id */
    bool built;
    /* The last file asked adv_is_test_file, by its interned pointer: a
     * TU's summaries come in a row and name the same few files. */
    const char *test_file;
    bool test_file_is;
    /* The reason of a finding capped for its guessed loop counts, by the
     * count (made when the profile is built, read by both ranking
     * threads): the bench capped 16,762 findings with 14 texts, and a copy
     * each was 2.5 MB of fresh pages. NULL: make a copy. */
    const char *cap_why[CAP_WHY_COUNTS];
    /* Per node, the chance per call of blocking anywhere in the program
     * (adv_profile_wait_chance), made when first asked; NULL before. */
    double *wait;
};

typedef struct pf_key {
    const struct adv_profile *p;
    const char *name;
    bool is_static;
    unsigned tu;
} pf_key;

/* The key of a name whose string hash is h. */
static uint64_t key_with(uint64_t h, bool is_static, unsigned tu)
{
    return is_static ? h ^ (((uint64_t)tu + 1) * 0x9E3779B97F4A7C15ull) : h;
}

static uint64_t key_of(const char *name, bool is_static, unsigned tu)
{
    return key_with(pa_hash_str(name), is_static, tu);
}

static bool key_match(const void *ctx, intptr_t val)
{
    const pf_key *k = ctx;
    const pf_node *n = &k->p->nodes[val];
    return n->is_static == k->is_static && (!k->is_static || n->tu == k->tu) &&
           strcmp(n->name, k->name) == 0;
}

static int find_hashed(const struct adv_profile *p, const char *name, uint64_t h, bool is_static,
                       unsigned tu)
{
    pf_key k = {p, name, is_static, tu};
    intptr_t v;
    return pa_map_find(&p->index, key_with(h, is_static, tu), key_match, &k, &v) ? (int)v : -1;
}

/* The function of TU tu called `name`: its static one, else the global
 * (the name hashed once for both). */
static int resolve(const struct adv_profile *p, const char *name, unsigned tu)
{
    uint64_t h = pa_hash_str(name);
    int v = find_hashed(p, name, h, true, tu);
    return v >= 0 ? v : find_hashed(p, name, h, false, 0);
}

void adv_profile_free(struct adv_profile *p)
{
    if (!p)
        return;
    pa_big_free(p->nodes, p->cap * sizeof *p->nodes);
    pa_big_free(p->edges, p->cape * sizeof *p->edges);
    pa_map_free(&p->index);
    free(p->wait);
    free(p);
}

int adv_profile_reserve(struct adv_profile *p, size_t n)
{
    return p ? pa_map_reserve(&p->index, n) : 0;
}

/* ---- import ---------------------------------------------------------------- */

/* The members of one call site, as cJSON_GetObjectItemCaseSensitive finds
 * them (the first of a key; the search ends at a member without a key),
 * in one walk instead of five: ~300,000 sites are read on the main thread. */
typedef struct site_members {
    const cJSON *callee, *freq, *sites, *file, *line;
} site_members;

static void read_site_members(const cJSON *c, site_members *m)
{
    memset(m, 0, sizeof *m);
    if (!c)
        return;
    for (const cJSON *x = c->child; x && x->string; x = x->next) {
        const char *k = x->string;
        const cJSON **slot = NULL;
        switch (k[0]) {
        case 'c': slot = strcmp(k, "callee") == 0 ? &m->callee : NULL; break;
        case 'e': slot = strcmp(k, "executions_per_call") == 0 ? &m->freq : NULL; break;
        case 's': slot = strcmp(k, "sites") == 0 ? &m->sites : NULL; break;
        case 'f': slot = strcmp(k, "file") == 0 ? &m->file : NULL; break;
        case 'l': slot = strcmp(k, "line") == 0 ? &m->line : NULL; break;
        default: break;
        }
        if (slot && !*slot)
            *slot = x;
    }
}

static int add_edges(adv_set *s, struct adv_profile *p, int from, const cJSON *sites)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, sites)
    {
        site_members m;
        read_site_members(c, &m);
        const cJSON *callee = m.callee;
        const cJSON *freq = m.freq;
        if (!adv_json_is_string(callee) || !callee->valuestring || !adv_json_is_number(freq) ||
            !isfinite(freq->valuedouble) || freq->valuedouble < 0)
            continue; /* a site it cannot read adds no edge */
        pf_edge *e = pa_big_reserve(p->edges, &p->cape, p->ne + 1, sizeof *e);
        if (!e)
            return -1;
        p->edges = e;
        e = &p->edges[p->ne];
        memset(e, 0, sizeof *e);
        e->from = from;
        e->to = -1;
        /* Interned: most are called many times. */
        e->callee = adv_set_intern_node(s, callee->valuestring, callee);
        e->freq =
            freq->valuedouble > ADV_PROFILE_MAX_CALLS ? ADV_PROFILE_MAX_CALLS : freq->valuedouble;
        const cJSON *nsites = m.sites;
        e->sites = adv_json_is_number(nsites) && nsites->valuedouble >= 1 && nsites->valuedouble < 1e6
                       ? (unsigned)nsites->valuedouble
                       : 1;
        const cJSON *file = m.file;
        const cJSON *line = m.line;
        if (adv_json_is_string(file) && file->valuestring &&
            !(e->file = adv_set_intern_node(s, file->valuestring, file)))
            return -1;
        if (adv_json_is_number(line) && line->valuedouble >= 0 && line->valuedouble < 4e9)
            e->line = (unsigned)line->valuedouble;
        if (!e->callee)
            return -1;
        p->ne++;
    }
    return 0;
}

/* The members of one summary, found as read_site_members finds a call
 * site's: one walk instead of five lookups for each of ~67,000 summaries
 * on the main thread. */
typedef struct summary_members {
    const cJSON *sites, *cold, *is_static, *demangled, *file, *may_block, *block_chance, *once,
        *thread_start, *thread_loop;
    adv_fresh_members fresh; /* fresh.is_static is is_static */
} summary_members;

/* The returns_* member named k + 8, or NULL. */
static const cJSON **returns_slot(adv_fresh_members *f, const char *k)
{
    if (strncmp(k, "returns_", 8) != 0)
        return NULL;
    return strcmp(k + 8, "allocation") == 0    ? &f->returns
           : strcmp(k + 8, "fresh_from") == 0  ? &f->from
           : strcmp(k + 8, "null_answer") == 0 ? &f->null_answer
                                               : NULL;
}

static void read_summary_members(const cJSON *sj, summary_members *m)
{
    memset(m, 0, sizeof *m);
    if (!sj)
        return;
    for (const cJSON *x = sj->child; x && x->string; x = x->next) {
        const char *k = x->string;
        const cJSON **slot = NULL;
        switch (k[0]) {
        case 'c':
            slot = strcmp(k, "call_sites") == 0 ? &m->sites
                   : strcmp(k, "cold") == 0     ? &m->cold
                                                : NULL;
            break;
        case 's': slot = strcmp(k, "static") == 0 ? &m->is_static : NULL; break;
        case 'd': slot = strcmp(k, "demangled") == 0 ? &m->demangled : NULL; break;
        case 'f': slot = strcmp(k, "file") == 0 ? &m->file : NULL; break;
        case 'm': slot = strcmp(k, "may_block") == 0 ? &m->may_block : NULL; break;
        case 'b':
            slot = strcmp(k, "block_chance") == 0       ? &m->block_chance
                   : strcmp(k, "builds_structure") == 0 ? &m->fresh.structure
                                                        : NULL;
            break;
        case 'r': slot = returns_slot(&m->fresh, k); break;
        case 'o': slot = strcmp(k, "once") == 0 ? &m->once : NULL; break;
        case 't':
            slot = strcmp(k, "thread_start") == 0  ? &m->thread_start
                   : strcmp(k, "thread_loop") == 0 ? &m->thread_loop
                                                   : NULL;
            break;
        default: break;
        }
        if (slot && !*slot)
            *slot = x;
    }
}

/* The chance per call that a summary's function blocks, as its TU knows:
 * block_chance, or 1 for a file that only says may_block. */
static double own_wait_of(const summary_members *m)
{
    if (!adv_json_is_true(m->may_block))
        return 0;
    const cJSON *bc = m->block_chance;
    return adv_json_is_number(bc) && bc->valuedouble >= 0 && bc->valuedouble <= 1 ? bc->valuedouble : 1;
}

/* A thread's start routine with a loop: the loop's runs per call (at most
 * ADV_PROFILE_MAX_CALLS), else 0. */
static float thread_loop_of(const char *thread_start, const cJSON *tl)
{
    if (!thread_start || !adv_json_is_number(tl) || !(tl->valuedouble > 1))
        return 0;
    return (float)(tl->valuedouble < ADV_PROFILE_MAX_CALLS ? tl->valuedouble : ADV_PROFILE_MAX_CALLS);
}

/* adv_is_test_file of an interned file name, remembered for the next
 * node of the same file. */
static bool is_test_file(struct adv_profile *p, const char *file)
{
    if (!file)
        return false;
    if (file != p->test_file) {
        p->test_file = file;
        p->test_file_is = adv_is_test_file(file);
    }
    return p->test_file_is;
}

int adv_profile_import(adv_set *s, const cJSON *sj, unsigned tu, adv_fresh_members *fresh)
{
    summary_members sm;
    read_summary_members(sj, &sm);
    *fresh = sm.fresh;
    fresh->is_static = sm.is_static;
    const cJSON *sites = sm.sites;
    bool cold = adv_json_is_true(sm.cold);
    bool is_static = adv_json_is_true(sm.is_static);
    bool once = adv_json_is_true(sm.once);
    const cJSON *ts = sm.thread_start;
    const char *thread_start = adv_json_is_string(ts) && ts->valuestring ? ts->valuestring : NULL;
    /* A function that blocks is a node even when its calls are only the
     * blocking ones (no call sites): its callers' waits come from it. */
    double own_wait = own_wait_of(&sm);
    if ((!adv_json_is_array(sites) && !cold && !is_static && !once && !thread_start && !(own_wait > 0)) ||
        !sj->string)
        return 0;
    if (!s->profile && !(s->profile = calloc(1, sizeof *s->profile)))
        return -1;
    struct adv_profile *p = s->profile;
    size_t len;
    uint64_t h;
    bool memo = adv_json_memo(sj, &len, &h); /* the name hashed by the loader thread */
    if (!memo)
        h = pa_hash_str(sj->string);
    if (find_hashed(p, sj->string, h, is_static, tu) >= 0)
        return 0; /* defined again (an inline function in another TU): the first one counts */
    pf_node *nodes = pa_big_reserve(p->nodes, &p->cap, p->n + 1, sizeof *nodes);
    if (!nodes)
        return -1;
    p->nodes = nodes;
    pf_node *n = &p->nodes[p->n];
    memset(n, 0, sizeof *n);
    n->name = adv_set_intern_node(s, sj->string, sj); /* also the callee of its callers' edges */
    const cJSON *d = sm.demangled;
    const char *dem = adv_json_is_string(d) && d->valuestring ? d->valuestring : NULL;
    /* A C function's demangled name is its name: the interned copy (the
     * same bytes, repaired alike), not one more copy in fresh memory. */
    n->demangled = !dem || (n->name && strcmp(dem, sj->string) == 0) ? n->name
                                                                     : adv_set_strdup(s, dem);
    const cJSON *file = sm.file;
    n->file =
        adv_json_is_string(file) && file->valuestring ? adv_set_intern_node(s, file->valuestring, file)
                                                  : NULL;
    n->tu = tu;
    n->is_static = is_static;
    n->cold = cold;
    n->once = once;
    n->own_wait = own_wait;
    /* A thread's service loop: its calls count per iteration. */
    const cJSON *tl = sm.thread_loop;
    n->thread = thread_kind(thread_start);
    n->thread_loop = thread_loop_of(thread_start, tl);
    n->best_edge = -1;
    n->first = p->ne;
    if (!n->name || !n->demangled)
        return -1;
    /* A unit test or a mock calling a function says nothing of how often
     * the program calls it (librdkafka's unittest_* held its chains). */
    n->test = adv_is_test_function(n->demangled) || is_test_file(p, n->file);
    int id = (int)p->n;
    /* Valid UTF-8 (memo): the interned name is sj->string's bytes. */
    uint64_t key = memo ? key_with(h, is_static, tu) : key_of(n->name, is_static, tu);
    if (pa_map_add(&p->index, key, id) != 0)
        return -1;
    p->n++;
    if (adv_json_is_array(sites) && add_edges(s, p, id, sites) != 0)
        return -1;
    p->nodes[id].nedges = p->ne - p->nodes[id].first;
    return 0;
}

/* ---- propagation ----------------------------------------------------------- */

static bool has_word(const char *name, const char *word)
{
    size_t k = strlen(word);
    for (const char *p = strstr(name, word); p; p = strstr(p + 1, word)) {
        bool start = p == name || p[-1] == '_' || p[-1] == ':' ||
                     (p[-1] >= 'a' && p[-1] <= 'z' && p[0] == 'I');
        char after = p[k];
        bool end = !after || after == '_' || after == '(' || (after >= 'A' && after <= 'Z');
        if (start && end)
            return true;
    }
    return false;
}

/* A root that runs once per program: static initialisers, and functions
 * named as initialisation (an init/initialize word, *_open, Open). */
static bool is_init_root(const pf_node *n)
{
    if (strncmp(n->name, "_GLOBAL__sub_I_", 15) == 0 || strstr(n->demangled, "static initializer"))
        return true;
    char shortname[256];
    pa_short_function(n->demangled, shortname, sizeof shortname);
    const char *last = shortname;
    for (const char *q = shortname; *q; q++)
        if (q[0] == ':' && q[1] == ':')
            last = q + 2;
    size_t len = strlen(last);
    return has_word(last, "init") || has_word(last, "Init") || has_word(last, "initialize") ||
           has_word(last, "Initialize") || has_word(last, "initialise") ||
           (len >= 5 && strcmp(last + len - 5, "_open") == 0) || strcmp(last, "Open") == 0;
}

typedef struct pf_work {
    int *in_first, *in_edges; /* incoming edges as CSR */
    int *comp;                /* SCC id per node */
    int *order;               /* nodes grouped by SCC, SCCs callees first */
    int *comp_start;          /* SCC c: order[comp_start[c] .. comp_start[c+1]) */
    int ncomp;
    double *ext;
} pf_work;

static void work_free(pf_work *w)
{
    free(w->in_first);
    free(w->in_edges);
    free(w->comp);
    free(w->order);
    free(w->comp_start);
    free(w->ext);
}

static size_t call_count(const void *ctx, int v)
{
    return ((const struct adv_profile *)ctx)->nodes[v].nedges;
}

static int call_target(const void *ctx, int v, size_t k)
{
    const struct adv_profile *p = ctx;
    return p->edges[p->nodes[v].first + k].to;
}

/* The call graph's SCCs, callees first (common/scc.h). */
static int find_components(const struct adv_profile *p, pf_work *w)
{
    pa_digraph g = {p->n, p, call_count, call_target};
    w->ncomp = pa_scc(&g, w->comp, w->order, w->comp_start);
    return w->ncomp < 0 ? -1 : 0;
}

static int work_init(const struct adv_profile *p, pf_work *w)
{
    memset(w, 0, sizeof *w);
    size_t n = p->n;
    w->in_first = calloc(n + 1, sizeof *w->in_first);
    w->in_edges = malloc((p->ne ? p->ne : 1) * sizeof *w->in_edges);
    w->comp = malloc(n * sizeof *w->comp);
    w->order = malloc(n * sizeof *w->order);
    w->comp_start = malloc((n + 1) * sizeof *w->comp_start);
    w->ext = calloc(n, sizeof *w->ext);
    int *fill = malloc((n + 1) * sizeof *fill);
    if (!w->in_first || !w->in_edges || !w->comp || !w->order || !w->comp_start || !w->ext ||
        !fill) {
        free(fill);
        return -1;
    }
    for (size_t e = 0; e < p->ne; e++)
        if (p->edges[e].to >= 0)
            w->in_first[p->edges[e].to + 1]++;
    for (size_t i = 0; i < n; i++)
        w->in_first[i + 1] += w->in_first[i];
    memcpy(fill, w->in_first, (n + 1) * sizeof *fill);
    for (size_t e = 0; e < p->ne; e++)
        if (p->edges[e].to >= 0)
            w->in_edges[fill[p->edges[e].to]++] = (int)e;
    free(fill);
    return find_components(p, w);
}

/* What one call of a root counts as: 1, or for a thread's start routine
 * whose body is a loop (a service loop that runs for the thread's life),
 * one iteration of it: the thread is started once, its loop serves an
 * event per iteration, as an API root serves one per call. Not for a root
 * that runs once per program. */
static double root_unit(const pf_node *n)
{
    return n->root && n->thread_loop > 1 && !n->init_root && !n->once ? (double)n->thread_loop : 1;
}

/* A call site runs more than once per call of its caller only inside a
 * loop, and the plugin's frequencies for loops are the compiler's guesses
 * (BlockFrequencyInfo without a profile, or 20 per loop level): such an
 * edge multiplies the estimate by one guessed loop count. Several call
 * instructions of one callee (sites) explain a sum above 1 without one. */
static bool guessed_loop_edge(const struct adv_profile *p, const pf_edge *e)
{
    /* A thread's root counts per iteration of its loop: that loop is
     * no longer a multiplier. */
    return e->freq > 1.01 * root_unit(&p->nodes[e->from]) * (double)(e->sites ? e->sites : 1);
}

/* A call into a body that runs once per program (summary once) warms
 * nothing and counts like an initialisation root's call, whoever makes it
 * and how often. */
static bool warm_edge(const struct adv_profile *p, const pf_edge *e)
{
    const pf_node *u = &p->nodes[e->from];
    return u->warm && !u->cold && e->freq > ADV_PROFILE_UNLIKELY &&
           (e->to < 0 || !p->nodes[e->to].once);
}

static double weight_into(const pf_node *to)
{
    return to->once ? ADV_PROFILE_INIT_WEIGHT : 1.0;
}

/* A root that runs once per program (main runs once too, but it is the
 * program's hot path). Set once the root's init_root is known. */
static bool initialises(const pf_node *n)
{
    return n->init_root && strcmp(n->name, "main") != 0;
}

/* One SCC: calls from outside it, then rounds inside it (a cycle). */
static void visit_component(struct adv_profile *p, pf_work *w, int c)
{
    int lo = w->comp_start[c], hi = w->comp_start[c + 1];
    bool entered = false, cyclic = hi - lo > 1;
    double max_ext = 0;
    for (int i = lo; i < hi; i++) {
        int v = w->order[i];
        pf_node *nv = &p->nodes[v];
        double ext = 0, best = -1;
        for (int k = w->in_first[v]; k < w->in_first[v + 1]; k++) {
            const pf_edge *e = &p->edges[w->in_edges[k]];
            if (p->nodes[e->from].test)
                continue;
            if (w->comp[e->from] == c) {
                cyclic = true;
                continue;
            }
            entered = true;
            double contrib = p->nodes[e->from].calls * e->freq * weight_into(nv);
            ext += contrib;
            if (contrib > best) {
                best = contrib;
                nv->best_edge = w->in_edges[k];
            }
            nv->warm |= warm_edge(p, e);
        }
        w->ext[v] = ext;
    }
    if (!entered) {
        /* Nobody outside calls it: a root (or a cycle of them). */
        for (int i = lo; i < hi; i++) {
            pf_node *nv = &p->nodes[w->order[i]];
            nv->root = true;
            nv->init_root = is_init_root(nv) || strcmp(nv->name, "main") == 0;
            bool once_per_program = initialises(nv) || nv->once;
            nv->warm = !nv->cold && !once_per_program;
            w->ext[w->order[i]] = once_per_program ? ADV_PROFILE_INIT_WEIGHT : 1 / root_unit(nv);
        }
    }
    for (int i = lo; i < hi; i++) {
        int v = w->order[i];
        if (w->ext[v] > max_ext)
            max_ext = w->ext[v];
        p->nodes[v].calls = w->ext[v];
        pf_node *nv = &p->nodes[v];
        if (nv->best_edge >= 0) {
            const pf_edge *e = &p->edges[nv->best_edge];
            nv->guesses = p->nodes[e->from].guesses + (guessed_loop_edge(p, e) ? 1u : 0u);
        }
    }
    if (!cyclic)
        goto cap;
    /* Recursion: a few rounds, never more than the cap times what enters. */
    for (int round = 0; round < 8; round++)
        for (int i = lo; i < hi; i++) {
            int v = w->order[i];
            double sum = w->ext[v];
            for (int k = w->in_first[v]; k < w->in_first[v + 1]; k++) {
                const pf_edge *e = &p->edges[w->in_edges[k]];
                if (w->comp[e->from] != c || p->nodes[e->from].test)
                    continue;
                sum += p->nodes[e->from].calls * e->freq * weight_into(&p->nodes[v]);
                p->nodes[v].warm |= warm_edge(p, e);
            }
            double cap = ADV_PROFILE_CYCLE_CAP * (max_ext > 0 ? max_ext : 1);
            p->nodes[v].calls = sum > cap ? cap : sum;
        }
cap:
    for (int i = lo; i < hi; i++) {
        pf_node *nv = &p->nodes[w->order[i]];
        if (!(nv->calls <= ADV_PROFILE_MAX_CALLS))
            nv->calls = ADV_PROFILE_MAX_CALLS;
    }
}

/* The node an edge's callee resolved to lately, by the callee's interned
 * pointer and the caller's TU: a TU's functions call the same callees
 * again (its own helpers, the program's common ones), and each miss costs
 * a hash of the name and two probes of the index. The answer for a
 * (name, TU) does not change while the edges are resolved: statics are
 * all known, and a global node, once found or added, stays the one found.
 * A name that is not interned (repaired UTF-8) is only never found here. */
typedef struct resolved_callee {
    const char *callee; /* NULL: empty */
    unsigned tu;
    int to;
} resolved_callee;

#define RESOLVED_BITS 12

static resolved_callee *resolved_slot(resolved_callee *memo, const char *callee, unsigned tu)
{
    uint64_t k = ((uint64_t)(uintptr_t)callee ^ ((uint64_t)tu << 40)) * 0x9E3779B97F4A7C15ull;
    return &memo[k >> (64 - RESOLVED_BITS)];
}

/* A node for ed's callee, which has no summary; ed->to names it. 0, or
 * -1 on out of memory. */
static int add_callee_node(struct adv_profile *p, pf_edge *ed)
{
    pf_node *nodes = pa_big_reserve(p->nodes, &p->cap, p->n + 1, sizeof *nodes);
    if (!nodes)
        return -1;
    p->nodes = nodes;
    if (pa_map_add(&p->index, key_of(ed->callee, false, 0), (intptr_t)p->n) != 0)
        return -1;
    pf_node *n = &p->nodes[p->n];
    memset(n, 0, sizeof *n);
    n->name = n->demangled = ed->callee;
    n->tu = p->nodes[ed->from].tu;
    n->best_edge = -1;
    n->first = p->ne;
    ed->to = (int)p->n++;
    return 0;
}

/* Every edge's callee node. A callee without a summary of its own (it
 * calls nothing) is still a node: its findings get their callers'
 * frequencies. 0, or -1 on out of memory (the profile is dropped). */
static int resolve_edges(adv_set *s, struct adv_profile *p)
{
    resolved_callee *memo = calloc((size_t)1 << RESOLVED_BITS, sizeof *memo);
    for (size_t e = 0; e < p->ne; e++) {
        pf_edge *ed = &p->edges[e];
        unsigned tu = p->nodes[ed->from].tu;
        resolved_callee *r = memo ? resolved_slot(memo, ed->callee, tu) : NULL;
        if (r && r->callee == ed->callee && r->tu == tu) {
            ed->to = r->to;
            continue;
        }
        ed->to = resolve(p, ed->callee, tu);
        if (ed->to < 0 && add_callee_node(p, ed) != 0) {
            free(memo);
            adv_profile_free(p);
            s->profile = NULL;
            return -1;
        }
        if (r)
            *r = (resolved_callee){ed->callee, tu, ed->to};
    }
    free(memo);
    return 0;
}

static void make_cap_reasons(adv_set *s, struct adv_profile *p);

int adv_profile_build(adv_set *s)
{
    struct adv_profile *p = s->profile;
    if (!p || p->built)
        return 0;
    if (resolve_edges(s, p) != 0)
        return -1;
    pf_work w;
    int rc = p->n == 0 ? 0 : work_init(p, &w);
    if (p->n == 0 || rc != 0) {
        if (p->n)
            work_free(&w);
        adv_profile_free(p);
        s->profile = NULL;
        return rc;
    }
    /* Callers first: Tarjan's order reversed. */
    for (int c = w.ncomp - 1; c >= 0; c--)
        visit_component(p, &w, c);
    work_free(&w);
    make_cap_reasons(s, p);
    p->built = true;
    return 0;
}

/* ---- waits across the program ------------------------------------------------ */

/* Rounds of the propagation: a wait this many calls deep is still found
 * when the edges come in an unlucky order. */
#define WAIT_ROUNDS 16

/* Each node's chance per call of blocking: its own (what its TU knows,
 * with its TU's callees), or that of a function it calls, times the chance
 * the call is made (its executions per call, at most 1). A wrapper of a
 * condition wait defined in another TU (librdkafka's cnd_timedwait_abs)
 * then makes its callers wait. The largest path counts, not their sum. */
static int compute_waits(struct adv_profile *p)
{
    p->wait = malloc((p->n ? p->n : 1) * sizeof *p->wait);
    if (!p->wait)
        return -1;
    for (size_t v = 0; v < p->n; v++)
        p->wait[v] = p->nodes[v].own_wait;
    for (int round = 0; round < WAIT_ROUNDS; round++) {
        bool changed = false;
        for (size_t e = 0; e < p->ne; e++) {
            const pf_edge *ed = &p->edges[e];
            if (ed->from < 0 || ed->to < 0 || (size_t)ed->from >= p->n || (size_t)ed->to >= p->n)
                continue;
            double made = ed->freq < 1 ? ed->freq : 1;
            double via = made * p->wait[ed->to];
            if (via > p->wait[ed->from]) {
                p->wait[ed->from] = via;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    return 0;
}

double adv_profile_wait_chance(adv_set *s, const char *name, unsigned tu)
{
    if (!s || !name || adv_profile_build(s) != 0 || !s->profile)
        return -1;
    struct adv_profile *p = s->profile;
    if (!p->wait && compute_waits(p) != 0)
        return -1;
    int v = resolve(p, name, tu);
    return v >= 0 ? p->wait[v] : -1;
}

/* ---- scoring ----------------------------------------------------------------- */

static bool correctness(const adv_finding *f)
{
    return pa_kind_row_or_unknown(f->kind)->correctness;
}

static int node_of(const struct adv_profile *p, const adv_finding *f)
{
    if (!p || !p->built || !f->function)
        return -1;
    return resolve(p, f->function, f->tu);
}

static void fmt_count(double x, char *buf, size_t n)
{
    if (x >= 100)
        adv_fmt_f0(x, buf, n);
    else if (x >= 0.01)
        adv_fmt_g(x, 2, buf, n);
    else
        adv_fmt_g(x, 1, buf, n);
}

static void put_name(const pf_node *nd, char *buf, size_t n)
{
    char shortname[200];
    pa_short_function(nd->demangled, shortname, sizeof shortname);
    adv_cat(buf, n, shortname, "()", (const char *)NULL);
}

/* How a root's calls count, for the profile text. */
static void root_why(const pf_node *nv, char *buf, size_t n)
{
    char count[32];
    if (strcmp(nv->name, "main") == 0) {
        adv_cat(buf, n, "runs once per program", (const char *)NULL);
    } else if (nv->init_root) {
        adv_cat(buf, n, "is a root that initialises: runs once per program, counted as ",
                ADV_PROFILE_INIT_WEIGHT_TEXT " of a call", (const char *)NULL);
    } else if (nv->thread && root_unit(nv) > 1) {
        fmt_count(root_unit(nv), count, sizeof count);
        adv_cat(buf, n, "is a thread's start routine (", starter_name(nv->thread),
                "): counted once per iteration of its loop (~", count, " per call)", (const char *)NULL);
    } else if (nv->thread) {
        adv_cat(buf, n, "is a thread's start routine (", starter_name(nv->thread),
                "): counted once per call", (const char *)NULL);
    } else {
        adv_cat(buf, n, "has no callers in the program: counted once per call", (const char *)NULL);
    }
}

/* "f() called ~N times per call of g() at file:line, g() ...; h() has no
 * callers (a root)" along the largest contributions. */
static size_t chain_text(const struct adv_profile *p, int v, char *buf, size_t n)
{
    size_t len = 0;
    char name[220], caller[220], count[32], line[16];
    put_name(&p->nodes[v], name, sizeof name);
    for (int hop = 0; hop < 4 && len < n; hop++) {
        const pf_node *nv = &p->nodes[v];
        if (nv->root) {
            char why[160];
            root_why(nv, why, sizeof why);
            len += adv_cat(buf + len, n - len, hop ? "; " : "", name, " ", why, (const char *)NULL);
            return len;
        }
        if (nv->best_edge < 0) {
            /* Its calls all come from the other members of a cycle: no
             * call from outside to show. */
            len += adv_cat(buf + len, n - len, hop ? "; " : "", name,
                           " is called only from inside a cycle of recursive calls",
                           (const char *)NULL);
            return len;
        }
        const pf_edge *e = &p->edges[nv->best_edge];
        const pf_node *u = &p->nodes[e->from];
        const char *file = e->file ? e->file : u->file;
        put_name(u, caller, sizeof caller);
        fmt_count(e->freq, count, sizeof count);
        if (hop)
            len += adv_cat(buf + len, n - len, ", ", name, (const char *)NULL);
        if (len < n)
            len += adv_cat(buf + len, n - len, hop ? " ~" : "~", count, " times per call of ",
                           caller, (const char *)NULL);
        if (file && e->line && len < n)
            len += adv_cat(buf + len, n - len, " at ", pa_path_basename(file, "?"), ":",
                           adv_fmt_uint(e->line, line), (const char *)NULL);
        v = e->from;
        memcpy(name, caller, sizeof name);
    }
    if (len < n)
        len += adv_cat(buf + len, n - len, ", ...", (const char *)NULL);
    return len;
}

/* A C++ callee an error path ends in, as the report names functions
 * ("Sass::error", not its signature). The plugin cuts long names short,
 * inside the parameter list at times: the list is then closed at its
 * opening parenthesis (the first outside template brackets) first. */
static const char *error_call_name(const char *what, char *out, size_t n)
{
    size_t len = strlen(what);
    if (len == 0 || what[len - 1] == ')' || !strchr(what, '('))
        return pa_short_function(what, out, n);
    int angle = 0;
    for (size_t i = 0; i < len; i++) {
        if (what[i] == '<')
            angle++;
        else if (what[i] == '>' && angle > 0)
            angle--;
        else if (what[i] == '(' && angle == 0) {
            char closed[256];
            if (i + 3 > sizeof closed)
                break;
            memcpy(closed, what, i);
            memcpy(closed + i, "()", 3);
            return pa_short_function(closed, out, n);
        }
    }
    return pa_short_function(what, out, n);
}

const char *adv_profile_error_path_text(adv_set *s, const cJSON *evidence)
{
    const cJSON *ep = cJSON_GetObjectItemCaseSensitive(evidence, "error_path");
    if (!adv_json_is_object(ep))
        return NULL;
    const cJSON *what = cJSON_GetObjectItemCaseSensitive(ep, "what");
    const cJSON *loc = cJSON_GetObjectItemCaseSensitive(ep, "location");
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(loc, "file");
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(loc, "line");
    const cJSON *ends = cJSON_GetObjectItemCaseSensitive(ep, "ends_in");
    bool call = adv_json_is_string(ends) && ends->valuestring &&
                strcmp(ends->valuestring, "error-return") != 0;
    bool named = adv_json_is_string(what) && what->valuestring &&
                 strcmp(what->valuestring, "unreachable") != 0;
    char buf[512], shortname[200];
    const char *name = named ? what->valuestring : "a crash";
    if (named && call)
        name = error_call_name(what->valuestring, shortname, sizeof shortname);
    int len = snprintf(buf, sizeof buf, "on an error path that ends in %s%s", name,
                       named && call ? "()" : "");
    if (len > 0 && (size_t)len < sizeof buf && adv_json_is_string(file) && file->valuestring &&
        adv_json_is_number(line))
        snprintf(buf + len, sizeof buf - (size_t)len, " at %s:%.0f",
                 pa_path_basename(file->valuestring, "?"), line->valuedouble);
    return adv_set_strdup(s, buf);
}

/* What the profile says of node v, the same for every finding of its
 * function: made once per node, not once per finding (the text took a
 * tenth of a large report's time and 18 MB when each finding had its own). */
static const char *node_basis(adv_set *s, adv_set *mem, int v)
{
    pf_node *nd = &s->profile->nodes[v];
    if (nd->basis)
        return nd->basis;
    char buf[BASIS_SIZE];
    size_t len = 0;
    char count[32], name[220];
    put_name(nd, name, sizeof name);
    fmt_count(nd->calls, count, sizeof count);
    /* A root's own line says how it counts ("main() runs once per
     * program"): "runs ~1 times per call of a root" before it said the
     * same thing twice. */
    if (!nd->root)
        len += adv_cat(buf, sizeof buf, name, " runs ~", count, " times per call of a root: ",
                       (const char *)NULL);
    if (len < sizeof buf)
        len += chain_text(s->profile, v, buf + len, sizeof buf - len);
    if (nd->cold && len < sizeof buf)
        len += adv_cat(buf + len, sizeof buf - len, "; ", name, " is marked cold",
                       (const char *)NULL);
    else if (nd->once && len < sizeof buf)
        len += adv_cat(buf + len, sizeof buf - len, "; ", name,
                       " runs its body once per program (it returns at once when a flag it sets "
                       "is set): counted as " ADV_PROFILE_INIT_WEIGHT_TEXT " of a call",
                       (const char *)NULL);
    else if (!nd->warm && len < sizeof buf)
        len += adv_cat(buf + len, sizeof buf - len,
                       "; reached only from cold code, unlikely branches or initialisation",
                       (const char *)NULL);
    nd->basis = adv_set_strdup(mem, buf);
    nd->basis_len = len;
    return nd->basis;
}

int adv_profile_node(const adv_set *s, const adv_finding *f)
{
    return s ? node_of(s->profile, f) : -1;
}

void adv_profile_scale(adv_set *s, const adv_finding *f, adv_score *sc)
{
    adv_profile_scale_node(s, s, f, sc, adv_profile_node(s, f));
}

bool adv_profile_shows_basis(const adv_finding *f, int v)
{
    return v >= 0 && !correctness(f);
}

void adv_profile_make_basis(adv_set *s, adv_set *mem, int v)
{
    node_basis(s, mem, v);
}

size_t adv_profile_count(const adv_set *s)
{
    return s && s->profile ? s->profile->n : 0;
}

void adv_profile_scale_node(adv_set *s, adv_set *mem, const adv_finding *f, adv_score *sc, int v)
{
    sc->calls = 1;
    sc->profile_basis = NULL;
    if (v < 0 || correctness(f)) {
        sc->profile_basis = f->error_path;
        return;
    }
    const pf_node *nd = &s->profile->nodes[v];
    sc->calls = nd->calls;
    sc->profile_basis = node_basis(s, mem, v);
    if (f->error_path && sc->profile_basis && nd->basis_len < BASIS_SIZE) {
        /* The node's text, then where this finding's error path ends, cut
         * where a finding's text always was. */
        char buf[BASIS_SIZE];
        adv_cat(buf, sizeof buf, sc->profile_basis, "; ", f->error_path, (const char *)NULL);
        sc->profile_basis = adv_set_strdup(mem, buf);
    }
    sc->cost_ns *= sc->calls;
    if (!isfinite(sc->cost_ns) || sc->cost_ns > 1e15)
        sc->cost_ns = 1e15;
}

/* Loop counts the compiler guessed inside the finding's own function: every
 * level of its loop nest when the trip count is unknown. */
static unsigned local_guesses(const adv_score *sc)
{
    if (sc->loop_depth == 0 || (sc->trip > 0 && !sc->trip_assumed))
        return 0;
    return sc->loop_depth < 3 ? sc->loop_depth : 3;
}

static unsigned guesses_at(const adv_set *s, const adv_score *sc, int v)
{
    return local_guesses(sc) + (v >= 0 ? s->profile->nodes[v].guesses : 0);
}

unsigned adv_profile_guesses(adv_set *s, const adv_finding *f, const adv_score *sc)
{
    return guesses_at(s, sc, adv_profile_node(s, f));
}

void adv_profile_cap(adv_set *s, const adv_finding *f, adv_score *sc)
{
    if (correctness(f) || sc->impact == PA_LEVEL_LOW || !adv_is_actionable(f))
        return;
    adv_profile_cap_node(s, s, f, sc, f->error_path ? -1 : adv_profile_node(s, f));
}

/* The reason of a finding capped for `guesses` guessed loop counts into
 * why, and the count as text into count (16 bytes). */
static void cap_why_text(unsigned guesses, char *why, size_t n, char *count)
{
    adv_fmt_uint(guesses, count);
    adv_cat(why, n, "capped at Medium: the estimate multiplies ", count,
            " loop counts the compiler guessed, here and along the call chain (static "
            "profile), and their errors compound",
            (const char *)NULL);
}

/* The capping reasons of every count a finding can reach: a node's
 * guesses plus the finding's own loop levels (at most 3). */
static void make_cap_reasons(adv_set *s, struct adv_profile *p)
{
    unsigned most = 0;
    for (size_t v = 0; v < p->n; v++)
        if (p->nodes[v].guesses > most)
            most = p->nodes[v].guesses;
    for (unsigned g = ADV_PROFILE_GUESS_LIMIT; g < CAP_WHY_COUNTS && g <= most + 3; g++) {
        char why[200], count[16];
        cap_why_text(g, why, sizeof why, count);
        p->cap_why[g] = adv_set_strdup(s, why); /* NULL (no memory): a copy each */
    }
}

void adv_profile_cap_node(adv_set *s, adv_set *mem, const adv_finding *f, adv_score *sc, int v)
{
    if (correctness(f) || sc->impact == PA_LEVEL_LOW || !adv_is_actionable(f))
        return;
    if (f->error_path) {
        sc->impact = PA_LEVEL_LOW;
        sc->impact_reason = "on an error path (it ends in an error return, an error report or a "
                            "crash): rarely run";
        return;
    }
    const pf_node *nd = v >= 0 ? &s->profile->nodes[v] : NULL;
    if (nd && nd->cold) {
        sc->impact = PA_LEVEL_LOW;
        sc->impact_reason = "in a function marked cold: rarely run";
    } else if (nd && nd->once) {
        sc->impact = PA_LEVEL_LOW;
        sc->impact_reason = "in a function that runs its body once per program (lazy "
                            "initialisation, static profile): rarely run";
    } else if (nd && !nd->warm) {
        sc->impact = PA_LEVEL_LOW;
        sc->impact_reason = "reached only from cold code, unlikely branches or initialisation "
                            "(static profile): rarely run";
    } else if (sc->impact == PA_LEVEL_HIGH) {
        /* Each guess may be off by 10x either way; multiplied, the errors
         * compound (SQLite's fts5DlidxIterInit: a 1-2 level loop x224), also
         * without a call chain (a root's own nest of unknown-count loops). */
        unsigned guesses = s ? guesses_at(s, sc, v) : local_guesses(sc);
        if (guesses < ADV_PROFILE_GUESS_LIMIT)
            return;
        char why[200];
        char count[16];
        cap_why_text(guesses, why, sizeof why, count);
        const char *made = s && s->profile && guesses < CAP_WHY_COUNTS
                               ? s->profile->cap_why[guesses]
                               : NULL;
        /* s: NULL before the profile */
        const char *kept = made ? made : s ? adv_set_strdup(mem, why) : NULL;
        sc->impact = PA_LEVEL_MEDIUM;
        sc->guesses_capped = true;
        sc->impact_reason = kept ? kept : "capped at Medium: the estimate multiplies loop counts "
                                          "the compiler guessed";
        /* The report's profile line says it too, where the reader looks. */
        if (s && sc->profile_basis) {
            char buf[BASIS_SIZE + 128];
            adv_cat(buf, sizeof buf, sc->profile_basis, "; the estimate multiplies ", count,
                    " loop counts the compiler guessed: capped at Medium", (const char *)NULL);
            const char *basis = adv_set_strdup(mem, buf);
            if (basis)
                sc->profile_basis = basis;
        }
    }
}
