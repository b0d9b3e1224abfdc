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
} pa_analyze_options;

/* Run all analyses with opts (NULL: defaults). Returns 0, or -1 if any
 * analysis ran out of memory (the report keeps every finding so far). */
int pa_analyze_module(const pa_module *m, pa_report *out, const pa_analyze_options *opts);

#endif
