/* tests/model_builders.c — see model_builders.h. */
#include "model_builders.h"

#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>

/* Always on: unlike TB_CHECK(), survives -DNDEBUG in RelWithDebInfo builds. */
#define TB_CHECK(x)                                                                                \
    do {                                                                                           \
        if (!(x)) {                                                                                \
            fprintf(stderr, "%s:%d: model builder failed: %s\n", __FILE__, __LINE__, #x);         \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

pa_function *tb_function(pa_module *m, const char *name, unsigned nparams, int nblocks)
{
    pa_function *f = pa_model_add_function(m, name, nparams);
    TB_CHECK(f);
    for (int i = 0; i < nblocks; i++) {
        int b = pa_model_add_block(f);
        TB_CHECK(b == i);
        if (i > 0)
            TB_CHECK(pa_model_add_succ(f, i - 1, i) == 0);
    }
    if (nblocks > 0)
        f->blocks[nblocks - 1].returns = true;
    for (unsigned p = 0; p < nparams; p++) {
        int v = pa_model_add_value(f, PA_VAL_ARG);
        TB_CHECK(v != PA_NONE);
        f->values[v].param_index = (int)p;
    }
    return f;
}

int tb_call(pa_function *f, int block, const char *callee, const int *args, size_t nargs)
{
    const pa_cat_entry *e = pa_catalog_lookup(callee);
    pa_op_kind kind = PA_OP_CALL;
    if (e) {
        switch (e->role) {
        case PA_CAT_ALLOC:
        case PA_CAT_REALLOC: kind = PA_OP_ALLOC; break;
        case PA_CAT_FREE: kind = PA_OP_FREE; break;
        case PA_CAT_LOCK: kind = PA_OP_LOCK; break;
        case PA_CAT_TRYLOCK: kind = PA_OP_TRYLOCK; break;
        case PA_CAT_UNLOCK: kind = PA_OP_UNLOCK; break;
        default: break;
        }
    }
    int op = pa_model_add_op(f, block, kind);
    TB_CHECK(op != PA_NONE);
    TB_CHECK(pa_model_set_args(f, op, args, NULL, NULL, nargs) == 0);
    f->ops[op].callee = callee;
    f->ops[op].callee_demangled = callee;
    if (e) {
        f->ops[op].allocator = e->allocator;
        f->ops[op].prim = e->prim;
        f->ops[op].shared = e->shared;
        if (e->role != PA_CAT_ALLOC && e->role != PA_CAT_BLOCKING)
            f->ops[op].ptr_arg = e->ptr_arg;
    }
    return op;
}

int tb_alloc(pa_function *f, int block, pa_allocator a, int64_t size, int *value)
{
    int op = pa_model_add_op(f, block, PA_OP_ALLOC);
    TB_CHECK(op != PA_NONE);
    int v = pa_model_add_value(f, PA_VAL_ALLOC);
    TB_CHECK(v != PA_NONE);
    f->values[v].def_op = op;
    f->ops[op].result = v;
    f->ops[op].allocator = a;
    f->ops[op].alloc_size = size;
    f->ops[op].callee = pa_allocator_name(a);
    if (value)
        *value = v;
    return op;
}

int tb_value(pa_function *f, pa_value_kind kind, const char *name)
{
    int v = pa_model_add_value(f, kind);
    TB_CHECK(v != PA_NONE);
    f->values[v].name = name;
    return v;
}

void tb_loc(pa_function *f, int op, const char *file, unsigned line)
{
    f->ops[op].loc.file = file;
    f->ops[op].loc.line = line;
    f->ops[op].loc.column = 1;
}
