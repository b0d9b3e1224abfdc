/* passes/locks_summary.h — function summaries for the lock nesting
 * analysis: the summary client of the held-lock engine, run bottom-up over
 * the module's call graph (locks_summary.c). Only passes/locks*.c include it. */
#ifndef PA_LOCKS_SUMMARY_H
#define PA_LOCKS_SUMMARY_H

#include "locks_sym.h"

#define LK_SCC_ITERATIONS 3 /* summary rounds for a recursive call cycle */

/* Compute mc->sums[i] for every defined function, callees before callers.
 * Returns 0, or -1 on out of memory. */
int lk_summarize_module(lk_module *mc);

#endif
