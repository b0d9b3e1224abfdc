/* advisor/render_markdown.c — `perfadvise report --format markdown`: a
 * summary, an index table, then one section per finding: Bottleneck, Impact
 * (with the estimate), Location, Cause, Current code (read from the source
 * when it exists), Proposed fix, Expected gain, Implementation steps,
 * Verification. Untrusted strings go through adv_put_md / adv_put_md_code;
 * code blocks use a fence longer than any backtick run inside them. */
#include "render.h"

#include "advice.h"
#include "escape_text.h"
#include "evidence.h"
#include "score.h"
#include "source.h"

#include <string.h>

static void put_location(FILE *out, const adv_finding *f)
{
    char buf[4200];
    snprintf(buf, sizeof buf, "%s:%u:%u", adv_file_of(f) ? adv_file_of(f) : "<unknown file>", f->loc.line,
             f->loc.column);
    adv_put_md_code(out, buf);
}

static void put_excerpt(FILE *out, adv_source_cache *cache, const adv_report *r,
                        const adv_finding *f, unsigned context)
{
    adv_excerpt ex;
    if (!adv_source_excerpt(cache, f->loc.file, adv_render_tu_dir(r, f), f->loc.line, context,
                            &ex)) {
        fputs("_Source not available here (the file was not found from this directory)._\n", out);
        return;
    }
    size_t fence = 3;
    for (size_t i = 0; i < ex.count; i++) {
        size_t run = 0;
        for (size_t k = 0; k < ex.lens[i]; k++) {
            run = ex.lines[i][k] == '`' ? run + 1 : 0;
            if (run + 1 > fence)
                fence = run + 1;
        }
    }
    for (size_t i = 0; i < fence; i++)
        fputc('`', out);
    fputs("c\n", out);
    for (size_t i = 0; i < ex.count; i++) {
        unsigned ln = ex.first + (unsigned)i;
        fprintf(out, "%s%5u | ", ln == f->loc.line ? ">" : " ", ln);
        adv_put_code_line(out, ex.lines[i], ex.lens[i]);
        fputc('\n', out);
    }
    for (size_t i = 0; i < fence; i++)
        fputc('`', out);
    fputc('\n', out);
}

static void put_section(FILE *out, const adv_report *r, const adv_finding *f, size_t rank,
                        adv_source_cache *cache, unsigned context)
{
    const adv_score *sc = &f->score;
    const adv_advice *a = adv_advice_for(f);
    char est[256];
    adv_estimate_text(f, est, sizeof est);
    fprintf(out, "\n## %zu. %s in ", rank, f->kind_name);
    adv_put_md_code(out, adv_function_of(f));
    fprintf(out, " (%s impact)\n\n", adv_level_title(sc->impact));
    fprintf(out, "### Bottleneck\n\n%s.\n\n", a->bottleneck);
    /* est is built from numbers and static text only: no escaping needed. */
    fprintf(out, "### Impact\n\n**%s** - %s", adv_level_title(sc->impact), est);
    fprintf(out, " (%s).", sc->impact_reason);
    if (sc->profile_basis) {
        fputs(" Profile: ", out);
        adv_put_md(out, sc->profile_basis);
        fputc('.', out);
    }
    fprintf(out,
            "\n\nEffort: **%s** (%s). Risk: **%s** (%s). Priority: %ld. "
            "Id: `%s` (`perfadvise explain %s`).\n\n",
            adv_effort_title(sc->effort), sc->effort_reason, adv_level_title(sc->risk),
            sc->risk_reason, sc->priority, f->id, f->id);
    fputs("### Location\n\n", out);
    put_location(out, f);
    fputs(" in ", out);
    adv_put_md_code(out, f->function_demangled);
    if (f->tu_count > 1)
        fprintf(out, " - reported by %u translation units (code in a shared header)", f->tu_count);
    if (f->cross_tu)
        fputs(" - found by the whole-program lock graph", out);
    fputs("\n\n### Cause\n\n", out);
    adv_put_md(out, f->message);
    if (sc->confidence >= 0) {
        fprintf(out, "\n\nConfidence: **%s**", adv_level_name((pa_level)sc->confidence));
        const char *why = adv_finding_evidence_string(f, "confidence_reason");
        if (why) {
            fputs(" - ", out);
            adv_put_md(out, why);
        }
        fputc('.', out);
    }
    fputs("\n\n### Current code\n\n", out);
    put_excerpt(out, cache, r, f, context);
    fprintf(out, "\n### Proposed fix\n\n%s\n\n### Expected gain\n\n%s Estimated now: %s", a->fix,
            a->gain, est);
    fputs(".\n\n### Implementation steps\n\n", out);
    int n = 0;
    for (int i = 0; i < 4 && a->steps[i]; i++)
        fprintf(out, "%d. %s\n", ++n, a->steps[i]);
    if (!n)
        fputs("None.\n", out);
    fprintf(out, "\n### Verification\n\n%s\n", a->verify);
}

/* One section, on either thread of adv_render_entries; state is that
 * thread's source cache (excerpts are the file's lines, whichever cache
 * read them). */
static int md_entry(FILE *out, const adv_report *r, size_t i, const adv_render_opts *o,
                    void *state)
{
    put_section(out, r, r->view[i], i + 1, state, o ? o->context : 2);
    return 0;
}

int adv_render_markdown(FILE *out, const adv_report *r, const adv_render_opts *o)
{
    const adv_summary_stats *st = &r->stats;
    adv_source_cache *cache = adv_source_cache_new();
    if (!cache)
        return -1;
    fprintf(out, "# perfadvise report\n\n**Status:** %s - ", st->status);
    if (st->score < 0)
        fputs("**nothing was checked** - ", out);
    else
        fprintf(out, "**Score:** %d/100 - ", st->score);
    fprintf(out, "%zu findings (%zu high, %zu medium, %zu low) from %zu findings files",
            st->findings, st->by_impact[PA_LEVEL_HIGH],
            st->by_impact[PA_LEVEL_MEDIUM], st->by_impact[PA_LEVEL_LOW], st->files_loaded);
    if (st->files_skipped)
        fprintf(out, " (%zu skipped)", st->files_skipped);
    fputs(".", out);
    if (st->hidden_unsure)
        fprintf(out, " %zu findings below the confidence asked for are not shown.", st->hidden_unsure);
    if (st->hidden_tests)
        fprintf(out, " %zu findings in test or mock code are not shown (`--tests`).", st->hidden_tests);
    if (st->suppressed)
        fprintf(out, " %zu findings are silenced by `perfadvise: ignore` comments.", st->suppressed);
    fputs("\n\n", out);
    size_t listed = st->listed < r->nview ? st->listed : r->nview;
    if (listed) {
        fputs("| # | Impact | Effort | Risk | Kind | Location | Function |\n"
              "|---|---|---|---|---|---|---|\n",
              out);
        for (size_t i = 0; i < listed; i++) {
            const adv_finding *f = r->view[i];
            fprintf(out, "| %zu | %s | %s | %s | %s | ", i + 1, adv_level_title(f->score.impact),
                    adv_effort_title(f->score.effort), adv_level_title(f->score.risk),
                    f->kind_name);
            /* Not a code span: GFM splits cells at '|' even inside one. */
            adv_put_md(out, adv_file_of(f) ? adv_file_of(f) : "<unknown file>");
            fprintf(out, ":%u | ", f->loc.line);
            adv_put_md(out, adv_function_of(f));
            fputs(" |\n", out);
        }
    }
    adv_entry_state state = adv_entry_source_caches(cache);
    adv_render_entries(out, r, o, listed, md_entry, &state);
    if (listed < st->findings)
        fprintf(out, "\n_%zu more findings not shown (--top)._\n", st->findings - listed);
    adv_source_cache_free(cache);
    return ferror(out) ? -1 : 0;
}
