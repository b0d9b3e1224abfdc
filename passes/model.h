/* passes/model.h — the compiler-neutral program model every analysis reads.
 * plugin/extract.c builds it from LLVM IR; tests/ build it by hand with the
 * pa_model_* builder functions below. No LLVM type ever appears here.
 *
 * Identity is by index: a function owns arrays of blocks, ops, values and
 * loops, and they refer to each other with int ids (PA_NONE when absent).
 * Anything the extractor does not understand becomes an explicit UNKNOWN
 * (value kind PA_VAL_UNKNOWN, op kind PA_OP_USE) that analyses must treat
 * conservatively: an unknown use of a pointer is an escape. */
#ifndef PA_MODEL_H
#define PA_MODEL_H

#include "contract.h" /* pa_loc */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PA_NONE (-1)
/* Sizes, offsets and trip counts the compiler could not determine. */
#define PA_UNKNOWN_SIZE INT64_MIN

typedef enum pa_value_kind {
    PA_VAL_UNKNOWN = 0, /* not modelled: treat as anything */
    PA_VAL_ARG,         /* function parameter param_index */
    PA_VAL_GLOBAL,      /* address of a global variable `name` */
    PA_VAL_STACK,       /* a stack slot (alloca) */
    PA_VAL_ALLOC,       /* result of the ALLOC op def_op */
    PA_VAL_CALL,        /* result of a CALL op def_op (not an allocator) */
    PA_VAL_DERIVED,     /* base + offset (GEP, cast); offset may be unknown */
    PA_VAL_MERGE,       /* phi or select of inputs[] */
    PA_VAL_LOAD,        /* value loaded from address `base` by op def_op */
    PA_VAL_CONST,       /* null pointer or integer constant `offset` */
    PA_VAL_FUNCTION,    /* address of function `name` */
    PA_VAL_ARITH,       /* integer arithmetic `arith` over inputs[0] (, inputs[1]) */
} pa_value_kind;

/* Integer operations, for size expressions (allocation growth patterns). */
typedef enum pa_arith_op {
    PA_ARITH_NONE = 0,
    PA_ARITH_ADD,
    PA_ARITH_SUB,
    PA_ARITH_MUL,
    PA_ARITH_SHL,  /* x << k */
    PA_ARITH_SHR,  /* x >> k (logical or arithmetic) */
    PA_ARITH_DIV,
    PA_ARITH_CAST, /* zext / sext / trunc of inputs[0] */
    PA_ARITH_OTHER,
    PA_ARITH_ADDR, /* the address of pointer inputs[0] as an integer, only
                    * measured (p - q, p < q): not a derivation of it */
} pa_arith_op;

/* Which mutex a pointer designates, in order of preference (DESIGN.md). */
typedef enum pa_class_kind {
    PA_CLASS_NONE = 0, /* not computed / not a lock operand */
    PA_CLASS_GLOBAL,   /* global or static symbol: "g_lock", "file.c:lock" */
    PA_CLASS_FIELD,    /* struct field from debug types: "struct conn.lock" */
    PA_CLASS_PARAM,    /* relative to parameter param_index (+ offset) */
    PA_CLASS_LOCAL,    /* a stack object of this function */
    PA_CLASS_UNKNOWN,  /* anything else: heap object without type info */
} pa_class_kind;

/* Facts about the mutex a pointer designates, as a front end sees them;
 * passes/lock_names.h turns them into the name users read, so no front end
 * builds names. Strings are owned by the module's pool (NULL when absent).
 * The pointer is the lock's base plus `offset` bytes, where the base is the
 * global `symbol`, parameter `param_index`, the stack object `local`, or a
 * pointer loaded from global `symbol` / from a stack slot (loaded_from_*). */
typedef struct pa_lock_class {
    pa_class_kind kind;
    int param_index;         /* the parameter the pointer is based on, else PA_NONE */
    /* Debug-info field path at the offset, as the front end's type lookup
     * gives it: "struct conn.lock" (FIELD), "g.lock" or "g" in a global. */
    const char *field;
    const char *symbol;      /* GLOBAL: the global (holding the pointer if loaded_from_global) */
    const char *local;       /* LOCAL: the stack variable's name */
    int64_t offset;          /* byte offset from the base, PA_UNKNOWN_SIZE if not constant */
    bool is_static;          /* symbol has internal linkage */
    bool loaded_from_global; /* the pointer was loaded from global `symbol`: *g + offset */
    bool loaded_from_slot;   /* loaded from a stack slot (-O0 home of a parameter);
                                field then comes from the slot's declared type */
    /* A recursive mutex: std::recursive_mutex by type, or a
     * PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP initializer. */
    bool recursive;
    /* The project's struct member the lock's pointer was loaded from
     * ("struct conn.mutex" for pthread_mutex_lock(c->mutex)), when nothing
     * else names the lock: shown in messages in place of a
     * parameter-relative name, never used to tell locks apart. */
    const char *home;
} pa_lock_class;

/* What a value without lock facts points to: kind NONE, no parameter. */
extern const pa_lock_class pa_lock_class_none;

/* The model's structs are laid out without padding: a module of sqlite3.c
 * holds ~320,000 values and ~170,000 ops, each copied once (plugin/extract.c
 * keep_exact_arrays) into fresh memory. */
typedef struct pa_value {
    pa_value_kind kind;
    int base;          /* DERIVED, LOAD: the address value it comes from */
    int64_t offset;    /* DERIVED: byte offset (PA_UNKNOWN_SIZE); CONST: value */
    int index;         /* DERIVED with an unknown offset: the value of the first
                          variable index (&locks[i]: i), PA_NONE otherwise */
    pa_arith_op arith; /* ARITH */
    int *inputs;       /* MERGE: incoming values; ARITH: operands */
    int *in_blocks;    /* MERGE of a phi: the block each input comes from (ninputs
                          entries, PA_NONE when not known); NULL for a select */
    size_t ninputs;
    int param_index;   /* ARG */
    int def_op;        /* ALLOC, CALL, LOAD: defining op */
    int def_block;     /* block of the defining instruction, PA_NONE for arguments/constants */
    bool is_static;    /* GLOBAL: internal linkage */
    bool is_pointer;   /* has pointer type */
    bool nonnull;      /* ARG: a parameter declared never NULL (nonnull, dereferenceable:
                          C++ references and `this`) */
    bool sret;         /* ARG: the caller's slot this function returns a struct in (a
                          std::vector returned by value is built there) */
    bool own_variable; /* STACK of a struct or class type: holds a variable this function
                          itself declares (not an expression's temporary, not an inlined
                          callee's local); false when not known */
    const char *name;  /* GLOBAL/FUNCTION: symbol; others: source variable if known */
    /* Filled for call arguments and lock operands (pa_model_set_class): in
     * the module's pool, else &pa_lock_class_none; never NULL. A pointer, as
     * most values have none: the 48 bytes inline were a third of a value. */
    const pa_lock_class *cls;
    void *handle;      /* compiler's value; opaque to analyses */
} pa_value;

typedef enum pa_op_kind {
    PA_OP_CALL = 0, /* a call the catalogue does not classify further */
    PA_OP_ALLOC,    /* allocation (allocator, size), result value */
    PA_OP_FREE,     /* release of args[free_arg] */
    PA_OP_LOCK,     /* acquire args[lock_arg] */
    PA_OP_TRYLOCK,  /* conditional acquire: held only where result == success */
    PA_OP_UNLOCK,   /* release args[lock_arg] */
    PA_OP_LOAD,     /* read through addr; result is a value when pointer typed */
    PA_OP_STORE,    /* write `stored` (PA_NONE if not a modelled value) at addr */
    PA_OP_RET,      /* return ret_value (PA_NONE for void / non-pointer) */
    PA_OP_USE,      /* any other use of pointer values args[]: unknown effect */
} pa_op_kind;

typedef enum pa_allocator {
    PA_ALLOCATOR_NONE = 0,
    PA_ALLOCATOR_MALLOC,
    PA_ALLOCATOR_CALLOC,
    PA_ALLOCATOR_REALLOC,
    PA_ALLOCATOR_STRDUP,
    PA_ALLOCATOR_STRNDUP,
    PA_ALLOCATOR_ALIGNED_ALLOC,
    PA_ALLOCATOR_POSIX_MEMALIGN,
    PA_ALLOCATOR_NEW,
    PA_ALLOCATOR_NEW_ARRAY,
    PA_ALLOCATOR_LIBRARY, /* asprintf and friends: allocate internally */
    PA_ALLOCATOR_PROJECT, /* the project's own allocator: named in its configuration file or
                             declared with malloc / alloc_size attributes (the op's callee) */
} pa_allocator;

typedef enum pa_lock_prim {
    PA_PRIM_NONE = 0,
    PA_PRIM_PTHREAD_MUTEX,
    PA_PRIM_PTHREAD_RWLOCK,
    PA_PRIM_PTHREAD_SPIN,
    PA_PRIM_C11_MTX,
    PA_PRIM_STD_MUTEX, /* std::mutex & friends still called as members (-O0) */
    PA_PRIM_PROJECT,   /* the project's own lock functions (configuration file) */
} pa_lock_prim;

/* Per-argument facts from IR attributes at the call site and the callee. */
enum {
    PA_ARG_NOCAPTURE = 1u << 0,     /* callee does not keep the pointer */
    PA_ARG_READONLY = 1u << 1,      /* callee only reads through it */
    PA_ARG_CONST = 1u << 2,         /* argument is an integer constant (arg_const) */
    PA_ARG_RETURNED = 1u << 3,      /* callee returns this argument (strcpy's dest) */
    PA_ARG_NOFREE = 1u << 4,        /* callee never frees it (nocapture is not nofree) */
    PA_ARG_POINTEE_CONST = 1u << 5, /* pointer to memory the caller set to the integer
                                     * constant arg_const just before the call (an
                                     * in/out size: std::string::_M_create's capacity) */
    PA_ARG_SRET = 1u << 6,          /* the caller's slot the callee returns a struct in */
    PA_ARG_NONNULL = 1u << 7,       /* pointer the front end knows is not NULL here (LLVM's
                                     * nonnull or dereferenceable at the call site or on the
                                     * callee's parameter) */
};

/* Whole-call facts. */
enum {
    PA_CALL_INDIRECT = 1u << 0,     /* through a function pointer */
    PA_CALL_READS_ONLY = 1u << 1,   /* callee only reads memory */
    PA_CALL_NO_MEMORY = 1u << 2,    /* callee touches no memory */
    PA_CALL_DEFINED_HERE = 1u << 3, /* callee has a body in this module */
    PA_CALL_INVOKE = 1u << 4,       /* C++ invoke: has an exception edge */
    PA_CALL_INTRINSIC = 1u << 5,    /* compiler intrinsic (memcpy, lifetime...) */
    PA_CALL_NORETURN = 1u << 6,
    PA_CALL_VARIADIC = 1u << 7,     /* the callee takes `...` (printf-like) */
};

typedef struct pa_op {
    pa_op_kind kind;
    int block;      /* owning block */
    pa_loc loc;     /* reported location: outermost in the user's own file */
    pa_loc origin;  /* innermost location when inlined from elsewhere (header) */
    unsigned inline_depth; /* inlinedAt steps from origin to loc */
    unsigned inner_depth;  /* inlinedAt steps from origin to inner */
    const char *entry;     /* when loc's line calls a library function that was inlined
                              (std::vector::reserve): its name ("reserve"), else NULL */
    pa_loc inner;          /* innermost user-file frame when a user function was inlined
                              into loc's line (file NULL otherwise) */
    pa_loc *frames;        /* ALLOC inlined from user functions: the location at each
                              inlinedAt step, innermost first (frames[inline_depth] is
                              loc; nframes = inline_depth + 1), then frames[nframes]:
                              the innermost user frame as inner was before frames of
                              allocator wrappers were skipped (the user's call of
                              the library); NULL otherwise */
    const char *inlined_growth; /* ALLOC inlined from a std::vector growth member
                                   (_M_realloc_insert: the buffer of a vector that
                                   doubles, not a node): its name, else NULL */
    void *handle;   /* compiler instruction, only for attaching remarks */
    unsigned short nframes;
    unsigned short growth_steps; /* with inlined_growth: inlinedAt steps from origin to
                                    the frame that called the growth member (push_back),
                                    else 0 */

    /* calls (CALL, ALLOC, FREE, LOCK, TRYLOCK, UNLOCK) and USE */
    int callee_fn;                /* index in the module's functions of the callee's
                                     definition (first of that name), PA_NONE when
                                     indirect or not defined here: pa_model_link_calls */
    const char *callee;           /* symbol, NULL when indirect */
    const char *callee_demangled; /* readable name, or callee */
    int *args;                    /* value ids, PA_NONE for non-modelled args */
    unsigned *arg_flags;          /* PA_ARG_* per argument */
    int64_t *arg_const;           /* per argument, valid with PA_ARG_CONST */
    size_t nargs;
    unsigned call_flags; /* PA_CALL_* */
    int result;          /* value id of the result, PA_NONE if none modelled */

    /* ALLOC */
    pa_allocator allocator;
    int realloc_src;    /* REALLOC: value being resized, else PA_NONE */
    int64_t alloc_size; /* bytes, PA_UNKNOWN_SIZE when not constant */
    int size_value;     /* value id feeding the size (PA_NONE): for growth patterns */

    /* FREE, LOCK, TRYLOCK, UNLOCK: which argument */
    int ptr_arg;
    pa_lock_prim prim;

    /* LOAD, STORE */
    int addr;
    int stored;

    /* RET: the returned pointer value, PA_NONE for void / non-pointer */
    int ret_value;

    /* A CALL (kind stays PA_OP_CALL) to a forwarding wrapper of the module
     * (pa_model_mark_alloc_wrappers): allocator, alloc_size and size_value
     * describe the allocation it returns; callee_fn is the wrapper. */
    bool via_wrapper;
    bool shared;        /* LOCK, TRYLOCK, UNLOCK: read (shared) acquisition: rdlock,
                           lock_shared */

    /* The static profile's reading of this op, filled for every op once the
     * calls are linked (pa_profile_memo_ops): path_end is 1 + how it ends a
     * path (profile.c's END_*), logs_some 2 when it is a log call made on
     * some paths only, else 1. 0 when not filled: the profile then works
     * it out at each question, as the lock engine asks it per run. */
    unsigned char path_end, logs_some;
} pa_op;

typedef struct pa_block {
    int *succs;
    size_t nsuccs;
    int *ops; /* op ids in program order */
    size_t nops;
    int loop; /* innermost loop id or PA_NONE */
    unsigned loop_depth;
    double freq; /* estimated executions per entry of the function (entry = 1) */
    /* The terminator branches on (cond_value == 0): successor zero_succ is
     * taken when it is zero/null/false. PA_NONE when not such a branch. */
    int cond_value;
    int zero_succ;
    /* When the condition is a folded `x == 0 || b` or `x != 0 && b`: x, and
     * the successor taken when x is zero (one way only: the other successor
     * says nothing of x). PA_NONE otherwise. */
    int zero_implied_value;
    int zero_implied_succ;
    /* When it tests an integer's sign against zero (`if (lock(m) < 0)`,
     * the error convention of code whose calls return 0 or an error):
     * the integer, and the successor on which it cannot be zero (the other
     * says nothing of it). PA_NONE otherwise. */
    int nonzero_value;
    int nonzero_succ;
    /* When it tests whether an integer is zero or a power of two (`!(n &
     * (n - 1))`, `ctpop(n) < 2` at -O2): the integer, and the successor
     * taken when it is. PA_NONE otherwise. */
    int pow2_value;
    int pow2_succ;
    bool narrow_test; /* the integer cond_value or pow2_value tests has fewer than 32
                         bits: a count that wraps */
    /* Otherwise, when it branches on a comparison of two integers or
     * pointers (`n < cap`): its operands, PA_NONE when not such a branch. */
    int cmp_lhs, cmp_rhs;
    pa_loc term_loc;  /* the terminator's location (`return -1;` of a branch into a
                         shared return block); file NULL when unknown */
    pa_loc term_inner; /* its innermost user-file frame when a user function was
                          inlined into term_loc's line (as pa_op.inner); file NULL
                          otherwise */
    const char *term_origin_file; /* the file of its innermost frame when inlined
                                     (a header's: push_back's capacity check),
                                     else NULL */
    /* The integer constant the function returns when it leaves from this
     * block: its own `return C`, or, for a block that branches into a shared
     * return block, the constant that block returns on the edge from here
     * (the phi's incoming value), when exit_const_known. For error paths
     * (passes/profile.c). */
    int64_t exit_const;
    /* Otherwise, when what it returns from here is an integer whose zero-ness
     * is that of another value (`return pthread_mutex_trylock(m) == 0`,
     * `return !f(x)`, `return f(x)`): that value, and whether the function
     * returns non-zero exactly when it is zero (negated). A trylock wrapper's
     * result says in which sense it took the lock. PA_NONE otherwise. */
    int exit_truth;
    bool exit_truth_negated;
    bool exit_const_known;
    bool returns;     /* ends in a return (or a resume) */
    bool resumes;     /* ends in resume: an exception unwinds on to the caller */
    bool unreachable; /* ends in unreachable (noreturn call, trap) */
    bool eh_pad;      /* exception landing pad / cleanup */
    unsigned char term_depth; /* inlinedAt steps from the terminator's innermost frame
                                 to term_loc (pa_op.inline_depth), at most 255 */
} pa_block;

typedef struct pa_loop {
    int parent;      /* enclosing loop or PA_NONE */
    unsigned depth;  /* 1 = outermost */
    int header;      /* header block */
    int64_t trip_count;     /* exact constant trip count, or 0 when unknown */
    int64_t max_trip_count; /* constant upper bound, or 0 */
    const char *trip_text;  /* symbolic trip count ("n"), or NULL */
    const char *max_trip_text; /* symbolic upper bound when the exact count is unknown, or NULL */
    pa_loc loc;
    pa_loc inner; /* innermost user-file frame of the header when inlined from a user
                     function (file NULL otherwise): see pa_op.inner */
    unsigned inline_depth; /* inlinedAt steps from the header's innermost frame to loc:
                              > 0 when the loop is an inlined callee's */
    bool batched; /* each pass takes min(remaining, room) of what remains and the loop
                     ends when nothing remains: it already works a batch at a time */
} pa_loop;

typedef struct pa_function {
    const char *name;      /* linkage (mangled) name */
    const char *demangled; /* readable name, or name */
    pa_loc loc;
    unsigned nparams;
    bool is_definition;
    bool optnone; /* -O0 code: memory-heavy IR, weaker facts */
    bool cold;    /* marked cold (__attribute__((cold)); LLVM's `cold`) */
    bool is_static;   /* internal linkage: one per translation unit */
    pa_block *blocks; /* block 0 is the entry */
    size_t nblocks, cap_blocks;
    pa_op *ops;
    size_t nops, cap_ops;
    pa_value *values;
    size_t nvalues, cap_values;
    pa_loop *loops;
    size_t nloops, cap_loops;
    void *handle;
    struct pa_arena *pool; /* the module's: holds ops' args, values' inputs, frames */
} pa_function;

/* The calls one function makes to one callee (passes/profile.c turns them
 * into the summaries' call_sites, from which the advisor builds the
 * whole-program call graph and its static profile). */
typedef struct pa_call_site {
    const char *callee; /* linkage name */
    double freq;        /* executions per call of the caller, summed over its sites */
    unsigned sites;     /* call instructions */
    double site_freq;   /* the most frequent site's executions per call */
    pa_loc loc;         /* the most frequent site */
    bool inlined;       /* the callee's body was inlined here and has none of its own */
} pa_call_site;

/* One defined function's calls to named functions, for every function of
 * the module (also those the analyses do not read). */
typedef struct pa_call_profile {
    const char *name; /* linkage name */
    const char *demangled; /* readable C++ name, or NULL (C, or unknown) */
    const char *file; /* defining file, or NULL */
    bool is_static;   /* internal linkage */
    bool cold;        /* marked cold */
    const char *thread_start; /* the library function that starts it as a
                                 thread (pthread_create), or NULL */
    double thread_loop; /* a thread's start routine: runs of its busiest outermost
                           loop's header per call (the compiler's estimate); 0: none */
    pa_call_site *calls;
    size_t ncalls, cap_calls;
} pa_call_profile;

typedef struct pa_module {
    const char *source_file; /* as given on the command line */
    const char *directory;   /* compilation directory, or NULL */
    bool has_debug_info;
    pa_function **functions;
    size_t nfunctions, cap_functions;
    bool calls_linked; /* pa_model_link_calls has filled every op's callee_fn */
    /* The project's own allocators and locks (configuration file, attributes)
     * the front end classified calls with; NULL when none. Owned by the
     * module (pa_model_free clears it). passes/catalog.h. */
    struct pa_catalog *catalog;
    pa_call_profile *profiles; /* every defined function's calls, when the front end
                                  recorded them (the phase that writes the file) */
    size_t nprofiles, cap_profiles;
    struct pa_arena *strings; /* owns every string above */
} pa_module;

/* ---- builder: used by the extractor and by unit tests ------------------- */

/* New empty module. source_file is copied. Returns NULL on out of memory.
 * Free with pa_model_free. */
pa_module *pa_model_new(const char *source_file);
void pa_model_free(pa_module *m);

/* Copy s into the module's string pool; NULL stays NULL. The result lives
 * until pa_model_free. Returns NULL on out of memory. */
const char *pa_model_str(pa_module *m, const char *s);
/* Like pa_model_str for a byte range that need not be NUL-terminated. */
const char *pa_model_strn(pa_module *m, const char *s, size_t len);

/* bytes for one of f's arrays (op frames), aligned for any scalar, living
 * until pa_model_free; NULL on out of memory. */
void *pa_model_alloc(pa_function *f, size_t bytes);
/* Give value v of f the lock facts *cls (copied into the module's pool).
 * Returns 0, or -1 on out of memory (the value keeps what it had) or a bad
 * value id. */
int pa_model_set_class(pa_function *f, int v, const pa_lock_class *cls);

/* Append a function; name copied, demangled defaults to name. Returns the
 * function (owned by m) or NULL on out of memory. */
pa_function *pa_model_add_function(pa_module *m, const char *name, unsigned nparams);

/* Append a block, a loop, a value or an op; return its id or PA_NONE on out
 * of memory. New entries are zeroed with every id field set to PA_NONE. */
int pa_model_add_block(pa_function *f);
int pa_model_add_loop(pa_function *f, int parent);
int pa_model_add_value(pa_function *f, pa_value_kind kind);
/* Adds the op at the end of block `block`. */
int pa_model_add_op(pa_function *f, int block, pa_op_kind kind);

/* Edge from -> to. Returns 0, or -1 on out of memory / bad id. */
int pa_model_add_succ(pa_function *f, int from, int to);
/* Set the call arguments of op (copies; flags and consts may be NULL). */
int pa_model_set_args(pa_function *f, int op, const int *args, const unsigned *flags,
                      const int64_t *consts, size_t nargs);
/* Set the inputs of a MERGE value (copies). */
int pa_model_set_inputs(pa_function *f, int value, const int *inputs, size_t n);
/* Set the blocks the inputs of a phi come from (copies; n must equal the
 * value's ninputs). */
int pa_model_set_input_blocks(pa_function *f, int value, const int *blocks, size_t n);

/* Append a call profile for function `name` (copied). Returns its index,
 * or PA_NONE on out of memory. */
int pa_model_add_profile(pa_module *m, const char *name);
/* Record `freq` more executions of a call from profile p to callee (copied)
 * at loc, merged with earlier calls to the same callee (the most frequent
 * site's location is kept). Returns 0, or -1 on out of memory / bad id. */
int pa_model_profile_call(pa_module *m, int p, const char *callee, double freq, const pa_loc *loc);
/* Count one more call at frequency freq (negative or NaN: 0) into site c.
 * Returns true when it is c's most frequent call so far; loc, when given,
 * then becomes c's location. pa_model_profile_call's update of a known
 * callee, for a caller that finds the site itself. */
bool pa_call_site_count(pa_call_site *c, double freq, const pa_loc *loc);

/* Fill every op's callee_fn from its callee name: the first definition of
 * that name in m, else PA_NONE. The extractor calls it once the module is
 * built; hand-built models (tests) call it before running an analysis.
 * Returns 0, or -1 on out of memory (callee_fn then stays PA_NONE). */
int pa_model_link_calls(pa_module *m);

/* Forwarding allocation wrappers: a defined function whose returned pointer
 * comes straight from an allocation on every path (the result of an ALLOC op
 * that is no realloc, or of a call to another such wrapper; null may be
 * returned too), its size taken from a parameter (through casts and
 * arithmetic). Every CALL op to one gets via_wrapper, the allocator, and the
 * constant size when the caller passes the parameter as a constant and the
 * wrapper forwards it unchanged. pa_model_link_calls runs it; needs callee_fn. */
void pa_model_mark_alloc_wrappers(pa_module *m);

/* ---- checked accessors: every id an analysis follows is checked --------- */

static inline bool pa_value_ok(const pa_function *f, int v)
{
    return v >= 0 && (size_t)v < f->nvalues;
}
static inline bool pa_op_ok(const pa_function *f, int o)
{
    return o >= 0 && (size_t)o < f->nops;
}
static inline bool pa_block_ok(const pa_function *f, int b)
{
    return b >= 0 && (size_t)b < f->nblocks;
}
static inline bool pa_loop_ok(const pa_function *f, int l)
{
    return l >= 0 && (size_t)l < f->nloops;
}
/* The entry for an id, or NULL when the id is out of range. */
static inline const pa_value *pa_value_at(const pa_function *f, int v)
{
    return pa_value_ok(f, v) ? &f->values[v] : NULL;
}
static inline const pa_op *pa_op_at(const pa_function *f, int o)
{
    return pa_op_ok(f, o) ? &f->ops[o] : NULL;
}
static inline const pa_block *pa_block_at(const pa_function *f, int b)
{
    return pa_block_ok(f, b) ? &f->blocks[b] : NULL;
}
static inline const pa_loop *pa_loop_at(const pa_function *f, int l)
{
    return pa_loop_ok(f, l) ? &f->loops[l] : NULL;
}

/* The function a call op reaches directly when it is defined in this
 * module, else NULL (indirect, external, or pa_model_link_calls not run). */
const pa_function *pa_op_callee(const pa_module *m, const pa_op *o);

/* ---- loop queries ------------------------------------------------------- */

/* Innermost loop of block b, PA_NONE outside loops or for a bad id. */
int pa_block_loop(const pa_function *f, int b);
/* Is loop `inner` equal to or nested in loop `outer`? False for bad ids. */
bool pa_loop_within(const pa_function *f, int inner, int outer);
/* Is block b inside `loop` (directly or in a nested loop)? */
bool pa_block_in_loop(const pa_function *f, int b, int loop);
/* The only block with an edge to b, counting only blocks inside `loop`
 * (PA_NONE: every block); PA_NONE when b has none or several. */
int pa_block_single_pred(const pa_function *f, int b, int loop);

/* ---- queries ------------------------------------------------------------ */

/* Follow DERIVED chains to the underlying base value; offsets summed into
 * *offset (PA_UNKNOWN_SIZE once any step is unknown). offset may be NULL. */
int pa_value_root(const pa_function *f, int value, int64_t *offset);

/* v without the zext/sext/trunc around it ((size_t)(n + 1), a bool loaded
 * as a byte), at most 4 deep. */
int pa_value_skip_casts(const pa_function *f, int v);

/* The loop's constant upper bound when it says something, else 0: SCEV
 * reports the counter type's limit (2147483647 for an int) when it knows no
 * better bound, and that is no bound a developer can use. */
int64_t pa_loop_useful_max(const pa_loop *l);

/* Name of an enum constant, for messages and JSON ("malloc", "pthread_mutex"). */
const char *pa_allocator_name(pa_allocator a);
const char *pa_lock_prim_name(pa_lock_prim p);
const char *pa_class_kind_name(pa_class_kind k);

/* Is block `to` reachable from block `from` (from itself counts only through
 * a cycle)? Visited scratch must hold f->nblocks bytes. */
bool pa_block_reaches(const pa_function *f, int from, int to, unsigned char *visited);

/* The edges between valid blocks of f: the size pa_block_preds' preds
 * needs. */
size_t pa_block_edge_count(const pa_function *f);

/* Every block's predecessors, as one array: those of b are
 * preds[first[b]..first[b + 1]), in block order. first holds f->nblocks + 1
 * entries, preds pa_block_edge_count(f). */
void pa_block_preds(const pa_function *f, int *first, int *preds);

/* Does a search from block `from` reach a block `goal` accepts without
 * passing block `avoid` (PA_NONE: none), staying inside loop `within`
 * (PA_NONE: anywhere)? The start block is tested too; starting at `avoid`
 * reaches nothing. Out of memory answers yes. */
bool pa_block_reaches_avoiding(const pa_function *f, int from, int avoid, int within,
                               bool (*goal)(const pa_function *, int, int), int goal_arg);

#endif
