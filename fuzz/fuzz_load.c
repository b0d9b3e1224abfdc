/* fuzz/fuzz_load.c — libFuzzer target: arbitrary bytes as a findings file.
 * The loader must reject or accept without crashing, leaking or tripping a
 * sanitizer; what it accepts must join, score and render cleanly.
 *   build/fuzz/fuzz_load -max_total_time=60 lit/Inputs/advisor */
#include "load.h"
#include "lockgraph.h"
#include "merge.h"
#include "render.h"
#include "score.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void render_all(adv_set *s, adv_lockgraph *g)
{
    adv_finding **view = malloc((s->count ? s->count : 1) * sizeof *view);
    if (!view)
        return;
    for (size_t i = 0; i < s->count; i++)
        view[i] = &s->items[i];
    qsort(view, s->count, sizeof *view, adv_compare_findings);
    adv_report r;
    memset(&r, 0, sizeof r);
    r.set = s;
    r.view = view;
    r.nview = s->count;
    r.graph = g;
    r.stats.files_loaded = 1;
    adv_summarize(view, s->count, s->count, &r.stats);
    adv_render_opts o = {true, 2};
    FILE *out = fopen("/dev/null", "w");
    if (out) {
        adv_render_text(out, &r, &o);
        adv_render_markdown(out, &r, &o);
        adv_render_json(out, &r, &o);
        adv_render_sarif(out, &r, &o);
        adv_render_html(out, &r, &o);
        fclose(out);
    }
    free(view);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    adv_set s;
    char err[256];
    if (adv_set_init(&s) != 0)
        return 0;
    /* Load the input twice: the second copy exercises de-duplication. */
    if (adv_load_buffer(&s, (const char *)data, size, "fuzz.json", err, sizeof err) == 0 &&
        adv_load_buffer(&s, (const char *)data, size, "fuzz2.json", err, sizeof err) == 0) {
        adv_lockgraph g;
        if (adv_lockgraph_build(&s, &g) == 0) {
            adv_lockgraph_report_cycles(&s, &g);
            adv_score_set(&s);
            render_all(&s, &g);
            adv_lockgraph_free(&g);
        }
    }
    adv_set_free(&s);
    return 0;
}
