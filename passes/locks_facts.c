/* passes/locks_facts.c — per-function lock facts gathered over the engine's
 * walks (see locks_facts.h). Tested by tests/test_locks.c. */
#include "locks_facts.h"
#include "catalog.h"
#include "locks_local_build.h"
#include "profile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The arrays live in the run's scratch (lk_scratch): they die with it. */
int lk_facts_init(lk_facts *k, const lk_df *df)
{
    size_t n = (size_t)(df->ninst ? df->ninst : 1);
    lk_module *mc = df->mc;
    memset(k, 0, sizeof *k);
    k->alloc_gate = -2;
    k->first_acq = lk_scratch(mc, n * sizeof *k->first_acq);
    k->leak_op = lk_scratch(mc, n * sizeof *k->leak_op);
    k->leak_block = lk_scratch(mc, n * sizeof *k->leak_block);
    k->acq_blocking = lk_scratch(mc, n * sizeof(bool));
    k->locks = lk_scratch(mc, n * sizeof(bool));
    k->leaked = lk_scratch(mc, n * sizeof(bool));
    k->leak_must = lk_scratch(mc, n * sizeof(bool));
    k->not_must_ret = lk_scratch(mc, n * sizeof(bool));
    k->unheld_unlock = lk_scratch(mc, n * sizeof(bool));
    k->zero_broken = lk_scratch(mc, n * sizeof(bool));
    k->nonzero_broken = lk_scratch(mc, n * sizeof(bool));
    k->held_otherwise = lk_scratch(mc, n * sizeof(bool));
    k->wrote = lk_scratch(mc, n * sizeof(bool));
    k->read = lk_scratch(mc, n * sizeof(bool));
    k->waited = lk_scratch(mc, n * sizeof(bool));
    k->locks_when = lk_scratch(mc, n);
    k->leaked_when = lk_scratch(mc, n);
    k->unheld_when = lk_scratch(mc, n);
    k->cond_through = lk_scratch(mc, n * sizeof *k->cond_through);
    if (mc->oom)
        return -1;
    for (size_t i = 0; i < n; i++)
        k->first_acq[i] = k->leak_op[i] = k->leak_block[i] = k->cond_through[i] = PA_NONE;
    k->trivial = true;
    k->pure = true;
    k->only_waits = true;
    return 0;
}

void lk_facts_free(lk_facts *k)
{
    memset(k, 0, sizeof *k);
}

/* The chance that a block run `freq` times per call (a fraction when it is
 * conditional) does something that has chance p each time. Not p * freq:
 * an expected count capped at 1 made every rare effect inside a loop
 * certain. */
static double chance_at(double p, double freq)
{
    if (!(p > 0) || !(freq > 0))
        return 0;
    if (p > 1)
        p = 1;
    if (freq <= 1)
        return p * freq;
    return 1.0 - pow(1.0 - p, freq);
}

/* A wait bound to its mutex (condwait mutex=held), made here or in a
 * callee: it releases the one lock held here. With several held on every
 * path it releases one of them, which is not known, and the caller's lock
 * stays held: a plain blocking call for the caller. With none held on
 * every path (none at all, or one on some paths only: RocksDB
 * FindObsoleteFiles waits on log_sync_cv_, bound to the caller's DB mutex,
 * after a conditional log_write_mutex_ section) it releases the lock its
 * caller holds (waits_held): a caller holding one lock counts it released,
 * one holding several claims nothing. */
static void note_held_wait(lk_facts *k, const lk_df *df)
{
    int held = lk_sole_held(df);
    if (held >= 0) {
        k->waited[held] = true;
        return;
    }
    for (int i = 0; i < df->ninst; i++)
        if (lk_bit(df->must, i)) {
            k->only_waits = false;
            return;
        }
    k->waits_held = true;
}

/* The parameter whose object's memory address v is in (`this + off`), or
 * -1. */
static int param_of_address(const pa_function *f, int v)
{
    const pa_value *r = pa_value_at(f, pa_value_ok(f, v) ? pa_value_root(f, v, NULL) : PA_NONE);
    return r && r->kind == PA_VAL_ARG ? r->param_index : -1;
}

/* The parameter whose object's state the value v reads: a load from that
 * object, or the result of a module function that only reads, handed
 * only that object and constants (std::atomic<bool>::operator bool of
 * `this->finished_loading` before inlining). -1 when it is neither. */
static int state_param(const lk_df *df, int v)
{
    const pa_function *f = df->f;
    const pa_value *val = pa_value_at(f, lk_tested_value(f, v));
    if (val && val->kind == PA_VAL_LOAD)
        return param_of_address(f, val->base);
    const pa_op *call = val && val->kind == PA_VAL_CALL ? pa_op_at(f, val->def_op) : NULL;
    int callee = call ? lk_callee(df->mc, call) : PA_NONE;
    if (callee < 0 || !lk_summary_reads_only(&df->mc->sums[callee]))
        return -1;
    int p = -1;
    for (size_t a = 0; a < call->nargs; a++) {
        const pa_value *av = pa_value_at(f, call->args[a]);
        if ((call->arg_flags && (call->arg_flags[a] & PA_ARG_CONST)) ||
            (av && av->kind == PA_VAL_CONST))
            continue;
        int q = param_of_address(f, call->args[a]);
        if (q < 0 || (p >= 0 && q != p))
            return -1;
        p = q;
    }
    return p;
}

#define STATE_GATE_HOPS 8 /* single-predecessor blocks walked back from a site */

/* The parameter whose object's state the allocating site op waits on: a
 * flag or null test of that state on the chain of single predecessors of
 * op's block (outside any loop), or, for a call, the callee's own such
 * parameter when it is handed this function's parameter. -1 when there
 * is none. */
static int allocation_gate(const lk_df *df, int op)
{
    const pa_function *f = df->f;
    const pa_op *o = &f->ops[op];
    const lk_fx *x = &df->fx[op];
    if (x->kind == FX_CALL) {
        const lk_summary *cs = &df->mc->sums[x->callee];
        int q = cs->alloc_prob > 0 ? cs->alloc_state_param : -1;
        if (q >= 0 && (size_t)q < o->nargs) {
            int p = param_of_address(f, o->args[q]);
            if (p >= 0)
                return p;
        }
    }
    /* A site in a loop runs once per trip, not once per object; a count
     * compared (`i < this->n`) is no state that says "done". */
    int b = o->block;
    if (pa_block_loop(f, b) != PA_NONE)
        return -1;
    for (int hops = 0; hops < STATE_GATE_HOPS && pa_block_ok(f, b); hops++) {
        int pred = pa_block_single_pred(f, b, PA_NONE);
        if (pred == PA_NONE)
            return -1;
        const pa_block *pb = &f->blocks[pred];
        int p = pb->nsuccs == 2 ? state_param(df, pb->cond_value) : -1;
        if (p >= 0)
            return p;
        b = pred;
    }
    return -1;
}

/* Is the object call o grows a local of f (lk_local_object)? It starts
 * empty on every call, so its growth allocates on every call: not
 * amortised, however its capacity grows (`std::vector<T> v; v.resize(n)`). */
static bool grows_local_object(const pa_function *f, const pa_op *o)
{
    return lk_local_object(f, lk_call_object(o));
}

/* Is the allocating site op amortised growth: a callee whose every
 * allocation is, std::vector's growth or resize path (it doubles the
 * capacity it keeps; not on a local, which starts empty each call), its
 * growth inlined (pa_op.inlined_growth), or a realloc doubling a kept
 * capacity (lk_amortised_growth)? */
static bool amortised_site(const lk_df *df, int op)
{
    const pa_op *o = &df->f->ops[op];
    const lk_fx *x = &df->fx[op];
    bool kept_growth = (!x->alloc && df->mc->sums[x->callee].alloc_amortised) ||
                       pa_catalog_vector_growth_call(o) || pa_catalog_vector_resize_call(o);
    return (kept_growth && !grows_local_object(df->f, o)) || (x->alloc && o->inlined_growth) ||
           lk_amortised_growth(df->mc, df->f, o);
}

/* Note one allocating site for alloc_gate. */
static void note_gate(lk_facts *k, int gate)
{
    if (gate < 0 || (k->alloc_gate != -2 && k->alloc_gate != gate))
        k->alloc_gate = -1;
    else
        k->alloc_gate = gate;
}

/* Facts that do not depend on held locks. */
static void note_effects(lk_facts *k, lk_df *df, int op)
{
    const pa_op *o = &df->f->ops[op];
    const lk_fx *x = &df->fx[op];
    lk_fn *fc = &df->fc;
    if (x->blocking || x->block_via_call) {
        if (!k->may_block) {
            k->block_callee = x->blocking ? o->callee : df->mc->sums[x->callee].block_callee;
            k->block_why = x->why;
        }
        k->may_block = true;
        double p = df->f->blocks[o->block].freq;
        if (x->kind == FX_CALL)
            p *= df->mc->sums[x->callee].block_prob;
        if (p > 1)
            p = 1;
        if (p > k->block_prob)
            k->block_prob = p;
        if (x->kind == FX_WAIT && !x->wait_held) {
            if (x->inst >= 0)
                k->waited[x->inst] = true;
            else
                k->only_waits = false;
        } else if (x->kind == FX_CALL && x->only_waits) {
            for (int i = 0; i < x->nwait; i++)
                if (df->pool[x->wait0 + i] >= 0)
                    k->waited[df->pool[x->wait0 + i]] = true;
            if (x->wait_held)
                note_held_wait(k, df);
        } else if (x->kind == FX_WAIT) {
            note_held_wait(k, df);
        } else {
            k->only_waits = false;
        }
    }
    /* An error report's allocation (a log call formatting its message) is
     * the cost of the failure, not of the function's normal work; so is a
     * log call's made on some paths only (profile.h), and whatever is made
     * on the way to a throw (its exception and message). */
    double ap = df->failing[o->block]                           ? 0.0
                : x->alloc                                      ? 1.0
                : x->kind != FX_CALL                            ? 0.0
                : !(df->mc->sums[x->callee].alloc_prob > 0)     ? 0.0
                : lk_call_skips_allocation(df, op, -1)          ? 0.0
                : pa_profile_report_call(df->f, o)              ? 0.0
                                                                : df->mc->sums[x->callee].alloc_prob;
    /* A local string or container built from empty allocates on its first
     * growth, through members and helpers that call no allocator here. */
    bool local_sure = false;
    double local = !x->alloc && o->kind == PA_OP_CALL && !df->failing[o->block]
                       ? lk_local_build_chance(df, op, &local_sure)
                       : 0;
    if (local > ap) {
        double freq = df->f->blocks[o->block].freq;
        local = chance_at(local, freq);
        if (local > k->alloc_prob) {
            k->alloc_prob = local;
            k->alloc_callee = o->callee_demangled ? o->callee_demangled : o->callee;
            k->alloc_local_build = true;
            k->alloc_local_sure = local_sure;
        }
        if (local > k->alloc_prob_plain)
            k->alloc_prob_plain = local;
        k->alloc_eager = true;
        k->alloc_own = true;
        note_gate(k, -1);
    } else if (ap > 0) {
        double plain = x->alloc                         ? 1.0
                       : df->mc->sums[x->callee].teardown ? 0.0
                                                        : df->mc->sums[x->callee].alloc_prob_plain;
        double freq = df->f->blocks[o->block].freq;
        ap = chance_at(ap, freq);
        plain = chance_at(plain, freq);
        if (ap > k->alloc_prob) {
            k->alloc_prob = ap;
            k->alloc_callee = o->callee_demangled ? o->callee_demangled : o->callee;
            k->alloc_local_build = false;
        }
        if (plain > k->alloc_prob_plain)
            k->alloc_prob_plain = plain;
        /* Once one allocation is eager, waits on no state test and is the
         * project's own, the answers are known: skip the walks. */
        if ((!k->alloc_eager || k->alloc_gate != -1 || !k->alloc_own) && !amortised_site(df, op)) {
            k->alloc_eager = true;
            if (k->alloc_gate != -1)
                note_gate(k, allocation_gate(df, op));
            if (!k->alloc_own)
                k->alloc_own = !lk_library_allocation(df, op);
        }
    }
    bool lockop = x->kind == FX_ACQ || x->kind == FX_TRY || x->kind == FX_REL;
    switch (o->kind) {
    case PA_OP_LOAD:
    case PA_OP_RET: return;
    case PA_OP_STORE: {
        lk_loc l = lk_resolve_loc(fc, o->addr, 0);
        if (l.kind == LK_LOC_STACK)
            return;
        k->pure = false;
        k->trivial = false;
        if (l.kind == LK_LOC_ARG && l.base < 32)
            k->writes_params |= 1u << l.base;
        else
            k->writes_other = true;
        return;
    }
    default: break;
    }
    if (lockop) {
        k->pure = false;
        return;
    }
    if (x->kind == FX_CALL) {
        const lk_summary *s = &df->mc->sums[x->callee];
        if (!s->pure)
            k->pure = false;
        if (!s->pure && !s->leaves.n && !s->unlocks.n)
            k->trivial = false;
        k->writes_other |= s->writes_other;
        for (size_t a = 0; a < o->nargs && a < 32; a++) {
            if (!((s->writes_params >> a) & 1u))
                continue;
            lk_loc l = lk_resolve_loc(fc, o->args[a], 0);
            if (l.kind == LK_LOC_ARG && l.base < 32)
                k->writes_params |= 1u << l.base;
            else if (l.kind != LK_LOC_STACK)
                k->writes_other = true;
        }
        return;
    }
    k->pure = false;
    if (!(o->call_flags & (PA_CALL_NORETURN | PA_CALL_INTRINSIC)))
        k->trivial = false;
    if (!(o->call_flags & (PA_CALL_READS_ONLY | PA_CALL_NO_MEMORY)) && o->kind != PA_OP_ALLOC)
        k->writes_other = true;
}

static unsigned char walk_bit(const lk_df *df)
{
    return (unsigned char)(1u << (df->assignment & 7u));
}

/* Record that a call's effect on inst depends on a flag this function
 * passes on from its own parameter (pool condition cond). */
static void note_condition(lk_facts *k, const lk_df *df, int inst, size_t e)
{
    int cond = df->pool_cond ? df->pool_cond[e] : LK_COND_NONE;
    int applies = lk_pool_effect_applies(df, e);
    if (cond < 0 || applies >= 0)
        return; /* always, or decided by this walk's assumption */
    if (k->cond_through[inst] == PA_NONE)
        k->cond_through[inst] = cond;
    else if (k->cond_through[inst] != cond)
        k->cond_through[inst] = -2;
}

static void note_acquire(lk_facts *k, const lk_df *df, int inst, int op, bool blocking)
{
    if (inst < 0)
        return;
    if (k->first_acq[inst] < 0)
        k->first_acq[inst] = op;
    if (blocking) {
        k->acq_blocking[inst] = true;
        k->locks[inst] = true;
        k->locks_when[inst] |= walk_bit(df);
    }
}

/* Can an acquisition of instance inst in this function reach op, along
 * the edges the current walk keeps? An unlock that none reaches, of a
 * lock held on no path there, is the caller's even when the function
 * takes the lock elsewhere (a guard in the other branch of a flag that
 * says whether the caller holds it); one that an acquisition reaches (a
 * guard's destructor after its unlock()) is not. Asked only for such
 * unlocks: rare, so a plain search. */
static bool acquisition_reaches(const lk_df *df, int inst, int op)
{
    const pa_function *f = df->f;
    int target = f->ops[op].block;
    size_t n = f->nblocks;
    unsigned char *seen = lk_scratch(df->mc, n ? n : 1);
    int *stack = lk_scratch(df->mc, (n ? n : 1) * sizeof *stack);
    if (!seen || !stack)
        return true; /* out of memory: the cautious answer */
    size_t sp = 0;
    for (size_t b = 0; b < n; b++) {
        const pa_block *bl = &f->blocks[b];
        if (!df->visited[b])
            continue;
        bool after_op = false; /* in the unlock's block: past it */
        for (size_t i = 0; i < bl->nops; i++) {
            int a = bl->ops[i];
            after_op |= a == op;
            if (!pa_op_ok(f, a) || !lk_op_takes(df, a, inst))
                continue;
            if ((int)b == target && !after_op)
                return true;
            /* Later in its block, or in the unlock's block after it (a
             * loop's back edge may bring it round): from its successors. */
            seen[b] = 1;
            stack[sp++] = (int)b;
            break;
        }
    }
    while (sp > 0) {
        int b = stack[--sp];
        const pa_block *bl = &f->blocks[b];
        for (size_t k = 0; k < bl->nsuccs; k++) {
            int t = bl->succs[k];
            if (!pa_block_ok(f, t) || !df->visited[t] || (k < 2 && df->pruned[2 * (size_t)b + k]))
                continue;
            if (t == target)
                return true;
            if (!seen[t]) {
                seen[t] = 1;
                stack[sp++] = t;
            }
        }
    }
    return false;
}

/* Is the release of inst at op one of the caller's lock: not held on every
 * path here, and not taken before (first in op order) or by nothing that
 * reaches here (held on no path)? */
static bool releases_callers_lock(const lk_facts *k, const lk_df *df, int inst, int op)
{
    if (lk_bit(df->must, inst))
        return false;
    if (k->first_acq[inst] < 0)
        return true;
    return !lk_bit(df->may, inst) && !acquisition_reaches(df, inst, op);
}

void lk_facts_op(lk_facts *k, lk_df *df, int op)
{
    const pa_op *o = &df->f->ops[op];
    const lk_fx *x = &df->fx[op];
    note_effects(k, df, op);
    switch (x->kind) {
    case FX_ACQ: note_acquire(k, df, x->inst, op, true); break;
    case FX_TRY: note_acquire(k, df, x->inst, op, false); break;
    case FX_REL:
        /* Not held on every path here and not taken before: the caller's
         * lock (must, not may: in a loop that drops and retakes it, the
         * back edge brings it "maybe held" to the unlock). */
        if (x->inst >= 0 && releases_callers_lock(k, df, x->inst, op)) {
            bool other = false; /* an unlock through another pointer of the class */
            for (int j = 0; j < df->ninst; j++)
                other |= j != x->inst && lk_bit(df->may, j) &&
                         (df->insts[j].param < 0 || df->insts[j].element) &&
                         df->insts[j].cls == df->insts[x->inst].cls;
            if (!other) {
                k->unheld_unlock[x->inst] = true;
                k->unheld_when[x->inst] |= walk_bit(df);
            }
        }
        break;
    case FX_CALL:
        for (int i = 0; i < x->nrel; i++) {
            size_t e = (size_t)(x->rel0 + i);
            int r = df->pool[e];
            if (r >= 0 && releases_callers_lock(k, df, r, op) && lk_pool_effect_applies(df, e) != 0) {
                k->unheld_unlock[r] = true;
                k->unheld_when[r] |= walk_bit(df);
                note_condition(k, df, r, e);
            }
        }
        for (int i = 0; i < x->nlck; i++) {
            size_t e = (size_t)(x->lck0 + i);
            int l = df->pool[e];
            if (l >= 0 && !lk_call_leaves(df, x, l) && lk_pool_effect_applies(df, e) != 0) {
                k->locks[l] = true;
                k->locks_when[l] |= walk_bit(df);
                note_condition(k, df, l, e);
            }
        }
        for (int i = 0; i < x->nacq; i++) {
            size_t e = (size_t)(x->acq0 + i);
            if (lk_pool_effect_applies(df, e) == 0)
                continue;
            note_acquire(k, df, df->pool[e], op, true);
            if (df->pool[e] >= 0)
                note_condition(k, df, df->pool[e], e);
        }
        break;
    default: break;
    }
    for (int i = 0; i < df->ninst; i++) {
        if (!lk_bit(df->may, i))
            continue;
        k->wrote[i] |= x->write;
        k->read[i] |= x->read;
    }
    if (o->kind == PA_OP_RET) {
        lk_engine_mark_returns_out_of_step(df, op, k->zero_broken, k->nonzero_broken, k->held_otherwise);
        for (int i = 0; i < df->ninst; i++) {
            if (!lk_bit(df->must, i))
                k->not_must_ret[i] = true;
            int pred = PA_NONE;
            if (!k->leak_must[i] && lk_bit(df->may, i) &&
                (lk_bit(df->must, i) ||
                 (pred = lk_engine_held_from_some_pred(df, o->block, i)) != PA_NONE)) {
                /* Report the return that surely leaks, not one that may:
                 * through a return block clang shares, the path into it. */
                k->leak_must[i] = true;
                k->leak_op[i] = op;
                k->leak_block[i] = pred;
            }
            if (lk_bit(df->may, i))
                k->leaked_when[i] |= walk_bit(df);
            if (lk_bit(df->may, i) && !k->leaked[i]) {
                k->leaked[i] = true;
                if (!k->leak_must[i])
                    k->leak_op[i] = op;
            }
        }
    }
}

int lk_facts_condition(const lk_facts *k, const lk_df *df, int i, const unsigned char *when)
{
    unsigned all = (1u << df->nkeys) - 1u, m = when[i];
    unsigned every = (1u << (all + 1u)) - 1u; /* every walk */
    if (m == 0)
        return -1;
    if (m != every) {
        /* The effect happened exactly on the walks where one flag parameter
         * was non-zero (or zero). */
        for (int key = 0; key < df->nkeys; key++) {
            if (df->key_param[key] < 0)
                continue;
            unsigned on = 0;
            for (unsigned a = 0; a <= all; a++)
                if ((a >> key) & 1u)
                    on |= 1u << a;
            if (m == (on & 0xffu))
                return df->key_param[key] * 2 + 1;
            if (m == (~on & ((1u << (all + 1)) - 1u)))
                return df->key_param[key] * 2;
        }
        return -1;
    }
    return k->cond_through[i] >= 0 ? k->cond_through[i] : -1;
}

bool lk_facts_excused_leak(const lk_facts *k, const lk_df *df, int i)
{
    if (!k->not_must_ret[i])
        return true; /* held on every return: acquiring is this function's job */
    if (k->unheld_unlock[i])
        return true; /* it releases a lock its caller holds and takes it back
                        (perhaps in a loop that may not run): the caller's */
    if (!k->acq_blocking[i])
        return true; /* trylock wrapper: the caller tests the result */
    if (!k->zero_broken[i])
        return true; /* held exactly when it returns 0: acquire on success,
                        the caller tests the result like a trylock's */
    if (!k->nonzero_broken[i])
        return true; /* held exactly when it returns non-zero, taken by a
                        trylock: a wrapper returning `trylock(m) == 0` */
    return df->insts[i].param >= 0 && k->trivial;
}
