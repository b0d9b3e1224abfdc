/* common/bigmem.h — big arrays and arena chunks on transparent huge pages.
 *
 * The advisor fills ~90 MB of arrays, hash maps and arena chunks on 100,000
 * findings; on 4 KB pages that is ~26,000 first-touch page faults, a
 * quarter of its load phase. Memory from here is mapped in 2 MB steps and
 * marked MADV_HUGEPAGE (the kernel's THP setting is usually `madvise`), so
 * one fault brings in 2 MB. Smaller requests, and every request in a build
 * with AddressSanitizer (so that it sees every allocation), go to malloc.
 *
 * The caller keeps the size: pa_big_free and pa_big_realloc take the size
 * the memory was allocated with (what decides how it was allocated). */
#ifndef PA_BIGMEM_H
#define PA_BIGMEM_H

#include <stdbool.h>
#include <stddef.h>

/* Requests of at least this many bytes are mapped (when mapping is on). */
#define PA_BIG_MIN ((size_t)512 << 10)

/* n bytes (n > 0), not initialised. NULL on out of memory. */
void *pa_big_alloc(size_t n);
/* n zeroed bytes (mapped memory is zero already: no page is touched). */
void *pa_big_calloc(size_t n);
/* Resize p (of old bytes; NULL with old 0) to n > 0 bytes, keeping the
 * first min(old, n). NULL on out of memory, p unchanged. */
void *pa_big_realloc(void *p, size_t old, size_t n);
/* Free p of n bytes (NULL is fine). */
void pa_big_free(void *p, size_t n);
/* pa_array_reserve (util.h) on this memory: the array's bytes are
 * *cap * elem before and after. */
void *pa_big_reserve(void *items, size_t *cap, size_t need, size_t elem);

/* Grow the process's heap by n bytes and mark the new part for huge
 * pages, so that what malloc later hands out from it is faulted in 2 MB at
 * a time (a process's own use: call it first thing, on the main thread,
 * with trimming off and n below the mmap threshold; mallopt). Nothing
 * without mapping (sanitizers) or outside glibc. */
void pa_big_heap_on_huge_pages(size_t n);

/* Chunks of PA_BIG_CHUNK bytes (an arena's), cut from shared huge-page
 * regions; a region is unmapped when its last chunk is freed. Thread-safe.
 * NULL on out of memory. */
#define PA_BIG_CHUNK ((size_t)256 << 10)
void *pa_big_chunk_alloc(void);
void pa_big_chunk_free(void *chunk);

/* Whether memory is mapped on huge pages in this build (false with ASan). */
bool pa_big_mapping(void);

#endif
