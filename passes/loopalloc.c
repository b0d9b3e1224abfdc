/* passes/loopalloc.c — Loop allocations */
#include "loopalloc.h"

int pa_loopalloc_run(const pa_module *m, pa_report *out)
{
    (void)m;
    (void)out;
    return 0; /* TODO(helper): implement */
}
