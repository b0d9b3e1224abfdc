/* passes/analyze.h — run every analysis over one module, in dependency order.
 * The single entry point plugin/ calls; unit tests may call analyses directly. */
#ifndef PA_ANALYZE_H
#define PA_ANALYZE_H

#include "findings.h"
#include "model.h"

/* Settings the user can change (compiler flags); see docs/usage.md. */
typedef struct pa_analyze_options {
    /* Largest constant allocation suggested for the stack, in bytes;
     * negative means the default (pa_escape_default_options). */
    long max_stack_bytes;
    /* Analyses to skip (benchmarks, bisecting a problem). */
    bool skip_escape, skip_loopalloc, skip_locks;
} pa_analyze_options;

/* Parse a comma-separated list of analysis names ("escape", "loopalloc",
 * "locks") into the skip_* flags of opts. Returns 0, or -1 naming the first
 * unknown name in bad (bad may be NULL). */
int pa_analyze_parse_disable(const char *list, pa_analyze_options *opts, char *bad, size_t badlen);

/* Do the allocation analyses (escape, loop allocations) need f's loops and
 * block frequencies? Only where it allocates, or builds strings (strcat,
 * strlen, std::string growth): the front end may skip computing them
 * elsewhere, which is most of its cost. */
bool pa_analyze_allocation_needs_loops(const pa_function *f);

/* Does an allocation analysis read the loops around op o (allocation, free,
 * string building, an insert into a node container left out of line)? The
 * loops around no such op need no trip count: the front end may skip
 * ScalarEvolution for them. */
bool pa_analyze_allocation_reads_loop_of(const pa_op *o);

/* Run all analyses with opts (NULL: defaults). Returns 0, or -1 if any
 * analysis ran out of memory (the report keeps every finding so far). */
int pa_analyze_module(const pa_module *m, pa_report *out, const pa_analyze_options *opts);

#endif
