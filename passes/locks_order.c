/* passes/locks_order.c — the translation unit's lock-order graph: nested
 * acquisition edges (written to the findings file for the advisor's
 * cross-TU cycles) and lock-order inversions found inside this TU. Part of
 * the lock nesting analysis (passes/locks.c); tested by tests/test_locks.c. */
#include "locks_order.h"

#include "locks_evidence.h"
#include "lock_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lk_order_add_edge(lk_order *g, const lk_edge *e)
{
    for (size_t i = g->n; i-- > 0;) {
        const lk_edge *o = &g->edges[i];
        if (o->fn != e->fn)
            break; /* edges arrive function by function */
        if (o->outer == e->outer && o->inner == e->inner && o->op == e->op)
            return 0;
    }
    lk_edge *p = pa_array_reserve(g->edges, &g->cap, g->n + 1, sizeof *p);
    if (!p)
        return -1;
    g->edges = p;
    g->edges[g->n++] = *e;
    return 0;
}

void lk_order_free(lk_order *g)
{
    free(g->edges);
    memset(g, 0, sizeof *g);
}

static const pa_function *edge_fn(const lk_module *mc, const lk_edge *e)
{
    return mc->m->functions[e->fn];
}

static const pa_loc *edge_loc(const lk_module *mc, const lk_edge *e, bool outer)
{
    return lk_op_loc(edge_fn(mc, e), outer ? e->outer_op : e->op);
}

static int write_edges(const lk_order *g, const lk_module *mc, pa_report *out)
{
    for (size_t i = 0; i < g->n; i++) {
        const lk_edge *e = &g->edges[i];
        cJSON *j = cJSON_CreateObject();
        if (!j || !cJSON_AddItemToArray(out->lock_edges, j)) {
            cJSON_Delete(j);
            return -1;
        }
        cJSON_AddStringToObject(j, "outer", lk_class_name(&mc->classes, e->outer));
        cJSON_AddStringToObject(j, "inner", lk_class_name(&mc->classes, e->inner));
        cJSON_AddStringToObject(j, "outer_kind",
                                pa_class_kind_name(lk_class_kind(&mc->classes, e->outer)));
        cJSON_AddStringToObject(j, "inner_kind",
                                pa_class_kind_name(lk_class_kind(&mc->classes, e->inner)));
        cJSON_AddStringToObject(j, "function", edge_fn(mc, e)->name);
        pa_json_add_loc(j, "location", edge_loc(mc, e, false));
        pa_json_add_loc(j, "outer_location", edge_loc(mc, e, true));
        cJSON_AddBoolToObject(j, "via_call", e->via_call);
        if (e->via_call && e->callee)
            cJSON_AddStringToObject(j, "callee", e->callee);
        cJSON_AddBoolToObject(j, "trylock", e->trylock);
        if (e->nheld > 0) {
            cJSON *held = cJSON_AddArrayToObject(j, "held");
            for (int k = 0; held && k < e->nheld; k++)
                cJSON_AddItemToArray(held, cJSON_CreateString(lk_class_name(&mc->classes, e->held[k])));
        }
        cJSON_AddStringToObject(j, "confidence", lk_confidence_name(e->confidence));
        if (e->via_call && e->callee) {
            cJSON *chain = cJSON_AddArrayToObject(j, "call_chain");
            if (chain)
                cJSON_AddItemToArray(chain, cJSON_CreateString(e->callee));
        }
    }
    return 0;
}

/* Only well-named classes form cycles: parameters, locals and unknown
 * objects of different functions are not the same mutex. */
static bool cycle_class(const lk_module *mc, int cls)
{
    pa_class_kind k = lk_class_kind(&mc->classes, cls);
    return k == PA_CLASS_GLOBAL || k == PA_CLASS_FIELD;
}

/* Edges that can close a deadlock cycle: not a trylock (it backs off), not
 * through a lock held on some paths only. */
static bool order_edge(const lk_module *mc, const lk_edge *e)
{
    return !e->trylock && e->confidence != LK_CONF_LOW && cycle_class(mc, e->outer) &&
           cycle_class(mc, e->inner);
}

/* Do the two edges hold a common third lock? Then both orders happen
 * inside that gate lock and cannot interleave into a deadlock. Only a
 * well-named class is one gate everywhere: two functions' `*(param#0)`
 * are their callers' arguments. */
static bool gated(const lk_module *mc, const lk_edge *a, const lk_edge *b)
{
    for (int i = 0; i < a->nheld; i++)
        for (int k = 0; k < b->nheld; k++)
            if (a->held[i] == b->held[k] && cycle_class(mc, a->held[i]))
                return true;
    return false;
}

/* Breadth-first from class `from` to class `to` over order edges; on
 * success *witness is the first edge of the path (from -> ...). */
static bool reaches(const lk_order *g, const lk_module *mc, int from, int to, unsigned char *seen,
                    int *queue, int *via, size_t *witness)
{
    size_t nc = mc->classes.n, head = 0, tail = 0;
    memset(seen, 0, nc);
    seen[from] = 1;
    queue[tail++] = from;
    via[from] = -1;
    while (head < tail) {
        int c = queue[head++];
        for (size_t i = 0; i < g->n; i++) {
            const lk_edge *e = &g->edges[i];
            if (e->outer != c || !order_edge(mc, e) || seen[e->inner])
                continue;
            via[e->inner] = c == from ? (int)i : via[c];
            if (e->inner == to) {
                *witness = (size_t)via[e->inner];
                return true;
            }
            seen[e->inner] = 1;
            queue[tail++] = e->inner;
        }
    }
    return false;
}

/* Functions to visit, by summary, each once. */
typedef struct summary_queue {
    pa_map seen; /* pa_hash_str(name) -> 1 */
    const cJSON **items;
    size_t n, cap;
    bool oom;
} summary_queue;

/* Queue the summary of `name` unless it is queued or there is none; true
 * when `name` is `goal`. */
static bool visit_named(pa_report *out, summary_queue *q, const cJSON *name, const char *goal)
{
    if (!cJSON_IsString(name) || q->oom)
        return false;
    const cJSON *sum = pa_report_find_summary(out, name->valuestring);
    uint64_t key = pa_hash_str(name->valuestring);
    intptr_t v;
    if (sum && !pa_map_get(&q->seen, key, &v)) {
        const cJSON **items = pa_array_reserve(q->items, &q->cap, q->n + 1, sizeof *items);
        if (items)
            q->items = items; /* before anything else can fail: the old block is gone */
        if (!items || pa_map_put(&q->seen, key, 1) != 0)
            q->oom = true;
        else
            q->items[q->n++] = sum;
    }
    return strcmp(name->valuestring, goal) == 0;
}

static bool held_in(const cJSON *call, const char *lock)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(call, "held"))
    {
        if (cJSON_IsString(h) && strcmp(h->valuestring, lock) == 0)
            return true;
    }
    return false;
}

/* Is function `fn` called, through this file's calls, from a call made
 * while `lock` is held (the summaries' calls_under_lock)? Then its taking
 * of `lock` may be a re-entry by a thread that holds it. Out of memory
 * answers no: the cycle keeps its confidence. */
static bool reached_under(pa_report *out, const char *lock, const char *fn)
{
    summary_queue q;
    memset(&q, 0, sizeof q);
    bool found = false;
    const cJSON *sum, *it;
    cJSON_ArrayForEach(sum, out->summaries)
    {
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(sum, "calls_under_lock"))
        {
            if (held_in(it, lock))
                found |= visit_named(out, &q, cJSON_GetObjectItemCaseSensitive(it, "callee"), fn);
        }
    }
    for (size_t qi = 0; qi < q.n && !found; qi++) {
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(q.items[qi], "calls"))
        {
            found |= visit_named(out, &q, it, fn);
        }
    }
    free(q.items);
    pa_map_free(&q.seen);
    return found && !q.oom;
}

/* The API lock (lk_class.reentered) of the cycle e, w whose every taking
 * under another lock of the cycle (any edge of g, not only e and w) is in a
 * function called while it is held (SQLite's PRAGMA temp_store_directory
 * inside sqlite3_exec's db->mutex), or PA_NONE: an API lock taken under
 * another lock by a thread that does not hold it closes a cycle as any
 * lock does. */
static int reentered_api_lock(const lk_order *g, const lk_module *mc, pa_report *out, const lk_edge *e,
                              const lk_edge *w)
{
    int classes[3] = {e->inner, e->outer, w->inner};
    for (int c = 0; c < 3; c++) {
        if (!lk_class_reentered(&mc->classes, classes[c]))
            continue;
        const char *name = lk_class_name(&mc->classes, classes[c]);
        bool into = false, every = true;
        for (size_t k = 0; k < g->n && every; k++) {
            const lk_edge *x = &g->edges[k];
            if (x->inner != classes[c] || !order_edge(mc, x) ||
                (x->outer != classes[0] && x->outer != classes[1] && x->outer != classes[2]))
                continue;
            into = true;
            every = reached_under(out, name, edge_fn(mc, x)->name);
        }
        if (into && every)
            return classes[c];
    }
    return PA_NONE;
}

static void report_inversion(const lk_order *g, lk_module *mc, pa_report *out, const lk_edge *e,
                             const lk_edge *w)
{
    char wbuf[512], cbuf[512];
    const pa_function *f = edge_fn(mc, e), *wf = edge_fn(mc, w);
    const char *outer = lk_class_name(&mc->classes, e->outer);
    const char *inner = lk_class_name(&mc->classes, e->inner);
    const pa_loc *wl = edge_loc(mc, w, false);
    const char *wfile = pa_path_basename(wl->file, "?");
    pa_finding *fd = pa_report_add(
        out, PA_F_LOCK_ORDER_INVERSION, f, e->op,
        "'%s' is acquired while holding '%s' here%s%s%s, but %s acquires '%s' while holding "
        "'%s' (%s:%u): two threads can deadlock; pick one order for these locks and take them "
        "in it everywhere",
        inner, outer, e->via_call ? " (inside " : "",
        e->via_call ? lk_fn_text(e->callee, "?", cbuf, sizeof cbuf) : "", e->via_call ? ")" : "",
        lk_fn_text(wf->demangled, "?", wbuf, sizeof wbuf), lk_class_name(&mc->classes, w->inner),
        lk_class_name(&mc->classes, w->outer), wfile, wl->line);
    if (!fd) {
        mc->oom = true;
        return;
    }
    cJSON *ev = fd->evidence;
    cJSON_AddStringToObject(ev, "lock_class", inner);
    cJSON *classes = cJSON_AddArrayToObject(ev, "classes");
    cJSON *cycle = cJSON_AddArrayToObject(ev, "cycle");
    if (classes) {
        cJSON_AddItemToArray(classes, cJSON_CreateString(outer));
        cJSON_AddItemToArray(classes, cJSON_CreateString(inner));
    }
    if (cycle) {
        cJSON_AddItemToArray(cycle, cJSON_CreateString(outer));
        cJSON_AddItemToArray(cycle, cJSON_CreateString(inner));
        if (w->inner != e->outer)
            cJSON_AddItemToArray(cycle, cJSON_CreateString(lk_class_name(&mc->classes, w->inner)));
    }
    cJSON *acq = cJSON_AddArrayToObject(ev, "acquired_at");
    if (acq) {
        lk_json_acquired(acq, outer, edge_loc(mc, e, true));
        lk_json_acquired(acq, inner, edge_loc(mc, e, false));
    }
    cJSON *held = cJSON_AddArrayToObject(ev, "held");
    if (held)
        cJSON_AddItemToArray(held, cJSON_CreateString(outer));
    cJSON *other = cJSON_AddObjectToObject(ev, "reverse");
    if (other) {
        cJSON_AddStringToObject(other, "function", wf->name);
        pa_json_add_loc(other, "location", wl);
        pa_json_add_loc(other, "outer_location", edge_loc(mc, w, true));
    }
    if (e->via_call && e->callee) {
        cJSON_AddStringToObject(ev, "callee", e->callee);
        cJSON *chain = cJSON_AddArrayToObject(ev, "call_chain");
        if (chain)
            cJSON_AddItemToArray(chain, cJSON_CreateString(e->callee));
    }
    int api = reentered_api_lock(g, mc, out, e, w);
    if (api != PA_NONE) {
        char why[PA_LOCK_NAME_SIZE + 300];
        snprintf(why, sizeof why,
                 "'%s' is taken again by the callees of functions that hold it (an API lock): "
                 "taking it under the other lock may be a re-entry by a thread that already "
                 "holds it, which orders nothing",
                 lk_class_name(&mc->classes, api));
        lk_json_confidence(ev, LK_CONF_LOW, why);
    } else if (e->via_call || w->via_call)
        lk_json_confidence(ev, LK_CONF_MEDIUM,
                           "both orders are taken on every path, one of them inside a callee "
                           "(through its summary); no common lock guards both");
    else
        lk_json_confidence(ev, LK_CONF_HIGH,
                           "both orders are taken directly on every path; no common lock guards both");
    if (!mc->m->has_debug_info)
        cJSON_AddFalseToObject(ev, "debug_info");
}

static void sort3(int *k)
{
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2 - i; j++)
            if (k[j] > k[j + 1]) {
                int t = k[j];
                k[j] = k[j + 1];
                k[j + 1] = t;
            }
}

/* The well-named classes that are API locks (lk_class.reentered), for the
 * advisor's cycles across files: the file that re-enters a lock is often
 * not the one that takes it under another (lit/advisor_cross_tu_api_lock.c). */
static int write_api_locks(const lk_module *mc, pa_report *out)
{
    for (size_t i = 0; i < mc->classes.n; i++) {
        if (!lk_class_reentered(&mc->classes, (int)i) || !cycle_class(mc, (int)i))
            continue;
        if (!out->api_locks && !(out->api_locks = cJSON_CreateArray()))
            return -1;
        cJSON *name = cJSON_CreateString(lk_class_name(&mc->classes, (int)i));
        if (!name || !cJSON_AddItemToArray(out->api_locks, name)) {
            cJSON_Delete(name);
            return -1;
        }
    }
    return 0;
}

int lk_order_report(const lk_order *g, lk_module *mc, pa_report *out)
{
    if (write_edges(g, mc, out) != 0 || write_api_locks(mc, out) != 0)
        return -1;
    size_t nc = mc->classes.n;
    if (g->n == 0 || nc == 0)
        return 0;
    unsigned char *seen = malloc(nc);
    int *queue = malloc(nc * sizeof *queue), *via = malloc(nc * sizeof *via);
    int *cycles = malloc(3 * g->n * sizeof *cycles);
    size_t ncycles = 0;
    int rc = -1;
    if (!seen || !queue || !via || !cycles)
        goto done;
    for (size_t i = 0; i < g->n; i++) {
        const lk_edge *e = &g->edges[i];
        if (!order_edge(mc, e))
            continue;
        size_t w;
        if (!reaches(g, mc, e->inner, e->outer, seen, queue, via, &w) || gated(mc, e, &g->edges[w]))
            continue;
        /* One finding per cycle, named by its classes, at its first edge. */
        int key[3] = {e->outer, e->inner, g->edges[w].inner == e->outer ? -1 : g->edges[w].inner};
        sort3(key);
        bool dup = false;
        for (size_t k = 0; k < ncycles && !dup; k++)
            dup = memcmp(cycles + 3 * k, key, sizeof key) == 0;
        if (dup)
            continue;
        memcpy(cycles + 3 * ncycles++, key, sizeof key);
        report_inversion(g, mc, out, e, &g->edges[w]);
    }
    rc = mc->oom ? -1 : 0;
done:
    free(seen);
    free(cycles);
    free(queue);
    free(via);
    return rc;
}
