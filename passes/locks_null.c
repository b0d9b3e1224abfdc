/* passes/locks_null.c — NULL-only lock acquisitions and non-NULL call
 * arguments (see locks_null.h). Both questions are reachability over the
 * CFG with the edges a NULL test rules out removed. Tested by
 * lit/locks_shape_null_param.c and tests/test_locks.c. */
#include "locks_null.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define NULL_DEPTH 8 /* merges and offsets followed for a non-NULL pointer */

/* The value a test or argument is about: casts and zero offsets stripped,
 * -O0 slots followed to what was stored. */
static int pointer_root(lk_fn *fc, int v)
{
    const pa_function *f = fc->f;
    for (int steps = 0; steps < NULL_DEPTH && pa_value_ok(f, v); steps++) {
        int64_t off = 0;
        int r = pa_value_root(f, v, &off);
        if (!pa_value_ok(f, r) || off != 0)
            return v; /* a field address: not the pointer itself */
        int next = lk_forward(fc, r);
        if (next == r)
            return r;
        v = next;
    }
    return v;
}

#define NOT_TESTED INT_MIN /* a block that tests no pointer (no value id) */

/* The pointer block b's branch tests against zero (its root), else
 * NOT_TESTED. */
static int cond_root(lk_fn *fc, int b)
{
    const pa_block *bl = &fc->f->blocks[b];
    if (bl->nsuccs != 2 || bl->succs[0] == bl->succs[1] || (bl->zero_succ != 0 && bl->zero_succ != 1) ||
        !pa_value_ok(fc->f, bl->cond_value))
        return NOT_TESTED;
    return pointer_root(fc, bl->cond_value);
}

/* The pointer block b's folded condition (`x == 0 || c`, `x != 0 && c`)
 * tests, else NOT_TESTED. */
static int implied_root(lk_fn *fc, int b)
{
    const pa_block *bl = &fc->f->blocks[b];
    if (bl->nsuccs != 2 || bl->succs[0] == bl->succs[1] ||
        (bl->zero_implied_succ != 0 && bl->zero_implied_succ != 1) ||
        !pa_value_ok(fc->f, bl->zero_implied_value))
        return NOT_TESTED;
    return pointer_root(fc, bl->zero_implied_value);
}

/* Both for every block, once per function (fc->null_cond_root,
 * null_implied_root): every reachability question below asks them of the
 * blocks it passes, and a summary asks one per lock and parameter. Out of
 * memory leaves them unset, and each is then worked out when asked. */
static void note_test_roots(lk_fn *fc)
{
    size_t n = fc->f->nblocks;
    if (fc->null_cond_root)
        return;
    int *cond = malloc((n ? n : 1) * sizeof *cond), *implied = malloc((n ? n : 1) * sizeof *implied);
    if (!cond || !implied) {
        free(cond);
        free(implied);
        return;
    }
    for (size_t b = 0; b < n; b++) {
        cond[b] = cond_root(fc, (int)b);
        implied[b] = implied_root(fc, (int)b);
    }
    fc->null_cond_root = cond;
    fc->null_implied_root = implied;
}

/* Is block b's branch a test of `root` against zero? Returns its zero
 * successor index, or -1. */
static int zero_edge_testing(lk_fn *fc, int b, int root)
{
    int tested = fc->null_cond_root ? fc->null_cond_root[b] : cond_root(fc, b);
    return tested != NOT_TESTED && tested == root ? fc->f->blocks[b].zero_succ : -1;
}

/* Does the folded condition of block b (`x == 0 || c`, `x != 0 && c`) send
 * a zero `root` one way? Returns the successor taken only when it is
 * non-zero, or -1. */
static int implied_nonzero_edge(lk_fn *fc, int b, int root)
{
    int tested = fc->null_implied_root ? fc->null_implied_root[b] : implied_root(fc, b);
    return tested != NOT_TESTED && tested == root ? 1 - fc->f->blocks[b].zero_implied_succ : -1;
}

/* Mark seen[] every block reached from the entry without taking an edge
 * that only a zero (skip_zero) or only a non-zero (!skip_zero) `root`
 * takes, nor leaving a block marked in stop[] (NULL: none). Returns false
 * on out of memory. */
static bool reach_without(lk_fn *fc, int root, bool skip_zero, const unsigned char *stop,
                          unsigned char *seen)
{
    const pa_function *f = fc->f;
    note_test_roots(fc);
    int *stack = malloc(f->nblocks * sizeof *stack);
    if (!stack)
        return false;
    size_t sp = 0;
    memset(seen, 0, f->nblocks);
    seen[0] = 1;
    stack[sp++] = 0;
    while (sp > 0) {
        int b = stack[--sp];
        const pa_block *bl = &f->blocks[b];
        if (stop && stop[b])
            continue;
        int zero = zero_edge_testing(fc, b, root);
        int skip = zero < 0 ? -1 : skip_zero ? zero : 1 - zero;
        if (!skip_zero && skip < 0)
            skip = implied_nonzero_edge(fc, b, root);
        for (size_t k = 0; k < bl->nsuccs; k++) {
            int to = bl->succs[k];
            if ((int)k == skip || !pa_block_ok(f, to) || seen[to])
                continue;
            seen[to] = 1;
            stack[sp++] = to;
        }
    }
    free(stack);
    return true;
}

/* Does op (run in a walk the client sees) acquire instance inst? */
static bool acquires(const lk_df *df, size_t op, int inst)
{
    const lk_fx *x = &df->fx[op];
    if (x->kind == FX_ACQ || x->kind == FX_TRY)
        return x->inst == inst;
    if (x->kind != FX_CALL)
        return false;
    for (int i = 0; i < x->nlck; i++)
        if (df->pool[x->lck0 + i] == inst)
            return true;
    return lk_call_leaves(df, x, inst);
}

/* Is every acquisition of inst outside `reached` (and is there one)? */
static bool all_acquisitions_outside(const lk_df *df, int inst, const unsigned char *reached)
{
    const pa_function *f = df->f;
    bool any = false;
    for (size_t op = 0; op < f->nops; op++) {
        int b = f->ops[op].block;
        if (!pa_block_ok(f, b) || df->eh[b] || df->doomed[b] || !acquires(df, op, inst))
            continue; /* cleanup and crash paths are not shown to clients either */
        if (reached[b])
            return false;
        any = true;
    }
    return any;
}

/* The value of pointer parameter p, or PA_NONE. */
static int pointer_param_value(const pa_function *f, unsigned p)
{
    for (size_t v = 0; v < f->nvalues; v++)
        if (f->values[v].kind == PA_VAL_ARG && f->values[v].param_index == (int)p)
            return f->values[v].is_pointer && !f->values[v].nonnull ? (int)v : PA_NONE;
    return PA_NONE;
}

/* Does some branch test root against zero? Most parameters are never
 * tested: no reachability to work out for them. */
static bool tested_anywhere(lk_fn *fc, int root)
{
    note_test_roots(fc);
    for (size_t b = 0; b < fc->f->nblocks; b++)
        if (zero_edge_testing(fc, (int)b, root) >= 0)
            return true;
    return false;
}

/* The root of pointer parameter p when some branch tests it against zero,
 * else PA_NONE. */
static int tested_param_root(lk_fn *fc, unsigned p)
{
    int v = pointer_param_value(fc->f, p);
    int root = v < 0 ? PA_NONE : pointer_root(fc, v);
    return v >= 0 && tested_anywhere(fc, root) ? root : PA_NONE;
}

int lk_null_only_param(lk_df *df, int inst)
{
    const pa_function *f = df->f;
    if (inst < 0 || f->nblocks == 0)
        return -1;
    unsigned char *seen = malloc(f->nblocks);
    int found = -1;
    lk_fn *fc = &df->fc;
    for (unsigned p = 0; seen && p < f->nparams && p < 32 && found < 0; p++) {
        int root = tested_param_root(fc, p);
        if (root == PA_NONE || !reach_without(fc, root, true, NULL, seen))
            continue;
        if (all_acquisitions_outside(df, inst, seen))
            found = (int)p;
    }
    free(seen);
    return found;
}

/* Does op release instance inst (an unlock of it, or a call whose summary
 * releases it)? */
static bool releases(const lk_df *df, size_t op, int inst)
{
    const lk_fx *x = &df->fx[op];
    if (x->kind == FX_REL)
        return x->inst == inst;
    if (x->kind != FX_CALL)
        return false;
    for (int i = 0; i < x->nrel; i++)
        if (df->pool[x->rel0 + i] == inst)
            return true;
    return false;
}

/* The pointer parameter a lock is reached from: its own (param-relative),
 * or the one the handle it was loaded as comes from through loads at
 * constant offsets (`pVm->db->mutex`); -1 when none. */
static int lock_param(const lk_df *df, int inst)
{
    const lk_sym *s = &df->insts[inst];
    if (s->param >= 0)
        return s->param;
    int v = s->object;
    for (int steps = 0; steps < NULL_DEPTH && pa_value_ok(df->f, v); steps++) {
        const pa_value *x = &df->f->values[v];
        if (x->kind == PA_VAL_ARG)
            return x->param_index;
        if (x->kind != PA_VAL_LOAD)
            return -1;
        int64_t off = 0;
        v = pa_value_root(df->f, x->base, &off);
        if (off == PA_UNKNOWN_SIZE)
            return -1;
    }
    return -1;
}

bool lk_null_only_unheld(lk_df *df, int inst)
{
    const pa_function *f = df->f;
    int param = inst >= 0 && inst < df->ninst ? lock_param(df, inst) : -1;
    if (param < 0 || f->nblocks == 0)
        return false;
    lk_fn *fc = &df->fc;
    int root = tested_param_root(fc, (unsigned)param);
    if (root == PA_NONE)
        return false;
    /* Blocks a walk stops at: a blocking acquisition of the lock in this
     * function (held from there on; a trylock may fail, a callee's hold may
     * depend on its result or arguments), cleanup and crash paths. */
    unsigned char *stop = calloc(f->nblocks, 1), *seen = malloc(f->nblocks);
    bool unheld = !stop || !seen;
    for (size_t op = 0; op < f->nops && !unheld; op++) {
        int b = f->ops[op].block;
        if (releases(df, op, inst))
            unheld = true;
        else if (pa_block_ok(f, b) && df->fx[op].kind == FX_ACQ && df->fx[op].inst == inst)
            stop[b] = 1;
    }
    for (size_t b = 0; b < f->nblocks && !unheld; b++)
        stop[b] |= df->eh[b] || df->doomed[b];
    /* Along the edges a non-NULL handle takes: a normal return reached
     * returns without the lock while the lock exists. */
    if (!unheld && !reach_without(fc, root, true, stop, seen))
        unheld = true;
    for (size_t b = 0; b < f->nblocks && !unheld; b++) {
        const pa_block *bl = &f->blocks[b];
        unheld = seen[b] && !stop[b] && bl->returns && !bl->eh_pad && !bl->unreachable;
    }
    free(stop);
    free(seen);
    return !unheld;
}

/* A pointer that cannot be NULL wherever it is used. */
static bool never_null(const pa_function *f, int v, int depth)
{
    const pa_value *x = pa_value_at(f, v);
    if (!x || depth > NULL_DEPTH)
        return false;
    switch (x->kind) {
    case PA_VAL_GLOBAL:
    case PA_VAL_STACK:
    case PA_VAL_FUNCTION: return true;
    case PA_VAL_CONST: return x->offset != 0;
    case PA_VAL_ARG: return x->nonnull;
    case PA_VAL_DERIVED:
        /* &p->field: a member's address (a field past the start). */
        if (x->offset != PA_UNKNOWN_SIZE && x->offset > 0)
            return true;
        return never_null(f, x->base, depth + 1);
    case PA_VAL_MERGE:
        if (x->ninputs == 0)
            return false;
        for (size_t i = 0; i < x->ninputs; i++)
            if (!never_null(f, x->inputs[i], depth + 1))
                return false;
        return true;
    default: return false;
    }
}

bool lk_arg_nonnull(lk_fn *fc, int op, size_t a)
{
    const pa_function *f = fc->f;
    const pa_op *o = pa_op_at(f, op);
    if (!o || a >= o->nargs || !o->args)
        return false;
    unsigned flags = o->arg_flags ? o->arg_flags[a] : 0;
    if (flags & PA_ARG_NONNULL)
        return true;
    if (flags & PA_ARG_CONST)
        return o->arg_const && o->arg_const[a] != 0;
    int v = o->args[a];
    if (!pa_value_ok(f, v))
        return false;
    int root = pointer_root(fc, v);
    if (never_null(f, v, 0) || never_null(f, root, 0))
        return true;
    /* Checked on the way: no path reaches the call but through a test that
     * found it non-NULL (an allocation checked before use). */
    if (!pa_block_ok(f, o->block) || f->nblocks == 0)
        return false;
    unsigned char *seen = malloc(f->nblocks);
    bool checked = seen && reach_without(fc, root, false, NULL, seen) && !seen[o->block];
    free(seen);
    return checked;
}
