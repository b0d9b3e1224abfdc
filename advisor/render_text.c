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
 * ~50 MB): plain writes, not one fprintf format parse per field. */
static void put_uint(FILE *out, unsigned long long v)
{
    char buf[24];
    fwrite(buf, 1, adv_fmt_digits((uint64_t)v, buf), out);
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
