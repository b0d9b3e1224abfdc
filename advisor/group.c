/* advisor/group.c — fold findings that are one defect into one entry. A
 * critical section that allocates in eight places needs one change (move
 * the work out of the lock), so eight entries would push seven other
 * problems off the first screen. Kept in the advisor: the compiler's
 * remarks stay one per line, where an editor shows them. Folded among the
 * entries a report shows, after its filters: an ignore comment, the
 * confidence asked for or a baseline hides one finding, never the ones
 * folded into it, and never shows one through another.
 * Exercised by lit/advisor_group.test. */
#define _POSIX_C_SOURCE 200809L
#include "group.h"

#include "evidence.h"
#include "kinds.h"
#include "merge.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Kinds whose findings in one function under one lock share one fix. */
static bool groupable(const adv_finding *f)
{
    return f->kind == PA_F_ALLOC_UNDER_LOCK || f->kind == PA_F_BLOCKING_UNDER_LOCK;
}

/* The lock a finding is about: the innermost lock held. */
static const char *lock_of(const adv_finding *f)
{
    if (!f->evidence) {
        const char *last = adv_evidence_packed_last_string(f->evidence_packed, "held");
        return last ? last : "";
    }
    const cJSON *held = cJSON_GetObjectItemCaseSensitive(f->evidence, "held");
    int n = cJSON_GetArraySize(held);
    const cJSON *last = n > 0 ? cJSON_GetArrayItem(held, n - 1) : NULL;
    return cJSON_IsString(last) ? last->valuestring : "";
}

/* The hashes of the last two strings a key was made of, by pointer:
 * findings come a function and a file at a time, and each string stays
 * as it is while findings are folded, so the same pointer has the same
 * hash (two hashes a finding were half of folding's instructions). */
typedef struct key_memo {
    const char *str[2];
    uint64_t hash[2];
} key_memo;

static uint64_t memo_hash(key_memo *m, int which, const char *str)
{
    if (m->str[which] != str) {
        m->str[which] = str;
        m->hash[which] = pa_hash_str(str);
    }
    return m->hash[which];
}

/* Allocations and blocking calls under one lock in one function are one
 * critical section holding too much: one change moves the work out. */
static uint64_t lock_key(const adv_finding *f, key_memo *m)
{
    return memo_hash(m, 0, f->function) * 31 + memo_hash(m, 1, lock_of(f));
}

static bool same_lock(const adv_finding *a, const adv_finding *b)
{
    return strcmp(a->function, b->function) == 0 && strcmp(lock_of(a), lock_of(b)) == 0;
}

/* How sure the analysis is of f, for choosing a lead: a finding that
 * states no confidence (an older file) counts as sure. */
static int sureness(const adv_finding *f)
{
    return f->score.confidence < 0 ? (int)PA_LEVEL_HIGH : f->score.confidence;
}

/* The surest first, then higher priority; ties to the earlier line, so the
 * choice does not depend on load order. The lead's confidence decides
 * whether the default report shows the group: a low-confidence lead with
 * the higher priority hid the group's medium ones (librdkafka's
 * rd_kafka_destroy_internal, an fsync held on some paths beside a malloc
 * held on all). */
static bool ranks_above(const adv_finding *a, const adv_finding *b)
{
    if (sureness(a) != sureness(b))
        return sureness(a) > sureness(b);
    if (a->score.priority != b->score.priority)
        return a->score.priority > b->score.priority;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line;
    return strcmp(a->id, b->id) < 0;
}

/* A new {id, ...} object at the end of the lead's evidence array `key`. */
static cJSON *append_other(adv_finding *lead, const char *key, const adv_finding *f)
{
    cJSON *ev = adv_finding_evidence(lead);
    cJSON *others = cJSON_GetObjectItemCaseSensitive(ev, key);
    if (!ev || (!others && !(others = cJSON_AddArrayToObject(ev, key))))
        return NULL;
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(others, o)) {
        cJSON_Delete(o);
        return NULL;
    }
    cJSON_AddStringToObject(o, "id", f->id);
    return o;
}

static int add_other_site(adv_finding *lead, const adv_finding *f)
{
    cJSON *o = append_other(lead, "other_sites", f);
    if (!o)
        return -1;
    cJSON_AddItemToObject(o, "location", adv_loc_to_json(&f->loc));
    const char *callee = adv_finding_evidence_string(f, "callee");
    if (callee)
        cJSON_AddStringToObject(o, "callee", callee);
    return 0;
}

static int cmp_uint(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* "...; the same critical section also does it at lines 1867, 1869 and
 * 3 more" */
static int extend_message(adv_set *s, adv_finding *lead)
{
    const cJSON *others = cJSON_GetObjectItemCaseSensitive(lead->evidence, "other_sites");
    int n = cJSON_GetArraySize(others);
    if (n <= 0)
        return 0;
    unsigned *lines = malloc((size_t)n * sizeof *lines);
    if (!lines)
        return -1;
    int k = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, others)
    {
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(o, "location"), "line");
        lines[k++] = cJSON_IsNumber(line) ? (unsigned)line->valuedouble : 0;
    }
    pa_sort(lines, (size_t)n, sizeof *lines, cmp_uint, NULL);
    size_t len = strlen(lead->message) + 128 + 12 * ADV_GROUP_MAX_NAMED;
    char *msg = malloc(len);
    if (!msg) {
        free(lines);
        return -1;
    }
    size_t used = (size_t)snprintf(msg, len, "%s; %d more site%s under the same lock in this "
                                             "function: line%s",
                                   lead->message, n, n == 1 ? "" : "s", n == 1 ? "" : "s");
    int named = n < ADV_GROUP_MAX_NAMED ? n : ADV_GROUP_MAX_NAMED;
    for (int i = 0; i < named && used < len; i++)
        used += (size_t)snprintf(msg + used, len - used, "%s%u", i == 0 ? " " : ", ", lines[i]);
    if (n > named && used < len)
        snprintf(msg + used, len - used, " and %d more", n - named);
    lead->message = adv_set_strdup(s, msg);
    free(msg);
    free(lines);
    return lead->message ? 0 : -1;
}

/* ---- one source line, many functions ------------------------------------ */

/* A template instantiated eight times, a static inline function compiled
 * into several callers, a macro: the same line of the source reported in
 * several functions is one place to change. The lock kinds are grouped by
 * lock above; these by line. */
static bool line_groupable(const adv_finding *f)
{
    return !f->folded && !groupable(f) && !f->cross_tu && f->loc.file && f->loc.line > 0;
}

static uint64_t line_key(const adv_finding *f, key_memo *m)
{
    uint64_t h = memo_hash(m, 0, f->kind_name);
    h = h * 31 + memo_hash(m, 1, f->loc.file);
    return h * 31 + f->loc.line;
}

static bool same_line(const adv_finding *a, const adv_finding *b)
{
    return a->kind == b->kind && a->loc.line == b->loc.line && strcmp(a->loc.file, b->loc.file) == 0;
}

static int add_other_function(adv_finding *lead, const adv_finding *f)
{
    cJSON *o = append_other(lead, "other_functions", f);
    if (!o)
        return -1;
    cJSON_AddStringToObject(o, "function", f->function_demangled ? f->function_demangled : f->function);
    return 0;
}

static int extend_line_message(adv_set *s, adv_finding *lead)
{
    int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(lead->evidence, "other_functions"));
    if (n <= 0)
        return 0;
    size_t len = strlen(lead->message) + 128;
    char *msg = malloc(len);
    if (!msg)
        return -1;
    snprintf(msg, len, "%s (the same line is reported in %d other function%s: inlined "
                       "copies, macro expansions or template instantiations)",
             lead->message, n, n == 1 ? "" : "s");
    lead->message = adv_set_strdup(s, msg);
    free(msg);
    return lead->message ? 0 : -1;
}

/* ---- one allocation, several analyses ----------------------------------- */

/* Kinds about one allocation call: a malloc in a loop made while holding
 * a lock is one line to change, whose entry gives both pieces of advice. */
static bool site_kind(int kind)
{
    return kind == PA_F_ALLOC_UNDER_LOCK || kind == PA_F_LOOP_ALLOC ||
           kind == PA_F_LOOP_REALLOC_GROWTH || kind == PA_F_HEAP_TO_STACK ||
           kind == PA_F_MEMORY_LEAK;
}

static bool site_groupable(const adv_finding *f)
{
    return !f->folded && site_kind(f->kind) && !f->cross_tu && f->loc.file && f->loc.line > 0;
}

static uint64_t site_key(const adv_finding *f, key_memo *m)
{
    uint64_t h = memo_hash(m, 0, f->function);
    h = h * 31 + memo_hash(m, 1, f->loc.file);
    return (h * 31 + f->loc.line) * 31 + f->loc.column;
}

static bool same_site(const adv_finding *a, const adv_finding *b)
{
    return a->loc.line == b->loc.line && a->loc.column == b->loc.column &&
           strcmp(a->function, b->function) == 0 && strcmp(a->loc.file, b->loc.file) == 0;
}

/* The higher priority leads, so the entry keeps the rank and impact of
 * its most costly part (an allocation in a loop under a lock ranks as the
 * lock finding; --fail-on and the summary count it so), unless the lead
 * would be less sure than medium and the other is not: the default
 * report would then hide the entry. A lock or line group's lead may fold
 * into another: its message already names its other sites, and its
 * folded ids go with it (add_also_reported). */
static bool site_ranks_above(const adv_finding *a, const adv_finding *b)
{
    int sure_a = sureness(a) < PA_LEVEL_MEDIUM ? sureness(a) : PA_LEVEL_MEDIUM;
    int sure_b = sureness(b) < PA_LEVEL_MEDIUM ? sureness(b) : PA_LEVEL_MEDIUM;
    if (sure_a != sure_b)
        return sure_a > sure_b;
    if (a->score.priority != b->score.priority)
        return a->score.priority > b->score.priority;
    return ranks_above(a, b);
}

const char *const adv_folded_lists[ADV_FOLDED_LISTS] = {"other_sites", "other_functions",
                                                         "also_reported"};

/* The ids f's own evidence lists as folded into it (a lock group's
 * other_sites, a line group's other_functions) into o's "folded": a
 * baseline written from this report then knows them (adv_load_baseline). */
static int copy_folded_ids(cJSON *o, const adv_finding *f)
{
    cJSON *ids = NULL;
    for (size_t k = 0; k < ADV_FOLDED_LISTS; k++) {
        const cJSON *x;
        cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(f->evidence, adv_folded_lists[k]))
        {
            const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "id"));
            if (!id)
                continue;
            if (!ids && !(ids = cJSON_AddArrayToObject(o, "folded")))
                return -1;
            if (!cJSON_AddItemToArray(ids, cJSON_CreateString(id)))
                return -1;
        }
    }
    return 0;
}

static int add_also_reported(adv_finding *lead, const adv_finding *f)
{
    cJSON *o = append_other(lead, "also_reported", f);
    if (!o)
        return -1;
    cJSON_AddStringToObject(o, "kind", f->kind_name);
    cJSON_AddStringToObject(o, "message", f->message);
    if (f->score.confidence == PA_LEVEL_LOW)
        cJSON_AddStringToObject(o, "confidence", "low");
    return copy_folded_ids(o, f);
}

/* "...; also reported here as loop-alloc: malloc(64) runs once per
 * iteration ..." */
static int cmp_also(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    const char *kx = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "kind"));
    const char *ky = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(y, "kind"));
    int c = strcmp(kx ? kx : "", ky ? ky : "");
    if (c)
        return c;
    const char *ix = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "id"));
    const char *iy = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(y, "id"));
    return strcmp(ix ? ix : "", iy ? iy : "");
}

/* The folded findings by kind, then id: the same entry whatever order
 * the findings files were read in. */
static int sort_also_reported(cJSON *also)
{
    int n = cJSON_GetArraySize(also);
    if (n < 2)
        return 0;
    cJSON **items = malloc((size_t)n * sizeof *items);
    if (!items)
        return -1;
    int k = 0;
    while (also->child)
        items[k++] = cJSON_DetachItemViaPointer(also, also->child);
    pa_sort(items, (size_t)n, sizeof *items, cmp_also, NULL);
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(also, items[i]);
    free(items);
    return 0;
}

static int extend_site_message(adv_set *s, adv_finding *lead)
{
    cJSON *also = cJSON_GetObjectItemCaseSensitive(lead->evidence, "also_reported");
    if (cJSON_GetArraySize(also) <= 0)
        return 0;
    if (sort_also_reported(also) != 0)
        return -1;
    size_t len = strlen(lead->message) + 1;
    const cJSON *o;
    cJSON_ArrayForEach(o, also)
    {
        const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "kind"));
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "message"));
        len += 64 + (kind ? strlen(kind) : 0) + (msg ? strlen(msg) : 0);
    }
    char *text = malloc(len);
    if (!text)
        return -1;
    size_t used = (size_t)snprintf(text, len, "%s", lead->message);
    cJSON_ArrayForEach(o, also)
    {
        const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "kind"));
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "message"));
        bool unsure = cJSON_GetObjectItemCaseSensitive(o, "confidence") != NULL;
        if (used < len)
            used += (size_t)snprintf(text + used, len - used, "; also reported here as %s%s: %s",
                                     kind ? kind : "", unsure ? " (low confidence)" : "",
                                     msg ? msg : "");
    }
    lead->message = adv_set_strdup(s, text);
    free(text);
    return lead->message ? 0 : -1;
}

/* ---- folding ------------------------------------------------------------- */

/* One way of telling findings that are one defect. */
typedef struct grouping {
    bool (*eligible)(const adv_finding *f);
    uint64_t (*key)(const adv_finding *f, key_memo *m);
    bool (*same)(const adv_finding *a, const adv_finding *b);
    int (*add_other)(adv_finding *lead, const adv_finding *f); /* list f in its lead */
    int (*extend)(adv_set *s, adv_finding *lead);              /* say so in the message */
    bool (*ranks)(const adv_finding *a, const adv_finding *b); /* a leads rather than b */
} grouping;

/* The findings a fold looks at: every finding of the set, or the entries
 * of a report's view. */
typedef struct fold_list {
    adv_set *s;
    adv_finding **view; /* NULL: s->items */
    size_t count;
} fold_list;

static adv_finding *list_item(const fold_list *l, size_t i)
{
    return l->view ? l->view[i] : &l->s->items[i];
}

typedef struct group_match {
    const fold_list *l;
    const grouping *how;
    const size_t *lead; /* group -> index of its lead finding */
    const adv_finding *f;
} group_match;

static bool same_group(const void *ctx, intptr_t val)
{
    const group_match *m = ctx;
    return m->how->same(list_item(m->l, m->lead[val]), m->f);
}

/* Fold every group of eligible findings into its highest-ranked one.
 * Returns the number folded, or -1 on out of memory. */
static long fold(const fold_list *l, const grouping *how)
{
    pa_map groups;
    memset(&groups, 0, sizeof groups);
    size_t *lead = NULL, ngroups = 0, cap = 0;
    size_t *group_of = calloc(l->count ? l->count : 1, sizeof *group_of);
    long folded = group_of && pa_map_reserve(&groups, l->count) == 0 ? 0 : -1;
    key_memo memo;
    memset(&memo, 0, sizeof memo);
    /* First pass: the lead of each group is its highest-ranked finding. */
    for (size_t i = 0; i < l->count && folded >= 0; i++) {
        adv_finding *f = list_item(l, i);
        if (!how->eligible(f))
            continue;
        group_match m = {l, how, lead, f};
        intptr_t g;
        uint64_t key = how->key(f, &memo);
        if (pa_map_find(&groups, key, same_group, &m, &g)) {
            if (how->ranks(f, list_item(l, lead[g])))
                lead[g] = i;
            group_of[i] = (size_t)g;
            continue;
        }
        size_t *grown = pa_array_reserve(lead, &cap, ngroups + 1, sizeof *grown);
        if (!grown || pa_map_add(&groups, key, (intptr_t)ngroups) != 0) {
            lead = grown ? grown : lead;
            folded = -1;
            break;
        }
        lead = grown;
        lead[ngroups] = i;
        group_of[i] = ngroups++;
    }
    /* Second pass: everything else in a group folds into its lead. */
    for (size_t i = 0; i < l->count && folded >= 0; i++) {
        adv_finding *f = list_item(l, i);
        if (!how->eligible(f) || lead[group_of[i]] == i)
            continue;
        if (how->add_other(list_item(l, lead[group_of[i]]), f) != 0) {
            folded = -1;
            break;
        }
        f->folded = true;
        folded++;
    }
    for (size_t g = 0; g < ngroups && folded > 0; g++)
        if (how->extend(l->s, list_item(l, lead[g])) != 0)
            folded = -1;
    pa_map_free(&groups);
    free(lead);
    free(group_of);
    return folded;
}

long adv_group_view(adv_set *s, adv_finding **view, size_t *n)
{
    static const grouping by_lock = {groupable, lock_key, same_lock, add_other_site, extend_message,
                                     ranks_above};
    static const grouping by_line = {line_groupable, line_key, same_line, add_other_function,
                                     extend_line_message, ranks_above};
    static const grouping by_site = {site_groupable, site_key, same_site, add_also_reported,
                                     extend_site_message, site_ranks_above};
    const grouping *const order[] = {&by_lock, &by_line, &by_site};
    fold_list shown = {s, view, *n};
    long total = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        long folded = fold(&shown, order[i]);
        if (folded < 0)
            return -1;
        total += folded;
    }
    if (total == 0)
        return 0;
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++)
        if (!view[i]->folded)
            view[kept++] = view[i];
    *n = kept;
    return total;
}
