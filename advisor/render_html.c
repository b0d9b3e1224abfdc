/* advisor/render_html.c — `perfadvise report --format html -o report.html`:
 * one self-contained file (no external resources; a Content-Security-Policy
 * forbids loading any): summary, a table sortable by any column, filters by
 * kind and file, each finding's estimate, fix and code excerpt, and the
 * lock-order graph drawn as inline SVG (cross-TU cycles in red). Every
 * string from a findings file goes through adv_put_html; the script reads
 * only data-* attributes and never builds HTML from them. */
#include "render.h"

#include "advice.h"
#include "escape_text.h"
#include "lockgraph.h"
#include "score.h"
#include "source.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GRAPH_MAX_NODES 40

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
    "<title>perfadvise report</title>\n<style>\n"
    "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}\n"
    "table{border-collapse:collapse;width:100%;font-size:14px}\n"
    "th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}\n"
    "th{cursor:pointer;background:#f4f4f4;user-select:none}\n"
    "th.sorted-asc::after{content:' \\25B2'}th.sorted-desc::after{content:' \\25BC'}\n"
    ".high{color:#b00020;font-weight:bold}.medium{color:#a66300}.low{color:#34658a}\n"
    ".NEEDS_OPTIMIZATION{color:#b00020}.PASS{color:#1b7d1b}\n"
    "pre{background:#f7f7f7;padding:6px;overflow:auto;font-size:12px}\n"
    "pre b{background:#fff3b0}code{font-size:13px}\n"
    ".filters{margin:1em 0}.filters label{margin-right:1.5em}\n"
    "svg text{font-size:11px;font-family:monospace}\n"
    ".e-plain{stroke:#999}.e-scc{stroke:#e08a00}.e-cross{stroke:#c00;stroke-width:2.5}\n"
    "</style>\n</head>\n<body>\n";

static const char html_script[] =
    "<script>\n"
    "(function(){\n"
    "var table=document.getElementById('findings');if(!table)return;\n"
    "var body=table.tBodies[0],kind=document.getElementById('f-kind'),"
    "file=document.getElementById('f-file'),shown=document.getElementById('shown');\n"
    "function filter(){var k=kind.value,f=file.value,n=0;\n"
    " for(var i=0;i<body.rows.length;i++){var r=body.rows[i];"
    "var ok=(!k||r.dataset.kind===k)&&(!f||r.dataset.file===f);"
    "r.style.display=ok?'':'none';if(ok)n++;}\n"
    " shown.textContent=n+' shown';}\n"
    "kind.addEventListener('change',filter);file.addEventListener('change',filter);\n"
    "var ths=table.tHead.rows[0].cells;\n"
    "for(var c=0;c<ths.length;c++)(function(th){var key=th.dataset.key;if(!key)return;\n"
    " th.addEventListener('click',function(){\n"
    "  var asc=!th.classList.contains('sorted-asc');\n"
    "  for(var j=0;j<ths.length;j++)ths[j].classList.remove('sorted-asc','sorted-desc');\n"
    "  th.classList.add(asc?'sorted-asc':'sorted-desc');\n"
    "  var rows=Array.prototype.slice.call(body.rows),num=th.hasAttribute('data-num');\n"
    "  rows.sort(function(a,b){var x=a.dataset[key],y=b.dataset[key];\n"
    "   var d=num?(parseFloat(x)-parseFloat(y)):(x<y?-1:x>y?1:0);\n"
    "   if(d===0)d=parseFloat(a.dataset.rank)-parseFloat(b.dataset.rank);return asc?d:-d;});\n"
    "  rows.forEach(function(r){body.appendChild(r);});});})(ths[c]);\n"
    "filter();\n"
    "})();\n"
    "</script>\n";

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted unique strings; *n gets the count. Caller frees the array. */
static const char **unique_values(const adv_report *r, size_t listed, bool files, size_t *n)
{
    const char **v = malloc((listed ? listed : 1) * sizeof *v);
    *n = 0;
    if (!v)
        return NULL;
    for (size_t i = 0; i < listed; i++) {
        const adv_finding *f = r->view[i];
        v[i] = files ? (adv_file_of(f) ? adv_file_of(f) : "") : f->kind_name;
    }
    qsort(v, listed, sizeof *v, cmp_strp);
    for (size_t i = 0; i < listed; i++)
        if (*n == 0 || strcmp(v[*n - 1], v[i]) != 0)
            v[(*n)++] = v[i];
    return v;
}

static int put_select(FILE *out, const adv_report *r, size_t listed, bool files)
{
    size_t n;
    const char **v = unique_values(r, listed, files, &n);
    if (!v)
        return -1;
    fprintf(out, "<label>%s <select id=\"%s\"><option value=\"\">all</option>", files ? "File" : "Kind",
            files ? "f-file" : "f-kind");
    for (size_t i = 0; i < n; i++) {
        fputs("<option value=\"", out);
        adv_put_html(out, v[i]);
        fputs("\">", out);
        adv_put_html(out, *v[i] ? v[i] : "(no file)");
        fputs("</option>", out);
    }
    fputs("</select></label>\n", out);
    free(v);
    return 0;
}

static void put_excerpt(FILE *out, adv_source_cache *cache, const adv_report *r,
                        const adv_finding *f, unsigned context)
{
    adv_excerpt ex;
    if (!adv_source_excerpt(cache, f->loc.file, adv_render_tu_dir(r, f), f->loc.line, context, &ex))
        return;
    fputs("<pre>", out);
    for (size_t i = 0; i < ex.count; i++) {
        unsigned ln = ex.first + (unsigned)i;
        char line[1024];
        size_t len = ex.lens[i] < sizeof line - 1 ? ex.lens[i] : sizeof line - 1;
        memcpy(line, ex.lines[i], len);
        line[len] = '\0';
        adv_utf8_sanitize(line, len); /* a cut may split a UTF-8 sequence */
        fprintf(out, "%s%5u | ", ln == f->loc.line ? "<b>" : "", ln);
        adv_put_html(out, line);
        fputs(ln == f->loc.line ? "</b>\n" : "\n", out);
    }
    fputs("</pre>", out);
}

static void put_row(FILE *out, const adv_report *r, const adv_finding *f, size_t rank,
                    adv_source_cache *cache, unsigned context)
{
    const adv_score *sc = &f->score;
    const adv_advice *a = adv_advice_for(f);
    char est[256];
    adv_estimate_text(f, est, sizeof est);
    const char *lvl = adv_level_name(sc->impact);
    fprintf(out,
            "<tr data-rank=\"%zu\" data-priority=\"%ld\" data-impact=\"%d\" data-effort=\"%d\" "
            "data-risk=\"%d\" data-kind=\"%s\" data-line=\"%u\" data-file=\"",
            rank, sc->priority, (int)sc->impact, (int)sc->effort, (int)sc->risk, f->kind_name,
            f->loc.line);
    adv_put_html(out, adv_file_of(f) ? adv_file_of(f) : "");
    fputs("\" data-function=\"", out);
    adv_put_html(out, adv_function_of(f));
    fprintf(out, "\">\n<td>%zu</td><td>%ld</td><td class=\"%s\">%s</td><td>%s</td><td>%s</td>"
                 "<td><code>%s</code></td><td><code>",
            rank, sc->priority, lvl, adv_level_title(sc->impact), adv_effort_title(sc->effort),
            adv_level_title(sc->risk), f->kind_name);
    adv_put_html(out, adv_file_of(f) ? adv_file_of(f) : "?");
    fprintf(out, ":%u:%u</code></td><td><code>", f->loc.line, f->loc.column);
    adv_put_html(out, adv_function_of(f));
    fputs("</code></td>\n<td><details><summary>", out);
    adv_put_html(out, f->message);
    fputs("</summary>\n<p><b>Impact:</b> ", out);
    adv_put_html(out, est);
    fprintf(out, " (%s).", sc->impact_reason);
    if (sc->profile_basis) {
        fputs(" <b>Profile:</b> ", out);
        adv_put_html(out, sc->profile_basis);
        fputc('.', out);
    }
    fprintf(out, " <b>Effort:</b> %s. <b>Risk:</b> %s.", sc->effort_reason, sc->risk_reason);
    if (f->tu_count > 1)
        fprintf(out, " Reported by %u translation units.", f->tu_count);
    fprintf(out, "</p>\n<p><b>Fix:</b> %s</p>\n<p><b>Verify:</b> %s</p>\n<p><small>id %s</small></p>",
            a->fix, a->verify, f->id);
    put_excerpt(out, cache, r, f, context);
    fputs("</details></td></tr>\n", out);
}

/* Nodes to draw: those on potential cycles first, then the rest, up to the cap. */
static size_t pick_nodes(const adv_lockgraph *g, int *slot, int *nodes)
{
    size_t n = 0;
    for (size_t i = 0; i < g->nnodes; i++)
        slot[i] = -1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t e = 0; e < g->nedges && n < GRAPH_MAX_NODES; e++) {
            const adv_lg_edge *ed = &g->edges[e];
            if (pass == 0 && !ed->in_scc)
                continue;
            int ends[2] = {ed->from, ed->to};
            for (int k = 0; k < 2 && n < GRAPH_MAX_NODES; k++) {
                if (slot[ends[k]] < 0) {
                    slot[ends[k]] = (int)n;
                    nodes[n++] = ends[k];
                }
            }
        }
    }
    return n;
}

static int put_graph(FILE *out, const adv_lockgraph *g)
{
    fputs("<h2>Lock-order graph</h2>\n", out);
    if (!g || g->nedges == 0) {
        fputs("<p>No nested lock acquisitions between named lock classes in this build.</p>\n", out);
        return 0;
    }
    int *slot = malloc(g->nnodes * sizeof *slot);
    int *nodes = malloc(GRAPH_MAX_NODES * sizeof *nodes);
    if (!slot || !nodes) {
        free(slot);
        free(nodes);
        return -1;
    }
    size_t n = pick_nodes(g, slot, nodes);
    double radius = n > 8 ? 22.0 * (double)n : 180.0, margin = 170, node_r = 7;
    double size = 2 * (radius + margin), cx = size / 2, cy = size / 2;
    fprintf(out, "<p>%zu lock classes, %zu edges, %zu cycles (%zu spanning translation units)%s. "
                 "An arrow A &#8594; B means B is acquired while A is held. "
                 "<span style=\"color:#c00\">Red</span>: cross-TU cycle; "
                 "<span style=\"color:#e08a00\">orange</span>: other cycle edges.</p>\n",
            g->nnodes, g->nedges, g->cycles, g->cross_cycles,
            n < g->nnodes ? " (not every class is drawn)" : "");
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                 "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"lock-order graph\">\n"
                 "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                 "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                 "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n",
            size, size, size, size);
    double *x = malloc((n ? n : 1) * sizeof *x), *y = malloc((n ? n : 1) * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        free(slot);
        free(nodes);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        double a = 2 * 3.14159265358979 * (double)i / (double)n - 3.14159265358979 / 2;
        x[i] = cx + radius * cos(a);
        y[i] = cy + radius * sin(a);
    }
    for (size_t e = 0; e < g->nedges; e++) {
        const adv_lg_edge *ed = &g->edges[e];
        int a = slot[ed->from], b = slot[ed->to];
        if (a < 0 || b < 0)
            continue;
        double dx = x[b] - x[a], dy = y[b] - y[a], len = sqrt(dx * dx + dy * dy);
        if (len < 1)
            continue;
        double ux = dx / len, uy = dy / len;
        /* Offset sideways so A->B and B->A do not overlap. */
        double ox = -uy * 4, oy = ux * 4;
        fprintf(out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "marker-end=\"url(#arrow)\"><title>",
                ed->cross_cycle ? "e-cross" : ed->in_scc ? "e-scc" : "e-plain",
                x[a] + ux * node_r + ox, y[a] + uy * node_r + oy, x[b] - ux * node_r + ox,
                y[b] - uy * node_r + oy);
        adv_put_html(out, g->names[ed->from]);
        fputs(" -> ", out);
        adv_put_html(out, g->names[ed->to]);
        fprintf(out, " (%zu site%s)</title></line>\n", ed->nsites, ed->nsites == 1 ? "" : "s");
    }
    for (size_t i = 0; i < n; i++) {
        bool right = x[i] >= cx;
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.0f\" fill=\"#4a6fa5\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
                x[i], y[i], node_r, x[i] + (right ? 10 : -10), y[i] + 4, right ? "start" : "end");
        adv_put_html(out, g->names[nodes[i]]);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
    free(x);
    free(y);
    free(slot);
    free(nodes);
    return 0;
}

/* One row, on either thread of adv_render_entries; state is that thread's
 * source cache. */
static int html_entry(FILE *out, const adv_report *r, size_t i, const adv_render_opts *o,
                      void *state)
{
    put_row(out, r, r->view[i], i + 1, state, o ? o->context : 2);
    return 0;
}

int adv_render_html(FILE *out, const adv_report *r, const adv_render_opts *o)
{
    const adv_summary_stats *st = &r->stats;
    size_t listed = st->listed < r->nview ? st->listed : r->nview;
    adv_source_cache *cache = adv_source_cache_new();
    if (!cache)
        return -1;
    fputs(html_head, out);
    fprintf(out, "<h1>perfadvise report</h1>\n<p><b class=\"%s\">%s</b> &middot; ", st->status,
            st->status);
    if (st->score < 0)
        fputs("<b>nothing was checked</b> ", out);
    else
        fprintf(out, "score <b>%d/100</b> ", st->score);
    fprintf(out, "&middot; %zu findings (<span class=\"high\">%zu high</span>, "
                 "<span class=\"medium\">%zu medium</span>, <span class=\"low\">%zu low</span>) "
                 "from %zu findings files",
            st->findings, st->by_impact[PA_LEVEL_HIGH],
            st->by_impact[PA_LEVEL_MEDIUM], st->by_impact[PA_LEVEL_LOW], st->files_loaded);
    if (st->files_skipped)
        fprintf(out, ", %zu skipped", st->files_skipped);
    if (listed < st->findings)
        fprintf(out, "; top %zu shown", listed);
    fputs(".</p>\n<div class=\"filters\">\n", out);
    int rc = -1;
    if (put_select(out, r, listed, false) != 0 || put_select(out, r, listed, true) != 0)
        goto done;
    fputs("<span id=\"shown\"></span></div>\n<table id=\"findings\">\n<thead><tr>"
          "<th data-key=\"rank\" data-num>#</th><th data-key=\"priority\" data-num>Priority</th>"
          "<th data-key=\"impact\" data-num>Impact</th><th data-key=\"effort\" data-num>Effort</th>"
          "<th data-key=\"risk\" data-num>Risk</th><th data-key=\"kind\">Kind</th>"
          "<th data-key=\"file\">Location</th><th data-key=\"function\">Function</th>"
          "<th>Details</th></tr></thead>\n<tbody>\n",
          out);
    adv_entry_state state = adv_entry_source_caches(cache);
    adv_render_entries(out, r, o, listed, html_entry, &state);
    fputs("</tbody>\n</table>\n", out);
    if (put_graph(out, r->graph) != 0)
        goto done;
    fputs(html_script, out);
    fputs("</body>\n</html>\n", out);
    rc = ferror(out) ? -1 : 0;
done:
    adv_source_cache_free(cache);
    return rc;
}
