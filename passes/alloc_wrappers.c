/* passes/alloc_wrappers.c — forwarding allocation wrappers: functions of the
 * module that hand back fresh memory from an allocator on every path, the
 * size passed on from a parameter (xmalloc, a checked calloc, a wrapper of a
 * wrapper). Calls to them are marked (pa_op.via_wrapper) so the loop
 * analysis sees a non-inlined wrapper called in a loop as the allocation it
 * is. The escape analysis keeps its own, path-sensitive wrapper summaries.
 * Exercised by lit/project_alloc_wrapper.c. */
#include "cxx_names.h"
#include "model.h"

#include <stdlib.h>
#include <string.h>

typedef struct wrapper_info {
    bool is_wrapper;
    bool direct; /* the size parameter reaches the allocator unchanged */
    int size_param;
    pa_allocator allocator; /* of the allocation it forwards */
} wrapper_info;

/* The parameter a size value comes from: through casts only (*direct), or
 * through arithmetic with constants (n + 1, n * sizeof(T)). PA_NONE when
 * no single parameter. */
static int size_param_of(const pa_function *f, int v, bool *direct)
{
    *direct = true;
    for (int steps = 0; steps < 16; steps++) {
        const pa_value *x = pa_value_at(f, v);
        if (!x)
            return PA_NONE;
        if (x->kind == PA_VAL_ARG)
            return x->param_index;
        if (x->kind != PA_VAL_ARITH || !x->inputs || x->ninputs == 0)
            return PA_NONE;
        if (x->arith != PA_ARITH_CAST)
            *direct = false;
        /* One operand may be a constant; follow the other. */
        int next = x->inputs[0];
        if (x->ninputs > 1) {
            const pa_value *a = pa_value_at(f, x->inputs[0]);
            const pa_value *b = pa_value_at(f, x->inputs[1]);
            if (a && a->kind == PA_VAL_CONST)
                next = x->inputs[1];
            else if (!(b && b->kind == PA_VAL_CONST) && b)
                return PA_NONE; /* two variable operands */
        }
        v = next;
    }
    return PA_NONE;
}

/* Library internals (std::allocator, _M_allocate) are the containers' own
 * business: the loop analysis reads their inlined allocations. */
static bool library_internal(const pa_function *f)
{
    const char *d = f->demangled ? f->demangled : f->name;
    if (!d)
        return true;
    /* A template's demangled name starts with its return type. */
    const char *q = pa_cxx_qualified_name(d);
    return strncmp(q, "std::", 5) == 0 || strncmp(q, "__gnu_cxx::", 11) == 0 ||
           strncmp(q, "__cxx", 5) == 0;
}

/* The allocation a returned value comes from, following offset-0 casts and
 * phis; null constants are allowed on some paths. Fills *w (size parameter
 * and allocator, which every allocation reached must agree on). */
static bool forwards(const pa_module *m, const pa_function *f, int ret, const wrapper_info *info,
                     wrapper_info *w, bool *any, int *stack, unsigned char *seen)
{
    size_t n = 0;
    if (!pa_value_ok(f, ret))
        return false;
    stack[n++] = ret;
    seen[ret] = 1;
    while (n > 0) {
        const pa_value *x = &f->values[stack[--n]];
        int param = PA_NONE;
        bool direct = true;
        pa_allocator a = PA_ALLOCATOR_NONE;
        switch (x->kind) {
        case PA_VAL_CONST:
            if (x->offset != 0)
                return false;
            continue;
        case PA_VAL_DERIVED:
            if (x->offset != 0 || !pa_value_ok(f, x->base))
                return false;
            if (!seen[x->base]) {
                seen[x->base] = 1;
                stack[n++] = x->base;
            }
            continue;
        case PA_VAL_MERGE:
            for (size_t k = 0; k < x->ninputs && x->inputs; k++) {
                if (!pa_value_ok(f, x->inputs[k]))
                    return false;
                if (!seen[x->inputs[k]]) {
                    seen[x->inputs[k]] = 1;
                    stack[n++] = x->inputs[k];
                }
            }
            continue;
        case PA_VAL_ALLOC: {
            const pa_op *o = pa_op_at(f, x->def_op);
            if (!o || o->kind != PA_OP_ALLOC || o->ptr_arg != PA_NONE ||
                o->realloc_src != PA_NONE || o->allocator == PA_ALLOCATOR_REALLOC ||
                o->allocator == PA_ALLOCATOR_LIBRARY)
                return false;
            param = size_param_of(f, o->size_value, &direct);
            a = o->allocator;
            break;
        }
        case PA_VAL_CALL: {
            const pa_op *o = pa_op_at(f, x->def_op);
            if (!o || !o->via_wrapper || o->callee_fn < 0 || (size_t)o->callee_fn >= m->nfunctions)
                return false;
            const wrapper_info *inner = &info[o->callee_fn];
            if (!inner->is_wrapper || inner->size_param < 0 ||
                (size_t)inner->size_param >= o->nargs)
                return false;
            param = size_param_of(f, o->args[inner->size_param], &direct);
            direct = direct && inner->direct;
            a = inner->allocator;
            break;
        }
        default: return false;
        }
        if (param == PA_NONE)
            return false;
        if (*any && (param != w->size_param || a != w->allocator))
            return false;
        if (*any && !direct)
            w->direct = false;
        if (!*any) {
            w->size_param = param;
            w->direct = direct;
            w->allocator = a;
        }
        *any = true;
    }
    return true;
}

static bool is_wrapper(const pa_module *m, const pa_function *f, const wrapper_info *info,
                       wrapper_info *w, int *stack, unsigned char *seen)
{
    bool any = false, saw_ret = false;
    if (!f->is_definition || f->nvalues == 0 || library_internal(f))
        return false;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_RET)
            continue;
        saw_ret = true;
        memset(seen, 0, f->nvalues);
        if (!forwards(m, f, o->ret_value, info, w, &any, stack, seen))
            return false;
    }
    return saw_ret && any;
}

/* Mark the calls to every wrapper found so far. */
static void mark_calls(pa_module *m, const wrapper_info *info)
{
    for (size_t i = 0; i < m->nfunctions; i++) {
        pa_function *f = m->functions[i];
        for (size_t k = 0; f && k < f->nops; k++) {
            pa_op *o = &f->ops[k];
            if (o->kind != PA_OP_CALL || o->via_wrapper || o->callee_fn < 0 ||
                (size_t)o->callee_fn >= m->nfunctions || !info[o->callee_fn].is_wrapper)
                continue;
            const wrapper_info *w = &info[o->callee_fn];
            o->via_wrapper = true;
            o->allocator = w->allocator;
            o->alloc_size = PA_UNKNOWN_SIZE;
            int p = w->size_param;
            if (p >= 0 && (size_t)p < o->nargs) {
                o->size_value = o->args ? o->args[p] : PA_NONE;
                if (w->direct && o->arg_flags && o->arg_const && (o->arg_flags[p] & PA_ARG_CONST) &&
                    o->arg_const[p] >= 0)
                    o->alloc_size = o->arg_const[p];
            }
        }
    }
}

void pa_model_mark_alloc_wrappers(pa_module *m)
{
    size_t maxv = 0;
    for (size_t i = 0; i < m->nfunctions; i++)
        if (m->functions[i] && m->functions[i]->nvalues > maxv)
            maxv = m->functions[i]->nvalues;
    wrapper_info *info = calloc(m->nfunctions ? m->nfunctions : 1, sizeof *info);
    int *stack = malloc((maxv ? maxv : 1) * sizeof *stack);
    unsigned char *seen = malloc(maxv ? maxv : 1);
    if (!info || !stack || !seen)
        goto done; /* out of memory: no wrappers, as before */
    /* Wrappers of wrappers: a few rounds reach any chain a program has. */
    for (int round = 0, changed = 1; changed && round < 8; round++) {
        changed = 0;
        for (size_t i = 0; i < m->nfunctions; i++) {
            const pa_function *f = m->functions[i];
            wrapper_info w = {false, true, PA_NONE, PA_ALLOCATOR_NONE};
            if (!f || info[i].is_wrapper || !is_wrapper(m, f, info, &w, stack, seen))
                continue;
            w.is_wrapper = true;
            info[i] = w;
            changed = 1;
        }
        if (changed)
            mark_calls(m, info);
    }
done:
    free(info);
    free(stack);
    free(seen);
}
