/* plugin/ptrmap.h — open-addressing map from compiler pointers (LLVMValueRef,
 * LLVMBasicBlockRef, LLVMMetadataRef) to ints or pointers, for the extractor. */
#ifndef PA_PTRMAP_H
#define PA_PTRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct pa_ptrmap {
    const void **keys;
    intptr_t *vals;
    size_t cap, count;
} pa_ptrmap;

/* Empty map (no allocation until the first put). */
void pa_ptrmap_init(pa_ptrmap *m);
void pa_ptrmap_free(pa_ptrmap *m);
/* Remove everything, keep the storage. */
void pa_ptrmap_clear(pa_ptrmap *m);
/* Value for key in *out; returns 1 when found, 0 otherwise. */
int pa_ptrmap_get(const pa_ptrmap *m, const void *key, intptr_t *out);
/* Insert or replace. Returns 0, or -1 on out of memory (map unchanged). */
int pa_ptrmap_put(pa_ptrmap *m, const void *key, intptr_t val);

#endif
