/* advisor/main.c — the `perfadvise` command line: report, explain, --cflags.
 * A hand-written option loop in the manner of jq's main.c: --help on every
 * command (stdout, exit 0), usage errors on stderr with a hint, every message
 * prefixed "perfadvise: ", exit codes in one enum (docs/advisor.md).
 *   perfadvise report build/ --format markdown -o report.md */
#define _XOPEN_SOURCE 700
#include "advisor.h"
#include "bigmem.h"
#include "commands.h"
#include "escape_text.h"
#include "fresh_join.h"
#include "group.h"
#include "inputs.h"
#include "load.h"
#include "lockgraph.h"
#include "member_names.h"
#include "merge.h"
#include "names.h"
#include "render.h"
#include "rwlock.h"
#include "score.h"
#include "source.h"
#include "suppress.h"
#include "util.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Exit status (docs/advisor.md, EXIT STATUS). When several apply, the
 * first of ERROR, USAGE, FAIL_ON, SKIPPED, NO_INPUT in that order wins,
 * except that with nothing loaded the status is NO_INPUT (FAIL_ON under
 * --fail-on), never SKIPPED: a report of nothing is not a partial pass. */
typedef enum adv_exit {
    ADV_EXIT_OK = 0,        /* report written; nothing at or above --fail-on */
    ADV_EXIT_FAIL_ON = 1,   /* a finding at or above --fail-on, or --fail-on with nothing loaded */
    ADV_EXIT_USAGE = 2,     /* bad command line */
    ADV_EXIT_SKIPPED = 3,   /* report written, but some inputs were skipped (warnings) */
    ADV_EXIT_NO_INPUT = 4,  /* no findings file found or none could be loaded */
    ADV_EXIT_ERROR = 5,     /* I/O error, out of memory, unusable baseline, plugin not found */
    ADV_EXIT_NOT_FOUND = 6, /* explain: no finding with that id */
} adv_exit;

typedef enum out_format { FMT_TEXT, FMT_MARKDOWN, FMT_JSON, FMT_SARIF, FMT_HTML } out_format;

typedef struct options {
    out_format format;
    const char *output;
    int fail_on; /* pa_level, or -1 */
    const char *baseline;
    size_t top; /* 0 = all */
    const char **kinds, **files, **paths;
    size_t nkinds, nfiles, npaths;
    size_t cap_kinds, cap_files, cap_paths;
    int color; /* -1 auto, 0 never, 1 always */
    unsigned context;
    bool progress;
    bool facts; /* also list supporting facts (analysis remarks) */
    int min_confidence; /* pa_level: findings stating a lower confidence are hidden */
    bool honour_ignores; /* perfadvise: ignore comments silence findings */
    bool tests;          /* list findings in test and mock code too */
    const char *root;    /* paths are shown relative to it; NULL: the common directory */
} options;

static const char *const usage_main =
    "usage: perfadvise <command> [options] [PATH...]\n"
    "\n"
    "perfadvise reads the findings files the perfadvise compiler plugin writes\n"
    "(one per translation unit), joins them across the whole program, scores each\n"
    "finding by impact, effort and risk, and prints what to fix first.\n"
    "\n"
    "commands:\n"
    "  report [PATH...]      report on findings files, directories or a build directory\n"
    "  explain ID [PATH...]  show how one finding was scored\n"
    "  scan -p BUILD_DIR     analyse a build made with any compiler (compile_commands.json)\n"
    "  flags [-- COMMAND]    print the compiler flags that turn perfadvise on\n"
    "\n"
    "options:\n"
    "  --cflags              print the compiler flags that load the plugin\n"
    "  --version             print the version\n"
    "  -h, --help            this help; `perfadvise <command> --help` for a command\n"
    "\n"
    "See docs/advisor.md (man page) and docs/scoring.md.\n";

static const char *const usage_report =
    "usage: perfadvise report [options] [PATH...]\n"
    "\n"
    "Load every findings file under PATH (files, or directories searched\n"
    "recursively; default: the current directory), de-duplicate, find lock-order\n"
    "cycles across translation units, score and print the report.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT      text (default), markdown, json, sarif or html\n"
    "  -o, --output FILE     write the report to FILE instead of standard output\n"
    "      --fail-on LEVEL   exit 1 when a finding has impact LEVEL or higher\n"
    "                        (high, medium or low)\n"
    "      --baseline FILE   report only findings whose ids are not in FILE, an\n"
    "                        earlier `perfadvise report --format json`\n"
    "      --top N           list only the N highest-priority findings\n"
    "      --kind KIND       only findings of KIND (repeatable, or comma-separated)\n"
    "      --file PATTERN    only findings whose file matches PATTERN: a glob on the\n"
    "                        path or its basename, or a substring (repeatable)\n"
    "      --color WHEN      auto (default: a terminal and no NO_COLOR), always, never\n"
    "      --context N       source lines shown around each finding (default 2)\n"
    "      --facts           also list supporting facts (heap-escape, no-escape,\n"
    "                        no-debug-info); by default only actionable findings\n"
    "      --confidence LEVEL  list findings the analysis is at least this sure of:\n"
    "                        high, medium (default) or low (everything)\n"
    "      --tests           also list findings in test and mock code (unittest_*,\n"
    "                        test_* functions, *_test files, mock*), hidden by default\n"
    "      --no-ignore       also list findings silenced by a\n"
    "                        `perfadvise: ignore` comment in the source\n"
    "      --root DIR        show paths relative to DIR (default: the directory\n"
    "                        that holds every finding's file)\n"
    "      --no-progress     no progress line on standard error\n"
    "  -h, --help            this help\n"
    "\n"
    "exit status: 0 ok, 1 --fail-on reached (or nothing loaded under --fail-on),\n"
    "2 usage, 3 inputs skipped, 4 no input, 5 error.\n";

static const char *const usage_explain =
    "usage: perfadvise explain [options] ID [PATH...]\n"
    "\n"
    "Load the findings under PATH (default: the current directory) and print how\n"
    "the finding ID (16 hex digits, or a unique prefix of at least 4) was scored:\n"
    "the estimate behind its impact, its effort, risk and priority; then where the\n"
    "default report puts it (its own entry, part of another's, or not listed and why).\n"
    "\n"
    "options:\n"
    "      --no-progress     no progress line on standard error\n"
    "  -h, --help            this help\n"
    "\n"
    "exit status: 0 ok, 2 usage, 3 inputs skipped, 4 no input, 5 error, 6 no such id.\n";

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void msg(const char *level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "perfadvise: %s%s", level, *level ? ": " : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}


static bool progress_shown;

/* PERFADVISE_TIMING=1: each phase of a report and its wall time, on
 * standard error (docs/performance.md, "Advisor"). */
static int timing = -1;
static struct timespec timing_last;

static void phase_done(const char *name)
{
    if (timing < 0) {
        const char *env = getenv("PERFADVISE_TIMING");
        timing = env && *env && strcmp(env, "0") != 0;
        clock_gettime(CLOCK_MONOTONIC, &timing_last);
    }
    if (!timing || !name)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - timing_last.tv_sec) * 1e3 +
                (double)(now.tv_nsec - timing_last.tv_nsec) / 1e6;
    fprintf(stderr, "perfadvise: timing: %-10s %8.1f ms\n", name, ms);
    timing_last = now;
}

/* Warnings name the file and the problem; both may come from a hostile file. */
/* "perfadvise: LEVEL: WHAT PATH: PROBLEM", WHAT empty or ending in a
 * space. */
static void say_path(const char *level, const char *what, const char *path, const char *problem)
{
    if (progress_shown)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "perfadvise: %s: %s", level, what);
    adv_put_term(stderr, path);
    fputs(": ", stderr);
    adv_put_term(stderr, problem);
    fputc('\n', stderr);
}

static void warn_path(void *ctx, const char *path, const char *problem)
{
    (void)ctx;
    say_path("warning", "", path, problem);
}

/* ---- the shared pipeline: collect, load, join, score ------------------- */

typedef struct loaded {
    adv_set set;
    adv_lockgraph graph;
    bool have_graph;
    size_t files_loaded, files_skipped;
} loaded;

static int load_all(const options *o, loaded *L)
{
    adv_pathlist files = {NULL, 0, 0};
    static const char *const dot[] = {"."};
    const char *const *paths = o->npaths ? o->paths : dot;
    size_t npaths = o->npaths ? o->npaths : 1;
    int bad = adv_collect_inputs(paths, npaths, &files, warn_path, NULL);
    phase_done("collect");
    if (bad < 0) {
        msg("error", "out of memory");
        return ADV_EXIT_ERROR;
    }
    L->files_skipped = (size_t)bad;
    bool tty = o->progress && isatty(STDERR_FILENO) && files.count >= 20;
    adv_inputs in;
    memset(&in, 0, sizeof in);
    /* Findings files are compared with embedded copies only when an input
     * may be an object (every findings file is named *.json). */
    for (size_t i = 0; i < files.count && !in.hash_files; i++) {
        size_t len = strlen(files.paths[i]);
        in.hash_files = len < 5 || strcmp(files.paths[i] + len - 5, ".json") != 0;
    }
    /* A second thread reads and parses the next files while this one
     * imports (the order, the set and every message stay the same). */
    adv_prefetch *pf = files.count > 1 ? adv_prefetch_start(files.paths, files.count, in.hash_files)
                                       : NULL;
    for (size_t i = 0; i < files.count; i++) {
        if (tty && (i % 16 == 0 || i + 1 == files.count)) {
            fprintf(stderr, "\rperfadvise: loading findings files %zu/%zu", i + 1, files.count);
            progress_shown = true;
        }
        bool named = false;
        for (size_t k = 0; k < o->npaths && !named; k++)
            named = strcmp(o->paths[k], files.paths[i]) == 0;
        size_t invalid_before = L->set.invalid_utf8;
        int lrc = pf ? adv_input_load_prefetched(&L->set, &in, pf, i, named, warn_path, NULL)
                     : adv_input_load(&L->set, &in, files.paths[i], named, warn_path, NULL);
        if (lrc != 0) {
            msg("error", "out of memory while loading findings");
            adv_prefetch_stop(pf, &L->set);
            adv_inputs_free(&in);
            adv_pathlist_free(&files);
            return ADV_EXIT_ERROR;
        }
        /* The indexes sized once from the first sixteenth of the inputs,
         * instead of growing by rehash: a wrong guess costs at most one
         * growth. */
        if (files.count >= 64 && i + 1 == files.count / 16 &&
            adv_set_presize(&L->set, (double)files.count / (double)(i + 1)) != 0) {
            msg("error", "out of memory while loading findings");
            adv_prefetch_stop(pf, &L->set);
            adv_inputs_free(&in);
            adv_pathlist_free(&files);
            return ADV_EXIT_ERROR;
        }
        if (L->set.invalid_utf8 > invalid_before) {
            char err[128];
            size_t nbad = L->set.invalid_utf8 - invalid_before;
            snprintf(err, sizeof err, "not valid UTF-8 (%zu byte%s): shown as '?'", nbad,
                     nbad == 1 ? "" : "s");
            warn_path(NULL, files.paths[i], err);
        }
    }
    adv_prefetch_stop(pf, &L->set);
    /* Each translation unit's findings count as one file, wherever found. */
    L->files_loaded = in.loaded;
    L->files_skipped += in.skipped;
    adv_inputs_free(&in);
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = false;
    }
    if (files.count == 0)
        msg("warning", "no findings files found (compile with -fpass-plugin, see "
                       "perfadvise --cflags; name the objects built, or the PERFADVISE_OUTPUT_DIR)");
    adv_pathlist_free(&files);
    phase_done("load");
    if (adv_confirm_elsewhere_calls(&L->set) < 0) {
        msg("error", "out of memory while joining allocations across files");
        return ADV_EXIT_ERROR;
    }
    if (adv_lockgraph_build(&L->set, &L->graph) != 0 ||
        adv_lockgraph_report_cycles(&L->set, &L->graph) < 0 ||
        adv_lockgraph_report_loop_locks(&L->set) < 0) {
        msg("error", "out of memory while joining lock graphs");
        return ADV_EXIT_ERROR;
    }
    L->have_graph = true;
    phase_done("lockgraph");
    if (adv_rwlock_candidates(&L->set) < 0) {
        msg("error", "out of memory while judging read-write lock candidates");
        return ADV_EXIT_ERROR;
    }
    if (L->graph.truncated)
        msg("warning", "lock-order graph search stopped at its bounds; some cycles may be missing");
    phase_done("rwlock");
    /* After every join: the opaque names were join keys up to here. */
    if (adv_name_members(&L->set) < 0) {
        msg("error", "out of memory while naming member locks");
        return ADV_EXIT_ERROR;
    }
    adv_score_set(&L->set);
    phase_done("score");
    return ADV_EXIT_OK;
}

static void loaded_free(loaded *L)
{
    if (L->have_graph)
        adv_lockgraph_free(&L->graph);
    adv_set_free(&L->set);
}

/* ---- options ----------------------------------------------------------- */

/* Append value to a list of argument strings (they stay in argv). */
static int push_arg(const char ***list, size_t *n, size_t *cap, const char *value)
{
    const char **p = pa_array_reserve(*list, cap, *n + 1, sizeof *p);
    if (!p)
        return -1;
    *list = p;
    (*list)[(*n)++] = value;
    return 0;
}

/* Split "a,b" into the list. */
static int push_list(const char ***list, size_t *n, size_t *cap, char *value)
{
    for (char *save = NULL, *tok = strtok_r(value, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (push_arg(list, n, cap, tok) != 0)
            return -1;
    }
    return 0;
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || v > 1000000000ull || s[0] == '-')
        return -1;
    *out = (size_t)v;
    return 0;
}

/* Option value: "--opt=value" or the next argument. NULL when missing. */
static char *option_value(int argc, char **argv, int *i, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (arg[0] == '-' && arg[1] == '-' && eq)
        return (char *)argv[*i] + (eq - arg) + 1;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static bool is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || (arg[n] == '=' && name[1] == '-'));
}

/* Returns -1 to continue, or an exit status. */
static int parse_options(int argc, char **argv, int first, const char *command, options *o,
                         bool report)
{
    bool only_paths = false;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        char *v = NULL;
        if (only_paths || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (push_arg(&o->paths, &o->npaths, &o->cap_paths, arg) != 0)
                return ADV_EXIT_ERROR;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_paths = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(report ? usage_report : usage_explain, stdout);
            return ADV_EXIT_OK;
        } else if (strcmp(arg, "--no-progress") == 0) {
            o->progress = false;
        } else if (report && strcmp(arg, "--facts") == 0) {
            o->facts = true;
        } else if (report && strcmp(arg, "--tests") == 0) {
            o->tests = true;
        } else if (report && strcmp(arg, "--no-ignore") == 0) {
            o->honour_ignores = false;
        } else if (report && is_opt(arg, "--root")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            o->root = v;
        } else if (report && is_opt(arg, "--confidence")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            if ((o->min_confidence = adv_level_parse(v)) < 0)
                return adv_usage_error(command, "--confidence takes high, medium or low, not", v);
        } else if (!report) {
            return adv_usage_error(command, "unknown option", arg);
        } else if (is_opt(arg, "-f") || is_opt(arg, "--format")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            static const char *const names[] = {"text", "markdown", "json", "sarif", "html"};
            int found = -1;
            for (int k = 0; k < 5; k++)
                if (strcmp(v, names[k]) == 0)
                    found = k;
            if (strcmp(v, "md") == 0)
                found = FMT_MARKDOWN;
            if (found < 0)
                return adv_usage_error(command, "unknown format (text, markdown, json, sarif, html):", v);
            o->format = (out_format)found;
        } else if (is_opt(arg, "-o") || is_opt(arg, "--output")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            o->output = v;
        } else if (is_opt(arg, "--fail-on")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            if ((o->fail_on = adv_level_parse(v)) < 0)
                return adv_usage_error(command, "--fail-on takes high, medium or low, not", v);
        } else if (is_opt(arg, "--baseline")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            o->baseline = v;
        } else if (is_opt(arg, "--top")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            if (parse_size(v, &o->top) != 0 || o->top == 0)
                return adv_usage_error(command, "--top takes a positive number, not", v);
        } else if (is_opt(arg, "--kind")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            if (push_list(&o->kinds, &o->nkinds, &o->cap_kinds, v) != 0)
                return ADV_EXIT_ERROR;
        } else if (is_opt(arg, "--file")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            if (push_arg(&o->files, &o->nfiles, &o->cap_files, v) != 0)
                return ADV_EXIT_ERROR;
        } else if (is_opt(arg, "--color") || is_opt(arg, "--colour")) {
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            if (strcmp(v, "auto") == 0)
                o->color = -1;
            else if (strcmp(v, "always") == 0)
                o->color = 1;
            else if (strcmp(v, "never") == 0)
                o->color = 0;
            else
                return adv_usage_error(command, "--color takes auto, always or never, not", v);
        } else if (is_opt(arg, "--context")) {
            size_t n;
            if (!(v = option_value(argc, argv, &i, arg)))
                return adv_usage_error(command, "missing value for", arg);
            if (parse_size(v, &n) != 0 || n > 7)
                return adv_usage_error(command, "--context takes a number from 0 to 7, not", v);
            o->context = (unsigned)n;
        } else {
            return adv_usage_error(command, "unknown option", arg);
        }
    }
    return -1;
}

/* ---- report ------------------------------------------------------------ */

/* The directory paths are shown under: --root (made absolute and
 * normalised), else the deepest directory holding every translation unit's
 * source (findings in system headers then keep their absolute path). ""
 * when there is none. */
static void report_root(const options *o, const adv_set *s, char *root, size_t len)
{
    char buf[PATH_MAX], joined[PATH_MAX];
    root[0] = '\0';
    if (o->root) {
        char cwd[PATH_MAX];
        if (o->root[0] != '/' && getcwd(cwd, sizeof cwd))
            snprintf(buf, sizeof buf, "%s/%s", cwd, o->root);
        else
            snprintf(buf, sizeof buf, "%s", o->root);
        adv_path_normalize(buf, root, len);
        return;
    }
    bool first = true;
    for (size_t i = 0; i < s->ntus; i++) {
        const char *src = s->tus[i].source, *dir = s->tus[i].directory;
        if (!src || !*src)
            continue;
        if (src[0] != '/' && dir && dir[0] == '/')
            snprintf(joined, sizeof joined, "%s/%s", dir, src);
        else
            snprintf(joined, sizeof joined, "%s", src);
        if (joined[0] != '/')
            continue;
        adv_path_normalize(joined, buf, sizeof buf);
        if (first) {
            snprintf(root, len, "%s", buf);
            char *slash = strrchr(root, '/');
            if (slash)
                *slash = '\0';
            first = false;
        } else {
            adv_path_common_dir(root, buf);
        }
    }
}

/* Paths relative to the root, C++ names without parameter lists: what a
 * reader scans. The full name stays in function_demangled. Loaded names are
 * interned (one pointer per distinct string), so each is worked out once. */
static int name_for_reading(adv_set *s, adv_finding *const *view, size_t n, const char *root)
{
    char path[PATH_MAX], fn[1024];
    pa_map files, fns; /* name pointer -> the shown pointer */
    memset(&files, 0, sizeof files);
    memset(&fns, 0, sizeof fns);
    int rc = -1;
    for (size_t i = 0; i < n; i++) {
        adv_finding *f = view[i];
        intptr_t known;
        if (f->loc.file && pa_map_get(&files, pa_map_ptr_key(f->loc.file), &known)) {
            f->shown_file = (const char *)known;
        } else if (f->loc.file) {
            adv_path_normalize(f->loc.file, path, sizeof path);
            f->shown_file = adv_set_strdup(s, adv_path_under(path, root));
            if (!f->shown_file ||
                pa_map_put(&files, pa_map_ptr_key(f->loc.file), (intptr_t)f->shown_file) != 0)
                goto done;
        }
        if (f->function_demangled && pa_map_get(&fns, pa_map_ptr_key(f->function_demangled), &known)) {
            f->shown_function = (const char *)known;
        } else if (f->function_demangled) {
            pa_short_function(f->function_demangled, fn, sizeof fn);
            f->shown_function = strcmp(fn, f->function_demangled) == 0 ? f->function_demangled
                                                                       : adv_set_strdup(s, fn);
            if (!f->shown_function || pa_map_put(&fns, pa_map_ptr_key(f->function_demangled),
                                                 (intptr_t)f->shown_function) != 0)
                goto done;
        }
    }
    rc = 0;
done:
    pa_map_free(&files);
    pa_map_free(&fns);
    return rc;
}

static bool kind_selected(const options *o, const adv_finding *f)
{
    if (!o->nkinds)
        return true;
    for (size_t i = 0; i < o->nkinds; i++)
        if (strcmp(o->kinds[i], f->kind_name) == 0)
            return true;
    return false;
}

static bool file_selected(const options *o, const adv_finding *f)
{
    if (!o->nfiles)
        return true;
    const char *file = f->loc.file ? f->loc.file : "";
    const char *base = pa_path_basename(file, "");
    for (size_t i = 0; i < o->nfiles; i++) {
        const char *p = o->files[i];
        if (fnmatch(p, file, 0) == 0 || fnmatch(p, base, 0) == 0 || strstr(file, p))
            return true;
    }
    return false;
}

/* The findings [from, to) of the set that the report shows, in order, and
 * how many of the others each filter hid. */
typedef struct view_part {
    const options *o;
    const loaded *L;
    const adv_set *base; /* or NULL */
    adv_finding **view;  /* this part writes view[from..from + n) */
    size_t from, to, n;
    size_t hidden_unsure, hidden_tests, suppressed;
} view_part;

/* The filters of the report these options make, as bits of what hides a
 * finding (0: shown), in the order report asks them. */
enum {
    LEFT_BASELINE = 1u << 0,   /* in the --baseline */
    LEFT_FACT = 1u << 1,       /* a supporting fact (--facts, --kind list it) */
    LEFT_UNSELECTED = 1u << 2, /* not of a --kind or --file asked for */
    LEFT_UNSURE = 1u << 3,     /* below the --confidence asked for */
    LEFT_TEST = 1u << 4,       /* in test code (--tests lists it) */
    LEFT_IGNORED = 1u << 5,    /* an ignore comment at its line */
};

/* What hides finding f: the first filter only (report counts each hidden
 * finding once, and reads no source for one already hidden), or with
 * `every` all of them (explain names every option that lists it). */
static unsigned left_out_of_view(const options *o, const adv_set *set, const adv_set *base,
                                 const adv_finding *f, adv_source_cache *sources, bool every)
{
    unsigned left = 0;
    if (base && adv_set_find(base, f->id))
        left |= LEFT_BASELINE;
    /* Supporting facts (why an allocation stays on the heap) explain,
     * they are not work to do: listed on request or by --kind. */
    if ((every || !left) && !o->facts && !o->nkinds && !adv_is_actionable(f))
        left |= LEFT_FACT;
    if ((every || !left) && (!kind_selected(o, f) || !file_selected(o, f)))
        left |= LEFT_UNSELECTED;
    if ((every || !left) && f->score.confidence >= 0 && f->score.confidence < o->min_confidence)
        left |= LEFT_UNSURE;
    if ((every || !left) && !o->tests && adv_is_test_code(f))
        left |= LEFT_TEST;
    if ((every || !left) && sources && f->tu < set->ntus &&
        adv_suppressed(sources, f, set->tus[f->tu].directory))
        left |= LEFT_IGNORED;
    return left;
}

static void *select_part(void *arg)
{
    view_part *p = arg;
    const options *o = p->o;
    const adv_set *set = &p->L->set;
    /* Each part its own cache of the sources read for ignore comments. */
    adv_source_cache *sources = o->honour_ignores ? adv_source_cache_new() : NULL;
    for (size_t i = p->from; i < p->to; i++) {
        adv_finding *f = &set->items[i];
        if (f->folded)
            continue;
        switch (left_out_of_view(o, set, p->base, f, sources, false)) {
        case 0: p->view[p->from + p->n++] = f; break;
        case LEFT_UNSURE: p->hidden_unsure++; break;
        case LEFT_TEST: p->hidden_tests++; break;
        case LEFT_IGNORED: p->suppressed++; break;
        default: break;
        }
    }
    adv_source_cache_free(sources);
    return NULL;
}

/* Below this many findings one thread selects them all (a thread costs
 * more). */
#define VIEW_SPLIT_MIN 4096

/* The view in one or two parts (the second on another thread: reading
 * sources for ignore comments is mostly system calls, ~4,000 on a large
 * build); returns how many parts, each with its entries at view + from.
 * Nothing a part does touches the other's findings or memory. */
static size_t select_view(const options *o, const loaded *L, const adv_set *base,
                          adv_finding **view, view_part parts[2])
{
    size_t count = L->set.count, half = count / 2;
    for (size_t k = 0; k < 2; k++)
        parts[k] = (view_part){o, L, base, view, k ? half : 0, k ? count : half, 0, 0, 0, 0};
    pthread_t t;
    if (count < VIEW_SPLIT_MIN || pthread_create(&t, NULL, select_part, &parts[1]) != 0) {
        parts[0].to = count;
        select_part(&parts[0]);
        return 1;
    }
    select_part(&parts[0]);
    pthread_join(t, NULL);
    return 2;
}

/* The view select_view makes, its parts' entries moved together: how many. */
static size_t gather_view(const options *o, const loaded *L, const adv_set *base,
                          adv_finding **view, view_part parts[2], size_t *nparts)
{
    *nparts = select_view(o, L, base, view, parts);
    size_t n = 0;
    for (size_t k = 0; k < *nparts; k++) {
        /* Each part's entries right after those before it. */
        memmove(view + n, view + parts[k].from, parts[k].n * sizeof *view);
        n += parts[k].n;
    }
    return n;
}

static bool use_color(const options *o)
{
    if (o->color >= 0)
        return o->color == 1;
    if (o->output || o->format != FMT_TEXT || !isatty(STDOUT_FILENO))
        return false;
    const char *no = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

static int render(FILE *out, const options *o, const adv_report *r)
{
    adv_render_opts ro = {use_color(o), o->context};
    switch (o->format) {
    case FMT_MARKDOWN: return adv_render_markdown(out, r, &ro);
    case FMT_JSON: return adv_render_json(out, r, &ro);
    case FMT_SARIF: return adv_render_sarif(out, r, &ro);
    case FMT_HTML: return adv_render_html(out, r, &ro);
    default: return adv_render_text(out, r, &ro);
    }
}

/* "cannot write FILE", with why when err is an errno. */
static void cannot_write(const options *o, int err)
{
    fputs("perfadvise: error: cannot write ", stderr);
    adv_put_term(stderr, o->output);
    if (err)
        fprintf(stderr, ": %s", strerror(err));
    fputc('\n', stderr);
}

/* The report into path, opened for writing: 0; -1 when it could not be
 * opened (errno says why); -2 when writing it failed. */
static int render_into(const options *o, const adv_report *r, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    setvbuf(fp, NULL, _IOFBF, 1u << 16);
    __fsetlocking(fp, FSETLOCKING_BYCALLER);
    int r1 = render(fp, o, r);
    int r2 = fclose(fp);
    return r1 != 0 || r2 != 0 ? -2 : 0;
}

/* Where the report goes: a regular file (or a new path) is written as
 * FILE.tmp.PID and renamed over it, so that a CI job never sees half a
 * report; a symbolic link to one gets that treatment on its target. A
 * FIFO or a device (`-o /dev/null`, `-o /dev/stdout`) is written in place:
 * a rename would put a regular file where it was. */
static int write_output(const options *o, const adv_report *r)
{
    if (!o->output || strcmp(o->output, "-") == 0) {
        if (!isatty(STDOUT_FILENO)) /* a large report: fewer, larger writes */
            setvbuf(stdout, NULL, _IOFBF, 1u << 16);
        /* Only this thread writes the report (the loader thread has ended):
         * no lock per fputs, of which a report makes millions. */
        __fsetlocking(stdout, FSETLOCKING_BYCALLER);
        int rc = render(stdout, o, r);
        if (fflush(stdout) != 0 || rc != 0) {
            msg("error", "cannot write the report to standard output");
            return ADV_EXIT_ERROR;
        }
        return ADV_EXIT_OK;
    }
    const char *dest = o->output;
    char resolved[PATH_MAX];
    struct stat st;
    if (lstat(dest, &st) == 0 && S_ISLNK(st.st_mode) && stat(dest, &st) == 0 &&
        S_ISREG(st.st_mode) && realpath(dest, resolved))
        dest = resolved;
    if (stat(dest, &st) == 0 && !S_ISREG(st.st_mode)) {
        int w = render_into(o, r, dest);
        if (w != 0)
            cannot_write(o, w == -1 ? errno : 0);
        return w == 0 ? ADV_EXIT_OK : ADV_EXIT_ERROR;
    }
    size_t n = strlen(dest) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        return ADV_EXIT_ERROR;
    snprintf(tmp, n, "%s.tmp.%ld", dest, (long)getpid());
    int rc = ADV_EXIT_ERROR;
    int w = render_into(o, r, tmp);
    if (w == -1) {
        cannot_write(o, errno);
        goto done;
    }
    if (w != 0 || rename(tmp, dest) != 0) {
        cannot_write(o, 0);
        remove(tmp);
        goto done;
    }
    rc = ADV_EXIT_OK;
done:
    free(tmp);
    return rc;
}

static int cmd_report(options *o)
{
    loaded L;
    memset(&L, 0, sizeof L);
    adv_set base;
    bool have_base = false;
    adv_finding **view = NULL;
    int rc = ADV_EXIT_ERROR;
    phase_done(NULL);
    if (adv_set_init(&L.set) != 0)
        return ADV_EXIT_ERROR;
    if (o->baseline) {
        char err[512];
        if (adv_set_init(&base) != 0)
            goto done;
        have_base = true;
        if (adv_load_baseline(o->baseline, &base, err, sizeof err) != 0) {
            say_path("error", "baseline ", o->baseline, err);
            goto done;
        }
    }
    rc = load_all(o, &L);
    if (rc != ADV_EXIT_OK)
        goto done;
    rc = ADV_EXIT_ERROR;
    view = malloc((L.set.count ? L.set.count : 1) * sizeof *view);
    if (!view)
        goto done;
    view_part parts[2];
    size_t nparts = 0;
    size_t n = gather_view(o, &L, have_base ? &base : NULL, view, parts, &nparts);
    size_t hidden_unsure = 0, hidden_tests = 0, suppressed = 0;
    for (size_t k = 0; k < nparts; k++) {
        hidden_unsure += parts[k].hidden_unsure;
        hidden_tests += parts[k].hidden_tests;
        suppressed += parts[k].suppressed;
    }
    phase_done("view");
    if (adv_group_view(&L.set, view, &n) < 0) {
        msg("error", "out of memory while grouping findings");
        goto done;
    }
    phase_done("group");
    adv_sort_findings(view, n);
    phase_done("sort");
    char root[PATH_MAX];
    report_root(o, &L.set, root, sizeof root);
    if (name_for_reading(&L.set, view, n, root) != 0)
        goto done;
    phase_done("names");
    adv_report r;
    memset(&r, 0, sizeof r);
    r.set = &L.set;
    r.view = view;
    r.nview = n;
    r.graph = &L.graph;
    r.stats.files_loaded = L.files_loaded;
    r.stats.files_skipped = L.files_skipped;
    adv_summarize(view, n, o->top && o->top < n ? o->top : n, &r.stats);
    if (L.files_loaded == 0) { /* nothing was checked: neither a pass nor a score */
        r.stats.status = "NO_INPUT";
        r.stats.score = -1;
    }
    r.stats.hidden_unsure = hidden_unsure;
    r.stats.hidden_tests = hidden_tests;
    r.stats.suppressed = suppressed;
    r.stats.root = root;
    rc = write_output(o, &r);
    phase_done("render");
    if (rc != ADV_EXIT_OK)
        goto done;
    if (L.files_loaded == 0) {
        /* All inputs skipped, or none found: a gate must not pass on that. */
        msg(o->fail_on >= 0 ? "error" : "warning",
            "no findings file was loaded (%zu input%s skipped): nothing was checked%s",
            L.files_skipped, L.files_skipped == 1 ? "" : "s",
            o->fail_on >= 0 ? ", so --fail-on fails" : "");
        rc = o->fail_on >= 0 ? ADV_EXIT_FAIL_ON : ADV_EXIT_NO_INPUT;
        goto done;
    }
    if (o->fail_on >= 0)
        for (size_t i = 0; i < n && rc == ADV_EXIT_OK; i++)
            if (adv_is_actionable(view[i]) && (int)view[i]->score.impact >= o->fail_on)
                rc = ADV_EXIT_FAIL_ON;
    if (rc == ADV_EXIT_OK && L.files_skipped)
        rc = ADV_EXIT_SKIPPED;
done:
    free(view);
    if (have_base)
        adv_set_free(&base);
    loaded_free(&L);
    return rc;
}

/* ---- explain ----------------------------------------------------------- */

/* Does evidence list `key` of f name id as one of its entries? Only the
 * fold that took id itself says why (a lock group's site whose lead then
 * joined an allocation call is no part of that call): the ids an entry
 * carries in its own "folded" are followed one fold at a time. */
static bool lists_folded_id(const adv_finding *f, const char *key, const char *id)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(f->evidence, key))
    {
        const char *own = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "id"));
        if (own && strcmp(own, id) == 0)
            return true;
    }
    return false;
}

/* The finding the fold put id into (a lock group's, a line's or an
 * allocation call's entry), and which list says so; NULL when none. */
static const adv_finding *fold_holder(const adv_set *s, const char *id, const char **how)
{
    static const char *const names[ADV_FOLDED_LISTS] = {"a group of sites of the same lock",
                                                        "the same line, reached from other functions",
                                                        "the same allocation call, reported by another analysis"};
    for (size_t i = 0; i < s->count; i++)
        for (size_t k = 0; k < ADV_FOLDED_LISTS; k++)
            if (strcmp(s->items[i].id, id) != 0 &&
                lists_folded_id(&s->items[i], adv_folded_lists[k], id)) {
                *how = names[k];
                return &s->items[i];
            }
    return NULL;
}

/* Where the default report puts finding f: its own entry, inside another
 * one (the folds join one defect's findings), or left out and why. The
 * folds run only on what the report shows, so the view is made as
 * `report` makes it. */
static int explain_placement(FILE *out, const options *o, loaded *L, adv_finding *f)
{
    /* Every filter that hides it, and the options that list it despite
     * them all: a low-confidence finding in test code needs both. explain
     * takes no filter options: the baseline, --kind and --file are none of
     * its. */
    static const struct {
        unsigned bit;
        const char *why, *option;
    } filters[] = {{LEFT_FACT, "a supporting fact, not work to do", "--facts"},
                   {LEFT_UNSURE, "below the confidence asked for", "--confidence low"},
                   {LEFT_TEST, "in test code", "--tests"},
                   {LEFT_IGNORED, "silenced by an ignore comment at its line", "--no-ignore"}};
    adv_source_cache *sources = o->honour_ignores ? adv_source_cache_new() : NULL;
    unsigned left = left_out_of_view(o, &L->set, NULL, f, sources, true);
    adv_source_cache_free(sources);
    if (left) {
        const char *sep = "";
        fputs("\nin the report: not listed: ", out);
        for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
            if (left & filters[i].bit) {
                fprintf(out, "%s%s", sep, filters[i].why);
                sep = ", ";
            }
        fputs(" (perfadvise report", out);
        for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
            if (left & filters[i].bit)
                fprintf(out, " %s", filters[i].option);
        fputs(" lists it)\n", out);
        return 0;
    }
    adv_finding **view = malloc((L->set.count ? L->set.count : 1) * sizeof *view);
    if (!view)
        return -1;
    view_part parts[2];
    size_t nparts = 0, n = gather_view(o, L, NULL, view, parts, &nparts);
    long grouped = adv_group_view(&L->set, view, &n);
    free(view);
    if (grouped < 0)
        return -1;
    const adv_finding *entry = f;
    const char *how = NULL;
    /* A lead folded in turn (a lock group's lead at the line of an
     * allocation call another analysis reports): a few steps at most. */
    for (int hops = 0; hops < 4 && entry->folded; hops++) {
        const char *step = NULL;
        const adv_finding *h = fold_holder(&L->set, entry->id, &step);
        if (!h)
            break;
        if (!how)
            how = step;
        entry = h;
    }
    if (entry == f) {
        fputs("\nin the report: its own entry\n", out);
        return 0;
    }
    fprintf(out, "\nin the report: part of the entry of %s (%s at ", entry->id, entry->kind_name);
    adv_put_term(out, entry->loc.file ? entry->loc.file : "?");
    fprintf(out, ":%u): %s\n", entry->loc.line, how ? how : "folded");
    return 0;
}

static int cmd_explain(options *o)
{
    if (o->npaths == 0)
        return adv_usage_error("explain ", "missing the finding ID", NULL);
    const char *id = o->paths[0];
    size_t idlen = strlen(id);
    for (size_t i = 0; i < idlen; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return adv_usage_error("explain ", "an ID is 16 lowercase hex digits, not", id);
    if (idlen < 4 || idlen > 16)
        return adv_usage_error("explain ", "an ID is 16 lowercase hex digits (or a prefix of 4+), not", id);
    o->paths++;
    o->npaths--;
    loaded L;
    memset(&L, 0, sizeof L);
    if (adv_set_init(&L.set) != 0)
        return ADV_EXIT_ERROR;
    int rc = load_all(o, &L);
    o->paths--;
    o->npaths++;
    if (rc != ADV_EXIT_OK)
        goto done;
    adv_finding *match = NULL;
    size_t matches = 0;
    for (size_t i = 0; i < L.set.count; i++) {
        if (strncmp(L.set.items[i].id, id, idlen) == 0) {
            match = &L.set.items[i];
            matches++;
        }
    }
    if (matches != 1) {
        fputs(matches ? "perfadvise: error: ambiguous id prefix '" : "perfadvise: error: no finding with id '",
              stderr);
        fprintf(stderr, "%s'%s\n", id, L.files_loaded ? "" : " (no findings files loaded)");
        rc = L.files_loaded ? ADV_EXIT_NOT_FOUND : ADV_EXIT_NO_INPUT;
        goto done;
    }
    adv_score_explain(stdout, match, &L.set);
    if (explain_placement(stdout, o, &L, match) != 0) {
        msg("error", "out of memory while placing the finding in the report");
        rc = ADV_EXIT_ERROR;
        goto done;
    }
    rc = fflush(stdout) == 0 ? (L.files_skipped ? ADV_EXIT_SKIPPED : ADV_EXIT_OK) : ADV_EXIT_ERROR;
done:
    loaded_free(&L);
    return rc;
}

/* ---- --cflags ---------------------------------------------------------- */

static int cmd_cflags(void)
{
    char plugin[PATH_MAX];
    if (adv_find_plugin(plugin, sizeof plugin) != 0)
        return ADV_EXIT_ERROR;
    printf("-fpass-plugin=%s\n", plugin);
    return ADV_EXIT_OK;
}

static void options_init(options *o)
{
    memset(o, 0, sizeof *o);
    o->fail_on = -1;
    o->color = -1;
    o->context = 2;
    o->progress = true;
    o->min_confidence = PA_LEVEL_MEDIUM;
    o->honour_ignores = true;
}

static void options_free(options *o)
{
    free(o->paths);
    free(o->kinds);
    free(o->files);
}

/* `perfadvise scan` passes the options it does not know on to the report it
 * runs after its compiles; checking them first makes a bad one a usage error
 * before minutes of compiling, not after. */
static int check_report_options(int argc, char **argv, const char *command)
{
    options o;
    options_init(&o);
    int rc = parse_options(argc, argv, 0, command, &o, true);
    options_free(&o);
    return rc;
}

int main(int argc, char **argv)
{
    /* A short-lived process: blocks freed (the loader's buffers, grown
     * arrays' old copies) are reused from the heap instead of being given
     * back and later faulted in afresh, one 4 KB page at a time; those
     * faults were a tenth of a large report's system time (docs/performance.md,
     * eleventh round). Memory from common/bigmem.c is mapped as before. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    pa_big_heap_on_huge_pages(16u << 20);
    options o;
    options_init(&o);
    if (argc < 2)
        return adv_usage_error(NULL, "missing command (report or explain)", NULL);
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return ADV_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        if (argc > 2)
            return adv_usage_error(NULL, "--version takes no argument, got", argv[2]);
        printf("perfadvise %s (findings schema %s, report schema %s)\n", PA_VERSION,
               PA_SCHEMA_FINDINGS, PA_SCHEMA_REPORT);
        return ADV_EXIT_OK;
    }
    if (strcmp(cmd, "--cflags") == 0) {
        if (argc > 2 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
            fputs(usage_main, stdout); /* where --cflags is described */
            return ADV_EXIT_OK;
        }
        if (argc > 2)
            return adv_usage_error(NULL, "--cflags takes no argument, got", argv[2]);
        return cmd_cflags();
    }
    if (strcmp(cmd, "scan") == 0)
        return adv_cmd_scan(argc - 1, argv + 1, check_report_options);
    if (strcmp(cmd, "flags") == 0)
        return adv_cmd_flags(argc - 1, argv + 1);
    bool report = strcmp(cmd, "report") == 0;
    if (!report && strcmp(cmd, "explain") != 0)
        return adv_usage_error(NULL, cmd[0] == '-' ? "unknown option" : "unknown command", cmd);
    int rc = parse_options(argc, argv, 2, report ? "report " : "explain ", &o, report);
    if (rc < 0)
        rc = report ? cmd_report(&o) : cmd_explain(&o);
    options_free(&o);
    return rc;
}
