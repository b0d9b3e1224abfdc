/* passes/loopalloc_bound.c — a loop bounded by another container's size,
 * reloaded on each trip but never changed by the loop (loopalloc_bound.h). */
#include "loopalloc_bound.h"

#include "cxx_names.h"

#include <string.h>

/* Walks follow short chains of casts, shifts and phis: a bound deeper than
 * this is not the plain `in.size()` this file is about. */
#define BOUND_DEPTH 8

/* An address that names the same memory on every trip: offsets from a
 * parameter, a global or a stack object, or from a pointer computed before
 * the loop. */
static bool fixed_address(const pa_function *f, int v, int loop)
{
    for (int hops = 0; hops < BOUND_DEPTH; hops++) {
        const pa_value *x = pa_value_at(f, v);
        if (!x)
            return false;
        switch (x->kind) {
        case PA_VAL_ARG:
        case PA_VAL_GLOBAL:
        case PA_VAL_STACK: return true;
        case PA_VAL_DERIVED:
            if (x->offset == PA_UNKNOWN_SIZE)
                return false;
            v = x->base;
            continue;
        case PA_VAL_LOAD:
        case PA_VAL_CALL:
        case PA_VAL_MERGE:
            return pa_block_ok(f, x->def_block) && !pa_block_in_loop(f, x->def_block, loop);
        default: return false;
        }
    }
    return false;
}

/* A pointer read from one fixed address of an object, before the loop or
 * again inside it: a load, or a phi of such loads (the reload after a
 * reallocation meets the first load at the loop header). `*addr` is the
 * address read; every load must read the same one. `path` holds the phis
 * being walked: an input already on it goes round the loop, carrying the
 * same value on. */
static bool reread_field(const pa_function *f, int v, int loop, int *addr, int *path, int depth)
{
    const pa_value *x = pa_value_at(f, v);
    if (!x || depth >= BOUND_DEPTH)
        return false;
    if (x->kind == PA_VAL_LOAD) {
        if (!fixed_address(f, x->base, loop))
            return false;
        if (*addr == PA_NONE)
            *addr = x->base;
        int64_t a = 0, b = 0;
        return *addr == x->base || (pa_value_root(f, *addr, &a) == pa_value_root(f, x->base, &b) &&
                                    a == b && a != PA_UNKNOWN_SIZE);
    }
    if (x->kind != PA_VAL_MERGE || !x->inputs)
        return false;
    path[depth] = v;
    for (size_t i = 0; i < x->ninputs; i++) {
        bool seen = false;
        for (int d = 0; d <= depth; d++)
            seen |= path[d] == x->inputs[i];
        if (!seen && !reread_field(f, x->inputs[i], loop, addr, path, depth + 1))
            return false;
    }
    return true;
}

/* The object whose fields were read (the root of the address), PA_NONE
 * when v is not a re-read field. */
static int field_owner(const pa_function *f, int v, int loop)
{
    int addr = PA_NONE, path[BOUND_DEPTH];
    if (!reread_field(f, v, loop, &addr, path, 0) || addr == PA_NONE)
        return PA_NONE;
    return pa_value_root(f, addr, NULL);
}

static bool const_operand(const pa_function *f, const pa_value *x)
{
    if (x->ninputs < 2)
        return true; /* a cast */
    const pa_value *k = pa_value_at(f, x->inputs[1]);
    return k && k->kind == PA_VAL_CONST;
}

/* The object whose size `v` is: (end - begin), possibly scaled by the
 * element size (a shift, a division, the multiply of an exact division)
 * and cast, both pointers read from fields of the same object. */
static int size_owner(const pa_function *f, int v, int loop)
{
    for (int hops = 0; hops < BOUND_DEPTH; hops++) {
        const pa_value *x = pa_value_at(f, v);
        if (!x || x->kind != PA_VAL_ARITH || !x->inputs || x->ninputs == 0)
            return PA_NONE;
        switch (x->arith) {
        case PA_ARITH_SHR:
        case PA_ARITH_DIV:
        case PA_ARITH_MUL:
        case PA_ARITH_CAST:
            if (!const_operand(f, x))
                return PA_NONE;
            v = x->inputs[0];
            continue;
        case PA_ARITH_SUB: {
            if (x->ninputs != 2)
                return PA_NONE;
            int ends[2];
            for (int i = 0; i < 2; i++) {
                const pa_value *p = pa_value_at(f, x->inputs[i]);
                int ptr = p && p->kind == PA_VAL_ARITH && p->arith == PA_ARITH_ADDR && p->inputs &&
                                  p->ninputs == 1
                              ? p->inputs[0]
                              : x->inputs[i];
                ends[i] = field_owner(f, ptr, loop);
            }
            return ends[0] != PA_NONE && ends[0] == ends[1] ? ends[0] : PA_NONE;
        }
        default: return PA_NONE;
        }
    }
    return PA_NONE;
}

/* An integer that steps by a constant on each trip: the header phi, or the
 * phi plus that constant (the test after the step), possibly cast. */
static bool int_counter(const pa_function *f, int v, int loop)
{
    const pa_value *x = pa_value_at(f, v);
    if (x && x->kind == PA_VAL_ARITH && x->arith == PA_ARITH_CAST && x->inputs && x->ninputs == 1)
        x = pa_value_at(f, v = x->inputs[0]);
    if (x && x->kind == PA_VAL_ARITH && x->arith == PA_ARITH_ADD && x->inputs && x->ninputs == 2) {
        const pa_value *k = pa_value_at(f, x->inputs[1]);
        if (!k || k->kind != PA_VAL_CONST)
            return false;
        x = pa_value_at(f, v = x->inputs[0]);
    }
    if (!x || x->kind != PA_VAL_MERGE || !x->inputs || !x->in_blocks ||
        !pa_block_in_loop(f, x->def_block, loop))
        return false;
    bool start = false, step = false;
    for (size_t i = 0; i < x->ninputs; i++) {
        if (!pa_block_ok(f, x->in_blocks[i]))
            return false;
        if (!pa_block_in_loop(f, x->in_blocks[i], loop)) {
            start = true;
            continue;
        }
        const pa_value *y = pa_value_at(f, x->inputs[i]);
        const pa_value *k = y && y->inputs && y->ninputs == 2 ? pa_value_at(f, y->inputs[1]) : NULL;
        if (!y || y->kind != PA_VAL_ARITH || y->arith != PA_ARITH_ADD || y->inputs[0] != v || !k ||
            k->kind != PA_VAL_CONST || k->offset == 0)
            return false;
        step = true;
    }
    return start && step;
}

/* A pointer stepping by a constant each trip of the loop: a phi whose
 * inputs from outside the loop start it and whose inputs from inside are
 * the phi plus a constant; or that phi plus a constant (the test after the
 * step). Shared with loopalloc.c's range loops and per-element slots. */
bool pa_loopalloc_pointer_counter(const pa_function *f, int v, int loop)
{
    const pa_value *x = pa_value_at(f, v);
    int phi = v;
    if (x && x->kind == PA_VAL_DERIVED && x->offset != PA_UNKNOWN_SIZE && x->offset != 0)
        phi = x->base;
    const pa_value *p = pa_value_at(f, phi);
    if (!p || p->kind != PA_VAL_MERGE || !p->in_blocks || !p->inputs ||
        !pa_block_in_loop(f, p->def_block, loop))
        return false;
    bool start = false, step = false;
    for (size_t i = 0; i < p->ninputs; i++) {
        if (!pa_block_ok(f, p->in_blocks[i]))
            return false;
        if (!pa_block_in_loop(f, p->in_blocks[i], loop)) {
            start = true;
            continue;
        }
        const pa_value *y = pa_value_at(f, p->inputs[i]);
        if (!y || y->kind != PA_VAL_DERIVED || y->base != phi || y->offset == PA_UNKNOWN_SIZE ||
            y->offset == 0)
            return false;
        step = true;
    }
    return start && step;
}

/* The objects a loop may write without changing `owner`. */
typedef struct bound_ctx {
    int owner; /* the container whose size bounds the loop */
    int dest;  /* the container the loop fills (its root), PA_NONE if unknown */
} bound_ctx;

/* Memory the loop fills, never `owner`: a block this function allocated,
 * a stack object, the container being filled and the buffer it points to
 * (a pointer loaded from its fields), or null; through offsets and phis
 * (the old and new buffers of the vector). `path` holds the phis being
 * walked: one met again goes round the loop. */
/* A pointer read from the container being filled, or from a block reached
 * from it (its buffer, a string's data in its new element): not a stack
 * object's, which might hold any pointer. */
static bool loaded_from_filled(const pa_function *f, int addr, const bound_ctx *bc, int depth)
{
    for (; depth < BOUND_DEPTH; depth++) {
        int root = pa_value_root(f, addr, NULL);
        const pa_value *x = pa_value_at(f, root);
        if (!x || root == bc->owner)
            return false;
        if (root == bc->dest || x->kind == PA_VAL_ALLOC)
            return true;
        if (x->kind != PA_VAL_LOAD)
            return false;
        addr = x->base;
    }
    return false;
}

static bool own_memory_at(const pa_function *f, int v, const bound_ctx *bc, int *path, int depth)
{
    int root = pa_value_root(f, v, NULL);
    const pa_value *x = pa_value_at(f, root);
    if (!x || depth >= BOUND_DEPTH || root == bc->owner)
        return false;
    if (root == bc->dest)
        return true;
    switch (x->kind) {
    case PA_VAL_ALLOC:
    case PA_VAL_CONST:
    case PA_VAL_STACK: return true;
    case PA_VAL_LOAD: return loaded_from_filled(f, x->base, bc, depth + 1);
    case PA_VAL_CALL: {
        /* A block the library just allocated (a string's _M_create). */
        const pa_op *o = pa_op_at(f, x->def_op);
        const char *d = o ? o->callee_demangled : NULL;
        return pa_cxx_in_std(d) && (strstr(d, "_M_create") || strstr(d, "allocate("));
    }
    case PA_VAL_MERGE:
        if (!x->inputs)
            return false;
        path[depth] = root;
        for (size_t i = 0; i < x->ninputs; i++) {
            bool seen = false;
            for (int d = 0; d <= depth; d++)
                seen |= path[d] == pa_value_root(f, x->inputs[i], NULL);
            if (!seen && !own_memory_at(f, x->inputs[i], bc, path, depth + 1))
                return false;
        }
        return true;
    default: return false;
    }
}

static bool own_memory(const pa_function *f, int v, const bound_ctx *bc)
{
    int path[BOUND_DEPTH];
    return own_memory_at(f, v, bc, path, 0);
}

/* A standard-library call that runs no code of the user's (a functor or
 * std::function would). */
static bool plain_library_call(const pa_op *o)
{
    const char *d = o->callee_demangled;
    if (!d)
        return false;
    /* The name, after a template's return type ("void std::vector<..>::"). */
    const char *name = strstr(d, "std::"), *paren = strchr(d, '(');
    return name && (!paren || name < paren) && (name == d || name[-1] == ' ') &&
           !strstr(d, "operator()") && !strstr(d, "std::function") && !strstr(d, "__invoke");
}

/* Can op o change the object bc->owner (its size)? */
static bool may_change(const pa_function *f, const pa_op *o, const bound_ctx *bc)
{
    switch (o->kind) {
    case PA_OP_LOAD:
    case PA_OP_ALLOC:
    case PA_OP_FREE: return false;
    case PA_OP_STORE: return !own_memory(f, o->addr, bc);
    case PA_OP_USE:
    case PA_OP_CALL:
        if (o->via_wrapper || (o->call_flags & (PA_CALL_READS_ONLY | PA_CALL_NO_MEMORY)))
            return false;
        if (o->kind == PA_OP_CALL && !(o->call_flags & PA_CALL_INTRINSIC) && !plain_library_call(o))
            return true; /* the user's code: it may reach `owner` any way */
        for (size_t a = 0; o->args && a < o->nargs; a++) {
            if (o->arg_flags && (o->arg_flags[a] & PA_ARG_READONLY))
                continue;
            if (pa_value_root(f, o->args[a], NULL) == bc->owner)
                return true;
            if ((o->call_flags & PA_CALL_INTRINSIC) && o->args[a] != PA_NONE &&
                pa_value_at(f, o->args[a]) && pa_value_at(f, o->args[a])->is_pointer &&
                !own_memory(f, o->args[a], bc))
                return true; /* a memcpy into memory we cannot place */
        }
        return false;
    default: return true; /* locks, returns: not a plain filling loop */
    }
}

static bool loop_keeps(const pa_function *f, int loop, const bound_ctx *bc)
{
    for (size_t b = 0; b < f->nblocks; b++) {
        if (!pa_block_in_loop(f, (int)b, loop))
            continue;
        const pa_block *pb = &f->blocks[b];
        for (size_t k = 0; k < pb->nops; k++) {
            const pa_op *o = pa_op_at(f, pb->ops[k]);
            if (o && may_change(f, o, bc))
                return false;
        }
    }
    return true;
}

/* The container the exit test `lhs <cmp> rhs` measures, when one side is a
 * counter and the other that container's size or end; PA_NONE otherwise. */
static int bound_owner(const pa_function *f, int lhs, int rhs, int loop)
{
    if (int_counter(f, lhs, loop))
        return size_owner(f, rhs, loop);
    if (pa_loopalloc_pointer_counter(f, lhs, loop))
        return field_owner(f, rhs, loop);
    return PA_NONE;
}

bool pa_loopalloc_bound_by_other_size(const pa_function *f, int loop, int dest)
{
    if (!f || !pa_loop_ok(f, loop))
        return false;
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
        int owner = bound_owner(f, pb->cmp_lhs, pb->cmp_rhs, loop);
        if (owner == PA_NONE)
            owner = bound_owner(f, pb->cmp_rhs, pb->cmp_lhs, loop);
        bound_ctx bc = {owner, dest};
        if (owner != PA_NONE && owner != dest && loop_keeps(f, loop, &bc))
            return true;
    }
    return false;
}
