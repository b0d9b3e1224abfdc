/* passes/callgraph.h — the module's call graph between functions it
 * defines, walked bottom-up (callees before callers) one strongly connected
 * component at a time: the order in which per-function summaries become
 * final after one visit, outside recursion. One walk for the lock
 * summaries (passes/locks_summary.c) and the escape facts
 * (passes/escape.c); the components come from common/scc.h. Tested by
 * tests/test_callgraph.c. */
#ifndef PA_CALLGRAPH_H
#define PA_CALLGRAPH_H

#include "model.h"

#include <stdbool.h>
#include <stddef.h>

/* For op o of a function: the index of the module function it calls, whose
 * summary it reads, or PA_NONE (not a call the analysis follows). */
typedef int (*pa_callee_fn)(const void *ctx, const pa_op *o);

/* Called for each component, callees' components first. members: the
 * component's function indices (n of them), callees first: in the order a
 * depth-first search from the member Tarjan's search found first finishes
 * them inside the component, so that only calls back to a member on the
 * search's path come before their callee; recursive: more than one
 * member, or one that calls itself. Returns 0 to go on, -1 to stop the
 * walk with -1. */
typedef int (*pa_component_fn)(void *ctx, const int *members, size_t n, bool recursive);

/* Walk m's call graph, with edges as callee says, bottom-up. Returns 0, or
 * -1 on out of memory or when visit returned -1. */
int pa_callgraph_bottom_up(const pa_module *m, pa_callee_fn callee, const void *callee_ctx,
                           pa_component_fn visit, void *visit_ctx);

#endif
