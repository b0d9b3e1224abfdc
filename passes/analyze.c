/* passes/analyze.c — run every analysis over one module. */
#include "analyze.h"

#include "escape.h"
#include "locks.h"
#include "loopalloc.h"

int pa_analyze_module(const pa_module *m, pa_report *out, const pa_analyze_options *opts)
{
    int rc = 0;
    pa_escape_options escape = pa_escape_default_options();
    if (opts && opts->max_stack_bytes >= 0)
        escape.max_stack_bytes = opts->max_stack_bytes;
    if (pa_escape_run_with(m, out, &escape) != 0)
        rc = -1;
    if (pa_loopalloc_run(m, out) != 0)
        rc = -1;
    if (pa_locks_run(m, out) != 0)
        rc = -1;
    return rc;
}
