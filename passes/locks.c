/* passes/locks.c — Lock nesting: held-lock sets over every function, then
 * lock-order inversions, double locks, locks held at return, blocking calls
 * and allocations under a lock, locks in loops and rwlock candidates.
 *   clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise-locks -c foo.c
 * Files: locks_sym.c (naming), locks_summary.c (call graph), locks_dataflow.c
 * (held sets), locks_check.c (findings), locks_order.c (lock-order graph). */
#include "locks.h"

#include "locks_internal.h"

#include <stdlib.h>
#include <string.h>

int pa_locks_run(const pa_module *m, pa_report *out)
{
    if (!m || !out)
        return 0;
    lk_module mc;
    int rc = -1;
    memset(&mc, 0, sizeof mc);
    mc.m = m;
    mc.out = out;
    mc.sums = calloc(m->nfunctions ? m->nfunctions : 1, sizeof *mc.sums);
    if (!mc.sums)
        goto done;
    /* Summaries first (callees before callers), then findings with them. */
    if (lk_summarize_module(&mc) != 0)
        goto done;
    lk_find_recursive_inits(&mc);
    for (size_t i = 0; i < m->nfunctions; i++)
        if (lk_analyze_function(&mc, (int)i, LK_REPORT) != 0)
            goto done;
    if (lk_report_order(&mc) != 0)
        goto done;
    rc = mc.oom ? -1 : 0;
done:
    lk_classes_free(&mc.classes);
    free(mc.sums);
    free(mc.fn_slots);
    free(mc.edges);
    return rc;
}
