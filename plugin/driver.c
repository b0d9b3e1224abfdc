/* plugin/driver.c — one module run: extract the model, run the analyses,
 * emit remarks and write the findings file. The compile never fails because
 * of perfadvise: trouble becomes a warning and an empty findings file. */
#include "driver.h"

#include "analyze.h"
#include "extract.h"
#include "findings.h"
#include "findings_file.h"
#include "model.h"
#include "model_dump.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static void write_findings(pa_bridge *b, LLVMModuleRef M, const pa_module *m, const pa_report *r)
{
    const char *dir = output_dir();
    if (!dir)
        return;
    char cwd[4096], src[4096], err[4600];
    pa_tu_info tu;
    fill_tu_info(M, m, &tu, cwd, sizeof cwd, src, sizeof src);
    cJSON *doc = pa_findings_to_json(&tu, r);
    if (!doc) {
        warn(b, M, "perfadvise: out of memory while building the findings file; no findings file written");
        return;
    }
    if (pa_findings_write(dir, &tu, doc, NULL, 0, err, sizeof err) != 0) {
        char msg[4800];
        snprintf(msg, sizeof msg, "perfadvise: %s", err);
        warn(b, M, msg);
    }
    cJSON_Delete(doc);
}

static void emit_remarks(pa_bridge *b, LLVMModuleRef M, const pa_report *r)
{
    LLVMValueRef fallback = first_defined_function(M);
    for (size_t i = 0; i < r->count; i++) {
        const pa_finding *fd = &r->items[i];
        const pa_kind_row *ki = pa_kind_row_of(fd->kind);
        LLVMValueRef where = fd->handle ? (LLVMValueRef)fd->handle : fallback;
        if (!ki || !where)
            continue;
        pa_bridge_remark(b, where, fd->inline_depth, ki->remark, ki->pass, ki->kind, fd->message);
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
 * recovered and does not fail the compile. */
static void maybe_crash_for_test(void)
{
    const char *crash = getenv("PERFADVISE_TEST_CRASH");
    if (crash && strcmp(crash, "1") == 0)
        raise(SIGSEGV);
}

void pa_plugin_run_module(LLVMModuleRef M, pa_bridge *b)
{
    pa_module *m = NULL;
    pa_report r;
    bool have_report = false;
    if (pa_extract_module(M, b, &m) != 0) {
        warn(b, M, "perfadvise: out of memory while reading the module; no findings for this file");
        goto fail;
    }
    const char *dump = getenv("PERFADVISE_DUMP_MODEL");
    if (dump && *dump)
        pa_model_dump(m, stderr, strcmp(dump, "1") == 0 ? NULL : dump);
    maybe_crash_for_test();
    if (pa_report_init(&r) != 0)
        goto fail;
    have_report = true;
    pa_analyze_options opts = {.max_stack_bytes = pa_bridge_option_stack_max()};
    char bad[64];
    if (pa_analyze_parse_disable(getenv("PERFADVISE_DISABLE"), &opts, bad, sizeof bad) != 0) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "perfadvise: PERFADVISE_DISABLE names an unknown analysis '%s' (known: escape, loopalloc, locks)",
                 bad);
        warn(b, M, msg);
    }
    if (pa_analyze_module(m, &r, &opts) != 0)
        warn(b, M, "perfadvise: out of memory during analysis; findings for this file are incomplete");
    note_missing_debug_info(m, &r);
    pa_report_dedupe(&r);
    emit_remarks(b, M, &r);
    write_findings(b, M, m, &r);
    pa_report_free(&r);
    pa_model_free(m);
    return;
fail:
    if (have_report)
        pa_report_free(&r);
    write_findings(b, M, m, NULL);
    pa_model_free(m);
}

void pa_plugin_recover_after_crash(LLVMModuleRef M, pa_bridge *b)
{
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
