/* common/bigmem.c — big arrays and arena chunks on transparent huge pages
 * (bigmem.h). Exercised by tests/test_bigmem.c and every advisor run. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mremap */
#endif
#include "bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define PA_BIG_MAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define PA_BIG_MAP 0
#endif
#endif
#ifndef PA_BIG_MAP
#if defined(__linux__)
#define PA_BIG_MAP 1
#else
#define PA_BIG_MAP 0
#endif
#endif

#if PA_BIG_MAP
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

bool pa_big_mapping(void) { return PA_BIG_MAP != 0; }

#if PA_BIG_MAP

/* The huge page size of x86-64 and arm64 (4 KB base pages): mappings are
 * made in whole steps of it, at an address aligned to it, so that every
 * step can be one huge page. */
#define HUGE ((size_t)2 << 20)

static size_t huge_round(size_t n) { return (n + HUGE - 1) & ~(HUGE - 1); }

/* len (a multiple of HUGE) bytes at a HUGE-aligned address, marked for
 * huge pages. NULL on failure. */
static void *map_aligned(size_t len)
{
    if (len > SIZE_MAX - HUGE)
        return NULL;
    char *raw = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    char *p = (char *)(((uintptr_t)raw + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
    if (p > raw)
        munmap(raw, (size_t)(p - raw));
    size_t tail = (size_t)(raw + len + HUGE - (p + len));
    if (tail)
        munmap(p + len, tail);
    /* Advice only: without THP the memory is ordinary pages. */
    (void)madvise(p, len, MADV_HUGEPAGE);
    return p;
}

void *pa_big_alloc(size_t n)
{
    if (n < PA_BIG_MIN)
        return malloc(n ? n : 1);
    return map_aligned(huge_round(n));
}

void *pa_big_calloc(size_t n)
{
    if (n < PA_BIG_MIN)
        return calloc(n ? n : 1, 1);
    return map_aligned(huge_round(n)); /* fresh anonymous pages are zero */
}

void pa_big_free(void *p, size_t n)
{
    if (!p)
        return;
    if (n < PA_BIG_MIN)
        free(p);
    else
        munmap(p, huge_round(n));
}

void *pa_big_realloc(void *p, size_t old, size_t n)
{
    if (!p)
        return pa_big_alloc(n);
    if (n < PA_BIG_MIN) {
        if (old < PA_BIG_MIN)
            return realloc(p, n ? n : 1);
        void *q = malloc(n ? n : 1);
        if (!q)
            return NULL;
        memcpy(q, p, n);
        pa_big_free(p, old);
        return q;
    }
    if (old < PA_BIG_MIN) {
        void *q = pa_big_alloc(n);
        if (!q)
            return NULL;
        memcpy(q, p, old);
        free(p);
        return q;
    }
    size_t olen = huge_round(old), nlen = huge_round(n);
    if (olen == nlen)
        return p;
    if (nlen < olen) {
        munmap((char *)p + nlen, olen - nlen);
        return p;
    }
    /* Move the pages (no copy) to a fresh aligned place, so the grown
     * array is still on whole huge pages; the old flags go with them. */
    void *to = map_aligned(nlen);
    if (!to)
        return NULL;
    void *q = mremap(p, olen, nlen, MREMAP_MAYMOVE | MREMAP_FIXED, to);
    if (q == MAP_FAILED) {
        munmap(to, nlen);
        return NULL;
    }
    return q;
}

void pa_big_heap_on_huge_pages(size_t n)
{
#if defined(__GLIBC__)
    /* The block comes from the top of the heap (the caller keeps it below
     * M_MMAP_THRESHOLD and the heap untrimmed); freed, it stays there as
     * the heap's top, which the advice then covers. */
    char *p = malloc(n);
    if (!p)
        return;
    uintptr_t start = (uintptr_t)p, top = (uintptr_t)sbrk(0);
    free(p);
    if (top == (uintptr_t)-1 || top < start || top - start < n)
        return; /* not from the heap (mapped): nothing to advise */
    uintptr_t from = (start + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
    uintptr_t to = top & ~(uintptr_t)(HUGE - 1);
    if (to > from)
        (void)madvise((void *)from, to - from, MADV_HUGEPAGE);
#else
    (void)n;
#endif
}

/* ---- arena chunks ------------------------------------------------------------ */

/* A region of REGION_CHUNKS chunks; unmapped when all of them were handed
 * out and all came back. */
#define REGION_CHUNKS 16
#define REGION_SIZE (REGION_CHUNKS * PA_BIG_CHUNK)

typedef struct region {
    char *base;
    unsigned handed, live; /* chunks handed out so far / not yet freed */
} region;

static pthread_mutex_t chunk_lock = PTHREAD_MUTEX_INITIALIZER;
static region *regions;
static size_t nregions, cap_regions;

/* The region with room for a chunk: the last one, or a new one. Called
 * with chunk_lock held. */
static region *region_with_room(void)
{
    if (nregions && regions[nregions - 1].handed < REGION_CHUNKS)
        return &regions[nregions - 1];
    if (nregions == cap_regions) {
        size_t ncap = cap_regions ? cap_regions * 2 : 16;
        region *r = realloc(regions, ncap * sizeof *r);
        if (!r)
            return NULL;
        regions = r;
        cap_regions = ncap;
    }
    char *base = map_aligned(REGION_SIZE);
    if (!base)
        return NULL;
    regions[nregions] = (region){base, 0, 0};
    return &regions[nregions++];
}

void *pa_big_chunk_alloc(void)
{
    pthread_mutex_lock(&chunk_lock);
    region *r = region_with_room();
    void *c = NULL;
    if (r) {
        c = r->base + (size_t)r->handed++ * PA_BIG_CHUNK;
        r->live++;
    }
    pthread_mutex_unlock(&chunk_lock);
    return c;
}

void pa_big_chunk_free(void *chunk)
{
    if (!chunk)
        return;
    pthread_mutex_lock(&chunk_lock);
    for (size_t i = nregions; i-- > 0;) {
        region *r = &regions[i];
        if ((char *)chunk < r->base || (char *)chunk >= r->base + REGION_SIZE)
            continue;
        if (--r->live == 0 && r->handed == REGION_CHUNKS) {
            munmap(r->base, REGION_SIZE);
            /* Keep the order: the last region is the one handing out. */
            memmove(&regions[i], &regions[i + 1], (--nregions - i) * sizeof *regions);
        }
        break;
    }
    pthread_mutex_unlock(&chunk_lock);
}

#else /* plain malloc: sanitizers see every allocation */

void pa_big_heap_on_huge_pages(size_t n) { (void)n; }

void *pa_big_alloc(size_t n) { return malloc(n ? n : 1); }
void *pa_big_calloc(size_t n) { return calloc(n ? n : 1, 1); }
void *pa_big_realloc(void *p, size_t old, size_t n)
{
    (void)old;
    return realloc(p, n ? n : 1);
}
void pa_big_free(void *p, size_t n)
{
    (void)n;
    free(p);
}
void *pa_big_chunk_alloc(void) { return malloc(PA_BIG_CHUNK); }
void pa_big_chunk_free(void *chunk) { free(chunk); }

#endif

void *pa_big_reserve(void *items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return items;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return NULL;
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return NULL;
    void *p = pa_big_realloc(items, *cap * elem, ncap * elem);
    if (!p)
        return NULL;
    *cap = ncap;
    return p;
}
