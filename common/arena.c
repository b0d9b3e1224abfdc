/* common/arena.c — the bump allocator of arena.h. */
#include "arena.h"

#include "asan.h"

#include <stdint.h>
#include <stdlib.h>

struct pa_arena_chunk {
    pa_arena_chunk *next;
    size_t used, size;
    _Alignas(max_align_t) unsigned char data[];
};

enum { ARENA_MAX_CHUNK = 64u * 1024u * 1024u };

void *pa_arena_alloc(pa_arena *a, size_t n, size_t align)
{
    if (align == 0)
        align = 1;
    pa_arena_chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    size_t span = n + PA_ASAN_REDZONE;
    if (span < n) {
        a->failed = true;
        return NULL;
    }
    if (!c || at > c->size || c->size - at < span) {
        size_t want = a->chunk_size ? a->chunk_size : PA_ARENA_CHUNK;
        size_t size = span > want ? span : want;
        if (size > SIZE_MAX - sizeof *c || !(c = malloc(sizeof *c + size))) {
            a->failed = true;
            return NULL;
        }
        ASAN_POISON_MEMORY_REGION(c->data, size);
        c->next = a->head;
        c->used = 0;
        c->size = size;
        a->head = c;
        at = 0;
        if (a->grow && want < ARENA_MAX_CHUNK)
            a->chunk_size = want * 2;
    }
    c->used = at + span;
    ASAN_UNPOISON_MEMORY_REGION(c->data + at, n);
    return c->data + at;
}

size_t pa_arena_chunk_count(const pa_arena *a)
{
    size_t n = 0;
    for (const pa_arena_chunk *c = a->head; c; c = c->next)
        n++;
    return n;
}

void pa_arena_reset(pa_arena *a, bool keep)
{
    pa_arena_chunk *c = a->head;
    if (keep && c) {
        c = c->next;
        a->head->next = NULL;
        a->head->used = 0;
        ASAN_POISON_MEMORY_REGION(a->head->data, a->head->size);
    } else {
        a->head = NULL;
    }
    for (pa_arena_chunk *next; c; c = next) {
        next = c->next;
        ASAN_UNPOISON_MEMORY_REGION(c->data, c->size);
        free(c);
    }
    a->failed = false;
}
