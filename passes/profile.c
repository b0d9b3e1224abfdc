/* passes/profile.c — call profiles into summaries, and error paths into the
 * evidence of findings (see profile.h). Compiler-neutral: reads the model
 * only. */
#include "profile.h"

#include "json_print.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- summaries ------------------------------------------------------------ */

/* A call site's executions per call, six significant digits, as
 * pa_estimate_digits gives them. Whole numbers (1, 20, 400, 8000) are
 * printed as numbers; a fraction between 0 and 10^6 (a call behind a
 * branch: 0.5, 12.5, 0.0588235) is its "%.6g" text: printing, parsing and
 * printing it again (%.6g, strtod, then cJSON's %.15g and its read-back
 * check) cost ~50 M instructions on sqlite3.c, and gives the same text (at
 * most 6 digits print back as themselves with 15, in the same notation
 * below 10^6). */
static void put_site_frequency(pa_json_text *t, double x)
{
    if (!isfinite(x))
        x = 1.0;
    if (!(x > 0.0 && x < 1e6) || x == (double)(long)x) {
        pa_json_text_number(t, x >= 1.0 && x < 1e6 ? x : pa_estimate_digits(x));
        return;
    }
    char text[32];
    int n = snprintf(text, sizeof text, "%.6g", x);
    if (n <= 0 || (size_t)n >= sizeof text) {
        pa_json_text_number(t, pa_estimate_digits(x));
        return;
    }
    for (int i = 0; i < n; i++)
        if (text[i] == ',') /* a locale's decimal comma */
            text[i] = '.';
    pa_json_text_put(t, text, (size_t)n);
}

#define PUT_KEY(t, key) pa_json_text_put((t), "\"" key "\":", sizeof key + 2)

/* A function's call sites as the JSON array the findings file holds. Text,
 * not a cJSON tree: on sqlite3.c the tree was ~20,000 objects of three
 * allocations each, built, printed and freed, a sixth of the plugin's time
 * without a configuration (docs/performance.md, nineteenth session). */
static void put_call_sites(pa_json_text *t, const pa_call_profile *p)
{
    pa_json_text_char(t, '[');
    for (size_t k = 0; k < p->ncalls; k++) {
        const pa_call_site *c = &p->calls[k];
        pa_json_text_put(t, k ? ",{" : "{", k ? 2 : 1);
        if (c->callee) { /* cJSON adds no key for a NULL string */
            PUT_KEY(t, "callee");
            pa_json_text_string(t, c->callee);
            pa_json_text_char(t, ',');
        }
        PUT_KEY(t, "executions_per_call");
        put_site_frequency(t, c->freq);
        if (c->sites > 1) {
            pa_json_text_char(t, ',');
            PUT_KEY(t, "sites");
            pa_json_text_number(t, c->sites);
        }
        if (c->inlined) {
            pa_json_text_char(t, ',');
            PUT_KEY(t, "inlined");
            pa_json_text_put(t, "true", 4);
        }
        if (c->loc.line) {
            /* The file only when it is not the function's own. */
            if (c->loc.file && (!p->file || strcmp(c->loc.file, p->file) != 0)) {
                pa_json_text_char(t, ',');
                PUT_KEY(t, "file");
                pa_json_text_string(t, c->loc.file);
            }
            pa_json_text_char(t, ',');
            PUT_KEY(t, "line");
            pa_json_text_number(t, c->loc.line);
        }
        pa_json_text_char(t, '}');
    }
    pa_json_text_char(t, ']');
}

int pa_profile_write_summaries(const pa_module *m, pa_report *out)
{
    int rc = -1;
    pa_json_text sites = {0};
    for (size_t i = 0; i < m->nprofiles; i++) {
        const pa_call_profile *p = &m->profiles[i];
        /* A function that calls nothing and is neither cold, static nor a
         * thread's start routine adds nothing the advisor could use: its
         * callers' call sites name it. */
        if (!p->ncalls && !p->cold && !p->is_static && !p->thread_start)
            continue;
        cJSON *s = pa_report_summary_named(out, p->name);
        if (!s)
            goto done;
        if (p->file && !cJSON_GetObjectItemCaseSensitive(s, "file"))
            cJSON_AddStringToObject(s, "file", p->file);
        if (p->demangled && !cJSON_GetObjectItemCaseSensitive(s, "demangled"))
            cJSON_AddStringToObject(s, "demangled", p->demangled);
        if (p->cold)
            cJSON_AddBoolToObject(s, "cold", true);
        if (p->is_static)
            cJSON_AddBoolToObject(s, "static", true);
        if (p->thread_start)
            cJSON_AddStringToObject(s, "thread_start", p->thread_start);
        if (p->thread_start && p->thread_loop > 0)
            cJSON_AddNumberToObject(s, "thread_loop", pa_estimate_digits(p->thread_loop));
        if (!p->ncalls)
            continue;
        pa_json_text_clear(&sites);
        put_call_sites(&sites, p);
        const char *text = pa_json_text_str(&sites);
        if (!text || !cJSON_AddRawToObject(s, "call_sites", text))
            goto done;
    }
    for (size_t i = 0; i < m->nfunctions; i++) {
        const pa_function *f = m->functions[i];
        if (!pa_profile_body_runs_once(f))
            continue;
        cJSON *s = pa_report_summary_named(out, f->name);
        if (!s || !cJSON_AddBoolToObject(s, "once", true))
            goto done;
    }
    rc = 0;
done:
    pa_json_text_free(&sites);
    return rc;
}

/* ---- bodies that run once -------------------------------------------------- */

/* The global value (and byte offset in it) that address v designates:
 * the global itself or constant offsets into it. */
static bool global_address(const pa_function *f, int v, int *global, int64_t *offset)
{
    *global = pa_value_root(f, v, offset);
    const pa_value *x = pa_value_at(f, *global);
    return x && x->kind == PA_VAL_GLOBAL && *offset != PA_UNKNOWN_SIZE;
}

/* The address a tested value was loaded from (through casts: a bool
 * loaded as a byte), or PA_NONE. */
static int loaded_from(const pa_function *f, int v)
{
    const pa_value *x = pa_value_at(f, pa_value_skip_casts(f, v));
    return x && x->kind == PA_VAL_LOAD ? x->base : PA_NONE;
}

/* Does block b do no work: only loads, a return, intrinsics? */
static bool block_does_nothing(const pa_function *f, const pa_block *bl)
{
    for (size_t i = 0; i < bl->nops; i++) {
        const pa_op *o = pa_op_at(f, bl->ops[i]);
        if (!o)
            return false;
        bool intrinsic = o->kind == PA_OP_CALL && (o->call_flags & PA_CALL_INTRINSIC);
        if (o->kind != PA_OP_LOAD && o->kind != PA_OP_RET && !intrinsic)
            return false;
    }
    return true;
}

/* Does block b return at once, alone or through a few blocks that only go
 * on, doing no work on the way? `if (!inited) init(); work();` goes on to
 * the work when the flag is set: its body runs on every call. */
static bool returns_at_once(const pa_function *f, int b)
{
    for (int hops = 0; hops < 4 && pa_block_ok(f, b); hops++) {
        const pa_block *bl = &f->blocks[b];
        if (!block_does_nothing(f, bl))
            return false;
        if (bl->returns && !bl->eh_pad)
            return true;
        if (bl->nsuccs != 1)
            return false;
        b = bl->succs[0];
    }
    return false;
}

/* Does f store into (global, offset), and never a zero there? */
static bool sets_flag_for_good(const pa_function *f, int global, int64_t offset)
{
    bool sets = false;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        int g;
        int64_t off;
        if (o->kind != PA_OP_STORE || !global_address(f, o->addr, &g, &off) || g != global ||
            off != offset)
            continue;
        const pa_value *stored = pa_value_at(f, o->stored);
        if (stored && stored->kind == PA_VAL_CONST && stored->offset == 0)
            return false;
        sets = true;
    }
    return sets;
}

bool pa_profile_body_runs_once(const pa_function *f)
{
    if (!f || f->nblocks == 0)
        return false;
    const pa_block *entry = &f->blocks[0];
    if (entry->cond_value == PA_NONE || entry->nsuccs != 2 || entry->zero_succ < 0 ||
        entry->zero_succ > 1)
        return false;
    int body = entry->succs[entry->zero_succ], skip = entry->succs[1 - entry->zero_succ];
    int global;
    int64_t offset;
    int flag = loaded_from(f, entry->cond_value);
    return body != skip && flag != PA_NONE && global_address(f, flag, &global, &offset) &&
           returns_at_once(f, skip) && sets_flag_for_good(f, global, offset);
}

/* ---- error paths ----------------------------------------------------------- */

static bool ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool ascii_lowercase(char c) { return c >= 'a' && c <= 'z'; }
static char ascii_lower(char c) { return ascii_upper(c) ? (char)(c - 'A' + 'a') : c; }

static bool is_error_word(const char *w, size_t n)
{
    /* "exception": a C++ function that builds the exception a failure
     * reports (CreateMissingEntryException), thrown or handed back in an
     * error object. */
    static const char *const words[] = {"err",  "error",  "errors",    "fatal",     "panic",
                                        "fail", "failed", "failure",   "warn",      "warning",
                                        "die",  "assert", "perror",    "bug",       "exception",
                                        "exceptions"};
    /* Every name of every call is split into words (hundreds of thousands
     * on sqlite3.c): the words' lengths (3 to 10) and first letters turn
     * most away before any comparison. */
    if (n < 3 || n > 10 || !strchr("abdefpw", ascii_lower(w[0])))
        return false;
    char low[11];
    for (size_t i = 0; i < n; i++)
        low[i] = ascii_lower(w[i]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(low, words[i]) == 0)
            return true;
    return false;
}

static bool is_log_word(const char *w, size_t n)
{
    char low[7];
    if (n != 3 && n != 6)
        return false;
    for (size_t i = 0; i < n; i++)
        low[i] = ascii_lower(w[i]);
    low[n] = '\0';
    return strcmp(low, "log") == 0 || strcmp(low, "syslog") == 0;
}

static bool name_has_word(const char *callee, bool (*is_word)(const char *, size_t));
static bool span_has_word(const char *s, size_t n, bool (*is_word)(const char *, size_t));

static bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

/* The identifier at p, an Itanium <source-name> (<length><chars>): its
 * start in *id and length in *n; returns what follows it, or NULL when the
 * length runs past the name's end. */
static const char *source_name(const char *p, const char **id, size_t *n)
{
    size_t len = 0;
    while (ascii_digit(*p) && len < 4096)
        len = len * 10 + (size_t)(*p++ - '0');
    *id = p;
    *n = len;
    for (size_t i = 0; i < len; i++)
        if (!p[i])
            return NULL;
    return p + len;
}

/* What follows the first '_' at or after p (a substitution's S0_, an array
 * size's A10_), or NULL. */
static const char *past_underscore(const char *p)
{
    const char *end = strchr(p, '_');
    return end ? end + 1 : NULL;
}

/* What follows the template arguments, expression or literal opened at p
 * (I, J, X, L, F, N, ...: one E closes each), skipping identifiers, which
 * may hold any letter; NULL when the name ends first. Substitutions and
 * builtin types need no care: they close nothing. */
static const char *skip_bracketed(const char *p)
{
    int depth = 0;
    do {
        if (ascii_digit(*p)) {
            const char *id;
            size_t n;
            if (!(p = source_name(p, &id, &n)))
                return NULL;
            continue;
        }
        if (!*p)
            return NULL;
        /* A substitution or template parameter (S_ S0_ T_ T1_), an array's
         * size (A10_): its number is no length. */
        if (((*p == 'S' || *p == 'T') && !ascii_lowercase(p[1])) || (*p == 'A' && ascii_digit(p[1]))) {
            if (!(p = past_underscore(p)))
                return NULL;
            continue;
        }
        if (*p == 'D' && (p[1] == 'T' || p[1] == 't')) {
            depth++; /* decltype(expression) E */
            p += 2;
            continue;
        }
        if (*p == 'L' && ascii_lowercase(p[1])) {
            /* A literal of a builtin type (Lm8E): its value is no length. */
            for (p += 2; ascii_digit(*p) || *p == 'n'; p++)
                ;
            if (*p++ != 'E')
                return NULL;
            continue;
        }
        if (strchr("IJXLFNZ", *p))
            depth++;
        else if (*p == 'E')
            depth--;
        p++;
    } while (depth > 0);
    return p;
}

/* The function's own name in an Itanium-mangled name
 * (_ZN7rocksdb12ErrorHandler15IsBGWorkStoppedEv: IsBGWorkStopped), into *id
 * and *n; *n 0 for a constructor, destructor or operator, which report
 * nothing. false when the name is not mangled or the scan does not follow
 * it: then it is read whole. */
static bool mangled_own_name(const char *name, const char **id, size_t *n)
{
    if (name[0] != '_' || name[1] != 'Z')
        return false;
    const char *p = name + 2;
    if (*p == 'L')
        p++; /* internal linkage */
    *id = NULL;
    *n = 0;
    if (*p == 'Z')
        return true; /* a local entity (a lambda's operator()): no name of its own */
    if (*p != 'N')
        return ascii_digit(*p) && source_name(p, id, n) != NULL;
    for (p++; *p && strchr("rVKRO", *p); p++)
        ;
    while (*p && *p != 'E') {
        if (ascii_digit(*p) || (*p == 'L' && ascii_digit(p[1]))) {
            if (!(p = source_name(p + (*p == 'L'), id, n)))
                return false; /* L: a static member's internal linkage */
        } else if (*p == 'B' && ascii_digit(p[1])) {
            const char *tag;
            size_t tag_len;
            if (!(p = source_name(p + 1, &tag, &tag_len)))
                return false; /* an ABI tag, B5cxx11: the name stays */
        } else if (*p == 'U') {
            *id = NULL; /* an unnamed type or closure, Ut_ Ul...E_ */
            *n = 0;
            break;
        } else if (*p == 'I') {
            if (!(p = skip_bracketed(p)))
                return false;
        } else if (*p == 'S' && p[1] && ascii_lowercase(p[1])) {
            p += 2; /* St (std::), Sa, Ss ... */
        } else if (*p == 'S') {
            if (!(p = past_underscore(p)))
                return false; /* S_, S0_: a component seen before */
        } else if ((*p == 'C' || *p == 'D') && (ascii_digit(p[1]) || p[1] == 'I')) {
            *id = NULL; /* a constructor or destructor (CI2: an inheriting one) */
            *n = 0;
            break;
        } else if (ascii_lowercase(*p)) {
            *id = NULL; /* an operator (pl, cl, cv ...) */
            *n = 0;
            break;
        } else {
            return false;
        }
    }
    return true;
}

bool pa_profile_error_call_name(const char *callee)
{
    const char *id;
    size_t n;
    if (callee && mangled_own_name(callee, &id, &n))
        return n > 0 && span_has_word(id, n, is_error_word);
    return name_has_word(callee, is_error_word);
}

/* A printf-like log call: the callee takes `...` and "log" is a word of
 * its name (sqlite3_log(SQLITE_WARNING, "...", ...), syslog, a project's
 * app_log, RocksDB's Log); math's log() takes no `...`. */
static bool log_call(const pa_op *o)
{
    return (o->call_flags & PA_CALL_VARIADIC) && name_has_word(o->callee, is_log_word);
}

/* Is some word of `callee` one is_word accepts? */
static bool name_has_word(const char *callee, bool (*is_word)(const char *, size_t))
{
    return callee && span_has_word(callee, strlen(callee), is_word);
}

/* Is some word of the n characters at s one is_word accepts? */
static bool span_has_word(const char *s, size_t n, bool (*is_word)(const char *, size_t))
{
    /* Words of the name: split at anything not a letter, where a lower
     * case letter is followed by an upper case one (LogError), and before
     * the last capital of a run followed by a lower case letter (SetBGError:
     * Set, BG, Error; the run itself is no word). Digits split too, so a
     * mangled name's words are found (_ZN3app9FatalExitEv). Letters are
     * ASCII's (symbol names; the C locale's isalpha). */
    const char *start = NULL;
    for (const char *p = s;; p++) {
        char c = p < s + n ? *p : '\0';
        char next = p + 1 < s + n ? p[1] : '\0';
        bool letter = ascii_upper(c) || ascii_lowercase(c);
        bool capital_inside = start && p > start && ascii_upper(c);
        bool acronym_ends = capital_inside && ascii_upper(p[-1]) && ascii_lowercase(next);
        bool boundary = capital_inside && (ascii_lowercase(p[-1]) || acronym_ends);
        if (start && (!letter || boundary)) {
            /* A capital run split off a word (BG of SetBGError, DIE of
             * addDIEEntry) is an acronym, not one of the words. */
            if (!acronym_ends && is_word(start, (size_t)(p - start)))
                return true;
            start = NULL;
        }
        if (!c)
            break;
        if (letter && !start)
            start = p;
    }
    return false;
}

/* A write to stderr: fprintf(stderr, ...), fputs(s, stderr) and friends. */
static bool writes_stderr(const pa_function *f, const pa_op *o)
{
    if (!o->callee ||
        !(strstr(o->callee, "printf") || strstr(o->callee, "fput") || strstr(o->callee, "fwrite")))
        return false;
    for (size_t i = 0; i < o->nargs; i++) {
        const pa_value *v = pa_value_at(f, o->args[i]);
        if (!v || v->kind != PA_VAL_LOAD)
            continue;
        const pa_value *g = pa_value_at(f, v->base);
        if (g && g->kind == PA_VAL_GLOBAL && g->name && strcmp(g->name, "stderr") == 0)
            return true;
    }
    return false;
}

enum { END_NONE = 0, END_CRASH, END_ERROR_CALL, END_ERROR_RETURN };

/* A block that returns normally (not a landing pad, not unreachable). */
static bool returns_normally(const pa_function *f, int b, int unused)
{
    (void)unused;
    const pa_block *bl = &f->blocks[b];
    return bl->returns && !bl->eh_pad && !bl->unreachable;
}

/* Can a normal return be reached from the entry without passing block
 * `avoid` (PA_NONE: through any block)? Out of memory answers yes. */
static bool return_reachable_without(const pa_function *f, int avoid)
{
    return pa_block_reaches_avoiding(f, 0, avoid, PA_NONE, returns_normally, 0);
}

/* Is block b on every path from the entry to a normal return? A call made
 * there runs on every call of the function: a check such as
 * `mutex_.AssertHeld()` at the top, not a report of a failure that only
 * some paths meet. A function with no normal return (a server's loop)
 * has no such block. */
static bool on_every_path(const pa_function *f, int b)
{
    return return_reachable_without(f, PA_NONE) && !return_reachable_without(f, b);
}

/* The answers pa_profile_memo_ops keeps while it fills a module's ops:
 * on_every_path per block (every[b] 0 not asked yet, 1 no, 2 yes; reach
 * the first search's answer, -1 not asked) and the error-name test per
 * distinct callee name (names[i], indexed by pa_hash_str of the name). */
typedef struct path_memo {
    unsigned char *every;
    int reach;
} path_memo;

typedef struct name_memo {
    pa_map index;
    struct {
        const char *name;
        bool error;
    } *names;
    size_t n, cap;
} name_memo;

typedef struct name_query {
    const name_memo *memo;
    const char *name;
} name_query;

static bool memo_has_name(const void *ctx, intptr_t i)
{
    const name_query *q = ctx;
    return strcmp(q->memo->names[i].name, q->name) == 0;
}

/* pa_profile_error_call_name(name), through nm when there is one (a
 * module calls the same functions from many places): 1 yes, 0 no, -1 out
 * of memory. */
static int error_name(name_memo *nm, const char *name)
{
    if (!nm || !name)
        return pa_profile_error_call_name(name);
    uint64_t key = pa_hash_str(name);
    name_query q = {nm, name};
    intptr_t i;
    if (pa_map_find(&nm->index, key, memo_has_name, &q, &i))
        return nm->names[i].error;
    void *grown = pa_array_reserve(nm->names, &nm->cap, nm->n + 1, sizeof *nm->names);
    if (!grown)
        return -1;
    nm->names = grown;
    bool error = pa_profile_error_call_name(name);
    nm->names[nm->n].name = name;
    nm->names[nm->n].error = error;
    if (pa_map_add(&nm->index, key, (intptr_t)nm->n) != 0)
        return -1;
    nm->n++;
    return error;
}

/* on_every_path(f, b), through pm when there is one. */
static bool every_path(const pa_function *f, int b, path_memo *pm)
{
    if (!pm || !pa_block_ok(f, b))
        return on_every_path(f, b);
    if (!pm->every[b]) {
        if (pm->reach < 0)
            pm->reach = return_reachable_without(f, PA_NONE);
        pm->every[b] = pm->reach && !return_reachable_without(f, b) ? 2 : 1;
    }
    return pm->every[b] == 2;
}

/* How op o ends a path, if it does (END_*), worked out with the memos
 * given (NULL: none); -1 on out of memory in nm. */
static int work_out_end(const pa_function *f, const pa_op *o, path_memo *pm, name_memo *nm)
{
    bool call = o->kind == PA_OP_CALL || o->kind == PA_OP_USE;
    if (!call || (o->call_flags & PA_CALL_INTRINSIC))
        return END_NONE;
    if (o->call_flags & PA_CALL_NORETURN)
        return END_CRASH;
    int named = error_name(nm, o->callee);
    if (named < 0)
        return -1;
    if ((named || writes_stderr(f, o)) && !every_path(f, o->block, pm))
        return END_ERROR_CALL;
    return END_NONE;
}

/* How op o ends a path, if it does. */
static int op_end(const pa_function *f, const pa_op *o)
{
    if (o->path_end)
        return o->path_end - 1; /* pa_profile_memo_ops */
    return work_out_end(f, o, NULL, NULL);
}

bool pa_profile_reports_error(const pa_function *f, const pa_op *o)
{
    return f && o && op_end(f, o) != END_NONE;
}

/* A block with an edge to block `to` (a loop's back edge to its header). */
static bool branches_to(const pa_function *f, int b, int to)
{
    for (size_t k = 0; k < f->blocks[b].nsuccs; k++)
        if (f->blocks[b].succs[k] == to)
            return true;
    return false;
}

/* Does block b run on every iteration of its innermost loop, one whose
 * trip count the compiler can state or bound (`for (i = 0; i < n; i++)`,
 * bounded by i's type before n is known loop-invariant)? A log call there
 * logs each element (a dump), which is work; a retry loop (`for (;;)`
 * left by a break) states no bound. */
static bool every_trip_of_counted_loop(const pa_function *f, int b)
{
    int l = f->blocks[b].loop;
    if (!pa_loop_ok(f, l))
        return false;
    const pa_loop *lp = &f->loops[l];
    int h = lp->header;
    if (!(lp->trip_count > 0 || lp->max_trip_count > 0 || lp->trip_text || lp->max_trip_text) ||
        !pa_block_ok(f, h))
        return false;
    if (h == b)
        return true;
    /* An iteration that avoids b: from the header back to it inside the loop. */
    return !pa_block_reaches_avoiding(f, h, b, l, branches_to, h);
}

/* pa_profile_logs_on_some_paths worked out, with pm (may be NULL). */
static bool work_out_logs(const pa_function *f, const pa_op *o, path_memo *pm)
{
    return f && o && o->kind == PA_OP_CALL && pa_block_ok(f, o->block) && log_call(o) &&
           !every_path(f, o->block, pm) && !every_trip_of_counted_loop(f, o->block);
}

bool pa_profile_logs_on_some_paths(const pa_function *f, const pa_op *o)
{
    if (o && o->logs_some)
        return o->logs_some == 2; /* pa_profile_memo_ops */
    return work_out_logs(f, o, NULL);
}

bool pa_profile_report_call(const pa_function *f, const pa_op *o)
{
    return pa_profile_reports_error(f, o) || pa_profile_logs_on_some_paths(f, o);
}

/* op_end and pa_profile_logs_on_some_paths for every op of f, written
 * into the ops. -1 on out of memory (the ops not reached stay unfilled). */
static int memo_function(pa_function *f, name_memo *nm)
{
    path_memo pm = {calloc(f->nblocks ? f->nblocks : 1, 1), -1};
    if (!pm.every)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < f->nops; i++) {
        pa_op *o = &f->ops[i];
        int end = work_out_end(f, o, &pm, nm);
        if (end < 0) {
            rc = -1;
            break;
        }
        o->path_end = (unsigned char)(end + 1);
        o->logs_some = work_out_logs(f, o, &pm) ? 2 : 1;
    }
    free(pm.every);
    return rc;
}

int pa_profile_memo_ops(pa_module *m)
{
    name_memo nm;
    memset(&nm, 0, sizeof nm);
    int rc = 0;
    for (size_t i = 0; i < m->nfunctions && rc == 0; i++)
        if (m->functions[i])
            rc = memo_function(m->functions[i], &nm);
    pa_map_free(&nm.index);
    free(nm.names);
    return rc;
}

/* The first op at or after index `from` of block b that ends a path
 * (END_* in *kind), or PA_NONE; an unreachable end counts as a crash. */
static int block_end(const pa_function *f, int b, size_t from, int *kind)
{
    const pa_block *bl = &f->blocks[b];
    for (size_t i = from; i < bl->nops; i++) {
        int k = op_end(f, &f->ops[bl->ops[i]]);
        if (k) {
            *kind = k;
            return bl->ops[i];
        }
    }
    *kind = bl->unreachable                                             ? END_CRASH
            : bl->returns && bl->exit_const_known && bl->exit_const < 0 ? END_ERROR_RETURN
                                                                        : END_NONE;
    return PA_NONE;
}

/* Does the edge b -> s return a negative constant (s a return block whose
 * value depends on the edge, b's exit constant)? */
static bool error_edge(const pa_function *f, int b, int s)
{
    const pa_block *to = &f->blocks[s];
    const pa_block *from = &f->blocks[b];
    return to->returns && !to->exit_const_known && from->exit_const_known && from->exit_const < 0;
}

typedef struct ep_ctx {
    const pa_function *f;
    int *pred_first, *preds; /* predecessors as CSR */
    unsigned char *normal;   /* reaches a normal return without an error end */
    unsigned char *ends;     /* END_* of the whole block (from op 0) */
    int *queue;
} ep_ctx;

static void ep_free(ep_ctx *c)
{
    free(c->pred_first);
    free(c->preds);
    free(c->normal);
    free(c->ends);
    free(c->queue);
    memset(c, 0, sizeof *c);
}

/* Which blocks reach a normal return without passing an error end. */
static int ep_init(ep_ctx *c, const pa_function *f)
{
    memset(c, 0, sizeof *c);
    c->f = f;
    size_t n = f->nblocks, nedges = pa_block_edge_count(f);
    c->pred_first = malloc((n + 1) * sizeof *c->pred_first);
    c->preds = malloc((nedges ? nedges : 1) * sizeof *c->preds);
    c->normal = calloc(n ? n : 1, 1);
    c->ends = calloc(n ? n : 1, 1);
    c->queue = malloc((n ? n : 1) * sizeof *c->queue);
    if (!c->pred_first || !c->preds || !c->normal || !c->ends || !c->queue) {
        ep_free(c);
        return -1;
    }
    pa_block_preds(f, c->pred_first, c->preds);
    size_t qn = 0;
    for (size_t b = 0; b < n; b++) {
        int kind;
        block_end(f, (int)b, 0, &kind);
        c->ends[b] = (unsigned char)kind;
        if (f->blocks[b].returns && !f->blocks[b].eh_pad && kind == END_NONE) {
            c->normal[b] = 1;
            c->queue[qn++] = (int)b;
        }
    }
    for (size_t qi = 0; qi < qn; qi++) {
        int s = c->queue[qi];
        /* An edge into a landing pad is an exception unwinding, not a way
         * back to the caller's normal path: a cleanup that resumes does not
         * make the block that threw normal. */
        if (f->blocks[s].eh_pad)
            continue;
        for (int k = c->pred_first[s]; k < c->pred_first[s + 1]; k++) {
            int p = c->preds[k];
            if (c->normal[p] || c->ends[p] != END_NONE || error_edge(f, p, s))
                continue;
            c->normal[p] = 1;
            c->queue[qn++] = p;
        }
    }
    return 0;
}

/* Does loop l exit anywhere but into a crash (a server's for (;;) whose only
 * way out is exit())? Then it is no error path that runs in it. */
static bool loop_only_crashes(const ep_ctx *c, int l)
{
    const pa_function *f = c->f;
    for (size_t b = 0; b < f->nblocks; b++) {
        if (!pa_block_in_loop(f, (int)b, l))
            continue;
        for (size_t k = 0; k < f->blocks[b].nsuccs; k++) {
            int s = f->blocks[b].succs[k];
            if (pa_block_ok(f, s) && !pa_block_in_loop(f, s, l) && c->ends[s] != END_CRASH)
                return false;
        }
        if (f->blocks[b].returns)
            return false;
    }
    return true;
}

static const char *end_name(int kind)
{
    return kind == END_CRASH ? "crash" : kind == END_ERROR_CALL ? "error-call" : "error-return";
}

/* "Once per iteration of a loop" is not what an error path does: it runs
 * when the error happens, and an error usually ends the loop (a return, a
 * throw, a crash). The finding stays, for a reader who asks for unsure
 * ones, but leaves the default report. */
static void doubt_per_iteration_claim(pa_finding *fd)
{
    if (fd->kind != PA_F_LOOP_ALLOC && fd->kind != PA_F_LOCK_IN_LOOP)
        return;
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(fd->evidence, "confidence");
    if (cJSON_IsString(conf) && strcmp(conf->valuestring, "low") == 0)
        return;
    pa_json_replace_confidence(fd->evidence, "low",
                               "on an error path: it runs when the error happens, not on every "
                               "iteration, and the error usually ends the loop");
}

/* Is the op at index `at` of block b on an error path? Fills the evidence. */
static int mark_one(ep_ctx *c, pa_finding *fd, int b, size_t at)
{
    const pa_function *f = c->f;
    if (!c->normal[0])
        return 0; /* no normal way out at all: nothing to tell apart */
    int kind;
    int end_op = block_end(f, b, at, &kind);
    if (kind == END_NONE) {
        /* The rest of b is clean: b is normal if a successor is. */
        const pa_block *bl = &f->blocks[b];
        if (bl->returns)
            return 0;
        for (size_t k = 0; k < bl->nsuccs; k++) {
            int s = bl->succs[k];
            if (pa_block_ok(f, s) && !f->blocks[s].eh_pad && c->normal[s] && !error_edge(f, b, s))
                return 0;
        }
    }
    for (int l = f->blocks[b].loop; pa_loop_ok(f, l); l = f->loops[l].parent)
        if (loop_only_crashes(c, l))
            return 0;
    /* The first end forward from here, breadth first, to name it. */
    unsigned char *seen = calloc(f->nblocks, 1);
    if (!seen)
        return -1;
    int where = b, qn = 0;
    c->queue[qn++] = b;
    seen[b] = 1;
    for (int qi = 0; qi < qn && kind == END_NONE; qi++) {
        int x = c->queue[qi];
        if (x != b) {
            end_op = block_end(f, x, 0, &kind);
            if (kind != END_NONE) {
                where = x;
                break;
            }
        }
        for (size_t k = 0; k < f->blocks[x].nsuccs; k++) {
            int s = f->blocks[x].succs[k];
            if (!pa_block_ok(f, s) || seen[s] || f->blocks[s].eh_pad)
                continue;
            if (error_edge(f, x, s)) {
                kind = END_ERROR_RETURN;
                where = x;
                break;
            }
            seen[s] = 1;
            c->queue[qn++] = s;
        }
    }
    free(seen);
    if (kind == END_NONE)
        return 0; /* only loops and exceptions: not an error path */
    cJSON *ep = cJSON_AddObjectToObject(fd->evidence, "error_path");
    if (!ep)
        return -1;
    cJSON_AddStringToObject(ep, "ends_in", end_name(kind));
    const pa_op *o = pa_op_at(f, end_op);
    char what[64];
    if (o && o->callee)
        snprintf(what, sizeof what, "%.60s", o->callee_demangled ? o->callee_demangled : o->callee);
    else if (kind == END_ERROR_RETURN)
        snprintf(what, sizeof what, "return %lld", (long long)f->blocks[where].exit_const);
    else
        snprintf(what, sizeof what, "unreachable");
    cJSON_AddStringToObject(ep, "what", what);
    const pa_loc *loc = o ? &o->loc : &f->blocks[where].term_loc;
    if (loc->file && loc->line)
        pa_json_add_loc(ep, "location", loc);
    doubt_per_iteration_claim(fd);
    return 0;
}

int pa_profile_mark_error_paths(const pa_module *m, pa_report *out)
{
    (void)m;
    const pa_function *cur = NULL;
    ep_ctx c;
    memset(&c, 0, sizeof c);
    int rc = 0;
    for (size_t i = 0; i < out->count && rc == 0; i++) {
        pa_finding *fd = &out->items[i];
        const pa_op *o = fd->fn ? pa_op_at(fd->fn, fd->op) : NULL;
        if (!o || !pa_block_ok(fd->fn, o->block) ||
            cJSON_GetObjectItemCaseSensitive(fd->evidence, "error_path"))
            continue;
        if (fd->fn != cur) {
            ep_free(&c);
            cur = NULL;
            if (ep_init(&c, fd->fn) != 0)
                return -1;
            cur = fd->fn;
        }
        const pa_block *bl = &cur->blocks[o->block];
        size_t at = 0;
        while (at < bl->nops && bl->ops[at] != fd->op)
            at++;
        rc = mark_one(&c, fd, o->block, at < bl->nops ? at + 1 : 0);
    }
    ep_free(&c);
    return rc;
}
