/* passes/locks.c — Lock nesting */
#include "locks.h"

int pa_locks_run(const pa_module *m, pa_report *out)
{
    (void)m;
    (void)out;
    return 0; /* TODO(helper): implement */
}
