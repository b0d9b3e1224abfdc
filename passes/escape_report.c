/* passes/escape_report.c — how the heap escape analysis speaks: readable
 * names for functions, globals and parameters, and one finding per analysed
 * site (heap-escape, no-escape with its reason, or heap-to-stack with the
 * fix for its allocator) with its evidence (docs/remarks.md). Part of
 * passes/escape.c; tested by tests/test_escape.c. */
#include "escape_internal.h"

#include "cxx_names.h"

#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ---------------------------------------------------------------- */

static const char *via_name(unsigned via)
{
    switch (via) {
    case ESC_VIA_RETURN: return "return";
    case ESC_VIA_GLOBAL: return "global";
    case ESC_VIA_HEAP: return "heap";
    case ESC_VIA_CALL: return "call";
    default: return "unknown";
    }
}

/* The parameter list found as messages find it (not the first '(':
 * `ns::(anonymous namespace)::f`). */
void esc_short_name(char *out, size_t n, const char *name)
{
    pa_function_name_without_parameters(out, n, name);
    if (out && n && !*out)
        snprintf(out, n, "%s", name && *name ? name : "?");
}

/* Only the simple forms variables take (_ZL5g_buf, _ZN2ns5g_bufE) are
 * demangled; anything else is copied as is. */
void esc_readable_symbol(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s", name ? name : "<global>");
    if (!name || strncmp(name, "_Z", 2) != 0)
        return;
    const char *p = name + 2;
    bool nested = *p == 'N';
    if (nested)
        p++;
    char buf[256];
    size_t len = 0;
    for (int parts = 0; parts < 16; parts++) {
        if (*p == 'L')
            p++;
        if (*p < '0' || *p > '9')
            break;
        char *end = NULL;
        unsigned long idlen = strtoul(p, &end, 10);
        if (!end || idlen == 0 || strlen(end) < idlen || len + idlen + 3 > sizeof buf)
            return;
        if (len > 0) {
            memcpy(buf + len, "::", 2);
            len += 2;
        }
        memcpy(buf + len, end, idlen);
        len += idlen;
        p = end + idlen;
        if (!nested)
            break;
    }
    if (len == 0 || (nested ? strcmp(p, "E") != 0 : *p != '\0'))
        return;
    buf[len] = '\0';
    snprintf(out, n, "%s", buf);
}

void esc_describe_param(const pa_function *f, int root, char *buf, size_t n)
{
    const pa_value *v = &f->values[root];
    if (v->name)
        snprintf(buf, n, "memory pointed to by parameter '%s'", v->name);
    else
        snprintf(buf, n, "memory pointed to by parameter #%d", v->param_index);
}

/* ---- findings ------------------------------------------------------------- */

typedef struct site_text {
    char what[160];     /* "malloc(64)" */
    char allocator[96]; /* "malloc" or the wrapper's name */
    char fn[128];       /* "parse_line" */
} site_text;

static void describe_site(const esc_ctx *c, const esc_site *s, site_text *t)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    if (s->wrapper_fn != PA_NONE)
        esc_short_name(t->allocator, sizeof t->allocator,
                       c->m->functions[s->wrapper_fn]->demangled);
    else if (o->callee && (o->allocator == PA_ALLOCATOR_PROJECT ||
                           pa_catalog_find_project(c->m->catalog, o->callee)))
        esc_short_name(t->allocator, sizeof t->allocator,
                       o->callee_demangled ? o->callee_demangled : o->callee);
    else
        snprintf(t->allocator, sizeof t->allocator, "%s", pa_allocator_name(o->allocator));
    esc_short_name(t->fn, sizeof t->fn, f->demangled ? f->demangled : f->name);
    if (s->wrapper_fn == PA_NONE &&
        (o->allocator == PA_ALLOCATOR_STRDUP || o->allocator == PA_ALLOCATOR_STRNDUP))
        snprintf(t->what, sizeof t->what, "%s()", t->allocator);
    else if (s->bytes != PA_UNKNOWN_SIZE)
        snprintf(t->what, sizeof t->what, "%s(%lld)", t->allocator, (long long)s->bytes);
    else
        snprintf(t->what, sizeof t->what, "%s(n)", t->allocator);
}

static bool is_cxx_site(const esc_ctx *c, const esc_site *s)
{
    const pa_op *o = &c->f->ops[s->op];
    return s->wrapper_fn == PA_NONE &&
           (o->allocator == PA_ALLOCATOR_NEW || o->allocator == PA_ALLOCATOR_NEW_ARRAY);
}

static void add_common_evidence(cJSON *ev, const esc_ctx *c, const esc_site *s, const site_text *t,
                                const esc_flow *fl)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    cJSON_AddStringToObject(ev, "allocator", t->allocator);
    if (s->bytes != PA_UNKNOWN_SIZE)
        cJSON_AddNumberToObject(ev, "bytes", (double)s->bytes);
    else
        cJSON_AddNullToObject(ev, "bytes");
    cJSON_AddBoolToObject(ev, "freed_on_all_paths", fl->freed_all && fl->has_free);
    pa_json_add_loop_facts(ev, f, o->block);
    if (s->wrapper_fn != PA_NONE)
        cJSON_AddBoolToObject(ev, "wrapper", true);
    if (fl->leaks_on_exception)
        cJSON_AddBoolToObject(ev, "leaks_on_exception", true);
}

/* The fix for a stack candidate, by allocator. */
static void stack_fix(const esc_ctx *c, const esc_site *s, char *buf, size_t n)
{
    const pa_op *o = &c->f->ops[s->op];
    long long b = (long long)s->bytes;
    pa_allocator a = s->wrapper_fn != PA_NONE ? PA_ALLOCATOR_MALLOC : o->allocator;
    switch (a) {
    case PA_ALLOCATOR_NEW:
        snprintf(buf, n, "use a local object (or std::optional<T> if it is created conditionally) "
                         "instead of new/delete");
        return;
    case PA_ALLOCATOR_NEW_ARRAY:
        snprintf(buf, n, "use a local array or std::array (%lld bytes) instead of new[]/delete[]", b);
        return;
    case PA_ALLOCATOR_CALLOC:
        snprintf(buf, n, "use a zero-initialised %lld-byte stack array (char buf[%lld] = {0}) "
                         "instead of the heap", b, b);
        return;
    case PA_ALLOCATOR_ALIGNED_ALLOC:
    case PA_ALLOCATOR_POSIX_MEMALIGN: {
        long long align = 0;
        int ai = a == PA_ALLOCATOR_ALIGNED_ALLOC ? 0 : 1;
        if ((size_t)ai < o->nargs && o->arg_flags && o->arg_const &&
            (o->arg_flags[ai] & PA_ARG_CONST))
            align = (long long)o->arg_const[ai];
        if (align > 0)
            snprintf(buf, n, "use an aligned %lld-byte stack array (_Alignas(%lld) char buf[%lld]) "
                             "instead of the heap", b, align, b);
        else
            snprintf(buf, n, "use an aligned %lld-byte stack array (_Alignas(N) char buf[%lld]) "
                             "instead of the heap", b, b);
        return;
    }
    default:
        snprintf(buf, n, "use a %lld-byte stack array (char buf[%lld]) instead of the heap", b, b);
        return;
    }
}

/* Why a non-escaping site is not a stack candidate; NULL when it is one. */
static const char *not_candidate_reason(const esc_ctx *c, const esc_site *s, const esc_flow *fl,
                                        char *buf, size_t n)
{
    if (s->bytes == PA_UNKNOWN_SIZE)
        return "non-constant size";
    if (s->grows_existing)
        return "resizes an existing buffer";
    if (c->opt.max_stack_bytes == 0) {
        snprintf(buf, n, "stack suggestions disabled");
        return buf;
    }
    if (s->bytes > c->opt.max_stack_bytes) {
        snprintf(buf, n, "larger than %ld bytes", c->opt.max_stack_bytes);
        return buf;
    }
    if (s->wrapper_fn != PA_NONE && c->facts[s->wrapper_fn].builds_structure)
        return "built by a constructor that allocates what the object owns";
    if (fl->reallocated)
        return "reallocated";
    if (fl->callee_may_free)
        return "a callee may free it";
    /* The callee would free() a stack array; and a destroy function
     * usually frees what the object owns too (a list and its elements). */
    if (fl->freed_by_callee)
        return "freed by a callee (a destroy function)";
    if (fl->free_unproven)
        return "free not proven";
    if (!fl->freed_all || !fl->has_free)
        return "not freed on every path";
    if (fl->crosses_iterations || fl->free_outside_loop)
        return "lifetime crosses loop iterations";
    return NULL;
}

static int emit_escape(const esc_ctx *c, pa_report *out, const esc_site *s, const site_text *t,
                       const esc_flow *fl)
{
    const pa_function *f = c->f;
    pa_finding *fd = NULL;
    switch (fl->via) {
    case ESC_VIA_RETURN:
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() escapes via return: the caller owns it; it must stay on the heap",
                           t->what, t->fn);
        break;
    case ESC_VIA_GLOBAL:
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() escapes via a store to global '%s': it outlives the call; "
                           "it must stay on the heap", t->what, t->fn, fl->target);
        break;
    case ESC_VIA_HEAP:
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() escapes via a store into %s: that memory keeps it; "
                           "it must stay on the heap", t->what, t->fn, fl->target);
        break;
    case ESC_VIA_CALL: {
        char advice[ESC_TARGET_LEN + 128] = "";
        const pa_op *via = pa_op_at(f, fl->via_op);
        /* The library's own code is not the project's to make visible. */
        if (!via || !pa_cxx_std_internal(via->callee_demangled))
            snprintf(advice, sizeof advice,
                     " (if %s() only uses it during the call, make its definition visible here "
                     "so the compiler can prove that)",
                     fl->target);
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() escapes via a call to %s(), which may keep the pointer: it must "
                           "stay on the heap%s",
                           t->what, t->fn, fl->target, advice);
        break;
    }
    default:
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() may escape (%s): perfadvise cannot follow it, so it is treated "
                           "as escaping and must stay on the heap", t->what, t->fn, fl->target);
        break;
    }
    if (!fd)
        return -1;
    add_common_evidence(fd->evidence, c, s, t, fl);
    cJSON_AddStringToObject(fd->evidence, "via", via_name(fl->via));
    cJSON_AddStringToObject(fd->evidence, "target", fl->target);
    const pa_op *at = pa_op_at(f, fl->via_op);
    if (at && at->loc.line)
        pa_json_add_loc(fd->evidence, "escape_at", &at->loc);
    return 0;
}

static int emit_no_escape(const esc_ctx *c, pa_report *out, const esc_site *s, const site_text *t,
                          const esc_flow *fl, const char *reason)
{
    const pa_function *f = c->f;
    pa_finding *fd;
    if (strcmp(reason, "non-constant size") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but its size is not a compile-time constant: it "
                           "stays on the heap (a small fixed stack buffer with a heap fallback would "
                           "avoid the allocation for common sizes)", t->what, t->fn);
    else if (strcmp(reason, "resizes an existing buffer") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it resizes an existing buffer: it stays "
                           "on the heap", t->what, t->fn);
    else if (strcmp(reason, "reallocated") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it is resized with realloc later: it "
                           "stays on the heap (or size the buffer for the largest case up front)",
                           t->what, t->fn);
    else if (strcmp(reason, "not freed on every path") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it is not freed on every path (it leaks "
                           "on some path): %s it on every path, or better, make it a %s",
                           t->what, t->fn, is_cxx_site(c, s) ? "delete" : "free",
                           is_cxx_site(c, s) ? "local object" : "stack array");
    else if (strcmp(reason, "a callee may free it") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it is passed to %s(), which may free it: "
                           "it stays on the heap", t->what, t->fn, fl->freer);
    else if (strcmp(reason, "freed by a callee (a destroy function)") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it is freed by a callee (a destroy "
                           "function, which would free() a stack array and may free what the "
                           "object owns): it stays on the heap", t->what, t->fn);
    else if (strcmp(reason, "built by a constructor that allocates what the object owns") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but %s builds a structure that owns more "
                           "heap memory: only its header could move to the stack, through a new "
                           "constructor API; it stays on the heap", t->what, t->fn, t->allocator);
    else if (strcmp(reason, "free not proven") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but perfadvise cannot prove it is freed on "
                           "every path (it is freed through a phi/select that may also hold another "
                           "pointer): it stays on the heap", t->what, t->fn);
    else if (strcmp(reason, "lifetime crosses loop iterations") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it is allocated in a loop and lives past "
                           "the iteration: allocate it once before the loop and reuse it",
                           t->what, t->fn);
    else if (c->opt.max_stack_bytes == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape; stack suggestions are off "
                           "(-perfadvise-heap-to-stack-max=0)", t->what, t->fn);
    else
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but %lld bytes is over the %ld-byte stack "
                           "limit: it stays on the heap (raise -mllvm -perfadvise-heap-to-stack-max "
                           "only if the stack can afford it)",
                           t->what, t->fn, (long long)s->bytes, c->opt.max_stack_bytes);
    if (!fd)
        return -1;
    add_common_evidence(fd->evidence, c, s, t, fl);
    cJSON_AddNullToObject(fd->evidence, "via");
    cJSON_AddStringToObject(fd->evidence, "reason", reason);
    if (fl->callee_may_free)
        cJSON_AddStringToObject(fd->evidence, "freed_by_callee", fl->freer);
    return 0;
}

/* Never freed, never kept, never handed to anything that may free it: the
 * memory is lost when the function returns. */
static bool is_leak(const esc_site *s, const esc_flow *fl)
{
    return fl->via_mask == 0 && !fl->has_free && !fl->has_maybe_free && !fl->callee_may_free &&
           !fl->reallocated && !s->grows_existing;
}

static bool is_main(const pa_function *f)
{
    return f->name && strcmp(f->name, "main") == 0;
}

/* A call of a function that returns an allocation, given a constant 0
 * that is not its size: a mode flag that may switch the allocation off
 * (libxml2's xmlSchemaParseAnnotation(ctxt, node, 0) returns NULL). The
 * argument's index, or -1. */
static int zero_flag_argument(const esc_ctx *c, const esc_site *s)
{
    if (s->wrapper_fn == PA_NONE)
        return -1;
    const pa_op *o = &c->f->ops[s->op];
    const esc_facts *ff = esc_callee_facts(c, o, NULL);
    for (size_t k = 0; o->arg_flags && o->arg_const && k < o->nargs; k++)
        if ((o->arg_flags[k] & PA_ARG_CONST) && o->arg_const[k] == 0 &&
            (!ff || ff->ret_size_param != (int)k))
            return (int)k;
    return -1;
}

static int emit_leak(const esc_ctx *c, pa_report *out, const esc_site *s, const site_text *t,
                     const esc_flow *fl)
{
    const pa_function *f = c->f;
    bool stack_ok = s->bytes != PA_UNKNOWN_SIZE && s->bytes <= c->opt.max_stack_bytes &&
                    !fl->crosses_iterations;
    char alt[96] = "";
    if (stack_ok && !is_cxx_site(c, s))
        snprintf(alt, sizeof alt, " (or use a %lld-byte stack array)", (long long)s->bytes);
    else if (stack_ok)
        snprintf(alt, sizeof alt, " (or use a local object)");
    const char *release = is_cxx_site(c, s) ? "delete" : "free";
    pa_finding *fd =
        is_main(f) ? pa_report_add(out, PA_F_MEMORY_LEAK, f, s->op,
                                   "%s in main() is never freed and does not escape: the process exit "
                                   "releases it; %s it before returning to keep leak checkers quiet",
                                   t->what, release)
                   : pa_report_add(out, PA_F_MEMORY_LEAK, f, s->op,
                                   "%s in %s() is never freed and does not escape: it leaks on every "
                                   "call; %s it before the function returns%s",
                                   t->what, t->fn, release, alt);
    if (!fd)
        return -1;
    add_common_evidence(fd->evidence, c, s, t, fl);
    cJSON_AddNullToObject(fd->evidence, "via");
    /* main() runs once and the process exit releases everything: often a
     * deliberate choice, so the leak matters little. */
    int flag = zero_flag_argument(c, s);
    if (is_main(f)) {
        cJSON_AddStringToObject(fd->evidence, "confidence", "low");
        cJSON_AddStringToObject(fd->evidence, "confidence_reason",
                                "main(): the process exit releases it, often by design");
    } else if (flag >= 0) {
        char why[160];
        snprintf(why, sizeof why,
                 "the call passes a constant 0 (argument %d), which may tell the callee not to "
                 "allocate: it returns an allocation on some paths only",
                 flag + 1);
        cJSON_AddStringToObject(fd->evidence, "confidence", "low");
        cJSON_AddStringToObject(fd->evidence, "confidence_reason", why);
    } else {
        cJSON_AddStringToObject(fd->evidence, "confidence", "high");
        cJSON_AddStringToObject(fd->evidence, "confidence_reason",
                                "no free, no escape and no callee that may free it on any path");
    }
    return 0;
}

int esc_emit_site(const esc_ctx *c, pa_report *out, const esc_site *s, const esc_flow *fl)
{
    site_text t;
    describe_site(c, s, &t);
    if (fl->via_mask != 0)
        return emit_escape(c, out, s, &t, fl);
    if (is_leak(s, fl))
        return emit_leak(c, out, s, &t, fl);
    char buf[64];
    const char *reason = not_candidate_reason(c, s, fl, buf, sizeof buf);
    if (reason)
        return emit_no_escape(c, out, s, &t, fl, reason);
    char fix[192];
    stack_fix(c, s, fix, sizeof fix);
    bool cxx = is_cxx_site(c, s);
    pa_finding *fd = pa_report_add(out, PA_F_HEAP_TO_STACK, c->f, s->op,
                                   "%s in %s() does not escape and is %s on every path: %s%s", t.what,
                                   t.fn, cxx ? "deleted" : "freed", fix,
                                   fl->leaks_on_exception ? " (today it also leaks when an exception "
                                                            "passes through)"
                                                          : "");
    if (!fd)
        return -1;
    add_common_evidence(fd->evidence, c, s, &t, fl);
    cJSON_AddNullToObject(fd->evidence, "via");
    cJSON_AddNumberToObject(fd->evidence, "max_stack_bytes", (double)c->opt.max_stack_bytes);
    return 0;
}
