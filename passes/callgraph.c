/* passes/callgraph.c — bottom-up walk over the module's call graph; see
 * callgraph.h. */
#include "callgraph.h"

#include "scc.h"

#include <stdbool.h>
#include <stdlib.h>

/* Callees as a compressed adjacency list: function i calls
 * to[first[i] .. first[i + 1]). */
typedef struct adjacency {
    int *first;
    int *to;
} adjacency;

static int build_adjacency(const pa_module *m, pa_callee_fn callee, const void *ctx, adjacency *g)
{
    size_t n = m->nfunctions, nedges = 0;
    g->first = calloc(n + 1, sizeof *g->first);
    if (!g->first)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const pa_function *f = m->functions[i];
        for (size_t k = 0; f && k < f->nops; k++)
            nedges += callee(ctx, &f->ops[k]) >= 0;
    }
    g->to = malloc((nedges ? nedges : 1) * sizeof *g->to);
    if (!g->to)
        return -1;
    size_t e = 0;
    for (size_t i = 0; i < n; i++) {
        g->first[i] = (int)e;
        const pa_function *f = m->functions[i];
        for (size_t k = 0; f && k < f->nops; k++) {
            int c = callee(ctx, &f->ops[k]);
            if (c >= 0)
                g->to[e++] = c;
        }
    }
    g->first[n] = (int)e;
    return 0;
}

static size_t callee_count(const void *ctx, int v)
{
    const adjacency *g = ctx;
    return (size_t)(g->first[v + 1] - g->first[v]);
}

static int callee_at(const void *ctx, int v, size_t k)
{
    const adjacency *g = ctx;
    return g->to[(size_t)g->first[v] + k];
}

static bool calls_itself(const adjacency *g, int v)
{
    for (int k = g->first[v]; k < g->first[v + 1]; k++)
        if (g->to[k] == v)
            return true;
    return false;
}

/* The members of component c (comp[v] == c), the first one given in
 * members[0], rewritten in the order a depth-first search from it within
 * the component finishes them: every call between members but those back
 * to a member still on the search's path comes after its callee. The
 * discovery order Tarjan leaves puts a member before a callee it reaches
 * by a cross edge (tests/test_callgraph.c). `stack`, `next` and `done`
 * are scratch of the graph's size, `done` all false on entry and on
 * return. */
static void finishing_order(const adjacency *g, const int *comp, int c, int *members, int *stack, int *next,
                            bool *done)
{
    size_t sp = 0, out = 0;
    int root = members[0];
    stack[sp++] = root;
    next[root] = g->first[root];
    done[root] = true;
    while (sp > 0) {
        int v = stack[sp - 1];
        if (next[v] < g->first[v + 1]) {
            int u = g->to[next[v]++];
            if (comp[u] == c && !done[u]) {
                done[u] = true;
                next[u] = g->first[u];
                stack[sp++] = u;
            }
            continue;
        }
        sp--;
        members[out++] = v;
    }
    /* Every member was reached: the component is strongly connected. */
    for (size_t i = 0; i < out; i++)
        done[members[i]] = false;
}

int pa_callgraph_bottom_up(const pa_module *m, pa_callee_fn callee, const void *callee_ctx,
                           pa_component_fn visit, void *visit_ctx)
{
    size_t n = m->nfunctions;
    int rc = -1;
    adjacency g = {NULL, NULL};
    int *comp = NULL, *order = NULL, *start = NULL, *members = NULL, *stack = NULL, *next = NULL;
    bool *found = NULL;
    if (build_adjacency(m, callee, callee_ctx, &g) != 0)
        goto done;
    comp = malloc((n ? n : 1) * sizeof *comp);
    order = malloc((n ? n : 1) * sizeof *order);
    start = malloc((n + 1) * sizeof *start);
    members = malloc((n ? n : 1) * sizeof *members);
    stack = malloc((n ? n : 1) * sizeof *stack);
    next = malloc((n ? n : 1) * sizeof *next);
    found = calloc(n ? n : 1, sizeof *found);
    if (!comp || !order || !start || !members || !stack || !next || !found)
        goto done;
    pa_digraph view = {n, &g, callee_count, callee_at};
    int ncomp = pa_scc(&view, comp, order, start);
    if (ncomp < 0)
        goto done;
    for (int c = 0; c < ncomp; c++) {
        /* The first one the search found (Tarjan's stack, bottom up), then
         * callees first. */
        size_t k = 0;
        for (int i = start[c + 1] - 1; i >= start[c]; i--)
            members[k++] = order[i];
        if (k > 1)
            finishing_order(&g, comp, c, members, stack, next, found);
        if (visit(visit_ctx, members, k, k > 1 || calls_itself(&g, members[0])) != 0)
            goto done;
    }
    rc = 0;
done:
    free(g.first);
    free(g.to);
    free(comp);
    free(order);
    free(start);
    free(members);
    free(stack);
    free(next);
    free(found);
    return rc;
}
