/* passes/locks_summary.c — lock summaries bottom-up over the module's call
 * graph: Tarjan's strongly connected components (iterative), callees first,
 * a recursive cycle re-analysed at most LK_SCC_ITERATIONS times. Part of the
 * lock nesting analysis (passes/locks.c); tested by tests/test_locks.c. */
#include "locks_internal.h"
#include "findings.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int build_index(lk_module *mc)
{
    size_t n = mc->m->nfunctions, slots = 16;
    while (slots < n * 2 + 2)
        slots *= 2;
    mc->fn_slots = calloc(slots, sizeof *mc->fn_slots);
    if (!mc->fn_slots)
        return -1;
    mc->fn_nslots = slots;
    for (size_t i = 0; i < n; i++) {
        const pa_function *f = mc->m->functions[i];
        if (!f || !f->is_definition || !f->name || lk_function_index(mc, f->name) >= 0)
            continue;
        size_t s = (size_t)pa_hash_str(f->name) & (slots - 1);
        while (mc->fn_slots[s])
            s = (s + 1) & (slots - 1);
        mc->fn_slots[s] = (int)i + 1;
    }
    return 0;
}

int lk_function_index(const lk_module *mc, const char *name)
{
    if (!name || !mc->fn_slots)
        return PA_NONE;
    size_t s = (size_t)pa_hash_str(name) & (mc->fn_nslots - 1);
    while (mc->fn_slots[s]) {
        int i = mc->fn_slots[s] - 1;
        if (strcmp(mc->m->functions[i]->name, name) == 0)
            return i;
        s = (s + 1) & (mc->fn_nslots - 1);
    }
    return PA_NONE;
}

/* Callees defined in the module, as a compressed adjacency list. */
typedef struct callgraph {
    int *first; /* n + 1 offsets */
    int *to;
} callgraph;

static int build_callgraph(lk_module *mc, callgraph *g)
{
    size_t n = mc->m->nfunctions, nedges = 0;
    g->first = calloc(n + 1, sizeof *g->first);
    if (!g->first)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const pa_function *f = mc->m->functions[i];
        for (size_t k = 0; f && k < f->nops; k++)
            nedges += f->ops[k].kind == PA_OP_CALL && lk_function_index(mc, f->ops[k].callee) >= 0;
    }
    g->to = malloc((nedges ? nedges : 1) * sizeof *g->to);
    if (!g->to)
        return -1;
    size_t e = 0;
    for (size_t i = 0; i < n; i++) {
        g->first[i] = (int)e;
        const pa_function *f = mc->m->functions[i];
        for (size_t k = 0; f && k < f->nops; k++) {
            int c = f->ops[k].kind == PA_OP_CALL ? lk_function_index(mc, f->ops[k].callee) : PA_NONE;
            if (c >= 0)
                g->to[e++] = c;
        }
    }
    g->first[n] = (int)e;
    return 0;
}

static bool summary_changed(const lk_summary *a, const lk_summary *b)
{
    return a->locks.n != b->locks.n || a->leaves.n != b->leaves.n || a->unlocks.n != b->unlocks.n ||
           a->may_block != b->may_block || a->writes_params != b->writes_params ||
           a->writes_other != b->writes_other || a->pure != b->pure || a->npstores != b->npstores;
}

/* Summarise one strongly connected component (members in scc[0..n)). */
static int summarize_scc(lk_module *mc, const int *scc, size_t n, const callgraph *g)
{
    bool recursive = n > 1;
    for (int k = g->first[scc[0]]; !recursive && k < g->first[scc[0] + 1]; k++)
        recursive = g->to[k] == scc[0];
    lk_summary before;
    for (int round = 0; round < (recursive ? LK_SCC_ITERATIONS : 1); round++) {
        bool changed = false;
        for (size_t i = 0; i < n; i++) {
            before = mc->sums[scc[i]];
            if (lk_analyze_function(mc, scc[i], LK_SUMMARIZE) != 0)
                return -1;
            changed |= summary_changed(&before, &mc->sums[scc[i]]);
        }
        if (!changed)
            break;
    }
    return 0;
}

/* Iterative Tarjan: components come out callees first. */
int lk_summarize_module(lk_module *mc)
{
    size_t n = mc->m->nfunctions;
    int rc = -1;
    callgraph g = {NULL, NULL};
    int *index = NULL, *low = NULL, *stack = NULL, *cs_node = NULL, *cs_edge = NULL;
    bool *on_stack = NULL;
    if (build_index(mc) != 0 || build_callgraph(mc, &g) != 0)
        goto done;
    index = malloc((n ? n : 1) * sizeof *index);
    low = malloc((n ? n : 1) * sizeof *low);
    stack = malloc((n ? n : 1) * sizeof *stack);
    cs_node = malloc((n ? n : 1) * sizeof *cs_node);
    cs_edge = malloc((n ? n : 1) * sizeof *cs_edge);
    on_stack = calloc(n ? n : 1, sizeof *on_stack);
    if (!index || !low || !stack || !cs_node || !cs_edge || !on_stack)
        goto done;
    for (size_t i = 0; i < n; i++)
        index[i] = PA_NONE;
    int next = 0;
    size_t sp = 0;
    for (size_t root = 0; root < n; root++) {
        if (index[root] != PA_NONE)
            continue;
        size_t csp = 0;
        cs_node[csp] = (int)root;
        cs_edge[csp++] = g.first[root];
        index[root] = low[root] = next++;
        stack[sp++] = (int)root;
        on_stack[root] = true;
        while (csp > 0) {
            int v = cs_node[csp - 1];
            if (cs_edge[csp - 1] < g.first[v + 1]) {
                int w = g.to[cs_edge[csp - 1]++];
                if (index[w] == PA_NONE) {
                    index[w] = low[w] = next++;
                    stack[sp++] = w;
                    on_stack[w] = true;
                    cs_node[csp] = w;
                    cs_edge[csp++] = g.first[w];
                } else if (on_stack[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            csp--;
            if (csp > 0 && low[v] < low[cs_node[csp - 1]])
                low[cs_node[csp - 1]] = low[v];
            if (low[v] != index[v])
                continue;
            size_t start = sp;
            do
                on_stack[stack[--start]] = false;
            while (stack[start] != v);
            if (summarize_scc(mc, stack + start, sp - start, &g) != 0)
                goto done;
            sp = start;
        }
    }
    rc = 0;
done:
    free(g.first);
    free(g.to);
    free(index);
    free(low);
    free(stack);
    free(cs_node);
    free(cs_edge);
    free(on_stack);
    return rc;
}
