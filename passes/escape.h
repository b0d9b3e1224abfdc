/* passes/escape.h — heap escape analysis (Go's -gcflags=-m for C/C++): for each
 * allocation site, does it escape, is it freed on every path, could it live on the stack.
 * Exercised by: clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise -c foo.c */
#ifndef PA_ESCAPE_H
#define PA_ESCAPE_H

#include "findings.h"
#include "model.h"

/* Largest constant allocation (bytes) suggested for the stack by default. */
#define PA_ESCAPE_DEFAULT_MAX_STACK_BYTES 1024

typedef struct pa_escape_options {
    /* heap-to-stack only for constant sizes <= this many bytes; a negative
     * value means the default, 0 turns heap-to-stack findings off. */
    long max_stack_bytes;
} pa_escape_options;

/* The defaults: max_stack_bytes = PA_ESCAPE_DEFAULT_MAX_STACK_BYTES. */
pa_escape_options pa_escape_default_options(void);

/* Analyse every defined function of m with the default options and append
 * findings (heap-to-stack, heap-escape, no-escape) and summary facts
 * (allocates, returns_allocation, frees_params, captures_params) to out.
 * Returns 0, or -1 on out of memory (out keeps what was added).
 * Precondition: pa_model_link_calls(m) has run (the plugin's extractor does
 * it; hand-built models must call it). Without it (m->calls_linked false)
 * every call is treated as a call to an external function: no allocation
 * wrappers, and no callee facts (a module function that frees or keeps its
 * argument is judged by the call's attributes alone). */
int pa_escape_run(const pa_module *m, pa_report *out);

/* Same with explicit options (opts NULL = defaults). */
int pa_escape_run_with(const pa_module *m, pa_report *out, const pa_escape_options *opts);

#endif
