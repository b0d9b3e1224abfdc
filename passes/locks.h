/* passes/locks.h — Lock nesting
 * Exercised by: clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise -c foo.c */
#ifndef PA_LOCKS_H
#define PA_LOCKS_H

#include "findings.h"
#include "model.h"

/* Analyse every defined function of m and append findings (and summary
 * facts) to out. Calls between functions are followed through op->callee_fn:
 * link m first (pa_model_link_calls; the extractor does), or every call is
 * treated as external. Returns 0, or -1 on out of memory (out keeps what was
 * added). */
int pa_locks_run(const pa_module *m, pa_report *out);

#endif
