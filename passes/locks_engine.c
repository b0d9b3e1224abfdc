/* passes/locks_engine.c — held-lock sets over one function's CFG: forward
 * worklist dataflow with must/may bit-sets over the function's locks,
 * trylock success edges, exception edges taken before an invoke's effect,
 * and path splitting on branch conditions tested more than once (the
 * __gthread_active_p check around each lock and unlock); then a walk that
 * shows each op's state to a client (locks_engine.h). Tested by
 * tests/test_locks.c. */
#include "locks_engine.h"

#include "catalog.h"
#include "locks_null.h"
#include "loopalloc_growth.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Instance id of a symbolic lock in this function (added when new), or -1
 * when the function already tracks LK_MAX_INSTANCES locks. */
static int instance_of(lk_df *df, const lk_sym *s)
{
    for (int i = 0; i < df->ninst; i++)
        if (lk_sym_same(&df->insts[i], s)) {
            df->insts[i].recursive |= s->recursive;
            return i;
        }
    if (df->ninst == LK_MAX_INSTANCES)
        return PA_NONE;
    df->insts[df->ninst] = *s;
    return df->ninst++;
}

static int pool_push(lk_df *df, int x, int cond, int src)
{
    int *p = pa_array_reserve(df->pool, &df->cap_pool, df->npool + 1, sizeof *p);
    if (!p)
        return -1;
    df->pool = p;
    p = pa_array_reserve(df->pool_cond, &df->cap_pool_cond, df->npool + 1, sizeof *p);
    if (!p)
        return -1;
    df->pool_cond = p;
    p = pa_array_reserve(df->pool_src, &df->cap_pool_src, df->npool + 1, sizeof *p);
    if (!p)
        return -1;
    df->pool_src = p;
    df->pool_cond[df->npool] = cond;
    df->pool_src[df->npool] = src;
    df->pool[df->npool++] = x;
    return 0;
}

/* The condition of a callee effect seen from call op: LK_COND_NONE when it
 * always happens here, -3 when the argument rules it out, the caller's own
 * parameter when the flag is passed through, else LK_COND_UNKNOWN. A
 * pointer known not to be NULL here (a checked allocation, the address of
 * an object: locks_null.h) counts as a non-zero flag: the callee's
 * NULL-only lock (`if (ctx == NULL) lock(&defaults)`) is not taken. */
static int call_condition(lk_df *df, int op, const lk_sym *cs)
{
    const pa_op *o = &df->f->ops[op];
    if (cs->cond_param < 0)
        return LK_COND_NONE;
    if ((size_t)cs->cond_param >= o->nargs)
        return LK_COND_UNKNOWN;
    size_t a = (size_t)cs->cond_param;
    if (o->arg_flags && (o->arg_flags[a] & PA_ARG_CONST))
        return (o->arg_const[a] != 0) == cs->cond_nonzero ? LK_COND_NONE : -3;
    if (lk_arg_nonnull(&df->fc, op, a))
        return cs->cond_nonzero ? LK_COND_NONE : -3;
    const pa_value *v = pa_value_at(df->f, o->args[a]);
    if (v && v->kind == PA_VAL_ARG && v->param_index >= 0)
        return v->param_index * 2 + (cs->cond_nonzero ? 1 : 0);
    return LK_COND_UNKNOWN;
}

/* Substitute each of the callee's locks; first/count into the pool. */
static int subst_list(lk_df *df, int op, const lk_symlist *l, int *first, int *count)
{
    *first = (int)df->npool;
    *count = 0;
    for (size_t i = 0; i < l->n; i++) {
        int cond = call_condition(df, op, &l->items[i]);
        if (cond == -3)
            continue; /* the flag argument turns this effect off */
        lk_sym s = lk_subst(&df->fc, op, &l->items[i]);
        s.cond_param = -1;
        int inst = instance_of(df, &s);
        if (inst < 0)
            continue;
        if (pool_push(df, inst, cond, (int)i) != 0)
            return -1;
        (*count)++;
    }
    return 0;
}

int lk_pool_effect_applies(const lk_df *df, size_t e)
{
    int cond = df->pool_cond ? df->pool_cond[e] : LK_COND_NONE;
    if (cond == LK_COND_NONE)
        return 1;
    if (cond == LK_COND_UNKNOWN)
        return -1;
    int param = cond / 2;
    bool nonzero = cond % 2;
    for (int k = 0; k < df->nkeys; k++)
        if (df->key_param[k] == param)
            return (((df->assignment >> k) & 1u) != 0) == nonzero;
    return -1;
}

static bool writes_through(lk_df *df, int value, unsigned flags)
{
    if (flags & PA_ARG_READONLY)
        return false;
    if (pa_value_ok(df->f, value) && !df->f->values[value].is_pointer)
        return false;
    return value >= 0 && !lk_points_to_stack(&df->fc, value);
}

/* Memory effects of a call, seen from this function. */
static void call_memory_fx(lk_df *df, const pa_op *o, lk_fx *x)
{
    if (o->call_flags & PA_CALL_NO_MEMORY)
        return;
    /* Module callees are judged by their summary's writes only: a lock
     * wrapper call is no read of shared state. */
    x->read = x->kind != FX_CALL;
    if (o->call_flags & PA_CALL_READS_ONLY)
        return;
    if (x->kind == FX_CALL) {
        const lk_summary *s = &df->mc->sums[x->callee];
        if (s->writes_other)
            x->write = true;
        for (size_t a = 0; a < o->nargs && a < 32; a++)
            if ((s->writes_params >> a) & 1u)
                x->write |= writes_through(df, o->args[a], 0);
        return;
    }
    if (o->call_flags & PA_CALL_INTRINSIC) {
        for (size_t a = 0; a < o->nargs; a++)
            x->write |= writes_through(df, o->args[a], o->arg_flags ? o->arg_flags[a] : 0);
        return;
    }
    x->write = true; /* an unknown library call may write anything */
}

static int call_fx(lk_df *df, int op, lk_fx *x)
{
    const pa_op *o = &df->f->ops[op];
    const pa_cat_entry *e =
        (o->call_flags & PA_CALL_INTRINSIC) ? NULL : pa_catalog_find(df->mc->m->catalog, o->callee);
    /* A read on a descriptor opened non-blocking returns EAGAIN instead. */
    if (e && e->role == PA_CAT_BLOCKING && e->ptr_arg < 0 &&
        pa_fd_call_never_waits(&df->mc->fds, df->f, o))
        e = NULL;
    if (e && e->role == PA_CAT_BLOCKING) {
        x->blocking = true;
        x->why = e->why;
        x->write = true;
        if (e->ptr_arg >= 0 && (size_t)e->ptr_arg < o->nargs) {
            lk_sym s;
            if (e->lock_in_guard) {
                /* The mutex the guard argument holds: what its constructor
                 * stored at its first field (std::unique_lock::_M_device). */
                lk_sym in_guard;
                memset(&in_guard, 0, sizeof in_guard);
                in_guard.cond_param = -1;
                in_guard.cls = PA_NONE;
                in_guard.param = e->ptr_arg;
                in_guard.deref = true;
                in_guard.object = PA_NONE;
                s = lk_subst(&df->fc, op, &in_guard);
            } else {
                s = lk_resolve(&df->fc, o->args[e->ptr_arg], 0);
            }
            x->kind = FX_WAIT;
            x->inst = instance_of(df, &s);
        } else if (e->wait_held) {
            x->kind = FX_WAIT;
            x->inst = PA_NONE;
            x->wait_held = true;
        }
        return 0;
    }
    int callee = lk_callee(df->mc, o);
    if (callee >= 0 && !e) {
        x->kind = FX_CALL;
        x->callee = callee;
        const lk_summary *s = &df->mc->sums[callee];
        if (subst_list(df, op, &s->leaves, &x->acq0, &x->nacq) != 0 ||
            subst_list(df, op, &s->unlocks, &x->rel0, &x->nrel) != 0 ||
            subst_list(df, op, &s->locks, &x->lck0, &x->nlck) != 0 ||
            subst_list(df, op, &s->waits, &x->wait0, &x->nwait) != 0)
            return -1;
        x->acq_on_zero = s->leaves_on_zero && x->nacq > 0;
        x->acq_checked = x->acq_on_zero && s->leaves_checked;
        x->acq_on_nonzero = s->leaves_on_nonzero && x->nacq > 0;
        if (s->may_block) {
            x->block_via_call = true;
            x->why = s->block_why;
            x->only_waits = s->only_waits;
            x->wait_held = s->waits_held;
        }
    }
    call_memory_fx(df, o, x);
    return 0;
}

static void lock_fx(lk_df *df, int op, lk_fx *x)
{
    const pa_op *o = &df->f->ops[op];
    const pa_cat_entry *e = pa_catalog_find(df->mc->m->catalog, o->callee);
    int arg = o->ptr_arg >= 0 ? o->ptr_arg : 0;
    lk_sym s = (size_t)arg < o->nargs ? lk_resolve(&df->fc, o->args[arg], 0)
                                      : lk_resolve(&df->fc, PA_NONE, 0);
    s.prim = o->prim;
    s.shared = o->shared;
    s.recursive |= e && e->recursive;
    x->inst = instance_of(df, &s);
    if (x->inst < 0)
        return;
    x->kind = o->kind == PA_OP_LOCK ? FX_ACQ : o->kind == PA_OP_TRYLOCK ? FX_TRY : FX_REL;
    x->success_true = e && e->success_true;
}

/* A loop whose only effect is the acquisition itself retries a failed
 * lock (std::shared_lock's EAGAIN loop around pthread_rwlock_rdlock). */
static bool is_retry_loop(lk_df *df, int op)
{
    const pa_function *f = df->f;
    int l = pa_block_loop(f, f->ops[op].block);
    if (l == PA_NONE)
        return false;
    size_t seen = 0;
    for (size_t b = 0; b < f->nblocks; b++) {
        if (!pa_block_in_loop(f, (int)b, l))
            continue;
        for (size_t k = 0; k < f->blocks[b].nops; k++) {
            int o = f->blocks[b].ops[k];
            if (!pa_op_ok(f, o) || o == op)
                continue;
            const pa_op *p = &f->ops[o];
            if (++seen > 32)
                return false;
            if (p->kind == PA_OP_LOAD)
                continue;
            if (p->kind == PA_OP_STORE && lk_points_to_stack(&df->fc, p->addr))
                continue;
            return false;
        }
    }
    return true;
}

static int build_effects(lk_df *df)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops; i++) {
        lk_fx *x = &df->fx[i];
        const pa_op *o = &f->ops[i];
        x->inst = PA_NONE;
        x->callee = PA_NONE;
        switch (o->kind) {
        case PA_OP_LOCK:
        case PA_OP_TRYLOCK:
        case PA_OP_UNLOCK: lock_fx(df, (int)i, x); break;
        case PA_OP_CALL:
            if (call_fx(df, (int)i, x) != 0)
                return -1;
            break;
        case PA_OP_ALLOC:
            x->alloc = true;
            break;
        case PA_OP_FREE: x->write = true; break;
        case PA_OP_STORE: x->write = !lk_points_to_stack(&df->fc, o->addr); break;
        case PA_OP_LOAD: x->read = !lk_points_to_stack(&df->fc, o->addr); break;
        case PA_OP_USE:
            for (size_t a = 0; a < o->nargs; a++)
                x->write |= writes_through(df, o->args[a], 0);
            break;
        default: break;
        }
    }
    /* Branches on a lock result: the success edge holds it. */
    for (size_t b = 0; b < f->nblocks; b++) {
        int c = f->blocks[b].cond_value;
        if (!pa_value_ok(f, c) || f->blocks[b].nsuccs != 2)
            continue;
        int op = f->values[c].def_op;
        if (pa_op_ok(f, op) && f->ops[op].result == c &&
            (df->fx[op].kind == FX_ACQ || df->fx[op].kind == FX_TRY ||
             (df->fx[op].kind == FX_CALL && (df->fx[op].acq_on_zero || df->fx[op].acq_on_nonzero))))
            df->fx[op].tested = true;
    }
    for (size_t i = 0; i < f->nops; i++)
        if (df->fx[i].kind == FX_ACQ || (df->fx[i].kind == FX_CALL && df->fx[i].nacq > 0))
            df->fx[i].retry = is_retry_loop(df, (int)i);
    return 0;
}

/* Blocks reached only through exception edges: cleanup code. */
static void mark_eh(lk_df *df)
{
    const pa_function *f = df->f;
    size_t n = f->nblocks;
    unsigned *preds = calloc(n ? n : 1, sizeof *preds), *eh_preds = calloc(n ? n : 1, sizeof *eh_preds);
    if (!preds || !eh_preds)
        goto done;
    for (size_t b = 0; b < n; b++) {
        df->eh[b] = f->blocks[b].eh_pad;
        for (size_t s = 0; s < f->blocks[b].nsuccs; s++)
            if (pa_block_ok(f, f->blocks[b].succs[s]))
                preds[f->blocks[b].succs[s]]++;
    }
    for (int pass = 0; pass < 8; pass++) {
        bool changed = false;
        memset(eh_preds, 0, n * sizeof *eh_preds);
        for (size_t b = 0; b < n; b++)
            if (df->eh[b])
                for (size_t s = 0; s < f->blocks[b].nsuccs; s++)
                    if (pa_block_ok(f, f->blocks[b].succs[s]))
                        eh_preds[f->blocks[b].succs[s]]++;
        for (size_t b = 1; b < n; b++)
            if (!df->eh[b] && preds[b] && eh_preds[b] == preds[b]) {
                df->eh[b] = true;
                changed = true;
            }
        if (!changed)
            break;
    }
done:
    free(preds);
    free(eh_preds);
}

/* Does op end its block's normal flow: a call that never returns? */
static bool op_never_returns(const lk_df *df, const pa_op *o)
{
    if (o->kind == PA_OP_RET)
        return false;
    if (o->call_flags & PA_CALL_NORETURN)
        return true;
    int callee = o->kind == PA_OP_CALL ? lk_callee(df->mc, o) : PA_NONE;
    return callee >= 0 && df->mc->sums[callee].done && df->mc->sums[callee].noreturn;
}

/* Mark every block not returning all of whose successors are marked,
 * to a fixpoint (blocks visited last to first: most graphs settle in a
 * pass or two). */
static void close_over_successors(const pa_function *f, bool *mark)
{
    size_t n = f->nblocks;
    for (size_t pass = 0; pass < n + 1; pass++) {
        bool changed = false;
        for (size_t b = n; b-- > 0;) {
            const pa_block *bl = &f->blocks[b];
            if (mark[b] || bl->nsuccs == 0 || bl->returns)
                continue;
            bool all = true;
            for (size_t s = 0; s < bl->nsuccs && all; s++)
                all = pa_block_ok(f, bl->succs[s]) && mark[bl->succs[s]];
            if (all) {
                mark[b] = true;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
}

/* Blocks from which every path crashes: ending in unreachable or a call
 * that never returns, or all of whose successors are doomed. */
static void mark_doomed(lk_df *df)
{
    const pa_function *f = df->f;
    for (size_t b = 0; b < f->nblocks; b++) {
        const pa_block *bl = &f->blocks[b];
        df->doomed[b] = bl->unreachable && !bl->returns;
        for (size_t k = 0; k < bl->nops && !df->doomed[b]; k++)
            df->doomed[b] = pa_op_ok(f, bl->ops[k]) && op_never_returns(df, &f->ops[bl->ops[k]]);
    }
    close_over_successors(f, df->doomed);
}

/* Blocks on the way to a throw or a crash: doomed, a resume (the cleanup
 * a throw unwinds through hands the exception on), or every successor,
 * landing pads included, failing. A throw a handler here catches reaches
 * a return through the landing pad: not failing. */
static void mark_failing(lk_df *df)
{
    const pa_function *f = df->f;
    for (size_t b = 0; b < f->nblocks; b++)
        df->failing[b] = df->doomed[b] || f->blocks[b].resumes;
    close_over_successors(f, df->failing);
}

/* ---- correlated branch conditions ---------------------------------------- */

typedef struct cond_key {
    int type; /* 1 = pure call by callee name, 2 = global load, 3 = SSA value,
                 4 = load of a parameter's field (c->locked_by_caller),
                 5 = local flag: a phi of constants outside loops (id) */
    int id;
    int64_t off;
    const char *name;
} cond_key;

static bool key_equal(const cond_key *a, const cond_key *b)
{
    if (a->type != b->type)
        return false;
    if (a->type == 1)
        return a->name && b->name && strcmp(a->name, b->name) == 0;
    return a->id == b->id && a->off == b->off;
}

static bool stores_to_global(lk_df *df, int global)
{
    for (size_t i = 0; i < df->f->nops; i++)
        if (df->f->ops[i].kind == PA_OP_STORE) {
            lk_loc l = lk_resolve_loc(&df->fc, df->f->ops[i].addr, 0);
            if (l.kind == LK_LOC_GLOBAL && l.base == global)
                return true;
        }
    return false;
}

/* May the function write the field at param+off (a store there, or a
 * call that is handed a pointer into that parameter's object)? Lock and
 * unlock operations write only the mutex. */
static bool writes_param_field(lk_df *df, int param, int64_t off)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind == PA_OP_STORE) {
            lk_loc l = lk_resolve_loc(&df->fc, o->addr, 0);
            if (l.kind == LK_LOC_ARG && l.base == param &&
                (l.off == off || l.off == PA_UNKNOWN_SIZE))
                return true;
            if (l.kind == LK_LOC_OTHER || l.kind == LK_LOC_NONE)
                return true; /* a store through an unknown pointer may alias it */
        } else if (o->kind == PA_OP_CALL || o->kind == PA_OP_USE) {
            if (o->call_flags & (PA_CALL_READS_ONLY | PA_CALL_NO_MEMORY))
                continue;
            for (size_t a = 0; a < o->nargs; a++) {
                if (o->arg_flags && (o->arg_flags[a] & PA_ARG_READONLY))
                    continue;
                lk_loc l = lk_resolve_loc(&df->fc, o->args[a], 0);
                if (l.kind == LK_LOC_ARG && l.base == param)
                    return true;
            }
        }
    }
    return false;
}

static bool stable_call(lk_df *df, const pa_op *o)
{
    for (size_t a = 0; a < o->nargs; a++)
        if (o->args[a] >= 0 && !(o->arg_flags[a] & PA_ARG_CONST))
            return false;
    if (o->call_flags & (PA_CALL_READS_ONLY | PA_CALL_NO_MEMORY))
        return true;
    int callee = lk_callee(df->mc, o);
    return callee >= 0 && df->mc->sums[callee].pure;
}

/* A local flag a branch tests (`bool locked = false; ... locked = true;
 * ... if (locked) unlock();`): the phi of constants it is, through the
 * casts of a bool kept as an i8, in a block outside loops whose every way
 * in a run can leave out (its predecessors' first two edges), else
 * PA_NONE. Each way in sets the flag, so the phi correlates the edges into
 * its block with the branch: a key of its own, tested once. */
static int local_flag(const pa_function *f, int c)
{
    for (int steps = 0; steps < 4 && pa_value_ok(f, c); steps++) {
        const pa_value *v = &f->values[c];
        if (v->kind == PA_VAL_ARITH && v->arith == PA_ARITH_CAST && v->ninputs == 1) {
            c = v->inputs[0];
            continue;
        }
        if (v->kind != PA_VAL_MERGE || !v->in_blocks || v->ninputs < 2 || !pa_block_ok(f, v->def_block) ||
            f->blocks[v->def_block].loop != PA_NONE)
            return PA_NONE;
        bool zero = false, nonzero = false;
        for (size_t i = 0; i < v->ninputs; i++) {
            const pa_value *in = pa_value_at(f, v->inputs[i]);
            int from = v->in_blocks[i];
            if (!in || in->kind != PA_VAL_CONST || !pa_block_ok(f, from))
                return PA_NONE;
            zero |= in->offset == 0;
            nonzero |= in->offset != 0;
            bool reached = false;
            for (size_t k = 0; k < f->blocks[from].nsuccs && k < 2; k++)
                reached |= f->blocks[from].succs[k] == v->def_block;
            if (!reached)
                return PA_NONE;
        }
        /* Both values come in, or splitting on it tells nothing. */
        return zero && nonzero ? c : PA_NONE;
    }
    return PA_NONE;
}

static cond_key key_of(lk_df *df, int c)
{
    const pa_function *f = df->f;
    int flag = local_flag(f, c);
    if (flag >= 0)
        return (cond_key){5, flag, 0, NULL};
    c = lk_forward(&df->fc, c);
    cond_key k = {3, c, 0, NULL};
    const pa_value *v = &f->values[c];
    if (v->kind == PA_VAL_CALL && pa_op_ok(f, v->def_op) && f->ops[v->def_op].kind == PA_OP_CALL &&
        f->ops[v->def_op].callee && stable_call(df, &f->ops[v->def_op])) {
        k.type = 1;
        k.name = f->ops[v->def_op].callee;
    } else if (v->kind == PA_VAL_LOAD) {
        lk_loc l = lk_resolve_loc(&df->fc, v->base, 0);
        if (l.kind == LK_LOC_GLOBAL && !stores_to_global(df, l.base)) {
            k.type = 2;
            k.id = l.base;
            k.off = l.off;
        } else if (l.kind == LK_LOC_ARG && l.off != PA_UNKNOWN_SIZE &&
                   !writes_param_field(df, l.base, l.off)) {
            k.type = 4;
            k.id = l.base;
            k.off = l.off;
        }
    }
    return k;
}

/* Conditions tested by two or more branches: splitting on them keeps
 * `if (active) lock(); ... if (active) unlock();` one path, not four. */
static int correlated_keys(lk_df *df, int *key_of_block, cond_key *keys)
{
    const pa_function *f = df->f;
    size_t n = f->nblocks;
    cond_key *all = malloc((n ? n : 1) * sizeof *all);
    int nkeys = 0;
    if (!all)
        return -1;
    for (size_t b = 0; b < n; b++) {
        key_of_block[b] = PA_NONE;
        const pa_block *bl = &f->blocks[b];
        if (!pa_value_ok(f, bl->cond_value) || bl->nsuccs != 2 ||
            (bl->zero_succ != 0 && bl->zero_succ != 1))
            continue;
        all[b] = key_of(df, bl->cond_value);
        key_of_block[b] = (int)b;
    }
    for (size_t b = 0; b < n && nkeys < LK_MAX_CORRELATED; b++) {
        if (key_of_block[b] != (int)b)
            continue;
        int uses = all[b].type == 5 ? 1 : 0; /* a local flag: the ways into its phi */
        for (size_t c = b; c < n; c++)
            if (key_of_block[c] == (int)c && key_equal(&all[b], &all[c]))
                uses++;
        if (uses < 2)
            continue;
        keys[nkeys] = all[b];
        for (size_t c = b; c < n; c++)
            if (key_of_block[c] == (int)c && c != b && key_equal(&all[b], &all[c]))
                key_of_block[c] = -(nkeys + 2);
        key_of_block[b] = -(nkeys + 2);
        nkeys++;
    }
    for (size_t b = 0; b < n; b++)
        key_of_block[b] = key_of_block[b] <= -2 ? -key_of_block[b] - 2 : PA_NONE;
    free(all);
    return nkeys;
}

static void prune_for(lk_df *df, const int *key_of_block, const cond_key *keys, int nkeys,
                      unsigned assignment)
{
    const pa_function *f = df->f;
    for (size_t b = 0; b < f->nblocks; b++)
        df->pruned[2 * b] = df->pruned[2 * b + 1] = false;
    for (size_t b = 0; b < f->nblocks; b++) {
        int k = key_of_block[b];
        if (k < 0)
            continue;
        bool nonzero = (assignment >> k) & 1u;
        int zero = f->blocks[b].zero_succ;
        df->pruned[2 * b + (size_t)(nonzero ? zero : 1 - zero)] = true;
    }
    /* A local flag's value says which ways into its block were taken. */
    for (int k = 0; k < nkeys; k++) {
        if (keys[k].type != 5)
            continue;
        bool nonzero = (assignment >> k) & 1u;
        const pa_value *v = &f->values[keys[k].id];
        for (size_t i = 0; i < v->ninputs; i++) {
            if ((f->values[v->inputs[i]].offset != 0) == nonzero)
                continue;
            const pa_block *from = &f->blocks[v->in_blocks[i]];
            for (size_t si = 0; si < from->nsuccs && si < 2; si++)
                if (from->succs[si] == v->def_block)
                    df->pruned[2 * (size_t)v->in_blocks[i] + si] = true;
        }
    }
}

/* ---- transfer ------------------------------------------------------------ */

static void set_bit(uint64_t *s, int i)
{
    s[(unsigned)i / 64] |= 1ull << ((unsigned)i % 64);
}

static void clear_bit(uint64_t *s, int i)
{
    s[(unsigned)i / 64] &= ~(1ull << ((unsigned)i % 64));
}

static void acquire(lk_df *df, int inst, int op, bool must)
{
    if (inst < 0)
        return;
    if (must)
        set_bit(df->must, inst);
    set_bit(df->may, inst);
    df->acq[inst] = op;
}

/* Release inst; an unlock through another pointer to the same class (or
 * another element of the same array) releases the held object of that
 * class rather than nothing. */
/* An unlock of a lock this function cannot name (reached through an
 * opaque type: SQLite's sqlite3_stmt) that it does not hold releases the
 * one lock of that primitive it does hold, when there is exactly one (the
 * db->mutex a callee took on success). A lost release would report a lock
 * held at return that is not. */
static void release_the_one_held(lk_df *df, int inst)
{
    int only = PA_NONE;
    for (int j = 0; j < df->ninst; j++) {
        if (j == inst || !lk_bit(df->may, j) || df->insts[j].prim != df->insts[inst].prim)
            continue;
        if (only != PA_NONE)
            return;
        only = j;
    }
    if (only != PA_NONE) {
        clear_bit(df->must, only);
        clear_bit(df->may, only);
    }
}

static void release(lk_df *df, int inst)
{
    if (inst < 0)
        return;
    const lk_sym *r = &df->insts[inst];
    if (!lk_bit(df->may, inst) && (r->param < 0 || r->element))
        for (int j = 0; j < df->ninst; j++)
            if (j != inst && (df->insts[j].param < 0 || df->insts[j].element) &&
                df->insts[j].cls == r->cls && lk_bit(df->may, j)) {
                clear_bit(df->must, j);
                clear_bit(df->may, j);
            }
    if (!lk_bit(df->may, inst) && r->param < 0 &&
        lk_class_kind(&df->mc->classes, r->cls) == PA_CLASS_UNKNOWN)
        release_the_one_held(df, inst);
    clear_bit(df->must, inst);
    clear_bit(df->may, inst);
}

static void transfer(lk_df *df, int op)
{
    const lk_fx *x = &df->fx[op];
    switch (x->kind) {
    case FX_ACQ: acquire(df, x->inst, op, true); break;
    case FX_TRY:
        if (!x->tested)
            acquire(df, x->inst, op, false);
        break;
    case FX_REL: release(df, x->inst); break;
    case FX_CALL:
        for (int i = 0; i < x->nrel; i++)
            if (lk_pool_effect_applies(df, (size_t)(x->rel0 + i)) != 0)
                release(df, df->pool[x->rel0 + i]);
        for (int i = 0; i < x->nacq; i++) {
            int applies = lk_pool_effect_applies(df, (size_t)(x->acq0 + i));
            if (applies != 0)
                acquire(df, df->pool[x->acq0 + i], op, applies > 0);
        }
        break;
    default: break;
    }
}

static void save_pre(lk_df *df)
{
    memcpy(df->pre_must, df->must, df->nwords * sizeof *df->must);
    memcpy(df->pre_may, df->may, df->nwords * sizeof *df->may);
    memcpy(df->pre_acq, df->acq, (size_t)df->ninst * sizeof *df->acq);
}

/* Make block b's fixpoint in-state the current held sets. */
static void load_in_state(lk_df *df, size_t b)
{
    memcpy(df->must, df->in_must + b * df->nwords, df->nwords * sizeof *df->must);
    memcpy(df->may, df->in_may + b * df->nwords, df->nwords * sizeof *df->may);
    memcpy(df->acq, df->in_acq + b * (size_t)df->ninst, (size_t)df->ninst * sizeof *df->acq);
}

/* Run block b from its in-state; with show set, show each op to the client
 * (unless b is exception cleanup). The state before an invoke is kept for
 * its exception edge. */
static bool run_block(lk_df *df, int b, const lk_client *show)
{
    const pa_function *f = df->f;
    load_in_state(df, (size_t)b);
    bool invoke_last = false;
    const pa_block *bl = &f->blocks[b];
    if (show && (df->eh[b] || df->doomed[b]))
        show = NULL;
    for (size_t k = 0; k < bl->nops; k++) {
        int op = bl->ops[k];
        if (!pa_op_ok(f, op))
            continue;
        if (k + 1 == bl->nops && (f->ops[op].call_flags & PA_CALL_INVOKE)) {
            save_pre(df);
            invoke_last = true;
        }
        if (show)
            show->on_op(df, op);
        transfer(df, op);
    }
    return invoke_last;
}

static void replay_edge_into(lk_df *df, int p, int b);

/* The held sets the walk is using, while a replay borrows the scratch
 * (edge) sets. */
typedef struct walk_sets {
    uint64_t *must, *may;
    int *acq;
} walk_sets;

static walk_sets replay_begin(lk_df *df)
{
    walk_sets w = {df->must, df->may, df->acq};
    df->must = df->edge_must;
    df->may = df->edge_may;
    df->acq = df->edge_acq;
    return w;
}

static void replay_end(lk_df *df, walk_sets w)
{
    df->must = w.must;
    df->may = w.may;
    df->acq = w.acq;
}

/* Between replay_begin and replay_end: the state on predecessor p's edge
 * into block b (p's in-state, its ops, the effect of its branch). Returns
 * false, leaving the state alone, when p is no live predecessor of b. */
static bool replay_pred(lk_df *df, size_t p, int b)
{
    const pa_function *f = df->f;
    const pa_block *pb = &f->blocks[p];
    bool is_pred = false;
    for (size_t k = 0; k < pb->nsuccs; k++)
        is_pred |= pb->succs[k] == b && !(k < 2 && df->pruned[2 * p + k]);
    if (!is_pred || !df->visited[p] || df->doomed[p] || df->eh[p])
        return false;
    load_in_state(df, p);
    for (size_t k = 0; k < pb->nops; k++)
        if (pa_op_ok(f, pb->ops[k]))
            transfer(df, pb->ops[k]);
    replay_edge_into(df, (int)p, b);
    return true;
}

int lk_engine_held_from_some_pred(lk_df *df, int b, int inst)
{
    const pa_function *f = df->f;
    if (!pa_block_ok(f, b) || inst < 0 || inst >= df->ninst)
        return PA_NONE;
    walk_sets w = replay_begin(df);
    int found = PA_NONE;
    for (size_t p = 0; p < f->nblocks && found == PA_NONE; p++)
        if (replay_pred(df, p, b) && lk_bit(df->must, inst))
            found = (int)p;
    replay_end(df, w);
    return found;
}

bool lk_engine_free_before(lk_df *df, int op)
{
    const pa_function *f = df->f;
    if (!pa_op_ok(f, op))
        return false;
    int b = f->ops[op].block;
    if (!pa_block_ok(f, b) || !df->visited[b] || df->eh[b] || df->doomed[b])
        return false;
    walk_sets w = replay_begin(df);
    load_in_state(df, (size_t)b);
    const pa_block *bl = &f->blocks[b];
    for (size_t k = 0; k < bl->nops && bl->ops[k] != op; k++)
        if (pa_op_ok(f, bl->ops[k]))
            transfer(df, bl->ops[k]);
    bool any = false;
    for (int i = 0; i < df->ninst; i++)
        any |= lk_bit(df->may, i);
    replay_end(df, w);
    return !any;
}

int lk_engine_ops_under(lk_df *df, int inst, bool (*counts)(const lk_df *df, int op), int limit)
{
    const pa_function *f = df->f;
    int n = 0;
    walk_sets w = replay_begin(df);
    for (size_t b = 0; b < f->nblocks && n <= limit; b++) {
        if (!df->visited[b] || df->eh[b] || df->doomed[b])
            continue;
        load_in_state(df, b);
        const pa_block *bl = &f->blocks[b];
        for (size_t k = 0; k < bl->nops && n <= limit; k++) {
            int op = bl->ops[k];
            if (!pa_op_ok(f, op))
                continue;
            if (lk_bit(df->may, inst) && counts(df, op))
                n++;
            transfer(df, op);
        }
    }
    replay_end(df, w);
    return n;
}

/* What a way into a return is known to return: zero, non-zero, or either. */
typedef enum { RET_EITHER = 0, RET_ZERO, RET_NONZERO } ret_sense;

/* Does the conditional acquisition op leave its locks held when its result
 * is non-zero? -1 when op is no conditional acquisition. */
static int acquires_on_nonzero(const lk_df *df, int op)
{
    if (!pa_op_ok(df->f, op))
        return -1;
    const lk_fx *x = &df->fx[op];
    if (x->kind == FX_TRY && x->inst >= 0)
        return x->success_true ? 1 : 0;
    if (x->kind == FX_CALL && (x->acq_on_zero || x->acq_on_nonzero))
        return x->acq_on_nonzero ? 1 : 0;
    return -1;
}

/* A plain lock whose result the function returns (`return
 * pthread_mutex_lock(m);`): it holds the lock unless it failed, and it
 * says so by returning zero, as pthread's and C11's locks do. */
static bool returns_checked_lock(const lk_df *df, int op)
{
    return pa_op_ok(df->f, op) && df->fx[op].kind == FX_ACQ && df->fx[op].inst >= 0;
}

/* A conditional acquisition of inst at op: a trylock, or a call that
 * leaves it held (a plain lock is no condition). */
static bool op_acquires(const lk_df *df, int op, int inst)
{
    return df->fx[op].kind != FX_ACQ && lk_op_takes(df, op, inst);
}

/* One way into a return, for one instance: does it keep the result and the
 * lock in step, in the sense `nonzero` (held exactly when non-zero) or not
 * (held exactly when zero)? `sure` is what it returns; `conditional` says
 * the lock, when held, was taken by a conditional acquisition. */
static bool way_in_step(const lk_df *df, int inst, ret_sense sure, bool nonzero, bool conditional)
{
    ret_sense held_sense = nonzero ? RET_NONZERO : RET_ZERO;
    if (lk_bit(df->must, inst))
        return sure == held_sense && (!nonzero || conditional);
    return !lk_bit(df->may, inst) && sure != held_sense;
}

/* A way that returns the result of op (negated or not): instance inst,
 * last taken by op, is held exactly on op's success, where the function
 * returns what success makes of the result. */
static void mark_truth_way(const lk_df *df, int op, bool negated, bool *zero_broken,
                           bool *nonzero_broken, bool *held_otherwise)
{
    bool plain = returns_checked_lock(df, op);
    /* A wrapper of such a wrapper returns a checked lock's result too. */
    bool checked = plain || (df->fx[op].kind == FX_CALL && df->fx[op].acq_checked);
    int on_nonzero = plain ? 0 : acquires_on_nonzero(df, op);
    ret_sense success = (on_nonzero == 1) != negated ? RET_NONZERO : RET_ZERO;
    for (int i = 0; i < df->ninst; i++) {
        bool takes = plain ? df->fx[op].inst == i : op_acquires(df, op, i);
        bool carried = on_nonzero >= 0 && df->acq[i] == op && takes && lk_bit(df->may, i) &&
                       (df->fx[op].kind != FX_TRY || !lk_bit(df->must, i));
        if (carried) {
            zero_broken[i] |= success != RET_ZERO;
            nonzero_broken[i] |= success != RET_NONZERO;
            held_otherwise[i] |= !checked;
            continue;
        }
        held_otherwise[i] |= lk_bit(df->may, i);
        zero_broken[i] |= !way_in_step(df, i, RET_EITHER, false, false);
        nonzero_broken[i] |= !way_in_step(df, i, RET_EITHER, true, false);
    }
}

/* One way out through block b (the return's block, or a predecessor that
 * hands the shared return block its value), in the current state. */
static void mark_way_out_of_step(const lk_df *df, const pa_block *b, bool *zero_broken,
                                 bool *nonzero_broken, bool *held_otherwise)
{
    const pa_function *f = df->f;
    if (!b->exit_const_known && pa_value_ok(f, b->exit_truth)) {
        int op = f->values[b->exit_truth].def_op;
        if (pa_op_ok(f, op) && f->ops[op].result == b->exit_truth) {
            mark_truth_way(df, op, b->exit_truth_negated, zero_broken, nonzero_broken, held_otherwise);
            return;
        }
    }
    for (int i = 0; i < df->ninst; i++)
        held_otherwise[i] |= lk_bit(df->may, i);
    ret_sense sure = !b->exit_const_known ? RET_EITHER : b->exit_const == 0 ? RET_ZERO : RET_NONZERO;
    for (int i = 0; i < df->ninst; i++) {
        int by = df->acq[i];
        bool conditional = by >= 0 && acquires_on_nonzero(df, by) >= 0;
        zero_broken[i] |= !way_in_step(df, i, sure, false, conditional);
        nonzero_broken[i] |= !way_in_step(df, i, sure, true, conditional);
    }
}

void lk_engine_mark_returns_out_of_step(lk_df *df, int ret_op, bool *zero_broken,
                                        bool *nonzero_broken, bool *held_otherwise)
{
    const pa_function *f = df->f;
    const pa_op *ro = pa_op_at(f, ret_op);
    if (!ro || !pa_block_ok(f, ro->block)) {
        for (int i = 0; i < df->ninst; i++)
            zero_broken[i] = nonzero_broken[i] = held_otherwise[i] = true;
        return;
    }
    const pa_block *rb = &f->blocks[ro->block];
    if (rb->exit_const_known || pa_value_ok(f, rb->exit_truth)) {
        mark_way_out_of_step(df, rb, zero_broken, nonzero_broken, held_otherwise);
        return;
    }
    walk_sets w = replay_begin(df);
    bool any = false;
    for (size_t p = 0; p < f->nblocks; p++) {
        if (!replay_pred(df, p, ro->block))
            continue;
        /* What the return block itself does before returning. */
        for (size_t k = 0; k < rb->nops && rb->ops[k] != ret_op; k++)
            if (pa_op_ok(f, rb->ops[k]))
                transfer(df, rb->ops[k]);
        any = true;
        mark_way_out_of_step(df, &f->blocks[p], zero_broken, nonzero_broken, held_otherwise);
    }
    replay_end(df, w);
    if (!any)
        for (int i = 0; i < df->ninst; i++)
            zero_broken[i] = nonzero_broken[i] = held_otherwise[i] = true;
}

/* Merge state into successor s; returns true when s's in-state changed. */
static bool merge_into(lk_df *df, int s, const uint64_t *must, const uint64_t *may, const int *acq)
{
    uint64_t *im = df->in_must + (size_t)s * df->nwords, *iy = df->in_may + (size_t)s * df->nwords;
    int *ia = df->in_acq + (size_t)s * (size_t)df->ninst;
    bool changed = false;
    if (!df->visited[s]) {
        df->visited[s] = true;
        memcpy(im, must, df->nwords * sizeof *im);
        memcpy(iy, may, df->nwords * sizeof *iy);
        memcpy(ia, acq, (size_t)df->ninst * sizeof *ia);
        return true;
    }
    for (size_t w = 0; w < df->nwords; w++) {
        uint64_t nm = im[w] & must[w], ny = iy[w] | may[w];
        changed |= nm != im[w] || ny != iy[w];
        im[w] = nm;
        iy[w] = ny;
    }
    for (int i = 0; i < df->ninst; i++)
        if (ia[i] < 0 && acq[i] >= 0 && lk_bit(iy, i))
            ia[i] = acq[i];
    return changed;
}

typedef struct worklist {
    int *queue;
    bool *queued;
    size_t head, count, cap;
} worklist;

static void enqueue(worklist *w, int b)
{
    if (w->queued[b] || w->count == w->cap)
        return;
    w->queue[(w->head + w->count) % w->cap] = b;
    w->count++;
    w->queued[b] = true;
}

/* The op whose result block b's branch tests, when that result says
 * whether a lock is held (a trylock, a checked lock, an acquire-on-success
 * callee), else PA_NONE. */
static int tested_op(const lk_df *df, int b)
{
    const pa_function *f = df->f;
    const pa_block *bl = &f->blocks[b];
    if (!pa_value_ok(f, bl->cond_value) || bl->nsuccs != 2 ||
        (bl->zero_succ != 0 && bl->zero_succ != 1))
        return PA_NONE;
    int op = f->values[bl->cond_value].def_op;
    if (pa_op_ok(f, op) && df->fx[op].tested && f->ops[op].result == bl->cond_value)
        return op;
    return PA_NONE;
}

/* Taking the failure edge of a lock op (a plain lock, or a call that
 * acquires on success) whose result the branch tests: it holds nothing. */
static void failure_edge_effect(lk_df *df, int op, uint64_t *must, uint64_t *may)
{
    const lk_fx *x = &df->fx[op];
    if (x->kind == FX_ACQ) {
        clear_bit(must, x->inst);
        clear_bit(may, x->inst);
        return;
    }
    for (int k = 0; k < x->nacq; k++)
        if (df->pool[x->acq0 + k] >= 0) {
            clear_bit(must, df->pool[x->acq0 + k]);
            clear_bit(may, df->pool[x->acq0 + k]);
        }
}

/* What taking edge si of block b (which branches on `tested`'s result)
 * does to the held sets: the success edge of a trylock holds it, the
 * failure edge of a checked lock or an acquire-on-success call does not. */
static void branch_edge_effect(lk_df *df, int b, int tested, size_t si, uint64_t *must,
                               uint64_t *may, int *acq)
{
    const pa_block *bl = &df->f->blocks[b];
    const lk_fx *x = &df->fx[tested];
    int success = x->kind == FX_TRY && x->success_true ? 1 - bl->zero_succ : bl->zero_succ;
    if (x->inst >= 0 && x->kind == FX_TRY && (int)si == success) {
        set_bit(must, x->inst);
        set_bit(may, x->inst);
        acq[x->inst] = tested;
    } else if ((x->inst >= 0 && x->kind == FX_ACQ && (int)si != success) ||
               /* An acquire-on-success callee failed (returned an error, or
                * zero for one that returns non-zero on success). */
               (x->kind == FX_CALL && ((int)si == bl->zero_succ) == x->acq_on_nonzero)) {
        failure_edge_effect(df, tested, must, may);
    }
}

/* The lock op whose result block b's branch tests by sign (`if (lock(m)
 * < 0) return -1;`): a plain lock, or a call that acquires when it returns
 * zero. *failure is the successor on which the result is not zero: there
 * the lock was not taken. PA_NONE when b's branch is no such test. */
static int sign_tested_op(const lk_df *df, int b, int *failure)
{
    const pa_function *f = df->f;
    const pa_block *bl = &f->blocks[b];
    if (!pa_value_ok(f, bl->nonzero_value) || bl->nsuccs != 2 ||
        (bl->nonzero_succ != 0 && bl->nonzero_succ != 1) || bl->succs[0] == bl->succs[1])
        return PA_NONE;
    int op = f->values[bl->nonzero_value].def_op;
    if (!pa_op_ok(f, op) || f->ops[op].result != bl->nonzero_value)
        return PA_NONE;
    const lk_fx *x = &df->fx[op];
    if (!(x->kind == FX_ACQ && x->inst >= 0) && !(x->kind == FX_CALL && x->acq_on_zero))
        return PA_NONE;
    *failure = bl->nonzero_succ;
    return op;
}

/* The edge effect of predecessor p's branch into block b on the current
 * (replayed) state, when only one of p's edges leads to b. */
static void replay_edge_into(lk_df *df, int p, int b)
{
    const pa_block *pb = &df->f->blocks[p];
    if (pb->nsuccs != 2 || pb->succs[0] == pb->succs[1])
        return;
    int si = pb->succs[0] == b ? 0 : 1, failure = PA_NONE;
    int tested = tested_op(df, p);
    if (tested >= 0) {
        branch_edge_effect(df, p, tested, (size_t)si, df->must, df->may, df->acq);
        return;
    }
    int sign_tested = sign_tested_op(df, p, &failure);
    if (sign_tested >= 0 && si == failure)
        failure_edge_effect(df, sign_tested, df->must, df->may);
}

/* Send block b's out-state to its successors (a lock-result branch adds or
 * drops the lock on one edge); changed successors go on w when given. */
static void propagate(lk_df *df, int b, bool invoke_last, worklist *w)
{
    const pa_function *f = df->f;
    const pa_block *bl = &f->blocks[b];
    int tested = tested_op(df, b), failure = PA_NONE;
    int sign_tested = tested < 0 ? sign_tested_op(df, b, &failure) : PA_NONE;
    for (size_t si = 0; si < bl->nsuccs; si++) {
        int s = bl->succs[si];
        if (!pa_block_ok(f, s) || (si < 2 && df->pruned[2 * (size_t)b + si]))
            continue;
        bool exc = invoke_last && f->blocks[s].eh_pad;
        const uint64_t *m0 = exc ? df->pre_must : df->must, *y0 = exc ? df->pre_may : df->may;
        const int *a0 = exc ? df->pre_acq : df->acq;
        bool changed;
        if ((tested >= 0 && si < 2) || (sign_tested >= 0 && (int)si == failure)) {
            memcpy(df->edge_must, m0, df->nwords * sizeof *df->edge_must);
            memcpy(df->edge_may, y0, df->nwords * sizeof *df->edge_may);
            memcpy(df->edge_acq, a0, (size_t)df->ninst * sizeof *df->edge_acq);
            if (tested >= 0)
                branch_edge_effect(df, b, tested, si, df->edge_must, df->edge_may, df->edge_acq);
            else
                failure_edge_effect(df, sign_tested, df->edge_must, df->edge_may);
            changed = merge_into(df, s, df->edge_must, df->edge_may, df->edge_acq);
        } else {
            changed = merge_into(df, s, m0, y0, a0);
        }
        if (changed && w)
            enqueue(w, s);
    }
}

static int fixpoint(lk_df *df)
{
    const pa_function *f = df->f;
    size_t n = f->nblocks;
    worklist w = {lk_scratch(df->mc, n * sizeof(int)), lk_scratch(df->mc, n * sizeof(bool)), 0, 0, n};
    if (!w.queue || !w.queued)
        return -1;
    memset(df->visited, 0, n * sizeof *df->visited);
    memset(df->in_must, 0, n * df->nwords * sizeof *df->in_must);
    memset(df->in_may, 0, n * df->nwords * sizeof *df->in_may);
    for (size_t i = 0; i < n * (size_t)df->ninst; i++)
        df->in_acq[i] = PA_NONE;
    df->visited[0] = true;
    enqueue(&w, 0);
    /* Bounded: a malformed model must not spin forever. */
    for (size_t budget = n * 64 + 64; w.count > 0 && budget > 0; budget--) {
        int b = w.queue[w.head];
        w.head = (w.head + 1) % w.cap;
        w.count--;
        w.queued[b] = false;
        bool inv = run_block(df, b, NULL);
        propagate(df, b, inv, &w);
    }
    return 0;
}

/* Visit every reachable block once more with the fixpoint's in-states. */
static void walk(lk_df *df, const lk_client *client)
{
    for (size_t b = 0; b < df->f->nblocks; b++)
        if (df->visited[b])
            run_block(df, (int)b, client);
}

/* ---- driver -------------------------------------------------------------- */

static bool has_lock_effects(const lk_df *df)
{
    for (size_t i = 0; i < df->f->nops; i++) {
        const lk_fx *x = &df->fx[i];
        if (x->kind == FX_ACQ || x->kind == FX_TRY || x->kind == FX_REL ||
            (x->kind == FX_CALL && (x->nacq || x->nrel)))
            return true;
    }
    return false;
}

void *lk_scratch(lk_module *mc, size_t n)
{
    void *p = pa_arena_alloc(&mc->scratch, n ? n : 1, _Alignof(max_align_t));
    if (!p) {
        mc->oom = true;
        return NULL;
    }
    memset(p, 0, n);
    return p;
}

static int alloc_states(lk_df *df)
{
    lk_module *mc = df->mc;
    size_t n = df->f->nblocks, w = df->nwords, k = (size_t)(df->ninst ? df->ninst : 1);
    df->in_must = lk_scratch(mc, n * w * sizeof *df->in_must);
    df->in_may = lk_scratch(mc, n * w * sizeof *df->in_may);
    df->in_acq = lk_scratch(mc, n * k * sizeof *df->in_acq);
    df->visited = lk_scratch(mc, n * sizeof *df->visited);
    df->pruned = lk_scratch(mc, 2 * n * sizeof *df->pruned);
    df->must = lk_scratch(mc, w * sizeof *df->must);
    df->may = lk_scratch(mc, w * sizeof *df->may);
    df->pre_must = lk_scratch(mc, w * sizeof *df->pre_must);
    df->pre_may = lk_scratch(mc, w * sizeof *df->pre_may);
    df->edge_must = lk_scratch(mc, w * sizeof *df->edge_must);
    df->edge_may = lk_scratch(mc, w * sizeof *df->edge_may);
    df->acq = lk_scratch(mc, k * sizeof *df->acq);
    df->pre_acq = lk_scratch(mc, k * sizeof *df->pre_acq);
    df->edge_acq = lk_scratch(mc, k * sizeof *df->edge_acq);
    return mc->oom ? -1 : 0;
}

/* What lives outside the scratch: the effect pools, which grow by realloc,
 * and the function's facts. */
static void free_df(lk_df *df)
{
    lk_fn_free(&df->fc);
    free(df->pool);
    free(df->pool_cond);
    free(df->pool_src);
}

int lk_engine_run(lk_module *mc, int index, const lk_client *client, void *ctx)
{
    const pa_function *f = mc->m->functions[index];
    if (!f || !f->is_definition || f->nblocks == 0)
        return 0;
    /* The last run's arrays are dead: their chunk serves this one. */
    pa_arena_reset(&mc->scratch, true);
    mc->scratch.grow = true;
    lk_df *df = pa_arena_alloc(&mc->scratch, sizeof *df, _Alignof(lk_df));
    int rc = -1, *key_of_block = NULL;
    cond_key keys[LK_MAX_CORRELATED];
    if (!df) {
        mc->oom = true;
        return -1;
    }
    memset(df, 0, offsetof(lk_df, insts));
    df->mc = mc;
    df->f = f;
    df->ctx = ctx;
    if (lk_fn_init(&df->fc, mc, index) != 0)
        goto fail;
    df->fx = lk_scratch(mc, f->nops * sizeof *df->fx);
    df->eh = lk_scratch(mc, f->nblocks * sizeof *df->eh);
    df->doomed = lk_scratch(mc, f->nblocks * sizeof *df->doomed);
    df->failing = lk_scratch(mc, f->nblocks * sizeof *df->failing);
    key_of_block = lk_scratch(mc, f->nblocks * sizeof *key_of_block);
    if (!df->fx || !df->eh || !df->doomed || !df->failing || !key_of_block || build_effects(df) != 0)
        goto fail;
    mark_eh(df);
    mark_doomed(df);
    mark_failing(df);
    df->nwords = ((size_t)df->ninst + 63) / 64;
    if (df->nwords == 0)
        df->nwords = 1;
    if (alloc_states(df) != 0 || client->begin(df) != 0)
        goto fail;
    int nkeys = 0;
    if (has_lock_effects(df)) {
        nkeys = correlated_keys(df, key_of_block, keys);
        if (nkeys < 0)
            goto fail;
    } else {
        for (size_t b = 0; b < f->nblocks; b++)
            key_of_block[b] = PA_NONE;
    }
    df->nkeys = nkeys;
    for (int k = 0; k < nkeys; k++) {
        const pa_value *kv = keys[k].type == 3 ? pa_value_at(f, keys[k].id) : NULL;
        df->key_param[k] = kv && kv->kind == PA_VAL_ARG ? kv->param_index : PA_NONE;
    }
    for (unsigned a = 0; a < (1u << nkeys); a++) {
        df->assignment = a;
        prune_for(df, key_of_block, keys, nkeys, a);
        if (fixpoint(df) != 0)
            goto fail;
        walk(df, client);
    }
    rc = client->finish(df);
fail:
    if (mc->oom)
        rc = -1;
    free_df(df);
    return rc;
}

static bool value_is_zero(const pa_function *f, int v, int zero_param)
{
    const pa_value *val = pa_value_at(f, v);
    if (!val)
        return false;
    if (val->kind == PA_VAL_CONST)
        return val->offset == 0;
    return val->kind == PA_VAL_ARG && zero_param >= 0 && val->param_index == zero_param;
}

/* The parameter that callee, a realloc forwarder (librdkafka's rd_realloc:
 * realloc, then abort on NULL), passes on as the new size: each of its
 * allocations is a realloc sized by that parameter. PA_NONE otherwise. */
static int realloc_size_param(const pa_function *callee)
{
    int param = PA_NONE;
    for (size_t i = 0; callee && i < callee->nops; i++) {
        const pa_op *a = &callee->ops[i];
        if (a->kind != PA_OP_ALLOC && !a->via_wrapper)
            continue;
        const pa_value *v = pa_value_at(callee, pa_value_skip_casts(callee, a->size_value));
        if (a->allocator != PA_ALLOCATOR_REALLOC || !v || v->kind != PA_VAL_ARG ||
            (param != PA_NONE && param != v->param_index))
            return PA_NONE;
        param = v->param_index;
    }
    return param;
}

bool lk_returns_struct(const pa_op *o)
{
    for (size_t a = 0; o->arg_flags && a < o->nargs; a++)
        if (o->arg_flags[a] & PA_ARG_SRET)
            return true;
    return false;
}

int lk_call_object(const pa_op *o)
{
    for (size_t a = 0; a < o->nargs; a++)
        if (!(o->arg_flags && (o->arg_flags[a] & PA_ARG_SRET)))
            return o->args[a];
    return PA_NONE;
}

bool lk_local_object(const pa_function *f, int v)
{
    const pa_value *r = pa_value_ok(f, v) ? pa_value_at(f, pa_value_root(f, v, NULL)) : NULL;
    return r && (r->kind == PA_VAL_STACK || (r->kind == PA_VAL_ARG && r->sret));
}

bool lk_library_allocation(const lk_df *df, int op)
{
    const lk_fx *x = &df->fx[op];
    if (x->kind != FX_CALL || x->callee < 0)
        return false;
    const pa_function *f = df->f;
    const pa_op *o = &f->ops[op];
    const char *root = df->mc->m->directory;
    /* The library's own code calling itself is that library's analysis. */
    if (pa_catalog_vendored_file(f->loc.file, root))
        return false;
    /* A result built fresh (returned in a slot of the caller's, a
     * formatted string) can be made before the lock: only growth of an
     * object kept beyond the call (`this->q.enqueue(node)`) cannot. */
    if (lk_returns_struct(o))
        return false;
    int obj = lk_call_object(o);
    if (!pa_value_ok(f, obj) || lk_local_object(f, obj))
        return false;
    const pa_function *callee = df->mc->m->functions[x->callee];
    return (callee && pa_catalog_vendored_file(callee->loc.file, root)) ||
           df->mc->sums[x->callee].alloc_in_library;
}

bool lk_amortised_growth(const lk_module *mc, const pa_function *f, const pa_op *o)
{
    if (o->kind == PA_OP_ALLOC || o->via_wrapper)
        return o->allocator == PA_ALLOCATOR_REALLOC &&
               pa_growth_doubles_kept_capacity(f, o->size_value);
    if (o->kind != PA_OP_CALL || !mc)
        return false;
    int k = realloc_size_param(pa_op_callee(mc->m, o));
    return k >= 0 && (size_t)k < o->nargs && o->args &&
           pa_growth_doubles_kept_capacity(f, o->args[k]);
}

bool lk_call_skips_allocation(const lk_df *df, int op, int zero_param)
{
    const lk_fx *x = &df->fx[op];
    if (x->kind != FX_CALL || x->callee < 0)
        return false;
    const lk_summary *sum = &df->mc->sums[x->callee];
    if (!sum->done)
        return false;
    int p = sum->alloc_param;
    const pa_op *o = &df->f->ops[op];
    return p >= 0 && (size_t)p < o->nargs && value_is_zero(df->f, o->args[p], zero_param);
}
