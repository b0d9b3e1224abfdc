/* advisor/load.c — load findings files: validate every field the advisor
 * reads (a bad file is rejected whole with one clear problem, never a crash)
 * and import findings, lock edges and summaries into an adv_set.
 * Exercised by tests/test_adv_load.c, fuzz/fuzz_load.c and `perfadvise report`. */
#define _POSIX_C_SOURCE 200809L
#include "load.h"

#include "arena.h"
#include "kinds.h"
#include "escape_text.h"
#include "evidence.h"
#include "group.h"
#include "json_fast.h"
#include "json_get.h"
#include "merge.h"
#include "open_input.h"
#include "score.h"
#include "objread.h"
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
#include <unistd.h>

/* ---- validation ------------------------------------------------------- */

typedef struct vctx {
    char *err;
    size_t errlen;
    /* Only whether the document is valid is asked: the names of fields
     * ("findings[12].location") are not put together for messages no one
     * reads (snprintf per finding was a tenth of the loader's instructions). */
    bool quiet;
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
    if (adv_json_is_string(item))
        return "a string";
    if (adv_json_is_number(item))
        return "a number";
    if (adv_json_is_bool(item))
        return "a boolean";
    if (adv_json_is_null(item))
        return "null";
    if (adv_json_is_array(item))
        return "an array";
    if (adv_json_is_object(item))
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
    case W_STR: return adv_json_is_string(it) && it->valuestring;
    case W_STR_OR_NULL: return adv_json_is_null(it) || (adv_json_is_string(it) && it->valuestring);
    case W_UINT:
    case W_NUM: return adv_json_is_number(it);
    case W_BOOL: return adv_json_is_bool(it);
    case W_OBJ: return adv_json_is_object(it);
    default: return adv_json_is_array(it);
    }
}

/* Check it, the member obj.key (NULL: missing): present when required,
 * of the wanted type; numbers finite (W_UINT: a whole number 0..UINT_MAX).
 * `where` prefixes the message. */
static int check_item(vctx *v, const cJSON *it, const char *key, enum want w, bool required,
                      const char *where)
{
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

static int check(vctx *v, const cJSON *obj, const char *key, enum want w, bool required,
                 const char *where)
{
    return check_item(v, adv_json_get(obj, key), key, w, required, where);
}

/* A member to check: its key, what it must be (W_LOC: a location object,
 * W_STRARR: an array of strings) and whether it must be there. */
enum { W_LOC = W_ARR + 1, W_STRARR };
typedef struct rule {
    const char *key;
    int want;
    bool required;
} rule;
#define MAX_RULES 16
#define NRULES(r) (sizeof(r) / sizeof *(r))

/* The first member of obj with each rule's key (what adv_json_get finds),
 * in one walk over the members: a finding's dozen lookups walked them a
 * dozen times. Keys read by the fast reader are the very literals of the
 * rules (json_fast.c), so most are matched by address. */
static void match_members(const cJSON *obj, const rule *rules, size_t n, const cJSON **found)
{
    for (size_t k = 0; k < n; k++)
        found[k] = NULL;
    size_t left = n;
    for (const cJSON *c = obj ? obj->child : NULL; c && left; c = c->next) {
        if (!c->string)
            continue;
        size_t k = 0;
        while (k < n && c->string != rules[k].key)
            k++;
        if (k == n)
            for (k = 0; k < n && strcmp(c->string, rules[k].key) != 0; k++)
                ;
        if (k < n && !found[k]) {
            found[k] = c;
            left--;
        }
    }
}

static int check_loc_item(vctx *v, const cJSON *loc, const char *key, bool required,
                          const char *where);
static int check_strarr_item(vctx *v, const cJSON *arr, const char *key, const char *where);

/* Every rule on obj's members, in the rules' order: the first problem is
 * the one the same checks made one lookup at a time would report. */
static int check_members(vctx *v, const cJSON *obj, const rule *rules, size_t n,
                         const char *where, const cJSON **found)
{
    match_members(obj, rules, n, found);
    for (size_t k = 0; k < n; k++) {
        const rule *r = &rules[k];
        int rc = r->want == W_LOC      ? check_loc_item(v, found[k], r->key, r->required, where)
                 : r->want == W_STRARR ? check_strarr_item(v, found[k], r->key, where)
                                       : check_item(v, found[k], r->key, (enum want)r->want,
                                                    r->required, where);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static const rule loc_rules[] = {
    {"file", W_STR_OR_NULL, false}, {"line", W_UINT, true}, {"column", W_UINT, true}};

static int check_loc_item(vctx *v, const cJSON *loc, const char *key, bool required,
                          const char *where)
{
    if (check_item(v, loc, key, W_OBJ, required, where) != 0)
        return -1;
    if (!loc)
        return 0;
    char w[160] = "";
    if (!v->quiet)
        snprintf(w, sizeof w, "%s%s%s", where, *where ? "." : "", key);
    const cJSON *found[NRULES(loc_rules)];
    return check_members(v, loc, loc_rules, NRULES(loc_rules), w, found);
}

static int check_strarr_item(vctx *v, const cJSON *arr, const char *key, const char *where)
{
    if (check_item(v, arr, key, W_ARR, false, where) != 0)
        return -1;
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (!adv_json_is_string(it) || !it->valuestring)
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

/* Rules whose member is read after the check, by these names: a rule
 * moved in its table then draws the compiler's warning of an overridden
 * initializer. */
enum { FR_ID, FR_KIND };
enum { SR_CALLS_UNDER_LOCK = 4, SR_LOOP_CALLS = 6, SR_LOCK_CALLS = 7 };
enum { LR_LOOP_CALLEES = 4 };

static const rule finding_rules[] = {
    [FR_ID] = {"id", W_STR, true}, [FR_KIND] = {"kind", W_STR, true},
    {"function", W_STR, true},     {"location", W_LOC, true},
    {"message", W_STR, true},      {"remark", W_STR, false},
    {"pass", W_STR, false},        {"function_demangled", W_STR, false},
    {"origin", W_LOC, false},      {"evidence", W_OBJ, false}};

static int check_finding(vctx *v, const cJSON *f, int i)
{
    char w[64] = "";
    if (!v->quiet)
        snprintf(w, sizeof w, "findings[%d]", i);
    if (!adv_json_is_object(f))
        return problem(v, "%s: expected an object, found %s", w, type_name(f));
    const cJSON *found[NRULES(finding_rules)];
    if (check_members(v, f, finding_rules, NRULES(finding_rules), w, found) != 0)
        return -1;
    if (!is_hex_id(found[FR_ID]->valuestring))
        return problem(v, "%s.id: expected 16 lowercase hex digits", w);
    if (!is_kind_name(found[FR_KIND]->valuestring))
        return problem(v, "%s.kind: expected 1 to 40 lowercase letters, digits or '-'", w);
    return 0;
}

static const rule edge_rules[] = {
    {"outer", W_STR, true},        {"inner", W_STR, true},          {"outer_kind", W_STR, false},
    {"inner_kind", W_STR, false},  {"function", W_STR, false},      {"location", W_LOC, false},
    {"outer_location", W_LOC, false}, {"via_call", W_BOOL, false},  {"callee", W_STR, false},
    {"trylock", W_BOOL, false},    {"held", W_STRARR, false},       {"confidence", W_STR, false}};

/* Element i of a top-level array, which must be an object with members
 * by `rules` (at most ELEMENT_RULES of them). */
#define ELEMENT_RULES 16
static int check_element(vctx *v, const cJSON *item, const char *array, int i, const rule *rules,
                         size_t nrules)
{
    char w[64] = "";
    if (!v->quiet)
        snprintf(w, sizeof w, "%s[%d]", array, i);
    if (!adv_json_is_object(item))
        return problem(v, "%s: expected an object, found %s", w, type_name(item));
    const cJSON *found[ELEMENT_RULES];
    return check_members(v, item, rules, nrules, w, found);
}

_Static_assert(NRULES(edge_rules) <= ELEMENT_RULES, "check_element's found[] is too small");

static int check_edge(vctx *v, const cJSON *e, int i)
{
    return check_element(v, e, "lock_edges", i, edge_rules, NRULES(edge_rules));
}

static const rule section_rules[] = {
    {"class", W_STR, true},           {"prim", W_STR, false},
    {"function", W_STR, false},       {"function_demangled", W_STR, false},
    {"location", W_LOC, false},       {"sections", W_NUM, false},
    {"read_only", W_NUM, false},      {"shared", W_NUM, false},
    {"in_loop", W_BOOL, false},       {"executions_per_call", W_NUM, false}};

_Static_assert(NRULES(section_rules) <= ELEMENT_RULES, "check_element's found[] is too small");

static int check_section(vctx *v, const cJSON *sec, int i)
{
    return check_element(v, sec, "lock_sections", i, section_rules, NRULES(section_rules));
}

static const rule member_name_rules[] = {{"opaque", W_STR, true}, {"member", W_STR, true}};

_Static_assert(NRULES(member_name_rules) <= ELEMENT_RULES, "check_element's found[] is too small");

static int check_member_name(vctx *v, const cJSON *mn, int i)
{
    return check_element(v, mn, "member_names", i, member_name_rules, NRULES(member_name_rules));
}

static const rule summary_rules[] = {
    {"demangled", W_STR, false},
    {"file", W_STR, false},
    {"locks", W_STRARR, false},
    {"calls", W_STRARR, false},
    [SR_CALLS_UNDER_LOCK] = {"calls_under_lock", W_ARR, false},
    {"locks_if_null", W_OBJ, false},
    [SR_LOOP_CALLS] = {"loop_calls", W_ARR, false},
    [SR_LOCK_CALLS] = {"lock_calls", W_ARR, false},
    {"may_block", W_BOOL, false},
    {"block_chance", W_NUM, false}};
static const rule loop_call_rules[] = {{"callee", W_STR, true},
                                       {"location", W_LOC, false},
                                       {"invariant_args", W_ARR, false},
                                       {"zero_args", W_ARR, false},
                                       [LR_LOOP_CALLEES] = {"loop_callees", W_ARR, false}};
static const rule loop_callee_rules[] = {{"callee", W_STR, true}, {"per_iteration", W_NUM, false}};
static const rule lock_call_rules[] = {{"class", W_STR, true},
                                       {"param", W_NUM, false},
                                       {"chance", W_NUM, false},
                                       {"needs_param", W_NUM, false}};
static const rule call_under_lock_rules[] = {{"callee", W_STR, true},
                                             {"held", W_STRARR, false},
                                             {"location", W_LOC, false},
                                             {"nonnull_args", W_ARR, false}};

/* What is checked inside an element once its members passed: found
 * holds them, wc names the element. */
typedef int (*element_check)(vctx *v, const cJSON **found, const char *wc);

/* Every element of arr an object whose members pass rules, then inner (or
 * NULL); `what` names the array in messages. */
static int check_elements(vctx *v, const cJSON *arr, const char *where, const char *what,
                          const rule *rules, size_t n, element_check inner)
{
    const cJSON *it, *found[MAX_RULES];
    int i = 0;
    cJSON_ArrayForEach(it, arr)
    {
        char wc[240] = "";
        if (!v->quiet)
            snprintf(wc, sizeof wc, "%s.%s[%d]", where, what, i);
        if (!adv_json_is_object(it))
            return problem(v, "%s: expected an object, found %s", wc, type_name(it));
        if (check_members(v, it, rules, n, wc, found) != 0 || (inner && inner(v, found, wc) != 0))
            return -1;
        i++;
    }
    return 0;
}

/* A loop call's other calls in the loop. */
static int check_loop_callees(vctx *v, const cJSON **found, const char *wc)
{
    return check_elements(v, found[LR_LOOP_CALLEES], wc, "loop_callees", loop_callee_rules,
                          NRULES(loop_callee_rules), NULL);
}

static int check_summary(vctx *v, const cJSON *s)
{
    char w[200] = "";
    /* Keys come from the file: keep the message short and printable later. */
    if (!v->quiet)
        snprintf(w, sizeof w, "summaries[\"%.60s\"]", s->string ? s->string : "");
    if (!adv_json_is_object(s))
        return problem(v, "%s: expected an object, found %s", w, type_name(s));
    const cJSON *found[NRULES(summary_rules)];
    if (check_members(v, s, summary_rules, NRULES(summary_rules), w, found) != 0)
        return -1;
    if (check_elements(v, found[SR_LOOP_CALLS], w, "loop_calls", loop_call_rules, NRULES(loop_call_rules),
                       check_loop_callees) ||
        check_elements(v, found[SR_LOCK_CALLS], w, "lock_calls", lock_call_rules, NRULES(lock_call_rules),
                       NULL) ||
        check_elements(v, found[SR_CALLS_UNDER_LOCK], w, "calls_under_lock", call_under_lock_rules,
                       NRULES(call_under_lock_rules), NULL))
        return -1;
    return 0;
}

static int check_document(vctx *v, const cJSON *doc)
{
    if (!adv_json_is_object(doc))
        return problem(v, "top level: expected an object, found %s", type_name(doc));
    const cJSON *schema = adv_json_get(doc, "schema");
    if (!schema)
        return problem(v, "schema: missing (not a perfadvise findings file?)");
    if (!adv_json_is_string(schema) || !schema->valuestring)
        return problem(v, "schema: expected a string, found %s", type_name(schema));
    if (strcmp(schema->valuestring, PA_SCHEMA_FINDINGS) != 0)
        return problem(v, "schema: unsupported version \"%.40s\" (this perfadvise reads %s)",
                       schema->valuestring, PA_SCHEMA_FINDINGS);
    if (check(v, doc, "tu", W_OBJ, false, "") || check(v, doc, "findings", W_ARR, true, "") ||
        check(v, doc, "lock_edges", W_ARR, false, "") ||
        check(v, doc, "lock_sections", W_ARR, false, "") ||
        check(v, doc, "summaries", W_OBJ, false, "") ||
        check(v, doc, "member_names", W_ARR, false, "") ||
        check(v, doc, "api_locks", W_ARR, false, ""))
        return -1;
    const cJSON *tu = adv_json_get(doc, "tu");
    if (check(v, tu, "source", W_STR, false, "tu") ||
        check(v, tu, "directory", W_STR_OR_NULL, false, "tu") ||
        check(v, tu, "debug_info", W_BOOL, false, "tu"))
        return -1;
    const cJSON *it;
    int i = 0;
    cJSON_ArrayForEach(it, adv_json_get(doc, "findings"))
    {
        if (check_finding(v, it, i++) != 0)
            return -1;
    }
    i = 0;
    cJSON_ArrayForEach(it, adv_json_get(doc, "lock_edges"))
    {
        if (check_edge(v, it, i++) != 0)
            return -1;
    }
    i = 0;
    cJSON_ArrayForEach(it, adv_json_get(doc, "lock_sections"))
    {
        if (check_section(v, it, i++) != 0)
            return -1;
    }
    cJSON_ArrayForEach(it, adv_json_get(doc, "summaries"))
    {
        if (check_summary(v, it) != 0)
            return -1;
    }
    i = 0;
    cJSON_ArrayForEach(it, adv_json_get(doc, "member_names"))
    {
        if (check_member_name(v, it, i++) != 0)
            return -1;
    }
    i = 0;
    cJSON_ArrayForEach(it, adv_json_get(doc, "api_locks"))
    {
        if (!adv_json_is_string(it) || !it->valuestring)
            return problem(v, "api_locks[%d]: expected a string, found %s", i, type_name(it));
        i++;
    }
    return 0;
}

/* cJSON recurses once per nesting level (parse, print, delete): refuse deep
 * documents before parsing. Strings are skipped so brackets inside them do
 * not count. One table load per byte: the chain of comparisons it replaces
 * made this pass a twentieth of a large report's time (0.10 s for 113 MB,
 * now 0.02 s). */
enum { B_PLAIN, B_QUOTE, B_ESCAPE, B_OPEN, B_CLOSE };
static const unsigned char byte_class[256] = {
    ['"'] = B_QUOTE, ['\\'] = B_ESCAPE, ['{'] = B_OPEN, ['['] = B_OPEN, ['}'] = B_CLOSE, [']'] = B_CLOSE,
};

static int check_depth(vctx *v, const char *buf, size_t len, bool *unbalanced)
{
    const unsigned char *p = (const unsigned char *)buf;
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = byte_class[p[i]];
        if (c == B_PLAIN)
            continue;
        if (in_string) {
            if (c == B_ESCAPE)
                i++;
            else if (c == B_QUOTE)
                in_string = false;
            continue;
        }
        if (c == B_QUOTE) {
            in_string = true;
        } else if (c == B_OPEN) {
            if (++depth > ADV_LOAD_MAX_DEPTH)
                return problem(v, "JSON nested deeper than %d levels", ADV_LOAD_MAX_DEPTH);
        } else if (c == B_CLOSE) {
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
    const cJSON *it = adv_json_get(obj, key);
    return adv_json_is_string(it) ? it->valuestring : NULL;
}

static bool get_bool(const cJSON *obj, const char *key)
{
    return adv_json_is_true(adv_json_get(obj, key));
}

static int import_loc(adv_set *s, const cJSON *obj, const char *key, pa_loc *out)
{
    memset(out, 0, sizeof *out);
    const cJSON *loc = adv_json_get(obj, key);
    if (!loc)
        return 0;
    const cJSON *fj = adv_json_get(loc, "file");
    const char *file = adv_json_is_string(fj) ? fj->valuestring : NULL;
    out->file = adv_set_intern_node(s, file, fj);
    out->line = (unsigned)adv_json_get(loc, "line")->valuedouble;
    out->column = (unsigned)adv_json_get(loc, "column")->valuedouble;
    return file && !out->file ? -1 : 0;
}

/* Evidence strings reach every renderer: make them valid UTF-8 in place. */
static void sanitize_tree(cJSON *item)
{
    for (; item; item = item->next) {
        if (item->string)
            adv_utf8_sanitize(item->string, strlen(item->string));
        if (adv_json_is_string(item) && item->valuestring)
            adv_utf8_sanitize(item->valuestring, strlen(item->valuestring));
        if (item->child)
            sanitize_tree(item->child);
    }
}

/* ---- a finding in two halves ------------------------------------------
 * Everything about a finding that needs only its document (sanitizing,
 * scoring, packing the evidence, copying the message, checking and hashing
 * the names) is prepared first (adv_parsed_prepare), by a loader thread
 * when loading ahead (advisor/inputs.c), into an arena the set adopts; the
 * thread that imports then does only what touches the set, in input
 * order: the id lookup, interning the names, the append. The set and every
 * report are those of importing each finding whole on one thread. */

/* A name to intern: str is the tree's string (valid UTF-8, hash its
 * pa_hash_str) or, when it was not valid, a repaired copy in the
 * document's memory used as it is (what adv_set_intern does with it). */
typedef struct prep_name {
    const char *str; /* NULL: none */
    size_t len;
    uint64_t hash;
    bool as_is;
} prep_name;

typedef struct prep_finding {
    adv_finding f; /* scored, packed; names filled when committed */
    uint64_t id_hash;
    prep_name kind_name, remark, function, demangled, file, origin_file;
    bool demangled_same; /* function_demangled is function */
} prep_finding;

/* Returns 0, or -2 on out of memory. */
static int prep_name_of(adv_set *mem, const char *str, prep_name *out)
{
    memset(out, 0, sizeof *out);
    if (!str)
        return 0;
    /* Length, hash and an ASCII check in one pass (three before); only
     * text with other bytes gets the full UTF-8 check. */
    size_t n;
    bool ascii;
    uint64_t h = pa_hash_str_len(str, &n, &ascii);
    out->len = n;
    if (!ascii && adv_utf8_invalid_count(str, n)) {
        out->as_is = true;
        out->str = adv_set_strndup(mem, str, n);
        return out->str ? 0 : -2;
    }
    out->str = str;
    out->hash = h;
    return 0;
}

static const char *commit_name(adv_set *s, const prep_name *n)
{
    if (!n->str || n->as_is)
        return n->str;
    return adv_set_intern_hashed(s, n->str, n->len, n->hash);
}

static int prep_loc(adv_set *mem, const cJSON *obj, const char *key, pa_loc *out, prep_name *file)
{
    memset(out, 0, sizeof *out);
    memset(file, 0, sizeof *file);
    const cJSON *loc = adv_json_get(obj, key);
    if (!loc)
        return 0;
    out->line = (unsigned)adv_json_get(loc, "line")->valuedouble;
    out->column = (unsigned)adv_json_get(loc, "column")->valuedouble;
    if (prep_name_of(mem, get_str(loc, "file"), file) != 0)
        return -2;
    out->file = file->str; /* for scoring; the interned copy when committed */
    return 0;
}

/* Known remark types name static strings: no copy, no lookup. */
static const char *static_remark(const char *remark)
{
    static const pa_remark_type types[] = {PA_REMARK_MISSED, PA_REMARK_ANALYSIS,
                                           PA_REMARK_WARNING};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(remark, pa_remark_type_name(types[i])) == 0)
            return pa_remark_type_name(types[i]);
    return NULL;
}

/* A finding is scored here, while its evidence is a tree, and its
 * evidence then packed (evidence.h) into mem: no tree per finding is kept.
 * sanitize: the document's text has invalid UTF-8 (else no string in its
 * tree has: the reader's escapes decode to valid UTF-8 or are refused).
 * Returns 0, or -2 on out of memory. */
static int prepare_finding(adv_set *mem, cJSON *fj, prep_finding *p, bool sanitize)
{
    memset(p, 0, sizeof *p);
    adv_finding *f = &p->f;
    memcpy(f->id, get_str(fj, "id"), 16);
    p->id_hash = pa_hash_str(f->id);
    /* Known kinds name static strings: no copy, no lookup. */
    const char *kind = get_str(fj, "kind");
    f->kind = (int)pa_kind_from_string(kind);
    const pa_kind_row *ki = pa_kind_row_of((pa_finding_kind)f->kind);
    const char *remark = get_str(fj, "remark");
    if (!remark)
        remark = pa_remark_type_name(ki ? ki->remark : PA_REMARK_MISSED);
    f->remark = static_remark(remark);
    if ((!ki && prep_name_of(mem, kind, &p->kind_name) != 0) ||
        (!f->remark && prep_name_of(mem, remark, &p->remark) != 0) ||
        prep_name_of(mem, get_str(fj, "function"), &p->function) != 0)
        return -2;
    f->kind_name = ki ? ki->kind : p->kind_name.str;
    if (!f->remark)
        f->remark = p->remark.str;
    f->function = p->function.str;
    /* The name as it will read (repaired) against the demangled one. */
    const char *dem = get_str(fj, "function_demangled");
    p->demangled_same = !(dem && *dem && strcmp(dem, f->function) != 0);
    if (!p->demangled_same && prep_name_of(mem, dem, &p->demangled) != 0)
        return -2;
    f->function_demangled = p->demangled_same ? f->function : p->demangled.str;
    f->message = adv_set_strdup(mem, get_str(fj, "message"));
    if (!f->message || prep_loc(mem, fj, "location", &f->loc, &p->file) != 0 ||
        prep_loc(mem, fj, "origin", &f->origin, &p->origin_file) != 0)
        return -2;
    f->tu_count = 1;
    /* Its names as committed read the same (interned copies of these). */
    adv_remember_test_code(f);
    cJSON *ev = adv_json_get(fj, "evidence");
    if (ev) {
        if (sanitize)
            sanitize_tree(ev->child);
        f->evidence = ev; /* borrowed for scoring */
        f->candidate = f->kind == PA_F_LOOP_ALLOC && adv_json_get(ev, "callee_elsewhere");
        if (adv_json_get(ev, "error_path") &&
            !(f->error_path = adv_profile_error_path_text(mem, ev)))
            return -2;
    }
    adv_score_finding(f);
    f->evidence = NULL;
    if (ev && !(f->evidence_packed = adv_evidence_pack(mem, ev)))
        return -2;
    return 0;
}

/* The shared half: a finding already loaded from another TU (a header's)
 * only counts that TU. Names are interned: a function has several
 * findings, and every later step that works a name out (the shown name,
 * the profile node) can then do it once per function, keyed by pointer. */
static int commit_finding(adv_set *s, const prep_finding *p, unsigned tu)
{
    adv_finding *old = adv_set_find_hashed(s, p->f.id, p->id_hash);
    if (old) {
        old->tu_count++;
        s->duplicates++;
        return 0;
    }
    adv_finding f = p->f;
    /* In adv_set_intern's order of old, so the arena reads the same. */
    if (p->kind_name.str)
        f.kind_name = commit_name(s, &p->kind_name);
    if (p->remark.str)
        f.remark = commit_name(s, &p->remark);
    f.function = commit_name(s, &p->function);
    f.function_demangled = p->demangled_same ? f.function : commit_name(s, &p->demangled);
    f.loc.file = commit_name(s, &p->file);
    f.origin.file = commit_name(s, &p->origin_file);
    if (!f.kind_name || !f.remark || !f.function || !f.function_demangled ||
        (p->file.str && !f.loc.file) || (p->origin_file.str && !f.origin.file))
        return -2;
    f.tu = tu;
    return adv_set_append_hashed(s, &f, p->id_hash) ? 0 : -2; /* its id is new: looked up above */
}

/* Lock classes the advisor can join across TUs: named globals and fields.
 * Parameter-relative, local and unknown classes say nothing whole-program. */
static bool joinable_class(const char *name, const char *kind)
{
    if (!pa_lock_class_whole_program(name))
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
    e.outer = adv_set_intern(s, outer);
    e.inner = adv_set_intern(s, inner);
    e.function = adv_set_intern(s, get_str(ej, "function") ? get_str(ej, "function") : "");
    e.via_call = get_bool(ej, "via_call");
    e.callee = adv_set_intern(s, get_str(ej, "callee"));
    e.tu = tu;
    int rc = 0;
    e.held = import_strings(s, adv_json_get(ej, "held"), &e.nheld, &rc);
    if (rc != 0 || !e.outer || !e.inner || !e.function ||
        import_loc(s, ej, "location", &e.loc) != 0 ||
        import_loc(s, ej, "outer_location", &e.outer_loc) != 0)
        return -2;
    return adv_set_add_edge(s, &e) == 0 ? 0 : -2;
}

static double get_count(const cJSON *obj, const char *key)
{
    const cJSON *it = adv_json_get(obj, key);
    return adv_json_is_number(it) && isfinite(it->valuedouble) && it->valuedouble > 0 ? it->valuedouble
                                                                                : 0;
}

/* Critical sections feed the read-write lock judgement; only classes the
 * whole program can name are worth keeping. */
static int import_section(adv_set *s, const cJSON *sj, unsigned tu)
{
    const char *cls = get_str(sj, "class");
    if (!joinable_class(cls, NULL))
        return 0;
    adv_section sec;
    memset(&sec, 0, sizeof sec);
    sec.cls = adv_set_intern(s, cls);
    sec.prim = adv_set_intern(s, get_str(sj, "prim") ? get_str(sj, "prim") : "");
    sec.function = adv_set_intern(s, get_str(sj, "function") ? get_str(sj, "function") : "");
    sec.demangled = adv_set_intern(s, get_str(sj, "function_demangled"));
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
        const char *str = adv_set_intern_node(s, it->valuestring, it);
        if (!str) {
            *rc = -2;
            return NULL;
        }
        out[(*n)++] = str;
    }
    return out;
}

/* Bit i for each argument index i (< 32) listed in arr; other items are
 * ignored. */
static uint32_t import_arg_mask(const cJSON *arr)
{
    uint32_t mask = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (adv_json_is_number(it) && it->valuedouble >= 0 && it->valuedouble < 32)
            mask |= 1u << (unsigned)it->valuedouble;
    }
    return mask;
}

/* The summary's locks_if_null, per entry of its locks: the parameter whose
 * NULL value the lock needs, -1 always. NULL when no entry has one. */
static int *import_null_params(adv_set *s, const cJSON *sj, const adv_summary *sum)
{
    const cJSON *map = adv_json_get(sj, "locks_if_null");
    if (!adv_json_is_object(map) || sum->nlocks == 0)
        return NULL;
    int *out = adv_set_alloc(s, sum->nlocks * sizeof *out);
    if (!out)
        return NULL;
    bool any = false;
    for (size_t k = 0; k < sum->nlocks; k++) {
        const cJSON *p = sum->locks[k] ? cJSON_GetObjectItemCaseSensitive(map, sum->locks[k]) : NULL;
        out[k] = adv_json_is_number(p) && p->valuedouble >= 0 && p->valuedouble < 32 ? (int)p->valuedouble : -1;
        any |= out[k] >= 0;
    }
    return any ? out : NULL;
}

/* "n iterations", "at most N iterations", "unknown trip count" from the
 * loop facts the plugin wrote (pa_json_add_trip). */
static const char *import_trips(adv_set *s, const cJSON *c)
{
    char buf[96];
    const cJSON *count = adv_json_get(c, "trip_count");
    const cJSON *text = adv_json_get(c, "trip_text");
    const cJSON *max = adv_json_get(c, "max_trip_text");
    if (adv_json_is_number(count) && count->valuedouble > 0)
        snprintf(buf, sizeof buf, "%.0f iterations", count->valuedouble);
    else if (adv_json_is_string(text) && text->valuestring[0])
        snprintf(buf, sizeof buf, "%.40s iterations", text->valuestring);
    else if (adv_json_is_string(max) && max->valuestring[0])
        snprintf(buf, sizeof buf, "at most %.40s iterations", max->valuestring);
    else
        snprintf(buf, sizeof buf, "unknown trip count");
    return adv_set_intern(s, buf);
}

/* A loop call's loop_callees (checked): names and shares of iterations.
 * Returns 0, or -2 on out of memory. */
static int import_loop_callees(adv_set *s, const cJSON *c, adv_loop_call *u)
{
    const cJSON *arr = adv_json_get(c, "loop_callees"), *it;
    int n = cJSON_GetArraySize(arr);
    u->callees_truncated = adv_json_is_true(adv_json_get(c, "loop_callees_truncated"));
    if (n <= 0)
        return 0;
    u->callees = adv_set_alloc(s, (size_t)n * sizeof *u->callees);
    u->callee_share = adv_set_alloc(s, (size_t)n * sizeof *u->callee_share);
    if (!u->callees || !u->callee_share)
        return -2;
    cJSON_ArrayForEach(it, arr)
    {
        const cJSON *callee = adv_json_get(it, "callee");
        const cJSON *share = adv_json_get(it, "per_iteration");
        if (!adv_json_is_string(callee) || !callee->valuestring) {
            u->callees_truncated = true; /* a call it cannot name may wait */
            continue;
        }
        const char *name = adv_set_intern_node(s, callee->valuestring, callee);
        if (!name)
            return -2;
        u->callees[u->ncallees] = name;
        /* Unknown or out of range: every iteration. */
        u->callee_share[u->ncallees++] =
            adv_json_is_number(share) && share->valuedouble >= 0 && share->valuedouble <= 1
                ? share->valuedouble
                : 1;
    }
    return 0;
}

/* The summary's loop_calls and lock_calls (the cross-TU lock-in-loop join,
 * lockgraph.h). Returns 0, or -2 on out of memory. */
static int import_loop_locks(adv_set *s, const cJSON *sj, adv_summary *sum)
{
    const cJSON *lc = adv_json_get(sj, "loop_calls"), *kc = adv_json_get(sj, "lock_calls"), *c;
    int nlc = cJSON_GetArraySize(lc), nkc = cJSON_GetArraySize(kc);
    if (nlc > 0) {
        if (!(sum->loop_calls = adv_set_alloc(s, (size_t)nlc * sizeof *sum->loop_calls)))
            return -2;
        cJSON_ArrayForEach(c, lc)
        {
            adv_loop_call *u = &sum->loop_calls[sum->nloop_calls++];
            memset(u, 0, sizeof *u);
            const cJSON *callee = adv_json_get(c, "callee");
            const cJSON *ex = adv_json_get(c, "executions_per_call");
            const cJSON *depth = adv_json_get(c, "loop_depth");
            u->callee = adv_set_intern_node(s, callee->valuestring, callee); /* checked */
            u->invariant_args = import_arg_mask(adv_json_get(c, "invariant_args"));
            u->zero_args = import_arg_mask(adv_json_get(c, "zero_args"));
            u->trips = import_trips(s, c);
            u->executions = adv_json_is_number(ex) ? ex->valuedouble : -1;
            u->loop_depth = adv_json_is_number(depth) ? (int)depth->valuedouble : 1;
            u->calls_back = adv_json_is_true(adv_json_get(c, "calls_back"));
            u->batched = adv_json_is_true(adv_json_get(c, "batched"));
            if (!u->callee || !u->trips || import_loc(s, c, "location", &u->loc) != 0 ||
                import_loop_callees(s, c, u) != 0)
                return -2;
        }
    }
    if (nkc > 0) {
        if (!(sum->lock_calls = adv_set_alloc(s, (size_t)nkc * sizeof *sum->lock_calls)))
            return -2;
        cJSON_ArrayForEach(c, kc)
        {
            adv_lock_call *k = &sum->lock_calls[sum->nlock_calls++];
            const cJSON *cls = adv_json_get(c, "class");
            const cJSON *param = adv_json_get(c, "param");
            const cJSON *chance = adv_json_get(c, "chance");
            k->cls = adv_set_intern_node(s, cls->valuestring, cls); /* checked */
            k->param = adv_json_is_number(param) && param->valuedouble >= 0 && param->valuedouble < 32
                           ? (int)param->valuedouble
                           : -1;
            k->chance = adv_json_is_number(chance) ? chance->valuedouble : 0;
            const cJSON *needs = adv_json_get(c, "needs_param");
            k->needs_param = adv_json_is_number(needs) && needs->valuedouble >= 0 && needs->valuedouble < 32
                                 ? (int)needs->valuedouble
                                 : -1;
            if (!k->cls)
                return -2;
        }
    }
    sum->may_block = adv_json_is_true(adv_json_get(sj, "may_block"));
    const cJSON *bc = adv_json_get(sj, "block_chance");
    sum->block_chance = !sum->may_block                                                ? 0
                        : adv_json_is_number(bc) && bc->valuedouble >= 0 && bc->valuedouble <= 1 ? bc->valuedouble
                                                                                           : 1;
    return 0;
}

/* Every element a string: a list that is not confirms nothing. */
static bool all_strings(const cJSON *arr)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (!adv_json_is_string(it) || !it->valuestring)
            return false;
    }
    return true;
}

/* A function other TUs may call that hands back one fresh block
 * (adv_fresh_fn): remembered for the loop-alloc join, advisor/fresh_join.c. */
static int import_fresh_fn(adv_set *s, const cJSON *sj, unsigned tu, const adv_fresh_members *m)
{
    bool fresh = adv_json_is_true(m->returns);
    const cJSON *from = fresh ? NULL : m->from;
    if (!sj->string || (!fresh && (!from || cJSON_GetArraySize(from) <= 0 || !all_strings(from))) ||
        adv_json_is_true(m->is_static) || adv_json_is_true(m->structure))
        return 0;
    adv_fresh_fn fn = {adv_set_intern_node(s, sj->string, sj), tu, NULL, 0,
                       adv_json_is_true(m->null_answer)};
    if (!fn.name)
        return -1;
    if (from) {
        int rc = 0;
        size_t n = 0;
        fn.from = import_strings(s, from, &n, &rc);
        if (rc != 0)
            return -1;
        fn.nfrom = (unsigned)n;
    }
    return adv_set_add_fresh_fn(s, &fn) == 0 ? 0 : -1;
}

static int import_summary(adv_set *s, const cJSON *sj, unsigned tu)
{
    int rc = 0;
    adv_fresh_members fresh;
    if (adv_profile_import(s, sj, tu, &fresh) != 0 || import_fresh_fn(s, sj, tu, &fresh) != 0)
        return -2;
    const cJSON *locks = adv_json_get(sj, "locks");
    const cJSON *calls = adv_json_get(sj, "calls");
    const cJSON *cul = adv_json_get(sj, "calls_under_lock");
    int ncul = cJSON_GetArraySize(cul);
    /* Most summaries only carry the call profile (8 in 10 on the bench):
     * drop them before their names are interned, not after. */
    if (cJSON_GetArraySize(locks) <= 0 && cJSON_GetArraySize(calls) <= 0 && ncul <= 0 &&
        cJSON_GetArraySize(adv_json_get(sj, "loop_calls")) <= 0)
        return 0; /* nothing the lock joins could use */
    adv_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.name = sj->string ? adv_set_intern_node(s, sj->string, sj) : adv_set_intern(s, "");
    const cJSON *dem = adv_json_get(sj, "demangled");
    sum.demangled = adv_set_intern_node(s, adv_json_is_string(dem) ? dem->valuestring : NULL, dem);
    sum.tu = tu;
    sum.locks = import_strings(s, locks, &sum.nlocks, &rc);
    if (rc == 0)
        sum.lock_null_param = import_null_params(s, sj, &sum);
    sum.calls = import_strings(s, calls, &sum.ncalls, &rc);
    if (ncul > 0) {
        sum.cul = adv_set_alloc(s, (size_t)ncul * sizeof *sum.cul);
        if (!sum.cul)
            return -2;
        const cJSON *c;
        cJSON_ArrayForEach(c, cul)
        {
            adv_call_under_lock *u = &sum.cul[sum.ncul++];
            const cJSON *callee = adv_json_get(c, "callee");
            u->callee = adv_set_intern_node(s, callee->valuestring, callee); /* checked */
            u->held = import_strings(s, adv_json_get(c, "held"), &u->nheld, &rc);
            u->nonnull_args = import_arg_mask(adv_json_get(c, "nonnull_args"));
            if (!u->callee || import_loc(s, c, "location", &u->loc) != 0)
                return -2;
        }
    }
    if (!sum.name || rc != 0 || import_loop_locks(s, sj, &sum) != 0)
        return -2;
    return adv_set_add_summary(s, &sum) == 0 ? 0 : -2;
}

static int import_document(adv_set *s, adv_parsed *p, const char *path);

/* ---- the parse tree's memory ------------------------------------------ */

/* A findings document is parsed, validated and imported, then its whole
 * tree is dropped: its nodes come from a bump allocator freed at once
 * instead of one malloc and free per node (half the time of loading a large
 * build went to malloc and free). cJSON's hooks take no context argument,
 * so the allocator in use is a thread-local pointer, set only inside
 * parse_begin/parse_end; nothing cJSON allocates between them may outlive
 * the document (evidence is packed into the set, never kept as a tree);
 * import runs after parse_end, with malloc and free. The arena
 * (common/arena.h) gives every block a poisoned red zone under
 * AddressSanitizer. */
/* The allocator cJSON uses, while this thread parses (adv_parse_text):
 * per thread, so that a loader thread parses the next file while the main
 * thread imports the last one (advisor/inputs.c). */
static _Thread_local pa_arena *parse_scratch;
/* Set between adv_load_threads_begin and _end: the hooks stay installed
 * (cJSON_InitHooks is process wide, so no thread may change them while
 * another parses). */
static bool hooks_pinned;

static void *scratch_take(pa_arena *sc, size_t n)
{
    return pa_arena_alloc(sc, n, _Alignof(max_align_t));
}

/* The fast reader's allocator (json_fast.h). */
static void *scratch_alloc(void *sc, size_t n)
{
    return scratch_take(sc, n);
}

/* A thread that is not parsing (the main thread importing, while a loader
 * thread parses) gets malloc and free. */
static void *hook_malloc(size_t n)
{
    return parse_scratch ? scratch_take(parse_scratch, n) : malloc(n);
}

static void hook_free(void *p)
{
    if (!parse_scratch)
        free(p); /* else freed with the whole document */
}

static void install_hooks(void)
{
    cJSON_Hooks hooks = {hook_malloc, hook_free};
    cJSON_InitHooks(&hooks);
}

void adv_load_threads_begin(void)
{
    install_hooks();
    hooks_pinned = true;
}

void adv_load_threads_end(void)
{
    hooks_pinned = false;
    cJSON_InitHooks(NULL);
}

/* Size sc's next chunk for a document of len bytes. sc keeps one chunk of
 * an earlier document (scratch_reset). */
static void scratch_begin(pa_arena *sc, size_t len)
{
    sc->failed = false;
    sc->grow = true;
    sc->chunk_size = len * 2 + 64u * 1024u;
}

/* Route this thread's cJSON allocations to sc, sized for a document of len
 * bytes. */
static void parse_begin(pa_arena *sc, size_t len)
{
    scratch_begin(sc, len);
    parse_scratch = sc;
    if (!hooks_pinned)
        install_hooks();
}

/* Back to malloc and free for this thread; the tree stays in sc. */
static void parse_end(void)
{
    if (!hooks_pinned)
        cJSON_InitHooks(NULL);
    parse_scratch = NULL;
}

/* Drop the tree in sc. keep: hold on to the newest (largest) chunk for the
 * next document, so a loader thread does not fault in fresh pages for every
 * file. */
static void scratch_reset(pa_arena *sc, bool keep)
{
    pa_arena_reset(sc, keep);
}

struct adv_parsed {
    pa_arena sc;
    cJSON *doc;          /* the validated document, or NULL */
    /* Its findings prepared (adv_parsed_prepare), or not yet. */
    prep_finding *prep;
    size_t nprep, cap_prep;
    bool prepared;
    size_t invalid_utf8; /* bytes of invalid UTF-8 in its text */
    int rc;              /* 0, -1 invalid (err says why), -2 out of memory */
    char err[512];
};

/* The memo (json_get.h) of every string under item, and of every key of
 * an object: the names the summaries and the profile intern (~300,000
 * callee names in a large build), hashed here rather than in order. */
static void memo_names(cJSON *item, int depth)
{
    for (; item; item = item->next) {
        const char *str = adv_json_is_string(item) ? item->valuestring
                          : adv_json_is_object(item) ? item->string
                                                 : NULL;
        if (str) {
            size_t n;
            bool ascii;
            uint64_t h = pa_hash_str_len(str, &n, &ascii);
            if (ascii || !adv_utf8_invalid_count(str, n))
                adv_json_memo_set(item, n, h);
        }
        if (item->child && depth < ADV_LOAD_MAX_DEPTH)
            memo_names(item->child, depth + 1);
    }
}

int adv_parsed_prepare(adv_parsed *p, adv_set *mem)
{
    if (p->rc != 0 || p->prepared)
        return p->rc;
    const cJSON *findings = adv_json_get(p->doc, "findings");
    int n = cJSON_GetArraySize(findings);
    prep_finding *prep =
        n > 0 ? pa_array_reserve(p->prep, &p->cap_prep, (size_t)n, sizeof *prep) : p->prep;
    if (n > 0 && !prep)
        return -2;
    p->prep = prep;
    p->nprep = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, findings)
    {
        if (prepare_finding(mem, it, &p->prep[p->nprep], p->invalid_utf8 != 0) != 0)
            return -2;
        p->nprep++;
    }
    cJSON *sums = adv_json_get(p->doc, "summaries");
    if (sums)
        memo_names(sums->child, 1);
    p->prepared = true;
    return 0;
}

static int import_document(adv_set *s, adv_parsed *p, const char *path)
{
    if (adv_parsed_prepare(p, s) != 0)
        return -2;
    const cJSON *doc = p->doc;
    const cJSON *tuj = adv_json_get(doc, "tu");
    int tu = adv_set_add_tu(s, path, get_str(tuj, "source"), get_str(tuj, "directory"));
    if (tu < 0)
        return -2;
    for (size_t i = 0; i < p->nprep; i++)
        if (commit_finding(s, &p->prep[i], (unsigned)tu) != 0)
            return -2;
    cJSON *it;
    cJSON_ArrayForEach(it, adv_json_get(doc, "lock_edges"))
    {
        if (import_edge(s, it, (unsigned)tu) != 0)
            return -2;
    }
    cJSON_ArrayForEach(it, adv_json_get(doc, "lock_sections"))
    {
        if (import_section(s, it, (unsigned)tu) != 0)
            return -2;
    }
    cJSON_ArrayForEach(it, adv_json_get(doc, "summaries"))
    {
        if (import_summary(s, it, (unsigned)tu) != 0)
            return -2;
    }
    cJSON_ArrayForEach(it, adv_json_get(doc, "member_names"))
    {
        adv_member_name mn = {adv_set_intern(s, get_str(it, "opaque")),
                              adv_set_intern(s, get_str(it, "member"))};
        if (!mn.opaque || !mn.member || adv_set_add_member_name(s, &mn) != 0)
            return -2;
    }
    cJSON_ArrayForEach(it, adv_json_get(doc, "api_locks"))
    {
        const char *name = adv_set_intern(s, it->valuestring);
        if (!name || adv_set_add_api_lock(s, name) != 0)
            return -2;
    }
    return 0;
}

adv_parsed *adv_parsed_new(void)
{
    return calloc(1, sizeof(adv_parsed));
}

void adv_parsed_clear(adv_parsed *p)
{
    if (!p)
        return;
    scratch_reset(&p->sc, true);
    p->nprep = 0;
    p->prepared = false;
    p->doc = NULL;
    p->invalid_utf8 = 0;
    p->rc = -1;
    p->err[0] = '\0';
}

void adv_parsed_free(adv_parsed *p)
{
    if (!p)
        return;
    scratch_reset(&p->sc, false);
    free(p->prep);
    free(p);
}

/* A well-formed document, read by the fast reader (json_fast.c) into sc:
 * the tree cJSON would build, without its per-byte cost. NULL when the
 * reader declines (what it read is dropped): cJSON then parses the text
 * and says what is wrong with it. A document the fast reader takes nests
 * at most ADV_LOAD_MAX_DEPTH deep and is whole JSON, so check_depth
 * (another pass over every byte) would find nothing in it. */
static cJSON *read_fast(pa_arena *sc, const char *text, size_t len)
{
    scratch_begin(sc, len);
    cJSON *doc = adv_json_fast_parse(text, len, ADV_LOAD_MAX_DEPTH, scratch_alloc, sc);
    if (!doc)
        scratch_reset(sc, true);
    return doc;
}

/* cJSON did not parse text: p's message and return. */
static int parse_failed(adv_parsed *p, vctx *v, const char *text, size_t len, const char *end,
                        bool unbalanced)
{
    size_t off = end && end >= text ? (size_t)(end - text) : 0;
    if (p->sc.failed) {
        p->rc = -2;
        problem(v, "out of memory");
    } else if (off >= len || unbalanced) {
        problem(v, "invalid JSON: unexpected end of file (truncated?)");
    } else {
        problem(v, "invalid JSON at byte %zu", off);
    }
    return p->rc;
}

int adv_parse_text(adv_parsed *p, const char *text, size_t len)
{
    vctx v = {p->err, sizeof p->err, false};
    adv_parsed_clear(p);
    p->rc = -1;
    size_t start = 0;
    while (start < len && (text[start] == ' ' || text[start] == '\n' || text[start] == '\r' ||
                           text[start] == '\t'))
        start++;
    if (start == len)
        return problem(&v, len ? "file holds only white space" : "empty file");
    cJSON *doc = read_fast(&p->sc, text, len);
    if (!doc) {
        bool unbalanced = false;
        if (check_depth(&v, text, len, &unbalanced) != 0)
            return -1;
        parse_begin(&p->sc, len);
        const char *end = NULL;
        doc = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
        parse_end();
        if (!doc)
            return parse_failed(p, &v, text, len, end, unbalanced);
    }
    vctx quiet = {NULL, 0, true};
    if (check_document(&quiet, doc) != 0) {
        check_document(&v, doc); /* again, to say where */
        return -1;
    }
    p->doc = doc;
    p->invalid_utf8 = adv_utf8_invalid_count(text, len);
    p->rc = 0;
    return 0;
}

int adv_parsed_import(adv_set *s, adv_parsed *p, const char *path, char *err, size_t errlen)
{
    vctx v = {err, errlen, false};
    if (err && errlen)
        err[0] = '\0';
    if (p->rc != 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s", p->err);
        return p->rc;
    }
    int rc = import_document(s, p, path);
    if (rc != 0)
        problem(&v, "out of memory");
    else
        s->invalid_utf8 += p->invalid_utf8;
    return rc;
}

/* Load text[0..len), which has a NUL at text[len]: cJSON then rejects
 * trailing garbage and an embedded NUL ends the document where it stands. */
static int load_text(adv_set *s, const char *text, size_t len, const char *path, char *err,
                     size_t errlen)
{
    adv_parsed p;
    memset(&p, 0, sizeof p);
    adv_parse_text(&p, text, len);
    int rc = adv_parsed_import(s, &p, path, err, errlen);
    scratch_reset(&p.sc, false);
    free(p.prep);
    return rc;
}

int adv_load_buffer(adv_set *s, const char *buf, size_t len, const char *path, char *err,
                    size_t errlen)
{
    char *copy = malloc(len + 1);
    if (!copy) {
        vctx v = {err, errlen, false};
        problem(&v, "out of memory");
        return -2;
    }
    memcpy(copy, buf, len);
    copy[len] = '\0';
    int rc = load_text(s, copy, len, path, err, errlen);
    free(copy);
    return rc;
}

int adv_load_file(adv_set *s, const char *path, char *err, size_t errlen)
{
    vctx v = {err, errlen, false};
    const char *why = NULL;
    size_t len = 0;
    char *buf = adv_read_regular(path, ADV_LOAD_MAX_BYTES, &len, &why);
    if (!buf) {
        if (why == adv_read_too_large)
            return problem(&v, "file larger than %u MB", ADV_LOAD_MAX_BYTES / (1024u * 1024u));
        return problem(&v, "cannot open: %s", why ? why : "unknown error");
    }
    int rc = load_text(s, buf, len, path, err, errlen);
    free(buf);
    return rc;
}

/* ---- baseline -------------------------------------------------------- */

/* One id of a baseline, as a finding with nothing else: 0; -1 when it is
 * not an id (said as PATH: ...), -2 on out of memory. */
static int baseline_add_id(vctx *v, adv_set *ids, const char *id, const char *path)
{
    if (!id || !is_hex_id(id)) {
        problem(v, "%s: expected 16 lowercase hex digits", path);
        return -1;
    }
    adv_finding stub;
    memset(&stub, 0, sizeof stub);
    memcpy(stub.id, id, 16);
    stub.kind_name = stub.remark = stub.function = stub.function_demangled = stub.message = "";
    return adv_set_add_finding(ids, &stub) ? 0 : -2;
}

/* The ids folded into findings[i] (evidence f) were in the report too: a
 * later report that shows one alone (its lead fixed, or filtered) must
 * not call it new. So are those a folded finding had folded in itself
 * (a lock group's lead folded into a site's entry: also_reported[].folded).
 * 0, -1 (said), -2 on out of memory. */
static int baseline_add_folded(vctx *v, adv_set *ids, const cJSON *ev, int i)
{
    char path[128];
    if (ev && !cJSON_IsObject(ev)) {
        problem(v, "findings[%d].evidence: expected an object", i);
        return -1;
    }
    for (size_t k = 0; k < ADV_FOLDED_LISTS; k++) {
        const char *key = adv_folded_lists[k];
        const cJSON *list = adv_json_get(ev, key);
        if (list && !adv_json_is_array(list)) {
            problem(v, "findings[%d].evidence.%s: expected an array", i, key);
            return -1;
        }
        const cJSON *o;
        int j = 0;
        cJSON_ArrayForEach(o, list)
        {
            snprintf(path, sizeof path, "findings[%d].evidence.%s[%d].id", i, key, j);
            int rc = baseline_add_id(v, ids, get_str(o, "id"), path);
            const cJSON *nested = adv_json_get(o, "folded");
            if (rc == 0 && nested && !adv_json_is_array(nested)) {
                problem(v, "findings[%d].evidence.%s[%d].folded: expected an array", i, key, j);
                rc = -1;
            }
            const cJSON *nid;
            int m = 0;
            cJSON_ArrayForEach(nid, nested)
            {
                if (rc != 0)
                    break;
                snprintf(path, sizeof path, "findings[%d].evidence.%s[%d].folded[%d]", i, key,
                         j, m++);
                rc = baseline_add_id(v, ids, adv_json_is_string(nid) ? nid->valuestring : NULL, path);
            }
            if (rc != 0)
                return rc;
            j++;
        }
    }
    return 0;
}

int adv_load_baseline(const char *path, adv_set *ids, char *err, size_t errlen)
{
    vctx v = {err, errlen, false};
    cJSON *doc = NULL;
    int rc = -1;
    const char *why = NULL;
    size_t size = 0;
    char *buf = adv_read_regular(path, 4ull * ADV_LOAD_MAX_BYTES, &size, &why);
    if (!buf) {
        if (why == adv_read_too_large)
            return problem(&v, "not a regular file of at most %u MB",
                           4 * ADV_LOAD_MAX_BYTES / (1024u * 1024u));
        return problem(&v, "cannot open: %s", why ? why : "unknown error");
    }
    if (check_depth(&v, buf, size, NULL) != 0)
        goto done;
    const char *end = NULL;
    doc = cJSON_ParseWithLengthOpts(buf, size + 1, &end, 1);
    const cJSON *schema = adv_json_get(doc, "schema");
    const cJSON *findings = adv_json_get(doc, "findings");
    if (!doc) {
        problem(&v, "invalid JSON");
        goto done;
    }
    if (!adv_json_is_string(schema) || strcmp(schema->valuestring, PA_SCHEMA_REPORT) != 0 ||
        !adv_json_is_array(findings)) {
        problem(&v, "not a perfadvise --format json report (schema %s)", PA_SCHEMA_REPORT);
        goto done;
    }
    const cJSON *f;
    int i = 0;
    cJSON_ArrayForEach(f, findings)
    {
        char where[32];
        snprintf(where, sizeof where, "findings[%d].id", i);
        int added = baseline_add_id(&v, ids, get_str(f, "id"), where);
        if (added == 0)
            added = baseline_add_folded(&v, ids, adv_json_get(f, "evidence"), i);
        if (added != 0) {
            rc = added == -2 ? -2 : -1;
            goto done;
        }
        i++;
    }
    rc = 0;
done:
    cJSON_Delete(doc);
    free(buf);
    return rc;
}

/* ---- collecting input files -------------------------------------------- */

typedef struct file_id {
    dev_t dev;
    ino_t ino;
} file_id;

typedef struct collector {
    adv_pathlist *out;
    file_id *seen; /* the files already listed */
    size_t nseen, capseen;
    pa_map seen_index; /* hash of a file_id -> its index in seen */
} collector;

static void collector_free(collector *c)
{
    free(c->seen);
    pa_map_free(&c->seen_index);
}

static uint64_t file_id_hash(const file_id *id)
{
    uint64_t h = pa_hash_bytes(PA_HASH_INIT, &id->dev, sizeof id->dev);
    return pa_hash_bytes(h, &id->ino, sizeof id->ino);
}

typedef struct seen_query {
    const collector *c;
    file_id id;
} seen_query;

static bool is_seen_file(const void *ctx, intptr_t val)
{
    const seen_query *q = ctx;
    const file_id *s = &q->c->seen[val];
    return s->dev == q->id.dev && s->ino == q->id.ino;
}

void adv_pathlist_free(adv_pathlist *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++)
        free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}

/* path, unless the same file (device and inode) is listed already: the
 * index makes that a lookup, where comparing with every file before was
 * 19 M instructions for 2,000 files. */
static int add_path(collector *c, const char *path, const struct stat *st)
{
    seen_query q = {c, {st->st_dev, st->st_ino}};
    uint64_t h = file_id_hash(&q.id);
    if (pa_map_find(&c->seen_index, h, is_seen_file, &q, NULL))
        return 0;
    file_id *seen = pa_array_reserve(c->seen, &c->capseen, c->nseen + 1, sizeof *seen);
    if (!seen || pa_map_add(&c->seen_index, h, (intptr_t)c->nseen) != 0)
        return -1;
    c->seen = seen;
    c->seen[c->nseen++] = q.id;
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
    int fd = adv_open_regular(path, NULL, NULL);
    if (fd < 0)
        return false;
    ssize_t got = read(fd, head, sizeof head - 1);
    close(fd);
    size_t n = got > 0 ? (size_t)got : 0;
    head[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (head[i] == '\0')
            head[i] = ' ';
    return strstr(head, "perfadvise-findings") != NULL;
}

/* Whether path, of which *st is what lstat said, is a regular file, or a
 * link to one (*st then what stat says): a regular file needs no second
 * call. */
static bool regular_target(const char *path, struct stat *st)
{
    if (S_ISLNK(st->st_mode) && stat(path, st) != 0)
        return false;
    return S_ISREG(st->st_mode);
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
                       !strstr(names[i], ".tmp.") && regular_target(path, &st) &&
                       (has_findings_name(names[i]) || mentions_schema(path))) {
                rc = add_path(c, path, &st);
            } else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) &&
                       adv_obj_name_wanted(names[i]) && regular_target(path, &st)) {
                rc = add_path(c, path, &st); /* embedded findings (advisor/inputs.c) */
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
    collector c = {out, NULL, 0, 0, {NULL, NULL, 0, 0}};
    int bad = 0;
    for (size_t i = 0; i < nargs; i++) {
        struct stat st;
        if (stat(args[i], &st) != 0) {
            if (warn)
                warn(ctx, args[i], strerror(errno));
            bad++;
            continue;
        }
        if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
            /* Never opened: a FIFO would block, a device could react. */
            char why[96];
            snprintf(why, sizeof why, "%s, not a findings file or a directory",
                     adv_file_type_name(st.st_mode));
            if (warn)
                warn(ctx, args[i], why);
            bad++;
            continue;
        }
        int rc = S_ISDIR(st.st_mode) ? walk_dir(&c, args[i], 0, warn, ctx) : add_path(&c, args[i], &st);
        if (rc != 0) {
            collector_free(&c);
            return -1;
        }
    }
    collector_free(&c);
    return bad;
}
