/* advisor/render_text.c — the terminal report (`perfadvise report`, the
 * default format): a summary line, then one short entry per finding in
 * priority order. Colour only when asked (main.c decides: a terminal and no
 * NO_COLOR). Every string from a findings file goes through adv_put_term. */
#include "render.h"

#include "advice.h"
#include "escape_text.h"
#include "evidence.h"
#include "numfmt.h"
#include "score.h"

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
 * ~50 MB). An entry is put together in a buffer on the stack and written
 * with one fwrite: ~60 stdio calls an entry (each a lock, a length and a
 * copy loop in glibc) were a third of the render's instructions. */
#define ENTRY_BUF 4096

typedef struct entry_buf {
    FILE *out;
    size_t len;
    char buf[ENTRY_BUF];
} entry_buf;

static void eb_flush(entry_buf *b)
{
    if (b->len)
        fwrite(b->buf, 1, b->len, b->out);
    b->len = 0;
}

/* What does not fit: flushed first, and a long text straight to the
 * stream. */
static void eb_write_full(entry_buf *b, const char *s, size_t n)
{
    eb_flush(b);
    if (n >= ENTRY_BUF) {
        fwrite(s, 1, n, b->out);
        return;
    }
    memcpy(b->buf, s, n);
    b->len = n;
}

/* Inline: most pieces are literals, whose copy then has a known length
 * (a million calls on a large report). */
static inline void eb_write(entry_buf *b, const char *s, size_t n)
{
    if (__builtin_expect(n > ENTRY_BUF - b->len, 0)) {
        eb_write_full(b, s, n);
        return;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}

static void eb_puts(entry_buf *b, const char *s)
{
    eb_write(b, s, strlen(s));
}

/* A string literal: its length is known when compiled (most pieces of
 * an entry; eb_puts took a strlen for each). */
#define eb_lit(b, lit) eb_write((b), "" lit, sizeof(lit) - 1)

static void eb_putc(entry_buf *b, char c)
{
    if (b->len == ENTRY_BUF)
        eb_flush(b);
    b->buf[b->len++] = c;
}

static void eb_uint(entry_buf *b, unsigned long long v)
{
    char num[24];
    eb_write(b, num, adv_fmt_digits((uint64_t)v, num));
}

/* adv_put_term's bytes: text it copies unchanged goes to the buffer; text
 * with a byte it may escape (rare) goes through it, after what is
 * buffered. */
static void eb_term(entry_buf *b, const char *s)
{
    if (!s)
        return;
    size_t plain = adv_term_plain_len(s);
    if (!s[plain]) {
        eb_write(b, s, plain);
        return;
    }
    eb_flush(b);
    adv_put_term(b->out, s);
}

/* s, then spaces up to width columns (printf's %-*s). */
static void eb_padded(entry_buf *b, const char *s, size_t width)
{
    size_t n = strlen(s);
    eb_write(b, s, n);
    for (; n < width; n++)
        eb_putc(b, ' ');
}

/* A colour's code, when the report has colour. */
static void eb_col(entry_buf *b, const adv_render_opts *o, const char *code)
{
    if (o && o->color)
        eb_puts(b, code);
}

/* "\n     <label>:" in dim. */
static void eb_label(entry_buf *b, const adv_render_opts *o, const char *label)
{
    eb_lit(b, "\n     ");
    eb_col(b, o, C_DIM);
    eb_puts(b, label);
    eb_col(b, o, C_RESET);
}

static void print_entry(FILE *out, const adv_report *r, const adv_finding *f, size_t rank,
                        const adv_render_opts *o)
{
    const adv_score *sc = &f->score;
    static const char *const upper[] = {"LOW", "MEDIUM", "HIGH"};
    entry_buf eb;
    eb.out = out;
    eb.len = 0;
    entry_buf *b = &eb;
    eb_lit(b, "\n#");
    int width = rank ? 0 : 1; /* printf's %-3zu */
    for (size_t v = rank; v; v /= 10)
        width++;
    eb_uint(b, rank);
    for (; width < 3; width++)
        eb_putc(b, ' ');
    eb_putc(b, ' ');
    eb_col(b, o, impact_colour(sc->impact));
    /* "HIGH impact - hours - low risk", padded to 36 columns */
    const char *parts[] = {upper[sc->impact], " impact - ", adv_effort_name(sc->effort), " - ",
                           adv_level_name(sc->risk), " risk"};
    size_t used = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        size_t k = strlen(parts[i]);
        eb_write(b, parts[i], k);
        used += k;
    }
    for (; used < 36; used++)
        eb_putc(b, ' ');
    eb_col(b, o, C_RESET);
    eb_putc(b, ' ');
    eb_col(b, o, C_BOLD);
    eb_padded(b, f->kind_name, 22);
    eb_col(b, o, C_RESET);
    eb_putc(b, ' ');
    eb_term(b, adv_file_of(f) ? adv_file_of(f) : "<unknown file>");
    eb_putc(b, ':');
    eb_uint(b, f->loc.line);
    eb_lit(b, "  ");
    eb_term(b, adv_function_of(f));
    if (!strchr(adv_function_of(f), '(')) /* an untouched C++ name carries its parameters */
        eb_lit(b, "()");
    if (f->tu_count > 1) {
        eb_lit(b, "  ");
        eb_col(b, o, C_DIM);
        eb_putc(b, '[');
        eb_uint(b, f->tu_count);
        eb_lit(b, " TUs]");
        eb_col(b, o, C_RESET);
    }
    if (f->cross_tu) {
        eb_lit(b, "  ");
        eb_col(b, o, C_DIM);
        eb_lit(b, "[whole program]");
        eb_col(b, o, C_RESET);
    }
    eb_lit(b, "\n     ");
    eb_term(b, f->message);
    if (sc->confidence >= 0) {
        eb_label(b, o, "confidence:");
        eb_putc(b, ' ');
        eb_puts(b, adv_level_name((pa_level)sc->confidence));
        const char *why = adv_finding_evidence_string(f, "confidence_reason");
        if (why) {
            eb_lit(b, " - ");
            eb_term(b, why);
        }
    }
    char est[256];
    adv_estimate_text(f, est, sizeof est);
    const adv_advice *a = adv_advice_for(f);
    eb_label(b, o, "estimate:");
    eb_putc(b, ' ');
    eb_puts(b, est);
    eb_lit(b, "; priority ");
    if (sc->priority < 0) {
        eb_putc(b, '-');
        eb_uint(b, (unsigned long long)-(sc->priority + 1) + 1u);
    } else {
        eb_uint(b, (unsigned long long)sc->priority);
    }
    if (sc->profile_basis) {
        eb_label(b, o, "profile:");
        eb_putc(b, ' ');
        eb_term(b, sc->profile_basis);
    }
    eb_lit(b, "\n     ");
    eb_col(b, o, C_DIM);
    eb_lit(b, "fix:");
    eb_col(b, o, C_RESET);
    eb_putc(b, ' ');
    eb_puts(b, a->fix);
    eb_lit(b, "\n     ");
    eb_col(b, o, C_DIM);
    eb_lit(b, "verify:");
    eb_col(b, o, C_RESET);
    eb_putc(b, ' ');
    eb_puts(b, a->verify);
    eb_lit(b, "\n     ");
    eb_col(b, o, C_DIM);
    eb_lit(b, "id ");
    eb_puts(b, f->id);
    eb_col(b, o, C_RESET);
    eb_lit(b, " (perfadvise explain ");
    eb_puts(b, f->id);
    eb_lit(b, ")\n");
    eb_flush(b);
    (void)r;
}

static int text_entry(FILE *out, const adv_report *r, size_t i, const adv_render_opts *o,
                      void *state)
{
    (void)state;
    print_entry(out, r, r->view[i], i + 1, o);
    return 0;
}

int adv_render_text(FILE *out, const adv_report *r, const adv_render_opts *o)
{
    print_summary(out, r, o);
    size_t n = r->stats.listed < r->nview ? r->stats.listed : r->nview;
    adv_render_entries(out, r, o, n, text_entry, NULL);
    if (r->stats.listed < r->stats.findings)
        fprintf(out, "\n... %zu more finding%s not shown (--top %zu)\n",
                r->stats.findings - r->stats.listed,
                r->stats.findings - r->stats.listed == 1 ? "" : "s", r->stats.listed);
    return ferror(out) ? -1 : 0;
}
