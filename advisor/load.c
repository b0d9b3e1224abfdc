/* advisor/load.c — load findings files: validate every field the advisor
 * reads (a bad file is rejected whole with one clear problem, never a crash)
 * and import findings, lock edges and summaries into an adv_set.
 * Exercised by tests/test_adv_load.c, fuzz/fuzz_load.c and `perfadvise report`. */
#define _POSIX_C_SOURCE 200809L
#include "load.h"

#include "kinds.h"
#include "escape_text.h"
#include "merge.h"
#include "profile.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- validation ------------------------------------------------------- */

typedef struct vctx {
    char *err;
    size_t errlen;
} vctx;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int problem(vctx *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (v->err && v->errlen)
        vsnprintf(v->err, v->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *type_name(const cJSON *item)
{
    if (!item)
        return "missing";
    if (cJSON_IsString(item))
        return "a string";
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsBool(item))
        return "a boolean";
    if (cJSON_IsNull(item))
        return "null";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsObject(item))
        return "an object";
    return "invalid";
}

enum want { W_STR, W_STR_OR_NULL, W_UINT, W_NUM, W_BOOL, W_OBJ, W_ARR };

static const char *want_name(enum want w)
{
    switch (w) {
    case W_STR: return "a string";
    case W_STR_OR_NULL: return "a string or null";
    case W_UINT: return "a number";
    case W_NUM: return "a number";
    case W_BOOL: return "a boolean";
    case W_OBJ: return "an object";
    default: return "an array";
    }
}

static bool has_type(const cJSON *it, enum want w)
{
    switch (w) {
    case W_STR: return cJSON_IsString(it) && it->valuestring;
    case W_STR_OR_NULL: return cJSON_IsNull(it) || (cJSON_IsString(it) && it->valuestring);
    case W_UINT:
    case W_NUM: return cJSON_IsNumber(it);
    case W_BOOL: return cJSON_IsBool(it);
    case W_OBJ: return cJSON_IsObject(it);
    default: return cJSON_IsArray(it);
    }
}

/* Check obj.key: present when required, of the wanted type; numbers finite
 * (W_UINT: a whole number 0..UINT_MAX). `where` prefixes the message. */
static int check(vctx *v, const cJSON *obj, const char *key, enum want w, bool required,
                 const char *where)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    const char *dot = *where ? "." : "";
    if (!it) {
        if (!required)
            return 0;
        return problem(v, "%s%s%s: missing (expected %s)", where, dot, key, want_name(w));
    }
    if (!has_type(it, w))
        return problem(v, "%s%s%s: expected %s, found %s", where, dot, key, want_name(w),
                       type_name(it));
    if (w == W_NUM || w == W_UINT) {
        double d = it->valuedouble;
        if (!isfinite(d))
            return problem(v, "%s%s%s: number out of range", where, dot, key);
        if (w == W_UINT && (d < 0 || d > (double)UINT_MAX || d != floor(d)))
            return problem(v, "%s%s%s: expected a whole number from 0 to %u", where, dot, key,
                           UINT_MAX);
    }
    return 0;
}

static int check_loc(vctx *v, const cJSON *obj, const char *key, bool required, const char *where)
{
    if (check(v, obj, key, W_OBJ, required, where) != 0)
        return -1;
    const cJSON *loc = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!loc)
        return 0;
    char w[160];
    snprintf(w, sizeof w, "%s%s%s", where, *where ? "." : "", key);
    if (check(v, loc, "file", W_STR_OR_NULL, false, w) || check(v, loc, "line", W_UINT, true, w) ||
        check(v, loc, "column", W_UINT, true, w))
        return -1;
    return 0;
}

static int check_string_array(vctx *v, const cJSON *obj, const char *key, const char *where)
{
    if (check(v, obj, key, W_ARR, false, where) != 0)
        return -1;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it) || !it->valuestring)
            return problem(v, "%s.%s[%d]: expected a string, found %s", where, key, i,
                           type_name(it));
        i++;
    }
    return 0;
}

static bool is_hex_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == 16;
}

/* Kinds name rules in every output: keep them to a safe alphabet. */
static bool is_kind_name(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '-'))
            return false;
    return n >= 1 && n <= 40;
}

static int check_finding(vctx *v, const cJSON *f, int i)
{
    char w[64];
    snprintf(w, sizeof w, "findings[%d]", i);
    if (!cJSON_IsObject(f))
        return problem(v, "%s: expected an object, found %s", w, type_name(f));
    if (check(v, f, "id", W_STR, true, w) || check(v, f, "kind", W_STR, true, w) ||
        check(v, f, "function", W_STR, true, w) || check_loc(v, f, "location", true, w) ||
        check(v, f, "message", W_STR, true, w) || check(v, f, "remark", W_STR, false, w) ||
        check(v, f, "pass", W_STR, false, w) ||
        check(v, f, "function_demangled", W_STR, false, w) ||
        check_loc(v, f, "origin", false, w) || check(v, f, "evidence", W_OBJ, false, w))
        return -1;
    const char *id = cJSON_GetObjectItemCaseSensitive(f, "id")->valuestring;
    if (!is_hex_id(id))
        return problem(v, "%s.id: expected 16 lowercase hex digits", w);
    if (!is_kind_name(cJSON_GetObjectItemCaseSensitive(f, "kind")->valuestring))
        return problem(v, "%s.kind: expected 1 to 40 lowercase letters, digits or '-'", w);
    return 0;
}

static int check_edge(vctx *v, const cJSON *e, int i)
{
    char w[64];
    snprintf(w, sizeof w, "lock_edges[%d]", i);
    if (!cJSON_IsObject(e))
        return problem(v, "%s: expected an object, found %s", w, type_name(e));
    if (check(v, e, "outer", W_STR, true, w) || check(v, e, "inner", W_STR, true, w) ||
        check(v, e, "outer_kind", W_STR, false, w) || check(v, e, "inner_kind", W_STR, false, w) ||
        check(v, e, "function", W_STR, false, w) || check_loc(v, e, "location", false, w) ||
        check_loc(v, e, "outer_location", false, w) || check(v, e, "via_call", W_BOOL, false, w) ||
        check(v, e, "callee", W_STR, false, w) || check(v, e, "trylock", W_BOOL, false, w) ||
        check_string_array(v, e, "held", w) || check(v, e, "confidence", W_STR, false, w))
        return -1;
    return 0;
}

static int check_section(vctx *v, const cJSON *sec, int i)
{
    char w[64];
    snprintf(w, sizeof w, "lock_sections[%d]", i);
    if (!cJSON_IsObject(sec))
        return problem(v, "%s: expected an object, found %s", w, type_name(sec));
    if (check(v, sec, "class", W_STR, true, w) || check(v, sec, "prim", W_STR, false, w) ||
        check(v, sec, "function", W_STR, false, w) ||
        check(v, sec, "function_demangled", W_STR, false, w) ||
        check_loc(v, sec, "location", false, w) || check(v, sec, "sections", W_NUM, false, w) ||
        check(v, sec, "read_only", W_NUM, false, w) || check(v, sec, "shared", W_NUM, false, w) ||
        check(v, sec, "in_loop", W_BOOL, false, w) ||
        check(v, sec, "executions_per_call", W_NUM, false, w))
        return -1;
    return 0;
}

static int check_summary(vctx *v, const cJSON *s)
{
    char w[200];
    /* Keys come from the file: keep the message short and printable later. */
    snprintf(w, sizeof w, "summaries[\"%.60s\"]", s->string ? s->string : "");
    if (!cJSON_IsObject(s))
        return problem(v, "%s: expected an object, found %s", w, type_name(s));
    if (check(v, s, "demangled", W_STR, false, w) || check(v, s, "file", W_STR, false, w) ||
        check_string_array(v, s, "locks", w) || check_string_array(v, s, "calls", w) ||
        check(v, s, "calls_under_lock", W_ARR, false, w))
        return -1;
    const cJSON *cul = cJSON_GetObjectItemCaseSensitive(s, "calls_under_lock");
    const cJSON *c;
    int i = 0;
    cJSON_ArrayForEach(c, cul)
    {
        char wc[240];
        snprintf(wc, sizeof wc, "%s.calls_under_lock[%d]", w, i);
        if (!cJSON_IsObject(c))
            return problem(v, "%s: expected an object, found %s", wc, type_name(c));
        if (check(v, c, "callee", W_STR, true, wc) || check_string_array(v, c, "held", wc) ||
            check_loc(v, c, "location", false, wc))
            return -1;
        i++;
    }
    return 0;
}

static int check_document(vctx *v, const cJSON *doc)
{
    if (!cJSON_IsObject(doc))
        return problem(v, "top level: expected an object, found %s", type_name(doc));
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    if (!schema)
        return problem(v, "schema: missing (not a perfadvise findings file?)");
    if (!cJSON_IsString(schema) || !schema->valuestring)
        return problem(v, "schema: expected a string, found %s", type_name(schema));
    if (strcmp(schema->valuestring, PA_SCHEMA_FINDINGS) != 0)
        return problem(v, "schema: unsupported version \"%.40s\" (this perfadvise reads %s)",
                       schema->valuestring, PA_SCHEMA_FINDINGS);
    if (check(v, doc, "tu", W_OBJ, false, "") || check(v, doc, "findings", W_ARR, true, "") ||
        check(v, doc, "lock_edges", W_ARR, false, "") ||
        check(v, doc, "lock_sections", W_ARR, false, "") ||
        check(v, doc, "summaries", W_OBJ, false, ""))
        return -1;
    const cJSON *tu = cJSON_GetObjectItemCaseSensitive(doc, "tu");
    if (check(v, tu, "source", W_STR, false, "tu") ||
        check(v, tu, "directory", W_STR_OR_NULL, false, "tu") ||
        check(v, tu, "debug_info", W_BOOL, false, "tu"))
        return -1;
    const cJSON *it;
    int i = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "findings"))
    {
        if (check_finding(v, it, i++) != 0)
            return -1;
    }
    i = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "lock_edges"))
    {
        if (check_edge(v, it, i++) != 0)
            return -1;
    }
    i = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "lock_sections"))
    {
        if (check_section(v, it, i++) != 0)
            return -1;
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "summaries"))
    {
        if (check_summary(v, it) != 0)
            return -1;
    }
    return 0;
}

/* cJSON recurses once per nesting level (parse, print, delete): refuse deep
 * documents before parsing. Strings are skipped so brackets inside them do
 * not count. */
static int check_depth(vctx *v, const char *buf, size_t len, bool *unbalanced)
{
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > ADV_LOAD_MAX_DEPTH)
                return problem(v, "JSON nested deeper than %d levels", ADV_LOAD_MAX_DEPTH);
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    if (unbalanced)
        *unbalanced = in_string || depth > 0;
    return 0;
}

/* ---- import ----------------------------------------------------------- */

static const char *get_str(const cJSON *obj, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static bool get_bool(const cJSON *obj, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static int import_loc(adv_set *s, const cJSON *obj, const char *key, pa_loc *out)
{
    memset(out, 0, sizeof *out);
    const cJSON *loc = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!loc)
        return 0;
    const char *file = get_str(loc, "file");
    out->file = adv_set_strdup(s, file);
    out->line = (unsigned)cJSON_GetObjectItemCaseSensitive(loc, "line")->valuedouble;
    out->column = (unsigned)cJSON_GetObjectItemCaseSensitive(loc, "column")->valuedouble;
    return file && !out->file ? -1 : 0;
}

/* Evidence strings reach every renderer: make them valid UTF-8 in place. */
static void sanitize_tree(cJSON *item)
{
    for (; item; item = item->next) {
        if (item->string)
            adv_utf8_sanitize(item->string, strlen(item->string));
        if (cJSON_IsString(item) && item->valuestring)
            adv_utf8_sanitize(item->valuestring, strlen(item->valuestring));
        if (item->child)
            sanitize_tree(item->child);
    }
}

static int import_finding(adv_set *s, cJSON *fj, unsigned tu)
{
    adv_finding f;
    memset(&f, 0, sizeof f);
    memcpy(f.id, get_str(fj, "id"), 16);
    f.kind_name = adv_set_strdup(s, get_str(fj, "kind"));
    f.kind = (int)pa_kind_from_string(f.kind_name);
    const char *remark = get_str(fj, "remark");
    if (!remark) {
        const pa_kind_row *ki = pa_kind_row_of((pa_finding_kind)f.kind);
        remark = pa_remark_type_name(ki ? ki->remark : PA_REMARK_MISSED);
    }
    f.remark = adv_set_strdup(s, remark);
    f.function = adv_set_strdup(s, get_str(fj, "function"));
    const char *dem = get_str(fj, "function_demangled");
    f.function_demangled = dem && *dem ? adv_set_strdup(s, dem) : f.function;
    f.message = adv_set_strdup(s, get_str(fj, "message"));
    if (!f.kind_name || !f.remark || !f.function || !f.function_demangled || !f.message ||
        import_loc(s, fj, "location", &f.loc) != 0 || import_loc(s, fj, "origin", &f.origin) != 0)
        return -2;
    f.tu = tu;
    f.tu_count = 1;
    f.evidence = cJSON_DetachItemFromObjectCaseSensitive(fj, "evidence");
    sanitize_tree(f.evidence ? f.evidence->child : NULL);
    return adv_set_add_finding(s, &f) ? 0 : -2;
}

/* Lock classes the advisor can join across TUs: named globals and fields.
 * Parameter-relative, local and unknown classes say nothing whole-program. */
static bool joinable_class(const char *name, const char *kind)
{
    if (!name || !*name || strncmp(name, "param#", 6) == 0)
        return false;
    return !kind || strcmp(kind, "global") == 0 || strcmp(kind, "field") == 0;
}

static const char **import_strings(adv_set *s, const cJSON *arr, size_t *n, int *rc);

static int import_edge(adv_set *s, const cJSON *ej, unsigned tu)
{
    if (get_bool(ej, "trylock"))
        return 0; /* a trylock cannot wait, so it closes no deadlock cycle */
    const char *conf = get_str(ej, "confidence");
    if (conf && strcmp(conf, "low") == 0)
        return 0; /* the outer lock is held on some paths only: no order it must keep */
    const char *outer = get_str(ej, "outer"), *inner = get_str(ej, "inner");
    if (!joinable_class(outer, get_str(ej, "outer_kind")) ||
        !joinable_class(inner, get_str(ej, "inner_kind")))
        return 0;
    adv_lock_edge e;
    memset(&e, 0, sizeof e);
    e.outer = adv_set_strdup(s, outer);
    e.inner = adv_set_strdup(s, inner);
    e.function = adv_set_strdup(s, get_str(ej, "function") ? get_str(ej, "function") : "");
    e.via_call = get_bool(ej, "via_call");
    e.callee = adv_set_strdup(s, get_str(ej, "callee"));
    e.tu = tu;
    int rc = 0;
    e.held = import_strings(s, cJSON_GetObjectItemCaseSensitive(ej, "held"), &e.nheld, &rc);
    if (rc != 0 || !e.outer || !e.inner || !e.function ||
        import_loc(s, ej, "location", &e.loc) != 0 ||
        import_loc(s, ej, "outer_location", &e.outer_loc) != 0)
        return -2;
    return adv_set_add_edge(s, &e) == 0 ? 0 : -2;
}

static double get_count(const cJSON *obj, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(it) && isfinite(it->valuedouble) && it->valuedouble > 0 ? it->valuedouble
                                                                                : 0;
}

/* Critical sections feed the read-write lock judgement; only classes the
 * whole program can name are worth keeping. */
static int import_section(adv_set *s, const cJSON *sj, unsigned tu)
{
    const char *cls = get_str(sj, "class");
    if (!joinable_class(cls, NULL) || strstr(cls, "unknown lock"))
        return 0;
    adv_section sec;
    memset(&sec, 0, sizeof sec);
    sec.cls = adv_set_strdup(s, cls);
    sec.prim = adv_set_strdup(s, get_str(sj, "prim") ? get_str(sj, "prim") : "");
    sec.function = adv_set_strdup(s, get_str(sj, "function") ? get_str(sj, "function") : "");
    sec.demangled = adv_set_strdup(s, get_str(sj, "function_demangled"));
    sec.tu = tu;
    sec.sections = get_count(sj, "sections");
    sec.read_only = get_count(sj, "read_only");
    sec.shared = get_count(sj, "shared");
    sec.executions = get_count(sj, "executions_per_call");
    sec.in_loop = get_bool(sj, "in_loop");
    if (!sec.cls || !sec.prim || !sec.function || import_loc(s, sj, "location", &sec.loc) != 0)
        return -2;
    return adv_set_add_section(s, &sec) == 0 ? 0 : -2;
}

/* Copy an array of strings into the arena; *n gets the count. */
static const char **import_strings(adv_set *s, const cJSON *arr, size_t *n, int *rc)
{
    *n = 0;
    int count = cJSON_GetArraySize(arr);
    if (count <= 0)
        return NULL;
    const char **out = adv_set_alloc(s, (size_t)count * sizeof *out);
    if (!out) {
        *rc = -2;
        return NULL;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const char *str = adv_set_strdup(s, it->valuestring);
        if (!str) {
            *rc = -2;
            return NULL;
        }
        out[(*n)++] = str;
    }
    return out;
}

static int import_summary(adv_set *s, const cJSON *sj, unsigned tu)
{
    int rc = 0;
    if (adv_profile_import(s, sj, tu) != 0)
        return -2;
    adv_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.name = adv_set_strdup(s, sj->string ? sj->string : "");
    sum.demangled = adv_set_strdup(s, get_str(sj, "demangled"));
    sum.tu = tu;
    sum.locks = import_strings(s, cJSON_GetObjectItemCaseSensitive(sj, "locks"), &sum.nlocks, &rc);
    sum.calls = import_strings(s, cJSON_GetObjectItemCaseSensitive(sj, "calls"), &sum.ncalls, &rc);
    const cJSON *cul = cJSON_GetObjectItemCaseSensitive(sj, "calls_under_lock");
    int ncul = cJSON_GetArraySize(cul);
    if (ncul > 0) {
        sum.cul = adv_set_alloc(s, (size_t)ncul * sizeof *sum.cul);
        if (!sum.cul)
            return -2;
        const cJSON *c;
        cJSON_ArrayForEach(c, cul)
        {
            adv_call_under_lock *u = &sum.cul[sum.ncul++];
            u->callee = adv_set_strdup(s, get_str(c, "callee"));
            u->held = import_strings(s, cJSON_GetObjectItemCaseSensitive(c, "held"), &u->nheld, &rc);
            if (!u->callee || import_loc(s, c, "location", &u->loc) != 0)
                return -2;
        }
    }
    if (!sum.name || rc != 0)
        return -2;
    if (!sum.nlocks && !sum.ncalls && !sum.ncul)
        return 0; /* nothing the lock joins could use */
    return adv_set_add_summary(s, &sum) == 0 ? 0 : -2;
}

static int import_document(adv_set *s, cJSON *doc, const char *path)
{
    const cJSON *tuj = cJSON_GetObjectItemCaseSensitive(doc, "tu");
    int tu = adv_set_add_tu(s, path, get_str(tuj, "source"), get_str(tuj, "directory"));
    if (tu < 0)
        return -2;
    cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "findings"))
    {
        if (import_finding(s, it, (unsigned)tu) != 0)
            return -2;
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "lock_edges"))
    {
        if (import_edge(s, it, (unsigned)tu) != 0)
            return -2;
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "lock_sections"))
    {
        if (import_section(s, it, (unsigned)tu) != 0)
            return -2;
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "summaries"))
    {
        if (import_summary(s, it, (unsigned)tu) != 0)
            return -2;
    }
    return 0;
}

int adv_load_buffer(adv_set *s, const char *buf, size_t len, const char *path, char *err,
                    size_t errlen)
{
    vctx v = {err, errlen};
    char *copy = NULL;
    cJSON *doc = NULL;
    int rc = -1;
    if (err && errlen)
        err[0] = '\0';
    size_t start = 0;
    while (start < len && (buf[start] == ' ' || buf[start] == '\n' || buf[start] == '\r' ||
                           buf[start] == '\t'))
        start++;
    if (start == len) {
        problem(&v, len ? "file holds only white space" : "empty file");
        goto done;
    }
    bool unbalanced = false;
    if (check_depth(&v, buf, len, &unbalanced) != 0)
        goto done;
    /* A private NUL-terminated copy: cJSON then rejects trailing garbage and
     * an embedded NUL ends the document where it stands. */
    copy = malloc(len + 1);
    if (!copy) {
        rc = -2;
        problem(&v, "out of memory");
        goto done;
    }
    memcpy(copy, buf, len);
    copy[len] = '\0';
    const char *end = NULL;
    doc = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
    if (!doc) {
        size_t off = end && end >= copy ? (size_t)(end - copy) : 0;
        if (off >= len || unbalanced)
            problem(&v, "invalid JSON: unexpected end of file (truncated?)");
        else
            problem(&v, "invalid JSON at byte %zu", off);
        goto done;
    }
    if (check_document(&v, doc) != 0)
        goto done;
    rc = import_document(s, doc, path);
    if (rc != 0)
        problem(&v, "out of memory");
done:
    cJSON_Delete(doc);
    free(copy);
    return rc;
}

int adv_load_file(adv_set *s, const char *path, char *err, size_t errlen)
{
    vctx v = {err, errlen};
    char *buf = NULL;
    int rc = -1;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return problem(&v, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        problem(&v, "not a regular file");
        goto done;
    }
    if ((unsigned long long)st.st_size > ADV_LOAD_MAX_BYTES) {
        problem(&v, "file larger than %u MB", ADV_LOAD_MAX_BYTES / (1024u * 1024u));
        goto done;
    }
    size_t size = (size_t)st.st_size;
    buf = malloc(size ? size : 1);
    if (!buf) {
        rc = -2;
        problem(&v, "out of memory");
        goto done;
    }
    size_t got = fread(buf, 1, size, fp);
    if (got != size && ferror(fp)) {
        problem(&v, "read error: %s", strerror(errno));
        goto done;
    }
    rc = adv_load_buffer(s, buf, got, path, err, errlen);
done:
    free(buf);
    fclose(fp);
    return rc;
}

/* ---- baseline -------------------------------------------------------- */

int adv_load_baseline(const char *path, adv_set *ids, char *err, size_t errlen)
{
    vctx v = {err, errlen};
    char *buf = NULL;
    cJSON *doc = NULL;
    int rc = -1;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return problem(&v, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode) ||
        (unsigned long long)st.st_size > 4ull * ADV_LOAD_MAX_BYTES) {
        problem(&v, "not a regular file of at most %u MB", 4 * ADV_LOAD_MAX_BYTES / (1024u * 1024u));
        goto done;
    }
    size_t size = (size_t)st.st_size;
    buf = malloc(size + 1);
    if (!buf) {
        rc = -2;
        problem(&v, "out of memory");
        goto done;
    }
    size = fread(buf, 1, size, fp);
    buf[size] = '\0';
    if (check_depth(&v, buf, size, NULL) != 0)
        goto done;
    const char *end = NULL;
    doc = cJSON_ParseWithLengthOpts(buf, size + 1, &end, 1);
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc, "findings");
    if (!doc) {
        problem(&v, "invalid JSON");
        goto done;
    }
    if (!cJSON_IsString(schema) || strcmp(schema->valuestring, PA_SCHEMA_REPORT) != 0 ||
        !cJSON_IsArray(findings)) {
        problem(&v, "not a perfadvise --format json report (schema %s)", PA_SCHEMA_REPORT);
        goto done;
    }
    const cJSON *f;
    int i = 0;
    cJSON_ArrayForEach(f, findings)
    {
        const char *id = get_str(f, "id");
        if (!id || !is_hex_id(id)) {
            problem(&v, "findings[%d].id: expected 16 lowercase hex digits", i);
            goto done;
        }
        adv_finding stub;
        memset(&stub, 0, sizeof stub);
        memcpy(stub.id, id, 16);
        stub.kind_name = stub.remark = stub.function = stub.function_demangled = stub.message = "";
        if (!adv_set_add_finding(ids, &stub)) {
            rc = -2;
            goto done;
        }
        i++;
    }
    rc = 0;
done:
    cJSON_Delete(doc);
    free(buf);
    fclose(fp);
    return rc;
}

/* ---- collecting input files -------------------------------------------- */

typedef struct collector {
    adv_pathlist *out;
    struct stat *seen; /* dev/ino of files already listed */
    size_t nseen, capseen;
} collector;

void adv_pathlist_free(adv_pathlist *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++)
        free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}

static int add_path(collector *c, const char *path, const struct stat *st)
{
    for (size_t i = 0; i < c->nseen; i++)
        if (c->seen[i].st_dev == st->st_dev && c->seen[i].st_ino == st->st_ino)
            return 0;
    struct stat *seen = pa_array_reserve(c->seen, &c->capseen, c->nseen + 1, sizeof *seen);
    if (!seen)
        return -1;
    c->seen = seen;
    c->seen[c->nseen++] = *st;
    adv_pathlist *l = c->out;
    char **paths = pa_array_reserve(l->paths, &l->cap, l->count + 1, sizeof *paths);
    if (!paths)
        return -1;
    l->paths = paths;
    char *dup = strdup(path);
    if (!dup)
        return -1;
    l->paths[l->count++] = dup;
    return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* <name>.<16 hex>.json, the name the plugin gives its files. */
static bool has_findings_name(const char *name)
{
    size_t n = strlen(name);
    if (n < 23 || name[n - 22] != '.')
        return false;
    for (size_t i = n - 21; i < n - 5; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return false;
    return true;
}

static bool mentions_schema(const char *path)
{
    char head[513];
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t n = fread(head, 1, sizeof head - 1, fp);
    fclose(fp);
    head[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (head[i] == '\0')
            head[i] = ' ';
    return strstr(head, "perfadvise-findings") != NULL;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(collector *c, const char *dir, int depth, adv_warn_fn warn, void *ctx)
{
    if (depth > 64)
        return 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (warn)
            warn(ctx, dir, strerror(errno));
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue; /* ., .., and hidden folders such as .git */
        char **p = pa_array_reserve(names, &cap, n + 1, sizeof *p);
        if (!p) {
            rc = -1;
            goto done;
        }
        names = p;
        if (!(names[n] = strdup(de->d_name))) {
            rc = -1;
            goto done;
        }
        n++;
    }
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = -1;
            break;
        }
        snprintf(path, len, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", names[i]);
        struct stat st;
        if (lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                rc = walk_dir(c, path, depth + 1, warn, ctx);
            } else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && ends_with(names[i], ".json") &&
                       !strstr(names[i], ".tmp.") && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                       (has_findings_name(names[i]) || mentions_schema(path))) {
                rc = add_path(c, path, &st);
            }
        }
        free(path);
    }
done:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return rc;
}

int adv_collect_inputs(const char *const *args, size_t nargs, adv_pathlist *out, adv_warn_fn warn,
                       void *ctx)
{
    collector c = {out, NULL, 0, 0};
    int bad = 0;
    for (size_t i = 0; i < nargs; i++) {
        struct stat st;
        if (stat(args[i], &st) != 0) {
            if (warn)
                warn(ctx, args[i], strerror(errno));
            bad++;
            continue;
        }
        int rc = S_ISDIR(st.st_mode) ? walk_dir(&c, args[i], 0, warn, ctx) : add_path(&c, args[i], &st);
        if (rc != 0) {
            free(c.seen);
            return -1;
        }
    }
    free(c.seen);
    return bad;
}
