/* common/scc.h — strongly connected components of a directed graph
 * (Tarjan's algorithm, iterative: no recursion depth to overflow on a deep
 * call graph). One implementation for the plugin's bottom-up lock summaries
 * (passes/locks_summary.c), the advisor's whole-program call profile
 * (advisor/profile.c) and its lock-order graph (advisor/lockgraph.c).
 * Tested by tests/test_scc.c. */
#ifndef PA_SCC_H
#define PA_SCC_H

#include <stddef.h>

/* A graph as its owner stores it: node v has nsucc(ctx, v) out-edges, the
 * k-th going to succ(ctx, v, k) (a negative target is no edge). */
typedef struct pa_digraph {
    size_t n;
    const void *ctx;
    size_t (*nsucc)(const void *ctx, int v);
    int (*succ)(const void *ctx, int v, size_t k);
} pa_digraph;

/* Components in the order Tarjan completes them: a component comes after
 * every component it reaches (callees before callers). comp[v] is v's
 * component. When order and comp_start are given (n and n + 1 ints), the
 * nodes of component c are order[comp_start[c] .. comp_start[c + 1]), in
 * the order they leave Tarjan's stack (the last discovered first). Returns
 * the number of components, or -1 when out of memory. */
int pa_scc(const pa_digraph *g, int *comp, int *order, int *comp_start);

#endif
