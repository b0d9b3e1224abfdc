/* passes/loopalloc.c — allocations inside loops: per-iteration or amortised
 * allocation (loop-alloc) and quadratic growth (loop-realloc-growth: realloc
 * by a constant step, strcat into the same string). docs/remarks.md.
 * Exercised by: clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise -c foo.c */
#include "loopalloc.h"

#include "cxx_names.h"

#include "catalog.h"

#include "loopalloc_growth.h"
#include "loopalloc_bound.h"
#include "loopalloc_home.h"
#include "loopalloc_nodes.h"
#include "loopalloc_string.h"
#include "profile.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What to tell the developer to do (evidence key "advice"). */
typedef enum advice {
    ADVICE_HOIST = 0, /* allocate once before the loop, reuse */
    ADVICE_RESERVE,   /* pre-size before the loop */
    ADVICE_BATCH,     /* allocate the elements from one block / arena */
    ADVICE_GEOMETRIC, /* keep a capacity and grow it geometrically */
    ADVICE_TRACK_END, /* remember the end of the string instead of rescanning */
} advice;

static const char *const advice_names[] = {"hoist", "reserve", "batch", "geometric", "track-end"};

/* Where the memory of one allocation is released, relative to its loop. */
typedef struct free_facts {
    bool same_iteration; /* freed inside the loop, the value made in this iteration */
    bool carried;        /* freed inside the loop through a loop-carried phi: replaced */
    bool outer;          /* freed in an enclosing loop, outside this one */
    int outer_loop;      /* then the innermost such loop: rebuilt once per its iteration */
    bool presized;       /* a replaced buffer may come from a runtime-sized allocation before the loop */
    int carried_root;    /* carried: the loop-carried value the free releases, else PA_NONE */
} free_facts;

/* (loop, root value) pairs already reported: a string rebuilt
 * quadratically in a loop, the copies replacing one carried variable. */
typedef struct loop_root {
    int loop, root;
} loop_root;

typedef struct loop_roots {
    loop_root *items;
    size_t n, cap;
} loop_roots;

static bool loop_root_seen(const loop_roots *s, int loop, int root)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].loop == loop && s->items[i].root == root)
            return true;
    return false;
}

/* 0, or -1 on out of memory. */
static int loop_root_remember(loop_roots *s, int loop, int root)
{
    loop_root *p = pa_array_reserve(s->items, &s->cap, s->n + 1, sizeof *p);
    if (!p)
        return -1;
    s->items = p;
    s->items[s->n++] = (loop_root){loop, root};
    return 0;
}

/* A fresh-call finding already made for a (loop, callee): later calls of
 * the same function in the same loop join it (librdkafka's response
 * parsers copy four fields per element through rd_strndup: one finding). */
typedef struct fresh_group {
    int loop, callee_fn;
    const char *callee; /* the symbol: callee_fn is PA_NONE for every callee defined elsewhere */
    size_t finding;  /* index in the report */
    size_t base_len; /* length of its message before the count was added */
    unsigned calls;  /* sites reported in it */
} fresh_group;

/* The ids one walk has seen: stamp[id] == epoch (begin_walk). */
typedef struct walk_marks {
    unsigned *stamp;
    unsigned epoch;
    size_t n;
} walk_marks;

/* A std::string by the stack object holding it and its offset there. */
typedef struct string_key {
    int object;
    int64_t offset;
} string_key;

/* Per-function state. The scratch arrays are sized for the function. */
typedef struct fctx {
    const pa_module *m;
    const pa_function *f;
    pa_report *out;
    walk_marks vseen;     /* nvalues: the current value walk's */
    walk_marks bseen;     /* nblocks: the current block walk's */
    unsigned char *mark;  /* nvalues: pa_loopalloc_find_home scratch */
    int *stack;           /* nvalues + nblocks: explicit DFS stack */
    size_t first;         /* first finding of this function in out */
    loop_roots quad_reported; /* strings already reported as quadratic, per loop */
    unsigned char *normal; /* nblocks: normally_reached, made on first use */
    bool normal_made;
    const struct callee_facts *callees; /* per module function: its summary's facts, or NULL */
    fresh_group *fresh; /* fresh-call findings made in this function */
    size_t nfresh, capfresh;
    /* zero_guard_passes' guards of one allocation in one loop (the values
     * tested against zero on an edge that dominates it), made once for
     * the several tests asked of the same op: finding them is two block
     * walks per branch of the loop. */
    int guards_op, guards_loop;
    int *guards;
    size_t nguards, capguards;
    /* The blocks that reach the guarded op's block within one iteration
     * (reach_dest, per op and loop): one walk back from it over the
     * predecessors (pred_first, preds; made on first use) instead of a
     * walk forward from each tested branch of the loop. */
    unsigned char *reach_dest;
    int *pred_first, *preds;
    /* Strings built per iteration already decided (reported, or not such
     * a string): every other growth of one is skipped, so a string built by
     * 1,000 appends is looked at once, not 1,000 times. */
    string_key *strings_done;
    size_t nstrings_done, capstrings_done;
    pa_loopalloc_string_ops string_ops; /* made on the first string's question */
    /* Copies replacing one carried variable in one loop already reported
     * together (report_replacing_copies). */
    loop_roots replaced;
} fctx;

/* What the current walk has seen (ids 0..n-1), started again without
 * clearing the array: an id is seen when it holds the walk's number
 * (walks run per allocation and branch, in functions of 10,000 blocks). */
static void begin_walk(walk_marks *w)
{
    if (++w->epoch == 0) {
        memset(w->stamp, 0, w->n * sizeof *w->stamp);
        w->epoch = 1;
    }
}

static bool walk_seen(const walk_marks *w, int id) { return w->stamp[id] == w->epoch; }

static void walk_see(walk_marks *w, int id) { w->stamp[id] = w->epoch; }

/* ---- model queries, every id checked ------------------------------------- */

static unsigned loop_depth(const pa_function *f, int loop, int block)
{
    if (f->loops[loop].depth > 0)
        return f->loops[loop].depth;
    if (pa_block_ok(f, block) && f->blocks[block].loop_depth > 0)
        return f->blocks[block].loop_depth;
    unsigned d = 0;
    for (int l = loop; pa_loop_ok(f, l) && d <= f->nloops; l = f->loops[l].parent)
        d++;
    return d;
}

/* A loop whose final iteration count is predictable: pre-sizing is possible. */
static bool counted_loop(const pa_loop *l)
{
    return l->trip_count > 0 || (l->trip_text && l->trip_text[0]) ||
           (l->max_trip_text && l->max_trip_text[0]) || pa_loop_useful_max(l) > 0;
}

/* Defined before the loop and not changed in it: an argument, a global, a
 * constant, the address of a stack object (a local std::set's header
 * node, the end of a range-for over it), or computed outside the loop
 * (items.end() loaded before a range-for), possibly at a constant offset. */
static bool invariant_in(const pa_function *f, int v, int loop)
{
    for (int hops = 0; hops < 8; hops++) {
        const pa_value *x = pa_value_at(f, v);
        if (!x)
            return false;
        switch (x->kind) {
        case PA_VAL_ARG:
        case PA_VAL_STACK:
        case PA_VAL_GLOBAL:
        case PA_VAL_CONST:
        case PA_VAL_FUNCTION: return true;
        case PA_VAL_DERIVED:
            if (x->offset == PA_UNKNOWN_SIZE)
                return false;
            v = x->base;
            continue;
        case PA_VAL_LOAD:
        case PA_VAL_CALL:
        case PA_VAL_ALLOC:
        case PA_VAL_ARITH:
        case PA_VAL_MERGE:
            return pa_block_ok(f, x->def_block) && !pa_block_in_loop(f, x->def_block, loop);
        default: return false;
        }
    }
    return false;
}

/* Does op step a std::set or std::map iterator (++it, out of line)? */
static bool is_tree_increment(const pa_op *o)
{
    return o->callee_demangled && strncmp(o->callee_demangled, "std::_Rb_tree_increment(", 24) == 0;
}

/* Is v the in-loop step of a walk over a std::set or std::map: the result
 * of std::_Rb_tree_increment called on merge `phi`? */
static bool tree_step_of(const pa_function *f, int v, int phi)
{
    const pa_value *x = pa_value_at(f, v);
    if (!x || x->kind != PA_VAL_CALL || x->def_op < 0 || (size_t)x->def_op >= f->nops)
        return false;
    const pa_op *o = &f->ops[x->def_op];
    return is_tree_increment(o) && o->nargs >= 1 && o->args && o->args[0] == phi;
}

/* libstdc++'s tree keeps its header node (the end of a walk) in the set
 * or map, and the header's left link, the leftmost node (begin()), this
 * many bytes after it. */
#define PA_RB_HEADER_LEFT 16

/* Does the loop hand the tree (the root of its header's address) to a call other
 * than the cursor's step: an insertion (std::_Rb_tree_insert_and_rebalance
 * on that header, an out-of-line insert on the set), which a walk visits
 * when it lands after the cursor (a transitive closure)? Then size()
 * before the loop is not the count. */
static bool loop_hands_over_tree(const pa_function *f, int tree, int loop)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if ((o->kind != PA_OP_CALL && o->kind != PA_OP_ALLOC && o->kind != PA_OP_FREE) ||
            !pa_block_in_loop(f, o->block, loop) || !o->args)
            continue;
        if (is_tree_increment(o))
            continue;
        for (size_t k = 0; k < o->nargs; k++)
            if (o->args[k] >= 0 && pa_value_root(f, o->args[k], NULL) == tree)
                return true;
    }
    return false;
}

/* A walk of a whole std::set or std::map in order (a range-for over it):
 * the cursor v (a merge in the loop, or its step) starts at the tree's
 * leftmost node, is stepped by std::_Rb_tree_increment and meets `end`,
 * the header node: after size() steps, a count the container knows before
 * the loop, unless the loop inserts into it. Not a walk from lower_bound()
 * or find() (its count needs a second walk), nor a list of the program's
 * own (no count at all). */
static bool tree_walk(const pa_function *f, int v, int end, int loop)
{
    const pa_value *x = pa_value_at(f, v);
    if (x && x->kind == PA_VAL_CALL && x->def_op >= 0 && (size_t)x->def_op < f->nops) {
        const pa_op *o = &f->ops[x->def_op];
        if (!is_tree_increment(o) || o->nargs < 1 || !o->args)
            return false;
        v = o->args[0];
        x = pa_value_at(f, v);
    }
    if (!x || x->kind != PA_VAL_MERGE || !x->in_blocks || !x->inputs || !pa_block_in_loop(f, x->def_block, loop))
        return false;
    int64_t end_off = 0;
    int tree = pa_value_root(f, end, &end_off);
    if (tree < 0 || end_off == PA_UNKNOWN_SIZE)
        return false;
    bool start = false, step = false;
    for (size_t i = 0; i < x->ninputs; i++) {
        if (!pa_block_ok(f, x->in_blocks[i]))
            return false;
        if (pa_block_in_loop(f, x->in_blocks[i], loop)) {
            if (!tree_step_of(f, x->inputs[i], v))
                return false;
            step = true;
            continue;
        }
        const pa_value *first = pa_value_at(f, x->inputs[i]);
        int64_t left_off = 0;
        if (!first || first->kind != PA_VAL_LOAD ||
            pa_value_root(f, first->base, &left_off) != tree || left_off != end_off + PA_RB_HEADER_LEFT)
            return false;
        start = true;
    }
    return start && step && !loop_hands_over_tree(f, tree, loop);
}

/* Does comparing `cursor` with `end` test for the end of a range: a
 * pointer stepping by a constant or a whole tree walk, against an end
 * fixed before the loop? */
static bool range_end_test(const pa_function *f, int cursor, int end, int loop)
{
    return invariant_in(f, end, loop) &&
           (pa_loopalloc_pointer_counter(f, cursor, loop) || tree_walk(f, cursor, end, loop));
}

/* A loop over a range known before it starts: it leaves where a pointer
 * stepping through memory meets an end fixed before the loop (a range-for
 * over a container, `for (p = begin; p != end; ++p)`), or where a walk of a
 * whole std::set or std::map meets the tree's end. ScalarEvolution gives no
 * count when the element size does not divide the distance provably (a
 * 40-byte struct), nor for a tree, but the count, end - begin or size(), is
 * known before the first trip: enough to reserve(). A loop that may also
 * leave early has that count as a bound. */
static bool range_loop(const pa_function *f, int loop)
{
    for (size_t b = 0; b < f->nblocks; b++) {
        const pa_block *pb = &f->blocks[b];
        if (!pa_block_in_loop(f, (int)b, loop) || !pb->succs || pb->cmp_lhs == PA_NONE ||
            pb->cmp_rhs == PA_NONE)
            continue;
        bool exits = false;
        for (size_t k = 0; k < pb->nsuccs; k++)
            exits |= !pa_block_in_loop(f, pb->succs[k], loop);
        if (!exits)
            continue;
        if (range_end_test(f, pb->cmp_lhs, pb->cmp_rhs, loop) ||
            range_end_test(f, pb->cmp_rhs, pb->cmp_lhs, loop))
            return true;
    }
    return false;
}

/* Does every iteration of loop pass through one of the blocks cut[0..n)?
 * No way round the loop (header back to header) avoids them all. */
static bool iterations_pass_through(fctx *c, const int *cut, size_t ncut, int loop)
{
    const pa_function *f = c->f;
    int header = f->loops[loop].header;
    if (!pa_block_ok(f, header))
        return true; /* unknown shape: assume it does (per-iteration) */
    for (size_t k = 0; k < ncut; k++)
        if (cut[k] == header)
            return true;
    begin_walk(&c->bseen);
    for (size_t k = 0; k < ncut; k++)
        if (pa_block_ok(f, cut[k]))
            walk_see(&c->bseen, cut[k]); /* seen: the walk does not go through it */
    size_t n = 0;
    c->stack[n++] = header;
    walk_see(&c->bseen, header);
    while (n > 0) {
        const pa_block *blk = &f->blocks[c->stack[--n]];
        for (size_t i = 0; i < blk->nsuccs && blk->succs; i++) {
            int s = blk->succs[i];
            if (s == header)
                return false;
            if (!pa_block_ok(f, s) || walk_seen(&c->bseen, s) || !pa_block_in_loop(f, s, loop))
                continue;
            walk_see(&c->bseen, s);
            c->stack[n++] = s;
        }
    }
    return true;
}

/* Is there a way round the loop that avoids block b? Then b does not run
 * on every iteration (a capacity check guards it). */
static bool runs_every_iteration(fctx *c, int b, int loop)
{
    return iterations_pass_through(c, &b, 1, loop);
}

/* Code inlined from a C++ standard library header (std::vector, std::string):
 * its allocation is the container's own growth. */
static bool from_std_header(const pa_op *o)
{
    return o->inline_depth > 0 && pa_loopalloc_std_header_file(o->origin.file);
}

/* A std::string member that lengthens the string (append, push_back,
 * reserve: _M_append, _M_mutate, ...): an allocation of the string's
 * buffer when a loop body builds it from empty (loopalloc_string.h). */
static bool is_string_growth_call(const pa_op *o)
{
    return pa_catalog_string_growth(o, &(int64_t){0}, NULL);
}

/* The allocation is the inlined body of the container's reserve() called on
 * the reported line (std::vector::reserve, std::string::reserve). */
static bool is_reserve_call(const pa_op *o)
{
    return o->entry && strcmp(o->entry, "reserve") == 0;
}

/* Library members that allocate the object's buffer and are not inlined at
 * -O2: std::string's _M_create (pa_loopalloc_string_create_call) and
 * std::vector's growth path. The object (args[0]) holds the new buffer, so
 * frees of what is loaded from it release this allocation. */
static bool is_library_alloc_call(const pa_op *o)
{
    return pa_loopalloc_string_create_call(o) || pa_catalog_vector_growth_call(o);
}

/* std::string keeps up to 15 characters in the object (libstdc++'s
 * small-string buffer): _M_create runs only for longer strings. It surely
 * allocates when the capacity asked for (set just before the call) is
 * longer than that, as for a long literal. */
static bool string_surely_on_heap(const pa_op *o)
{
    return o->nargs > 1 && o->arg_flags && o->arg_const &&
           (o->arg_flags[1] & PA_ARG_POINTEE_CONST) && o->arg_const[1] > 15;
}

/* The scratch buffer of a standard algorithm (std::stable_sort,
 * std::inplace_merge: std::_Temporary_buffer in stl_tempbuf.h): the
 * algorithm's own, nothing on the user's line reuses it. */
static bool std_algorithm_scratch(const pa_op *o)
{
    return o->origin.file && strcmp(pa_path_basename(o->origin.file, ""), "stl_tempbuf.h") == 0;
}

/* An allocation: an allocator call, a call to a forwarding wrapper of the
 * module (pa_model_mark_alloc_wrappers), or a library member that allocates. */
static bool is_allocation(const pa_op *o)
{
    return o->kind == PA_OP_ALLOC || (o->kind == PA_OP_CALL && o->via_wrapper) ||
           is_library_alloc_call(o);
}

/* Does the op carry allocator, size and size value (an allocator call, or
 * a wrapper call marked with them)? */
static bool has_alloc_facts(const pa_op *o)
{
    return o->kind == PA_OP_ALLOC || (o->kind == PA_OP_CALL && o->via_wrapper);
}

/* ---- calls through the escape analysis's summaries ------------------------
 * The escape pass runs first and writes a summary per defined function
 * (allocates, returns_allocation, frees_params); they are read once per
 * module into a table by function index. Without summaries (escape
 * disabled) the table is empty and nothing below applies. */

typedef struct callee_facts {
    bool allocates, returns_allocation;
    bool null_answer; /* returns NULL as an answer on some paths: fresh on some calls only */
    uint64_t frees; /* bit k: parameter k is freed on every normal path (k < 64) */
} callee_facts;

static callee_facts facts_of(const cJSON *s)
{
    callee_facts cf = {false, false, false, 0};
    if (!s)
        return cf;
    cf.allocates = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "allocates"));
    cf.returns_allocation = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "returns_allocation"));
    cf.null_answer = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "returns_null_answer"));
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(s, "frees_params"))
        if (cJSON_IsNumber(x) && x->valuedouble >= 0 && x->valuedouble < 64)
            cf.frees |= (uint64_t)1 << (unsigned)x->valuedouble;
    return cf;
}

/* The table for module m, NULL on out of memory. Summaries are written in
 * function order, so the next entry is tried before a search by name. */
static callee_facts *read_callee_facts(const pa_module *m, const pa_report *out)
{
    callee_facts *t = calloc(m->nfunctions ? m->nfunctions : 1, sizeof *t);
    if (!t || !out->summaries)
        return t;
    const cJSON *next = out->summaries->child;
    for (size_t i = 0; i < m->nfunctions; i++) {
        const pa_function *g = m->functions[i];
        if (!g || !g->is_definition || !g->name)
            continue;
        const cJSON *s = next && next->string && strcmp(next->string, g->name) == 0
                             ? next
                             : cJSON_GetObjectItemCaseSensitive(out->summaries, g->name);
        next = s ? s->next : NULL;
        t[i] = facts_of(s);
    }
    return t;
}

/* Facts of the module function call o reaches directly, or NULL. */
static const callee_facts *callee_facts_of(const fctx *c, const pa_op *o)
{
    if (o->kind != PA_OP_CALL || !c->callees)
        return NULL;
    const pa_function *g = pa_op_callee(c->m, o);
    return g && g->is_definition ? &c->callees[o->callee_fn] : NULL;
}

/* Does module function g allocate more than one block (allocator calls,
 * wrapper calls, calls of functions that allocate)? Then what it returns
 * is an object that owns other blocks (a constructor, released by its
 * destroy function), not one buffer a loop could reuse. */
static bool allocates_more_than_once(const fctx *c, const pa_function *g)
{
    unsigned n = 0;
    for (size_t i = 0; i < g->nops && n < 2; i++) {
        const pa_op *o = &g->ops[i];
        const callee_facts *cf = callee_facts_of(c, o);
        if (o->kind == PA_OP_ALLOC || (o->kind == PA_OP_CALL && o->via_wrapper) ||
            (cf && cf->allocates))
            n++;
    }
    return n > 1;
}

/* A call, not inlined, of a function of this file that hands back fresh
 * memory on every path (summary returns_allocation) but is no forwarding
 * wrapper (those are allocations already: a string copy that sizes the
 * block from strlen, xstrdup). Constructors of objects that own more
 * blocks are left out. */
static bool fresh_call(const fctx *c, const pa_op *o)
{
    const callee_facts *cf = callee_facts_of(c, o);
    if (!cf || o->via_wrapper || !cf->returns_allocation)
        return false;
    return !allocates_more_than_once(c, pa_op_callee(c->m, o));
}

/* A call, not inlined, of a function this file only declares, handing
 * back a pointer: whether that is fresh memory only the callee's own file
 * knows. In the one shape analyse_fresh_call reports it is a candidate
 * (evidence callee_elsewhere) that the advisor keeps when the callee's
 * summary there says it returns fresh memory and builds no structure, and
 * drops otherwise: a dequeued item the loop frees, a library function. */
static bool elsewhere_call(const fctx *c, const pa_op *o)
{
    if (o->kind != PA_OP_CALL || o->via_wrapper || !o->callee ||
        (o->call_flags & (PA_CALL_INTRINSIC | PA_CALL_INDIRECT | PA_CALL_DEFINED_HERE)) ||
        pa_cxx_std_internal(o->callee_demangled))
        return false; /* libstdc++'s own (_Rb_tree_rebalance_for_erase) has no summary */
    const pa_function *f = c->f;
    return pa_value_ok(f, o->result) && f->values[o->result].is_pointer;
}

static double executions(const pa_function *f, int b)
{
    double x = pa_block_ok(f, b) ? f->blocks[b].freq : 0.0;
    return isfinite(x) && x > 0.0 ? x : -1.0;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_loc(const pa_loc *a, const pa_loc *b)
{
    return a->line == b->line && a->column == b->column && same_str(a->file, b->file);
}

/* A loop's trip count when SCEV knows it, else its constant upper bound,
 * else 0: counts that are proved, unlike block frequencies. */
static int64_t known_trips(const pa_loop *l)
{
    return l->trip_count > 0 ? l->trip_count : pa_loop_useful_max(l);
}

/* Block b runs at most this often per call: the product of the trip counts
 * (or constant bounds) of its loops, when every one is known; else -1.
 * Block frequencies are estimates (an exception edge, a guessed branch);
 * a count SCEV proved is not. */
static double proved_executions_bound(const pa_function *f, int b)
{
    double bound = 1.0;
    for (int l = f->blocks[b].loop; pa_loop_ok(f, l); l = f->loops[l].parent) {
        int64_t n = known_trips(&f->loops[l]);
        if (n <= 0)
            return -1.0;
        bound *= (double)n;
    }
    return bound;
}

/* The compiler's estimate of how often block b runs per call, never above
 * what the loops' known trip counts allow. */
static double bounded_executions(const pa_function *f, int b)
{
    double e = executions(f, b);
    double bound = e > 0 ? proved_executions_bound(f, b) : -1.0;
    return bound > 0 && bound < e ? bound : e;
}

/* Executions per call of one source-level call: an unrolled loop holds
 * several copies of it (same callee, same position), each with its share. */
static double executions_of_site(const pa_function *f, int op, int loop)
{
    const pa_op *o = &f->ops[op];
    double total = bounded_executions(f, o->block);
    if (total < 0 || o->loc.line == 0)
        return total;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *x = &f->ops[i];
        if ((int)i == op || x->kind != o->kind || !same_loc(&x->loc, &o->loc) ||
            !pa_block_in_loop(f, x->block, loop) || !same_str(x->callee, o->callee))
            continue;
        double e = bounded_executions(f, x->block);
        if (e > 0)
            total += e;
    }
    return total;
}

/* ---- value walks ----------------------------------------------------------- */

/* The allocation an op's memory is reached through: its result, or for
 * out-parameter allocators (asprintf, posix_memalign) loads from the slot. */
typedef struct target {
    int result;   /* value id or PA_NONE */
    int out_root; /* root of the out-parameter slot or PA_NONE */
    int64_t out_off; /* the slot's constant offset from out_root, when exact_off */
    bool exact_off;  /* only a load at out_off is the slot's pointer: a std::vector
                        keeps its buffer in its first word, so a load from another
                        member of the same object (a sibling vector's buffer) is not */
} target;

static bool is_target(const pa_function *f, int v, const target *t)
{
    if (v == t->result && v != PA_NONE)
        return true;
    if (t->out_root == PA_NONE || f->values[v].kind != PA_VAL_LOAD)
        return false;
    int64_t off = 0;
    if (pa_value_root(f, f->values[v].base, &off) != t->out_root)
        return false;
    return !t->exact_off || off == PA_UNKNOWN_SIZE || off == t->out_off;
}

/* Push v on the walk stack unless already seen (each value at most once, so
 * the stack never holds more than nvalues). */
static void visit(fctx *c, int v, size_t *n)
{
    if (pa_value_ok(c->f, v) && !walk_seen(&c->vseen, v)) {
        walk_see(&c->vseen, v);
        c->stack[(*n)++] = v;
    }
}

/* Push what xv is made from: the base of a cast/offset, the inputs of a phi. */
static void visit_sources(fctx *c, const pa_value *xv, size_t *n)
{
    if (xv->kind == PA_VAL_DERIVED)
        visit(c, xv->base, n);
    else if (xv->kind == PA_VAL_MERGE && xv->inputs)
        for (size_t i = 0; i < xv->ninputs; i++)
            visit(c, xv->inputs[i], n);
}

/* Start a walk over the sources of v: nothing seen yet, v on the stack.
 * Returns false (nothing to walk) for a bad id. */
static bool walk_from(fctx *c, int v, size_t *n)
{
    if (!pa_value_ok(c->f, v))
        return false;
    begin_walk(&c->vseen);
    *n = 0;
    visit(c, v, n);
    return true;
}

/* May value v (through casts, offsets and phis) be the allocation t? */
static bool may_be(fctx *c, int v, const target *t)
{
    const pa_function *f = c->f;
    size_t n;
    if (!walk_from(c, v, &n))
        return false;
    while (n > 0) {
        int x = c->stack[--n];
        if (is_target(f, x, t))
            return true;
        visit_sources(c, &f->values[x], &n);
    }
    return false;
}

/* Is phi x part of a cycle of phis (a value carried from one iteration to
 * the next of some loop)? */
static bool in_phi_cycle(fctx *c, int x)
{
    const pa_function *f = c->f;
    if (!pa_value_ok(f, x) || f->values[x].kind != PA_VAL_MERGE || !f->values[x].inputs)
        return false;
    begin_walk(&c->vseen);
    size_t n = 0;
    visit_sources(c, &f->values[x], &n);
    while (n > 0) {
        int y = c->stack[--n];
        if (y == x)
            return true;
        visit_sources(c, &f->values[y], &n);
    }
    return false;
}

/* A phi at loop's header: where the value of the previous iteration
 * comes in over the back edge. */
static bool header_phi(const pa_function *f, int v, int loop)
{
    const pa_value *m = &f->values[v];
    return m->kind == PA_VAL_MERGE && m->in_blocks && m->def_block == f->loops[loop].header;
}

/* Is phi x carried from one iteration of `loop` to its next? It is when
 * its cycle passes a phi at loop's header (every value carried round a
 * loop enters there). A cycle of an inner loop only is not: a vector
 * declared in the outer body and grown in the inner loop frees, there,
 * buffers of this outer iteration (its own reserve(1000) is made once per
 * outer iteration, not carried over). With no loop, any cycle counts. */
static bool loop_carried(fctx *c, int x, int loop)
{
    const pa_function *f = c->f;
    if (!in_phi_cycle(c, x))
        return false;
    if (!pa_loop_ok(f, loop) || header_phi(f, x, loop))
        return true;
    enum { MAX_HEADER_PHIS = 16 };
    int phis[MAX_HEADER_PHIS];
    size_t nphis = 0, n;
    if (!walk_from(c, x, &n))
        return false;
    while (n > 0) {
        int y = c->stack[--n];
        if (header_phi(f, y, loop) && nphis < MAX_HEADER_PHIS)
            phis[nphis++] = y;
        visit_sources(c, &f->values[y], &n);
    }
    for (size_t i = 0; i < nphis; i++)
        if (walk_from(c, phis[i], &n))
            while (n > 0) {
                int y = c->stack[--n];
                if (y == x)
                    return true;
                visit_sources(c, &f->values[y], &n);
            }
    return false;
}

/* May v be a buffer allocated before the loop with a runtime size (reserve(n),
 * malloc(n * size))? Then the code already pre-sizes. */
static bool presized_before(fctx *c, int v, int loop)
{
    const pa_function *f = c->f;
    size_t n;
    if (!walk_from(c, v, &n))
        return false;
    while (n > 0) {
        const pa_value *xv = &f->values[c->stack[--n]];
        if (xv->kind == PA_VAL_ALLOC && xv->def_op >= 0 && (size_t)xv->def_op < f->nops) {
            const pa_op *d = &f->ops[xv->def_op];
            /* A runtime size, or a reserve() of any size: a constant
             * malloc(16) before a doubling loop is a start, not a size. */
            if (!pa_block_in_loop(f, d->block, loop) &&
                (d->alloc_size == PA_UNKNOWN_SIZE || is_reserve_call(d)))
                return true;
        }
        visit_sources(c, xv, &n);
    }
    return false;
}

static int op_arg(const pa_op *o, int i)
{
    if (i < 0 || (size_t)i >= o->nargs || !o->args)
        return PA_NONE;
    return o->args[i];
}

/* Does the op at position `at` of block b end a path as an error would,
 * or follow such an op in b? */
static bool after_error_report(const pa_function *f, int b, size_t at)
{
    const pa_block *bl = &f->blocks[b];
    for (size_t i = 0; i < at && i < bl->nops; i++)
        if (pa_profile_reports_error(f, &f->ops[bl->ops[i]]))
            return true;
    return false;
}

/* The blocks reached from the entry on a normal path: not through a
 * block that reports an error (its successors are the error's cleanup)
 * nor through the failure edge of a NULL test of a call or allocation
 * (`if (copy->sel == NULL) { free(copy); ... }`: SQLite sqlite3SrcListDup
 * on out-of-memory).
 * A free elsewhere is cleanup after a failure, also when an inlined
 * free helper puts it a few blocks after the error report (libxml2's
 * xmlRegexpErrMemory, then xmlRegFreeRange). NULL when out of memory. */
static unsigned char *normally_reached(const pa_function *f)
{
    unsigned char *seen = calloc(f->nblocks ? f->nblocks : 1, 1);
    int *queue = malloc((f->nblocks ? f->nblocks : 1) * sizeof *queue);
    if (!seen || !queue) {
        free(seen);
        free(queue);
        return NULL;
    }
    size_t qn = 0;
    if (f->nblocks > 0) {
        seen[0] = 1;
        queue[qn++] = 0;
    }
    for (size_t qi = 0; qi < qn; qi++) {
        int b = queue[qi];
        const pa_block *pb = &f->blocks[b];
        if (after_error_report(f, b, pb->nops) || !pb->succs)
            continue;
        const pa_value *cond = pa_value_at(f, pb->cond_value);
        bool failure_test = cond && cond->is_pointer && pb->nsuccs == 2 &&
                            pb->succs[0] != pb->succs[1] &&
                            (cond->kind == PA_VAL_CALL || cond->kind == PA_VAL_ALLOC);
        for (size_t k = 0; k < pb->nsuccs; k++) {
            int s = pb->succs[k];
            if (!pa_block_ok(f, s) || seen[s] || (failure_test && (int)k == pb->zero_succ))
                continue;
            seen[s] = 1;
            queue[qn++] = s;
        }
    }
    free(queue);
    return seen;
}

/* normally_reached of c's function, made on first use (NULL when out of
 * memory). */
static const unsigned char *normal_blocks(fctx *c)
{
    if (!c->normal_made) {
        c->normal = normally_reached(c->f);
        c->normal_made = true;
    }
    return c->normal;
}

/* Position of op among its block's ops. */
static size_t op_position(const pa_function *f, int op)
{
    const pa_block *bl = &f->blocks[f->ops[op].block];
    for (size_t i = 0; i < bl->nops; i++)
        if (bl->ops[i] == op)
            return i;
    return bl->nops;
}

/* Does the allocation at op go on, within the loop, to the next iteration
 * or out of the loop without an error report? Then a free that runs only
 * after an error is cleanup of an object the loop normally keeps; an
 * object built for the error itself (the message string of a reporter
 * that throws) has no such way on, and its free is its normal end. */
static bool normal_way_on(fctx *c, int op, int loop)
{
    const pa_function *f = c->f;
    int b0 = f->ops[op].block, header = f->loops[loop].header;
    if (after_error_report(f, b0, f->blocks[b0].nops))
        return false;
    begin_walk(&c->bseen);
    size_t n = 0;
    c->stack[n++] = b0;
    walk_see(&c->bseen, b0);
    while (n > 0) {
        const pa_block *pb = &f->blocks[c->stack[--n]];
        for (size_t k = 0; pb->succs && k < pb->nsuccs; k++) {
            int to = pb->succs[k];
            if (pa_block_ok(f, to) && f->blocks[to].eh_pad)
                continue; /* unwinding is no way on */
            if (!pa_block_ok(f, to) || to == header || !pa_block_in_loop(f, to, loop))
                return true;
            if (walk_seen(&c->bseen, to) || after_error_report(f, to, f->blocks[to].nops))
                continue;
            walk_see(&c->bseen, to);
            c->stack[n++] = to;
        }
    }
    return false;
}

/* The argument of op o that releases the allocation t: the pointer of a
 * free, or an argument a function of this file frees on every normal path
 * (its summary's frees_params: str_free(key), a destroy function). PA_NONE
 * when o releases nothing that may be t. */
static int freed_arg(fctx *c, const pa_op *o, const target *t)
{
    if (o->kind == PA_OP_FREE) {
        int v = op_arg(o, o->ptr_arg >= 0 ? o->ptr_arg : 0);
        return may_be(c, v, t) ? v : PA_NONE;
    }
    const callee_facts *cf = callee_facts_of(c, o);
    for (size_t k = 0; cf && cf->frees && k < o->nargs && k < 64; k++) {
        int v = op_arg(o, (int)k);
        if (v != PA_NONE && (cf->frees >> k & 1) && may_be(c, v, t))
            return v;
    }
    return PA_NONE;
}

static free_facts where_freed(fctx *c, int op, int loop)
{
    const pa_function *f = c->f;
    const pa_op *a = &f->ops[op];
    free_facts ff = {false, false, false, PA_NONE, false, PA_NONE};
    target t = {pa_value_ok(f, a->result) ? a->result : PA_NONE, PA_NONE, 0, false};
    int slot_arg = is_library_alloc_call(a) || is_string_growth_call(a) ? 0 : a->ptr_arg;
    if (slot_arg != PA_NONE) { /* out-parameter allocator, or the string or vector grown */
        int slot = op_arg(a, slot_arg);
        t.out_root = pa_value_ok(f, slot) ? pa_value_root(f, slot, &t.out_off) : PA_NONE;
        if (!pa_value_ok(f, t.out_root))
            t.out_root = PA_NONE;
        t.exact_off = pa_catalog_vector_growth_call(a) && t.out_off != PA_UNKNOWN_SIZE;
    }
    if (t.result == PA_NONE && t.out_root == PA_NONE)
        return ff;
    const unsigned char *normal = normal_way_on(c, op, loop) ? normal_blocks(c) : NULL;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_FREE && o->kind != PA_OP_CALL)
            continue;
        if (normal && (!normal[o->block] || after_error_report(f, o->block, op_position(f, (int)i))))
            continue; /* cleanup after a failure */
        bool inside = pa_block_in_loop(f, o->block, loop);
        int fl = pa_block_loop(f, o->block);
        bool enclosing = !inside && fl != PA_NONE && pa_loop_within(f, loop, fl);
        if (!inside && !enclosing)
            continue;
        int freed = freed_arg(c, o, &t);
        if (freed == PA_NONE)
            continue;
        if (enclosing) {
            ff.outer = true;
            ff.presized = ff.presized || presized_before(c, freed, loop);
            if (ff.outer_loop == PA_NONE || pa_loop_within(f, fl, ff.outer_loop))
                ff.outer_loop = fl;
        } else if (loop_carried(c, pa_value_root(f, freed, NULL), loop)) {
            ff.carried = true;
            ff.carried_root = pa_value_root(f, freed, NULL);
            ff.presized = ff.presized || presized_before(c, freed, loop);
        } else {
            ff.same_iteration = true;
        }
    }
    return ff;
}

/* ---- findings -------------------------------------------------------------- */

typedef struct site {
    int op, block, loop;
    unsigned depth;
    double exec; /* executions per call, -1 when unknown */
    bool over_range; /* range_loop: a container's final count is known before it */
    bool fresh;      /* a call of a function that returns fresh memory (fresh_call) */
    bool elsewhere;  /* a candidate: fresh if the callee's own file says so (elsewhere_call) */
    bool over_size;  /* bounded by another container's size the loop cannot change
                        (loopalloc_bound.h): known before it too */
    bool replaces;   /* a copy that replaces an earlier iteration's (replaces_with_copy) */
    char what[96];
    char trip[80];
    char count[32];
    char fn[160];
} site;

/* A symbolic trip count a reader can map to the code: not empty, and not
 * built from a standard library's internal names (`__i` of an inlined
 * std::for_each), which name nothing in the user's loop. */
static bool readable_trip(const char *text)
{
    return text && text[0] && !strstr(text, "__");
}

static void set_count(site *s)
{
    if (s->exec < 0)
        snprintf(s->count, sizeof s->count, "an unknown number of");
    else if (s->exec >= 1.0)
        snprintf(s->count, sizeof s->count, "~%.0f", s->exec);
    else
        snprintf(s->count, sizeof s->count, "~%.2g", s->exec);
}

/* The reallocations of a capacity that doubles up to n elements. */
static double doublings(double n)
{
    return floor(log2(n)) + 1;
}

/* Lower s's count to exec when that is fewer (never raise an estimate). */
static void lower_count(site *s, double exec)
{
    if (exec < s->exec) {
        s->exec = exec;
        set_count(s);
    }
}

/* A container that doubles its capacity reallocates ~log2(n) + 1 times
 * for n elements, not as often as the growth path's block frequency says
 * (a 50% guess per iteration). In a loop entered once per call (depth 1),
 * n is the trip count when known, else its upper bound, else the
 * compiler's estimate of the loop's iterations (its header's frequency).
 * Deeper, the container reaching this count (not rebuilt in an enclosing
 * loop: its free is not there) lives across the outer iterations, whether
 * they clear() it (its capacity is reused) or let it grow on: it never
 * holds more than the inner loop's iterations of one call, so n is those,
 * bounded by the nest's known trip counts. */
static void amortised_count(const pa_function *f, site *s)
{
    const pa_loop *l = &f->loops[s->loop];
    if (s->exec <= 0)
        return;
    int64_t known = s->depth == 1 ? known_trips(l) : 0;
    double n = known > 0 ? (double)known
                         : s->depth == 1 ? executions(f, l->header) : bounded_executions(f, l->header);
    if (n >= 1)
        lower_count(s, doublings(n));
}

/* A vector rebuilt on every iteration of `outer` (declared in its body,
 * freed at the end of it) and grown by doubling in the loop of site s:
 * rebuilds x (floor(log2 n) + 1) allocations for n elements a rebuild, not
 * the growth path's block frequency. The rebuilds are outer's iterations
 * (its trip count when it is outermost and known, else its header's
 * estimate); n is the inner loop's trip count when it sits directly in
 * outer, else the inner iterations per rebuild by the estimates. */
static void rebuilt_amortised_count(const pa_function *f, site *s, int outer)
{
    if (!pa_loop_ok(f, outer) || s->exec <= 0)
        return;
    const pa_loop *o = &f->loops[outer], *l = &f->loops[s->loop];
    int64_t outer_known = o->depth == 1 ? known_trips(o) : 0;
    double rebuilds = outer_known > 0 ? (double)outer_known : executions(f, o->header);
    if (rebuilds < 1)
        return;
    int64_t inner_known = l->parent == outer ? known_trips(l) : 0;
    double n = inner_known > 0 ? (double)inner_known : executions(f, l->header) / rebuilds;
    if (n >= 1)
        lower_count(s, rebuilds * doublings(n));
}

static int grown_object(const fctx *c, int op, int64_t *offset);

/* What the messages call the allocation of site s at op o (s->what). */
static void name_site(site *s, const pa_op *o)
{
    const char *name = has_alloc_facts(o) ? pa_allocator_name(o->allocator) : "call";
    char project[96];
    if (o->callee && strncmp(o->callee, "_Z", 2) != 0) {
        name = o->callee;
    } else if (pa_loopalloc_string_create_call(o)) {
        name = "std::string _M_create";
    } else if (pa_catalog_vector_growth_call(o)) {
        snprintf(project, sizeof project, "std::vector::%s",
                 pa_catalog_vector_growth_member(o->callee));
        name = project;
    } else if (o->callee_demangled &&
               (o->via_wrapper || o->allocator == PA_ALLOCATOR_PROJECT || s->fresh)) {
        /* A C++ project allocator or wrapper: its name without parameters
         * (nor the "()" the messages add: its size follows in parentheses). */
        pa_function_name_without_parameters(project, sizeof project, o->callee_demangled);
        name = project;
    }
    if (s->fresh)
        snprintf(s->what, sizeof s->what, "%.72s (returns fresh memory)", name);
    else if (has_alloc_facts(o) && o->alloc_size != PA_UNKNOWN_SIZE && o->alloc_size >= 0)
        snprintf(s->what, sizeof s->what, "%s(%lld)", name, (long long)o->alloc_size);
    else
        snprintf(s->what, sizeof s->what, "%s", name);
}

static void describe_site(fctx *c, site *s, int op, int loop)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    const pa_loop *l = &f->loops[loop];
    s->op = op;
    s->block = o->block;
    s->loop = loop;
    s->depth = loop_depth(f, loop, o->block);
    s->exec = executions_of_site(f, op, loop);
    s->over_range = range_loop(f, loop);
    s->fresh = fresh_call(c, o);
    s->elsewhere = false;
    s->replaces = false;
    s->over_size = !s->over_range && (pa_catalog_vector_growth_call(o) || o->inlined_growth) &&
                   pa_loopalloc_bound_by_other_size(f, loop, grown_object(c, op, NULL));
    name_site(s, o);
    if (l->trip_count > 0)
        snprintf(s->trip, sizeof s->trip, "%lld", (long long)l->trip_count);
    else if (readable_trip(l->trip_text))
        snprintf(s->trip, sizeof s->trip, "%s", l->trip_text);
    else if (readable_trip(l->max_trip_text))
        snprintf(s->trip, sizeof s->trip, "at most %s", l->max_trip_text);
    else if (pa_loop_useful_max(l) > 0)
        snprintf(s->trip, sizeof s->trip, "at most %lld", (long long)l->max_trip_count);
    else if (s->over_range)
        snprintf(s->trip, sizeof s->trip, "= the range's length, known before the loop");
    else if (s->over_size)
        snprintf(s->trip, sizeof s->trip, "= the size of another container, read before the loop");
    else
        snprintf(s->trip, sizeof s->trip, "unknown");
    set_count(s);
    pa_message_function_name(s->fn, sizeof s->fn, f->demangled ? f->demangled : f->name);
}

/* Is the loop the inlined callee's rather than this function's? Then its
 * back edge (the branch of a latch to the header) and the op sit on the
 * same call line of this function (Repairer::Run's
 * `ConvertLogFilesToTables();`), and the op has a deeper user frame: the
 * line inside the callee, where the allocation really is. A loop of this
 * function around an inlined helper has its back edge on its own `for`. */
static bool loop_in_inlined_callee(const pa_function *f, const site *s)
{
    const pa_op *o = &f->ops[s->op];
    int header = f->loops[s->loop].header;
    if (!o->inner.file || o->inner.line == 0 || o->loc.line == 0 || !pa_block_ok(f, header))
        return false;
    bool latch_located = false;
    for (size_t b = 0; b < f->nblocks; b++) {
        const pa_block *pb = &f->blocks[b];
        if (!pa_block_in_loop(f, (int)b, s->loop) || !pb->succs)
            continue;
        for (size_t k = 0; k < pb->nsuccs; k++) {
            if (pb->succs[k] != header || pb->term_loc.line == 0)
                continue;
            if (same_loc(&pb->term_loc, &o->loc))
                return true;
            latch_located = true;
        }
    }
    /* No back edge with a line (the optimiser merged the latches): the
     * header, inlined from the same call line as the op (Brotli's
     * BrotliCompressBufferQuality10 inlined into BrotliEncoderCompress). */
    const pa_loop *l = &f->loops[s->loop];
    return !latch_located && l->inline_depth > 0 && l->loc.line > 0 && same_loc(&l->loc, &o->loc);
}

/* The inline frame of the op that lies in the function owning the loop
 * (as many inlinedAt steps from the outermost frame as the loop's header),
 * when that is a user frame no deeper than the innermost one: the line in
 * that function that calls the helper (tree-sitter's array_insert in a
 * static function inlined into ts_query_new), not the helper's realloc.
 * -1 when not known. */
static int loop_owner_frame(const pa_function *f, const site *s)
{
    const pa_op *o = &f->ops[s->op];
    const pa_loop *l = &f->loops[s->loop];
    if (!o->frames || o->nframes != o->inline_depth + 1 || l->inline_depth == 0 ||
        l->inline_depth > o->inline_depth)
        return -1;
    unsigned idx = o->inline_depth - l->inline_depth;
    if (idx < o->inner_depth || o->frames[idx].line == 0 || !o->frames[idx].file)
        return -1;
    return (int)idx;
}

/* Where a finding is placed: the op's line, or, when the loop was inlined
 * from a user function, the innermost user frame (issue 10 item 6). Growth
 * through a helper (an insert that reserves size + 1) is placed at the
 * loop's own function instead, where the helper is called (item 2): the
 * helper's realloc is generic, the quadratic calling pattern is the
 * loop's. Never the caller's call line for a loop it does not contain.
 * depth: inlinedAt steps from the op's origin to the place. */
static const pa_loc *finding_loc(const pa_function *f, const site *s, pa_finding_kind kind,
                                 unsigned *depth)
{
    const pa_op *o = &f->ops[s->op];
    *depth = o->inline_depth;
    if (!loop_in_inlined_callee(f, s))
        return &o->loc;
    int idx = kind == PA_F_LOOP_REALLOC_GROWTH ? loop_owner_frame(f, s) : -1;
    if (idx >= 0) {
        *depth = (unsigned)idx;
        return &o->frames[idx];
    }
    *depth = o->inner_depth;
    return &o->inner;
}

/* Two ops at one source position (a header inlined twice) make one finding.
 * Without a position (no -g) every op counts. */
static bool already_reported(const fctx *c, pa_finding_kind kind, const pa_loc *loc)
{
    if (loc->line == 0)
        return false;
    char id[17];
    pa_finding_id(kind, c->f->name, loc, id);
    for (size_t i = c->first; i < c->out->count; i++)
        if (c->out->items[i].kind == kind && strcmp(c->out->items[i].id, id) == 0)
            return true;
    return false;
}

/* Evidence every loop finding carries. */
static void add_common_evidence(fctx *c, cJSON *ev, const site *s, const char *growth, advice a)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    const pa_loop *l = &f->loops[s->loop];
    if (s->fresh) {
        /* The callee's own allocator is not known here, only that it is fresh memory. */
        cJSON_AddStringToObject(ev, "allocator", pa_allocator_name(PA_ALLOCATOR_PROJECT));
        cJSON_AddNullToObject(ev, "bytes");
        cJSON_AddBoolToObject(ev, "returns_allocation", true);
        if (s->elsewhere)
            cJSON_AddStringToObject(ev, "callee_elsewhere", o->callee);
    } else if (is_allocation(o)) {
        pa_allocator which = has_alloc_facts(o) ? o->allocator : PA_ALLOCATOR_LIBRARY;
        cJSON_AddStringToObject(ev, "allocator", pa_allocator_name(which));
        if (o->alloc_size != PA_UNKNOWN_SIZE && o->alloc_size >= 0)
            cJSON_AddNumberToObject(ev, "bytes", (double)o->alloc_size);
        else
            cJSON_AddNullToObject(ev, "bytes");
    }
    if (o->callee)
        cJSON_AddStringToObject(ev, "callee", o->callee_demangled ? o->callee_demangled : o->callee);
    if (o->kind == PA_OP_CALL && o->via_wrapper)
        cJSON_AddBoolToObject(ev, "wrapper", true);
    cJSON_AddNumberToObject(ev, "loop_depth", s->depth);
    pa_json_add_trip(ev, l);
    if (s->exec >= 0) /* full precision: 0.0044 rounded to 0 read as "unknown" */
        cJSON_AddNumberToObject(ev, "executions_per_call", pa_estimate_digits(s->exec));
    else
        cJSON_AddNullToObject(ev, "executions_per_call");
    if (growth)
        cJSON_AddStringToObject(ev, "growth", growth);
    cJSON_AddStringToObject(ev, "advice", advice_names[a]);
    const pa_loc *lloc = loop_in_inlined_callee(f, s) && l->inner.file ? &l->inner : &l->loc;
    if (lloc->file || lloc->line)
        pa_json_add_loc(ev, "loop_location", lloc);
    if (!c->m->has_debug_info)
        cJSON_AddBoolToObject(ev, "debug_info", false);
}

/* Append a finding; NULL on out of memory, and *skip when it is a duplicate. */
static cJSON *emit(fctx *c, pa_finding_kind kind, const site *s, const char *growth, advice a,
                   bool *oom, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

#define RARE_HOIST_REASON                                                                          \
    "the allocating path runs less than once per call by LLVM's static estimate: hoisting it "     \
    "would allocate on every call; worth changing only if a profile shows the path hot"
#define RARE_COPY_REASON                                                                           \
    "the copying path runs less than once per call by LLVM's static estimate: worth changing "     \
    "only if a profile shows the path hot"

static cJSON *emit(fctx *c, pa_finding_kind kind, const site *s, const char *growth, advice a,
                   bool *oom, const char *fmt, ...)
{
    unsigned where_depth;
    const pa_loc *where = finding_loc(c->f, s, kind, &where_depth);
    if (already_reported(c, kind, where))
        return NULL;
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pa_finding *fd = pa_report_add(c->out, kind, c->f, s->op, "%s", msg);
    if (!fd || !fd->evidence) {
        *oom = true;
        return NULL;
    }
    const pa_op *o = &c->f->ops[s->op];
    if (where != &o->loc) {
        fd->loc = *where;
        fd->inline_depth = where_depth;
        pa_finding_id(kind, fd->function, &fd->loc, fd->id);
    }
    add_common_evidence(c, fd->evidence, s, growth, a);
    /* Placed in an inlined helper: the calls that lead there from the
     * reported function's own line, innermost first. */
    if (where != &o->loc && o->frames && where_depth < o->nframes) {
        cJSON *chain = cJSON_AddArrayToObject(fd->evidence, "inlined_at");
        for (unsigned i = where_depth + 1; chain && i < o->nframes; i++) {
            cJSON *l = cJSON_CreateObject();
            if (!l || !cJSON_AddItemToArray(chain, l)) {
                cJSON_Delete(l);
                break;
            }
            if (o->frames[i].file)
                cJSON_AddStringToObject(l, "file", o->frames[i].file);
            else
                cJSON_AddNullToObject(l, "file");
            cJSON_AddNumberToObject(l, "line", o->frames[i].line);
            cJSON_AddNumberToObject(l, "column", o->frames[i].column);
        }
    }
    const unsigned char *normal = normal_blocks(c);
    bool rare = normal && (!normal[o->block] || after_error_report(c->f, o->block, op_position(c->f, s->op)));
    if (rare && !cJSON_GetObjectItemCaseSensitive(fd->evidence, "confidence"))
        pa_json_add_confidence(fd->evidence, "low",
                               "the allocation runs only where a call returned NULL (a fallback "
                               "or failure path) or after an error was reported: the static "
                               "estimate of how often is a guess, and the path is usually rare");
    else if (a == ADVICE_HOIST && s->exec >= 0 && s->exec < 1.0)
        pa_json_add_confidence(fd->evidence, "low",
                               s->replaces ? RARE_COPY_REASON : RARE_HOIST_REASON);
    return fd->evidence;
}

static const char *freed_name(const free_facts *ff)
{
    if (ff->outer)
        return "enclosing-loop";
    if (ff->same_iteration)
        return "same-iteration";
    if (ff->carried)
        return "next-iteration";
    return "not-in-loop";
}

/* May v be a buffer loaded from memory the caller or the program keeps (a
 * parameter's struct, a global): a vector that persists across calls. Its
 * amortised growth is rare and already holds data, so "allocate the final
 * size once before the loop" does not fit it. */
static bool persists_across_calls(fctx *c, int v)
{
    const pa_function *f = c->f;
    size_t n;
    if (!walk_from(c, v, &n))
        return false;
    while (n > 0) {
        const pa_value *xv = &f->values[c->stack[--n]];
        if (xv->kind == PA_VAL_LOAD) {
            const pa_value *root = pa_value_at(f, pa_value_root(f, xv->base, NULL));
            if (root && (root->kind == PA_VAL_ARG || root->kind == PA_VAL_GLOBAL))
                return true;
        }
        visit_sources(c, xv, &n);
    }
    return false;
}

/* realloc(p, len + k) on every iteration, the length kept in memory and
 * updated in the loop (an append helper inlined into the loop): the buffer
 * grows by what is appended, so copying is quadratic. Reported at the
 * user's line (the finding's origin is the helper's). */
static void report_exact_size(fctx *c, const site *s, bool *oom)
{
    cJSON *ev = emit(c, PA_F_LOOP_REALLOC_GROWTH, s, "per-iteration", ADVICE_GEOMETRIC, oom,
                     "realloc asks for exactly the new length each time in a loop (depth %u, trip "
                     "count %s): each call may copy the whole buffer, so the work "
                     "is quadratic in its final size (%s calls per call of %s); keep a capacity "
                     "and double it when full, or reserve the final size before the loop",
                     s->depth, s->trip, s->count, s->fn);
    if (!ev)
        return;
    cJSON_AddStringToObject(ev, "pattern", "realloc-exact-size");
    cJSON_AddStringToObject(ev, "size_growth", "linear");
}

/* v is the loop's own counter: a phi of its header that steps by a
 * constant on every trip (j in `for (j = 0; j < n; j++)`). An outer
 * loop's counter is fixed while this loop runs. */
static bool counter_of_loop(const pa_function *f, int v, int loop)
{
    v = pa_value_skip_casts(f, v);
    const pa_value *x = pa_value_at(f, v);
    if (!x || x->kind != PA_VAL_MERGE || x->def_block != f->loops[loop].header)
        return false;
    pa_loopalloc_size_growth g = pa_loopalloc_classify_growth(f, v);
    return g.kind == PA_LOOPALLOC_GROWTH_LINEAR && !g.conditional && g.step != 0 &&
           g.step != PA_UNKNOWN_SIZE;
}

/* The buffer is loaded from a slot that moves on every trip: &a[j] with j
 * the loop's counter, or a pointer stepping through an array. Each trip
 * reallocates a different object once; no buffer is grown twice. */
static bool slot_moves_each_trip(const pa_function *f, int src, int loop)
{
    const pa_value *x = pa_value_at(f, src);
    if (!x || x->kind != PA_VAL_LOAD)
        return false;
    if (pa_loopalloc_pointer_counter(f, x->base, loop))
        return true;
    const pa_value *a = pa_value_at(f, x->base);
    if (!a || a->kind != PA_VAL_DERIVED || a->offset != PA_UNKNOWN_SIZE ||
        !counter_of_loop(f, a->index, loop))
        return false;
    /* The array itself may be reloaded on each trip ((*list)[j]: the
     * element stores might alias the pointer to it), from the same place. */
    const pa_value *arr = pa_value_at(f, a->base);
    return invariant_in(f, a->base, loop) ||
           (arr && arr->kind == PA_VAL_LOAD && invariant_in(f, arr->base, loop));
}

static bool doubles_at_powers_of_two(fctx *c, int op, int loop);

/* realloc: quadratic when the size grows by a step each iteration. */
static void analyse_realloc(fctx *c, const site *s, bool every, bool *oom)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    if (slot_moves_each_trip(f, o->realloc_src, s->loop))
        return;
    /* Doubling at the powers of two of a count: not quadratic, though a
     * counted loop may still pre-size it (the amortised advice below). */
    bool doubling = doubles_at_powers_of_two(c, s->op, s->loop);
    pa_loopalloc_size_growth g = pa_loopalloc_classify_growth(f, o->size_value);
    /* A capacity kept in memory and doubled with the buffer (r->max *= 2 in
     * a retry loop, st->size *= 2 in a string builder): the right idiom,
     * whatever the loop's shape. What each pass appends is not seen, so
     * "one malloc of n * size" cannot be offered either: claim nothing. */
    if (g.kind == PA_LOOPALLOC_GROWTH_UNKNOWN && pa_growth_doubles_kept_capacity(f, o->size_value))
        return;
    cJSON *ev = NULL;
    /* Under a check (if (len == cap) ...) a size linear in the loop's counter
     * says how far each growth goes, not how often: cap = len + 64 steps by a
     * constant (quadratic), cap = 2 * len is geometric. */
    int64_t increment = g.step;
    bool quadratic = !doubling && g.kind == PA_LOOPALLOC_GROWTH_LINEAR && (every || g.conditional);
    if (!doubling && g.kind == PA_LOOPALLOC_GROWTH_LINEAR && !quadratic && g.coef_num == 1 &&
        g.coef_den == 1 && g.offset != PA_UNKNOWN_SIZE && g.offset > 0) {
        quadratic = true;
        increment = g.offset;
    }
    /* A realloc under the check whose counter advances on some iterations
     * only (appending the matches): the counter's step (one element) is not
     * what one realloc adds over the last. At the check len == cap, so the
     * constant added to len is the chunk (cap += 16 of 8-byte pointers: 128
     * bytes, as -O2 rewrites (cap + 16) * 8 to len * 8 + 128). */
    if (quadratic && !every && g.conditional && g.offset != PA_UNKNOWN_SIZE && g.offset > 0)
        increment = g.offset;
    int64_t headroom = 0;
    /* Exact size need not run every iteration: each call that does run
     * copies everything appended so far (sdssplitargs' vector of tokens).
     * A length plus more than one, asked for only on some iterations, is a
     * capacity grown by a chunk when full (nAlloc + 64), not the exact
     * length. */
    if (!quadratic && !doubling && g.kind == PA_LOOPALLOC_GROWTH_UNKNOWN &&
        pa_loopalloc_exact_size(f, o->size_value, s->loop, &headroom)) {
        /* An array kept in an object across calls and emptied for reuse
         * (`a->size = 0`, capacity kept) is reallocated only when it
         * outgrows the largest size it ever had: the copying is paid once
         * in the object's life, not per call (tree-sitter's stack slices). */
        if (!every && persists_across_calls(c, o->realloc_src) &&
            pa_loopalloc_length_emptied(f, o->size_value, s->loop))
            return;
        if (every || headroom <= 1) {
            report_exact_size(c, s, oom);
            return;
        }
        quadratic = true;
        increment = PA_UNKNOWN_SIZE;
    }
    /* A buffer kept in an object across calls (reached from a parameter or
     * a global) and grown by a chunk only when full keeps its capacity:
     * later calls reuse it, so the growth is paid once over the object's
     * life (a tokenizer cursor's token buffer: SQLite unicodeNext). */
    if (quadratic && !every && persists_across_calls(c, o->realloc_src))
        return;
    if (quadratic) {
        char step[48];
        if (increment != PA_UNKNOWN_SIZE)
            snprintf(step, sizeof step, "%lld bytes", (long long)increment);
        else
            snprintf(step, sizeof step, "a fixed amount");
        ev = emit(c, PA_F_LOOP_REALLOC_GROWTH, s, "per-iteration", ADVICE_GEOMETRIC, oom,
                  "realloc grows the buffer by %s at a time in a loop (depth %u, trip count %s): "
                  "each call may copy the whole buffer, so the work is quadratic in its final "
                  "size (%s calls per call of %s); grow the capacity geometrically (double it) "
                  "or allocate the final size once before the loop",
                  step, s->depth, s->trip, s->count, s->fn);
        if (ev) {
            cJSON_AddStringToObject(ev, "pattern", "realloc-constant-increment");
            cJSON_AddStringToObject(ev, "size_growth", "linear");
            if (increment != PA_UNKNOWN_SIZE)
                cJSON_AddNumberToObject(ev, "increment_bytes", (double)increment);
            else
                cJSON_AddNullToObject(ev, "increment_bytes");
        }
        return;
    }
    if (g.kind == PA_LOOPALLOC_GROWTH_UNKNOWN && !every)
        return; /* a capacity check around a size we cannot follow (a string
                 * builder doubling what each varying piece needs): neither
                 * quadratic nor "n * size", so claim nothing */
    if (g.kind == PA_LOOPALLOC_GROWTH_GEOMETRIC || !every) {
        /* Amortised: worth a remark only when the final size is predictable
         * and the code does not already pre-size. */
        if (!counted_loop(&f->loops[s->loop]) || presized_before(c, o->realloc_src, s->loop) ||
            persists_across_calls(c, o->realloc_src))
            return;
        ev = emit(c, PA_F_LOOP_ALLOC, s, "amortised", ADVICE_RESERVE, oom,
                  "realloc grows a buffer inside a loop (depth %u, trip count %s): %s amortised "
                  "reallocations and copies per call of %s; the trip count bounds the final size: "
                  "allocate it once before the loop (one malloc of n*size)",
                  s->depth, s->trip, s->count, s->fn);
    } else {
        ev = emit(c, PA_F_LOOP_ALLOC, s, "per-iteration", ADVICE_GEOMETRIC, oom,
                  "realloc runs on every iteration of a loop (depth %u, trip count %s): %s calls "
                  "per call of %s; keep a capacity and grow it geometrically, or allocate the "
                  "final size once before the loop",
                  s->depth, s->trip, s->count, s->fn);
        /* How the size grows is not seen, nor how often the loop runs: one
         * pass per level of a tree may be one or two in practice. */
        if (ev && !counted_loop(&f->loops[s->loop]) &&
            !cJSON_GetObjectItemCaseSensitive(ev, "confidence"))
            pa_json_add_confidence(ev, "low",
                                   "the trip count is unknown and so is how the size grows: "
                                   "a loop that ends on data (one pass per tree level) may run "
                                   "only once or twice, when the copying does not matter");
    }
    if (ev)
        cJSON_AddStringToObject(ev, "size_growth", pa_loopalloc_growth_name(g.kind));
}

/* A call of a container's reserve() left out of line. */
static bool calls_reserve(const pa_op *o)
{
    const char *d = o->callee_demangled;
    return o->kind == PA_OP_CALL && d && (strstr(d, "std::vector<") || strstr(d, "basic_string<")) &&
           strstr(d, "::reserve(");
}

/* A reserve(): the inlined allocation of one, the call an inlined one made
 * for its new buffer (`_M_allocate_and_copy`, left out of line when the
 * elements' copy is large; its result is the buffer, which names the
 * vector it is stored into), or a reserve call left out of line. */
static bool is_any_reserve(const pa_op *o)
{
    /* Only the buffer's maker: an inlined unordered_map::reserve leaves
     * other calls out of line (_M_next_bkt) that size no vector. */
    bool inlined_call = o->kind == PA_OP_CALL && o->result != PA_NONE && o->callee &&
                        strstr(o->callee, "_M_allocate");
    return ((o->kind == PA_OP_ALLOC || inlined_call) && is_reserve_call(o)) || calls_reserve(o);
}

/* Does the function reserve() a container outside this loop? Growth of a
 * vector kept in memory (a member being constructed: `stripes_.reserve(n)`
 * then push_back in the loop) is not seen through SSA by presized_before;
 * its old buffer is loaded from the object. With a reserve before the loop
 * the growth path is inlined but not taken. */
static bool reserved_outside(const fctx *c, int loop)
{
    const pa_function *f = c->f;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *x = &f->ops[i];
        if (is_any_reserve(x) && !pa_block_in_loop(f, x->block, loop))
            return true;
    }
    return false;
}

/* The object a container growth site grows: the vector an out-of-line
 * growth call is made on, or the object the new buffer is stored into,
 * and (offset, may be NULL) the byte offset in it. PA_NONE when not
 * seen. */
static int grown_object(const fctx *c, int op, int64_t *offset)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    if (is_library_alloc_call(o))
        return pa_value_ok(f, op_arg(o, 0)) ? pa_value_root(f, op_arg(o, 0), offset) : PA_NONE;
    for (size_t i = 0; pa_value_ok(f, o->result) && i < f->nops; i++) {
        const pa_op *x = &f->ops[i];
        if (x->kind == PA_OP_STORE && pa_value_ok(f, x->stored) && pa_value_ok(f, x->addr) &&
            pa_value_root(f, x->stored, NULL) == o->result)
            return pa_value_root(f, x->addr, offset);
    }
    return PA_NONE;
}

/* The object (and offset) an inlined or out-of-line reserve() at op sizes:
 * the vector an out-of-line call is made on, else grown_object. */
static int reserved_object(const fctx *c, int op, int64_t *offset)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    if (calls_reserve(o))
        return pa_value_ok(f, op_arg(o, 0)) ? pa_value_root(f, op_arg(o, 0), offset) : PA_NONE;
    return grown_object(c, op, offset);
}

typedef struct edge_set edge_set;
static bool reaches_in_loop(fctx *c, int loop, int start, int target, const edge_set *avoid);

/* Is the container grown at s reserved in the body of `outer` before the
 * inner loop runs (`r.v.reserve(n)` in the outer body, the vector a member
 * of an object built out of line, so presized_before cannot see it empty)?
 * The reserve is then the one allocation per outer iteration, and the
 * inner growth path is inlined but not taken. A reserve of another vector
 * (another object or offset, when both are seen), or one made after the
 * inner loop, does not count. */
static bool reserved_in_outer_body(fctx *c, const site *s, int outer)
{
    const pa_function *f = c->f;
    int inner_header = f->loops[s->loop].header;
    int64_t grown_off = 0;
    int grown = grown_object(c, s->op, &grown_off);
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *x = &f->ops[i];
        if (!is_any_reserve(x) || !pa_block_in_loop(f, x->block, outer) ||
            pa_block_in_loop(f, x->block, s->loop))
            continue;
        if (!reaches_in_loop(c, outer, x->block, inner_header, NULL) ||
            reaches_in_loop(c, outer, inner_header, x->block, NULL))
            continue; /* not before the inner loop */
        int64_t off = 0;
        int reserved = reserved_object(c, (int)i, &off);
        if (grown == PA_NONE || reserved == PA_NONE ||
            (reserved == grown && off == grown_off))
            return true;
    }
    return false;
}

/* In an inner loop, a container that lives across the outer loop ends with
 * the sum of the inner counts, and no one count is known before the inner
 * loop (paths gathered per column family, then per path) -- unless the
 * outer loop empties it each time round (`entries.clear()`: a store into
 * the object outside the inner loop). */
static bool accumulates_over_outer_loop(const fctx *c, const site *s)
{
    const pa_function *f = c->f;
    int parent = f->loops[s->loop].parent;
    if (!pa_loop_ok(f, parent))
        return false;
    int root = grown_object(c, s->op, NULL);
    if (root == PA_NONE)
        return false; /* not seen: claim as before */
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *x = &f->ops[i];
        if (x->kind == PA_OP_STORE && pa_block_in_loop(f, x->block, parent) &&
            !pa_block_in_loop(f, x->block, s->loop) && pa_value_ok(f, x->addr) &&
            pa_value_root(f, x->addr, NULL) == root)
            return false;
    }
    return true;
}

/* Is the vector whose growth was inlined at op (its buffer stored into
 * the object, not carried in registers) this function's own: a stack
 * object, or a result it first empties? The rule for the out-of-line
 * member (analyse_alloc): a vector of the caller's (a member through
 * `this`, a parameter) may be sized by design. */
static bool inlined_growth_of_own_vector(const fctx *c, int op, int loop)
{
    int64_t off = 0;
    int root = grown_object(c, op, &off);
    if (root == PA_NONE)
        return false;
    pa_loopalloc_home obj = pa_loopalloc_object_home_at(c->f, root, off, loop);
    return obj.local_slot || obj.fresh_result;
}

static bool capacity_checked_every_iteration(fctx *c, int op, int loop);
static int insert_block_every_iteration(fctx *c, int op, int loop);
static bool skip_block(const pa_function *f, int b);

/* Growth of a C++ standard container (operator new inlined from <vector>).
 * unsure: why it may not allocate at all (a string that may stay within
 * its inline bytes): the finding's low confidence; NULL when it surely
 * does. */
static void analyse_container(fctx *c, const site *s, const free_facts *ff, const char *unsure,
                              bool *oom)
{
    const pa_op *o = &c->f->ops[s->op];
    cJSON *ev = NULL;
    /* A vector's buffer, not a node: it doubles, so it is amortised growth
     * or nothing, never "an allocation on every iteration". */
    bool vector_growth = o->inlined_growth && !ff->same_iteration;
    if (vector_growth && !ff->carried && !inlined_growth_of_own_vector(c, s->op, s->loop))
        return;
    /* push_back whose old buffer may come from a reserve(n) made before
     * this loop (in an enclosing loop's body, say): the growth path is
     * inlined but not taken, even when the vector is rebuilt per outer
     * iteration (that rebuild is the reserve's own finding). */
    if (ff->presized && !ff->same_iteration)
        return;
    /* reserve() in a loop on a container that outlives the iteration: it
     * is the pre-sizing itself, "reserve() before the loop" would advise
     * what the code does. Declared in the loop body, it still is rebuilt
     * per iteration (hoist). */
    if (is_reserve_call(o) && !ff->same_iteration && !ff->outer)
        return;
    if (ff->outer) {
        bool vector = pa_catalog_vector_growth_call(o) || o->inlined_growth;
        if (vector && reserved_in_outer_body(c, s, ff->outer_loop))
            return;
        site rebuilt = *s;
        if (vector)
            rebuilt_amortised_count(c->f, &rebuilt, ff->outer_loop);
        ev = emit(c, PA_F_LOOP_ALLOC, &rebuilt, "amortised", ADVICE_HOIST, oom,
                  "a standard container allocates (%s) in a loop (depth %u, trip count %s) and "
                  "is rebuilt on every iteration of the enclosing loop: %s allocations per call "
                  "of %s; declare it before the outer loop and clear() it each iteration so its "
                  "capacity is reused",
                  rebuilt.what, rebuilt.depth, rebuilt.trip, rebuilt.count, rebuilt.fn);
    } else if (ff->same_iteration) {
        ev = emit(c, PA_F_LOOP_ALLOC, s, "per-iteration", ADVICE_HOIST, oom,
                  "a standard container allocates (%s) once per iteration of a loop (depth %u, "
                  "trip count %s): %s calls per call of %s; declare it before the loop and "
                  "clear() it each iteration so its capacity is reused",
                  s->what, s->depth, s->trip, s->count, s->fn);
    } else if (ff->carried || pa_catalog_vector_growth_call(o) || vector_growth) {
        /* Out of line, the old buffer is freed inside the growth path:
         * amortised growth of a vector kept across iterations. */
        /* The final count is known before the loop: a trip count, or
         * the length of the range the loop walks. */
        if (!(counted_loop(&c->f->loops[s->loop]) || s->over_range || s->over_size) || ff->presized ||
            (!ff->carried && reserved_outside(c, s->loop)) || accumulates_over_outer_loop(c, s) ||
            (o->inlined_growth && !capacity_checked_every_iteration(c, s->op, s->loop)))
            return;
        site grown = *s;
        amortised_count(c->f, &grown);
        ev = emit(c, PA_F_LOOP_ALLOC, &grown, "amortised", ADVICE_RESERVE, oom,
                  "a standard container grows (%s) inside a loop (depth %u, trip count %s): %s "
                  "reallocations and copies per call of %s; reserve() the final size before "
                  "the loop",
                  grown.what, grown.depth, grown.trip, grown.count, grown.fn);
    } else if (!reserved_outside(c, s->loop)) {
        ev = emit(c, PA_F_LOOP_ALLOC, s, "per-iteration", ADVICE_BATCH, oom,
                  "a standard container allocates a node (%s) on every iteration of a loop "
                  "(depth %u, trip count %s): %s calls per call of %s; reserve it, or give it "
                  "a pool or arena allocator (std::pmr) sized before the loop",
                  s->what, s->depth, s->trip, s->count, s->fn);
    }
    if (ev) {
        cJSON_AddBoolToObject(ev, "container", true);
        cJSON_AddStringToObject(ev, "freed", freed_name(ff));
        if (unsure && !cJSON_GetObjectItemCaseSensitive(ev, "confidence"))
            pa_json_add_confidence(ev, "low", unsure);
    }
}

/* Why a string copied or built in a loop may not allocate. */
static const char *string_unsure(const pa_op *o)
{
    if (pa_loopalloc_string_create_call(o) && !string_surely_on_heap(o))
        return "std::string keeps up to 15 characters in the object itself and a temporary is "
               "often moved into a container: whether this one allocates is not known at "
               "compile time";
    return NULL;
}

static bool replaces_with_copy(fctx *c, const pa_op *o, const free_facts *ff);

/* Were the copies replacing `root` in `loop` reported already? Notes them
 * as reported when not. Out of memory answers yes (no second finding) and
 * sets *oom. */
static bool replacing_copies_reported(fctx *c, int loop, int root, bool *oom)
{
    if (loop_root_seen(&c->replaced, loop, root))
        return true;
    if (loop_root_remember(&c->replaced, loop, root) != 0) {
        *oom = true;
        return true;
    }
    return false;
}

/* Is line already a number of the array? */
static bool lists_line(const cJSON *lines, unsigned line)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, lines)
    {
        if (cJSON_IsNumber(l) && l->valuedouble == (double)line)
            return true;
    }
    return false;
}

/* One finding for every copy that replaces the same variable in the same
 * loop (libxml2's parser re-copies the current element's name on four
 * branches: one change fixes all of them): the copies whose innermost
 * loop it is. It sits at the site LLVM's static estimate runs most, counts
 * the executions of all of them, and lists the others' lines (also_at; an
 * unrolled copy of a site adds its executions, not its line again). */
static void report_replacing_copies(fctx *c, const site *first, const free_facts *ff, bool *oom)
{
    const pa_function *f = c->f;
    if (replacing_copies_reported(c, first->loop, ff->carried_root, oom))
        return;
    site s = *first;
    s.replaces = true;
    double total = first->exec;
    cJSON *lines = cJSON_CreateArray();
    if (!lines) {
        *oom = true;
        return;
    }
    unsigned sites = 1;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if ((int)i == first->op || !is_allocation(o) || pa_block_loop(f, o->block) != first->loop)
            continue;
        free_facts other = where_freed(c, (int)i, first->loop);
        if (!replaces_with_copy(c, o, &other) || other.carried_root != ff->carried_root)
            continue;
        site here;
        describe_site(c, &here, (int)i, first->loop);
        here.replaces = true;
        total = total < 0 || here.exec < 0 ? -1 : total + here.exec;
        if (same_loc(&o->loc, &f->ops[s.op].loc) || lists_line(lines, o->loc.line))
            continue; /* an unrolled copy of a site already counted */
        const pa_op *other_site = here.exec > s.exec ? &f->ops[s.op] : o;
        if (here.exec > s.exec)
            s = here;
        if (!cJSON_AddItemToArray(lines, cJSON_CreateNumber(other_site->loc.line)))
            *oom = true;
        sites++;
    }
    s.exec = total;
    set_count(&s);
    char where[48] = "";
    if (sites > 1)
        snprintf(where, sizeof where, ", here and at %u other site%s of this loop", sites - 1,
                 sites > 2 ? "s" : "");
    cJSON *ev = emit(c, PA_F_LOOP_ALLOC, &s, "per-iteration", ADVICE_HOIST, oom,
                     "%s replaces the copy an earlier iteration made, freed just before it%s "
                     "(depth %u, trip count %s): %s calls per call of %s; copy into the buffer "
                     "already held (grown only when too small), or keep a pointer when the "
                     "source outlives the copy",
                     s.what, where, s.depth, s.trip, s.count, s.fn);
    if (ev) {
        /* Freed where the next copy is made (an enclosing loop may free it too). */
        cJSON_AddStringToObject(ev, "freed", "next-iteration");
        if (sites > 1) {
            if (cJSON_AddItemToObject(ev, "also_at", lines))
                lines = NULL;
            else
                *oom = true;
        }
    }
    cJSON_Delete(lines);
}

static void analyse_plain(fctx *c, const site *s, const free_facts *ff, bool every, bool *oom)
{
    const char *how = every ? "once per iteration of a loop" : "inside a loop";
    cJSON *ev;
    if (replaces_with_copy(c, &c->f->ops[s->op], ff)) {
        report_replacing_copies(c, s, ff, oom);
        return;
    } else if (ff->same_iteration || ff->carried) {
        ev = emit(c, PA_F_LOOP_ALLOC, s, "per-iteration", ADVICE_HOIST, oom,
                  "%s runs %s (depth %u, trip count %s): %s calls per call of %s; allocate the "
                  "buffer once before the loop and reuse it",
                  s->what, how, s->depth, s->trip, s->count, s->fn);
    } else {
        ev = emit(c, PA_F_LOOP_ALLOC, s, "per-iteration", ADVICE_BATCH, oom,
                  "%s runs %s (depth %u, trip count %s) and each block outlives its iteration: "
                  "%s calls per call of %s; allocate the elements from one block or arena sized "
                  "before the loop",
                  s->what, how, s->depth, s->trip, s->count, s->fn);
    }
    if (ev)
        cJSON_AddStringToObject(ev, "freed", freed_name(ff));
}

/* Nodes a local std::set / std::map / std::unordered_map / std::list
 * links in, one per element inserted, all freed when it is destroyed:
 * built and thrown away on every call (passes/loopalloc_nodes.h).
 * One block sized before the loop holds them all. */
static void report_local_nodes(fctx *c, const site *at, int object, const char *family,
                               int insert_block, bool *oom)
{
    /* The count is the insert's, an upper bound: only a new key reaches
     * the node allocation, whose own block LLVM guesses at. */
    site s = *at;
    s.exec = executions(c->f, insert_block);
    set_count(&s);
    family = pa_loopalloc_container_family(c->f, object, family);
    cJSON *ev = emit(c, PA_F_LOOP_ALLOC, &s, "per-iteration", ADVICE_BATCH, oom,
                     "a %s local to %s allocates a node (%s) for each new element inserted in "
                     "a loop (depth %u, trip count %s): up to %s allocations per call, all "
                     "freed when it is destroyed; if the loop only fills it, collect the "
                     "elements in a std::vector reserved before the loop and sort it "
                     "(dropping duplicates where the container did); if it also looks "
                     "elements up while filling it, give it a std::pmr pool sized before the "
                     "loop",
                     family, s.fn, s.what, s.depth, s.trip, s.count);
    if (!ev)
        return;
    cJSON_AddBoolToObject(ev, "container", true);
    cJSON_AddStringToObject(ev, "node_container", family);
    cJSON_AddStringToObject(ev, "freed", "when the container is destroyed");
    if (!cJSON_GetObjectItemCaseSensitive(ev, "confidence"))
        pa_json_add_confidence(ev, "medium",
                               "how many elements are new, and which remedy fits, depend on the "
                               "data and on how the container is used after the loop");
}

/* Does the loop ever leave other than by an exception or a crash (a
 * server's `for (;;)` in a function that never returns keeps its container
 * as long as the thread runs)? */
static bool loop_has_exit(const pa_function *f, int loop)
{
    for (size_t b = 0; b < f->nblocks; b++) {
        if (!pa_block_in_loop(f, (int)b, loop))
            continue;
        for (size_t i = 0; i < f->blocks[b].nsuccs && f->blocks[b].succs; i++) {
            int s = f->blocks[b].succs[i];
            if (!pa_block_in_loop(f, s, loop) && !skip_block(f, s))
                return true;
        }
    }
    return false;
}

/* The block of the insert at op that runs on every iteration, when the
 * nodes it links into the local container `object` are built and thrown
 * away on every call; PA_NONE otherwise. The insert must be made on every
 * iteration (a filter gives no count), the loop must end, the container's
 * nodes must not be freed in the loop (one declared in the loop's body, or
 * a sliding window erased as it goes: no vector reserved before the loop
 * replaces those), and the container must keep its nodes to itself. */
static int nodes_built_per_call(fctx *c, int op, int loop, int object)
{
    int b = insert_block_every_iteration(c, op, loop);
    if (b == PA_NONE || !loop_has_exit(c->f, loop) ||
        pa_loopalloc_nodes_freed_in(c->f, object, loop) ||
        !pa_loopalloc_keeps_nodes_to_itself(c->f, object))
        return PA_NONE;
    return b;
}

/* An insert libstdc++ leaves out of line (std::map::operator[] itself, or
 * _Rb_tree::_M_emplace_hint_unique behind it): the node is allocated
 * inside, for the container its first argument names. */
static void analyse_node_insert(fctx *c, int op, int loop, bool *oom)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    int object = pa_value_ok(f, op_arg(o, 0)) ? pa_value_root(f, op_arg(o, 0), NULL) : PA_NONE;
    const pa_value *r = pa_value_at(f, object);
    int b = r && r->kind == PA_VAL_STACK ? nodes_built_per_call(c, op, loop, object) : PA_NONE;
    if (b == PA_NONE || pa_loopalloc_key_found_before(f, op, object))
        return;
    site s;
    describe_site(c, &s, op, loop);
    size_t len = 0;
    const char *member = pa_cxx_member_name(o->callee_demangled, &len);
    snprintf(s.what, sizeof s.what, "inside %.*s, out of line", (int)(len < 48 ? len : 48), member);
    report_local_nodes(c, &s, object, pa_loopalloc_node_insert_member(o), b, oom);
}

/* Container memory the code keeps on purpose, where neither "reuse a
 * buffer" nor "reserve" fits:
 * - stored into a container that outlives the call (a parameter, a member
 *   through `this`, a global, a string moved into such a container): its
 *   growth is amortised over the container's life and the caller may have
 *   reserved it; a result object this function builds from empty (a
 *   returned std::vector) is not kept from before, so it still counts;
 * - handed in the loop to a call that links it in and never freed in the
 *   loop (std::set / std::map insert: the nodes are the result, and a tree
 *   cannot reserve). */
static bool container_kept(const pa_loopalloc_home *h, const free_facts *ff)
{
    if (h->outlives && !h->fresh_result)
        return true;
    return h->captured_in_loop && !ff->same_iteration && !ff->carried && !ff->outer;
}

/* Container growth stored only into a member of a stack object of this
 * function (`info.ids.push_back(id)` for a local struct that is then
 * inserted into the result: RocksDB point_lock_manager.cc:673), with no
 * free of it visible: the old buffer and the destructor reach it through
 * the object's fields, so whether the container is rebuilt per iteration or
 * kept is not known here, and "a node per iteration, use an arena" is not
 * what vector growth is. Claim nothing rather than guess. */
static bool container_fate_unknown(const pa_loopalloc_home *h, const free_facts *ff)
{
    return h->local_slot && !h->outlives && !h->captured_in_loop && !ff->same_iteration &&
           !ff->carried && !ff->outer;
}

/* An object created in the loop and not freed there, but stored into a
 * structure (a returned list, a member, a stack array) or handed to a call
 * that may keep it: one object per iteration is the design, there is no
 * buffer to reuse. */
static bool plain_kept(const pa_loopalloc_home *h, const free_facts *ff)
{
    if (ff->same_iteration || ff->carried || ff->outer)
        return false;
    return h->outlives || h->captured_in_loop || h->local_slot;
}

/* A few CFG edges (from -> to): a guard's edge, or where a once-flag takes
 * its flipped value (the phi's block and the predecessor the constant comes
 * from). */
typedef struct edge_set {
    int from[16], to[16];
    size_t n;
} edge_set;

static bool in_edge_set(const edge_set *e, int from, int to)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->from[i] == from && e->to[i] == to)
            return true;
    return false;
}

/* Can block `start` reach block `target` inside the loop, within one
 * iteration (not through the header unless it is the target) and without
 * taking an edge of *avoid (may be NULL)? */
static bool reaches_in_loop(fctx *c, int loop, int start, int target, const edge_set *avoid)
{
    const pa_function *f = c->f;
    int header = f->loops[loop].header;
    if (!pa_block_ok(f, start) || !pa_block_ok(f, target))
        return false;
    if (start == target)
        return true;
    begin_walk(&c->bseen);
    size_t n = 0;
    c->stack[n++] = start;
    walk_see(&c->bseen, start);
    while (n > 0) {
        int from = c->stack[--n];
        const pa_block *pb = &f->blocks[from];
        for (size_t k = 0; pb->succs && k < pb->nsuccs; k++) {
            int to = pb->succs[k];
            if (!pa_block_ok(f, to) || walk_seen(&c->bseen, to) || !pa_block_in_loop(f, to, loop) ||
                (avoid && in_edge_set(avoid, from, to)))
                continue;
            if (to == target)
                return true;
            if (to == header)
                continue;
            walk_see(&c->bseen, to);
            c->stack[n++] = to;
        }
    }
    return false;
}

/* A test a zero guard of the allocation may pass (tested: the value the
 * guard compares with zero). */
typedef bool (*guard_test)(fctx *c, int op, int loop, int tested);

/* The function's predecessor lists (c->pred_first, c->preds), once.
 * false on out of memory. */
static bool make_preds(fctx *c)
{
    const pa_function *f = c->f;
    if (c->pred_first)
        return true;
    size_t nedges = pa_block_edge_count(f);
    int *first = malloc((f->nblocks + 1) * sizeof *first), *preds = malloc((nedges ? nedges : 1) * sizeof *preds);
    if (!first || !preds) {
        free(first);
        free(preds);
        return false;
    }
    pa_block_preds(f, first, preds);
    c->pred_first = first;
    c->preds = preds;
    return true;
}

/* c->reach_dest[x] = 1 for every block x from which reaches_in_loop(c,
 * loop, x, dest, NULL) finds dest: a path whose blocks after x are in the
 * loop, none of them the header but dest itself. false on out of memory
 * (then nothing is marked and the forward walks answer). */
static bool mark_reaching(fctx *c, int loop, int dest)
{
    const pa_function *f = c->f;
    if (!make_preds(c))
        return false;
    if (!c->reach_dest && !(c->reach_dest = malloc(f->nblocks ? f->nblocks : 1)))
        return false;
    memset(c->reach_dest, 0, f->nblocks);
    if (!pa_block_ok(f, dest))
        return true;
    unsigned char *reach = c->reach_dest;
    int header = f->loops[loop].header;
    reach[dest] = 1;
    if (!pa_block_in_loop(f, dest, loop))
        return true;
    size_t n = 0;
    c->stack[n++] = dest;
    while (n > 0) {
        int x = c->stack[--n];
        if (x == header && x != dest)
            continue; /* a path may start at the header, not pass it */
        for (int i = c->pred_first[x]; i < c->pred_first[x + 1]; i++) {
            int p = c->preds[i];
            if (reach[p])
                continue;
            reach[p] = 1;
            if (pa_block_in_loop(f, p, loop))
                c->stack[n++] = p;
        }
    }
    return true;
}

/* Is op's block entered only through the edge b -> succs[k] of a block
 * of `loop`: that block, or one the edge dominates within the iteration (an
 * inlined allocator wrapper checks first: sqlite3_malloc64's
 * sqlite3_initialize())? reach: mark_reaching's marks for op's block, or
 * NULL to walk. */
static bool guarded_by_edge(fctx *c, int op, int loop, int b, int k, const unsigned char *reach)
{
    const pa_function *f = c->f;
    const pa_block *pb = &f->blocks[b];
    if (k < 0 || (size_t)k >= pb->nsuccs || !pb->succs)
        return false;
    int succ = pb->succs[k], dest = f->ops[op].block;
    if (succ == dest)
        return true;
    edge_set e = {{b}, {succ}, 1};
    bool reaches = reach ? pa_block_ok(f, succ) && reach[succ] : reaches_in_loop(c, loop, succ, dest, NULL);
    return succ != f->loops[loop].header && reaches &&
           !reaches_in_loop(c, loop, f->loops[loop].header, dest, &e);
}

/* Add tested to c->guards; false on out of memory. */
static bool add_guard(fctx *c, int tested)
{
    int *g = pa_array_reserve(c->guards, &c->capguards, c->nguards + 1, sizeof *g);
    if (!g)
        return false;
    c->guards = g;
    g[c->nguards++] = tested;
    return true;
}

/* The values a block of `loop` tests against zero/null on an edge that
 * enters op's block (`if (x == 0) { ... alloc ... }`, also `if (x == NULL ||
 * cap <= 0)`), in block order: c->guards, kept for the next question about
 * the same op and loop. false when they could not be listed. */
static bool zero_guards_of(fctx *c, int op, int loop)
{
    if (c->guards_op == op && c->guards_loop == loop)
        return true;
    const pa_function *f = c->f;
    c->guards_op = PA_NONE;
    c->nguards = 0;
    const unsigned char *reach = mark_reaching(c, loop, f->ops[op].block) ? c->reach_dest : NULL;
    for (size_t b = 0; b < f->nblocks; b++) {
        const pa_block *pb = &f->blocks[b];
        if (!pa_block_in_loop(f, (int)b, loop))
            continue;
        if (pa_value_ok(f, pb->cond_value) && guarded_by_edge(c, op, loop, (int)b, pb->zero_succ, reach) &&
            !add_guard(c, pb->cond_value))
            return false;
        if (pa_value_ok(f, pb->zero_implied_value) &&
            guarded_by_edge(c, op, loop, (int)b, pb->zero_implied_succ, reach) &&
            !add_guard(c, pb->zero_implied_value))
            return false;
    }
    c->guards_op = op;
    c->guards_loop = loop;
    return true;
}

/* Is op's block entered from a block of `loop` on the edge where a value
 * is zero/null whose value passes test? */
static bool zero_guard_passes(fctx *c, int op, int loop, guard_test test)
{
    if (!zero_guards_of(c, op, loop))
        return false;
    for (size_t i = 0; i < c->nguards; i++)
        if (test(c, op, loop, c->guards[i]))
            return true;
    return false;
}

static bool carries_this_allocation(fctx *c, int op, int loop, int tested)
{
    target t = {c->f->ops[op].result, PA_NONE, 0, false};
    return loop_carried(c, tested, loop) && may_be(c, tested, &t);
}

/* Lazy initialisation: the allocating block is entered only when a pointer
 * carried round the loop (a phi that later holds this allocation) is null,
 * as in `if (p == NULL) p = malloc(...)`. Unless the loop frees it again,
 * it runs once per call, not once per iteration. */
static bool lazy_once(fctx *c, int op, int loop)
{
    return zero_guard_passes(c, op, loop, carries_this_allocation);
}

/* x + k with a constant k > 0 (through integer casts). */
static bool increment_of(const pa_function *f, int v, int x)
{
    int rest;
    int64_t k;
    return pa_loopalloc_plus_positive(f, pa_value_skip_casts(f, v), &rest, &k) &&
           pa_value_skip_casts(f, rest) == x;
}

/* A counter of the loop's header that every iteration increases: a phi
 * there of two inputs, the value it enters with (defined before the loop)
 * and itself plus a positive constant (the back edge). Anything that resets
 * or skips the increment on some path makes the back edge's input a merge
 * of its own, or adds an input. */
static bool counts_every_iteration(const pa_function *f, int x, int loop)
{
    x = pa_value_skip_casts(f, x);
    if (!pa_value_ok(f, x) || loop < 0 || (size_t)loop >= f->nloops)
        return false;
    const pa_value *v = &f->values[x];
    if (v->kind != PA_VAL_MERGE || v->ninputs != 2 || !v->inputs ||
        v->def_block != f->loops[loop].header)
        return false;
    int increments = 0;
    for (size_t i = 0; i < 2; i++) {
        int in = v->inputs[i];
        if (increment_of(f, in, x)) {
            increments++;
            continue;
        }
        if (!pa_value_ok(f, in))
            return false;
        int b = f->values[in].def_block;
        if (b != PA_NONE && pa_block_in_loop(f, b, loop))
            return false;
    }
    return increments == 1;
}

static bool counts_guard(fctx *c, int op, int loop, int tested)
{
    (void)op;
    return counts_every_iteration(c->f, tested, loop);
}

/* Lazy initialisation keyed on a count instead of a pointer: the
 * allocating block is entered only when a counter is zero, and the loop
 * increases that counter on every iteration (`if (n == 0) buf = new T[8];
 * buf[n++] = x;`, the count kept in a register: RE2's
 * Regexp::AddRuneToString inlined into a loop). The count is zero at most
 * once per run of the loop, so the allocation is not per iteration. */
static bool counter_zero_once(fctx *c, int op, int loop)
{
    return zero_guard_passes(c, op, loop, counts_guard);
}

/* Start a walk of the values behind an integer carried round the loop:
 * tested on c->stack (*n is 1) and seen. False when it is no such value. */
static bool begin_integer_walk(fctx *c, int tested, int loop, size_t *n)
{
    const pa_function *f = c->f;
    if (!pa_value_ok(f, tested) || f->values[tested].is_pointer || !loop_carried(c, tested, loop))
        return false;
    begin_walk(&c->vseen);
    *n = 0;
    c->stack[(*n)++] = tested;
    walk_see(&c->vseen, tested);
    return true;
}

/* Is `tested` a capacity carried round the loop that leaves zero only
 * once: every value of its cycle of phis is a phi, a nonzero constant, the
 * cycle's own value scaled or added to (cap *= 2), or zero coming from
 * outside the loop (its start)? Then `if (cap == 0) { cap = 10; a =
 * malloc(...); }` is taken on the first pass only (libxml2's
 * xmlReconciliateNs: sizeCache and its two caches). */
static bool capacity_set_once(fctx *c, int op, int loop, int tested)
{
    (void)op;
    const pa_function *f = c->f;
    size_t n = 0;
    if (!begin_integer_walk(c, tested, loop, &n))
        return false;
    bool nonzero = false;
    while (n > 0) {
        const pa_value *y = &f->values[c->stack[--n]];
        if (!y->inputs)
            return false;
        if (y->kind == PA_VAL_ARITH &&
            (y->arith == PA_ARITH_SHL || y->arith == PA_ARITH_MUL || y->arith == PA_ARITH_ADD)) {
            /* cap * 2, cap << 1, cap + k: grows, never back to zero */
        } else if (y->kind != PA_VAL_MERGE || !y->in_blocks) {
            return false;
        }
        for (size_t k = 0; k < y->ninputs; k++) {
            int in = y->inputs[k];
            if (!pa_value_ok(f, in))
                return false;
            const pa_value *iv = &f->values[in];
            if (iv->kind == PA_VAL_CONST) {
                if (iv->offset == PA_UNKNOWN_SIZE)
                    return false;
                if (y->kind == PA_VAL_ARITH) {
                    if (iv->offset <= 0)
                        return false;
                    continue;
                }
                if (iv->offset != 0) {
                    nonzero = true;
                    continue;
                }
                int from = y->in_blocks[k];
                if (pa_block_ok(f, from) && pa_block_in_loop(f, from, loop))
                    return false; /* set back to zero in the loop */
                continue;
            }
            if (walk_seen(&c->vseen, in))
                continue;
            walk_see(&c->vseen, in);
            c->stack[n++] = in;
        }
    }
    return nonzero;
}

/* Lazy initialisation keyed on a capacity that starts at zero and is set to
 * a constant by the allocating path (see capacity_set_once). */
static bool capacity_zero_once(fctx *c, int op, int loop)
{
    return zero_guard_passes(c, op, loop, capacity_set_once);
}

/* Is `tested` a count carried round the loop that only grows: every value
 * of its cycle of phis is a phi, a cast, or the cycle's own value plus a
 * positive constant, and every value coming in from a block of the loop is
 * one of those (nothing sets it back)? It then passes zero, and each power
 * of two, at most once per run of the loop. Leaves the cycle in c->vseen. */
static bool count_only_grows(fctx *c, int tested, int loop)
{
    const pa_function *f = c->f;
    size_t n = 0;
    if (!begin_integer_walk(c, tested, loop, &n))
        return false;
    bool grows = false;
    while (n > 0) {
        int v = c->stack[--n];
        const pa_value *y = &f->values[v];
        int next = PA_NONE, rest;
        int64_t k;
        /* Come in from a block of the loop, it must be made there: a value
         * of before the loop (`n = base;`) sets the count back. */
        if (!pa_block_ok(f, y->def_block) || !pa_block_in_loop(f, y->def_block, loop))
            return false;
        if (y->kind == PA_VAL_ARITH && pa_loopalloc_plus_positive(f, v, &rest, &k)) {
            grows = true;
            next = rest;
        } else if (y->kind == PA_VAL_ARITH && y->arith == PA_ARITH_CAST && y->inputs && y->ninputs == 1) {
            next = y->inputs[0];
        } else if (y->kind == PA_VAL_MERGE && y->inputs && y->in_blocks) {
            for (size_t i = 0; i < y->ninputs; i++) {
                int in = y->inputs[i], from = y->in_blocks[i];
                if (!pa_value_ok(f, in) || !pa_block_ok(f, from))
                    return false;
                if (!pa_block_in_loop(f, from, loop) || walk_seen(&c->vseen, in))
                    continue; /* where it starts, or already on the walk */
                walk_see(&c->vseen, in);
                c->stack[n++] = in;
            }
            continue;
        } else {
            return false;
        }
        if (!pa_value_ok(f, next))
            return false;
        if (!walk_seen(&c->vseen, next)) {
            walk_see(&c->vseen, next);
            c->stack[n++] = next;
        }
    }
    return grows;
}

#define PA_LOOPALLOC_INCREMENT_HOPS 4

/* Is the tested count itself increased on the one way on from op's block
 * (op's block or its single successors, a few at most): `p = n == 0 ?
 * malloc(..) : realloc(..); p[n++] = v;`? Then what made the allocation
 * happen (n zero, n a power of two) has passed before the next test. */
static bool count_increased_after(fctx *c, int op, int loop, int tested)
{
    const pa_function *f = c->f;
    int b = f->ops[op].block;
    tested = pa_value_skip_casts(f, tested);
    for (int hop = 0; hop <= PA_LOOPALLOC_INCREMENT_HOPS && pa_block_ok(f, b) && pa_block_in_loop(f, b, loop);
         hop++) {
        for (size_t v = 0; v < f->nvalues; v++) {
            int rest;
            int64_t k;
            if (f->values[v].def_block == b && pa_loopalloc_plus_positive(f, (int)v, &rest, &k) &&
                pa_value_skip_casts(f, rest) == tested)
                return true;
        }
        if (f->blocks[b].nsuccs != 1 || !f->blocks[b].succs)
            return false;
        b = f->blocks[b].succs[0];
    }
    return false;
}

/* A count of fewer than 32 bits wraps round to zero and through every
 * power of two again (an `unsigned char` index into a 256-byte chunk). */
static bool tested_narrow(const pa_function *f, int tested)
{
    for (size_t b = 0; b < f->nblocks; b++)
        if (f->blocks[b].narrow_test &&
            (f->blocks[b].cond_value == tested || f->blocks[b].pow2_value == tested))
            return true;
    return false;
}

static bool count_grows_past(fctx *c, int op, int loop, int tested)
{
    return !tested_narrow(c->f, tested) && count_only_grows(c, pa_value_skip_casts(c->f, tested), loop) &&
           count_increased_after(c, op, loop, tested);
}

/* An allocation made when a count that only grows is zero, the count
 * increased right after (an append macro's first element): once per run
 * of the loop (Zopfli's ZOPFLI_APPEND_DATA). */
static bool count_zero_first_append(fctx *c, int op, int loop)
{
    return zero_guard_passes(c, op, loop, count_grows_past);
}

/* Is size the count x scaled by a constant of 2 or more (`n * 2 *
 * sizeof *p`, `n << 4` at -O2), through casts? */
static bool scaled_count(const pa_function *f, int size, int x)
{
    x = pa_value_skip_casts(f, x);
    for (int depth = 0; depth < 4; depth++) {
        size = pa_value_skip_casts(f, size);
        if (size == x)
            return depth > 0;
        const pa_value *v = pa_value_at(f, size);
        if (!v || v->kind != PA_VAL_ARITH || !v->inputs || v->ninputs != 2)
            return false;
        const pa_value *k = pa_value_at(f, v->inputs[1]);
        if (!k || k->kind != PA_VAL_CONST || k->offset == PA_UNKNOWN_SIZE ||
            !((v->arith == PA_ARITH_SHL && k->offset >= 1) || (v->arith == PA_ARITH_MUL && k->offset >= 2)))
            return false;
        size = v->inputs[0];
    }
    return false;
}

/* A realloc made only when a count is zero or a power of two, to twice
 * that count (`if (!(n & (n - 1))) p = realloc(p, 2 * n * sizeof *p);
 * p[n++] = v;`, Zopfli's ZOPFLI_APPEND_DATA), or to any size when the
 * count only grows and is increased right after: log2(n) reallocations,
 * the buffer doubling each time, which is geometric growth, not a copy per
 * element. The count may live in memory (`*outsize`, the caller's). */
static bool doubles_at_powers_of_two(fctx *c, int op, int loop)
{
    const pa_function *f = c->f;
    for (size_t b = 0; b < f->nblocks; b++) {
        const pa_block *pb = &f->blocks[b];
        if (pa_value_ok(f, pb->pow2_value) && pa_block_in_loop(f, (int)b, loop) &&
            guarded_by_edge(c, op, loop, (int)b, pb->pow2_succ, NULL) &&
            (scaled_count(f, f->ops[op].size_value, pb->pow2_value) ||
             count_grows_past(c, op, loop, pb->pow2_value)))
            return true;
    }
    return false;
}

/* Push the inputs of merge y (in the loop) that the flag walk follows; the
 * flipped constants among them are recorded as edges. False when an input
 * disqualifies the flag: a constant on the allocating side (the flag
 * cleared again), a computed value, a constant of a select (no edge). */
static bool flag_inputs(fctx *c, const pa_value *y, int loop, bool alloc_on_zero, bool header,
                        edge_set *e, size_t *n)
{
    const pa_function *f = c->f;
    for (size_t k = 0; k < y->ninputs; k++) {
        int in = y->inputs[k];
        if (!pa_value_ok(f, in))
            return false;
        int from = y->in_blocks ? y->in_blocks[k] : PA_NONE;
        /* The header's inputs from outside the loop: the entry value. */
        if (header && (!pa_block_ok(f, from) || !pa_block_in_loop(f, from, loop)))
            continue;
        const pa_value *iv = &f->values[in];
        if (iv->kind == PA_VAL_CONST) {
            if (iv->offset == PA_UNKNOWN_SIZE || (iv->offset == 0) == alloc_on_zero ||
                !pa_block_ok(f, from) || e->n == sizeof e->from / sizeof e->from[0])
                return false;
            e->from[e->n] = from;
            e->to[e->n++] = y->def_block;
            continue;
        }
        if (!walk_seen(&c->vseen, in)) {
            walk_see(&c->vseen, in);
            c->stack[(*n)++] = in;
        }
    }
    return true;
}

/* Is x a flag that, once flipped, stays flipped for the rest of this run
 * of the loop: a phi of the loop's header whose inputs from inside the loop
 * (told apart from the entry value, the reset before the loop, by their
 * blocks) are, through phis, only the flag itself or constants on the side
 * of the test that does not reach the allocation (`inited = 1` when the
 * allocation is on the zero edge; -O2 may invert the flag, needs_init = 0)?
 * The edges where it is flipped go to *e (at least one). A value computed
 * in the loop, or a constant on the allocating side (the flag cleared
 * again), disqualifies it. */
static bool once_flag(fctx *c, int x, int loop, bool alloc_on_zero, edge_set *e)
{
    const pa_function *f = c->f;
    e->n = 0;
    x = pa_value_skip_casts(f, x);
    if (!pa_value_ok(f, x) || !pa_loop_ok(f, loop))
        return false;
    const pa_value *v = &f->values[x];
    if (v->kind != PA_VAL_MERGE || !v->inputs || !v->in_blocks ||
        v->def_block != f->loops[loop].header)
        return false;
    begin_walk(&c->vseen);
    walk_see(&c->vseen, x);
    size_t n = 0;
    if (!flag_inputs(c, v, loop, alloc_on_zero, true, e, &n))
        return false;
    while (n > 0) {
        const pa_value *y = &f->values[c->stack[--n]];
        if (y->kind != PA_VAL_MERGE || !y->inputs || y->def_block == PA_NONE ||
            !pa_block_in_loop(f, y->def_block, loop) ||
            !flag_inputs(c, y, loop, alloc_on_zero, false, e, &n))
            return false;
    }
    return e->n > 0;
}

/* Initialisation once per run of the loop, keyed on a flag (`inited = 0;
 * while (step()) { if (!inited) { p = malloc(n); inited = 1; } ... }
 * free(p);`: SQLite sqlite3_exec's azCols). The allocation is reached from
 * the allocating side of a test of a once-flag of the loop, and every path
 * from it back to the loop's header flips the flag: the next iteration
 * finds it set. With the block not freed in the loop (the caller's
 * condition), a second allocation in the same run would lose the first.
 * So it runs once per run of this loop, i.e. once per iteration of the
 * enclosing one, next to the loop it prepares, sized by what that
 * iteration produced. Like lazy initialisation, not per iteration. */
static bool flag_once(fctx *c, int op, int loop)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    int header = f->loops[loop].header;
    for (size_t b = 0; b < f->nblocks; b++) {
        const pa_block *pb = &f->blocks[b];
        if (!pa_block_in_loop(f, (int)b, loop) || !pa_value_ok(f, pb->cond_value) ||
            pb->nsuccs != 2 || pb->zero_succ < 0 || pb->zero_succ > 1 || !pb->succs)
            continue;
        for (int side = 0; side < 2; side++) {
            bool on_zero = side == 0;
            int succ = pb->succs[on_zero ? pb->zero_succ : 1 - pb->zero_succ];
            edge_set e;
            if (succ == header || !once_flag(c, pb->cond_value, loop, on_zero, &e) ||
                !reaches_in_loop(c, loop, succ, o->block, NULL))
                continue;
            if (!reaches_in_loop(c, loop, o->block, header, &e))
                return true;
        }
    }
    return false;
}

static bool same_address(const pa_function *f, int a, int b)
{
    if (a == b)
        return pa_value_ok(f, a);
    int64_t oa = 0, ob = 0;
    int ra = pa_value_root(f, a, &oa), rb = pa_value_root(f, b, &ob);
    return pa_value_ok(f, ra) && ra == rb && oa != PA_UNKNOWN_SIZE && oa == ob;
}

static bool slot_filled_by(fctx *c, int op, int loop, int tested)
{
    (void)loop;
    const pa_function *f = c->f;
    const pa_value *slot = &f->values[tested];
    int result = f->ops[op].result;
    if (slot->kind != PA_VAL_LOAD || !pa_value_ok(f, slot->base) || !pa_value_ok(f, result))
        return false;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *st = &f->ops[i];
        if (st->kind == PA_OP_STORE && st->stored == result && same_address(f, st->addr, slot->base))
            return true;
    }
    return false;
}

/* A structure filled on first use: the allocating block is entered only
 * where a slot read from memory is empty, and the allocation is stored
 * into that same slot (`if (p->sub[bin] == NULL) p->sub[bin] =
 * new_node();` while descending a tree: SQLite sqlite3BitvecSet). Each slot
 * is filled once; the next pass finds it full. */
static bool fills_empty_slot(fctx *c, int op, int loop)
{
    return zero_guard_passes(c, op, loop, slot_filled_by);
}

/* Growth written as malloc + copy + free instead of realloc: the size grows
 * geometrically from one iteration to the next (a retry loop that doubles
 * its buffer until vsnprintf fits), or a conditional allocation of a
 * runtime size replaces the buffer the previous one made (an append helper
 * that moves the array to one twice as large on a capacity check). Each
 * pass needs a bigger buffer, so there is none to hoist or reuse. */
/* Does a copy call in the loop (memcpy, memmove) take the new block and
 * another pointer? Then the old contents move into the bigger block:
 * growth written by hand, not a retry. */
static bool copies_into_new_block(const fctx *c, const pa_op *o, int loop)
{
    const pa_function *f = c->f;
    int made = pa_value_root(f, o->result, NULL);
    if (made == PA_NONE)
        return true; /* not seen: claim no retry */
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *x = &f->ops[i];
        if (x->kind != PA_OP_CALL || !x->callee || x->nargs < 2 || !x->args ||
            !pa_block_in_loop(f, x->block, loop) ||
            (!strstr(x->callee, "memcpy") && !strstr(x->callee, "memmove")))
            continue;
        if (pa_value_root(f, x->args[0], NULL) == made)
            return true;
    }
    return false;
}

/* A retry loop: each pass frees its block and asks for a bigger one, the
 * size growing by a constant (size += BUFSIZ until vsnprintf fits), with
 * no count of passes and nothing copied over. The producer reruns in the
 * new block, so there is no buffer to hoist; the loop runs again only when
 * the output did not fit. */
static bool retry_with_bigger_block(fctx *c, const pa_op *o, const free_facts *ff, int loop,
                                    pa_loopalloc_size_growth g)
{
    return g.kind == PA_LOOPALLOC_GROWTH_LINEAR && g.step != PA_UNKNOWN_SIZE && g.step > 0 &&
           (ff->carried || ff->same_iteration) && !counted_loop(&c->f->loops[loop]) &&
           !copies_into_new_block(c, o, loop);
}

/* Is o an allocator whose size no argument gives: a copy (strdup, the
 * project's own string copy, named in its configuration without size=)
 * or a constructor? The code computes no size for it, so it cannot be
 * asking for a bigger block. */
static bool allocates_without_size(const fctx *c, const pa_op *o)
{
    if (o->allocator == PA_ALLOCATOR_STRDUP || o->allocator == PA_ALLOCATOR_STRNDUP)
        return true;
    if (o->allocator != PA_ALLOCATOR_PROJECT || o->size_value != PA_NONE || !o->callee)
        return false;
    const pa_cat_entry *e = pa_catalog_find(c->m->catalog, o->callee);
    return e && e->role == PA_CAT_ALLOC && e->size_arg == PA_NONE && e->size_arg2 == PA_NONE &&
           e->ptr_arg == PA_NONE;
}

/* Is o made from the block it replaces (the carried value the loop frees,
 * or a pointer into it)? A cursor the loop advances through other memory
 * (a tokenizer's `s += n`) is not that block. */
static bool made_from_replaced(const fctx *c, const pa_op *o, int carried_root)
{
    for (size_t i = 0; i < o->nargs; i++) {
        int v = op_arg(o, (int)i);
        if (pa_value_ok(c->f, v) && pa_value_root(c->f, v, NULL) == carried_root)
            return true;
    }
    return false;
}

/* A copy that replaces the copy an earlier iteration made (`free(cur);
 * cur = strdup(name);` on some branches of a parser's loop): not growth,
 * for it has no size the code computes and is not made from the old
 * block; one allocation and one free each time the branch runs. */
static bool replaces_with_copy(fctx *c, const pa_op *o, const free_facts *ff)
{
    return ff->carried && !ff->same_iteration && allocates_without_size(c, o) &&
           !made_from_replaced(c, o, ff->carried_root);
}

static bool growth_by_replacement(fctx *c, const pa_op *o, const free_facts *ff, bool every,
                                  int loop)
{
    pa_loopalloc_size_growth g = pa_loopalloc_classify_growth(c->f, o->size_value);
    if (g.kind == PA_LOOPALLOC_GROWTH_GEOMETRIC || retry_with_bigger_block(c, o, ff, loop, g))
        return true;
    return !every && ff->carried && !ff->same_iteration && o->alloc_size == PA_UNKNOWN_SIZE &&
           !replaces_with_copy(c, o, ff);
}

/* The user's line that called into the standard library for op: its
 * innermost frame in the user's files. o->inner may have been moved out
 * past frames the extractor took for an allocator wrapper's (a user's
 * helper that only pushes is one); the slot past an allocation's inline
 * chain keeps it as it was. */
static const pa_loc *op_user_loc(const pa_op *o)
{
    if (o->frames)
        return &o->frames[o->nframes];
    return o->inner.file ? &o->inner : &o->loc;
}

/* The same for a branch: NULL when the branch is not code inlined from a
 * standard library header (a filter of the user's own, also one expanded
 * from a macro onto the push_back's line and column). */
static const pa_loc *std_branch_user_loc(const pa_block *b)
{
    if (!pa_loopalloc_std_header_file(b->term_origin_file))
        return NULL;
    return b->term_inner.file ? &b->term_inner : &b->term_loc;
}

/* The block of the standard-library call that made op (an insert into a
 * node container, inlined or not) that runs on every iteration, or
 * PA_NONE when the call is not made on every iteration. Where op's own
 * block runs on every iteration, it is that one. An inlined insert's node
 * allocation does not (only a new key reaches it), but the insert's first
 * blocks (the tree's descent) run wherever the call is made: a block ending
 * in a branch of library code called from op's own place (its outermost
 * line and its innermost user line both) that runs on every iteration,
 * which a branch of the user's own (a filter) prevents. */
static int insert_block_every_iteration(fctx *c, int op, int loop)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    const pa_loc *at = op_user_loc(o);
    if (runs_every_iteration(c, o->block, loop))
        return o->block;
    if (!at || at->line == 0)
        return PA_NONE;
    for (size_t b = 0; b < f->nblocks; b++) {
        const pa_loc *t = std_branch_user_loc(&f->blocks[b]);
        if (t && same_loc(t, at) && same_loc(&f->blocks[b].term_loc, &o->loc) &&
            pa_block_in_loop(f, (int)b, loop) && runs_every_iteration(c, (int)b, loop))
            return (int)b;
    }
    return PA_NONE;
}

/* The block whose running means that op's push_back runs, PA_NONE when
 * the shape is not seen: the capacity check that leads to the growth (as
 * clang-tidy's check wants the push_back directly in the loop body, the
 * check must run on every iteration), or, for an out-of-line growth, the
 * branch before it. It is the topmost branch, on the single-predecessor
 * path up from op, that is standard-library code called from op's own
 * line and column of the user's code, inside push_back (at least as
 * deeply inlined): a growth path inlined from libstdc++ (_M_check_len,
 * _M_allocate's zero test) branches there too, but a filter (`if (v > 0)`)
 * is a branch of the user's own, and std::copy_if's is one of an algorithm
 * around push_back. */
static int capacity_check_block(const fctx *c, int op, int loop)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    const pa_loc *at = op_user_loc(o);
    /* push_back's own frame is this many inlinedAt steps below the user's
     * line: a branch of the library with fewer (std::copy_if's predicate
     * test around a back_inserter) is outside push_back, a filter. */
    unsigned push_depth = o->inline_depth > o->growth_steps ? o->inline_depth - o->growth_steps : 0;
    int b = o->block;
    int check = PA_NONE;
    for (int hops = 0; hops < 16 && pa_block_ok(f, b); hops++) {
        int p = pa_block_single_pred(f, b, loop);
        if (p == PA_NONE)
            return check != PA_NONE ? check : b;
        if (f->blocks[p].nsuccs >= 2) {
            const pa_loc *t = std_branch_user_loc(&f->blocks[p]);
            bool at_op = t && t->line > 0 && same_loc(t, at) && f->blocks[p].term_depth >= push_depth;
            if (!at_op) {
                /* A branch of its own: the check is the last one at op, or
                 * this one when there was none (an out-of-line growth's). */
                if (check == PA_NONE)
                    check = p;
                break;
            }
            check = p;
        }
        b = p;
    }
    return check;
}

/* A vector's growth site this analysis gates on its capacity check: an
 * out-of-line growth call, or operator new inlined from push_back. */
static bool vector_growth_site(const pa_op *o)
{
    return pa_catalog_vector_growth_call(o) || (o->inlined_growth && from_std_header(o));
}

/* Which vector a growth site grows: a value and a byte offset in it. */
typedef struct grown_vec {
    int root;
    int64_t offset;
} grown_vec;

/* Which vector op grows: the object (and the field in it: two vectors of
 * one struct, pair or array are two) its growth call is made on or its
 * new buffer is stored into; or, for a local vector whose fields the
 * optimiser keeps in registers, the old buffer its own push_back frees
 * (a free at the same user line and column): two vectors swapped in the
 * loop free each other's buffers, but each push_back its own. root
 * PA_NONE when not seen. */
static grown_vec grown_vector(fctx *c, int op, int loop)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    grown_vec g = {PA_NONE, 0};
    g.root = grown_object(c, op, &g.offset);
    if (g.root != PA_NONE || is_library_alloc_call(o) || !pa_value_ok(f, o->result))
        return g;
    g.offset = 0;
    const pa_loc *at = op_user_loc(o);
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *x = &f->ops[i];
        if (x->kind != PA_OP_FREE || (int)i == op || !pa_block_ok(f, x->block) ||
            !pa_block_in_loop(f, x->block, loop) || !same_loc(op_user_loc(x), at))
            continue;
        int freed = op_arg(x, x->ptr_arg);
        int64_t offset = 0;
        int root = pa_value_ok(f, freed) ? pa_value_root(f, freed, &offset) : PA_NONE;
        if (root != PA_NONE && loop_carried(c, root, loop)) {
            g.root = root;
            g.offset = offset;
            return g;
        }
    }
    return g;
}

static bool same_vector(grown_vec a, grown_vec b)
{
    return a.root != PA_NONE && a.root == b.root && a.offset == b.offset && a.offset != PA_UNKNOWN_SIZE;
}

/* The most growth sites of one vector in one loop that are looked at
 * together (the arms of an if/else-if chain). */
#define PA_LOOPALLOC_MAX_ARMS 8

/* Op's push_back runs on some iterations only, but the push_backs of the
 * same vector in the same loop together run on every iteration (one in
 * each arm of an if/else): the vector still grows by at least the loop's
 * count. Only the first of them answers yes, so that the vector is one
 * finding; none does when a growth in the loop runs on every iteration by
 * itself. */
static bool grows_in_every_arm(fctx *c, int op, int check, int loop)
{
    const pa_function *f = c->f;
    grown_vec vec = grown_vector(c, op, loop);
    if (vec.root == PA_NONE || vec.offset == PA_UNKNOWN_SIZE)
        return false;
    int cut[PA_LOOPALLOC_MAX_ARMS];
    size_t n = 0;
    cut[n++] = check;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if ((int)i == op || !vector_growth_site(o) || !pa_block_ok(f, o->block) ||
            f->blocks[o->block].loop != loop)
            continue;
        int b = capacity_check_block(c, (int)i, loop);
        /* A growth on every iteration by itself is that vector's finding,
         * and a vector kept in registers may be named by another buffer
         * after the arms join: the arms are not counted then. */
        if (b == PA_NONE || runs_every_iteration(c, b, loop))
            return false;
        if (!same_vector(grown_vector(c, (int)i, loop), vec))
            continue;
        if ((int)i < op || n == PA_LOOPALLOC_MAX_ARMS)
            return false; /* an earlier site speaks for the vector; or too many */
        cut[n++] = b;
    }
    return n > 1 && iterations_pass_through(c, cut, n, loop);
}

static bool capacity_checked_every_iteration(fctx *c, int op, int loop)
{
    int check = capacity_check_block(c, op, loop);
    if (check == PA_NONE)
        return false;
    return runs_every_iteration(c, check, loop) || grows_in_every_arm(c, op, check, loop);
}

static bool kept_on_some_path(fctx *c, int op, int loop);

/* Loops bounded by this many iterations (a key and its alias, the two
 * halves of a pair) make a fresh copy a few times per call: nothing to
 * gain from reusing a buffer. */
#define PA_LOOPALLOC_FEW_TRIPS 4

static void analyse_alloc(fctx *c, int op, int loop, bool *oom)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    site s;
    describe_site(c, &s, op, loop);
    bool every = runs_every_iteration(c, o->block, loop);
    if (o->allocator == PA_ALLOCATOR_REALLOC) {
        analyse_realloc(c, &s, every, oom);
        return;
    }
    free_facts ff = where_freed(c, op, loop);
    if ((!ff.same_iteration && !ff.carried &&
         (lazy_once(c, op, loop) || flag_once(c, op, loop))) ||
        counter_zero_once(c, op, loop) || capacity_zero_once(c, op, loop) ||
        count_zero_first_append(c, op, loop) || fills_empty_slot(c, op, loop))
        return;
    if (pa_catalog_vector_growth_call(o)) {
        /* A vector of the caller's (a parameter, a member through `this`)
         * may be sized by design; one this function builds from empty, or
         * a local one, is the loop's to reserve. A push_back made on some
         * iterations only (a filter) has no final count to reserve. */
        pa_loopalloc_home obj = pa_loopalloc_object_home(f, op_arg(o, 0), loop);
        if ((!obj.local_slot && !obj.fresh_result) || !capacity_checked_every_iteration(c, op, loop))
            return;
        analyse_container(c, &s, &ff, string_unsure(o), oom);
        return;
    }
    pa_loopalloc_home home = pa_loopalloc_find_home(f, o->result, loop, c->mark);
    if (from_std_header(o) && std_algorithm_scratch(o))
        return;
    if (from_std_header(o)) {
        int object = PA_NONE;
        const char *family = NULL;
        if (home.captured_in_loop && !home.outlives && !ff.same_iteration && !ff.carried &&
            !ff.outer && pa_loopalloc_linked_into_local(f, c->mark, loop, &object, &family)) {
            int b = nodes_built_per_call(c, op, loop, object);
            if (b != PA_NONE)
                report_local_nodes(c, &s, object, family, b, oom);
        } else if (!container_kept(&home, &ff) && !container_fate_unknown(&home, &ff))
            analyse_container(c, &s, &ff, string_unsure(o), oom);
    } else if (!plain_kept(&home, &ff) && !growth_by_replacement(c, o, &ff, every, s.loop) &&
               !(ff.same_iteration && !ff.carried && (home.outlives || home.captured_in_loop) &&
                 kept_on_some_path(c, op, s.loop))) {
        analyse_plain(c, &s, &ff, every, oom);
    }
}

/* Is the string already decided in this function (c->strings_done)? */
static bool string_done(const fctx *c, int object, int64_t offset)
{
    for (size_t i = 0; i < c->nstrings_done; i++)
        if (c->strings_done[i].object == object && c->strings_done[i].offset == offset)
            return true;
    return false;
}

/* The first growth of a std::string a loop body builds from empty by
 * appends (loopalloc_string.h), freed at the end of each iteration: it
 * allocates once per rebuild, which a string declared before the loop and
 * clear()ed would not. Built in an inner loop, a rebuild is one iteration
 * of the loop that constructs it. */
static void analyse_string_build(fctx *c, int op, bool *oom)
{
    const pa_function *f = c->f;
    pa_loopalloc_string_build b;
    int object;
    int64_t offset;
    if (!pa_loopalloc_string_place(f, op, &object, &offset) || string_done(c, object, offset))
        return;
    pa_loopalloc_string_answer answer = pa_loopalloc_string_built_per_iteration(f, op, &c->string_ops, &b);
    if (answer == PA_STRING_NOT_REBUILT || answer == PA_STRING_REBUILT) {
        string_key *k = pa_array_reserve(c->strings_done, &c->capstrings_done,
                                         c->nstrings_done + 1, sizeof *k);
        if (!k) {
            *oom = true;
            return;
        }
        c->strings_done = k;
        c->strings_done[c->nstrings_done++] = (string_key){object, offset};
    }
    if (answer != PA_STRING_REBUILT)
        return;
    site s;
    describe_site(c, &s, op, b.loop);
    if (f->blocks[f->ops[op].block].loop != b.loop)
        lower_count(&s, bounded_executions(f, f->ops[b.init_op].block));
    snprintf(s.what, sizeof s.what, "std::string %s", b.member);
    free_facts ff = where_freed(c, op, b.loop);
    if (!ff.same_iteration || ff.carried)
        return;
    analyse_container(c, &s, &ff,
                      b.sure ? NULL
                             : "std::string keeps up to 15 characters in the object itself and "
                               "the length appended is not known here: whether each rebuild "
                               "allocates is not known at compile time",
                      oom);
}

/* Another call of the same function in a loop already reported: it joins
 * that finding (evidence calls_in_loop and also_at, the message says how
 * many) instead of repeating it. Returns true when joined. */
static bool join_fresh_group(fctx *c, int op, int loop, bool *oom)
{
    const pa_op *o = &c->f->ops[op];
    for (size_t i = 0; i < c->nfresh; i++) {
        fresh_group *g = &c->fresh[i];
        if (g->loop != loop || g->callee_fn != o->callee_fn || !same_str(g->callee, o->callee) ||
            g->finding >= c->out->count)
            continue;
        pa_finding *fd = &c->out->items[g->finding];
        if (same_loc(&fd->loc, &o->loc))
            return true; /* an unrolled copy of the same call */
        g->calls++;
        cJSON *ev = fd->evidence;
        cJSON *also = cJSON_GetObjectItemCaseSensitive(ev, "also_at");
        if (!also)
            also = cJSON_AddArrayToObject(ev, "also_at");
        cJSON_DeleteItemFromObjectCaseSensitive(ev, "calls_in_loop");
        if (!also || !cJSON_AddNumberToObject(ev, "calls_in_loop", g->calls) ||
            !cJSON_AddItemToArray(also, cJSON_CreateNumber(o->loc.line))) {
            *oom = true;
            return true;
        }
        char suffix[64];
        snprintf(suffix, sizeof suffix, " (%u calls of it in this loop)", g->calls);
        size_t keep = g->base_len;
        char *m = malloc(keep + strlen(suffix) + 1);
        if (!m) {
            *oom = true;
            return true;
        }
        memcpy(m, fd->message, keep);
        strcpy(m + keep, suffix);
        free(fd->message);
        fd->message = m;
        return true;
    }
    return false;
}

/* A call of a function that returns fresh memory (fresh_call): reported
 * only in the one shape where reuse surely fits, a temporary freed in the
 * same iteration on the normal path (directly or through a function that
 * frees it) and never kept on another path, in a loop that is not bounded
 * by a handful of iterations and on a path that is no fallback after a
 * failure. A copy kept, handed on, or made a few times is the design. */
static void analyse_fresh_call(fctx *c, int op, int loop, bool *oom)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    int64_t bound = known_trips(&f->loops[loop]);
    if (bound > 0 && bound <= PA_LOOPALLOC_FEW_TRIPS)
        return;
    const unsigned char *normal = normal_blocks(c);
    if (normal && (!normal[o->block] || after_error_report(f, o->block, op_position(f, op))))
        return;
    free_facts ff = where_freed(c, op, loop);
    if (!ff.same_iteration || ff.carried || ff.outer)
        return;
    if (lazy_once(c, op, loop) || flag_once(c, op, loop) || counter_zero_once(c, op, loop))
        return;
    pa_loopalloc_home home = pa_loopalloc_find_home(f, o->result, loop, c->mark);
    if ((home.outlives || home.captured_in_loop) && kept_on_some_path(c, op, loop))
        return;
    if (join_fresh_group(c, op, loop, oom))
        return;
    site s;
    describe_site(c, &s, op, loop);
    if (!s.fresh) { /* elsewhere_call: said as fresh, kept only if the advisor confirms it */
        s.fresh = s.elsewhere = true;
        name_site(&s, o);
    }
    size_t before = c->out->count;
    analyse_plain(c, &s, &ff, runs_every_iteration(c, o->block, loop), oom);
    const callee_facts *cf = callee_facts_of(c, o);
    cJSON *ev = c->out->count == before + 1 ? c->out->items[before].evidence : NULL;
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(ev, "confidence");
    if (ev && cf && cf->null_answer && !(cJSON_IsString(conf) && strcmp(conf->valuestring, "low") == 0))
        pa_json_replace_confidence(ev, "low", PA_NULL_ANSWER_REASON); /* unless unsure already */
    if (c->out->count == before + 1 && !*oom) {
        fresh_group *g = pa_array_reserve(c->fresh, &c->capfresh, c->nfresh + 1, sizeof *g);
        if (!g) {
            *oom = true;
            return;
        }
        c->fresh = g;
        c->fresh[c->nfresh++] =
            (fresh_group){loop, o->callee_fn, o->callee, before, strlen(c->out->items[before].message), 1};
    }
}

/* Is a block freed in the same iteration on some paths kept on others?
 * From an op that keeps it (pa_loopalloc_keeps, marks of the last
 * pa_loopalloc_find_home), the iteration goes on to the loop's header
 * without freeing it, while the next iteration makes another: a string kept as a key of the hash
 * the loop builds, freed when the key was there already (libxml2's
 * xmlXPathDistinctSorted). The kept blocks are the result; there is no
 * buffer to reuse. */
static bool kept_on_some_path(fctx *c, int op, int loop)
{
    const pa_function *f = c->f;
    target t = {f->ops[op].result, PA_NONE, 0, false};
    /* where each block first frees the allocation (position), or nops */
    size_t *free_at = malloc((f->nblocks ? f->nblocks : 1) * sizeof *free_at);
    int *queue = malloc((f->nblocks ? f->nblocks : 1) * sizeof *queue);
    if (!free_at || !queue) {
        free(free_at);
        free(queue);
        return false;
    }
    for (size_t b = 0; b < f->nblocks; b++)
        free_at[b] = f->blocks[b].nops;
    for (size_t b = 0; b < f->nblocks; b++) {
        if (!pa_block_in_loop(f, (int)b, loop))
            continue;
        for (size_t i = 0; i < f->blocks[b].nops; i++) {
            const pa_op *x = &f->ops[f->blocks[b].ops[i]];
            if ((x->kind == PA_OP_FREE || x->kind == PA_OP_CALL) && freed_arg(c, x, &t) != PA_NONE) {
                free_at[b] = i;
                break;
            }
        }
    }
    int header = f->loops[loop].header;
    bool kept = false;
    for (size_t b = 0; b < f->nblocks && !kept; b++) {
        const pa_block *pb = &f->blocks[b];
        if (!pa_block_in_loop(f, (int)b, loop))
            continue;
        size_t keep_pos = pb->nops;
        for (size_t i = 0; i < pb->nops && keep_pos == pb->nops; i++)
            if (pa_loopalloc_keeps(f, &f->ops[pb->ops[i]], c->mark, loop))
                keep_pos = i;
        if (keep_pos == pb->nops || (free_at[b] > keep_pos && free_at[b] < pb->nops))
            continue; /* no keeping op, or freed after it in this block */
        begin_walk(&c->bseen);
        size_t qn = 0;
        queue[qn++] = (int)b;
        walk_see(&c->bseen, (int)b);
        for (size_t qi = 0; qi < qn && !kept; qi++) {
            const pa_block *qb = &f->blocks[queue[qi]];
            for (size_t k = 0; qb->succs && k < qb->nsuccs && !kept; k++) {
                int to = qb->succs[k];
                if (!pa_block_ok(f, to) || f->blocks[to].eh_pad)
                    continue;
                if (to == header) {
                    kept = true;
                    break;
                }
                /* Leaving the loop unfreed says nothing: the block may be
                 * freed after it (a callback's row buffer on `break`). */
                if (!pa_block_in_loop(f, to, loop) || walk_seen(&c->bseen, to) ||
                    free_at[to] < f->blocks[to].nops)
                    continue;
                walk_see(&c->bseen, to);
                queue[qn++] = to;
            }
        }
    }
    free(free_at);
    free(queue);
    return kept;
}

/* ---- quadratic string building ------------------------------------------- */

static bool is_strcat(const char *callee)
{
    static const char *const names[] = {"strcat", "__strcat_chk", "strncat", "__strncat_chk",
                                        "wcscat", "__wcscat_chk", "wcsncat", "__wcsncat_chk"};
    for (size_t i = 0; callee && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(callee, names[i]) == 0)
            return true;
    return false;
}

static bool is_copy_into(const char *callee)
{
    static const char *const prefixes[] = {"llvm.memcpy", "llvm.memmove", "memcpy", "memmove",
                                           "__memcpy_chk", "strcpy", "__strcpy_chk", "stpcpy",
                                           "__stpcpy_chk", "sprintf", "__sprintf_chk",
                                           "snprintf", "__snprintf_chk"};
    for (size_t i = 0; callee && i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(callee, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* The root of a string argument when it is the start of the same buffer on
 * every iteration of `loop`; PA_NONE otherwise. */
static int invariant_string_root(const pa_function *f, int v, int loop)
{
    if (!pa_value_ok(f, v))
        return PA_NONE;
    int64_t off = 0;
    int r = pa_value_root(f, v, &off);
    if (!pa_value_ok(f, r) || off != 0)
        return PA_NONE;
    const pa_value *rv = &f->values[r];
    switch (rv->kind) {
    case PA_VAL_ARG:
    case PA_VAL_GLOBAL:
    case PA_VAL_STACK:
        return r;
    case PA_VAL_ALLOC:
    case PA_VAL_LOAD:
    case PA_VAL_CALL:
        if (rv->def_op >= 0 && (size_t)rv->def_op < f->nops &&
            !pa_block_in_loop(f, f->ops[rv->def_op].block, loop))
            return r;
        return PA_NONE;
    default:
        return PA_NONE;
    }
}

/* Calls that write a whole NUL-terminated string at their first argument:
 * after one, the string there ends where what they wrote ends. fgets reads a
 * fresh line into the buffer like strcpy. */
static bool writes_terminated_string(const char *callee)
{
    static const char *const names[] = {
        "strcpy",   "__strcpy_chk",   "stpcpy", "__stpcpy_chk", "sprintf",        "__sprintf_chk",
        "snprintf", "__snprintf_chk", "vsprintf", "__vsprintf_chk", "vsnprintf", "__vsnprintf_chk",
        "fgets",    "__fgets_chk",    "fgets_unlocked", "__fgets_unlocked_chk"};
    for (size_t i = 0; callee && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(callee, names[i]) == 0)
            return true;
    return false;
}

/* Calls that copy a counted number of bytes (argument 2) to their first
 * argument without terminating them (memcpy; strncpy when the source is
 * longer): a string only when a '\0' is stored right after. */
static bool copies_counted_bytes(const char *callee)
{
    static const char *const prefixes[] = {"llvm.memcpy", "llvm.memmove", "memcpy", "memmove",
                                           "__memcpy_chk", "__memmove_chk", "strncpy",
                                           "__strncpy_chk", "stpncpy", "__stpncpy_chk"};
    for (size_t i = 0; callee && i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(callee, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* Where a store or a copy call writes: the store's address or the call's
 * first argument; PA_NONE for anything else. */
static int written_address(const pa_op *o)
{
    if (o->kind == PA_OP_STORE)
        return o->addr;
    if (o->kind == PA_OP_CALL && (is_copy_into(o->callee) || writes_terminated_string(o->callee) ||
                                  copies_counted_bytes(o->callee)))
        return op_arg(o, 0);
    return PA_NONE;
}

/* Is v the integer constant zero? */
static bool is_zero_const(const pa_function *f, int v)
{
    const pa_value *x = pa_value_at(f, v);
    return x && x->kind == PA_VAL_CONST && x->offset == 0;
}

/* The same integer with its casts (sext / zext / trunc) taken off. */
static int strip_casts(const pa_function *f, int v)
{
    for (int hops = 0; hops < 8; hops++) {
        const pa_value *x = pa_value_at(f, v);
        if (!x || x->kind != PA_VAL_ARITH || x->arith != PA_ARITH_CAST || x->ninputs < 1 ||
            !x->inputs)
            return v;
        v = x->inputs[0];
    }
    return v;
}

/* Does the address step down from somewhere in its DERIVED chain to `root`:
 * a negative constant offset, or an index that is a negation (0 - i, a walk
 * down from the end), a difference (strlen(s) - k) or a sum with a negative
 * constant (n - 1)? A store there lands at or before a point the loop found
 * in the string, not past its end. */
static bool steps_down(const pa_function *f, int addr)
{
    int v = addr;
    for (size_t steps = 0; steps <= f->nvalues; steps++) {
        const pa_value *x = pa_value_at(f, v);
        if (!x || x->kind != PA_VAL_DERIVED)
            return false;
        if (x->offset != PA_UNKNOWN_SIZE && x->offset < 0)
            return true;
        const pa_value *i = x->offset == PA_UNKNOWN_SIZE ? pa_value_at(f, strip_casts(f, x->index))
                                                         : NULL;
        if (i && i->kind == PA_VAL_ARITH && i->ninputs == 2 && i->inputs) {
            if (i->arith == PA_ARITH_SUB)
                return true;
            const pa_value *k = pa_value_at(f, i->inputs[1]);
            if (i->arith == PA_ARITH_ADD && k && k->kind == PA_VAL_CONST && k->offset < 0)
                return true;
        }
        v = x->base;
    }
    return false;
}

/* Is the address the string at `root` plus an offset that does not change
 * in `loop`: a constant, or a pointer computed before the loop (LICM hoists
 * buf + off out of it)? */
static bool invariant_position(const pa_function *f, int addr, int root, int loop)
{
    int64_t off = 0;
    if (!pa_value_ok(f, addr) || pa_value_root(f, addr, &off) != root)
        return false;
    int v = addr;
    for (size_t steps = 0; steps <= f->nvalues && v != root; steps++) {
        const pa_value *x = pa_value_at(f, v);
        if (!x || x->kind != PA_VAL_DERIVED)
            return false;
        if (x->offset == PA_UNKNOWN_SIZE)
            return pa_block_ok(f, x->def_block) && !pa_block_in_loop(f, x->def_block, loop);
        v = x->base;
    }
    return true;
}

/* Is a '\0' stored in `loop` right after the bytes the counted copy `o`
 * wrote (p[n] = 0 after memcpy(p, x, n))? The model keeps a call's integer
 * arguments only when constant: a variable count matches any variable
 * index from p (not a fixed one: a guard terminator at p[cap - 1]). */
static bool terminated_after(const pa_function *f, const pa_op *o, int loop)
{
    int dst = op_arg(o, 0), len = strip_casts(f, op_arg(o, 2));
    if (!pa_value_ok(f, dst))
        return false;
    bool len_const = o->arg_flags && o->arg_const && o->nargs > 2 &&
                     (o->arg_flags[2] & PA_ARG_CONST);
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *s = &f->ops[i];
        if (s->kind != PA_OP_STORE || !pa_block_in_loop(f, s->block, loop) ||
            !is_zero_const(f, s->stored))
            continue;
        const pa_value *a = pa_value_at(f, s->addr);
        if (!a || a->kind != PA_VAL_DERIVED || a->base != dst)
            continue;
        if (a->offset == PA_UNKNOWN_SIZE ? !pa_value_ok(f, len) || strip_casts(f, a->index) == len
                                         : len_const && a->offset == o->arg_const[2])
            return true;
    }
    return false;
}

/* Does op o of `loop` restart the string at `root`: write at its start (a
 * store or a copy to offset 0: strcpy(line, ...), line[0] = 0), or write a
 * whole terminated string at a position that does not change in the loop
 * (strcpy / sprintf / fgets to buf + off, memcpy to buf + off and the '\0'
 * after it)? The length is then set back to off plus this iteration's piece
 * on every iteration: it does not grow with the iteration count. A '\0'
 * stored at a fixed position alone is not a restart: a guard terminator at
 * the end of the buffer cuts off nothing the appends did not already fit. */
static bool restarts_string(const pa_function *f, const pa_op *o, int root, int loop)
{
    int addr = written_address(o);
    if (!pa_value_ok(f, addr))
        return false;
    int64_t off = 0;
    if (pa_value_root(f, addr, &off) != root)
        return false;
    if (off == 0 && (o->kind == PA_OP_STORE || is_copy_into(o->callee) ||
                     writes_terminated_string(o->callee)))
        return true;
    if (o->kind != PA_OP_CALL || !invariant_position(f, addr, root, loop))
        return false;
    return writes_terminated_string(o->callee) ||
           (copies_counted_bytes(o->callee) && terminated_after(f, o, loop));
}

static bool restarted_in(const pa_function *f, int root, int loop)
{
    for (size_t i = 0; i < f->nops; i++)
        if (pa_block_in_loop(f, f->ops[i].block, loop) &&
            restarts_string(f, &f->ops[i], root, loop))
            return true;
    return false;
}

/* Does the loop write into the string at `root` at a position that may be
 * its current end (strlen then a store or a copy there: what clang makes of
 * strcat(dst, "lit"), or p = buf + strlen(buf); strcpy(p, x))? Not one:
 * a store of '\0' (it never makes a string longer: s[strlen(s) - 1] = 0
 * trims), a write at a fixed position, or a store that steps down from a
 * point in the string (the tail shifted to make room). A copy call that
 * starts below the end still runs past it (sprintf(s + strlen(s) - 1, ...)
 * replaces the last character and appends): an append. */
static bool appends_in(const pa_function *f, int root, int loop)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (!pa_block_in_loop(f, o->block, loop))
            continue;
        int addr = PA_NONE;
        bool store = o->kind == PA_OP_STORE;
        if (store && !is_zero_const(f, o->stored))
            addr = o->addr;
        else if (o->kind == PA_OP_CALL && is_copy_into(o->callee))
            addr = op_arg(o, 0);
        if (!pa_value_ok(f, addr))
            continue;
        int64_t off = 0;
        if (pa_value_root(f, addr, &off) == root && off == PA_UNKNOWN_SIZE &&
            !invariant_position(f, addr, root, loop) && !(store && steps_down(f, addr)))
            return true;
    }
    return false;
}

/* strcat(dst, x) in a loop, or what clang makes of strcat(dst, "lit"):
 * strlen(dst) then a store at dst + len. Each call rescans dst. */
static void analyse_string_append(fctx *c, int op, int loop, bool lowered, bool *oom)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    int root = invariant_string_root(f, op_arg(o, 0), loop);
    if (root == PA_NONE || loop_root_seen(&c->quad_reported, loop, root))
        return;
    /* A string restarted every iteration (strcpy(line, ...); strcat(line, x))
     * does not grow across iterations. */
    if (restarted_in(f, root, loop))
        return;
    if (lowered && !appends_in(f, root, loop))
        return;
    if (loop_root_remember(&c->quad_reported, loop, root) != 0) {
        *oom = true;
        return;
    }
    site s;
    describe_site(c, &s, op, loop);
    const char *what = lowered ? "strlen + append (a strcat)" : s.what;
    cJSON *ev = emit(c, PA_F_LOOP_REALLOC_GROWTH, &s, "per-iteration", ADVICE_TRACK_END, oom,
                     "%s appends to the same string on every iteration of a loop (depth %u, trip "
                     "count %s): each call rescans it from the start, so the loop is quadratic in "
                     "its final length (%s calls per call of %s); keep the length or a pointer to "
                     "the end and append there (memcpy, stpcpy)",
                     what, s.depth, s.trip, s.count, s.fn);
    if (ev) {
        cJSON_AddStringToObject(ev, "pattern", lowered ? "strlen-append" : "strcat");
        const char *name = f->values[root].name;
        if (name)
            cJSON_AddStringToObject(ev, "string", name);
    }
}

/* ---- driver -------------------------------------------------------------------- */

static bool skip_block(const pa_function *f, int b)
{
    /* Exception cleanups and paths that end the program are not the loop's work. */
    return !pa_block_ok(f, b) || f->blocks[b].eh_pad || f->blocks[b].unreachable;
}

/* An op whose outermost location is still a library header belongs to a
 * standard-library function compiled out of line (std::deque's
 * _M_create_nodes, _Rb_tree::_M_copy): no line the user can change, and the
 * loop is the library's. The user's call into it is a plain call. */
static bool in_library_code(const pa_op *o)
{
    return pa_loopalloc_in_library_header(&o->loc);
}

static int analyse_function(fctx *c)
{
    const pa_function *f = c->f;
    bool oom = false;
    /* strcat first so the strlen form of the same append is not reported twice. */
    for (int pass = 0; pass < 3 && !oom; pass++) {
        for (size_t i = 0; i < f->nops && !oom; i++) {
            const pa_op *o = &f->ops[i];
            int loop = pa_block_loop(f, o->block);
            if (loop == PA_NONE || skip_block(f, o->block) || in_library_code(o))
                continue;
            if (pass == 0 && o->kind == PA_OP_CALL && is_strcat(o->callee))
                analyse_string_append(c, (int)i, loop, false, &oom);
            else if (pass == 1 && o->kind == PA_OP_CALL && o->callee &&
                     strcmp(o->callee, "strlen") == 0)
                analyse_string_append(c, (int)i, loop, true, &oom);
            else if (pass == 2 && is_allocation(o))
                analyse_alloc(c, (int)i, loop, &oom);
            else if (pass == 2 && pa_loopalloc_node_insert_member(o))
                analyse_node_insert(c, (int)i, loop, &oom);
            else if (pass == 2 && is_string_growth_call(o))
                analyse_string_build(c, (int)i, &oom);
            else if (pass == 2 && (fresh_call(c, o) || elsewhere_call(c, o)))
                analyse_fresh_call(c, (int)i, loop, &oom);
        }
    }
    return oom ? -1 : 0;
}

int pa_loopalloc_run(const pa_module *m, pa_report *out)
{
    if (!m || !out)
        return 0;
    int rc = 0;
    callee_facts *callees = m->functions ? read_callee_facts(m, out) : NULL;
    for (size_t i = 0; i < m->nfunctions; i++) {
        const pa_function *f = m->functions ? m->functions[i] : NULL;
        if (!f || !f->is_definition || f->nloops == 0 || !f->loops || f->nops == 0 || !f->ops ||
            !f->blocks)
            continue;
        fctx c = {.m = m, .f = f, .out = out, .first = out->count, .callees = callees};
        c.vseen = (walk_marks){calloc(f->nvalues ? f->nvalues : 1, sizeof(unsigned)), 0, f->nvalues};
        c.bseen = (walk_marks){calloc(f->nblocks ? f->nblocks : 1, sizeof(unsigned)), 0, f->nblocks};
        c.guards_op = PA_NONE;
        c.mark = calloc(f->nvalues ? f->nvalues : 1, 1);
        c.stack = calloc(f->nvalues + f->nblocks + 1, sizeof *c.stack);
        if (!c.vseen.stamp || !c.bseen.stamp || !c.mark || !c.stack || analyse_function(&c) != 0)
            rc = -1;
        free(c.mark);
        free(c.vseen.stamp);
        free(c.bseen.stamp);
        free(c.guards);
        free(c.stack);
        free(c.quad_reported.items);
        free(c.strings_done);
        free(c.replaced.items);
        pa_loopalloc_string_ops_free(&c.string_ops);
        free(c.fresh);
        free(c.normal);
        free(c.reach_dest);
        free(c.pred_first);
        free(c.preds);
    }
    free(callees);
    return rc;
}
