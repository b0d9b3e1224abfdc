/* advisor/render_text.c — the terminal report (`perfadvise report`, the
 * default format): a summary line, then one short entry per finding in
 * priority order. Colour only when asked (main.c decides: a terminal and no
 * NO_COLOR). Every string from a findings file goes through adv_put_term. */
#include "render.h"

#include "advice.h"
#include "escape_text.h"
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
    if (st->suppressed)
        fprintf(out, "perfadvise: %zu finding%s silenced by perfadvise: ignore comments "
                     "(--no-ignore lists them)\n",
                st->suppressed, st->suppressed == 1 ? "" : "s");
}

static void print_entry(FILE *out, const adv_report *r, const adv_finding *f, size_t rank,
                        const adv_render_opts *o)
{
    const adv_score *sc = &f->score;
    char head[96];
    static const char *const upper[] = {"LOW", "MEDIUM", "HIGH"};
    snprintf(head, sizeof head, "%s impact - %s - %s risk", upper[sc->impact],
             adv_effort_name(sc->effort), adv_level_name(sc->risk));
    fprintf(out, "\n#%-3zu %s%-36s%s %s%-22s%s ", rank, col(o, impact_colour(sc->impact)), head,
            col(o, C_RESET), col(o, C_BOLD), f->kind_name, col(o, C_RESET));
    adv_put_term(out, adv_file_of(f) ? adv_file_of(f) : "<unknown file>");
    fprintf(out, ":%u  ", f->loc.line);
    adv_put_term(out, adv_function_of(f));
    if (!strchr(adv_function_of(f), '(')) /* an untouched C++ name carries its parameters */
        fputs("()", out);
    if (f->tu_count > 1)
        fprintf(out, "  %s[%u TUs]%s", col(o, C_DIM), f->tu_count, col(o, C_RESET));
    if (f->cross_tu)
        fprintf(out, "  %s[whole program]%s", col(o, C_DIM), col(o, C_RESET));
    fputs("\n     ", out);
    adv_put_term(out, f->message);
    if (sc->confidence >= 0) {
        fprintf(out, "\n     %sconfidence:%s %s", col(o, C_DIM), col(o, C_RESET),
                adv_level_name((pa_level)sc->confidence));
        if (sc->confidence_reason) {
            fputs(" - ", out);
            adv_put_term(out, sc->confidence_reason);
        }
    }
    char est[256];
    adv_estimate_text(f, est, sizeof est);
    const adv_advice *a = adv_advice_for(f);
    fprintf(out, "\n     %sestimate:%s %s; priority %ld\n", col(o, C_DIM), col(o, C_RESET), est,
            sc->priority);
    if (sc->profile_basis) {
        fprintf(out, "     %sprofile:%s ", col(o, C_DIM), col(o, C_RESET));
        adv_put_term(out, sc->profile_basis);
        fputc('\n', out);
    }
    fprintf(out, "     %sfix:%s %s\n", col(o, C_DIM), col(o, C_RESET), a->fix);
    fprintf(out, "     %sverify:%s %s\n", col(o, C_DIM), col(o, C_RESET), a->verify);
    fprintf(out, "     %sid %s%s (perfadvise explain %s)\n", col(o, C_DIM), f->id, col(o, C_RESET),
            f->id);
    (void)r;
}

int adv_render_text(FILE *out, const adv_report *r, const adv_render_opts *o)
{
    print_summary(out, r, o);
    for (size_t i = 0; i < r->stats.listed && i < r->nview; i++)
        print_entry(out, r, r->view[i], i + 1, o);
    if (r->stats.listed < r->stats.findings)
        fprintf(out, "\n... %zu more finding%s not shown (--top %zu)\n",
                r->stats.findings - r->stats.listed,
                r->stats.findings - r->stats.listed == 1 ? "" : "s", r->stats.listed);
    return ferror(out) ? -1 : 0;
}
