/* passes/escape.c — Heap escape */
#include "escape.h"

int pa_escape_run(const pa_module *m, pa_report *out)
{
    (void)m;
    (void)out;
    return 0; /* TODO(helper): implement */
}
