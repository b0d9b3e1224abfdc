/* advisor/render_entries.c — a report's entries formatted on two threads
 * (render.h, adv_render_entries). A large report's entries (100,000 of
 * them, 70-120 MB) take most of the render's time and a tenth to half of
 * the report's. They are formatted in blocks of BLOCK entries, each block
 * by whichever thread takes it first: a helper thread formats the blocks
 * it takes into memory; this thread writes every block to out in order,
 * and between writes takes blocks too, formatting the next one to write
 * straight into out and a later one into memory. So the split follows
 * what each thread has time for (this thread also writes every byte; a
 * fixed three blocks in five for the helper was right only as long as
 * the costs it was measured with). Blocks are taken at most HELD ahead of
 * the last one written: memory stays about a MB whatever the report's
 * size. An entry reads the report and changes only its own finding (JSON
 * builds and drops its evidence tree), so the two threads share nothing
 * else, and the report is the same bytes whichever thread formats what. */
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
    held_block held[HELD]; /* block b in held[b % HELD] */
    size_t taken;   /* blocks [0, taken) are taken by one thread or the other */
    size_t written; /* blocks [0, written) are in out */
    bool stop;      /* an entry failed: nothing more is taken */
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

/* A block is written into its slot's buffer through a buffered
 * fopencookie stream, so that stdio copies runs as it does into the
 * report; open_memstream took a slower path for short writes, and a new
 * buffer for each block, fresh pages for the kernel to clear. */
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

/* Block b formatted into its slot with state, then marked ready (failed
 * when it could not be: this thread formats it again, into out). */
static void format_held(entry_helper *h, size_t b, void *state)
{
    static const cookie_io_functions_t io = {NULL, held_write, NULL, NULL};
    held_block *hb = &h->held[b % HELD];
    hb->len = 0;
    FILE *mem = fopencookie(hb, "w", io);
    bool ok = false;
    if (mem) {
        __fsetlocking(mem, FSETLOCKING_BYCALLER); /* one thread writes it */
        bool failed = print_entries(mem, h, b * BLOCK, block_end(h, b), state) != 0;
        ok = fclose(mem) == 0 && !failed;
    }
    pthread_mutex_lock(&h->mu);
    hb->failed = !ok;
    hb->block = b;
    hb->ready = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

/* The next block either thread may take (with h->mu held), or nblocks. */
static size_t take_block(entry_helper *h)
{
    if (h->stop || h->taken >= h->nblocks || h->taken >= h->written + HELD)
        return h->nblocks;
    return h->taken++;
}

static void *helper_main(void *arg)
{
    entry_helper *h = arg;
    /* Without its own state the helper formats nothing: the other thread
     * takes every block. */
    void *state = h->state && h->state->make ? h->state->make(h->state->mine) : NULL;
    if (h->state && h->state->make && !state)
        return NULL;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        size_t b;
        while ((b = take_block(h)) == h->nblocks && !h->stop && h->taken < h->nblocks)
            pthread_cond_wait(&h->cv, &h->mu);
        if (b == h->nblocks)
            break;
        pthread_mutex_unlock(&h->mu);
        format_held(h, b, state);
        pthread_mutex_lock(&h->mu);
    }
    pthread_mutex_unlock(&h->mu);
    if (state)
        h->state->drop(state);
    return NULL;
}

/* Block b, formatted into its slot by either thread, to out (or formatted
 * here when it could not be); 0, or -1 when an entry failed. */
static int write_held(FILE *out, entry_helper *h, size_t b)
{
    held_block *hb = &h->held[b % HELD];
    if (hb->failed)
        return print_entries(out, h, b * BLOCK, block_end(h, b), mine(h));
    if (hb->len)
        fwrite(hb->buf, 1, hb->len, out);
    return 0;
}

/* This thread's part: every block written in order; while the next one
 * is not ready, it takes one itself. 0, or -1 when an entry failed. */
static int write_blocks(FILE *out, entry_helper *h)
{
    int rc = 0;
    pthread_mutex_lock(&h->mu);
    while (h->written < h->nblocks && rc == 0) {
        size_t w = h->written;
        held_block *next = &h->held[w % HELD];
        size_t b;
        if (next->ready && next->block == w) {
            pthread_mutex_unlock(&h->mu);
            rc = write_held(out, h, w);
            pthread_mutex_lock(&h->mu);
            next->ready = false;
        } else if ((b = take_block(h)) == w) {
            pthread_mutex_unlock(&h->mu);
            rc = print_entries(out, h, w * BLOCK, block_end(h, w), mine(h));
            pthread_mutex_lock(&h->mu);
        } else if (b < h->nblocks) {
            pthread_mutex_unlock(&h->mu);
            format_held(h, b, mine(h));
            pthread_mutex_lock(&h->mu);
            continue;
        } else {
            pthread_cond_wait(&h->cv, &h->mu); /* the helper formats block w */
            continue;
        }
        h->written = w + 1;
        pthread_cond_broadcast(&h->cv);
    }
    /* After a failure nothing more is taken; the helper finishes the
     * block it has and stops. */
    h->stop = true;
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
        rc = write_blocks(out, &h);
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
