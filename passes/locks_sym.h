/* passes/locks_sym.h — the lock analysis' vocabulary and its bottom layer:
 * lock classes interned per module, symbolic locks (concrete or relative to
 * a parameter), function summaries as data, the module context, and
 * resolving a pointer to the lock it designates (locks_sym.c). Only
 * passes/locks*.c include it; it depends on the model and lock_names.h. */
#ifndef PA_LOCKS_SYM_H
#define PA_LOCKS_SYM_H

#include "arena.h"
#include "fd_facts.h"
#include "model.h"
#include "util.h"

#include <cjson/cJSON.h>

#include <stdbool.h>
#include <stdint.h>

#define LK_MAX_LIST 32     /* entries per summary list */
#define LK_RESOLVE_DEPTH 8 /* pointer chains followed when naming a lock */

/* ---- lock classes: module-wide, interned by name ----------------------- */

typedef struct lk_class {
    char *name;    /* owned: the identity, built from facts ("struct conn.lock") */
    char *display; /* owned: what users read ("conn::lock", pa_lock_display_name) */
    pa_class_kind kind;
    bool recursive; /* recursive by type, initializer or PTHREAD_MUTEX_RECURSIVE attribute */
    /* Taken again by the callees of a function that holds it (an API lock:
     * SQLite's db->mutex around sqlite3_exec): an acquisition of it may be
     * a re-entry by a thread that already holds it. */
    bool reentered;
    /* A member (kind FIELD): its byte offset from the start of the type
     * its name starts with, PA_UNKNOWN_SIZE when not known. */
    int64_t offset;
} lk_class;

typedef struct lk_classes {
    lk_class *items;
    size_t n, cap;
    pa_map by_name; /* pa_hash_str(name) -> class id */
} lk_classes;

/* Intern name with kind (the first kind seen wins; NULL name: "unknown
 * lock"). Returns the class id, or -1 on out of memory. */
int lk_class_intern(lk_classes *t, const char *name, pa_class_kind kind);
void lk_classes_free(lk_classes *t);
/* Name users read / kind of class id; "unknown lock" / UNKNOWN for a bad id. */
const char *lk_class_name(const lk_classes *t, int id);
/* The identity of class id as interned (the facts' form: "struct conn.lock"). */
const char *lk_class_key(const lk_classes *t, int id);
pa_class_kind lk_class_kind(const lk_classes *t, int id);
/* Is class id recursive? False for a bad id. */
bool lk_class_recursive(const lk_classes *t, int id);
/* Mark class id recursive (ignored for a bad id). */
void lk_class_set_recursive(lk_classes *t, int id);
bool lk_class_reentered(const lk_classes *t, int id);
void lk_class_set_reentered(lk_classes *t, int id);
/* Record that member class id lies `offset` bytes into the type its name
 * starts with (the first offset known wins; ignored for a bad id or an
 * unknown offset). */
void lk_class_note_offset(lk_classes *t, int id, int64_t offset);
/* Add to `out` (an array, made when NULL and there is one) what each
 * member lock this module takes (the class of one of its critical
 * `sections`, docs/findings-format.md lock_sections) and names is called where its class is only
 * declared: {"opaque": "ns::C::<byte 2040>", "member": "ns::C::mu_"}
 * (docs/findings-format.md, member_names). Only for C++ modules: clang
 * describes a class with a vtable only in the file that emits it, while a
 * C file that reaches a member has its struct. 0, or -1 on out of memory. */
int lk_classes_member_names(const lk_classes *t, const cJSON *sections, cJSON **out);

/* ---- symbolic locks ----------------------------------------------------- */

/* A lock as a function sees it: either concrete (a named class, plus the
 * object within the function when several objects share the class), or
 * relative to one of the function's parameters, to be substituted by
 * callers: param+off0, or *(param+off0)+off1 when the mutex pointer is
 * loaded from the parameter (guard objects: lock_guard's _M_device), or
 * *(*(param+off0)+off1)+off2 when the guard itself is reached through a
 * pointer the parameter holds (a std::unique_ptr to a guard object, whose
 * destructor deletes the guard and so unlocks). */
typedef struct lk_sym {
    int cls;      /* display class; for params the field name or "param#N" */
    int param;    /* >= 0: parameter-relative */
    int64_t off0; /* offset from the parameter (PA_UNKNOWN_SIZE if unknown) */
    int64_t off1; /* offset after the dereference */
    int64_t off2; /* offset after the second dereference */
    bool deref;   /* *(param + off0) + off1 */
    bool deref2;  /* *(*(param + off0) + off1) + off2 (deref is set too) */
    int object;   /* concrete, non-global: root value in the function, else -1 */
    /* An element of an array of locks (&locks[i], &buckets[i].lock): the
     * index value in this function, or -1 when unknown (then it is no lock
     * the analysis can tell from another element of the same array). */
    bool element;
    int index;
    /* In a summary: the effect happens only when parameter cond_param is
     * non-zero (cond_nonzero) or zero: the lock-flag idiom
     * `if (do_lock) lock(); ... if (do_lock) unlock();`. -1: always. */
    int cond_param;
    bool cond_nonzero;
    pa_lock_prim prim;
    bool shared;    /* read acquisition (rdlock, lock_shared) */
    bool recursive; /* recursive mutex: may be taken twice */
    /* The class to show in messages, plus one (0: cls): the member a
     * parameter-relative or unknown lock's pointer was loaded from
     * (pa_lock_class.home). Not part of the lock's identity. */
    int shown;
} lk_sym;

/* The name messages show for s: its class, or where that is only
 * parameter-relative or unknown, the member its pointer was loaded from. */
const char *lk_sym_display(const lk_classes *t, const lk_sym *s);

/* Same lock (ignores prim/shared/recursive/shown)? Two elements of an array are
 * the same only with the same index value. */
bool lk_sym_same(const lk_sym *a, const lk_sym *b);
/* Is this a lock the analysis can name well enough to report on? */
bool lk_sym_known(const lk_classes *t, const lk_sym *s);

/* A summary's list: at most LK_MAX_LIST entries, in the module's arena
 * (lk_module.lists). Most lists hold none or one lock, so a summary keeps
 * a pointer, not room for LK_MAX_LIST: 8 KB per function was zeroed,
 * faulted in and copied for lists that stayed empty. A summary rebuilt
 * gets new arrays; the old ones stay valid until the module's analysis
 * ends, so a copy of a summary (summarize_scc) may keep pointing to them. */
typedef struct lk_symlist {
    lk_sym *items;
    uint32_t n, cap;
} lk_symlist;

/* Add s unless present (or the list is full), growing l in arena. Returns
 * 1 if added, 0 if not, -1 on out of memory. */
int lk_symlist_add(pa_arena *arena, lk_symlist *l, const lk_sym *s);
/* Index of the entry of l that is the same lock as s, or -1. */
int lk_symlist_find(const lk_symlist *l, const lk_sym *s);

/* ---- summaries (computed by locks_summary.c, read by callers) ----------- */

/* "The callee stores parameter src (+src_off) at *(parameter dst + dst_off)":
 * lets a caller see which mutex a guard object it passes around holds. */
typedef struct lk_pstore {
    int dst_param;
    int64_t dst_off;
    int src_param;
    int64_t src_off;
    const char *src_field; /* the struct member param src + src_off is (borrowed), or NULL */
} lk_pstore;

#define LK_MAX_PSTORES 8

/* "A lock the function leaves held has its address stored in an object
 * whose pointer it stores at *(parameter param + off0), at off1 into that
 * object": a function that hands back a guard object on the heap
 * (`std::unique_ptr<Guard> LockContext()`). A caller that later releases
 * *(*(that argument + off0) + off1) (the unique_ptr's destructor) releases
 * that lock. */
typedef struct lk_guard {
    int param;
    int64_t off0, off1;
    lk_sym lock; /* the entry of `leaves` */
} lk_guard;
#define LK_GROW_PARAMS 8 /* parameters whose growth a summary records */

typedef struct lk_summary {
    bool done;
    lk_symlist locks;   /* acquired inside, directly or through calls (blocking acquisitions) */
    /* per entry of `locks`: the chance that one call takes it (0..1), from
     * the frequencies of the blocks that take it (a lock taken only on a
     * rare branch is no lock taken per call) */
    double lock_prob[LK_MAX_LIST];
    /* per entry of `locks`: held around a loop of its own (directly or in a
     * callee): a wait until some state changes, or work that grows with
     * the data, not a short critical section taken per call; or taken
     * inside a loop of its own: then the lock pair per element is that
     * loop's (reported there), not its caller's */
    bool lock_around_loop[LK_MAX_LIST];
    /* per entry of `locks`: a parameter that must be non-zero for the lock
     * to be taken (`if (changed && propagate) notify(rk)`), or -1: a caller
     * passing 0 there does not take it */
    int lock_param[LK_MAX_LIST];
    lk_symlist leaves;  /* held at a normal return: a lock wrapper */
    bool leaves_on_zero; /* each of `leaves` is held exactly when it returns 0: acquire on
                            success, released on the error returns (SQLite vdbeUnbind) */
    bool leaves_on_nonzero; /* each of `leaves` is held exactly when it returns non-zero: a
                               trylock wrapper returning `pthread_mutex_trylock(m) == 0` */
    bool leaves_checked; /* leaves_on_zero, each of `leaves` taken by a plain lock whose result
                            it returns (`return pthread_mutex_lock(m);`): held unless the lock
                            failed, so no trylock to retry */
    lk_symlist unlocks; /* released without having been acquired: an unlock wrapper */
    lk_symlist waits;   /* released while it waits on a condition variable */
    bool may_block;
    bool only_waits;          /* blocks only in condition waits (on `waits`) */
    bool waits_held;          /* ... some of them a wait bound to its mutex (condwait
                                 mutex=held) made while this function holds no lock:
                                 the wait releases the lock its caller holds */
    double block_prob;        /* estimated chance that a call reaches the blocking call (0..1) */
    double alloc_prob;        /* estimated chance that a call allocates (0..1) */
    const char *alloc_callee; /* the allocator or callee it allocates through (borrowed) */
    int alloc_param;          /* every allocation needs this parameter non-zero
                                 (`if (metadata) copy = malloc(...)`), or -1 */
    /* The chance of allocating on a path that tears nothing down: through no
     * callee that frees its argument (a destructor whose allocation, a hash
     * insert's node say, is on a path teardown rarely takes). */
    double alloc_prob_plain;
    bool teardown; /* frees a parameter and returns no pointer: a destructor */
    /* Every allocation it makes, directly or through callees, grows a
     * buffer it keeps by doubling its capacity (pa_growth_doubles_kept_capacity):
     * it reallocates only when the buffer is full, rarely per call. */
    bool alloc_amortised;
    /* Every allocation it makes (but amortised growth) waits on a test of
     * the state of this parameter's object, or of a callee's such state
     * handed this parameter: `if (finished_loading) return false;` before
     * loading the next segment. A lazy load: callers holding that object's
     * lock allocate only while the object says loading is unfinished. -1:
     * some allocation is made whatever the object's state. */
    int alloc_state_param;
    /* Every allocation it makes (but amortised growth) is made inside a
     * library the project vendors (pa_catalog_vendored_file), called
     * directly or through callees that say so: moodycamel's enqueue making
     * a block. Not the project's code to move before a lock. */
    bool alloc_in_library;
    /* Its allocation chance comes from a local string or container it
     * builds from empty (locks_local_build.h); alloc_local_sure: one that
     * surely allocates (a container, or a string past its inline bytes). */
    bool alloc_local_build;
    bool alloc_local_sure;
    /* The strings and containers its parameters point to that it grows
     * (bit i: parameter i < LK_GROW_PARAMS), the strings it grows by an
     * unknown number of bytes, and the bytes it appends to each string on
     * every call (a helper such as PutFixed64(&s, v): 8). */
    uint8_t grows_string, grows_container, grows_unknown;
    uint8_t grows_bytes[LK_GROW_PARAMS];
    const char *block_callee; /* first blocking library call reached (borrowed) */
    const char *block_why;
    uint32_t writes_params; /* bit i: may write through parameter i */
    bool writes_other;      /* may write memory not reached through a parameter */
    bool pure;              /* no writes, no calls: its result is a stable condition */
    bool noreturn;          /* every path crashes: a project's own fatal()/panic() */
    lk_pstore pstores[LK_MAX_PSTORES];
    size_t npstores;
    lk_guard guard;
    bool has_guard;
    /* The lock the function returns a pointer to, on every return (a
     * getter: unique_lock::mutex(), native_handle(), get_lock(obj)). */
    lk_sym ret;
    bool has_ret;
} lk_summary;

/* ---- module context ----------------------------------------------------- */

typedef struct lk_module {
    const pa_module *m; /* calls linked (pa_model_link_calls) */
    lk_classes classes;
    lk_summary *sums; /* per function index */
    pa_arena lists;   /* the summaries' lists */
    /* One function's working memory: lk_engine_run's arrays and its
     * clients' (lk_scratch), emptied when the next run starts. ~25 calloc
     * and free pairs a run, 7,610 runs on sqlite3.c, each in fresh memory,
     * became bumps in one chunk that stays warm. */
    pa_arena scratch;
    pa_fd_facts fds;  /* descriptors opened non-blocking */
    int *scc_pos;     /* per function index: its position in the recursive
                         component being summarised, -1 outside (or NULL) */
    bool oom;
} lk_module;

/* Index of the module function call op o reaches directly, PA_NONE when
 * indirect or not defined in the module. */
static inline int lk_callee(const lk_module *mc, const pa_op *o)
{
    return pa_op_callee(mc->m, o) ? o->callee_fn : PA_NONE;
}

/* Is s the summary of a function that only reads: made, writing nothing
 * through its parameters or elsewhere, never blocking? Its result, tested
 * by a branch, is a test of the state it reads (a getter before
 * inlining: unique_ptr::operator bool, atomic<bool>::operator bool). */
static inline bool lk_summary_reads_only(const lk_summary *s)
{
    return s->done && s->writes_params == 0 && !s->writes_other && !s->may_block;
}

/* The value a branch on v tests, past casts, a negation or a comparison
 * with a constant (an arithmetic value's first input), at most three of
 * them; PA_NONE when there are more or v is no value. */
int lk_tested_value(const pa_function *f, int v);

/* ---- per-function context ---------------------------------------------- */

enum { LK_LOC_NONE = 0, LK_LOC_ARG, LK_LOC_STACK, LK_LOC_GLOBAL, LK_LOC_OTHER };

typedef struct lk_write {
    int base_kind; /* LK_LOC_* */
    int base;      /* param index or value id */
    int64_t off;
    int src;               /* value id stored (plus src_off), or -1 */
    int64_t src_off;       /* via a callee's pstore: offset added to src */
    const char *src_field; /* the struct member src + src_off is, or NULL */
    /* A write into the object whose pointer is stored at base + off, at
     * off1 into it: the mutex a guard object on the heap holds. */
    bool deref;
    int64_t off1;
    /* The lock written, when a callee's guard says so (src is -1). */
    bool has_sym;
    lk_sym sym;
} lk_write;

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
    size_t nwrites, cap_writes;
    /* locks_null.c's per-block test roots, worked out on first use */
    int *null_cond_root, *null_implied_root;
} lk_fn;

/* Facts about function `index` (stack slots, pointer stores, callees'
 * parameter stores). Returns 0, or -1 on out of memory (fc then freed). */
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
/* The parameter stores of fc's function: a pointer into a parameter
 * stored, directly or by a callee, into another parameter's memory (a
 * guard's constructor, a helper returning a guard). Fills out[0..max) and
 * returns how many. */
size_t lk_param_stores(lk_fn *fc, lk_pstore *out, size_t max);
/* The guard object fc's function hands back holding one of `leaves` (a
 * unique_ptr to it stored through a parameter: lk_guard). False when there
 * is none. */
bool lk_leaves_guard(lk_fn *fc, const lk_symlist *leaves, lk_guard *out);
/* Follow singly-stored stack slots (-O0 locals) to the value stored. */
int lk_forward(lk_fn *fc, int value);
/* Mark classes initialised with a PTHREAD_MUTEX_RECURSIVE attribute. */
void lk_find_recursive_inits(lk_module *mc);

#endif
