/* advisor/render.h — the report renderers: text (terminal), Markdown, JSON,
 * SARIF 2.1.0 and self-contained HTML. Each prints the first
 * r->stats.listed findings of r->view and the summary. Every string from a
 * findings file is escaped for the medium (advisor/escape_text.h). */
#ifndef ADV_RENDER_H
#define ADV_RENDER_H

#include "advisor.h"

#include <stdio.h>

typedef struct adv_render_opts {
    bool color;       /* text: ANSI colours (only on a terminal, never with NO_COLOR) */
    unsigned context; /* source lines shown on each side of a finding */
} adv_render_opts;

/* Each returns 0, or -1 on out of memory or a write error. */
int adv_render_text(FILE *out, const adv_report *r, const adv_render_opts *o);

/* Write entry i of r->view (rank i + 1) to out: 0, or -1 on out of memory.
 * Called from two threads at once for different entries: it may read the
 * report and change only its own finding, and state is the calling
 * thread's own (adv_entry_state; NULL when there is none). */
typedef int (*adv_entry_fn)(FILE *out, const adv_report *r, size_t i, const adv_render_opts *o,
                            void *state);
/* What an entry function needs per thread (Markdown's and HTML's source
 * cache; SARIF's rule indexes, shared read-only): mine for the calling
 * thread; make(mine) gives a helper thread its own (NULL when out of
 * memory: the calling thread then formats every entry), drop frees that. */
typedef struct adv_entry_state {
    void *mine;
    void *(*make)(void *mine);
    void (*drop)(void *state);
} adv_entry_state;
/* The state of an entry function that reads source excerpts (Markdown,
 * HTML): mine is the calling thread's adv_source_cache; a helper thread
 * gets a cache of its own (an excerpt is the file's lines whichever cache
 * read them). */
adv_entry_state adv_entry_source_caches(void *mine);
/* Entries 0..n-1 to out in order, formatted in blocks on two threads when
 * there are many (render_entries.c); state may be NULL. Returns 0, or -1
 * when one failed (the entries before its block written). */
int adv_render_entries(FILE *out, const adv_report *r, const adv_render_opts *o, size_t n,
                       adv_entry_fn entry, const adv_entry_state *state);
int adv_render_markdown(FILE *out, const adv_report *r, const adv_render_opts *o);
int adv_render_json(FILE *out, const adv_report *r, const adv_render_opts *o);
int adv_render_sarif(FILE *out, const adv_report *r, const adv_render_opts *o);
int adv_render_html(FILE *out, const adv_report *r, const adv_render_opts *o);

/* Helpers shared by the renderers. */
/* Compilation directory of the TU that reported f, or NULL. */
const char *adv_render_tu_dir(const adv_report *r, const adv_finding *f);
/* A finding as a new cJSON object (the JSON report's entry); the evidence is
 * included by reference (do not modify it). NULL on out of memory. */
cJSON *adv_finding_to_json(const adv_report *r, const adv_finding *f, size_t rank);
/* The summary object of the JSON report. NULL on out of memory. */
cJSON *adv_summary_to_json(const adv_report *r);
/* Print item as compact JSON to out, then free it (item may be NULL: an
 * earlier allocation failed). Returns 0, or -1 when nothing was printed. */
int adv_emit_json(FILE *out, cJSON *item);

#endif
