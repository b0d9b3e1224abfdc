/* passes/analyze.c — run every analysis over one module. */
#include "analyze.h"

#include "catalog.h"
#include "escape.h"
#include "locks.h"
#include "loopalloc.h"
#include "loopalloc_nodes.h"
#include "profile.h"

#include <stdio.h>
#include <string.h>

int pa_analyze_module(const pa_module *m, pa_report *out, const pa_analyze_options *opts)
{
    int rc = 0;
    pa_escape_options escape = pa_escape_default_options();
    if (opts && opts->max_stack_bytes >= 0)
        escape.max_stack_bytes = opts->max_stack_bytes;
    if (!(opts && opts->skip_escape) && pa_escape_run_with(m, out, &escape) != 0)
        rc = -1;
    if (!(opts && opts->skip_loopalloc) && pa_loopalloc_run(m, out) != 0)
        rc = -1;
    if (!(opts && opts->skip_locks) && pa_locks_run(m, out) != 0)
        rc = -1;
    /* What the advisor's static profile needs: error paths, call sites. */
    if (pa_profile_mark_error_paths(m, out) != 0 || pa_profile_write_summaries(m, out) != 0)
        rc = -1;
    return rc;
}

bool pa_analyze_allocation_reads_loop_of(const pa_op *o)
{
    if (o->kind == PA_OP_ALLOC || o->kind == PA_OP_FREE)
        return true;
    if (o->kind != PA_OP_CALL || !o->callee)
        return false;
    return strstr(o->callee, "strcat") || strstr(o->callee, "strncat") ||
           strstr(o->callee, "wcscat") || strstr(o->callee, "wcsncat") ||
           strcmp(o->callee, "strlen") == 0 || pa_catalog_names_library_growth(o->callee) ||
           pa_loopalloc_node_insert_member(o);
}

bool pa_analyze_allocation_needs_loops(const pa_function *f)
{
    for (size_t i = 0; i < f->nops; i++)
        if (pa_analyze_allocation_reads_loop_of(&f->ops[i]))
            return true;
    return false;
}

int pa_analyze_parse_disable(const char *list, pa_analyze_options *opts, char *bad, size_t badlen)
{
    const char *p = list ? list : "";
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 6 && strncmp(p, "escape", n) == 0)
            opts->skip_escape = true;
        else if (n == 9 && strncmp(p, "loopalloc", n) == 0)
            opts->skip_loopalloc = true;
        else if (n == 5 && strncmp(p, "locks", n) == 0)
            opts->skip_locks = true;
        else if (n > 0) {
            if (bad)
                snprintf(bad, badlen, "%.*s", (int)n, p);
            return -1;
        }
        p += n + (p[n] == ',');
    }
    return 0;
}
