/* common/arena.h — a bump allocator: pieces carved from big chunks that
 * never move, all freed at once. One implementation for the model's strings
 * and small arrays (passes/model.c), the lock summaries' lists
 * (passes/locks_sym.c) and the advisor's parse trees (advisor/load.c):
 * where thousands of small blocks die together, a malloc and a free per
 * block cost more than the work on them (docs/performance.md). Under
 * AddressSanitizer each piece is followed by a poisoned red zone and a
 * chunk's unused bytes stay poisoned (common/asan.h). Not thread-safe: one
 * arena, one thread at a time. Tested by tests/test_arena.c. */
#ifndef PA_ARENA_H
#define PA_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pa_arena_chunk pa_arena_chunk;

typedef struct pa_arena {
    pa_arena_chunk *head; /* the chunk pieces come from; older ones after it */
    size_t chunk_size;    /* bytes of the next chunk (0: PA_ARENA_CHUNK) */
    bool grow;            /* double chunk_size after each new chunk (up to 64 MB) */
    bool failed;          /* an allocation failed since the last reset */
} pa_arena;

#define PA_ARENA_CHUNK 65536u

/* n bytes aligned to align (a power of two, at most _Alignof(max_align_t)),
 * or NULL on out of memory (then a->failed is set). A piece that does not
 * fit the head chunk starts a new one: the old one's tail stays unused. */
void *pa_arena_alloc(pa_arena *a, size_t n, size_t align);

/* Chunks the arena holds (for tests). */
size_t pa_arena_chunk_count(const pa_arena *a);

/* Drop every piece. keep: hold on to the newest chunk for the next use, so
 * the next pieces reuse memory whose pages are already there. */
void pa_arena_reset(pa_arena *a, bool keep);

/* Free every chunk; the arena is empty and reusable. */
static inline void pa_arena_free(pa_arena *a)
{
    pa_arena_reset(a, false);
}

#endif
