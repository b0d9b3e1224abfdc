/* passes/loopalloc.h — Loop allocations: allocation inside loops (loop-alloc)
 * and quadratic growth (loop-realloc-growth). docs/remarks.md.
 * Exercised by: clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise -c foo.c */
#ifndef PA_LOOPALLOC_H
#define PA_LOOPALLOC_H

#include "findings.h"
#include "model.h"

/* Analyse every defined function of m and append findings (and summary
 * facts) to out. Returns 0, or -1 on out of memory (out keeps what was added). */
int pa_loopalloc_run(const pa_module *m, pa_report *out);

#endif
