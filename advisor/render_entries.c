/* advisor/render_entries.c — a report's entries formatted on two threads
 * (render.h, adv_render_entries). A large report's entries (100,000 of
 * them, 70-120 MB) take most of the render's time and a tenth to half of
 * the report's. They are formatted in blocks of BLOCK entries: a helper
 * thread formats three blocks in five into memory while this thread
 * writes its own blocks to out and, between them, the helper's, so the
 * report is the same bytes in the same order (this thread also writes
 * every byte, so an even split left the helper waiting). The helper is at
 * most HELD blocks ahead: memory stays about a MB whatever the report's
 * size. An
 * entry reads the report and changes only its own finding (JSON builds
 * and drops its evidence tree), so the two threads share nothing else. */
#define _GNU_SOURCE /* __fsetlocking (stdio_ext.h), fopencookie */
#include "render.h"
#include "source.h"

#include <pthread.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define BLOCK 256u
#define HELD 4u

/* Blocks come in periods of PERIOD; HELPER_RANK[b % PERIOD] is the
 * helper's count of block b within its period, -1 for this thread's. */
#define PERIOD 5u
#define PER_PERIOD 3u
static const signed char HELPER_RANK[PERIOD] = {-1, 0, -1, 1, 2};

/* The helper's k-th block (k counted from 0 over all of its blocks), or -1
 * for a block this thread formats. */
static long helper_index(size_t b)
{
    int rank = HELPER_RANK[b % PERIOD];
    return rank < 0 ? -1 : (long)((b / PERIOD) * PER_PERIOD + (size_t)rank);
}

typedef struct held_block {
    char *buf;    /* kept from block to block, freed at the end */
    size_t len;   /* the block's bytes in buf */
    size_t cap;   /* buf's size */
    bool failed;  /* not formatted (no memory): this thread formats it */
    size_t block; /* which block it holds, once ready */
    bool ready;
} held_block;

typedef struct entry_helper {
    const adv_report *r;
    const adv_render_opts *o;
    adv_entry_fn entry;
    const adv_entry_state *state; /* or NULL */
    size_t n;       /* entries */
    size_t nblocks; /* of BLOCK entries, the last one short */
    held_block held[HELD];
    pthread_mutex_t mu;
    pthread_cond_t cv;
} entry_helper;

/* Entries [from, to) with this thread's state; 0, or -1 when one failed
 * (out of memory). */
static int print_entries(FILE *out, const entry_helper *h, size_t from, size_t to, void *state)
{
    for (size_t i = from; i < to; i++)
        if (h->entry(out, h->r, i, h->o, state) != 0)
            return -1;
    return 0;
}

static void *mine(const entry_helper *h)
{
    return h->state ? h->state->mine : NULL;
}

static size_t block_end(const entry_helper *h, size_t b)
{
    return (b + 1) * BLOCK < h->n ? (b + 1) * BLOCK : h->n;
}

/* The helper's stream writes into its slot's buffer (fopencookie): a
 * plain buffered FILE, so that stdio copies runs as it does into the
 * report, where open_memstream took a slower path for short writes, and
 * a new buffer for each block, fresh pages for the kernel to clear, that
 * the other thread freed. */
static ssize_t held_write(void *cookie, const char *data, size_t n)
{
    held_block *hb = cookie;
    if (hb->len + n > hb->cap) {
        size_t cap = hb->cap ? hb->cap : 64u * 1024u;
        while (cap < hb->len + n)
            cap *= 2;
        char *buf = realloc(hb->buf, cap);
        if (!buf)
            return -1;
        hb->buf = buf;
        hb->cap = cap;
    }
    memcpy(hb->buf + hb->len, data, n);
    hb->len += n;
    return (ssize_t)n;
}

/* Entries [from, to) formatted into hb; false when they could not be. */
static bool format_held(held_block *hb, const entry_helper *h, size_t from, size_t to,
                        void *state)
{
    static const cookie_io_functions_t io = {NULL, held_write, NULL, NULL};
    hb->len = 0;
    FILE *mem = fopencookie(hb, "w", io);
    if (!mem)
        return false;
    __fsetlocking(mem, FSETLOCKING_BYCALLER); /* one thread writes it */
    bool failed = print_entries(mem, h, from, to, state) != 0;
    return fclose(mem) == 0 && !failed;
}

/* The helper's k-th block goes to held[k % HELD] once this thread has
 * written what that slot held before. */
static void *helper_main(void *arg)
{
    entry_helper *h = arg;
    /* Without its own state the helper formats nothing: every block stays
     * failed and the other thread formats the helper's blocks too. */
    void *state = h->state && h->state->make ? h->state->make(h->state->mine) : NULL;
    bool usable = !h->state || !h->state->make || state;
    for (size_t b = 0; b < h->nblocks; b++) {
        long k = helper_index(b);
        if (k < 0)
            continue;
        held_block *hb = &h->held[(size_t)k % HELD];
        pthread_mutex_lock(&h->mu);
        while (hb->ready)
            pthread_cond_wait(&h->cv, &h->mu);
        pthread_mutex_unlock(&h->mu);
        bool ok = usable && format_held(hb, h, b * BLOCK, block_end(h, b), state);
        pthread_mutex_lock(&h->mu);
        hb->failed = !ok;
        hb->block = b;
        hb->ready = true;
        pthread_cond_broadcast(&h->cv);
        pthread_mutex_unlock(&h->mu);
    }
    if (state)
        h->state->drop(state);
    return NULL;
}

/* Write block b, formatted by the helper (or here when it could not).
 * Returns 0, or -1 when an entry failed. */
static int write_held(FILE *out, entry_helper *h, size_t b, size_t k)
{
    held_block *hb = &h->held[k % HELD];
    pthread_mutex_lock(&h->mu);
    while (!hb->ready)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
    int rc = 0;
    if (!hb->failed)
        fwrite(hb->buf, 1, hb->len, out);
    else
        rc = print_entries(out, h, b * BLOCK, block_end(h, b), mine(h));
    pthread_mutex_lock(&h->mu);
    hb->ready = false;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    return rc;
}

/* Entries [0, n) on two threads: 0, -1 when an entry failed, or 1 when
 * no helper could be started (nothing written then). */
static int print_entries_helped(FILE *out, const adv_report *r, const adv_render_opts *o,
                                size_t n, adv_entry_fn entry, const adv_entry_state *state)
{
    entry_helper h;
    memset(&h, 0, sizeof h);
    h.r = r;
    h.o = o;
    h.entry = entry;
    h.state = state;
    h.n = n;
    h.nblocks = (n + BLOCK - 1) / BLOCK;
    if (pthread_mutex_init(&h.mu, NULL) != 0)
        return 1;
    if (pthread_cond_init(&h.cv, NULL) != 0) {
        pthread_mutex_destroy(&h.mu);
        return 1;
    }
    pthread_t t;
    int rc = 1;
    if (pthread_create(&t, NULL, helper_main, &h) == 0) {
        rc = 0;
        /* Every block is taken, even after a failure: the helper waits
         * for its slots to empty. */
        for (size_t b = 0; b < h.nblocks; b++) {
            long k = helper_index(b);
            int brc = k >= 0    ? write_held(out, &h, b, (size_t)k)
                      : rc == 0 ? print_entries(out, &h, b * BLOCK, block_end(&h, b), mine(&h))
                                : 0;
            if (brc != 0)
                rc = -1;
        }
        pthread_join(t, NULL);
        for (size_t k = 0; k < HELD; k++)
            free(h.held[k].buf);
    }
    pthread_cond_destroy(&h.cv);
    pthread_mutex_destroy(&h.mu);
    return rc;
}

int adv_render_entries(FILE *out, const adv_report *r, const adv_render_opts *o, size_t n,
                       adv_entry_fn entry, const adv_entry_state *state)
{
    /* A short report is not worth a thread. */
    if (n > 4 * BLOCK) {
        int rc = print_entries_helped(out, r, o, n, entry, state);
        if (rc != 1)
            return rc;
    }
    entry_helper h;
    memset(&h, 0, sizeof h);
    h.r = r;
    h.o = o;
    h.entry = entry;
    h.state = state;
    return print_entries(out, &h, 0, n, mine(&h));
}

static void *new_source_cache(void *mine)
{
    (void)mine;
    return adv_source_cache_new();
}

static void free_source_cache(void *cache)
{
    adv_source_cache_free(cache);
}

adv_entry_state adv_entry_source_caches(void *mine)
{
    return (adv_entry_state){mine, new_source_cache, free_source_cache};
}
