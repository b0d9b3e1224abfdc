/* passes/escape.c — heap escape analysis: for every allocation site, does the
 * memory escape (return, global, heap, call, unknown), is it freed on every
 * path, and could it live on the stack instead (docs/remarks.md).
 * Exercised by: clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise -c foo.c
 *
 * Per allocation a worklist over the values derived from it and the ops
 * that use them (escape_closure.c), through a use index built once per
 * function (escape_uses.c); then one walk of the CFG from the allocation for
 * "freed on every path" (escape_paths.c). Function facts (escape_facts.c)
 * are computed bottom-up over the call graph (passes/callgraph.h), iterated
 * to a fixpoint only inside recursion, starting from the safe answer
 * (captures everything, frees nothing, allocates nothing fresh) so stopping
 * early is still sound; a function reports (escape_report.c) once its
 * callees' facts are final, and its findings join the report in the
 * module's order. This file:
 * the context, the per-function driver and the entry points. */
#include "escape_internal.h"

#include "callgraph.h"

#include <stdlib.h>
#include <string.h>

/* Summary rounds of a recursive component before giving up (each round
 * only gains precision). */
#define ESC_MAX_ROUNDS 8
/* Worklist steps per function before the remaining sites are skipped: keeps
 * pathological functions (thousands of allocations in one body) linear. */
#define ESC_WORK_BUDGET (32L * 1000 * 1000)

/* Remember which values certainly are site i's memory, for returns_fresh. */
static void note_site_values(esc_ctx *c, const esc_site *s, size_t i)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    if (!s->out_param) {
        if (pa_value_ok(f, o->result))
            c->site_of_value[o->result] = (int)i;
        return;
    }
    for (size_t k = 0; k < c->nmembers; k++) {
        int v = c->members[k];
        if (f->values[v].kind == PA_VAL_LOAD && c->site_of_value[v] == PA_NONE &&
            c->must_alias[v] == c->closure_stamp)
            c->site_of_value[v] = (int)i;
    }
}

/* Analyse function fi: recompute its facts (in place) and, with out != NULL,
 * report its sites. *changed is set when the facts changed. Returns 0 or -1
 * on out of memory. */
static int analyse_function(esc_ctx *c, size_t fi, pa_report *out, bool *changed)
{
    const pa_function *f = c->m->functions[fi];
    esc_facts *ff = &c->facts[fi];
    if (!ff->defined || f->nblocks == 0)
        return 0;
    c->f = f;
    c->budget = ESC_WORK_BUDGET;
    /* At -O0 clang attaches no nocapture facts to library calls, so every
     * buffer handed to snprintf would look escaping: summaries only. */
    if (f->optnone)
        out = NULL;
    if (esc_build_uses(c, f) != 0 || esc_find_sites(c) != 0)
        return -1;

    esc_facts nf = *ff;
    size_t nflags = ff->nparams ? ff->nparams : 1;
    unsigned char *arrays = calloc(3 * nflags, 1);
    if (!arrays)
        return -1;
    nf.frees = arrays;
    nf.captures = arrays + nflags;
    nf.may_free = arrays + 2 * nflags;
    esc_compute_param_facts(c, &nf);

    for (size_t v = 0; v < f->nvalues; v++)
        c->site_of_value[v] = PA_NONE;
    nf.allocates = false;
    int rc = 0;
    for (size_t i = 0; i < c->nsites && rc == 0; i++) {
        esc_site *s = &c->sites[i];
        nf.allocates = true;
        esc_flow fl;
        if (!esc_analyse_site(c, s, &fl))
            break; /* over budget (or out of memory): no claims for the rest */
        s->analysed = true;
        s->via_mask = fl.via_mask;
        note_site_values(c, s, i);
        if (out)
            rc = esc_emit_site(c, out, s, &fl);
    }
    if (c->oom)
        rc = -1;
    esc_compute_returns_allocation(c, &nf);

    if (changed && !esc_facts_equal(&nf, ff))
        *changed = true;
    memcpy(ff->frees, nf.frees, ff->nparams);
    memcpy(ff->captures, nf.captures, ff->nparams);
    memcpy(ff->may_free, nf.may_free, ff->nparams);
    ff->allocates = nf.allocates;
    ff->frees_more = nf.frees_more;
    ff->returns_allocation = nf.returns_allocation;
    ff->builds_structure = nf.builds_structure;
    ff->nfresh_from = nf.nfresh_from;
    ff->null_answer = nf.null_answer;
    memcpy(ff->fresh_from, nf.fresh_from, sizeof ff->fresh_from);
    ff->ret_bytes = nf.ret_bytes;
    ff->ret_size_param = nf.ret_size_param;
    free(arrays);
    return rc;
}

/* Facts at the safe start and scratch for the largest function. Returns 0,
 * or -1 on out of memory (free_ctx still frees what was allocated). */
static int init_ctx(esc_ctx *c, const pa_module *m, const pa_escape_options *opts)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->opt = opts ? *opts : pa_escape_default_options();
    if (c->opt.max_stack_bytes < 0)
        c->opt.max_stack_bytes = PA_ESCAPE_DEFAULT_MAX_STACK_BYTES;
    c->facts = calloc(m->nfunctions ? m->nfunctions : 1, sizeof *c->facts);
    if (!c->facts)
        return -1;
    for (size_t i = 0; i < m->nfunctions; i++) {
        const pa_function *f = m->functions[i];
        esc_facts *ff = &c->facts[i];
        ff->ret_bytes = PA_UNKNOWN_SIZE;
        ff->ret_size_param = PA_NONE;
        if (!f || !f->is_definition)
            continue;
        ff->defined = true;
        ff->nparams = f->nparams;
        ff->frees = calloc(f->nparams ? f->nparams : 1, 1);
        ff->captures = malloc(f->nparams ? f->nparams : 1);
        ff->may_free = malloc(f->nparams ? f->nparams : 1);
        if (!ff->frees || !ff->captures || !ff->may_free)
            return -1;
        memset(ff->captures, 1, f->nparams ? f->nparams : 1); /* safe start: captures */
        memset(ff->may_free, 1, f->nparams ? f->nparams : 1); /* and may free */
        if (f->nvalues > c->max_values)
            c->max_values = f->nvalues;
        if (f->nops > c->max_ops)
            c->max_ops = f->nops;
        if (f->nblocks > c->max_blocks)
            c->max_blocks = f->nblocks;
    }
    size_t nv = c->max_values + 1, no = c->max_ops + 1, nb = c->max_blocks + 1;
    c->derived_start = malloc(nv * sizeof *c->derived_start);
    c->user_start = malloc(nv * sizeof *c->user_start);
    c->in_closure = calloc(nv, sizeof *c->in_closure);
    c->must_alias = calloc(nv, sizeof *c->must_alias);
    c->scratch_seen = calloc(nv, sizeof *c->scratch_seen);
    c->op_queued = calloc(no, sizeof *c->op_queued);
    c->frees_it = calloc(no, sizeof *c->frees_it);
    c->may_free_it = calloc(no, sizeof *c->may_free_it);
    c->walk_seen = calloc(2 * nb, sizeof *c->walk_seen);
    c->members = malloc(nv * sizeof *c->members);
    c->value_work = malloc(nv * sizeof *c->value_work);
    c->pending_ops = malloc(no * sizeof *c->pending_ops);
    /* Free events are (op, value) pairs: one op can free several closure values. */
    c->free_event_op = malloc(2 * no * sizeof *c->free_event_op);
    c->free_event_value = malloc(2 * no * sizeof *c->free_event_value);
    c->scratch = malloc(2 * nv * sizeof *c->scratch);
    c->walk_stack = malloc(2 * nb * sizeof *c->walk_stack);
    c->site_of_value = malloc(nv * sizeof *c->site_of_value);
    c->slot_off = malloc(nv * sizeof *c->slot_off);
    c->addr_seen = calloc(nv, sizeof *c->addr_seen);
    c->addr_off = malloc(nv * sizeof *c->addr_off);
    c->addr_stack = malloc(2 * nv * sizeof *c->addr_stack);
    c->foreign = malloc(nv * sizeof *c->foreign);
    if (!c->derived_start || !c->user_start || !c->in_closure || !c->must_alias ||
        !c->scratch_seen || !c->op_queued || !c->frees_it || !c->may_free_it || !c->walk_seen ||
        !c->members || !c->value_work || !c->pending_ops || !c->free_event_op ||
        !c->free_event_value || !c->scratch || !c->walk_stack || !c->site_of_value ||
        !c->slot_off || !c->addr_seen || !c->addr_off || !c->addr_stack || !c->foreign)
        return -1;
    return 0;
}

static void free_ctx(esc_ctx *c)
{
    if (c->facts)
        for (size_t i = 0; i < c->m->nfunctions; i++) {
            free(c->facts[i].frees);
            free(c->facts[i].captures);
            free(c->facts[i].may_free);
        }
    free(c->facts);
    free(c->derived_start);
    free(c->derived_items);
    free(c->user_start);
    free(c->user_items);
    free(c->in_closure);
    free(c->must_alias);
    free(c->scratch_seen);
    free(c->op_queued);
    free(c->frees_it);
    free(c->may_free_it);
    free(c->walk_seen);
    free(c->members);
    free(c->value_work);
    free(c->pending_ops);
    free(c->free_event_op);
    free(c->free_event_value);
    free(c->scratch);
    free(c->walk_stack);
    free(c->site_of_value);
    free(c->slot_off);
    free(c->addr_seen);
    free(c->addr_off);
    free(c->addr_stack);
    free(c->foreign);
    free(c->sites);
}

/* The module function whose facts a call op reads (esc_callee_facts). */
static int linked_callee(const void *ctx, const pa_op *o)
{
    int fi = PA_NONE;
    esc_callee_facts(ctx, o, &fi);
    return fi;
}

static int by_index(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The walk over the call graph: each function's findings are kept apart in
 * `found` (items first[i] .. first[i] + count[i]) until every function has
 * been analysed, then handed over in the module's order. */
typedef struct esc_walk {
    esc_ctx *c;
    pa_report found;
    size_t *first, *count;
} esc_walk;

/* Analyse function fi for the last time, its callees' facts final, and
 * keep its findings. */
static int analyse_and_report(esc_walk *w, int fi)
{
    size_t before = w->found.count;
    int rc = analyse_function(w->c, (size_t)fi, &w->found, NULL);
    w->first[fi] = before;
    w->count[fi] = w->found.count - before;
    return rc;
}

/* One component of the call graph, whose callees outside it are final: a
 * function outside recursion is analysed once and reports; inside
 * recursion the members' facts go in rounds in the module's order until
 * nothing changes, then each reports. Before, every function was analysed
 * in rounds over the whole module until no fact changed anywhere, then
 * once more to report: six analyses each on sqlite3.c where one is enough. */
static int analyse_component(void *ctx, const int *members, size_t n, bool recursive)
{
    esc_walk *w = ctx;
    if (!recursive)
        return analyse_and_report(w, members[0]);
    int *in_order = malloc(n * sizeof *in_order);
    if (!in_order)
        return -1;
    memcpy(in_order, members, n * sizeof *in_order);
    qsort(in_order, n, sizeof *in_order, by_index);
    int rc = 0;
    bool changed = true;
    for (int round = 0; round < ESC_MAX_ROUNDS && changed && rc == 0; round++) {
        changed = false;
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = analyse_function(w->c, (size_t)in_order[i], NULL, &changed);
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = analyse_and_report(w, in_order[i]);
    free(in_order);
    return rc;
}

/* Facts bottom-up over the call graph, findings into out in the module's
 * order. Returns 0, or -1 on out of memory. */
static int analyse_module(esc_ctx *c, pa_report *out)
{
    size_t n = c->m->nfunctions;
    esc_walk w = {c, {0}, calloc(n ? n : 1, sizeof *w.first), calloc(n ? n : 1, sizeof *w.count)};
    int rc = -1;
    if (w.first && w.count && pa_report_init(&w.found) == 0 &&
        pa_callgraph_bottom_up(c->m, linked_callee, c, analyse_component, &w) == 0)
        rc = pa_report_take_ranges(out, &w.found, w.first, w.count, n);
    pa_report_free(&w.found);
    free(w.first);
    free(w.count);
    return rc;
}

pa_escape_options pa_escape_default_options(void)
{
    pa_escape_options o;
    o.max_stack_bytes = PA_ESCAPE_DEFAULT_MAX_STACK_BYTES;
    return o;
}

int pa_escape_run(const pa_module *m, pa_report *out)
{
    return pa_escape_run_with(m, out, NULL);
}

int pa_escape_run_with(const pa_module *m, pa_report *out, const pa_escape_options *opts)
{
    if (!m || !out)
        return 0;
    esc_ctx c;
    int rc = -1;
    if (init_ctx(&c, m, opts) != 0)
        goto done;
    if (analyse_module(&c, out) != 0)
        goto done;
    rc = esc_write_summaries(&c, out);
done:
    free_ctx(&c);
    return rc;
}
