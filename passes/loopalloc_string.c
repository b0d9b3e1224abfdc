/* passes/loopalloc_string.c — a std::string a loop body builds from empty
 * (see loopalloc_string.h). */
#include "loopalloc_string.h"

#include "catalog.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* libstdc++'s std::string: the data pointer at offset 0 points at the
 * inline buffer at offset 16 while the text fits in 15 bytes. */
#define STRING_LOCAL_BUF 16
#define STRING_INLINE_BYTES 15
/* A block run as often as the first growth: what is appended there is
 * appended on every iteration that builds the string. */
#define AS_OFTEN 0.99

typedef struct walk {
    const pa_function *f;
    int loop, header;
    unsigned char *seen; /* f->nblocks */
    int *stack;          /* f->nblocks */
} walk;

/* What a visitor tells the walk after one op. */
typedef enum step {
    STEP_ON,   /* go on */
    STEP_STOP, /* do not go past this op on this path */
    STEP_DONE, /* the answer is found: end the walk */
} step;

typedef step (*visit_fn)(void *ctx, int op);

/* Visit the ops that run after op `from` in the same iteration of the
 * walk's loop (not through its header again; exception cleanups are not
 * the iteration's work), each block once. True when a visitor said DONE. */
static bool walk_iteration(walk *w, int from, visit_fn visit, void *ctx)
{
    const pa_function *f = w->f;
    memset(w->seen, 0, f->nblocks);
    size_t n = 0;
    int first = f->ops[from].block;
    bool started = false;
    w->stack[n++] = first;
    while (n > 0) {
        int b = w->stack[--n];
        const pa_block *pb = &f->blocks[b];
        bool past = b != first || started; /* the first block: only after `from` */
        bool stop = false;
        for (size_t i = 0; pb->ops && i < pb->nops && !stop; i++) {
            if (!past) {
                past = pb->ops[i] == from;
                continue;
            }
            step s = visit(ctx, pb->ops[i]);
            if (s == STEP_DONE)
                return true;
            stop = s == STEP_STOP;
        }
        started = true;
        for (size_t k = 0; !stop && pb->succs && k < pb->nsuccs; k++) {
            int to = pb->succs[k];
            if (!pa_block_ok(f, to) || w->seen[to] || to == w->header || f->blocks[to].eh_pad ||
                !pa_block_in_loop(f, to, w->loop))
                continue;
            w->seen[to] = 1;
            w->stack[n++] = to;
        }
    }
    return false;
}

/* The stack object and offset value v points into, when both are known. */
static bool stack_place(const pa_function *f, int v, int *object, int64_t *offset)
{
    if (!pa_value_ok(f, v))
        return false;
    *object = pa_value_root(f, v, offset);
    return pa_value_ok(f, *object) && f->values[*object].kind == PA_VAL_STACK &&
           *offset != PA_UNKNOWN_SIZE;
}

static bool at_place(const pa_function *f, int v, int object, int64_t offset)
{
    int o;
    int64_t off;
    return stack_place(f, v, &o, &off) && o == object && off == offset;
}

/* The string's data pointer set to its own inline buffer: its
 * construction, or the reset of a string moved from. */
static bool sets_inline_buffer(const pa_function *f, const pa_op *x, int object, int64_t offset)
{
    return x->kind == PA_OP_STORE && at_place(f, x->addr, object, offset) &&
           at_place(f, x->stored, object, offset + STRING_LOCAL_BUF);
}

static bool grows(const pa_function *f, const pa_op *x, int object, int64_t offset,
                  int64_t *bytes)
{
    return pa_catalog_string_growth(x, bytes, NULL) && x->args &&
           at_place(f, x->args[0], object, offset);
}

bool pa_loopalloc_string_create_call(const pa_op *o)
{
    const char *d = o->callee_demangled;
    return o->kind == PA_OP_CALL && d && strstr(d, "basic_string<") && strstr(d, "::_M_create(");
}

/* Is v (through casts) the string's data pointer as loaded from it? */
static bool loads_data_pointer(const pa_function *f, int v, int object, int64_t offset)
{
    v = pa_value_ok(f, v) ? pa_value_skip_casts(f, v) : PA_NONE;
    return pa_value_ok(f, v) && f->values[v].kind == PA_VAL_LOAD &&
           at_place(f, f->values[v].base, object, offset);
}

/* Is v the string's data pointer as loaded from it, or a choice that may
 * be it (a move constructor's `local ? own buffer : stolen pointer`)? */
static bool stores_data_pointer(const pa_function *f, int v, int object, int64_t offset)
{
    if (loads_data_pointer(f, v, object, offset))
        return true;
    v = pa_value_ok(f, v) ? pa_value_skip_casts(f, v) : PA_NONE;
    const pa_value *sv = pa_value_ok(f, v) ? &f->values[v] : NULL;
    for (size_t i = 0; sv && sv->kind == PA_VAL_MERGE && sv->inputs && i < sv->ninputs; i++)
        if (loads_data_pointer(f, sv->inputs[i], object, offset))
            return true;
    return false;
}

/* A string the function declares (model: own_variable), not an
 * expression's temporary (`"text " + name`) nor an inlined callee's local
 * (operator+'s `__str`): a temporary's fix is appending the parts where
 * the text goes, not hoisting a variable. */
static bool declared_string(const pa_function *f, int object)
{
    return f->values[object].own_variable;
}

/* Is the string handed away in the loop: its heap buffer stored into
 * another object (a move constructor's steal), or the string, or the
 * object holding it (`consume(std::move(record))`), given to a call that
 * takes it as an rvalue (`push_back(std::move(s))` left out of line) or
 * swaps it? */
static bool handed_away(const pa_function *f, const pa_loopalloc_string_ops *ops, int loop,
                        int object, int64_t offset)
{
    for (size_t i = 0; i < ops->n; i++) {
        const pa_op *x = &f->ops[ops->ops[i]];
        if (!pa_block_in_loop(f, x->block, loop))
            continue;
        int to;
        int64_t to_off;
        if (x->kind == PA_OP_STORE && stores_data_pointer(f, x->stored, object, offset) &&
            !(stack_place(f, x->addr, &to, &to_off) && to == object))
            return true;
        if (x->kind != PA_OP_CALL || !x->callee_demangled)
            continue;
        bool takes = strstr(x->callee_demangled, "&&") || strstr(x->callee_demangled, "::swap(");
        for (size_t a = 0; takes && x->args && a < x->nargs; a++)
            if (stack_place(f, x->args[a], &to, &to_off) && to == object)
                return true;
    }
    return false;
}

typedef struct first_ctx {
    const pa_function *f;
    int op, object;
    int64_t offset;
} first_ctx;

/* Reached from a construction: op is found, or another growth of the
 * string comes first on this path. */
static step find_first(void *p, int op)
{
    first_ctx *c = p;
    int64_t bytes;
    if (op == c->op)
        return STEP_DONE;
    return grows(c->f, &c->f->ops[op], c->object, c->offset, &bytes) ? STEP_STOP : STEP_ON;
}

typedef struct bytes_ctx {
    const pa_function *f;
    int object, loop;
    int64_t offset;
    double often;       /* executions of the first growth's block */
    int64_t counted;    /* bytes appended on every iteration that builds it */
    bool may_spill;     /* some appends, taken together, may pass the inline bytes */
    int64_t possible;   /* bytes all appends seen could add */
} bytes_ctx;

/* Sum what the appends after the first growth add; a reset (a move) ends
 * the string built. */
static step count_bytes(void *p, int op)
{
    bytes_ctx *c = p;
    const pa_op *x = &c->f->ops[op];
    int64_t bytes;
    if (sets_inline_buffer(c->f, x, c->object, c->offset))
        return STEP_STOP;
    if (!grows(c->f, x, c->object, c->offset, &bytes))
        return STEP_ON;
    /* In a loop inside the building loop it runs an unknown number of times. */
    if (bytes < 0 || c->f->blocks[x->block].loop != c->loop) {
        c->may_spill = true;
        return STEP_ON;
    }
    c->possible += bytes;
    if (c->f->blocks[x->block].freq >= AS_OFTEN * c->often)
        c->counted += bytes;
    return STEP_ON;
}

/* The innermost loop around op whose body constructs the string (one of
 * its constructions in *init_op), or PA_NONE. */
static int building_loop(const pa_function *f, const pa_loopalloc_string_ops *ops, int op,
                         int object, int64_t offset, int *init_op)
{
    for (int l = f->blocks[f->ops[op].block].loop; pa_loop_ok(f, l); l = f->loops[l].parent) {
        for (size_t i = 0; i < ops->n; i++) {
            const pa_op *x = &f->ops[ops->ops[i]];
            if (pa_block_in_loop(f, x->block, l) && sets_inline_buffer(f, x, object, offset)) {
                *init_op = ops->ops[i];
                return l;
            }
        }
    }
    return PA_NONE;
}

/* Is op the first growth after some construction of the string in the
 * loop, with no other growth of it on the way? */
static bool first_growth(walk *w, const pa_loopalloc_string_ops *ops, int op, int object,
                         int64_t offset)
{
    const pa_function *f = w->f;
    first_ctx fc = {f, op, object, offset};
    for (size_t i = 0; i < ops->n; i++) {
        const pa_op *x = &f->ops[ops->ops[i]];
        if (pa_block_in_loop(f, x->block, w->loop) && sets_inline_buffer(f, x, object, offset) &&
            walk_iteration(w, ops->ops[i], find_first, &fc))
            return true;
    }
    return false;
}

/* Does a copy made in the loop fill the string (its _M_create)? */
static bool copied_into(const pa_function *f, const pa_loopalloc_string_ops *ops, int loop,
                        int object, int64_t offset)
{
    for (size_t i = 0; i < ops->n; i++) {
        const pa_op *x = &f->ops[ops->ops[i]];
        if (pa_block_in_loop(f, x->block, loop) && pa_loopalloc_string_create_call(x) && x->args &&
            x->nargs > 0 && at_place(f, x->args[0], object, offset))
            return true;
    }
    return false;
}

/* Is the string reset (moved from) after op in the iteration? */
static step find_reset(void *p, int op)
{
    first_ctx *c = p;
    return sets_inline_buffer(c->f, &c->f->ops[op], c->object, c->offset) ? STEP_DONE : STEP_ON;
}

bool pa_loopalloc_string_place(const pa_function *f, int op, int *object, int64_t *offset)
{
    int64_t bytes;
    return f && pa_op_ok(f, op) && pa_block_ok(f, f->ops[op].block) &&
           pa_catalog_string_growth(&f->ops[op], &bytes, NULL) && f->ops[op].args &&
           stack_place(f, f->ops[op].args[0], object, offset);
}

/* Can op construct, copy into or hand away a string (see
 * pa_loopalloc_string_ops)? */
static bool string_op(const pa_op *x)
{
    if (x->kind == PA_OP_STORE)
        return true;
    const char *d = x->callee_demangled;
    return x->kind == PA_OP_CALL && d &&
           (strstr(d, "&&") || strstr(d, "::swap(") || pa_loopalloc_string_create_call(x));
}

static bool list_string_ops(const pa_function *f, pa_loopalloc_string_ops *ops)
{
    if (ops->made)
        return true;
    size_t cap = 0;
    ops->n = 0; /* a listing cut short by out of memory starts again */
    for (size_t i = 0; i < f->nops; i++) {
        if (!string_op(&f->ops[i]))
            continue;
        int *grown = pa_array_reserve(ops->ops, &cap, ops->n + 1, sizeof *grown);
        if (!grown)
            return false;
        ops->ops = grown;
        ops->ops[ops->n++] = (int)i;
    }
    ops->made = true;
    return true;
}

void pa_loopalloc_string_ops_free(pa_loopalloc_string_ops *s)
{
    if (s) {
        free(s->ops);
        *s = (pa_loopalloc_string_ops){NULL, 0, false};
    }
}

pa_loopalloc_string_answer pa_loopalloc_string_built_per_iteration(const pa_function *f, int op,
                                                                   pa_loopalloc_string_ops *ops,
                                                                   pa_loopalloc_string_build *b)
{
    int64_t bytes;
    const char *member;
    int object, init_op = PA_NONE;
    int64_t offset;
    if (!b || !ops || !pa_loopalloc_string_place(f, op, &object, &offset))
        return PA_STRING_NOT_STRING;
    const pa_op *o = &f->ops[op];
    pa_catalog_string_growth(o, &bytes, &member);
    if (!declared_string(f, object))
        return PA_STRING_NOT_REBUILT;
    if (!list_string_ops(f, ops))
        return PA_STRING_NOT_FIRST; /* out of memory: no answer, none kept */
    int loop = building_loop(f, ops, op, object, offset, &init_op);
    if (loop == PA_NONE || copied_into(f, ops, loop, object, offset) ||
        handed_away(f, ops, loop, object, offset) || !pa_block_ok(f, f->loops[loop].header))
        return PA_STRING_NOT_REBUILT;
    walk w = {f, loop, f->loops[loop].header, calloc(f->nblocks + 1, 1),
              calloc(f->nblocks + 1, sizeof(int))};
    pa_loopalloc_string_answer answer = PA_STRING_NOT_FIRST;
    first_ctx fc = {f, op, object, offset};
    bytes_ctx bc = {f, object, loop, offset, f->blocks[o->block].freq, 0, false, 0};
    if (w.seen && w.stack && first_growth(&w, ops, op, object, offset)) {
        /* The first growth itself, then what follows it; moved from after
         * it (a reset), the string was built for someone else. */
        if (bytes < 0 || f->blocks[o->block].loop != loop)
            bc.may_spill = true;
        else
            bc.counted = bc.possible = bytes;
        walk_iteration(&w, op, count_bytes, &bc);
        /* Both depend on op (another branch may append more): not the
         * string's answer. */
        answer = walk_iteration(&w, op, find_reset, &fc) ||
                         (!bc.may_spill && bc.possible <= STRING_INLINE_BYTES)
                     ? PA_STRING_NOT_FIRST
                     : PA_STRING_REBUILT;
    }
    free(w.seen);
    free(w.stack);
    if (answer == PA_STRING_REBUILT)
        *b = (pa_loopalloc_string_build){loop, init_op, object, offset,
                                         bc.counted > STRING_INLINE_BYTES, member};
    return answer;
}
