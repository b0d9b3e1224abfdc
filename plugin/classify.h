/* plugin/classify.h — the catalogue entry of a call's callee: built-in,
 * configuration file (docs/config.md) or IR attributes. Used by the
 * extractor (plugin/extract.c) for every call it reads.
 * Exercised by: clang-19 -O2 -g -fpass-plugin=libperfadvise.so -c foo.c (lit/project_alloc_*.c) */
#ifndef PA_CLASSIFY_H
#define PA_CLASSIFY_H

#include "bridge.h"
#include "catalog.h"

#include <llvm-c/Core.h>

typedef struct pa_classifier {
    pa_catalog *catalog; /* the module's project catalogue; entries found are added; may be NULL */
    pa_bridge *b;
    pa_map tried; /* callee -> 1 once attributes and C++ names were looked at */
} pa_classifier;

/* Entry for a call whose called operand is `called` (a function, an alias,
 * or for an indirect call the loaded pointer), or NULL. *name is the name to
 * record as the callee: the function's, or the configured hook's for a call
 * through a global function pointer (NULL for other indirect calls). The
 * entry stays valid until the next call (the catalogue may grow). */
const pa_cat_entry *pa_classify_call(pa_classifier *k, LLVMValueRef called, const char **name);

void pa_classifier_free(pa_classifier *k);

#endif
