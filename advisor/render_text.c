/* advisor/render_text.c — the terminal report (`perfadvise report`, the
 * default format): a summary line, then one short entry per finding in
 * priority order. Colour only when asked (main.c decides: a terminal and no
 * NO_COLOR). Every string from a findings file goes through adv_put_term. */
#define _GNU_SOURCE /* __fsetlocking (stdio_ext.h), with open_memstream */
#include "render.h"

#include "advice.h"
#include "escape_text.h"
#include "evidence.h"
#include "score.h"

#include <pthread.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"

static const char *col(const adv_render_opts *o, const char *code)
{
    return o && o->color ? code : "";
}

static const char *impact_colour(pa_level l)
{
    return l == PA_LEVEL_HIGH ? C_RED : l == PA_LEVEL_MEDIUM ? C_YELLOW : C_CYAN;
}

const char *adv_render_tu_dir(const adv_report *r, const adv_finding *f)
{
    if (!r || !r->set || f->tu >= r->set->ntus)
        return NULL;
    return r->set->tus[f->tu].directory;
}

static void print_summary(FILE *out, const adv_report *r, const adv_render_opts *o)
{
    const adv_summary_stats *st = &r->stats;
    bool pass = strcmp(st->status, "PASS") == 0;
    fprintf(out, "perfadvise: %zu findings file%s, %zu finding%s (%zu high, %zu medium, %zu low) - ",
            st->files_loaded, st->files_loaded == 1 ? "" : "s", st->findings,
            st->findings == 1 ? "" : "s", st->by_impact[PA_LEVEL_HIGH], st->by_impact[PA_LEVEL_MEDIUM],
            st->by_impact[PA_LEVEL_LOW]);
    if (st->score < 0) /* no findings file loaded: nothing to score */
        fprintf(out, "%s%s%s: no findings file loaded, nothing was checked\n", col(o, C_RED),
                st->status, col(o, C_RESET));
    else
        fprintf(out, "%s%s%s, score %d/100\n", col(o, pass ? C_BOLD : C_RED), st->status,
                col(o, C_RESET), st->score);
    if (st->files_skipped)
        fprintf(out, "perfadvise: %zu file%s skipped (see the warnings above)\n", st->files_skipped,
                st->files_skipped == 1 ? "" : "s");
    if (st->hidden_unsure)
        fprintf(out,
                "perfadvise: %zu finding%s below the confidence asked for not shown "
                "(--confidence low lists them)\n",
                st->hidden_unsure, st->hidden_unsure == 1 ? "" : "s");
    if (st->hidden_tests)
        fprintf(out, "perfadvise: %zu finding%s in test or mock code not shown (--tests lists %s)\n",
                st->hidden_tests, st->hidden_tests == 1 ? "" : "s",
                st->hidden_tests == 1 ? "it" : "them");
    if (st->suppressed)
        fprintf(out, "perfadvise: %zu finding%s silenced by perfadvise: ignore comments "
                     "(--no-ignore lists them)\n",
                st->suppressed, st->suppressed == 1 ? "" : "s");
}

/* The entries are most of a report's bytes (a 100,000-finding report is
 * ~50 MB): plain writes, not one fprintf format parse per field. */
static void put_uint(FILE *out, unsigned long long v)
{
    char buf[24];
    size_t i = sizeof buf;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    fwrite(buf + i, 1, sizeof buf - i, out);
}

/* s, then spaces up to width columns (printf's %-*s). */
static void put_padded(FILE *out, const char *s, size_t width)
{
    size_t n = strlen(s);
    fwrite(s, 1, n, out);
    for (; n < width; n++)
        fputc(' ', out);
}

/* "\n     <label>:" in dim. */
static void put_label(FILE *out, const adv_render_opts *o, const char *label)
{
    fputs("\n     ", out);
    fputs(col(o, C_DIM), out);
    fputs(label, out);
    fputs(col(o, C_RESET), out);
}

static void print_entry(FILE *out, const adv_report *r, const adv_finding *f, size_t rank,
                        const adv_render_opts *o)
{
    const adv_score *sc = &f->score;
    static const char *const upper[] = {"LOW", "MEDIUM", "HIGH"};
    fputs("\n#", out);
    int width = rank ? 0 : 1; /* printf's %-3zu */
    for (size_t v = rank; v; v /= 10)
        width++;
    put_uint(out, rank);
    for (; width < 3; width++)
        fputc(' ', out);
    fputc(' ', out);
    fputs(col(o, impact_colour(sc->impact)), out);
    /* "HIGH impact - hours - low risk", padded to 36 columns */
    const char *parts[] = {upper[sc->impact], " impact - ", adv_effort_name(sc->effort), " - ",
                           adv_level_name(sc->risk), " risk"};
    size_t used = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        fputs(parts[i], out);
        used += strlen(parts[i]);
    }
    for (; used < 36; used++)
        fputc(' ', out);
    fputs(col(o, C_RESET), out);
    fputc(' ', out);
    fputs(col(o, C_BOLD), out);
    put_padded(out, f->kind_name, 22);
    fputs(col(o, C_RESET), out);
    fputc(' ', out);
    adv_put_term(out, adv_file_of(f) ? adv_file_of(f) : "<unknown file>");
    fputc(':', out);
    put_uint(out, f->loc.line);
    fputs("  ", out);
    adv_put_term(out, adv_function_of(f));
    if (!strchr(adv_function_of(f), '(')) /* an untouched C++ name carries its parameters */
        fputs("()", out);
    if (f->tu_count > 1) {
        fputs("  ", out);
        fputs(col(o, C_DIM), out);
        fputc('[', out);
        put_uint(out, f->tu_count);
        fputs(" TUs]", out);
        fputs(col(o, C_RESET), out);
    }
    if (f->cross_tu) {
        fputs("  ", out);
        fputs(col(o, C_DIM), out);
        fputs("[whole program]", out);
        fputs(col(o, C_RESET), out);
    }
    fputs("\n     ", out);
    adv_put_term(out, f->message);
    if (sc->confidence >= 0) {
        put_label(out, o, "confidence:");
        fputc(' ', out);
        fputs(adv_level_name((pa_level)sc->confidence), out);
        const char *why = adv_finding_evidence_string(f, "confidence_reason");
        if (why) {
            fputs(" - ", out);
            adv_put_term(out, why);
        }
    }
    char est[256];
    adv_estimate_text(f, est, sizeof est);
    const adv_advice *a = adv_advice_for(f);
    put_label(out, o, "estimate:");
    fputc(' ', out);
    fputs(est, out);
    fputs("; priority ", out);
    if (sc->priority < 0) {
        fputc('-', out);
        put_uint(out, (unsigned long long)-(sc->priority + 1) + 1u);
    } else {
        put_uint(out, (unsigned long long)sc->priority);
    }
    if (sc->profile_basis) {
        put_label(out, o, "profile:");
        fputc(' ', out);
        adv_put_term(out, sc->profile_basis);
    }
    fputs("\n     ", out);
    fputs(col(o, C_DIM), out);
    fputs("fix:", out);
    fputs(col(o, C_RESET), out);
    fputc(' ', out);
    fputs(a->fix, out);
    fputs("\n     ", out);
    fputs(col(o, C_DIM), out);
    fputs("verify:", out);
    fputs(col(o, C_RESET), out);
    fputc(' ', out);
    fputs(a->verify, out);
    fputs("\n     ", out);
    fputs(col(o, C_DIM), out);
    fputs("id ", out);
    fputs(f->id, out);
    fputs(col(o, C_RESET), out);
    fputs(" (perfadvise explain ", out);
    fputs(f->id, out);
    fputs(")\n", out);
    (void)r;
}

/* ---- the entries on two threads ------------------------------------------
 * A large report's entries (100,000 of them, ~70 MB) take a tenth of its
 * time to format. They are formatted in blocks of BLOCK entries: a helper
 * thread formats every other block into memory while this thread writes
 * its own blocks to out and, between them, the helper's, so the report is
 * the same bytes in the same order. The helper is at most HELD blocks
 * ahead: memory stays a few hundred KB whatever the report's size. Every
 * entry reads only its finding and the report (nothing is cached while
 * rendering), so the two threads share nothing else. */
#define BLOCK 256u
#define HELD 2u

typedef struct held_block {
    char *buf; /* NULL: not formatted (no memory); this thread formats it */
    size_t len;
    size_t block; /* which block it holds, once ready */
    bool ready;
} held_block;

typedef struct text_helper {
    const adv_report *r;
    const adv_render_opts *o;
    size_t n;       /* entries */
    size_t nblocks; /* of BLOCK entries, the last one short */
    held_block held[HELD];
    pthread_mutex_t mu;
    pthread_cond_t cv;
} text_helper;

static void print_entries(FILE *out, const adv_report *r, const adv_render_opts *o, size_t from,
                          size_t to)
{
    for (size_t i = from; i < to; i++)
        print_entry(out, r, r->view[i], i + 1, o);
}

static size_t block_end(const text_helper *h, size_t b)
{
    return (b + 1) * BLOCK < h->n ? (b + 1) * BLOCK : h->n;
}

/* The helper's blocks are the odd ones: block b goes to held[(b / 2) % HELD]
 * once this thread has written what that slot held before. */
static void *helper_main(void *arg)
{
    text_helper *h = arg;
    for (size_t b = 1; b < h->nblocks; b += 2) {
        held_block *hb = &h->held[(b / 2) % HELD];
        pthread_mutex_lock(&h->mu);
        while (hb->ready)
            pthread_cond_wait(&h->cv, &h->mu);
        pthread_mutex_unlock(&h->mu);
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        if (mem) {
            __fsetlocking(mem, FSETLOCKING_BYCALLER); /* one thread writes it */
            print_entries(mem, h->r, h->o, b * BLOCK, block_end(h, b));
            if (fclose(mem) != 0) {
                free(buf);
                buf = NULL;
            }
        }
        pthread_mutex_lock(&h->mu);
        hb->buf = buf;
        hb->len = len;
        hb->block = b;
        hb->ready = true;
        pthread_cond_broadcast(&h->cv);
        pthread_mutex_unlock(&h->mu);
    }
    return NULL;
}

/* Write block b, formatted by the helper (or here when it could not). */
static void write_held(FILE *out, text_helper *h, size_t b)
{
    held_block *hb = &h->held[(b / 2) % HELD];
    pthread_mutex_lock(&h->mu);
    while (!hb->ready)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
    if (hb->buf)
        fwrite(hb->buf, 1, hb->len, out);
    else
        print_entries(out, h->r, h->o, b * BLOCK, block_end(h, b));
    free(hb->buf);
    pthread_mutex_lock(&h->mu);
    hb->buf = NULL;
    hb->ready = false;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

/* Entries [0, n) on two threads. Returns false when no helper could be
 * started (nothing written then). */
static bool print_entries_helped(FILE *out, const adv_report *r, const adv_render_opts *o,
                                 size_t n)
{
    text_helper h;
    memset(&h, 0, sizeof h);
    h.r = r;
    h.o = o;
    h.n = n;
    h.nblocks = (n + BLOCK - 1) / BLOCK;
    if (pthread_mutex_init(&h.mu, NULL) != 0)
        return false;
    if (pthread_cond_init(&h.cv, NULL) != 0) {
        pthread_mutex_destroy(&h.mu);
        return false;
    }
    pthread_t t;
    bool started = pthread_create(&t, NULL, helper_main, &h) == 0;
    if (started) {
        for (size_t b = 0; b < h.nblocks; b++) {
            if (b % 2)
                write_held(out, &h, b);
            else
                print_entries(out, r, o, b * BLOCK, block_end(&h, b));
        }
        pthread_join(t, NULL);
    }
    pthread_cond_destroy(&h.cv);
    pthread_mutex_destroy(&h.mu);
    return started;
}

int adv_render_text(FILE *out, const adv_report *r, const adv_render_opts *o)
{
    print_summary(out, r, o);
    size_t n = r->stats.listed < r->nview ? r->stats.listed : r->nview;
    /* A short report is not worth a thread. */
    if (n <= 4 * BLOCK || !print_entries_helped(out, r, o, n))
        print_entries(out, r, o, 0, n);
    if (r->stats.listed < r->stats.findings)
        fprintf(out, "\n... %zu more finding%s not shown (--top %zu)\n",
                r->stats.findings - r->stats.listed,
                r->stats.findings - r->stats.listed == 1 ? "" : "s", r->stats.listed);
    return ferror(out) ? -1 : 0;
}
