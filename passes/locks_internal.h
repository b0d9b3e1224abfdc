/* passes/locks_internal.h — types shared by the lock nesting analysis files
 * (locks.c driver, locks_sym.c lock naming, locks_summary.c call-graph
 * summaries, locks_dataflow.c held-lock sets, locks_findings.c reporting).
 * Not a public interface: only passes/locks*.c include it. */
#ifndef PA_LOCKS_INTERNAL_H
#define PA_LOCKS_INTERNAL_H

#include "findings.h"
#include "model.h"

#include <stdbool.h>
#include <stdint.h>

/* Caps that keep the analysis near-linear on huge modules. */
#define LK_MAX_LIST 32       /* entries per summary list */
#define LK_MAX_INSTANCES 256 /* distinct locks tracked per function */
#define LK_MAX_CORRELATED 3  /* branch conditions split on (2^n dataflow runs) */
#define LK_SCC_ITERATIONS 3  /* summary rounds for a recursive call cycle */
#define LK_RESOLVE_DEPTH 8   /* pointer chains followed when naming a lock */

/* ---- lock classes: module-wide, interned by name ----------------------- */

typedef struct lk_class {
    char *name; /* owned */
    pa_class_kind kind;
    bool recursive; /* PTHREAD_MUTEX_RECURSIVE attribute seen at its init */
} lk_class;

typedef struct lk_classes {
    lk_class *items;
    size_t n, cap;
    int *slots; /* open addressing: class id + 1, 0 = empty */
    size_t nslots;
} lk_classes;

/* Intern name with kind (the first kind seen wins). Returns the class id,
 * or -1 on out of memory. */
int lk_class_intern(lk_classes *t, const char *name, pa_class_kind kind);
void lk_classes_free(lk_classes *t);
const char *lk_class_name(const lk_classes *t, int id);
pa_class_kind lk_class_kind(const lk_classes *t, int id);

/* ---- symbolic locks ----------------------------------------------------- */

/* A lock as a function sees it: either concrete (a named class, plus the
 * object within the function when several objects share the class), or
 * relative to one of the function's parameters, to be substituted by
 * callers: param+off0, or *(param+off0)+off1 when the mutex pointer is
 * loaded from the parameter (guard objects: lock_guard's _M_device). */
typedef struct lk_sym {
    int cls;        /* display class; for params the field name or "param#N" */
    int param;      /* >= 0: parameter-relative */
    int64_t off0;   /* offset from the parameter (PA_UNKNOWN_SIZE if unknown) */
    int64_t off1;   /* offset after the dereference */
    bool deref;     /* *(param + off0) + off1 */
    int object;     /* concrete, non-global: root value in the function, else -1 */
    pa_lock_prim prim;
    bool shared;    /* read acquisition (rdlock, lock_shared) */
    bool recursive; /* recursive mutex: may be taken twice */
} lk_sym;

/* Same lock (ignores prim/shared/recursive)? */
bool lk_sym_same(const lk_sym *a, const lk_sym *b);
/* Is this a lock the analysis can name well enough to report on? */
bool lk_sym_known(const lk_classes *t, const lk_sym *s);

typedef struct lk_symlist {
    lk_sym items[LK_MAX_LIST];
    size_t n;
} lk_symlist;

/* Add s unless present (or the list is full). Returns true if added. */
bool lk_symlist_add(lk_symlist *l, const lk_sym *s);

/* ---- summaries ---------------------------------------------------------- */

/* "The callee stores parameter src (+src_off) at *(parameter dst + dst_off)":
 * lets a caller see which mutex a guard object it passes around holds. */
typedef struct lk_pstore {
    int dst_param;
    int64_t dst_off;
    int src_param;
    int64_t src_off;
} lk_pstore;

#define LK_MAX_PSTORES 8

typedef struct lk_summary {
    bool done;
    lk_symlist locks;   /* acquired inside, directly or through calls (blocking acquisitions) */
    lk_symlist leaves;  /* held at a normal return: a lock wrapper */
    lk_symlist unlocks; /* released without having been acquired: an unlock wrapper */
    bool may_block;
    const char *block_callee; /* first blocking library call reached (borrowed) */
    const char *block_why;
    uint32_t writes_params; /* bit i: may write through parameter i */
    bool writes_other;      /* may write memory not reached through a parameter */
    bool pure;              /* no writes, no calls: its result is a stable condition */
    lk_pstore pstores[LK_MAX_PSTORES];
    size_t npstores;
} lk_summary;

/* ---- module context ----------------------------------------------------- */

typedef struct lk_edge {
    int outer, inner; /* class ids */
    int fn;           /* function index */
    int op;           /* inner acquisition op (or the call) */
    int outer_op;     /* acquisition of the outer lock, -1 unknown */
    bool via_call, trylock;
    const char *callee; /* borrowed */
} lk_edge;

typedef struct lk_module {
    const pa_module *m;
    pa_report *out;
    lk_classes classes;
    lk_summary *sums; /* per function index */
    /* function name -> index */
    int *fn_slots;
    size_t fn_nslots;
    lk_edge *edges;
    size_t nedges, cap_edges;
    bool oom;
} lk_module;

/* Function index for a linkage name, -1 when not defined in the module. */
int lk_function_index(const lk_module *mc, const char *name);

/* ---- per-function context ---------------------------------------------- */

typedef struct lk_write {
    int base_kind; /* LK_LOC_* */
    int base;      /* param index or value id */
    int64_t off;
    int src;       /* value id stored, or -1 */
    int src_param; /* via a callee's pstore: caller's argument value id in src */
} lk_write;

enum { LK_LOC_NONE = 0, LK_LOC_ARG, LK_LOC_STACK, LK_LOC_GLOBAL, LK_LOC_OTHER };

typedef struct lk_loc {
    int kind; /* LK_LOC_* */
    int base; /* param index (ARG) or value id */
    int64_t off;
} lk_loc;

typedef struct lk_fn {
    lk_module *mc;
    const pa_function *f;
    int index;
    int *slot_value; /* per value: forwarded value of a singly-stored stack slot, -1 */
    lk_write *writes;
    size_t nwrites;
} lk_fn;

/* locks_sym.c */
int lk_fn_init(lk_fn *fc, lk_module *mc, int index);
void lk_fn_free(lk_fn *fc);
/* The lock a pointer value designates, in fc's function. Never fails: an
 * unnamed lock comes back as a concrete UNKNOWN class (cls -1 on OOM). */
lk_sym lk_resolve(lk_fn *fc, int value, int depth);
/* Where a pointer points: parameter, stack slot, global or other. */
lk_loc lk_resolve_loc(lk_fn *fc, int value, int depth);
/* A callee's symbolic lock seen from call op `op` in fc's function. */
lk_sym lk_subst(lk_fn *fc, int op, const lk_sym *callee_sym);
/* Does value point into this function's own stack frame? */
bool lk_points_to_stack(lk_fn *fc, int value);
/* Follow singly-stored stack slots (-O0 locals) to the value stored. */
int lk_forward(lk_fn *fc, int value);
/* Mark classes initialised with a PTHREAD_MUTEX_RECURSIVE attribute. */
void lk_find_recursive_inits(lk_module *mc);

/* locks_summary.c */
/* Compute every function's summary bottom-up over the call graph.
 * Returns 0 or -1 on out of memory. */
int lk_summarize_module(lk_module *mc);

/* ---- held-lock dataflow (locks_dataflow.c) and checks (locks_check.c) -- */

typedef enum lk_mode { LK_SUMMARIZE, LK_REPORT } lk_mode;

enum lk_fx_kind { FX_NONE = 0, FX_ACQ, FX_TRY, FX_REL, FX_CALL, FX_WAIT };

/* What one op does to the held set, precomputed once per function. */
typedef struct lk_fx {
    unsigned char kind; /* lk_fx_kind */
    bool tested;        /* ACQ/TRY: a branch tests the result (success edge) */
    bool success_true;  /* TRY: non-zero result means acquired */
    bool retry;         /* ACQ in a loop that only retries the acquisition */
    bool blocking;      /* catalogued blocking call (or WAIT) */
    bool block_via_call;/* calls a module function that may block */
    bool write, read;   /* touches shared (non-stack) memory */
    bool alloc;
    int inst;           /* ACQ/TRY/REL/WAIT: instance */
    int callee;         /* FX_CALL: module function index */
    int acq0, nacq;     /* FX_CALL: instances left locked by the callee (pool) */
    int rel0, nrel;     /* FX_CALL: instances the callee unlocks */
    int lck0, nlck;     /* FX_CALL: instances the callee locks inside */
    const char *why;    /* blocking: what it waits for */
} lk_fx;

typedef struct lk_df {
    lk_module *mc;
    lk_fn fc;
    const pa_function *f;
    lk_mode mode;
    lk_sym insts[LK_MAX_INSTANCES];
    int ninst;
    size_t nwords;
    lk_fx *fx;       /* per op */
    int *pool;
    size_t npool, cap_pool;
    bool *eh;        /* per block: only reached by exception paths */
    bool *pruned;    /* per block*2: successor edge removed by the current assumption */
    /* fixpoint state, per block */
    uint64_t *in_must, *in_may;
    int *in_acq;     /* nblocks * ninst: op that acquired each held lock */
    bool *visited;
    /* per-walk scratch */
    uint64_t *must, *may, *pre_must, *pre_may, *edge_must, *edge_may;
    int *acq, *pre_acq, *edge_acq;
    /* results gathered over every walk (locks_check.c) */
    struct lk_check *check;
} lk_df;

/* locks_dataflow.c */
/* Analyse one function: in LK_SUMMARIZE mode fill mc->sums[index]; in
 * LK_REPORT mode add findings, lock edges and JSON summary facts.
 * Returns 0 or -1 on out of memory. */
int lk_analyze_function(lk_module *mc, int index, lk_mode mode);
static inline bool lk_bit(const uint64_t *s, int i)
{
    return (s[(unsigned)i / 64] >> ((unsigned)i % 64)) & 1u;
}

/* locks_check.c: called by the walk with the state before each op */
int lk_check_begin(lk_df *df);
void lk_check_op(lk_df *df, int op);
void lk_check_end_walk(lk_df *df);
/* After every walk: emit findings / fill the summary. Returns 0 or -1. */
int lk_check_finish(lk_df *df);
void lk_check_free(lk_df *df);

/* locks_order.c */
/* Record a nested acquisition edge (deduplicated). Returns 0 or -1. */
int lk_add_edge(lk_module *mc, const lk_edge *e);
/* Report cycles of the per-TU lock-order graph and write out->lock_edges.
 * Returns 0 or -1 on out of memory. */
int lk_report_order(lk_module *mc);
/* locks_check.c: add {class, location} to an acquired_at array. */
void lk_json_acquired(cJSON *arr, const char *cls, const pa_loc *loc);

#endif
