/* passes/locks_engine.h — the held-lock dataflow engine of the lock nesting
 * analysis: what each op does to the held set (lock operands resolved by
 * locks_sym.c, callees through their summaries), must/may held sets over
 * one function's CFG, then a walk that shows every op and the state before
 * it to a client. Clients: locks_summary.c (summaries) and locks_check.c
 * (findings). Only passes/locks*.c include it. */
#ifndef PA_LOCKS_ENGINE_H
#define PA_LOCKS_ENGINE_H

#include "locks_sym.h"

#include <stdbool.h>
#include <stdint.h>

#define LK_MAX_INSTANCES 256 /* distinct locks tracked per function */
#define LK_MAX_CORRELATED 3  /* branch conditions split on (2^n dataflow runs) */
#define LK_COND_NONE (-1)    /* a pool effect that always happens */
#define LK_COND_UNKNOWN (-2) /* one that happens or not, on an argument we cannot read */

enum lk_fx_kind { FX_NONE = 0, FX_ACQ, FX_TRY, FX_REL, FX_CALL, FX_WAIT };

/* What one op does to the held set, precomputed once per function. */
typedef struct lk_fx {
    unsigned char kind;  /* lk_fx_kind */
    bool tested;         /* ACQ/TRY, CALL with acq_on_zero/nonzero: a branch tests the result */
    bool success_true;   /* TRY: non-zero result means acquired */
    bool retry;          /* ACQ in a loop that only retries the acquisition */
    bool blocking;       /* catalogued blocking call (or WAIT) */
    bool block_via_call; /* calls a module function that may block */
    bool write, read;    /* touches shared (non-stack) memory */
    bool alloc;
    int inst;        /* ACQ/TRY/REL/WAIT: instance */
    int callee;      /* FX_CALL: module function index */
    int acq0, nacq;  /* FX_CALL: instances left locked by the callee (pool) */
    int rel0, nrel;  /* FX_CALL: instances the callee unlocks */
    int lck0, nlck;  /* FX_CALL: instances the callee locks inside */
    int wait0, nwait; /* FX_CALL: instances the callee releases while it waits */
    bool only_waits;  /* FX_CALL: the callee blocks only in condition waits */
    bool wait_held;   /* WAIT: releases the lock held at the call (inst is PA_NONE);
                         FX_CALL: the callee only waits so, on its caller's lock
                         (lk_summary.waits_held): lk_waited_lock */
    bool acq_on_zero; /* FX_CALL: it leaves acq0.. held only when it returns 0 */
    bool acq_checked; /* ... because it returns a plain lock's result (lk_summary.leaves_checked) */
    bool acq_on_nonzero; /* FX_CALL: ... only when it returns non-zero */
    const char *why; /* blocking: what it waits for */
} lk_fx;

typedef struct lk_df lk_df;

/* A client of the engine. Every callback sees the engine state df and its
 * own state in df->ctx. */
typedef struct lk_client {
    /* Once the function's locks are known (df->ninst, df->fx), before the
     * first walk. Returns 0, or -1 on out of memory. */
    int (*begin)(lk_df *df);
    /* Each op of each walk with the held state before it (df->must, may,
     * acq). Not called for ops in blocks reached only by exception edges
     * (cleanup code: RAII unlocks, not the paths that matter), nor in
     * blocks doomed to crash (a lock taken on the way to abort() deadlocks
     * nothing the crash does not end). The engine walks once per
     * assumption on correlated branch conditions. */
    void (*on_op)(lk_df *df, int op);
    /* After the last walk. Returns 0, or -1 on out of memory. */
    int (*finish)(lk_df *df);
} lk_client;

struct lk_df {
    lk_module *mc;
    lk_fn fc; /* fc.index: the function's index in the module */
    const pa_function *f;
    void *ctx; /* the client's state, as given to lk_engine_run */
    int ninst; /* entries of insts (at the end) */
    size_t nwords; /* uint64_t words per held set */
    lk_fx *fx;     /* per op */
    int *pool;     /* instance lists of FX_CALL effects */
    int *pool_cond; /* per pool entry: the effect's condition on a parameter of THIS
                       function (param*2 + nonzero), LK_COND_NONE (always) or
                       LK_COND_UNKNOWN (on an argument this function cannot tell) */
    int *pool_src; /* per pool entry: its index in the callee's summary list */
    size_t npool, cap_pool, cap_pool_cond, cap_pool_src;
    /* the walk's assumption on correlated branch conditions */
    unsigned assignment;
    int nkeys;
    int key_param[LK_MAX_CORRELATED]; /* the parameter a key tests, -1 */
    bool *eh;     /* per block: only reached by exception paths */
    bool *doomed; /* per block: every path from it ends in a crash (abort, exit,
                     __assert_fail, unreachable, a callee that never returns) */
    bool *failing; /* per block: doomed, or every way on from it, unwinding
                      included, ends in a crash or in a resume that hands an
                      exception to the caller: the way to a throw nothing
                      here catches (`throw Error(message)`) */
    bool *pruned; /* per block*2: successor edge removed by the current assumption */
    /* fixpoint state, per block */
    uint64_t *in_must, *in_may;
    int *in_acq;   /* nblocks * ninst: op that acquired each held lock */
    bool *visited; /* reached in the current assumption */
    /* walk state: held before the current op, and the acquiring op of each */
    uint64_t *must, *may;
    int *acq;
    /* engine scratch */
    uint64_t *pre_must, *pre_may, *edge_must, *edge_may;
    int *pre_acq, *edge_acq;
    /* what each op grows (locks_local_build.c), found on first use */
    struct lk_grow_cache *grow;
    /* Last, and left unset beyond ninst: lk_engine_run zeroes only what
     * comes before (the 16 KB array cleared for each of the 7,610 runs on
     * sqlite3.c was an eighth of the lock analysis's instructions). */
    lk_sym insts[LK_MAX_INSTANCES]; /* the function's locks ("instances") */
};

/* n zeroed bytes of mc's scratch (lk_module.scratch), valid until the next
 * lk_engine_run starts: for a run's arrays and its client's. NULL, with
 * mc->oom set, on out of memory. */
void *lk_scratch(lk_module *mc, size_t n);

/* Run the held-lock dataflow over function `index` of mc and drive client
 * (ctx: the client's state, stored in df->ctx). Declarations and empty
 * functions are skipped without calling the client. Returns 0, or -1 on
 * out of memory (also when mc->oom got set). */
int lk_engine_run(lk_module *mc, int index, const lk_client *client, void *ctx);

/* Some predecessor of block b at whose end instance `inst` is held on every
 * path through it, or PA_NONE. Tells "held on this path into a
 * shared return block" from "held on some path" when clang merged every
 * return into one block. Only during a walk (on_op); leaves the walk's
 * state untouched. */
int lk_engine_held_from_some_pred(lk_df *df, int b, int inst);
/* Is no lock held, on any path, just before op (replayed from its block's
 * in-state)? False for an op the walk does not reach normally (an
 * unreached, exception-cleanup or crashing block): nothing is known there. */
bool lk_engine_free_before(lk_df *df, int op);

/* How many ops `counts` accepts among those before which instance inst
 * may be held, over the blocks the walk reaches normally; it stops once
 * past limit. Only during a walk (on_op); leaves the walk's state
 * untouched. */
int lk_engine_ops_under(lk_df *df, int inst, bool (*counts)(const lk_df *df, int op), int limit);

/* At return op ret_op: mark zero_broken[i] for each instance i not held
 * exactly where the function returns 0, nonzero_broken[i] for each not held
 * exactly where it returns non-zero. Each way into the return (the return's
 * block, else each predecessor with what it hands the shared return block's
 * phi) must either hold it on every path and return 0, or surely not hold
 * it and return something else (a non-zero constant, an unknown value):
 * the acquire-on-success helper whose callers test the result. A way that
 * returns a lock operation's result (`return pthread_mutex_trylock(m) == 0`)
 * is two ways: its success, holding what it acquires, and its failure.
 * Held on a non-zero return counts only for a conditional acquisition (a
 * trylock, a callee that acquires on success): a blocking lock kept on a
 * `return -1` is the leak lock-held-at-return is about. held_otherwise[i]
 * is marked where the way may hold it and returns anything but a plain
 * lock's own result (`return pthread_mutex_lock(m);`): a state check that
 * keeps the lock on 0 is then no checked lock. Only during a walk (on_op);
 * leaves the walk's state untouched. */
void lk_engine_mark_returns_out_of_step(lk_df *df, int ret_op, bool *zero_broken,
                                        bool *nonzero_broken, bool *held_otherwise);

/* Does every path from the function's entry crash (a fatal() that is not
 * marked noreturn)? Valid after lk_engine_run's begin callback. */
static inline bool lk_never_returns(const lk_df *df)
{
    return df->f->nblocks > 0 && df->doomed[0];
}

/* Does pool entry e's effect happen on the current walk? 1 yes, 0 no,
 * -1 maybe (its condition is an argument the walk does not split on). */
int lk_pool_effect_applies(const lk_df *df, size_t e);

/* Does the call at op skip its callee's allocation because it passes zero
 * (a constant, or `zero_param` of this function when that is >= 0) where
 * the callee allocates only for non-zero (lk_summary.alloc_param)? */
bool lk_call_skips_allocation(const lk_df *df, int op, int zero_param);

/* Is the allocation op (or call of a realloc forwarder of the module) a
 * realloc of a buffer whose capacity, kept in memory, is doubled when full
 * (pa_growth_doubles_kept_capacity)? */
bool lk_amortised_growth(const lk_module *mc, const pa_function *f, const pa_op *o);

/* Does call o return a struct through a slot its caller hands it (an
 * sret argument)? */
bool lk_returns_struct(const pa_op *o);

/* The object a call works on: its first argument that is not the slot it
 * returns a struct in (`this` of a member returning by value), or PA_NONE. */
int lk_call_object(const pa_op *o);

/* Is the object at v a local of f: a stack object, or the slot f returns
 * its result in (a vector returned by value)? Both start empty on every
 * call. */
bool lk_local_object(const pa_function *f, int v);

/* Is the allocating op a call into a library the project vendors: a module
 * function defined in such a file (pa_catalog_vendored_file), or one whose
 * every allocation is (lk_summary.alloc_in_library)? */
bool lk_library_allocation(const lk_df *df, int op);

/* Does call effect x (FX_CALL) leave instance inst acquired: is inst in
 * its list of locks the callee leaves held (on whichever walk)? */
static inline bool lk_call_leaves(const lk_df *df, const lk_fx *x, int inst)
{
    for (int i = 0; x->kind == FX_CALL && i < x->nacq; i++)
        if (df->pool[x->acq0 + i] == inst)
            return true;
    return false;
}

/* Does op take instance inst: a lock or trylock of it, or a call that
 * leaves it held? */
static inline bool lk_op_takes(const lk_df *df, int op, int inst)
{
    const lk_fx *x = &df->fx[op];
    if (x->kind == FX_ACQ || x->kind == FX_TRY)
        return x->inst == inst;
    return lk_call_leaves(df, x, inst);
}

/* Is instance i in held set s? */
static inline bool lk_bit(const uint64_t *s, int i)
{
    return (s[(unsigned)i / 64] >> ((unsigned)i % 64)) & 1u;
}

/* The one lock held at this point of the current walk, held on every
 * path, when no other is held on any; PA_NONE otherwise. */
static inline int lk_sole_held(const lk_df *df)
{
    int held = PA_NONE;
    for (int i = 0; i < df->ninst; i++) {
        if (!lk_bit(df->may, i))
            continue;
        if (held != PA_NONE || !lk_bit(df->must, i))
            return PA_NONE;
        held = i;
    }
    return held;
}

/* The lock a condition wait at an op of the current walk releases (WAIT):
 * its instance, or for a wait bound to its mutex (x->wait_held) the one
 * lock held there; PA_NONE when not known. For a call (FX_CALL with
 * wait_held) the same: the lock its callee's wait releases. */
static inline int lk_waited_lock(const lk_df *df, const lk_fx *x)
{
    return x->wait_held ? lk_sole_held(df) : x->kind == FX_WAIT ? x->inst : PA_NONE;
}

#endif
