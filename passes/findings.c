/* passes/findings.c — the per-TU report: findings, lock edges, summaries. */
#include "findings.h"

#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pa_report_init(pa_report *r)
{
    memset(r, 0, sizeof *r);
    r->lock_edges = cJSON_CreateArray();
    r->lock_sections = cJSON_CreateArray();
    r->summaries = cJSON_CreateObject();
    if (!r->lock_edges || !r->lock_sections || !r->summaries) {
        pa_report_free(r);
        return -1;
    }
    return 0;
}

void pa_report_free(pa_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++) {
        free(r->items[i].message);
        cJSON_Delete(r->items[i].evidence);
    }
    free(r->items);
    cJSON_Delete(r->lock_edges);
    cJSON_Delete(r->lock_sections);
    cJSON_Delete(r->summaries);
    cJSON_Delete(r->member_names);
    cJSON_Delete(r->api_locks);
    pa_map_free(&r->summary_index);
    memset(r, 0, sizeof *r);
}

int pa_report_take_ranges(pa_report *to, pa_report *from, const size_t *first, const size_t *count,
                          size_t nranges)
{
    size_t n = 0;
    for (size_t k = 0; k < nranges; k++)
        n += count[k];
    if (n == 0)
        return 0;
    pa_finding *items = pa_array_reserve(to->items, &to->cap, to->count + n, sizeof *items);
    if (!items)
        return -1;
    to->items = items;
    for (size_t k = 0; k < nranges; k++) {
        memcpy(&to->items[to->count], &from->items[first[k]], count[k] * sizeof *items);
        to->count += count[k];
    }
    from->count = 0; /* every finding was in one range: now owned by `to` */
    return 0;
}

pa_finding *pa_report_add(pa_report *r, pa_finding_kind kind, const pa_function *f, int op,
                          const char *fmt, ...)
{
    pa_finding *items = pa_array_reserve(r->items, &r->cap, r->count + 1, sizeof *items);
    if (!items)
        return NULL;
    r->items = items;
    pa_finding *fd = &r->items[r->count];
    memset(fd, 0, sizeof *fd);
    fd->kind = kind;
    fd->fn = f;
    fd->op = PA_NONE;
    if (f) {
        fd->function = f->name;
        fd->function_demangled = f->demangled;
        fd->loc = f->loc;
        if (op >= 0 && (size_t)op < f->nops) {
            const pa_op *o = &f->ops[op];
            fd->loc = o->loc;
            fd->origin = o->origin;
            fd->inline_depth = o->inline_depth;
            fd->handle = o->handle;
            fd->op = op;
        } else {
            fd->handle = f->handle;
        }
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    fd->message = malloc((size_t)n + 1);
    fd->evidence = cJSON_CreateObject();
    if (!fd->message || !fd->evidence) {
        free(fd->message);
        cJSON_Delete(fd->evidence);
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(fd->message, (size_t)n + 1, fmt, ap);
    va_end(ap);
    pa_finding_id(kind, fd->function, &fd->loc, fd->id);
    r->count++;
    return fd;
}

typedef struct summary_key {
    const char *name;
} summary_key;

static bool summary_named(const void *ctx, intptr_t val)
{
    const cJSON *s = (const cJSON *)val;
    return s->string && strcmp(s->string, ((const summary_key *)ctx)->name) == 0;
}

/* Index the children appended since the last lookup. Returns 0, or -1 on
 * out of memory (the index then stays where it was). */
static int index_new_summaries(pa_report *r)
{
    const cJSON *s = r->summary_indexed ? r->summary_indexed->next : r->summaries->child;
    for (; s; s = s->next) {
        if (s->string) {
            summary_key k = {s->string};
            uint64_t h = pa_hash_str(s->string);
            if (!pa_map_find(&r->summary_index, h, summary_named, &k, NULL) &&
                pa_map_add(&r->summary_index, h, (intptr_t)s) != 0)
                return -1;
        }
        r->summary_indexed = s;
    }
    return 0;
}

cJSON *pa_report_find_summary(pa_report *r, const char *name)
{
    if (!r->summaries || !name)
        return NULL;
    if (index_new_summaries(r) != 0)
        return cJSON_GetObjectItemCaseSensitive(r->summaries, name);
    summary_key k = {name};
    intptr_t v;
    return pa_map_find(&r->summary_index, pa_hash_str(name), summary_named, &k, &v) ? (cJSON *)v : NULL;
}

cJSON *pa_report_summary_named(pa_report *r, const char *name)
{
    cJSON *s = pa_report_find_summary(r, name);
    if (s || !r->summaries || !name)
        return s;
    return cJSON_AddObjectToObject(r->summaries, name);
}

cJSON *pa_report_summary(pa_report *r, const pa_function *f)
{
    return pa_report_summary_named(r, f->name);
}

cJSON *pa_json_add_loc(cJSON *obj, const char *key, const pa_loc *loc)
{
    cJSON *l = cJSON_AddObjectToObject(obj, key);
    if (!l)
        return NULL;
    if (loc->file)
        cJSON_AddStringToObject(l, "file", loc->file);
    else
        cJSON_AddNullToObject(l, "file");
    cJSON_AddNumberToObject(l, "line", loc->line);
    cJSON_AddNumberToObject(l, "column", loc->column);
    return l;
}

void pa_json_add_trip(cJSON *ev, const pa_loop *l)
{
    if (l->trip_count > 0)
        cJSON_AddNumberToObject(ev, "trip_count", (double)l->trip_count);
    else
        cJSON_AddNullToObject(ev, "trip_count");
    if (l->trip_text && l->trip_text[0])
        cJSON_AddStringToObject(ev, "trip_text", l->trip_text);
    if (pa_loop_useful_max(l) > 0)
        cJSON_AddNumberToObject(ev, "max_trip_count", (double)l->max_trip_count);
    if (l->max_trip_text && l->max_trip_text[0])
        cJSON_AddStringToObject(ev, "max_trip_text", l->max_trip_text);
}

double pa_estimate_digits(double x)
{
    if (!isfinite(x) || x <= 0.0)
        return x;
    char buf[32];
    snprintf(buf, sizeof buf, "%.6g", x);
    return strtod(buf, NULL);
}

void pa_json_add_loop_facts(cJSON *ev, const pa_function *f, int block)
{
    if (block < 0 || (size_t)block >= f->nblocks)
        return;
    const pa_block *b = &f->blocks[block];
    cJSON_AddNumberToObject(ev, "loop_depth", b->loop_depth);
    /* Significant digits, not decimals: a rare block runs 0.0044 times per
     * call, and two decimals made that 0, read as "unknown" (issue 10). */
    if (isfinite(b->freq) && b->freq >= 0.0)
        cJSON_AddNumberToObject(ev, "executions_per_call", pa_estimate_digits(b->freq));
    else
        cJSON_AddNullToObject(ev, "executions_per_call");
    if (b->loop >= 0 && (size_t)b->loop < f->nloops)
        pa_json_add_trip(ev, &f->loops[b->loop]);
}

static int by_id_then_index(const void *a, const void *b, void *ctx)
{
    const pa_report *r = ctx;
    size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
    int c = strcmp(r->items[ia].id, r->items[ib].id);
    return c ? c : (ia > ib) - (ia < ib);
}

long pa_report_dedupe(pa_report *r)
{
    if (r->count < 2)
        return 0;
    size_t *order = malloc(r->count * sizeof *order);
    unsigned char *drop = calloc(r->count, 1);
    if (!order || !drop) {
        free(order);
        free(drop);
        return -1;
    }
    for (size_t i = 0; i < r->count; i++)
        order[i] = i;
    if (pa_sort(order, r->count, sizeof *order, by_id_then_index, r) != 0) {
        free(order);
        free(drop);
        return -1;
    }
    for (size_t i = 1; i < r->count; i++)
        if (strcmp(r->items[order[i]].id, r->items[order[i - 1]].id) == 0)
            drop[order[i]] = 1;
    size_t kept = 0;
    for (size_t i = 0; i < r->count; i++) {
        if (drop[i]) {
            free(r->items[i].message);
            cJSON_Delete(r->items[i].evidence);
            continue;
        }
        r->items[kept++] = r->items[i];
    }
    long dropped = (long)(r->count - kept);
    r->count = kept;
    free(order);
    free(drop);
    return dropped;
}

size_t pa_report_count_kind(const pa_report *r, pa_finding_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        n += r->items[i].kind == kind;
    return n;
}

void pa_json_add_confidence(cJSON *ev, const char *level, const char *reason)
{
    if (!ev || !level)
        return;
    cJSON_AddStringToObject(ev, "confidence", level);
    if (reason)
        cJSON_AddStringToObject(ev, "confidence_reason", reason);
}

void pa_json_replace_confidence(cJSON *ev, const char *level, const char *reason)
{
    if (!ev || !level)
        return;
    cJSON_DeleteItemFromObjectCaseSensitive(ev, "confidence");
    cJSON_DeleteItemFromObjectCaseSensitive(ev, "confidence_reason");
    pa_json_add_confidence(ev, level, reason);
}

/* The '(' that opens the parameter list: the last one outside template
 * arguments, braces and other parentheses (`run()::{lambda(int)#1}::
 * operator()(int) const` names its enclosing function first), past an
 * operator's own symbols (`operator<`, `operator()`) and
 * `(anonymous namespace)`. */
static size_t parameters_start(const char *name)
{
    int angle = 0, paren = 0;
    size_t i = 0, last = (size_t)-1;
    while (name[i]) {
        /* The first letters first: C++ names run to thousands of
         * characters, and two string compares per character were most of
         * the escape analysis's time on RocksDB's db_impl.cc. */
        if (name[i] == 'o' && strncmp(name + i, "operator", 8) == 0) {
            i += 8;
            if (name[i] == '(' && name[i + 1] == ')')
                i += 2;
            else
                while (name[i] && strchr("<>=!+-*/%^&|~[],", name[i]))
                    i++;
            continue;
        }
        if (name[i] == '(' && strncmp(name + i, "(anonymous namespace)", 21) == 0) {
            i += 21;
            continue;
        }
        char ch = name[i];
        if (ch == '<' || ch == '{')
            angle++; /* template arguments, {lambda(int)#1} */
        else if ((ch == '>' || ch == '}') && angle > 0)
            angle--;
        else if (ch == '(' && angle == 0 && paren++ == 0)
            last = i;
        else if (ch == ')' && angle == 0 && paren > 0)
            paren--;
        i++;
    }
    return last == (size_t)-1 ? i : last;
}

static void name_before_parameters(char *out, size_t n, const char *name, const char *suffix)
{
    if (!out || n == 0)
        return;
    if (!name || !*name)
        name = "?";
    size_t len = parameters_start(name);
    snprintf(out, n, "%.*s%s", (int)(len < 4096 ? len : 4096), name, suffix);
}

void pa_message_function_name(char *out, size_t n, const char *name)
{
    name_before_parameters(out, n, name, "()");
}

void pa_function_name_without_parameters(char *out, size_t n, const char *name)
{
    name_before_parameters(out, n, name, "");
}

bool pa_finding_is_candidate(const pa_finding *fd)
{
    return fd && cJSON_GetObjectItemCaseSensitive(fd->evidence, "callee_elsewhere") != NULL;
}
