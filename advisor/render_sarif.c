/* advisor/render_sarif.c — `perfadvise report --format sarif`: SARIF 2.1.0 for
 * GitHub code scanning, VS Code's SARIF viewer and other consumers. One rule
 * per finding kind (tool.driver.rules, each with a helpUri into
 * docs/remarks.md), one result per finding with ruleId, ruleIndex, level,
 * message and a physical location; lock findings add related locations.
 * Paths under the report root are relative URIs against the uriBaseId
 * %SRCROOT% (run.originalUriBaseIds gives the root as a file:// URI); others
 * are absolute file:// URIs. No URI holds a ".." segment. Validated against
 * the official schema and Microsoft's SARIF Multitool (default and GitHub
 * rules) by lit/advisor_sarif_schema.test and lit/advisor_sarif_multitool.test. */
#include "render.h"

#include "advice.h"
#include "evidence.h"
#include "kinds.h"
#include "names.h"
#include "score.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define SARIF_BASE_ID "%SRCROOT%"

/* The root relative URIs are resolved against: the report's root (--root, or
 * the directory holding every translation unit), else the current
 * directory. Absolute, normalised, without a trailing '/' ("/" itself). */
typedef struct sarif_ctx {
    const adv_report *r;
    char root[PATH_MAX];
    char cwd[PATH_MAX];
} sarif_ctx;

static void sarif_ctx_init(sarif_ctx *c, const adv_report *r)
{
    c->r = r;
    if (!getcwd(c->cwd, sizeof c->cwd))
        snprintf(c->cwd, sizeof c->cwd, "/");
    const char *root = r->stats.root && r->stats.root[0] == '/' ? r->stats.root : c->cwd;
    adv_path_normalize(root, c->root, sizeof c->root);
}

/* SARIF artifact URIs are URI references: percent-encode everything but
 * unreserved characters and '/'; absolute paths become file:// URIs. */
static char *path_to_uri(const char *path)
{
    size_t n = strlen(path);
    char *out = malloc(n * 3 + 9);
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

/* path made absolute (against the TU's compilation directory when it has
 * one, else the current directory) and normalised into out: no "." or ".."
 * segments remain. */
static void absolute_path(const sarif_ctx *c, const char *path, const char *tu_dir, char *out,
                          size_t n)
{
    char joined[2 * PATH_MAX + 2];
    if (path[0] == '/')
        snprintf(joined, sizeof joined, "%s", path);
    else
        snprintf(joined, sizeof joined, "%s/%s", tu_dir && tu_dir[0] == '/' ? tu_dir : c->cwd,
                 path);
    adv_path_normalize(joined, out, n);
}

/* {"uri": ..., "uriBaseId": "%SRCROOT%"} for a file under the root, else
 * {"uri": "file:///..."}. NULL on out of memory. */
static cJSON *artifact_location(const sarif_ctx *c, const char *file, const char *tu_dir)
{
    char abs[PATH_MAX];
    absolute_path(c, file, tu_dir, abs, sizeof abs);
    const char *rel = adv_path_under(abs, c->root);
    char *uri = path_to_uri(rel);
    cJSON *art = cJSON_CreateObject();
    if (!uri || !art) {
        free(uri);
        cJSON_Delete(art);
        return NULL;
    }
    cJSON_AddStringToObject(art, "uri", uri);
    if (rel != abs)
        cJSON_AddStringToObject(art, "uriBaseId", SARIF_BASE_ID);
    free(uri);
    return art;
}

static cJSON *physical_location(const sarif_ctx *c, const char *file, const char *tu_dir,
                                unsigned line, unsigned column)
{
    cJSON *pl = cJSON_CreateObject();
    cJSON *art = artifact_location(c, file, tu_dir);
    if (!pl || !art) {
        cJSON_Delete(art);
        cJSON_Delete(pl);
        return NULL;
    }
    cJSON_AddItemToObject(pl, "artifactLocation", art);
    /* A location always has a region (GitHub places the alert on a line);
     * a finding without line information is put on line 1 of its file. */
    cJSON *region = cJSON_AddObjectToObject(pl, "region");
    cJSON_AddNumberToObject(region, "startLine", line > 0 ? line : 1);
    if (line > 0 && column > 0)
        cJSON_AddNumberToObject(region, "startColumn", column);
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
    const pa_kind_row *row = pa_kind_row_or_unknown(f->kind);
    bool known = f->kind >= 0 && f->kind < PA_F_KIND_COUNT;
    char name[64], uri[512];
    pascal_case(f->kind_name, name, sizeof name);
    /* docs/remarks.md has an anchor named after every kind. */
    snprintf(uri, sizeof uri, "%s/remarks.md%s%s", PA_DOCS_URL, known ? "#" : "",
             known ? row->kind : "");
    cJSON *rule = cJSON_CreateObject();
    if (!rule)
        return NULL;
    cJSON_AddStringToObject(rule, "id", f->kind_name);
    cJSON_AddStringToObject(rule, "name", name);
    cJSON *sd = cJSON_AddObjectToObject(rule, "shortDescription");
    cJSON_AddStringToObject(sd, "text", a->bottleneck);
    cJSON *fd = cJSON_AddObjectToObject(rule, "fullDescription");
    cJSON_AddStringToObject(fd, "text", a->fix);
    cJSON_AddStringToObject(rule, "helpUri", uri);
    char text[2048];
    snprintf(text, sizeof text, "%s\n\nVerify: %s\n\nDocumentation: %s", a->fix, a->verify, uri);
    cJSON *help = cJSON_AddObjectToObject(rule, "help");
    cJSON_AddStringToObject(help, "text", text);
    cJSON *cfg = cJSON_AddObjectToObject(rule, "defaultConfiguration");
    cJSON_AddStringToObject(cfg, "level", sarif_level_name(row->sarif_level));
    cJSON *props = cJSON_AddObjectToObject(rule, "properties");
    cJSON *tags = cJSON_AddArrayToObject(props, "tags");
    cJSON_AddItemToArray(tags,
                         cJSON_CreateString(row->correctness ? "correctness" : "performance"));
    if (row->pass && strcmp(row->pass, "perfadvise-locks") == 0)
        cJSON_AddItemToArray(tags, cJSON_CreateString("concurrency"));
    return rule;
}

/* The text of one related location: what happened there, in words. */
static void related_text(const cJSON *ev, const cJSON *acq, const cJSON *a, char *text, size_t n)
{
    const char *cls = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "class"));
    const char *held = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "held"));
    /* A plugin finding lists the locks held in its evidence: a lock acquired
     * that is not one of them was taken while they were (a nested order). */
    const cJSON *outer = cJSON_GetObjectItemCaseSensitive(ev, "held");
    if (!held && cls && cJSON_IsArray(outer) && cJSON_GetArraySize(outer) == 1 &&
        cJSON_IsString(outer->child) && strcmp(outer->child->valuestring, cls) != 0)
        held = outer->child->valuestring;
    const char *fn = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "function"));
    const char *via = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "via_call"));
    /* The same lock acquired at an earlier entry (a double lock): again. */
    bool again = false;
    for (const cJSON *e = acq ? acq->child : NULL; e && e != a; e = e->next) {
        const char *c = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "class"));
        again |= cls && c && strcmp(c, cls) == 0;
    }
    size_t k = (size_t)snprintf(text, n, "'%s' %s here", cls ? cls : "the lock",
                                held    ? "is taken"
                                : again ? "is acquired again"
                                        : "is acquired");
    if (k < n && held)
        k += (size_t)snprintf(text + k, n - k, " while '%s' is held", held);
    if (k < n && via)
        k += (size_t)snprintf(text + k, n - k, " (inside a call to %s())", via);
    if (k < n && fn)
        snprintf(text + k, n - k, ", in %s()", fn);
}

static bool add_one_related(const sarif_ctx *c, cJSON **rel, cJSON *result, int *id,
                            const char *tu_dir, const cJSON *loc, const char *text)
{
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(loc, "file");
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(loc, "line");
    const cJSON *colm = cJSON_GetObjectItemCaseSensitive(loc, "column");
    if (!cJSON_IsString(file) || !*file->valuestring || !cJSON_IsNumber(line) ||
        line->valuedouble < 1 || line->valuedouble > 4e9)
        return true;
    if (!*rel && !(*rel = cJSON_AddArrayToObject(result, "relatedLocations")))
        return false;
    unsigned col = cJSON_IsNumber(colm) && colm->valuedouble >= 0 && colm->valuedouble < 4e9
                       ? (unsigned)colm->valuedouble
                       : 0;
    cJSON *r = cJSON_CreateObject();
    cJSON *pl = physical_location(c, file->valuestring, tu_dir, (unsigned)line->valuedouble, col);
    if (!r || !pl) {
        cJSON_Delete(r);
        cJSON_Delete(pl);
        return false;
    }
    cJSON_AddNumberToObject(r, "id", (*id)++);
    cJSON_AddItemToObject(r, "physicalLocation", pl);
    cJSON *m = cJSON_AddObjectToObject(r, "message");
    cJSON_AddStringToObject(m, "text", text);
    cJSON_AddItemToArray(*rel, r);
    return true;
}

/* Related locations of a lock finding: where each lock was acquired (and,
 * for an inversion, where the reverse order is taken; for a lock kept at
 * return, the return that keeps it). */
static void add_related(const sarif_ctx *c, cJSON *result, const adv_finding *f)
{
    const char *tu_dir = adv_render_tu_dir(c->r, f);
    cJSON *rel = NULL;
    int id = 1;
    char text[768];
    const cJSON *acq = cJSON_GetObjectItemCaseSensitive(f->evidence, "acquired_at");
    const cJSON *a;
    if (cJSON_IsArray(acq)) {
        cJSON_ArrayForEach(a, acq)
        {
            related_text(f->evidence, acq, a, text, sizeof text);
            if (!add_one_related(c, &rel, result, &id, tu_dir,
                                 cJSON_GetObjectItemCaseSensitive(a, "location"), text))
                return;
        }
    }
    const cJSON *rev = cJSON_GetObjectItemCaseSensitive(f->evidence, "reverse");
    if (cJSON_IsObject(rev)) {
        const char *fn = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rev, "function"));
        snprintf(text, sizeof text, "the reverse order is taken here%s%s%s", fn ? ", in " : "",
                 fn ? fn : "", fn ? "()" : "");
        if (!add_one_related(c, &rel, result, &id, tu_dir,
                             cJSON_GetObjectItemCaseSensitive(rev, "location"), text))
            return;
    }
    const cJSON *ret = cJSON_GetObjectItemCaseSensitive(f->evidence, "return_location");
    if (cJSON_IsObject(ret)) {
        const char *cls =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f->evidence, "lock_class"));
        snprintf(text, sizeof text, "a return path that keeps '%s' locked", cls ? cls : "the lock");
        add_one_related(c, &rel, result, &id, tu_dir, ret, text);
    }
}

/* The file a finding is shown at: its own, else (no debug info) the source
 * of the translation unit that reported it. NULL when neither is known. */
static const char *result_file(const sarif_ctx *c, const adv_finding *f)
{
    if (f->loc.file && *f->loc.file)
        return f->loc.file;
    const adv_set *s = c->r->set;
    if (s && f->tu < s->ntus && s->tus[f->tu].source && *s->tus[f->tu].source)
        return s->tus[f->tu].source;
    return NULL;
}

static cJSON *make_result(const sarif_ctx *c, const adv_finding *f, int rule_index)
{
    cJSON *res = cJSON_CreateObject();
    if (!res)
        return NULL;
    cJSON_AddStringToObject(res, "ruleId", f->kind_name);
    cJSON_AddNumberToObject(res, "ruleIndex", rule_index);
    cJSON_AddStringToObject(res, "level", sarif_level(f));
    cJSON *msg = cJSON_AddObjectToObject(res, "message");
    const char *file = result_file(c, f);
    if (file && file != f->loc.file && f->kind != PA_F_NO_DEBUG_INFO) {
        size_t n = strlen(f->message) + 96;
        char *text = malloc(n);
        if (!text) {
            cJSON_Delete(res);
            return NULL;
        }
        snprintf(text, n, "%s (no line information: the file was compiled without -g)", f->message);
        cJSON_AddStringToObject(msg, "text", text);
        free(text);
    } else {
        cJSON_AddStringToObject(msg, "text", f->message);
    }
    if (file) {
        cJSON *locs = cJSON_AddArrayToObject(res, "locations");
        cJSON *l = cJSON_CreateObject();
        cJSON *pl = physical_location(c, file, adv_render_tu_dir(c->r, f),
                                      file == f->loc.file ? f->loc.line : 0, f->loc.column);
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
    add_related(c, res, f);
    cJSON *fp = cJSON_AddObjectToObject(res, "partialFingerprints");
    cJSON_AddStringToObject(fp, "perfadviseId/v1", f->id);
    char est[256];
    adv_estimate_text(f, est, sizeof est);
    cJSON *props = cJSON_AddObjectToObject(res, "properties");
    cJSON_AddStringToObject(props, "impact", adv_level_name(f->score.impact));
    cJSON_AddStringToObject(props, "estimate", est);
    if (f->score.profile_basis)
        cJSON_AddStringToObject(props, "profile", f->score.profile_basis);
    cJSON_AddStringToObject(props, "effort", adv_effort_name(f->score.effort));
    cJSON_AddStringToObject(props, "risk", adv_level_name(f->score.risk));
    cJSON_AddNumberToObject(props, "priority", (double)f->score.priority);
    cJSON_AddBoolToObject(props, "crossTranslationUnit", f->cross_tu);
    if (f->score.confidence >= 0)
        cJSON_AddStringToObject(props, "confidence", adv_level_name((pa_level)f->score.confidence));
    return res;
}

/* "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///root/"}}. */
static int emit_base_ids(FILE *out, const sarif_ctx *c)
{
    char *uri = path_to_uri(c->root);
    if (!uri)
        return -1;
    size_t n = strlen(uri);
    cJSON *ids = cJSON_CreateObject();
    cJSON *root = cJSON_AddObjectToObject(ids, SARIF_BASE_ID);
    char *dir = malloc(n + 2);
    if (!dir || !root) {
        free(uri);
        free(dir);
        cJSON_Delete(ids);
        return -1;
    }
    /* A base URI ends with '/' (SARIF 3.14.14). */
    snprintf(dir, n + 2, "%s%s", uri, n && uri[n - 1] == '/' ? "" : "/");
    cJSON_AddStringToObject(root, "uri", dir);
    cJSON *desc = cJSON_AddObjectToObject(root, "description");
    cJSON_AddStringToObject(desc, "text",
                            "The report root (--root, or the directory holding every translation "
                            "unit): result paths are relative to it.");
    free(uri);
    free(dir);
    fputs(",\n\"originalUriBaseIds\": ", out);
    return adv_emit_json(out, ids);
}

static int render(FILE *out, const adv_report *r, const sarif_ctx *c);

/* What every result needs to name its rule, read by both threads of
 * adv_render_entries. */
typedef struct result_ctx {
    const sarif_ctx *c;
    const int *rule_of;
    int nrules;
    const cJSON *extra; /* kind names of unknown kinds, in order */
} result_ctx;

/* Result i, on either thread: its rule index, then the result, streamed
 * as the JSON report is (one finding's evidence tree at a time). */
static int result_entry(FILE *out, const adv_report *r, size_t i, const adv_render_opts *o,
                        void *state)
{
    (void)o;
    const result_ctx *rc = state;
    adv_finding *f = r->view[i];
    int idx;
    if (f->kind >= 0 && f->kind < PA_F_KIND_COUNT) {
        idx = rc->rule_of[f->kind];
    } else {
        idx = rc->nrules;
        const cJSON *it;
        cJSON_ArrayForEach(it, rc->extra)
        {
            if (strcmp(it->valuestring, f->kind_name) == 0)
                break;
            idx++;
        }
    }
    fputs(i ? ",\n" : "\n", out);
    bool built;
    int ok = adv_finding_evidence_for_entry(f, &built)
                 ? adv_emit_json(out, make_result(rc->c, f, idx))
                 : -1;
    adv_finding_evidence_drop(f, built);
    return ok;
}

/* The helper thread shares the (read-only) context. */
static void *share(void *mine)
{
    return mine;
}

static void keep(void *state)
{
    (void)state;
}

int adv_render_sarif(FILE *out, const adv_report *r, const adv_render_opts *o)
{
    (void)o;
    sarif_ctx *c = malloc(sizeof *c);
    if (!c)
        return -1;
    sarif_ctx_init(c, r);
    int rc = render(out, r, c);
    free(c);
    return rc;
}

static int render(FILE *out, const adv_report *r, const sarif_ctx *c)
{
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
          "\"fullName\": \"perfadvise " PA_VERSION "\", \"version\": \"" PA_VERSION "\", "
          "\"semanticVersion\": \"" PA_VERSION "\", \"informationUri\": \"" PA_HOMEPAGE_URL "\", "
          "\"rules\": ",
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
    fputs("}}", out);
    if (emit_base_ids(out, c) != 0) {
        cJSON_Delete(extra);
        return -1;
    }
    fputs(",\n\"columnKind\": \"unicodeCodePoints\",\n\"results\": [", out);
    result_ctx rctx = {c, rule_of, nrules, extra};
    adv_entry_state state = {&rctx, share, keep};
    int rc = adv_render_entries(out, r, NULL, listed, result_entry, &state);
    cJSON_Delete(extra);
    if (rc != 0)
        return -1;
    fputs("\n]\n}]\n}\n", out);
    return ferror(out) ? -1 : 0;
}
