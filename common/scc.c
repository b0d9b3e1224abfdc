/* common/scc.c — Tarjan's strongly connected components, iterative (see
 * scc.h). */
#include "scc.h"

#include <stdbool.h>
#include <stdlib.h>

typedef struct scc_state {
    int *index, *low, *stack, *call;
    size_t *next;
    bool *on;
} scc_state;

static void state_free(scc_state *s)
{
    free(s->index);
    free(s->low);
    free(s->stack);
    free(s->call);
    free(s->next);
    free(s->on);
}

static int state_init(scc_state *s, size_t n)
{
    size_t m = n ? n : 1;
    s->index = malloc(m * sizeof *s->index);
    s->low = malloc(m * sizeof *s->low);
    s->stack = malloc(m * sizeof *s->stack);
    s->call = malloc(m * sizeof *s->call);
    s->next = malloc(m * sizeof *s->next);
    s->on = calloc(m, sizeof *s->on);
    if (!s->index || !s->low || !s->stack || !s->call || !s->next || !s->on)
        return -1;
    for (size_t i = 0; i < n; i++)
        s->index[i] = -1;
    return 0;
}

int pa_scc(const pa_digraph *g, int *comp, int *order, int *comp_start)
{
    scc_state s = {0};
    if (state_init(&s, g->n) != 0) {
        state_free(&s);
        return -1;
    }
    int counter = 0, sp = 0, ncomp = 0, out = 0;
    for (size_t root = 0; root < g->n; root++) {
        if (s.index[root] >= 0)
            continue;
        int cp = 0;
        s.call[cp++] = (int)root;
        s.index[root] = s.low[root] = counter++;
        s.next[root] = 0;
        s.stack[sp++] = (int)root;
        s.on[root] = true;
        while (cp > 0) {
            int v = s.call[cp - 1];
            if (s.next[v] < g->nsucc(g->ctx, v)) {
                int u = g->succ(g->ctx, v, s.next[v]++);
                if (u < 0 || (size_t)u >= g->n)
                    continue;
                if (s.index[u] < 0) {
                    s.index[u] = s.low[u] = counter++;
                    s.next[u] = 0;
                    s.stack[sp++] = u;
                    s.on[u] = true;
                    s.call[cp++] = u;
                } else if (s.on[u] && s.index[u] < s.low[v]) {
                    s.low[v] = s.index[u];
                }
                continue;
            }
            cp--;
            if (cp > 0 && s.low[v] < s.low[s.call[cp - 1]])
                s.low[s.call[cp - 1]] = s.low[v];
            if (s.low[v] != s.index[v])
                continue;
            if (comp_start)
                comp_start[ncomp] = out;
            int u;
            do {
                u = s.stack[--sp];
                s.on[u] = false;
                comp[u] = ncomp;
                if (order)
                    order[out] = u;
                out++;
            } while (u != v);
            ncomp++;
        }
    }
    if (comp_start)
        comp_start[ncomp] = out;
    state_free(&s);
    return ncomp;
}
