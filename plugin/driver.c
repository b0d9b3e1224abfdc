/* plugin/driver.c — one module run: extract the model, run the analyses,
 * emit remarks, write the findings file and embed it in the object. The
 * compile never fails because of perfadvise: trouble becomes a warning and
 * an empty findings file. */
#include "driver.h"

#include "analyze.h"
#include "cmdline.h"
#include "embed.h"
#include "config.h"
#include "extract.h"
#include "findings.h"
#include "findings_file.h"
#include "json_print.h"
#include "model.h"
#include "model_dump.h"
#include "profile.h"

#include "util.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

/* A sampling profile of the plugin alone (docs/performance.md): with
 * PERFADVISE_PERF_CTL=CTL,ACK (two FIFOs) the plugin turns `perf record -D
 * -1 --control fifo:CTL,ACK` on for its own runs and off after them, so
 * the profile holds only its samples, not the ~40 s of the compile
 * around them. */
static void perf_zone(const char *cmd)
{
    const char *spec = getenv("PERFADVISE_PERF_CTL");
    if (!spec || !*spec)
        return;
    const char *comma = strchr(spec, ',');
    size_t len = comma ? (size_t)(comma - spec) : strlen(spec);
    char ctl[1024];
    if (len >= sizeof ctl)
        return;
    memcpy(ctl, spec, len);
    ctl[len] = '\0';
    int fd = open(ctl, O_WRONLY);
    if (fd < 0)
        return;
    ssize_t wrote = write(fd, cmd, strlen(cmd));
    close(fd);
    if (wrote < 0 || !comma || !comma[1])
        return;
    fd = open(comma + 1, O_RDONLY);
    if (fd < 0)
        return;
    char ack[16];
    (void)!read(fd, ack, sizeof ack); /* "ack\n": perf has switched */
    close(fd);
}

/* Instruction counts of the plugin alone (docs/performance.md): a build with
 * -DPERFADVISE_CALLGRIND_ZONE under valgrind --tool=callgrind
 * --instr-atstart=no counts only what runs inside pa_plugin_run_module. */
#ifdef PERFADVISE_CALLGRIND_ZONE
#include <valgrind/callgrind.h>
#define PA_ZONE_START()                                                                            \
    do {                                                                                           \
        CALLGRIND_START_INSTRUMENTATION;                                                           \
        perf_zone("enable");                                                                       \
    } while (0)
#define PA_ZONE_STOP()                                                                             \
    do {                                                                                           \
        perf_zone("disable");                                                                      \
        CALLGRIND_STOP_INSTRUMENTATION;                                                            \
    } while (0)
#else
#define PA_ZONE_START() perf_zone("enable")
#define PA_ZONE_STOP() perf_zone("disable")
#endif

/* The output directory: -mllvm -perfadvise-output wins over the environment. */
static const char *output_dir(void)
{
    const char *dir = pa_bridge_option_output_dir();
    if (dir && *dir)
        return dir;
    dir = getenv("PERFADVISE_OUTPUT_DIR");
    return dir && *dir ? dir : NULL;
}

static LLVMValueRef first_defined_function(LLVMModuleRef M)
{
    for (LLVMValueRef fn = LLVMGetFirstFunction(M); fn; fn = LLVMGetNextFunction(fn))
        if (!LLVMIsDeclaration(fn))
            return fn;
    return NULL;
}

static bool module_is_optnone(const pa_module *m)
{
    for (size_t i = 0; i < m->nfunctions; i++)
        if (!m->functions[i]->optnone)
            return false;
    return m->nfunctions > 0;
}

static void fill_tu_info(LLVMModuleRef M, const pa_module *m, pa_tu_info *tu, char *cwd, size_t cwd_len,
                         char *src, size_t src_len)
{
    size_t len = 0;
    const char *s = LLVMGetSourceFileName(M, &len);
    snprintf(src, src_len, "%.*s", (int)(len < src_len ? len : src_len - 1), s ? s : "");
    memset(tu, 0, sizeof *tu);
    tu->source = src;
    tu->directory = getcwd(cwd, cwd_len) ? cwd : NULL;
    tu->triple = LLVMGetTarget(M);
    tu->llvm_version = pa_bridge_llvm_version();
    tu->debug_info = m ? m->has_debug_info : false;
    tu->optnone = m ? module_is_optnone(m) : false;
}

static void warn(pa_bridge *b, LLVMModuleRef M, const char *message)
{
    LLVMValueRef fn = first_defined_function(M);
    if (fn)
        pa_bridge_remark(b, fn, 0, PA_REMARK_WARNING, "perfadvise", "internal-error", message);
    else
        fprintf(stderr, "perfadvise: warning: %s\n", message);
}

/* The TU's findings, written where they are wanted: the findings file when
 * an output directory is set, and the object file (section .perfadvise)
 * unless embedding is turned off. */
static void write_findings(pa_bridge *b, LLVMModuleRef M, const pa_module *m, pa_report *r)
{
    const char *dir = output_dir();
    bool embed = pa_embed_wanted(M);
    if (!dir && !embed)
        return;
    char cwd[4096], src[4096], flags[17], err[4600];
    pa_tu_info tu;
    fill_tu_info(M, m, &tu, cwd, sizeof cwd, src, sizeof src);
    /* Without a readable command line (not Linux) the name and identity
     * stay what they were before flags were part of them. */
    if (pa_cmdline_self_flags_hash(tu.source, flags) == 0)
        tu.flags_hash = flags;
    /* r is freed next: its summaries move into the document, which is
     * printed once; the file gets the same text laid out. */
    cJSON *doc = pa_findings_take_json(&tu, r);
    size_t len = 0;
    char *json = doc ? pa_json_print(doc, &len) : NULL;
    cJSON_Delete(doc);
    if (!json) {
        warn(b, M, "perfadvise: out of memory while building the findings file; no findings file written");
        return;
    }
    if (dir && pa_findings_write_json(dir, &tu, json, len, NULL, 0, err, sizeof err) != 0) {
        char msg[4800];
        snprintf(msg, sizeof msg, "perfadvise: %s", err);
        warn(b, M, msg);
    }
    if (embed && pa_embed_json(M, json, len, err, sizeof err) != 0) {
        char msg[4800];
        snprintf(msg, sizeof msg, "perfadvise: %s", err);
        warn(b, M, msg);
    }
    free(json);
}

/* Findings as compiler warnings: -mllvm -perfadvise-warnings[-as-errors]
 * wins over PERFADVISE_WARNINGS (1: warnings, error: errors, 0: off).
 * Returns 0 off, 1 warnings, 2 errors. */
static int warnings_mode(void)
{
    int mode = pa_bridge_option_warnings();
    if (mode >= 0)
        return mode;
    const char *env = getenv("PERFADVISE_WARNINGS");
    if (!env || !*env || strcmp(env, "0") == 0)
        return 0;
    return strcmp(env, "error") == 0 ? 2 : 1;
}

static void emit_remarks(pa_bridge *b, LLVMModuleRef M, const pa_report *r)
{
    LLVMValueRef fallback = first_defined_function(M);
    int warnings = warnings_mode();
    for (size_t i = 0; i < r->count; i++) {
        const pa_finding *fd = &r->items[i];
        const pa_kind_row *ki = pa_kind_row_of(fd->kind);
        LLVMValueRef where = fd->handle ? (LLVMValueRef)fd->handle : fallback;
        if (!ki || !where || pa_finding_is_candidate(fd))
            continue;
        /* A finding the analysis is unsure of is shown with the supporting
         * facts (-Rpass-analysis), not with what to fix. */
        const cJSON *conf = cJSON_GetObjectItemCaseSensitive(fd->evidence, "confidence");
        pa_remark_type type = ki->remark;
        if (type == PA_REMARK_MISSED && cJSON_IsString(conf) && strcmp(conf->valuestring, "low") == 0)
            type = PA_REMARK_ANALYSIS;
        pa_bridge_remark(b, where, fd->inline_depth, type, ki->pass, ki->kind, fd->message);
        /* What -Rpass-missed shows (actionable, not unsure) is what a
         * warning says; supporting facts stay remarks. */
        if (warnings && type == PA_REMARK_MISSED) {
            char flag[96];
            snprintf(flag, sizeof flag, "perfadvise-%s", ki->kind);
            pa_bridge_diagnostic(b, where, fd->inline_depth, warnings == 2, flag, fd->message);
        }
    }
}

/* Without line tables every finding lacks a location: say so once, and mark
 * each finding's evidence so the advisor can tell. */
static void note_missing_debug_info(const pa_module *m, pa_report *r)
{
    if (m->has_debug_info || m->nfunctions == 0)
        return;
    for (size_t i = 0; i < r->count; i++)
        cJSON_AddBoolToObject(r->items[i].evidence, "debug_info", false);
    pa_report_add(r, PA_F_NO_DEBUG_INFO, m->functions[0], PA_NONE,
                  "%s was compiled without debug info: perfadvise findings have no source locations "
                  "and weaker lock names; add -g (or at least -gline-tables-only)",
                  m->source_file);
}

/* Test hook: lets the lit suite prove that a crash inside perfadvise is
 * recovered and does not fail the compile. PERFADVISE_TEST_CRASH=1 (or
 * late) crashes the run that writes the file, =early the early phase. */
static void maybe_crash_for_test(pa_phase phase)
{
    const char *crash = getenv("PERFADVISE_TEST_CRASH");
    if (!crash)
        return;
    bool early = strcmp(crash, "early") == 0;
    if ((phase == PA_PHASE_EARLY) == early && (early || strcmp(crash, "1") == 0 || strcmp(crash, "late") == 0))
        raise(SIGSEGV);
}

/* ---- the early phase's results, kept for the late phase ------------------ */

/* What the early phase found in one module: its model stays alive because
 * the findings borrow its strings. Keyed by the module and its source name
 * (a freed module's address may be reused by the next one). */
typedef struct early_result {
    LLVMModuleRef M;
    char *source;
    pa_module *m;
    pa_report r;
    bool have_report;
    bool crashed;
} early_result;

static struct {
    pthread_mutex_t lock;
    early_result *items;
    size_t n, cap;
} early_results = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};

static char *module_source(LLVMModuleRef M)
{
    size_t len = 0;
    const char *s = LLVMGetSourceFileName(M, &len);
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, s ? s : "", len);
        copy[len] = '\0';
    }
    return copy;
}

static void free_early(early_result *e)
{
    if (e->have_report)
        pa_report_free(&e->r);
    pa_model_free(e->m);
    free(e->source);
    memset(e, 0, sizeof *e);
}

/* Keep e (moved in) for M's late phase. Returns 0, or -1 on out of memory
 * (e is freed: the late phase then runs the lock analysis itself). */
static int keep_early(early_result *e)
{
    pthread_mutex_lock(&early_results.lock);
    early_result *p = pa_array_reserve(early_results.items, &early_results.cap, early_results.n + 1,
                                       sizeof *p);
    if (p) {
        early_results.items = p;
        early_results.items[early_results.n++] = *e;
    }
    pthread_mutex_unlock(&early_results.lock);
    if (!p)
        free_early(e);
    return p ? 0 : -1;
}

/* Take M's early result out of the list into *out. Returns true when found. */
static bool take_early(LLVMModuleRef M, early_result *out)
{
    char *src = module_source(M);
    bool found = false;
    pthread_mutex_lock(&early_results.lock);
    for (size_t i = 0; i < early_results.n && src; i++) {
        early_result *e = &early_results.items[i];
        if (e->M != M || strcmp(e->source, src) != 0)
            continue;
        *out = *e;
        early_results.items[i] = early_results.items[--early_results.n];
        found = true;
        break;
    }
    pthread_mutex_unlock(&early_results.lock);
    free(src);
    return found;
}

/* Move every finding, lock edge and summary of `from` into `to`. */
static int merge_reports(pa_report *to, pa_report *from)
{
    size_t start = 0, count = from->count; /* one range: all of them */
    if (pa_report_take_ranges(to, from, &start, &count, 1) != 0)
        return -1;
    while (cJSON_GetArraySize(from->lock_edges) > 0)
        cJSON_AddItemToArray(to->lock_edges, cJSON_DetachItemFromArray(from->lock_edges, 0));
    while (cJSON_GetArraySize(from->lock_sections) > 0)
        cJSON_AddItemToArray(to->lock_sections, cJSON_DetachItemFromArray(from->lock_sections, 0));
    if (from->member_names && !to->member_names) {
        to->member_names = from->member_names;
        from->member_names = NULL;
    }
    if (from->api_locks && !to->api_locks) {
        to->api_locks = from->api_locks;
        from->api_locks = NULL;
    }
    while (from->summaries->child) {
        cJSON *sum = cJSON_DetachItemViaPointer(from->summaries, from->summaries->child);
        cJSON *mine = pa_report_find_summary(to, sum->string);
        if (!mine) {
            cJSON_AddItemToObject(to->summaries, sum->string, sum);
            continue;
        }
        while (sum->child) {
            cJSON *fact = cJSON_DetachItemViaPointer(sum, sum->child);
            cJSON_DeleteItemFromObjectCaseSensitive(mine, fact->string);
            cJSON_AddItemToObject(mine, fact->string, fact);
        }
        cJSON_Delete(sum);
    }
    return 0;
}

/* Which analyses run in this phase. The lock analysis runs early unless
 * -perfadvise-locks-at=late (or PERFADVISE_LOCKS_AT=late) moves it. */
static bool locks_run_late(void)
{
    const char *at = pa_bridge_option_locks_at();
    if (!at || !*at)
        at = getenv("PERFADVISE_LOCKS_AT");
    return at && strcmp(at, "late") == 0;
}

static void select_analyses(pa_phase phase, bool early_done, pa_analyze_options *opts)
{
    switch (phase) {
    case PA_PHASE_EARLY:
        opts->skip_escape = opts->skip_loopalloc = true;
        break;
    case PA_PHASE_LATE:
        opts->skip_locks = opts->skip_locks || early_done;
        break;
    case PA_PHASE_ALL: break;
    }
}

/* PERFADVISE_TIMING=1: the CPU seconds each phase spends, on stderr, for
 * bench/compile_overhead.sh (a load-independent share of the compile). */
static void report_timing(pa_phase phase, clock_t start, clock_t extracted)
{
    const char *t = getenv("PERFADVISE_TIMING");
    if (!t || strcmp(t, "1") != 0)
        return;
    static const char *const names[] = {"all", "early", "late"};
    clock_t end = clock();
    fprintf(stderr, "perfadvise: timing: phase=%s extract=%.3fs analyse=%.3fs\n", names[phase],
            (double)(extracted - start) / CLOCKS_PER_SEC, (double)(end - extracted) / CLOCKS_PER_SEC);
}

static void run_module(LLVMModuleRef M, pa_bridge *b, pa_phase phase, clock_t *extracted);
static void run_with_config(LLVMModuleRef M, pa_bridge *b, pa_phase phase, clock_t *extracted,
                            const pa_config *cfg);

/* The project configuration for M (docs/config.md): -mllvm
 * -perfadvise-config, PERFADVISE_CONFIG, or .perfadvise / perfadvise.conf
 * found from the source's directory up. Both phases read it; its problems
 * are said once per file, by the phase that writes the findings. */
static void load_config(LLVMModuleRef M, pa_bridge *b, pa_phase phase, pa_config *cfg)
{
    char path[4096], cwd[4096];
    memset(cfg, 0, sizeof *cfg);
    char *src = module_source(M);
    int found = pa_config_locate(pa_bridge_option_config(), getenv("PERFADVISE_CONFIG"), src,
                                 getcwd(cwd, sizeof cwd) ? cwd : NULL, path, sizeof path);
    free(src);
    if (found && pa_config_load(cfg, path) != 0)
        warn(b, M, "perfadvise: out of memory while reading the configuration file; it is ignored");
    if (phase == PA_PHASE_EARLY)
        return;
    for (size_t i = 0; i < cfg->ndiags; i++) {
        char msg[1200];
        snprintf(msg, sizeof msg, "perfadvise: %s", cfg->diags[i]);
        warn(b, M, msg);
    }
}

void pa_plugin_run_module(LLVMModuleRef M, pa_bridge *b, pa_phase phase)
{
    if (phase == PA_PHASE_EARLY && locks_run_late())
        return;
    PA_ZONE_START();
    clock_t start = clock(), extracted = start;
    run_module(M, b, phase, &extracted);
    report_timing(phase, start, extracted);
    PA_ZONE_STOP();
}

static void run_module(LLVMModuleRef M, pa_bridge *b, pa_phase phase, clock_t *extracted)
{
    pa_config cfg;
    pa_bridge_set_error_report_test(b, pa_profile_error_call_name);
    load_config(M, b, phase, &cfg);
    run_with_config(M, b, phase, extracted, &cfg);
    pa_config_free(&cfg);
}

static void run_with_config(LLVMModuleRef M, pa_bridge *b, pa_phase phase, clock_t *extracted,
                            const pa_config *cfg)
{
    early_result early;
    memset(&early, 0, sizeof early);
    bool early_done = phase == PA_PHASE_LATE && take_early(M, &early);
    pa_module *m = NULL;
    pa_report r;
    bool have_report = false;
    /* Each phase reads what its analyses need: the lock phase the functions
     * locks can reach, with lock classes; the allocation phase the functions
     * the heap can reach, without them (both when the locks run late). */
    bool locks_here = phase == PA_PHASE_ALL || phase == PA_PHASE_EARLY ||
                      (phase == PA_PHASE_LATE && !early_done);
    pa_extract_options xopts = {
        .lock_classes = locks_here,
        .only_lock_relevant = phase == PA_PHASE_EARLY || (phase == PA_PHASE_LATE && locks_here),
        /* A model dump shows every function. */
        .only_allocation_relevant = phase == PA_PHASE_LATE && !getenv("PERFADVISE_DUMP_MODEL"),
        .loops_for_allocations = !locks_here,
        .catalog = &cfg->catalog,
        /* The phase that writes the file records the calls. */
        .call_profile = phase != PA_PHASE_EARLY,
        .every_loop_fact = getenv("PERFADVISE_DUMP_MODEL") != NULL};
    if (pa_extract_module(M, b, &xopts, &m) != 0) {
        warn(b, M, "perfadvise: out of memory while reading the module; no findings for this file");
        goto fail;
    }
    *extracted = clock();
    /* The model the allocation analyses see; PERFADVISE_DUMP_PHASE=early
     * shows the one the lock analysis sees instead. */
    const char *dump = getenv("PERFADVISE_DUMP_MODEL");
    const char *dump_phase = getenv("PERFADVISE_DUMP_PHASE");
    bool dump_early = dump_phase && strcmp(dump_phase, "early") == 0;
    if (dump && *dump && (phase == PA_PHASE_EARLY) == dump_early)
        pa_model_dump(m, stderr, strcmp(dump, "1") == 0 ? NULL : dump);
    maybe_crash_for_test(phase);
    if (pa_report_init(&r) != 0)
        goto fail;
    have_report = true;
    pa_analyze_options opts = {.max_stack_bytes = pa_bridge_option_stack_max()};
    char bad[64];
    /* Said once per file: in the phase that writes it. */
    if (phase != PA_PHASE_EARLY &&
        pa_analyze_parse_disable(getenv("PERFADVISE_DISABLE"), &opts, bad, sizeof bad) != 0) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "perfadvise: PERFADVISE_DISABLE names an unknown analysis '%s' (known: escape, loopalloc, locks)",
                 bad);
        warn(b, M, msg);
    } else if (phase == PA_PHASE_EARLY) {
        pa_analyze_parse_disable(getenv("PERFADVISE_DISABLE"), &opts, NULL, 0);
    }
    select_analyses(phase, early_done, &opts);
    if (pa_analyze_module(m, &r, &opts) != 0)
        warn(b, M, "perfadvise: out of memory during analysis; findings for this file are incomplete");
    pa_report_dedupe(&r);
    /* Remarks go out while the instructions they point at still exist. */
    emit_remarks(b, M, &r);
    if (phase == PA_PHASE_EARLY) {
        early.M = M;
        early.source = module_source(M);
        early.m = m;
        early.r = r;
        early.have_report = true;
        if (!early.source || keep_early(&early) != 0)
            free_early(&early);
        return;
    }
    if (early_done && early.have_report && merge_reports(&r, &early.r) != 0)
        warn(b, M, "perfadvise: out of memory while merging the lock findings; they are missing from the findings file");
    if (early_done && early.crashed)
        pa_report_add(&r, PA_F_INTERNAL_ERROR, NULL, PA_NONE,
                      "perfadvise crashed while analysing the locks of this file and recovered; no lock findings for it");
    pa_report_dedupe(&r);
    note_missing_debug_info(m, &r);
    write_findings(b, M, m, &r);
    pa_report_free(&r);
    pa_model_free(m);
    free_early(&early);
    return;
fail:
    if (have_report)
        pa_report_free(&r);
    if (phase != PA_PHASE_EARLY)
        write_findings(b, M, m, NULL);
    pa_model_free(m);
    free_early(&early);
}

void pa_plugin_recover_after_crash(LLVMModuleRef M, pa_bridge *b, pa_phase phase)
{
    if (phase == PA_PHASE_EARLY) {
        /* The late phase writes the file and says what was lost. What the
         * crashed run allocated is lost with it. */
        warn(b, M,
             "perfadvise: internal error (crash recovered) while analysing the locks of this file; "
             "no lock findings for it. Please report it with the file that triggers it.");
        early_result e;
        memset(&e, 0, sizeof e);
        e.M = M;
        e.source = module_source(M);
        e.crashed = true;
        if (e.source)
            keep_early(&e);
        return;
    }
    warn(b, M,
         "perfadvise: internal error (crash recovered) while analysing this file; no findings for it. "
         "Please report it with the file that triggers it.");
    pa_report r;
    if (pa_report_init(&r) != 0) {
        write_findings(b, M, NULL, NULL);
        return;
    }
    pa_report_add(&r, PA_F_INTERNAL_ERROR, NULL, PA_NONE,
                  "perfadvise crashed while analysing this file and recovered; no findings for it");
    write_findings(b, M, NULL, &r);
    pa_report_free(&r);
}
