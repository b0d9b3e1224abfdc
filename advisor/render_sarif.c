/* advisor/render_sarif.c — `perfadvise report --format sarif`: SARIF 2.1.0 for
 * VS Code's SARIF viewer and code-scanning services. One rule per finding
 * kind (tool.driver.rules), one result per finding with ruleId, ruleIndex,
 * level, message and a physical location; lock cycles add related locations.
 * Validated against the official schema by lit/advisor_sarif_schema.test. */
#include "render.h"

#include "advice.h"
#include "kinds.h"
#include "score.h"

#include <stdlib.h>
#include <string.h>

/* SARIF artifact URIs are URI references: percent-encode everything but
 * unreserved characters and '/'; absolute paths become file:// URIs. */
static char *path_to_uri(const char *path)
{
    size_t n = strlen(path);
    char *out = malloc(n * 3 + 8);
    if (!out)
        return NULL;
    size_t k = 0;
    if (path[0] == '/') {
        memcpy(out, "file://", 7);
        k = 7;
    }
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/') {
            out[k++] = (char)*p;
        } else {
            out[k++] = '%';
            out[k++] = hex[*p >> 4];
            out[k++] = hex[*p & 15];
        }
    }
    out[k] = '\0';
    return out;
}

static cJSON *physical_location(const char *file, unsigned line, unsigned column)
{
    cJSON *pl = cJSON_CreateObject();
    cJSON *art = cJSON_AddObjectToObject(pl, "artifactLocation");
    char *uri = path_to_uri(file);
    if (!pl || !art || !uri) {
        free(uri);
        cJSON_Delete(pl);
        return NULL;
    }
    cJSON_AddStringToObject(art, "uri", uri);
    free(uri);
    if (line > 0) {
        cJSON *region = cJSON_AddObjectToObject(pl, "region");
        cJSON_AddNumberToObject(region, "startLine", line);
        if (column > 0)
            cJSON_AddNumberToObject(region, "startColumn", column);
    }
    return pl;
}

static const char *sarif_level(const adv_finding *f)
{
    if (!adv_is_actionable(f))
        return "note";
    return f->score.impact == PA_LEVEL_HIGH ? "error" : f->score.impact == PA_LEVEL_MEDIUM ? "warning" : "note";
}

/* "loop-alloc" -> "LoopAlloc" (SARIF rule names are PascalCase by convention). */
static void pascal_case(const char *kind, char *buf, size_t n)
{
    size_t k = 0;
    bool up = true;
    for (; *kind && k + 1 < n; kind++) {
        if (*kind == '-') {
            up = true;
            continue;
        }
        buf[k++] = up && *kind >= 'a' && *kind <= 'z' ? (char)(*kind - 'a' + 'A') : *kind;
        up = false;
    }
    buf[k] = '\0';
}

static const char *sarif_level_name(pa_sarif_level l)
{
    switch (l) {
    case PA_SARIF_NOTE: return "note";
    case PA_SARIF_ERROR: return "error";
    default: return "warning";
    }
}

static cJSON *make_rule(const adv_finding *f)
{
    const adv_advice *a = adv_advice_for(f);
    char name[64];
    pascal_case(f->kind_name, name, sizeof name);
    cJSON *rule = cJSON_CreateObject();
    if (!rule)
        return NULL;
    cJSON_AddStringToObject(rule, "id", f->kind_name);
    cJSON_AddStringToObject(rule, "name", name);
    cJSON *sd = cJSON_AddObjectToObject(rule, "shortDescription");
    cJSON_AddStringToObject(sd, "text", a->bottleneck);
    cJSON *fd = cJSON_AddObjectToObject(rule, "fullDescription");
    cJSON_AddStringToObject(fd, "text", a->fix);
    cJSON *help = cJSON_AddObjectToObject(rule, "help");
    cJSON_AddStringToObject(help, "text", a->verify);
    cJSON *cfg = cJSON_AddObjectToObject(rule, "defaultConfiguration");
    cJSON_AddStringToObject(cfg, "level", sarif_level_name(pa_kind_row_or_unknown(f->kind)->sarif_level));
    return rule;
}

static void add_related(cJSON *result, const adv_finding *f)
{
    const cJSON *acq = cJSON_GetObjectItemCaseSensitive(f->evidence, "acquired_at");
    if (!cJSON_IsArray(acq))
        return;
    cJSON *rel = NULL;
    int id = 1;
    const cJSON *a;
    cJSON_ArrayForEach(a, acq)
    {
        const cJSON *loc = cJSON_GetObjectItemCaseSensitive(a, "location");
        const cJSON *file = cJSON_GetObjectItemCaseSensitive(loc, "file");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(loc, "line");
        const cJSON *colm = cJSON_GetObjectItemCaseSensitive(loc, "column");
        if (!cJSON_IsString(file) || !cJSON_IsNumber(line) || line->valuedouble < 1 ||
            line->valuedouble > 4e9)
            continue;
        if (!rel && !(rel = cJSON_AddArrayToObject(result, "relatedLocations")))
            return;
        cJSON *r = cJSON_CreateObject();
        unsigned c = cJSON_IsNumber(colm) && colm->valuedouble >= 0 && colm->valuedouble < 4e9
                         ? (unsigned)colm->valuedouble
                         : 0;
        cJSON *pl = physical_location(file->valuestring, (unsigned)line->valuedouble, c);
        if (!r || !pl) {
            cJSON_Delete(r);
            cJSON_Delete(pl);
            return;
        }
        cJSON_AddNumberToObject(r, "id", id++);
        cJSON_AddItemToObject(r, "physicalLocation", pl);
        const char *cls = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "class"));
        const char *held = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "held"));
        const char *fn = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "function"));
        char text[512];
        snprintf(text, sizeof text, "%s taken while %s is held in %s()", cls ? cls : "lock",
                 held ? held : "a lock", fn ? fn : "?");
        cJSON *m = cJSON_AddObjectToObject(r, "message");
        cJSON_AddStringToObject(m, "text", text);
        cJSON_AddItemToArray(rel, r);
    }
}

static cJSON *make_result(const adv_finding *f, int rule_index)
{
    cJSON *res = cJSON_CreateObject();
    if (!res)
        return NULL;
    cJSON_AddStringToObject(res, "ruleId", f->kind_name);
    cJSON_AddNumberToObject(res, "ruleIndex", rule_index);
    cJSON_AddStringToObject(res, "level", sarif_level(f));
    cJSON *msg = cJSON_AddObjectToObject(res, "message");
    cJSON_AddStringToObject(msg, "text", f->message);
    if (adv_file_of(f) && *adv_file_of(f)) {
        cJSON *locs = cJSON_AddArrayToObject(res, "locations");
        cJSON *l = cJSON_CreateObject();
        cJSON *pl = physical_location(adv_file_of(f), f->loc.line, f->loc.column);
        if (!locs || !l || !pl) {
            cJSON_Delete(l);
            cJSON_Delete(pl);
            cJSON_Delete(res);
            return NULL;
        }
        cJSON_AddItemToObject(l, "physicalLocation", pl);
        cJSON *logical = cJSON_AddArrayToObject(l, "logicalLocations");
        cJSON *ll = cJSON_CreateObject();
        cJSON_AddStringToObject(ll, "name", f->function_demangled);
        cJSON_AddStringToObject(ll, "decoratedName", f->function);
        cJSON_AddStringToObject(ll, "kind", "function");
        cJSON_AddItemToArray(logical, ll);
        cJSON_AddItemToArray(locs, l);
    }
    add_related(res, f);
    cJSON *fp = cJSON_AddObjectToObject(res, "partialFingerprints");
    cJSON_AddStringToObject(fp, "perfadviseId/v1", f->id);
    char est[256];
    adv_estimate_text(f, est, sizeof est);
    cJSON *props = cJSON_AddObjectToObject(res, "properties");
    cJSON_AddStringToObject(props, "impact", adv_level_name(f->score.impact));
    cJSON_AddStringToObject(props, "estimate", est);
    cJSON_AddStringToObject(props, "effort", adv_effort_name(f->score.effort));
    cJSON_AddStringToObject(props, "risk", adv_level_name(f->score.risk));
    cJSON_AddNumberToObject(props, "priority", (double)f->score.priority);
    cJSON_AddBoolToObject(props, "crossTranslationUnit", f->cross_tu);
    if (f->score.confidence >= 0)
        cJSON_AddStringToObject(props, "confidence", adv_level_name((pa_level)f->score.confidence));
    return res;
}

int adv_render_sarif(FILE *out, const adv_report *r, const adv_render_opts *o)
{
    (void)o;
    /* Rules: one per kind in the listed findings, in kind order. */
    int rule_of[PA_F_KIND_COUNT + 1];
    const adv_finding *example[PA_F_KIND_COUNT + 1];
    memset(example, 0, sizeof example);
    size_t listed = r->stats.listed < r->nview ? r->stats.listed : r->nview;
    for (size_t i = 0; i < listed; i++) {
        int k = r->view[i]->kind;
        if (k < 0 || k > PA_F_KIND_COUNT)
            k = PA_F_KIND_COUNT;
        if (!example[k])
            example[k] = r->view[i];
    }
    cJSON *rules = cJSON_CreateArray();
    if (!rules)
        return -1;
    int nrules = 0;
    for (int k = 0; k < PA_F_KIND_COUNT; k++) {
        rule_of[k] = -1;
        if (!example[k])
            continue;
        cJSON *rule = make_rule(example[k]);
        if (!rule) {
            cJSON_Delete(rules);
            return -1;
        }
        cJSON_AddItemToArray(rules, rule);
        rule_of[k] = nrules++;
    }
    /* Unknown kinds each get their own rule, named after the kind string. */
    fputs("{\n\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n\"version\": "
          "\"2.1.0\",\n\"runs\": [{\n\"tool\": {\"driver\": {\"name\": \"perfadvise\", "
          "\"version\": \"" PA_VERSION "\", \"rules\": ",
          out);
    cJSON *extra = cJSON_CreateArray(); /* kind names of unknown kinds, in order */
    if (!extra) {
        cJSON_Delete(rules);
        return -1;
    }
    for (size_t i = 0; i < listed; i++) {
        const adv_finding *f = r->view[i];
        if (f->kind >= 0 && f->kind < PA_F_KIND_COUNT)
            continue;
        bool seen = false;
        const cJSON *it;
        cJSON_ArrayForEach(it, extra) seen |= strcmp(it->valuestring, f->kind_name) == 0;
        if (seen)
            continue;
        cJSON_AddItemToArray(extra, cJSON_CreateString(f->kind_name));
        cJSON_AddItemToArray(rules, make_rule(f));
    }
    if (adv_emit_json(out, rules) != 0) {
        cJSON_Delete(extra);
        return -1;
    }
    fputs("}},\n\"columnKind\": \"unicodeCodePoints\",\n\"results\": [", out);
    for (size_t i = 0; i < listed; i++) {
        const adv_finding *f = r->view[i];
        int idx;
        if (f->kind >= 0 && f->kind < PA_F_KIND_COUNT) {
            idx = rule_of[f->kind];
        } else {
            idx = nrules;
            const cJSON *it;
            cJSON_ArrayForEach(it, extra)
            {
                if (strcmp(it->valuestring, f->kind_name) == 0)
                    break;
                idx++;
            }
        }
        fputs(i ? ",\n" : "\n", out);
        if (adv_emit_json(out, make_result(f, idx)) != 0) {
            cJSON_Delete(extra);
            return -1;
        }
    }
    cJSON_Delete(extra);
    fputs("\n]\n}]\n}\n", out);
    return ferror(out) ? -1 : 0;
}
