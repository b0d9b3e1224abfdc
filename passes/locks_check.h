/* passes/locks_check.h — lock findings for one function: the findings
 * client of the held-lock engine (locks_check.c). Only passes/locks*.c
 * include it. */
#ifndef PA_LOCKS_CHECK_H
#define PA_LOCKS_CHECK_H

#include "findings.h"
#include "locks_order.h"
#include "locks_sym.h"

/* Report the lock findings of function `index` to out, record its nested
 * acquisitions in order and write its summary facts (mc->sums, computed
 * first by lk_summarize_module) to the findings file. Returns 0, or -1 on
 * out of memory. */
int lk_check_function(lk_module *mc, int index, lk_order *order, pa_report *out);

#endif
