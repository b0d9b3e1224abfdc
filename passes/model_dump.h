/* passes/model_dump.h — print a program model as text, for debugging the
 * extractor and writing tests: PERFADVISE_DUMP_MODEL=1 clang-19 ... -fpass-plugin=... */
#ifndef PA_MODEL_DUMP_H
#define PA_MODEL_DUMP_H

#include "model.h"

#include <stdio.h>

/* Print every function's blocks, ops and values to out. Only functions whose
 * name contains `filter` when filter is non-NULL and non-empty. */
void pa_model_dump(const pa_module *m, FILE *out, const char *filter);

#endif
