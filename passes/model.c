/* passes/model.c — builder and queries for the program model (model.h). */
#include "model.h"

#include "arena.h"
#include "catalog.h"
#include "profile.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Strings and the model's small arrays (call arguments, merge inputs,
 * inline frames, blocks' op and successor lists) live in an arena
 * (common/arena.h) whose chunks never move, so borrowed pointers stay
 * valid. One arena instead of a malloc per array: on sqlite3.c the
 * extractor made ~6 allocations per call, and their headers and free lists
 * were a fifth of its CPU (docs/performance.md, seventeenth and eighteenth
 * sessions). */

pa_module *pa_model_new(const char *source_file)
{
    pa_module *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->strings = calloc(1, sizeof *m->strings);
    if (!m->strings) {
        free(m);
        return NULL;
    }
    m->source_file = pa_model_str(m, source_file ? source_file : "<unknown>");
    return m;
}

/* Arguments, inputs, frames and the blocks' op and successor lists belong
 * to the module's pool. */
static void free_function(pa_function *f)
{
    free(f->blocks);
    free(f->ops);
    free(f->values);
    free(f->loops);
    free(f);
}

void pa_model_free(pa_module *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nfunctions; i++)
        free_function(m->functions[i]);
    free(m->functions);
    if (m->catalog) {
        pa_catalog_clear(m->catalog);
        free(m->catalog);
    }
    for (size_t i = 0; i < m->nprofiles; i++)
        free(m->profiles[i].calls);
    free(m->profiles);
    if (m->strings) {
        pa_arena_free(m->strings);
        free(m->strings);
    }
    free(m);
}

const char *pa_model_strn(pa_module *m, const char *s, size_t len)
{
    if (!s)
        return NULL;
    char *out = pa_arena_alloc(m->strings, len + 1, 1);
    if (!out)
        return NULL;
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
}

void *pa_model_alloc(pa_function *f, size_t bytes)
{
    return pa_arena_alloc(f->pool, bytes ? bytes : 1, _Alignof(max_align_t));
}

const pa_lock_class pa_lock_class_none = {.kind = PA_CLASS_NONE, .param_index = PA_NONE};

int pa_model_set_class(pa_function *f, int v, const pa_lock_class *cls)
{
    if (!f || v < 0 || (size_t)v >= f->nvalues || !cls)
        return -1;
    pa_lock_class *copy = pa_arena_alloc(f->pool, sizeof *copy, _Alignof(pa_lock_class));
    if (!copy)
        return -1;
    *copy = *cls;
    f->values[v].cls = copy;
    return 0;
}

const char *pa_model_str(pa_module *m, const char *s)
{
    return s ? pa_model_strn(m, s, strlen(s)) : NULL;
}

pa_function *pa_model_add_function(pa_module *m, const char *name, unsigned nparams)
{
    pa_function **arr = pa_array_reserve(m->functions, &m->cap_functions, m->nfunctions + 1, sizeof *arr);
    if (!arr)
        return NULL;
    m->functions = arr;
    pa_function *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->name = pa_model_str(m, name ? name : "<anonymous>");
    f->demangled = f->name;
    f->nparams = nparams;
    f->is_definition = true;
    f->pool = m->strings;
    m->functions[m->nfunctions++] = f;
    return f;
}

int pa_model_add_profile(pa_module *m, const char *name)
{
    pa_call_profile *arr =
        pa_array_reserve(m->profiles, &m->cap_profiles, m->nprofiles + 1, sizeof *arr);
    if (!arr)
        return PA_NONE;
    m->profiles = arr;
    pa_call_profile *p = &m->profiles[m->nprofiles];
    memset(p, 0, sizeof *p);
    p->name = pa_model_str(m, name ? name : "<anonymous>");
    if (!p->name)
        return PA_NONE;
    return (int)m->nprofiles++;
}

bool pa_call_site_count(pa_call_site *c, double freq, const pa_loc *loc)
{
    if (!(freq >= 0))
        freq = 0;
    bool hottest = freq > c->site_freq;
    if (hottest) {
        c->site_freq = freq;
        if (loc)
            c->loc = *loc;
    }
    c->freq += freq;
    c->sites++;
    return hottest;
}

int pa_model_profile_call(pa_module *m, int p, const char *callee, double freq, const pa_loc *loc)
{
    if (p < 0 || (size_t)p >= m->nprofiles || !callee)
        return -1;
    pa_call_profile *pr = &m->profiles[p];
    if (!(freq >= 0))
        freq = 0;
    /* A function calls few distinct callees: a linear search is enough. */
    for (size_t i = 0; i < pr->ncalls; i++) {
        pa_call_site *c = &pr->calls[i];
        if (strcmp(c->callee, callee) != 0)
            continue;
        pa_call_site_count(c, freq, loc);
        return 0;
    }
    pa_call_site *arr = pa_array_reserve(pr->calls, &pr->cap_calls, pr->ncalls + 1, sizeof *arr);
    if (!arr)
        return -1;
    pr->calls = arr;
    pa_call_site *c = &pr->calls[pr->ncalls];
    memset(c, 0, sizeof *c);
    c->callee = pa_model_str(m, callee);
    if (!c->callee)
        return -1;
    c->freq = c->site_freq = freq;
    c->sites = 1;
    if (loc)
        c->loc = *loc;
    pr->ncalls++;
    return 0;
}

int pa_model_add_block(pa_function *f)
{
    pa_block *arr = pa_array_reserve(f->blocks, &f->cap_blocks, f->nblocks + 1, sizeof *arr);
    if (!arr)
        return PA_NONE;
    f->blocks = arr;
    pa_block *b = &f->blocks[f->nblocks];
    memset(b, 0, sizeof *b);
    b->loop = PA_NONE;
    b->cond_value = PA_NONE;
    b->zero_succ = PA_NONE;
    b->zero_implied_value = PA_NONE;
    b->zero_implied_succ = PA_NONE;
    b->nonzero_value = PA_NONE;
    b->nonzero_succ = PA_NONE;
    b->pow2_value = PA_NONE;
    b->pow2_succ = PA_NONE;
    b->cmp_lhs = PA_NONE;
    b->cmp_rhs = PA_NONE;
    b->exit_truth = PA_NONE;
    b->freq = 1.0;
    return (int)f->nblocks++;
}

int pa_model_add_loop(pa_function *f, int parent)
{
    pa_loop *arr = pa_array_reserve(f->loops, &f->cap_loops, f->nloops + 1, sizeof *arr);
    if (!arr)
        return PA_NONE;
    f->loops = arr;
    pa_loop *l = &f->loops[f->nloops];
    memset(l, 0, sizeof *l);
    l->parent = parent;
    l->header = PA_NONE;
    l->depth = (parent >= 0 && (size_t)parent < f->nloops) ? f->loops[parent].depth + 1 : 1;
    return (int)f->nloops++;
}

int pa_model_add_value(pa_function *f, pa_value_kind kind)
{
    pa_value *arr = pa_array_reserve(f->values, &f->cap_values, f->nvalues + 1, sizeof *arr);
    if (!arr)
        return PA_NONE;
    f->values = arr;
    pa_value *v = &f->values[f->nvalues];
    memset(v, 0, sizeof *v);
    v->kind = kind;
    v->base = PA_NONE;
    v->index = PA_NONE;
    v->param_index = PA_NONE;
    v->def_op = PA_NONE;
    v->def_block = PA_NONE;
    v->is_pointer = true;
    v->cls = &pa_lock_class_none;
    return (int)f->nvalues++;
}

/* Append to a block's int list (ops, successors), in the module's pool.
 * The capacity is implied by the count, so pa_block needs no field for
 * it: 4, then doubling (a realloc per append was the extractor's most
 * frequent call, and freeing the lists cost as much again in clang's
 * fragmented heap). A grown list leaves its old copy in the pool: at most
 * the list's size again, ints beside ops of 208 bytes. A list set back to
 * count 0 gets a new array at its next append. */
static int push_int(pa_arena *pool, int **arr, size_t *n, int x)
{
    size_t k = *n;
    if (k == 0 || (k >= 4 && (k & (k - 1)) == 0)) {
        int *p = pa_arena_alloc(pool, (k ? 2 * k : 4) * sizeof *p, _Alignof(int));
        if (!p)
            return -1;
        if (k)
            memcpy(p, *arr, k * sizeof *p);
        *arr = p;
    }
    (*arr)[(*n)++] = x;
    return 0;
}

int pa_model_add_op(pa_function *f, int block, pa_op_kind kind)
{
    if (block < 0 || (size_t)block >= f->nblocks)
        return PA_NONE;
    pa_op *arr = pa_array_reserve(f->ops, &f->cap_ops, f->nops + 1, sizeof *arr);
    if (!arr)
        return PA_NONE;
    f->ops = arr;
    pa_op *o = &f->ops[f->nops];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->block = block;
    o->result = PA_NONE;
    o->callee_fn = PA_NONE;
    o->realloc_src = PA_NONE;
    o->size_value = PA_NONE;
    o->ptr_arg = PA_NONE;
    o->addr = PA_NONE;
    o->stored = PA_NONE;
    o->ret_value = PA_NONE;
    o->alloc_size = PA_UNKNOWN_SIZE;
    pa_block *b = &f->blocks[block];
    if (push_int(f->pool, &b->ops, &b->nops, (int)f->nops) != 0)
        return PA_NONE;
    return (int)f->nops++;
}

int pa_model_add_succ(pa_function *f, int from, int to)
{
    if (from < 0 || to < 0 || (size_t)from >= f->nblocks || (size_t)to >= f->nblocks)
        return -1;
    pa_block *b = &f->blocks[from];
    return push_int(f->pool, &b->succs, &b->nsuccs, to);
}

int pa_model_set_args(pa_function *f, int op, const int *args, const unsigned *flags,
                      const int64_t *consts, size_t nargs)
{
    if (op < 0 || (size_t)op >= f->nops)
        return -1;
    pa_op *o = &f->ops[op];
    /* Arguments set before stay in the pool until the module is freed. */
    o->args = NULL;
    o->arg_flags = NULL;
    o->arg_const = NULL;
    o->nargs = 0;
    if (nargs == 0)
        return 0;
    int *a = pa_model_alloc(f, nargs * sizeof *a);
    unsigned *fl = pa_model_alloc(f, nargs * sizeof *fl);
    int64_t *k = pa_model_alloc(f, nargs * sizeof *k);
    if (!a || !fl || !k)
        return -1;
    for (size_t i = 0; i < nargs; i++) {
        a[i] = args ? args[i] : PA_NONE;
        fl[i] = flags ? flags[i] : 0;
        k[i] = consts ? consts[i] : 0;
    }
    o->args = a;
    o->arg_flags = fl;
    o->arg_const = k;
    o->nargs = nargs;
    return 0;
}

int pa_model_set_inputs(pa_function *f, int value, const int *inputs, size_t n)
{
    if (value < 0 || (size_t)value >= f->nvalues)
        return -1;
    pa_value *v = &f->values[value];
    v->inputs = NULL;
    v->in_blocks = NULL;
    v->ninputs = 0;
    if (n == 0)
        return 0;
    int *in = pa_model_alloc(f, n * sizeof *in);
    if (!in)
        return -1;
    memcpy(in, inputs, n * sizeof *inputs);
    v->inputs = in;
    v->ninputs = n;
    return 0;
}

int pa_model_set_input_blocks(pa_function *f, int value, const int *blocks, size_t n)
{
    if (value < 0 || (size_t)value >= f->nvalues || n == 0 || n != f->values[value].ninputs)
        return -1;
    int *in = pa_model_alloc(f, n * sizeof *in);
    if (!in)
        return -1;
    memcpy(in, blocks, n * sizeof *blocks);
    f->values[value].in_blocks = in;
    return 0;
}

typedef struct name_match {
    const pa_module *m;
    const char *name;
} name_match;

static bool function_named(const void *ctx, intptr_t index)
{
    const name_match *nm = ctx;
    return strcmp(nm->m->functions[index]->name, nm->name) == 0;
}

int pa_model_link_calls(pa_module *m)
{
    pa_map defined = {0};
    int rc = 0;
    for (size_t i = 0; i < m->nfunctions && rc == 0; i++) {
        const pa_function *f = m->functions[i];
        if (!f || !f->name || !f->is_definition)
            continue;
        name_match nm = {m, f->name};
        uint64_t key = pa_hash_str(f->name);
        /* A malformed model may define a name twice: the first wins. */
        if (!pa_map_find(&defined, key, function_named, &nm, NULL))
            rc = pa_map_add(&defined, key, (intptr_t)i);
    }
    for (size_t i = 0; i < m->nfunctions; i++) {
        pa_function *f = m->functions[i];
        for (size_t k = 0; f && k < f->nops; k++) {
            pa_op *o = &f->ops[k];
            intptr_t index = PA_NONE;
            o->callee_fn = PA_NONE;
            if (rc == 0 && o->callee && !(o->call_flags & PA_CALL_INDIRECT)) {
                name_match nm = {m, o->callee};
                if (pa_map_find(&defined, pa_hash_str(o->callee), function_named, &nm, &index))
                    o->callee_fn = (int)index;
            }
        }
    }
    pa_map_free(&defined);
    m->calls_linked = rc == 0;
    if (m->calls_linked)
        pa_model_mark_alloc_wrappers(m);
    /* Out of memory here leaves ops unfilled, answered at each question. */
    (void)pa_profile_memo_ops(m);
    return rc;
}

const pa_function *pa_op_callee(const pa_module *m, const pa_op *o)
{
    /* An unlinked model says nothing about callees: treat every call as
     * external, the conservative answer, rather than trust stale ids. */
    if (!o || !m->calls_linked || o->callee_fn < 0 || (size_t)o->callee_fn >= m->nfunctions)
        return NULL;
    return m->functions[o->callee_fn];
}

int pa_block_loop(const pa_function *f, int b)
{
    const pa_block *blk = pa_block_at(f, b);
    return blk && pa_loop_ok(f, blk->loop) ? blk->loop : PA_NONE;
}

bool pa_loop_within(const pa_function *f, int inner, int outer)
{
    /* Bounded parent walk: a malformed model must not loop forever. */
    for (size_t steps = 0; steps <= f->nloops && pa_loop_ok(f, inner); steps++) {
        if (inner == outer)
            return true;
        inner = f->loops[inner].parent;
    }
    return false;
}

bool pa_block_in_loop(const pa_function *f, int b, int loop)
{
    int l = pa_block_loop(f, b);
    return l != PA_NONE && pa_loop_within(f, l, loop);
}

int pa_block_single_pred(const pa_function *f, int b, int loop)
{
    int pred = PA_NONE;
    for (size_t p = 0; p < f->nblocks; p++) {
        const pa_block *pb = &f->blocks[p];
        if ((loop != PA_NONE && !pa_block_in_loop(f, (int)p, loop)) || !pb->succs)
            continue;
        for (size_t k = 0; k < pb->nsuccs; k++) {
            if (pb->succs[k] != b)
                continue;
            if (pred != PA_NONE && pred != (int)p)
                return PA_NONE;
            pred = (int)p;
        }
    }
    return pred;
}

int pa_value_root(const pa_function *f, int value, int64_t *offset)
{
    int64_t off = 0;
    /* Bounded walk: a malformed model must not loop forever. */
    for (size_t steps = 0; steps <= f->nvalues; steps++) {
        if (value < 0 || (size_t)value >= f->nvalues)
            break;
        const pa_value *v = &f->values[value];
        if (v->kind != PA_VAL_DERIVED || v->base < 0)
            break;
        if (off != PA_UNKNOWN_SIZE)
            off = v->offset == PA_UNKNOWN_SIZE ? PA_UNKNOWN_SIZE : off + v->offset;
        value = v->base;
    }
    if (offset)
        *offset = off;
    return value;
}

int pa_value_skip_casts(const pa_function *f, int v)
{
    for (int i = 0; i < 4; i++) {
        const pa_value *x = pa_value_at(f, v);
        if (!x || x->kind != PA_VAL_ARITH || x->arith != PA_ARITH_CAST || x->ninputs < 1 || !x->inputs)
            break;
        v = x->inputs[0];
    }
    return v;
}

int64_t pa_loop_useful_max(const pa_loop *l)
{
    return l && l->max_trip_count > 0 && l->max_trip_count < 0x7fffffff ? l->max_trip_count : 0;
}

const char *pa_allocator_name(pa_allocator a)
{
    static const char *const names[] = {
        [PA_ALLOCATOR_NONE] = "none",
        [PA_ALLOCATOR_MALLOC] = "malloc",
        [PA_ALLOCATOR_CALLOC] = "calloc",
        [PA_ALLOCATOR_REALLOC] = "realloc",
        [PA_ALLOCATOR_STRDUP] = "strdup",
        [PA_ALLOCATOR_STRNDUP] = "strndup",
        [PA_ALLOCATOR_ALIGNED_ALLOC] = "aligned_alloc",
        [PA_ALLOCATOR_POSIX_MEMALIGN] = "posix_memalign",
        [PA_ALLOCATOR_NEW] = "operator new",
        [PA_ALLOCATOR_NEW_ARRAY] = "operator new[]",
        [PA_ALLOCATOR_LIBRARY] = "library allocation",
        [PA_ALLOCATOR_PROJECT] = "project",
    };
    return (unsigned)a < sizeof names / sizeof names[0] ? names[a] : "unknown";
}

const char *pa_lock_prim_name(pa_lock_prim p)
{
    static const char *const names[] = {
        [PA_PRIM_NONE] = "none",
        [PA_PRIM_PTHREAD_MUTEX] = "pthread_mutex",
        [PA_PRIM_PTHREAD_RWLOCK] = "pthread_rwlock",
        [PA_PRIM_PTHREAD_SPIN] = "pthread_spinlock",
        [PA_PRIM_C11_MTX] = "mtx",
        [PA_PRIM_STD_MUTEX] = "std::mutex",
        [PA_PRIM_PROJECT] = "project",
    };
    return (unsigned)p < sizeof names / sizeof names[0] ? names[p] : "unknown";
}

const char *pa_class_kind_name(pa_class_kind k)
{
    static const char *const names[] = {
        [PA_CLASS_NONE] = "none",     [PA_CLASS_GLOBAL] = "global", [PA_CLASS_FIELD] = "field",
        [PA_CLASS_PARAM] = "param",   [PA_CLASS_LOCAL] = "local",   [PA_CLASS_UNKNOWN] = "unknown",
    };
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "unknown";
}

bool pa_block_reaches(const pa_function *f, int from, int to, unsigned char *visited)
{
    if (from < 0 || to < 0 || (size_t)from >= f->nblocks || (size_t)to >= f->nblocks)
        return false;
    memset(visited, 0, f->nblocks);
    int *stack = malloc(f->nblocks * sizeof *stack);
    if (!stack)
        return true; /* unknown: the conservative answer is "may reach" */
    size_t sp = 0;
    bool found = false;
    const pa_block *b0 = &f->blocks[from];
    for (size_t i = 0; i < b0->nsuccs; i++) {
        int s = b0->succs[i];
        if (s >= 0 && (size_t)s < f->nblocks && !visited[s]) {
            visited[s] = 1;
            stack[sp++] = s;
        }
    }
    while (sp > 0 && !found) {
        int b = stack[--sp];
        if (b == to) {
            found = true;
            break;
        }
        const pa_block *blk = &f->blocks[b];
        for (size_t i = 0; i < blk->nsuccs; i++) {
            int s = blk->succs[i];
            if (s >= 0 && (size_t)s < f->nblocks && !visited[s]) {
                visited[s] = 1;
                stack[sp++] = s;
            }
        }
    }
    free(stack);
    return found;
}

bool pa_block_reaches_avoiding(const pa_function *f, int from, int avoid, int within,
                               bool (*goal)(const pa_function *, int, int), int goal_arg)
{
    size_t n = f->nblocks;
    if (!pa_block_ok(f, from) || from == avoid)
        return false;
    unsigned char *seen = calloc(n, 1);
    int *queue = malloc(n * sizeof *queue);
    bool found = !seen || !queue;
    size_t qn = 0;
    if (!found) {
        seen[from] = 1;
        queue[qn++] = from;
    }
    for (size_t qi = 0; qi < qn && !found; qi++) {
        if (goal(f, queue[qi], goal_arg)) {
            found = true;
            break;
        }
        const pa_block *bl = &f->blocks[queue[qi]];
        for (size_t k = 0; k < bl->nsuccs; k++) {
            int s = bl->succs[k];
            if (pa_block_ok(f, s) && s != avoid && !seen[s] &&
                (within == PA_NONE || pa_block_in_loop(f, s, within))) {
                seen[s] = 1;
                queue[qn++] = s;
            }
        }
    }
    free(seen);
    free(queue);
    return found;
}

size_t pa_block_edge_count(const pa_function *f)
{
    size_t n = 0;
    for (size_t b = 0; b < f->nblocks; b++)
        for (size_t k = 0; f->blocks[b].succs && k < f->blocks[b].nsuccs; k++)
            n += pa_block_ok(f, f->blocks[b].succs[k]);
    return n;
}

void pa_block_preds(const pa_function *f, int *first, int *preds)
{
    size_t n = f->nblocks;
    memset(first, 0, (n + 1) * sizeof *first);
    for (size_t b = 0; b < n; b++)
        for (size_t k = 0; f->blocks[b].succs && k < f->blocks[b].nsuccs; k++)
            if (pa_block_ok(f, f->blocks[b].succs[k]))
                first[f->blocks[b].succs[k] + 1]++;
    for (size_t b = 0; b < n; b++)
        first[b + 1] += first[b];
    /* first[s] serves as s's fill cursor, ending at s + 1's start; the
     * starts are then shifted back in place. */
    for (size_t b = 0; b < n; b++)
        for (size_t k = 0; f->blocks[b].succs && k < f->blocks[b].nsuccs; k++) {
            int s = f->blocks[b].succs[k];
            if (pa_block_ok(f, s))
                preds[first[s]++] = (int)b;
        }
    memmove(first + 1, first, n * sizeof *first);
    first[0] = 0;
}
