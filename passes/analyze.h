/* passes/analyze.h — run every analysis over one module, in dependency order.
 * The single entry point plugin/ calls; unit tests may call analyses directly. */
#ifndef PA_ANALYZE_H
#define PA_ANALYZE_H

#include "findings.h"
#include "model.h"

/* Run all analyses. Returns 0, or -1 if any analysis ran out of memory
 * (the report keeps every finding produced so far). */
int pa_analyze_module(const pa_module *m, pa_report *out);

#endif
