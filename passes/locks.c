/* passes/locks.c — Lock nesting: held-lock sets over every function, then
 * lock-order inversions, double locks, locks held at return, blocking calls
 * and allocations under a lock, locks in loops and rwlock candidates.
 *   clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise-locks -c foo.c
 * Files, each calling only those below it: locks.c (this driver) ->
 * locks_summary.c (summary client) and locks_check.c (findings client,
 * with locks_order.c for the lock-order graph and locks_evidence.c for
 * shared wording) -> locks_facts.c (what a function does with its locks)
 * -> locks_engine.c (held-lock dataflow) -> locks_sym.c (symbolic locks,
 * named by lock_names.c) -> the model. */
#include "locks.h"

#include "locks_check.h"
#include "locks_order.h"
#include "locks_summary.h"
#include "locks_sym.h"

#include <stdlib.h>
#include <string.h>

/* Does the module define a C++ function (a mangled name)? */
static bool cxx_module(const pa_module *m)
{
    for (size_t i = 0; i < m->nfunctions; i++)
        if (m->functions[i] && m->functions[i]->is_definition && m->functions[i]->name &&
            strncmp(m->functions[i]->name, "_Z", 2) == 0)
            return true;
    return false;
}

int pa_locks_run(const pa_module *m, pa_report *out)
{
    if (!m || !out)
        return 0;
    lk_module mc;
    lk_order order;
    int rc = -1;
    memset(&mc, 0, sizeof mc);
    memset(&order, 0, sizeof order);
    mc.m = m;
    mc.sums = calloc(m->nfunctions ? m->nfunctions : 1, sizeof *mc.sums);
    if (!mc.sums || pa_fd_facts_find(m, &mc.fds) != 0)
        goto done;
    /* Summaries first (callees before callers), then findings with them. */
    if (lk_summarize_module(&mc) != 0)
        goto done;
    lk_find_recursive_inits(&mc);
    for (size_t i = 0; i < m->nfunctions; i++)
        if (lk_check_function(&mc, (int)i, &order, out) != 0)
            goto done;
    if (lk_order_report(&order, &mc, out) != 0 ||
        (cxx_module(m) && lk_classes_member_names(&mc.classes, out->lock_sections, &out->member_names) != 0))
        goto done;
    rc = mc.oom ? -1 : 0;
done:
    lk_classes_free(&mc.classes);
    free(mc.sums);
    pa_arena_free(&mc.lists);
    pa_arena_free(&mc.scratch);
    pa_fd_facts_free(&mc.fds);
    free(mc.scc_pos);
    lk_order_free(&order);
    return rc;
}
