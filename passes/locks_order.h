/* passes/locks_order.h — the translation unit's lock-order graph: nested
 * acquisition edges recorded by locks_check.c, written to the findings file
 * for the advisor's cross-TU cycles, and lock-order inversions found inside
 * the TU (locks_order.c). Only passes/locks*.c include it. */
#ifndef PA_LOCKS_ORDER_H
#define PA_LOCKS_ORDER_H

#include "findings.h"
#include "locks_evidence.h"
#include "locks_sym.h"

#include <stdbool.h>
#include <stddef.h>

#define LK_EDGE_MAX_HELD 8

typedef struct lk_edge {
    int outer, inner; /* class ids */
    int fn;           /* function index */
    int op;           /* inner acquisition op (or the call) */
    int outer_op;     /* acquisition of the outer lock, -1 unknown */
    bool via_call, trylock;
    const char *callee;         /* borrowed */
    int held[LK_EDGE_MAX_HELD]; /* other classes held on every path here (gates) */
    int nheld;
    lk_confidence confidence;   /* low: the outer lock is held on some paths only */
} lk_edge;

/* Zero-initialised is empty. */
typedef struct lk_order {
    lk_edge *edges;
    size_t n, cap;
} lk_order;

/* Record a nested acquisition edge; edges arrive function by function and
 * repeats within a function are dropped. Returns 0, or -1 on out of memory. */
int lk_order_add_edge(lk_order *g, const lk_edge *e);
/* Write every edge to out->lock_edges and report the cycles of the graph
 * as lock-order inversions. Returns 0, or -1 on out of memory. */
int lk_order_report(const lk_order *g, lk_module *mc, pa_report *out);
void lk_order_free(lk_order *g);

#endif
