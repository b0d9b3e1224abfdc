/* passes/escape_sites.c — the allocation sites of a function (allocator
 * calls, posix_memalign out-parameters, and calls to the module's own
 * allocation wrappers) and the analysis of one site: its closure, then the
 * path walk, then whether a loop allocation lives past its iteration.
 * Part of passes/escape.c; tested by tests/test_escape.c. */
#include "escape_internal.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static bool is_site_allocator(pa_allocator a)
{
    switch (a) {
    case PA_ALLOCATOR_MALLOC:
    case PA_ALLOCATOR_CALLOC:
    case PA_ALLOCATOR_REALLOC:
    case PA_ALLOCATOR_STRDUP:
    case PA_ALLOCATOR_STRNDUP:
    case PA_ALLOCATOR_ALIGNED_ALLOC:
    case PA_ALLOCATOR_POSIX_MEMALIGN:
    case PA_ALLOCATOR_NEW:
    case PA_ALLOCATOR_NEW_ARRAY:
    case PA_ALLOCATOR_PROJECT: return true;
    default: return false; /* asprintf & co: the loop-allocation analysis covers them */
    }
}

static int push_site(esc_ctx *c, const esc_site *s)
{
    esc_site *p = pa_array_reserve(c->sites, &c->cap_sites, c->nsites + 1, sizeof *p);
    if (!p)
        return -1;
    c->sites = p;
    c->sites[c->nsites++] = *s;
    return 0;
}

/* Size argument of a wrapper call: the caller's constant, or the wrapper's
 * own constant size. */
static int64_t wrapper_bytes(const pa_op *o, const esc_facts *ff)
{
    if (ff->ret_bytes != PA_UNKNOWN_SIZE)
        return ff->ret_bytes;
    int p = ff->ret_size_param;
    if (p >= 0 && (size_t)p < o->nargs && o->arg_flags && o->arg_const &&
        (o->arg_flags[p] & PA_ARG_CONST) && o->arg_const[p] >= 0)
        return o->arg_const[p];
    return PA_UNKNOWN_SIZE;
}

static int size_param_of(const pa_function *f, const pa_op *o)
{
    if (o->allocator == PA_ALLOCATOR_CALLOC)
        return PA_NONE;
    const pa_value *v = pa_value_at(f, o->size_value);
    return v && v->kind == PA_VAL_ARG ? v->param_index : PA_NONE;
}

int esc_find_sites(esc_ctx *c)
{
    const pa_function *f = c->f;
    c->nsites = 0;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        esc_site s;
        memset(&s, 0, sizeof s);
        s.op = (int)i;
        s.wrapper_fn = PA_NONE;
        s.size_param = PA_NONE;
        s.bytes = PA_UNKNOWN_SIZE;
        if (!pa_block_ok(f, o->block))
            continue;
        if (o->kind == PA_OP_ALLOC && is_site_allocator(o->allocator)) {
            s.out_param = o->allocator == PA_ALLOCATOR_POSIX_MEMALIGN;
            if (!s.out_param && !pa_value_ok(f, o->result))
                continue; /* result unused: nothing to follow */
            if (s.out_param && (o->ptr_arg < 0 || (size_t)o->ptr_arg >= o->nargs))
                continue;
            s.grows_existing = o->allocator == PA_ALLOCATOR_REALLOC &&
                               pa_value_ok(f, o->realloc_src) && !esc_is_const(f, o->realloc_src);
            s.bytes = o->alloc_size;
            s.size_param = size_param_of(f, o);
        } else if (o->kind == PA_OP_CALL && pa_value_ok(f, o->result)) {
            int fi = PA_NONE;
            const esc_facts *ff = esc_callee_facts(c, o, &fi);
            if (!ff || !ff->returns_allocation)
                continue;
            s.wrapper_fn = fi;
            s.bytes = wrapper_bytes(o, ff);
        } else {
            continue;
        }
        if (push_site(c, &s) != 0)
            return -1;
    }
    return 0;
}

static size_t op_position(const pa_function *f, int op)
{
    const pa_block *blk = &f->blocks[f->ops[op].block];
    for (size_t k = 0; k < blk->nops && blk->ops; k++)
        if (blk->ops[k] == op)
            return k;
    return (size_t)-1;
}

/* Roots of an out-parameter allocation: the loads of its private slot.
 * Returns the number of roots in c->scratch, or records why it cannot tell. */
static size_t out_param_roots(esc_ctx *c, esc_flow *fl, const esc_site *s)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    int64_t off = 0;
    int root = pa_value_root(f, o->args[o->ptr_arg], &off);
    const pa_value *r = pa_value_at(f, root);
    char buf[ESC_TARGET_LEN];
    size_t nloads = 0;
    if (r && r->kind == PA_VAL_STACK && esc_private_slot_loads(c, root, off, s->op, &nloads))
        return nloads;
    if (r && r->kind == PA_VAL_GLOBAL) {
        esc_readable_symbol(buf, sizeof buf, r->name);
        esc_record_escape(fl, ESC_VIA_GLOBAL, s->op, buf);
    } else if (r && r->kind == PA_VAL_ARG) {
        esc_describe_param(f, root, buf, sizeof buf);
        esc_record_escape(fl, ESC_VIA_HEAP, s->op, buf);
    } else {
        esc_record_escape(fl, ESC_VIA_UNKNOWN, s->op,
                          "written through an out-parameter perfadvise cannot follow");
    }
    return 0;
}

/* Is the site's memory freed on every path after the site op? */
static void check_site_paths(esc_ctx *c, const esc_site *s, esc_flow *fl)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    size_t pos = op_position(f, s->op);
    if (pos == (size_t)-1) {
        fl->freed_all = false; /* op not in its block: malformed, say "not freed" */
        return;
    }
    int status = s->out_param ? o->result : PA_NONE;
    bool own_unwind = (o->call_flags & PA_CALL_INVOKE) != 0 && pos + 1 >= f->blocks[o->block].nops;
    esc_check_paths(c, fl, o->block, pos + 1, s->op, status, own_unwind);
    if (!fl->freed_all && fl->has_maybe_free) {
        /* Would the frees through merges cover the rest? Then the honest
         * answer is "cannot prove", not "leaks". */
        esc_flow again = *fl;
        c->count_may_frees = true;
        esc_check_paths(c, &again, o->block, pos + 1, s->op, status, own_unwind);
        c->count_may_frees = false;
        fl->free_unproven = again.freed_all;
    }
}

bool esc_analyse_site(esc_ctx *c, const esc_site *s, esc_flow *fl)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    int roots_buf[1];
    const int *roots = roots_buf;
    size_t nroots = 1;
    int *owned = NULL;
    if (s->out_param) {
        esc_flow pre;
        memset(&pre, 0, sizeof pre);
        c->closure_stamp++; /* esc_private_slot_loads checks stores against an empty closure */
        nroots = out_param_roots(c, &pre, s);
        if (nroots == 0) {
            *fl = pre;
            return c->budget >= 0;
        }
        owned = malloc(nroots * sizeof *owned);
        if (!owned) {
            c->oom = true;
            return false;
        }
        memcpy(owned, c->scratch, nroots * sizeof *owned);
        roots = owned;
    } else {
        roots_buf[0] = o->result;
    }
    bool ok = esc_analyse_values(c, fl, roots, nroots);
    free(owned);
    if (!ok)
        return false;
    check_site_paths(c, s, fl);
    int loop = pa_block_loop(f, o->block);
    if (loop != PA_NONE) {
        for (size_t i = 0; i < c->nfree_events; i++) {
            int op = c->free_event_op[i];
            if (c->frees_it[op] != c->closure_stamp)
                continue;
            int b = f->ops[op].block;
            if (pa_block_ok(f, b) && !pa_block_in_loop(f, b, loop))
                fl->free_outside_loop = true;
        }
    }
    return c->budget >= 0;
}
