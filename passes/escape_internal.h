/* passes/escape_internal.h — the context and types shared by the heap escape
 * analysis files (escape.c driver, escape_uses.c use index, escape_closure.c
 * where a pointer goes, escape_paths.c freed on every path, escape_sites.c
 * allocation sites, escape_facts.c function summaries, escape_report.c
 * messages). Not a public interface: only passes/escape*.c include it. */
#ifndef PA_ESCAPE_INTERNAL_H
#define PA_ESCAPE_INTERNAL_H

#include "escape.h"
#include "findings.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for an escape target ("memory returned by parse()") in messages. */
#define ESC_TARGET_LEN 160
/* Functions of other files a return may come from (esc_facts.fresh_from). */
#define ESC_FRESH_FROM_MAX 4

/* Escape routes, in reporting priority (the lowest bit set is reported). */
enum {
    ESC_VIA_RETURN = 1u << 0,
    ESC_VIA_GLOBAL = 1u << 1,
    ESC_VIA_HEAP = 1u << 2,
    ESC_VIA_CALL = 1u << 3,
    ESC_VIA_UNKNOWN = 1u << 4,
};

/* What the analysis knows about one function of the module. Starts at the
 * safe answer (captures every parameter, frees none, allocates nothing
 * fresh) and only gains precision from round to round. */
typedef struct esc_facts {
    bool defined;            /* has a body in this module: the rest is meaningful */
    bool allocates;          /* has at least one allocation site */
    bool returns_allocation; /* every return hands back fresh memory of its own sites */
    int64_t ret_bytes;       /* constant size of what it returns, or PA_UNKNOWN_SIZE */
    int ret_size_param;      /* parameter holding that size, or PA_NONE */
    unsigned nparams;        /* entries in frees and captures */
    unsigned char *frees;    /* per parameter: freed on every normal path */
    unsigned char *captures; /* per parameter: may outlive the call */
    unsigned char *may_free; /* per parameter: some path may free it */
    bool frees_more;         /* frees more than its parameters: a destroy function */
    bool builds_structure;   /* returns an allocation and allocates more than once (or
                              * calls allocating functions): a constructor whose object
                              * owns more heap memory, not a plain allocation wrapper */
    /* Fresh memory if these functions of other files return it: every
     * return hands back NULL, its own sites or their results (the summary's
     * returns_fresh_from, for the advisor's cross-TU join); symbols borrowed
     * from the model. Empty when returns_allocation or when not so. */
    const char *fresh_from[ESC_FRESH_FROM_MAX];
    unsigned nfresh_from;
    /* With returns_allocation or fresh_from: some path returns NULL as an
     * answer (nothing found), not because an input or an allocation was
     * NULL; callers get fresh memory on some calls only (the summary's
     * returns_null_answer). */
    bool null_answer;
} esc_facts;

/* Where and how the memory of one allocation site (or one parameter) goes. */
typedef struct esc_flow {
    unsigned via_mask;           /* every escape route seen (ESC_VIA_*) */
    unsigned via;                /* the reported route: highest priority in via_mask */
    int via_op;                  /* op of the reported escape, or PA_NONE */
    char target[ESC_TARGET_LEN]; /* where it escapes to, for the message */
    bool reallocated;            /* passed to realloc later */
    bool has_free;               /* some op frees it */
    bool has_maybe_free;         /* some op frees a phi/select that may hold it */
    bool free_unproven;          /* freed on every path only if those frees count */
    bool freed_all;              /* every normal path to a return frees it */
    bool leaks_on_exception;     /* some exceptional path leaves without freeing */
    bool crosses_iterations;     /* still live when its own allocation runs again */
    bool free_outside_loop;      /* allocated in a loop, freed outside it */
    bool callee_may_free;        /* handed to a callee that keeps no pointer but may free it */
    bool freed_by_callee;        /* a destroy function frees it (and what it owns), not free() here */
    char freer[ESC_TARGET_LEN];  /* that callee's name, for the message */
} esc_flow;

/* One allocation site of a function. */
typedef struct esc_site {
    int op;              /* the allocating op (ALLOC, or the CALL of a wrapper) */
    int wrapper_fn;      /* module function index for user wrappers, else PA_NONE */
    bool out_param;      /* posix_memalign: the pointer comes back through args[ptr_arg] */
    bool grows_existing; /* realloc of a non-null buffer */
    int64_t bytes;       /* constant size, or PA_UNKNOWN_SIZE */
    int size_param;      /* caller's parameter holding the size, or PA_NONE */
    unsigned via_mask;   /* escape routes found, once analysed */
    bool analysed;       /* via_mask is meaningful (not skipped over budget) */
} esc_site;

/* The whole analysis state. Per-function arrays are sized once for the
 * largest function of the module. The per-value and per-op sets are
 * "stamped": an entry is in the set when it equals the current stamp, so
 * starting a new set is one increment instead of a clear. */
typedef struct esc_ctx {
    const pa_module *m;    /* the module analysed (borrowed; calls linked) */
    pa_escape_options opt; /* options with the defaults filled in */
    esc_facts *facts;      /* per module function index */

    const pa_function *f; /* the function being analysed */
    size_t max_values, max_ops, max_blocks; /* largest function's counts */

    /* Use index of f (escape_uses.c), compressed rows per value v:
     * derived_items[derived_start[v] .. derived_start[v + 1]) are the values
     * computed from v (DERIVED base, MERGE or ARITH input), and
     * user_items[user_start[v] .. user_start[v + 1]) the ops that use v. */
    int *derived_start, *derived_items;
    int *user_start, *user_items;

    /* The current closure: the values that may be the tracked pointer ("it")
     * and the ops that touch them. Sets below are stamped with closure_stamp. */
    unsigned closure_stamp;
    unsigned *in_closure;  /* per value: may hold it */
    unsigned *must_alias;  /* per value: certainly holds it (or null) on every path */
    unsigned *op_queued;   /* per op: already queued for classification */
    unsigned *frees_it;    /* per op: frees a must_alias value (a free event) */
    unsigned *may_free_it; /* per op: frees a value that may or may not be it */
    int *members;          /* values of the closure, in the order they joined */
    size_t nmembers;       /* entries in members */
    int *value_work; /* closure values whose uses are still to be followed */
    size_t nvalue_work; /* entries in value_work */
    int *pending_ops; /* ops using closure values, still to be classified */
    size_t npending_ops; /* entries in pending_ops */
    int *free_event_op, *free_event_value; /* candidate frees: (op, value it frees) */
    size_t nfree_events; /* entries in each, at most 2 * (max_ops + 1) */

    /* Scratch value set for one walk (a stack slot's addresses, the leaves of
     * a returned value), stamped with scratch_stamp. */
    unsigned scratch_stamp;
    unsigned *scratch_seen; /* per value */
    /* 2 * (max_values + 1) ints: the lower half returns the loads of a
     * private stack slot (or is the returns_fresh stack), the upper half
     * holds the slot's addresses. */
    int *scratch;
    /* Offset in the private slot of each of its addresses (esc_private_slot_loads). */
    int64_t *slot_off;

    /* Walk back from a closure address to the other memory it may point to
     * (escape_closure.c), stamped with addr_stamp: per value seen, its offset
     * from the store address, a stack of 2 * (max_values + 1) entries (a
     * value is pushed again at most once, when its offset becomes unknown)
     * and the values found outside the closure. */
    unsigned addr_stamp;
    unsigned *addr_seen;
    int64_t *addr_off;
    int *addr_stack;
    int *foreign;

    /* CFG walk (escape_paths.c): two states per block, reached normally and
     * reached through an exception pad, stamped with walk_stamp. */
    unsigned walk_stamp;
    unsigned *walk_seen;   /* per block * 2 + exceptional */
    int *walk_stack;       /* entries (block << 1 | exceptional) */
    bool count_may_frees;  /* let may_free_it ops end a path too */

    int *site_of_value; /* per value: index in sites of the site whose memory it
                           certainly is, or PA_NONE (for returns_allocation) */
    esc_site *sites;    /* allocation sites of f */
    size_t nsites, cap_sites; /* entries in sites, and room for them */
    long budget; /* worklist steps left for f; below zero: stop, claim nothing */
    bool oom;    /* an allocation failed where no error could be returned */
} esc_ctx;

/* ---- small queries ------------------------------------------------------- */

static inline bool esc_in_closure(const esc_ctx *c, int v)
{
    return pa_value_ok(c->f, v) && c->in_closure[v] == c->closure_stamp;
}

static inline bool esc_is_must_alias(const esc_ctx *c, int v)
{
    return pa_value_ok(c->f, v) && c->must_alias[v] == c->closure_stamp;
}

static inline bool esc_is_const(const pa_function *f, int v)
{
    const pa_value *pv = pa_value_at(f, v);
    return pv && pv->kind == PA_VAL_CONST;
}

/* ---- escape_uses.c ------------------------------------------------------- */

/* Build the use index of f into c. Returns 0, or -1 on out of memory. */
int esc_build_uses(esc_ctx *c, const pa_function *f);

/* ---- escape_closure.c ---------------------------------------------------- */

/* Record an escape through op (PA_NONE: no single op) to target. */
void esc_record_escape(esc_flow *fl, unsigned via, int op, const char *target);
/* Is stack slot `slot` private, so that the pointer kept at byte `off` is
 * only read back by plain loads? On success the loaded values are in
 * c->scratch[0 .. *nloads). out_op is an out-parameter allocator allowed to
 * write the slot, or PA_NONE. */
bool esc_private_slot_loads(esc_ctx *c, int slot, int64_t off, int out_op, size_t *nloads);
/* Closure from roots: escapes into *fl, frees, must-alias set. Returns
 * false when the budget ran out (the flow is then meaningless). */
bool esc_analyse_values(esc_ctx *c, esc_flow *fl, const int *roots, size_t nroots);

/* ---- escape_paths.c ------------------------------------------------------ */

/* Is the closure freed on every path from (start_block, start_pos)? Sets
 * fl->freed_all, leaks_on_exception and crosses_iterations. status_value is
 * an out-parameter allocator's result (else PA_NONE); skip_unwind drops the
 * unwind edge of the allocating invoke itself. */
void esc_check_paths(esc_ctx *c, esc_flow *fl, int start_block, size_t start_pos, int site_op,
                     int status_value, bool skip_unwind);

/* ---- escape_sites.c ------------------------------------------------------ */

/* Collect the allocation sites of c->f into c->sites. Returns 0, or -1 on
 * out of memory. */
int esc_find_sites(esc_ctx *c);
/* Escape and path facts of one site into *fl. Returns false when over
 * budget or out of memory (c->oom). */
bool esc_analyse_site(esc_ctx *c, const esc_site *s, esc_flow *fl);

/* ---- escape_facts.c ------------------------------------------------------ */

/* Facts of the module function a call op reaches directly, or NULL; its
 * index into *index (may be NULL), PA_NONE when NULL is returned. */
const esc_facts *esc_callee_facts(const esc_ctx *c, const pa_op *o, int *index);
/* frees / captures / may_free of each pointer parameter of c->f into nf. */
void esc_compute_param_facts(esc_ctx *c, esc_facts *nf);
/* returns_allocation, ret_bytes and ret_size_param of c->f into ff, from
 * its analysed sites. */
void esc_compute_returns_allocation(esc_ctx *c, esc_facts *ff);
bool esc_facts_equal(const esc_facts *a, const esc_facts *b);
/* Write every defined function's facts into its summary object. Returns 0,
 * or -1 on out of memory. */
int esc_write_summaries(const esc_ctx *c, pa_report *out);

/* ---- escape_report.c ----------------------------------------------------- */

/* A readable function name without its parameter list ("?" for NULL). */
void esc_short_name(char *out, size_t n, const char *name);
/* A readable global name: simple C++ variable manglings demangled. */
void esc_readable_symbol(char *out, size_t n, const char *name);
/* "memory pointed to by parameter 'p'" for ARG value root. */
void esc_describe_param(const pa_function *f, int root, char *buf, size_t n);
/* Report one analysed site: heap-escape, no-escape or heap-to-stack.
 * Returns 0, or -1 on out of memory. */
int esc_emit_site(const esc_ctx *c, pa_report *out, const esc_site *s, const esc_flow *fl);

#endif
