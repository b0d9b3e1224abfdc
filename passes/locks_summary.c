/* passes/locks_summary.c — lock summaries: the summary client of the
 * held-lock engine (what a function locks, leaves locked, unlocks, writes,
 * and whether it may block), run bottom-up over the module's call graph:
 * strongly connected components (common/scc.h), callees first, a
 * recursive cycle re-analysed at most LK_SCC_ITERATIONS times. Driven by
 * passes/locks.c; tested by tests/test_locks.c. */
#include "locks_summary.h"

#include "locks_engine.h"
#include "locks_facts.h"
#include "locks_local_build.h"
#include "locks_null.h"
#include "callgraph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the summary client ---------------------------------------------------- */

static int summary_begin(lk_df *df) { return lk_facts_init(df->ctx, df); }

static void summary_op(lk_df *df, int op) { lk_facts_op(df->ctx, df, op); }

/* Parameters, globals and fields mean something to a caller; locals do not. */
static bool summarisable(const lk_df *df, int i)
{
    return lk_sym_known(&df->mc->classes, &df->insts[i]) &&
           lk_class_kind(&df->mc->classes, df->insts[i].cls) != PA_CLASS_LOCAL;
}

/* Add sym to a summary list of df's module with its flag condition
 * (param*2 + nonzero, or -1 for always). Out of memory sets mc->oom. */
static void add_conditional(lk_df *df, lk_symlist *l, const lk_sym *sym, int cond)
{
    lk_sym c = *sym;
    c.cond_param = cond >= 0 ? cond / 2 : -1;
    c.cond_nonzero = cond >= 0 && (cond % 2) != 0;
    if (lk_symlist_add(&df->mc->lists, l, &c) < 0)
        df->mc->oom = true;
}

/* Does some path from the entry reach an allocation when parameter p is
 * zero? Branches testing p follow their zero side only. */
static bool allocates_when_zero(const lk_df *df, int p, unsigned char *seen, int *stack)
{
    const pa_function *f = df->f;
    size_t sp = 0;
    memset(seen, 0, f->nblocks);
    seen[0] = 1;
    stack[sp++] = 0;
    while (sp > 0) {
        int b = stack[--sp];
        const pa_block *blk = &f->blocks[b];
        for (size_t i = 0; i < f->nops; i++) {
            if (f->ops[i].block != b)
                continue;
            const lk_fx *x = &df->fx[i];
            bool calls_alloc = x->kind == FX_CALL && x->callee >= 0 &&
                               df->mc->sums[x->callee].alloc_prob > 0 &&
                               !lk_call_skips_allocation(df, (int)i, p);
            if (x->alloc || calls_alloc)
                return true;
        }
        const pa_value *c = pa_value_at(f, blk->cond_value);
        bool tests_p = c && c->kind == PA_VAL_ARG && c->param_index == p && blk->zero_succ >= 0;
        for (size_t k = 0; k < blk->nsuccs; k++) {
            int to = blk->succs[k];
            if ((tests_p && (int)k != blk->zero_succ) || to < 0 || (size_t)to >= f->nblocks || seen[to])
                continue;
            seen[to] = 1;
            stack[sp++] = to;
        }
    }
    return false;
}

/* Does some path from the entry take lock inst (itself or in a callee)
 * when parameter p is zero? Branches testing p follow their zero side only. */
static bool locks_when_zero(const lk_df *df, int p, int inst, unsigned char *seen, int *stack)
{
    const pa_function *f = df->f;
    size_t sp = 0;
    memset(seen, 0, f->nblocks);
    seen[0] = 1;
    stack[sp++] = 0;
    while (sp > 0) {
        int b = stack[--sp];
        const pa_block *blk = &f->blocks[b];
        for (size_t k = 0; k < blk->nops; k++) {
            int i = blk->ops[k];
            if (!pa_op_ok(f, i))
                continue;
            const lk_fx *x = &df->fx[i];
            if (x->kind == FX_ACQ && x->inst == inst)
                return true;
            for (int j = 0; x->kind == FX_CALL && j < x->nlck; j++)
                if (df->pool[x->lck0 + j] == inst)
                    return true;
        }
        /* p tested alone, or folded into `x && p` (zero_implied_*). */
        const pa_value *c = pa_value_at(f, blk->cond_value);
        const pa_value *z = pa_value_at(f, blk->zero_implied_value);
        int only = c && c->kind == PA_VAL_ARG && c->param_index == p ? blk->zero_succ
                   : z && z->kind == PA_VAL_ARG && z->param_index == p ? blk->zero_implied_succ
                                                                         : -1;
        for (size_t k = 0; k < blk->nsuccs; k++) {
            int to = blk->succs[k];
            if ((only >= 0 && (int)k != only) || to < 0 || (size_t)to >= f->nblocks || seen[to])
                continue;
            seen[to] = 1;
            stack[sp++] = to;
        }
    }
    return false;
}

/* The parameter lock inst needs non-zero to be taken, or -1. */
static int lock_guard_param(const lk_df *df, int inst)
{
    const pa_function *f = df->f;
    if (f->nblocks == 0)
        return -1;
    unsigned char *seen = malloc(f->nblocks);
    int *stack = malloc(f->nblocks * sizeof *stack);
    int found = -1;
    for (unsigned p = 0; seen && stack && p < f->nparams && p < 8 && found < 0; p++)
        if (!locks_when_zero(df, (int)p, inst, seen, stack))
            found = (int)p;
    free(seen);
    free(stack);
    return found;
}

/* The parameter every allocation of the function needs non-zero, or -1:
 * a caller passing NULL there does not allocate. */
static int allocation_guard_param(const lk_df *df, double alloc_prob)
{
    const pa_function *f = df->f;
    if (!(alloc_prob > 0) || f->nblocks == 0)
        return -1;
    unsigned char *seen = malloc(f->nblocks);
    int *stack = malloc(f->nblocks * sizeof *stack);
    int found = -1;
    for (unsigned p = 0; seen && stack && p < f->nparams && p < 16 && found < 0; p++)
        if (!allocates_when_zero(df, (int)p, seen, stack))
            found = (int)p;
    free(seen);
    free(stack);
    return found;
}

/* Does f free one of its parameters itself (a destructor's `free(p)`)? */
static bool frees_a_parameter(const pa_function *f)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_FREE || o->ptr_arg < 0 || (size_t)o->ptr_arg >= o->nargs)
            continue;
        int64_t off = 0;
        const pa_value *v = pa_value_at(f, pa_value_root(f, o->args[o->ptr_arg], &off));
        if (v && v->kind == PA_VAL_ARG && off == 0)
            return true;
    }
    return false;
}

static bool returns_pointer(const pa_function *f)
{
    for (size_t i = 0; i < f->nops; i++)
        if (f->ops[i].kind == PA_OP_RET && pa_value_ok(f, f->ops[i].ret_value))
            return true;
    return false;
}

/* Does the function take its locks only with plain locks and calls that
 * do (no trylock, no call that leaves a lock only when it succeeds)? Then
 * a lock it leaves held only when it returns 0 was taken unless it failed:
 * a caller calling it in a loop does not retry. */
static bool only_plain_acquisitions(const lk_df *df)
{
    for (size_t i = 0; i < df->f->nops; i++) {
        const lk_fx *x = &df->fx[i];
        if (x->kind == FX_TRY ||
            (x->kind == FX_CALL && ((x->acq_on_zero && !x->acq_checked) || x->acq_on_nonzero)))
            return false;
    }
    return true;
}

/* The condition under which instance i is taken inside: a flag parameter
 * (lk_facts_condition), else a pointer parameter that must be NULL
 * (`if (ctx == NULL) lock(&defaults)`: locks_null.h), else -1. */
static int lock_condition(lk_df *df, const lk_facts *k, int i)
{
    int cond = lk_facts_condition(k, df, i, k->locks_when);
    if (cond >= 0)
        return cond;
    int p = lk_null_only_param(df, i);
    return p >= 0 ? p * 2 : -1;
}

/* The chance that a block run `freq` times per call (a fraction when it is
 * conditional) reaches something that happens with chance p each time. */
static double chance_over(double p, double freq)
{
    if (!(p > 0) || !(freq > 0))
        return 0;
    p = p > 1 ? 1 : p;
    return freq <= 1 ? p * freq : 1.0 - pow(1.0 - p, freq);
}

/* The chance per call that the function takes each of its locks: the
 * frequency of each block that takes it (capped at once per call), through
 * a callee times the callee's own chance; summed over the places that take
 * it (two exclusive branches of 0.3 each take it on 0.6 of the calls),
 * capped at 1. Exception and crash paths do not count. */
static void lock_chances(const lk_df *df, double *p)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops; i++) {
        const lk_fx *x = &df->fx[i];
        int b = f->ops[i].block;
        if (!pa_block_ok(f, b) || df->eh[b] || df->doomed[b])
            continue;
        double freq = f->blocks[b].freq;
        if (!(freq > 0))
            continue;
        if (x->kind == FX_ACQ && x->inst >= 0)
            p[x->inst] += freq > 1 ? 1 : freq;
        for (int j = 0; x->kind == FX_CALL && j < x->nlck; j++) {
            size_t e = (size_t)(x->lck0 + j);
            int l = df->pool[e], src = df->pool_src[e];
            if (l >= 0 && src >= 0 && src < LK_MAX_LIST)
                p[l] += chance_over(df->mc->sums[x->callee].lock_prob[src], freq);
        }
    }
    for (int i = 0; i < df->ninst; i++)
        p[i] = p[i] > 1 ? 1 : p[i];
}

/* Which locks the function holds around a loop of its own (held where the
 * loop's header is entered, as the last walk saw it) or takes inside one,
 * itself or in a callee. */
static void locks_around_loops(const lk_df *df, bool *around)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops; i++)
        if (df->fx[i].kind == FX_ACQ && df->fx[i].inst >= 0 &&
            pa_block_loop(f, f->ops[i].block) != PA_NONE)
            around[df->fx[i].inst] = true;
    for (size_t l = 0; l < f->nloops; l++) {
        int h = f->loops[l].header;
        if (!pa_block_ok(f, h) || !df->visited[h])
            continue;
        for (int i = 0; i < df->ninst; i++)
            around[i] |= lk_bit(df->in_may + (size_t)h * df->nwords, i);
    }
    for (size_t i = 0; i < f->nops; i++) {
        const lk_fx *x = &df->fx[i];
        bool in_loop = pa_block_loop(f, f->ops[i].block) != PA_NONE;
        for (int j = 0; x->kind == FX_CALL && j < x->nlck; j++) {
            size_t e = (size_t)(x->lck0 + j);
            int l = df->pool[e], src = df->pool_src[e];
            if (l >= 0 && src >= 0 && src < LK_MAX_LIST &&
                (in_loop || df->mc->sums[x->callee].lock_around_loop[src]))
                around[l] = true;
        }
    }
}

static int summary_finish(lk_df *df)
{
    const lk_facts *k = df->ctx;
    lk_summary *s = &df->mc->sums[df->fc.index];
    memset(s, 0, sizeof *s);
    s->done = true;
    bool on_zero = true, on_nonzero = true, checked = true;
    double chance[LK_MAX_INSTANCES] = {0};
    bool around[LK_MAX_INSTANCES] = {0};
    lock_chances(df, chance);
    locks_around_loops(df, around);
    for (int i = 0; i < df->ninst; i++) {
        if (!summarisable(df, i))
            continue;
        lk_sym sym = df->insts[i];
        sym.object = PA_NONE;
        sym.index = PA_NONE; /* a value id means nothing to a caller */
        if (k->locks[i]) {
            add_conditional(df, &s->locks, &sym, lock_condition(df, k, i));
            int at = lk_symlist_find(&s->locks, &sym);
            if (at >= 0 && chance[i] > s->lock_prob[at])
                s->lock_prob[at] = chance[i];
            if (at >= 0) {
                s->lock_around_loop[at] |= around[i];
                s->lock_param[at] = s->lock_prob[at] > 0 ? lock_guard_param(df, i) : -1;
            }
        }
        if (k->leaked[i] && (lk_facts_excused_leak(k, df, i) || lk_null_only_unheld(df, i))) {
            add_conditional(df, &s->leaves, &sym, lk_facts_condition(k, df, i, k->leaked_when));
            on_zero = on_zero && !k->zero_broken[i];
            checked = checked && !k->held_otherwise[i];
            on_nonzero = on_nonzero && !k->nonzero_broken[i];
        }
        if (k->unheld_unlock[i])
            add_conditional(df, &s->unlocks, &sym, lk_facts_condition(k, df, i, k->unheld_when));
        if (k->waited[i])
            add_conditional(df, &s->waits, &sym, -1);
    }
    s->leaves_on_zero = on_zero && s->leaves.n > 0;
    /* Held exactly when it returns 0 wins: a function whose every return
     * is in step both ways returns nothing to test. */
    s->leaves_on_nonzero = !s->leaves_on_zero && on_nonzero && s->leaves.n > 0;
    s->leaves_checked = s->leaves_on_zero && checked && only_plain_acquisitions(df);
    s->may_block = k->may_block;
    s->only_waits = k->may_block && k->only_waits;
    s->waits_held = s->only_waits && k->waits_held;
    s->block_prob = k->block_prob;
    s->alloc_prob = k->alloc_prob;
    s->alloc_callee = k->alloc_callee;
    s->alloc_param = allocation_guard_param(df, k->alloc_prob);
    s->alloc_prob_plain = k->alloc_prob_plain;
    s->alloc_amortised = k->alloc_prob > 0 && !k->alloc_eager;
    s->alloc_state_param = k->alloc_prob > 0 && k->alloc_gate >= 0 ? k->alloc_gate : -1;
    s->alloc_in_library = k->alloc_prob > 0 && k->alloc_eager && !k->alloc_own;
    s->alloc_local_build = k->alloc_local_build;
    s->alloc_local_sure = k->alloc_local_build && k->alloc_local_sure;
    lk_summarise_growth(df, s);
    s->teardown = frees_a_parameter(df->f) && !returns_pointer(df->f);
    s->block_callee = k->block_callee;
    s->block_why = k->block_why;
    s->writes_params = k->writes_params;
    s->writes_other = k->writes_other;
    s->pure = k->pure;
    s->noreturn = lk_never_returns(df);
    /* Stores of one parameter into another's memory (guard constructors,
     * helpers that return a guard), made here or by callees. */
    s->npstores = lk_param_stores(&df->fc, s->pstores, LK_MAX_PSTORES);
    /* A guard object on the heap handed back (`return make_unique<Guard>(mu)`):
     * callers release its lock where they destroy it. */
    s->has_guard = lk_leaves_guard(&df->fc, &s->leaves, &s->guard);
    /* A getter returns the same parameter-relative or named lock on every
     * return: callers resolve its result to that lock. */
    const pa_function *f = df->f;
    bool first = true;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_RET)
            continue;
        lk_sym r = pa_value_ok(f, o->ret_value) ? lk_resolve(&df->fc, o->ret_value, 1)
                                                : lk_resolve(&df->fc, PA_NONE, 0);
        r.object = PA_NONE;
        r.index = PA_NONE;
        r.cond_param = -1;
        bool usable = r.param >= 0 || lk_class_kind(&df->mc->classes, r.cls) == PA_CLASS_GLOBAL;
        if (first) {
            s->ret = r;
            s->has_ret = usable;
            first = false;
        } else if (!usable || !lk_sym_same(&s->ret, &r)) {
            s->has_ret = false;
        }
    }
    return 0;
}

static const lk_client summary_client = {summary_begin, summary_op, summary_finish};

static int summarize_function(lk_module *mc, int index)
{
    lk_facts facts;
    memset(&facts, 0, sizeof facts);
    int rc = lk_engine_run(mc, index, &summary_client, &facts);
    lk_facts_free(&facts);
    return rc;
}

/* ---- bottom-up over the call graph ----------------------------------------- */

/* Chances that differ by more than a round's rounding: in a recursive
 * cycle a chance climbs towards its limit each round (p = 0.5 + 0.5 p),
 * and LK_SCC_ITERATIONS bounds the rounds. */
static bool chance_changed(double a, double b)
{
    return fabs(a - b) > 1e-6 * (fabs(a) > fabs(b) ? fabs(a) : fabs(b)) + 1e-12;
}

/* Did what a caller reads about allocation and blocking change in a
 * round? A round that changed only that once ended the iteration, and a
 * function read before its callees was taken to allocate nothing
 * (lit/locks_alloc_recursive_cycle.c). */
static bool alloc_changed(const lk_summary *a, const lk_summary *b)
{
    return chance_changed(a->alloc_prob, b->alloc_prob) ||
           chance_changed(a->alloc_prob_plain, b->alloc_prob_plain) ||
           chance_changed(a->block_prob, b->block_prob) || !a->alloc_callee != !b->alloc_callee ||
           a->alloc_param != b->alloc_param || a->teardown != b->teardown ||
           a->alloc_amortised != b->alloc_amortised || a->alloc_state_param != b->alloc_state_param ||
           a->alloc_in_library != b->alloc_in_library || a->alloc_local_build != b->alloc_local_build ||
           a->alloc_local_sure != b->alloc_local_sure;
}

/* Do two lists hold the same locks in the same order? A round re-reads
 * only the callers of a member whose summary changed, so a list whose
 * count stayed but whose locks did not must count as a change. */
static bool symlist_changed(const lk_symlist *a, const lk_symlist *b)
{
    if (a->n != b->n)
        return true;
    for (uint32_t i = 0; i < a->n && i < LK_MAX_LIST; i++)
        if (!lk_sym_same(&a->items[i], &b->items[i]))
            return true;
    return false;
}

/* The locks it takes and the facts kept per lock, and the lock returned. */
static bool lock_facts_changed(const lk_summary *a, const lk_summary *b)
{
    if (symlist_changed(&a->locks, &b->locks) || a->has_ret != b->has_ret ||
        (a->has_ret && !lk_sym_same(&a->ret, &b->ret)))
        return true;
    for (uint32_t i = 0; i < a->locks.n && i < LK_MAX_LIST; i++)
        if (chance_changed(a->lock_prob[i], b->lock_prob[i]) ||
            a->lock_around_loop[i] != b->lock_around_loop[i] || a->lock_param[i] != b->lock_param[i])
            return true;
    return false;
}

static bool pstores_changed(const lk_summary *a, const lk_summary *b)
{
    if (a->npstores != b->npstores)
        return true;
    for (size_t i = 0; i < a->npstores && i < LK_MAX_PSTORES; i++) {
        const lk_pstore *x = &a->pstores[i], *y = &b->pstores[i];
        if (x->dst_param != y->dst_param || x->dst_off != y->dst_off || x->src_param != y->src_param ||
            x->src_off != y->src_off || !x->src_field != !y->src_field ||
            (x->src_field && strcmp(x->src_field, y->src_field) != 0))
            return true;
    }
    return false;
}

static bool summary_changed(const lk_summary *a, const lk_summary *b)
{
    return alloc_changed(a, b) || lock_facts_changed(a, b) || symlist_changed(&a->leaves, &b->leaves) ||
           symlist_changed(&a->unlocks, &b->unlocks) || symlist_changed(&a->waits, &b->waits) ||
           pstores_changed(a, b) || a->done != b->done ||
           a->may_block != b->may_block || a->writes_params != b->writes_params ||
           a->writes_other != b->writes_other || a->pure != b->pure ||
           a->has_guard != b->has_guard ||
           (a->has_guard && (a->guard.param != b->guard.param || a->guard.off0 != b->guard.off0 ||
                             a->guard.off1 != b->guard.off1 ||
                             !lk_sym_same(&a->guard.lock, &b->guard.lock))) ||
           a->noreturn != b->noreturn || a->leaves_on_zero != b->leaves_on_zero ||
           a->leaves_checked != b->leaves_checked ||
           a->only_waits != b->only_waits || a->waits_held != b->waits_held ||
           a->leaves_on_nonzero != b->leaves_on_nonzero || a->grows_string != b->grows_string ||
           a->grows_container != b->grows_container || a->grows_unknown != b->grows_unknown ||
           memcmp(a->grows_bytes, b->grows_bytes, sizeof a->grows_bytes) != 0;
}

/* The members of scc[0..n) that call member j, as positions in scc:
 * callers[first[j] .. first[j + 1]), a member listed once per call. */
typedef struct scc_callers {
    size_t *first;
    size_t *callers;
} scc_callers;

static int call_edge(const void *ctx, const pa_op *o);

/* pos: scratch of the module's function count, all -1 on entry and on
 * return. */
static int find_scc_callers(const lk_module *mc, const int *scc, size_t n, int *pos, scc_callers *out)
{
    for (size_t i = 0; i < n; i++)
        pos[scc[i]] = (int)i;
    size_t nedges = 0;
    out->first = calloc(n + 1, sizeof *out->first);
    for (size_t i = 0; out->first && i < n; i++) {
        const pa_function *f = mc->m->functions[scc[i]];
        for (size_t k = 0; f && k < f->nops; k++) {
            int c = call_edge(mc, &f->ops[k]);
            if (c >= 0 && pos[c] >= 0) {
                out->first[pos[c] + 1]++;
                nedges++;
            }
        }
    }
    out->callers = out->first ? malloc((nedges ? nedges : 1) * sizeof *out->callers) : NULL;
    size_t *fill = out->callers ? malloc((n ? n : 1) * sizeof *fill) : NULL;
    if (fill) {
        for (size_t j = 0; j < n; j++)
            out->first[j + 1] += out->first[j];
        memcpy(fill, out->first, n * sizeof *fill);
        for (size_t i = 0; i < n; i++) {
            const pa_function *f = mc->m->functions[scc[i]];
            for (size_t k = 0; f && k < f->nops; k++) {
                int c = call_edge(mc, &f->ops[k]);
                if (c >= 0 && pos[c] >= 0)
                    out->callers[fill[pos[c]]++] = i;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        pos[scc[i]] = -1;
    free(fill);
    return fill ? 0 : -1;
}

/* Summarise one strongly connected component (members in scc[0..n),
 * callees first but for the calls that close its cycles). */
static int summarize_scc(void *ctx, const int *scc, size_t n, bool recursive)
{
    lk_module *mc = ctx;
    /* A component without recursion is summarised once; only a recursive
     * one iterates, and only there is a summary kept to compare. */
    if (!recursive) {
        for (size_t i = 0; i < n; i++)
            if (summarize_function(mc, scc[i]) != 0)
                return -1;
        return 0;
    }
    /* A member is read again only when a callee of the component changed
     * after it was read: a round that confirms nothing changed reads only
     * the callers of what changed in the round before. LK_SCC_ITERATIONS is
     * a cut-off: a chance that climbs through a recursive call inside a
     * loop settles only after dozens of rounds. */
    if (!mc->scc_pos) {
        size_t nf = mc->m->nfunctions;
        mc->scc_pos = malloc((nf ? nf : 1) * sizeof *mc->scc_pos);
        if (!mc->scc_pos)
            return -1;
        for (size_t i = 0; i < nf; i++)
            mc->scc_pos[i] = -1;
    }
    scc_callers cs = {NULL, NULL};
    bool *dirty = malloc(n * sizeof *dirty);
    int rc = dirty ? find_scc_callers(mc, scc, n, mc->scc_pos, &cs) : -1;
    for (size_t i = 0; rc == 0 && i < n; i++)
        dirty[i] = true;
    lk_summary before;
    bool any = true;
    for (int round = 0; rc == 0 && any && round < LK_SCC_ITERATIONS; round++) {
        any = false;
        for (size_t i = 0; i < n && rc == 0; i++) {
            if (!dirty[i])
                continue;
            dirty[i] = false;
            before = mc->sums[scc[i]];
            if (summarize_function(mc, scc[i]) != 0) {
                rc = -1;
                break;
            }
            if (!summary_changed(&before, &mc->sums[scc[i]]))
                continue;
            for (size_t k = cs.first[i]; k < cs.first[i + 1]; k++) {
                dirty[cs.callers[k]] = true;
                any = true;
            }
        }
    }
    free(cs.first);
    free(cs.callers);
    free(dirty);
    return rc;
}

static int call_edge(const void *ctx, const pa_op *o)
{
    return o->kind == PA_OP_CALL ? lk_callee(ctx, o) : PA_NONE;
}

/* Components of the call graph come out callees first (passes/callgraph.h),
 * so every callee outside a component is summarised before it. */
int lk_summarize_module(lk_module *mc)
{
    return pa_callgraph_bottom_up(mc->m, call_edge, mc, summarize_scc, mc);
}
