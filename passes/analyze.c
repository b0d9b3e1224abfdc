/* passes/analyze.c — run every analysis over one module. */
#include "analyze.h"

#include "escape.h"
#include "locks.h"
#include "loopalloc.h"

int pa_analyze_module(const pa_module *m, pa_report *out)
{
    int rc = 0;
    if (pa_escape_run(m, out) != 0)
        rc = -1;
    if (pa_loopalloc_run(m, out) != 0)
        rc = -1;
    if (pa_locks_run(m, out) != 0)
        rc = -1;
    return rc;
}
