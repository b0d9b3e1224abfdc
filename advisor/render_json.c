/* advisor/render_json.c — `perfadvise report --format json`: schema
 * perfadvise-report/1, a `summary` object and a `findings` array (id, kind,
 * location, impact, effort, risk, priority, ...). Streamed one finding at a
 * time so a 100,000-finding report needs no second copy in memory. The same
 * document is what --baseline reads back. cJSON escapes every string. */
#include "render.h"

#include "advice.h"
#include "evidence.h"
#include "merge.h"
#include "score.h"

#include <stdlib.h>

cJSON *adv_finding_to_json(const adv_report *r, const adv_finding *f, size_t rank)
{
    const adv_score *sc = &f->score;
    const adv_advice *a = adv_advice_for(f);
    char est[256];
    adv_estimate_text(f, est, sizeof est);
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "rank", (double)rank);
    cJSON_AddStringToObject(o, "id", f->id);
    cJSON_AddStringToObject(o, "kind", f->kind_name);
    cJSON_AddStringToObject(o, "remark", f->remark);
    cJSON_AddStringToObject(o, "function", f->function);
    cJSON_AddStringToObject(o, "function_demangled", f->function_demangled);
    cJSON_AddStringToObject(o, "function_short", adv_function_of(f));
    pa_loc shown = f->loc;
    shown.file = adv_file_of(f);
    cJSON_AddItemToObject(o, "location", adv_loc_to_json(&shown));
    if (f->origin.file)
        cJSON_AddItemToObject(o, "origin", adv_loc_to_json(&f->origin));
    cJSON_AddStringToObject(o, "message", f->message);
    cJSON *imp = cJSON_AddObjectToObject(o, "impact");
    if (imp) {
        cJSON_AddStringToObject(imp, "level", adv_level_name(sc->impact));
        cJSON_AddStringToObject(imp, "estimate", est);
        cJSON_AddNumberToObject(imp, "executions_per_call", sc->executions);
        cJSON_AddNumberToObject(imp, "cost_ns_per_call", sc->cost_ns);
        cJSON_AddStringToObject(imp, "reason", sc->impact_reason);
        if (sc->calls != 1)
            cJSON_AddNumberToObject(imp, "calls_per_root_call", sc->calls);
        if (sc->profile_basis)
            cJSON_AddStringToObject(imp, "profile", sc->profile_basis);
    }
    cJSON *eff = cJSON_AddObjectToObject(o, "effort");
    if (eff) {
        cJSON_AddStringToObject(eff, "level", adv_effort_name(sc->effort));
        cJSON_AddStringToObject(eff, "reason", sc->effort_reason);
    }
    cJSON *risk = cJSON_AddObjectToObject(o, "risk");
    if (risk) {
        cJSON_AddStringToObject(risk, "level", adv_level_name(sc->risk));
        cJSON_AddStringToObject(risk, "reason", sc->risk_reason);
    }
    cJSON_AddNumberToObject(o, "priority", (double)sc->priority);
    cJSON_AddNumberToObject(o, "translation_units", f->tu_count);
    cJSON_AddBoolToObject(o, "cross_tu", f->cross_tu);
    cJSON_AddStringToObject(o, "fix", a->fix);
    cJSON_AddStringToObject(o, "verify", a->verify);
    if (r && r->set && f->tu < r->set->ntus && r->set->tus[f->tu].path)
        cJSON_AddStringToObject(o, "findings_file", r->set->tus[f->tu].path);
    if (f->evidence)
        cJSON_AddItemReferenceToObject(o, "evidence", f->evidence);
    return o;
}

cJSON *adv_summary_to_json(const adv_report *r)
{
    const adv_summary_stats *st = &r->stats;
    cJSON *s = cJSON_CreateObject();
    if (!s)
        return NULL;
    cJSON_AddStringToObject(s, "status", st->status);
    if (st->score < 0) /* NO_INPUT: nothing was scored */
        cJSON_AddNullToObject(s, "score");
    else
        cJSON_AddNumberToObject(s, "score", st->score);
    cJSON_AddNumberToObject(s, "findings", (double)st->findings);
    cJSON_AddNumberToObject(s, "listed", (double)st->listed);
    cJSON_AddNumberToObject(s, "high", (double)st->by_impact[PA_LEVEL_HIGH]);
    cJSON_AddNumberToObject(s, "medium", (double)st->by_impact[PA_LEVEL_MEDIUM]);
    cJSON_AddNumberToObject(s, "low", (double)st->by_impact[PA_LEVEL_LOW]);
    cJSON_AddNumberToObject(s, "files_loaded", (double)st->files_loaded);
    cJSON_AddNumberToObject(s, "files_skipped", (double)st->files_skipped);
    cJSON_AddNumberToObject(s, "hidden_below_confidence", (double)st->hidden_unsure);
    cJSON_AddNumberToObject(s, "hidden_test_code", (double)st->hidden_tests);
    cJSON_AddNumberToObject(s, "suppressed", (double)st->suppressed);
    cJSON_AddStringToObject(s, "root", st->root ? st->root : "");
    return s;
}

int adv_emit_json(FILE *out, cJSON *item)
{
    char *text = item ? cJSON_PrintUnformatted(item) : NULL;
    cJSON_Delete(item);
    if (!text)
        return -1;
    fputs(text, out);
    cJSON_free(text);
    return 0;
}

static int json_entry(FILE *out, const adv_report *r, size_t i, const adv_render_opts *o,
                      void *state)
{
    (void)o;
    (void)state;
    adv_finding *f = r->view[i];
    /* Packed evidence becomes a tree for this one entry only. */
    bool built;
    if (!adv_finding_evidence_for_entry(f, &built))
        return -1;
    fputs(i ? ",\n" : "\n", out);
    int rc = adv_emit_json(out, adv_finding_to_json(r, f, i + 1));
    adv_finding_evidence_drop(f, built);
    return rc;
}

int adv_render_json(FILE *out, const adv_report *r, const adv_render_opts *o)
{
    (void)o;
    fprintf(out, "{\n\"schema\": \"%s\",\n\"tool\": {\"name\": \"perfadvise\", \"version\": \"%s\"},\n",
            PA_SCHEMA_REPORT, PA_VERSION);
    fputs("\"summary\": ", out);
    if (adv_emit_json(out, adv_summary_to_json(r)) != 0)
        return -1;
    fputs(",\n\"findings\": [", out);
    size_t n = r->stats.listed < r->nview ? r->stats.listed : r->nview;
    if (adv_render_entries(out, r, o, n, json_entry, NULL) != 0)
        return -1;
    fputs("\n]\n}\n", out);
    return ferror(out) ? -1 : 0;
}
