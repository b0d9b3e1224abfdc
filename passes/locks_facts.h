/* passes/locks_facts.h — what one function does with its locks, gathered
 * over every walk of the held-lock engine: where each lock is first
 * acquired, whether it is held at a return, released without being held,
 * what its critical sections touch, and whether the function may block,
 * writes memory or is a trivial lock wrapper. Both engine clients
 * (locks_summary.c, locks_check.c) feed it from their on_op. */
#ifndef PA_LOCKS_FACTS_H
#define PA_LOCKS_FACTS_H

#include "locks_engine.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct lk_facts {
    /* per instance of the function's locks */
    int *first_acq;      /* first acquisition op, PA_NONE */
    bool *acq_blocking;  /* acquired by a blocking lock (not only by trylock) */
    bool *locks;         /* acquired (blocking) directly or through a callee */
    bool *leaked;        /* held at some normal return */
    int *leak_op;        /* the first such return */
    bool *leak_must;     /* held on every path to some normal return */
    int *leak_block;     /* the block whose end leaks it into a shared return block, PA_NONE */
    bool *not_must_ret;  /* some normal return does not surely hold it */
    bool *unheld_unlock; /* released while not held: an unlock wrapper */
    bool *zero_broken;   /* some return does not hold it exactly when returning 0
                            (lk_engine_mark_returns_out_of_step) */
    bool *nonzero_broken; /* ... exactly when returning non-zero */
    bool *held_otherwise; /* some return may hold it and returns anything but a plain lock's
                             result (lk_engine_mark_returns_out_of_step) */
    bool *wrote, *read;  /* inside its critical sections in this function */
    bool *waited;        /* released by a condition wait (directly or in a callee) */
    /* The assumptions (bit a: the walk under assignment a) under which each
     * effect happened, to find effects that follow a flag parameter. */
    unsigned char *locks_when, *leaked_when, *unheld_when;
    /* An effect known only through calls that pass this function's own flag
     * parameter on (param*2 + nonzero), -1 none yet, -2 mixed. */
    int *cond_through;
    /* the whole function */
    bool trivial;           /* only lock operations and bookkeeping: a lock wrapper */
    bool pure;              /* no writes, no calls */
    bool may_block;
    bool only_waits; /* every blocking call is a condition wait */
    bool waits_held; /* one is bound to its mutex, made with no lock held here (lk_summary) */
    double block_prob; /* chance per call of reaching a blocking call (block frequency) */
    double alloc_prob; /* chance per call of reaching an allocation */
    double alloc_prob_plain; /* the same through no teardown callee (lk_summary) */
    bool alloc_eager; /* some allocation is not amortised growth (lk_summary's alloc_amortised) */
    bool alloc_own;   /* some allocation but amortised growth is not made inside a vendored
                         library (lk_summary's alloc_in_library) */
    /* The parameter whose object's state every allocation but amortised
     * growth waits on (lk_summary's alloc_state_param); -2 none seen yet,
     * -1 some allocation waits on no such test. */
    int alloc_gate;
    const char *alloc_callee;
    bool alloc_local_build; /* alloc_prob comes from a local built from empty */
    bool alloc_local_sure;  /* ... one that surely allocates */
    /* The first blocking call reached and what it waits for (borrowed). */
    const char *block_callee, *block_why;
    uint32_t writes_params; /* bit i: writes through parameter i */
    bool writes_other;      /* writes memory not reached through a parameter */
} lk_facts;

/* Start gathering for df's function (call from the client's begin). The
 * arrays are in the run's scratch (lk_scratch), valid until the next run
 * starts. Returns 0, or -1 on out of memory; lk_facts_free either way. */
int lk_facts_init(lk_facts *k, const lk_df *df);
void lk_facts_free(lk_facts *k);
/* Record op with the held state before it (call from the client's on_op). */
void lk_facts_op(lk_facts *k, lk_df *df, int op);
/* The condition on a parameter under which the effects of instance i
 * recorded in `when` happen: param*2 + nonzero, or -1 (always / no single
 * flag explains it). */
int lk_facts_condition(const lk_facts *k, const lk_df *df, int i, const unsigned char *when);

/* Is instance i, held at some return, meant to be (a lock wrapper, a
 * trylock wrapper, or held on every return)? */
bool lk_facts_excused_leak(const lk_facts *k, const lk_df *df, int i);

#endif
