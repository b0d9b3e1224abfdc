/* plugin/extract.h — build the program model (passes/model.h) from LLVM IR,
 * through the LLVM-C API plus the narrow bridge of llvm/bridge.h.
 * Exercised by: PERFADVISE_DUMP_MODEL=1 clang-19 -O2 -g -fpass-plugin=libperfadvise.so -c foo.c */
#ifndef PA_EXTRACT_H
#define PA_EXTRACT_H

#include "bridge.h"
#include "catalog.h"
#include "model.h"

#include <llvm-c/Core.h>
#include <stdbool.h>

/* What a run needs from the module (the lock analysis runs before inlining,
 * the allocation analyses after: each extraction does only its part). */
typedef struct pa_extract_options {
    bool lock_classes;       /* record lock-class facts of lock operands and pointer args */
    bool only_lock_relevant; /* only functions that take locks, their callers (transitively)
                                and everything those call: what the lock analysis can see */
    bool only_allocation_relevant; /* only functions that allocate, free or build strings,
                                      their callers (transitively) and everything those call:
                                      what the allocation analyses can see (with
                                      only_lock_relevant: the union) */
    bool loops_for_allocations; /* loops and frequencies only where the allocation analyses
                                   need them (pa_analyze_allocation_needs_loops) */
    const pa_catalog *catalog;  /* the project's configuration (plugin/config.h), or NULL;
                                   copied into the module's catalogue */
    bool call_profile;          /* record every defined function's calls with their block
                          frequencies (pa_module.profiles), for the advisor's static profile */
    bool every_loop_fact; /* trip counts of loops without calls too (a model dump shows them;
                             no analysis reads them: pa_bridge_function_loops) */
} pa_extract_options;

/* Translate the defined functions of M (opts NULL: every function, with lock
 * classes). On success returns 0 and *out owns a new model (free with
 * pa_model_free). Returns -1 on out of memory, with *out NULL. Anything not
 * understood becomes an UNKNOWN value or a USE op. */
int pa_extract_module(LLVMModuleRef M, pa_bridge *b, const pa_extract_options *opts,
                      pa_module **out);

#endif
