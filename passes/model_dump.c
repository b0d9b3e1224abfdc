/* passes/model_dump.c — text dump of the program model (see model_dump.h). */
#include "model_dump.h"

#include "lock_names.h"
#include "util.h"

#include <string.h>

static const char *value_kind_name(pa_value_kind k)
{
    static const char *const names[] = {"unknown", "arg",   "global", "stack",  "alloc",   "call",
                                        "derived", "merge", "load",   "const",  "function", "arith"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static const char *op_kind_name(pa_op_kind k)
{
    static const char *const names[] = {"call", "alloc", "free",  "lock", "trylock",
                                        "unlock", "load", "store", "ret",  "use"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static void dump_value(const pa_module *m, const pa_function *f, int id, FILE *out)
{
    const pa_value *v = &f->values[id];
    fprintf(out, "    v%d = %s", id, value_kind_name(v->kind));
    if (v->name)
        fprintf(out, " '%s'%s", v->name, v->is_static ? " static" : "");
    if (v->kind == PA_VAL_ARG)
        fprintf(out, " #%d%s", v->param_index, v->nonnull ? " nonnull" : "");
    if (v->kind == PA_VAL_STACK && v->own_variable)
        fprintf(out, " own");
    if (v->kind == PA_VAL_ARITH) {
        static const char *const ops[] = {"none", "add", "sub", "mul", "shl", "shr", "div", "cast", "other", "addr"};
        fprintf(out, " %s", (unsigned)v->arith < sizeof ops / sizeof ops[0] ? ops[v->arith] : "?");
    }
    if (v->base != PA_NONE)
        fprintf(out, " base=v%d", v->base);
    if (v->kind == PA_VAL_DERIVED || v->kind == PA_VAL_CONST) {
        if (v->offset == PA_UNKNOWN_SIZE)
            fprintf(out, " off=?");
        else
            fprintf(out, " off=%lld", (long long)v->offset);
    }
    if (v->ninputs) {
        fprintf(out, " in=[");
        for (size_t i = 0; i < v->ninputs; i++)
            fprintf(out, "%sv%d", i ? "," : "", v->inputs[i]);
        fprintf(out, "]");
    }
    if (v->ninputs && v->in_blocks) {
        fprintf(out, " from=[");
        for (size_t i = 0; i < v->ninputs; i++)
            fprintf(out, "%sb%d", i ? "," : "", v->in_blocks[i]);
        fprintf(out, "]");
    }
    if (v->def_op != PA_NONE)
        fprintf(out, " def=op%d", v->def_op);
    if (v->cls->kind != PA_CLASS_NONE) {
        char name[PA_LOCK_NAME_SIZE];
        pa_lock_class_name(v->cls, m->source_file, f->demangled, name, sizeof name);
        fprintf(out, " class=%s:'%s'%s", pa_class_kind_name(v->cls->kind), name,
                v->cls->recursive ? " recursive" : "");
    }
    fputc('\n', out);
}

static void dump_op(const pa_function *f, int id, FILE *out)
{
    const pa_op *o = &f->ops[id];
    fprintf(out, "      op%d %s", id, op_kind_name(o->kind));
    if (o->callee)
        fprintf(out, " %s", o->callee_demangled ? o->callee_demangled : o->callee);
    if (o->nargs) {
        fprintf(out, "(");
        for (size_t i = 0; i < o->nargs; i++) {
            if (i)
                fputc(',', out);
            if (o->arg_flags[i] & PA_ARG_CONST)
                fprintf(out, "%lld", (long long)o->arg_const[i]);
            else if (o->args[i] != PA_NONE)
                fprintf(out, "v%d", o->args[i]);
            else
                fputc('_', out);
            if (o->arg_flags[i] & PA_ARG_NOCAPTURE)
                fputs(":nocap", out);
            if (o->arg_flags[i] & PA_ARG_READONLY)
                fputs(":ro", out);
            if (o->arg_flags[i] & PA_ARG_RETURNED)
                fputs(":returned", out);
        }
        fprintf(out, ")");
    }
    if (o->result != PA_NONE)
        fprintf(out, " -> v%d", o->result);
    if (o->kind == PA_OP_ALLOC) {
        fprintf(out, " [%s", pa_allocator_name(o->allocator));
        if (o->alloc_size != PA_UNKNOWN_SIZE)
            fprintf(out, " %lld bytes", (long long)o->alloc_size);
        if (o->realloc_src != PA_NONE)
            fprintf(out, " of v%d", o->realloc_src);
        if (o->size_value != PA_NONE)
            fprintf(out, " size=v%d", o->size_value);
        fputc(']', out);
    }
    if (o->ptr_arg != PA_NONE)
        fprintf(out, " ptr_arg=%d", o->ptr_arg);
    if (o->prim != PA_PRIM_NONE)
        fprintf(out, " %s%s", pa_lock_prim_name(o->prim), o->shared ? " shared" : "");
    if (o->addr != PA_NONE)
        fprintf(out, " addr=v%d", o->addr);
    if (o->stored != PA_NONE)
        fprintf(out, " stored=v%d", o->stored);
    if (o->ret_value != PA_NONE)
        fprintf(out, " ret=v%d", o->ret_value);
    if (o->call_flags)
        fprintf(out, " flags=0x%x", o->call_flags);
    if (o->loc.file)
        fprintf(out, " @%s:%u:%u", pa_path_basename(o->loc.file, NULL), o->loc.line, o->loc.column);
    if (o->origin.file)
        fprintf(out, " (inlined from %s:%u)", o->origin.file, o->origin.line);
    if (o->inlined_growth)
        fprintf(out, " growth=%s", o->inlined_growth);
    fputc('\n', out);
}

void pa_model_dump(const pa_module *m, FILE *out, const char *filter)
{
    fprintf(out, "module %s debug_info=%d functions=%zu\n", m->source_file, m->has_debug_info, m->nfunctions);
    for (size_t fi = 0; fi < m->nfunctions; fi++) {
        const pa_function *f = m->functions[fi];
        if (filter && *filter && !strstr(f->name, filter) && !strstr(f->demangled, filter))
            continue;
        fprintf(out, "function %s (%s) params=%u%s\n", f->name, f->demangled, f->nparams,
                f->optnone ? " optnone" : "");
        for (size_t l = 0; l < f->nloops; l++) {
            const pa_loop *lp = &f->loops[l];
            fprintf(out, "  loop%zu parent=%d depth=%u header=b%d trip=%lld max=%lld text='%s'%s%s%s%s\n", l, lp->parent,
                    lp->depth, lp->header, (long long)lp->trip_count, (long long)lp->max_trip_count,
                    lp->trip_text ? lp->trip_text : "", lp->max_trip_text ? " max_text='" : "",
                    lp->max_trip_text ? lp->max_trip_text : "", lp->max_trip_text ? "'" : "",
                    lp->batched ? " batched" : "");
        }
        for (size_t v = 0; v < f->nvalues; v++)
            dump_value(m, f, (int)v, out);
        for (size_t b = 0; b < f->nblocks; b++) {
            const pa_block *blk = &f->blocks[b];
            fprintf(out, "  b%zu loop=%d depth=%u freq=%.3g%s%s%s succs=[", b, blk->loop, blk->loop_depth, blk->freq,
                    blk->returns ? " returns" : "", blk->unreachable ? " unreachable" : "",
                    blk->eh_pad ? " ehpad" : "");
            for (size_t s = 0; s < blk->nsuccs; s++)
                fprintf(out, "%sb%d", s ? "," : "", blk->succs[s]);
            fputc(']', out);
            if (blk->cond_value != PA_NONE)
                fprintf(out, " if v%d==0 -> succ#%d", blk->cond_value, blk->zero_succ);
            else if (blk->cmp_lhs != PA_NONE || blk->cmp_rhs != PA_NONE)
                fprintf(out, " cmp v%d v%d", blk->cmp_lhs, blk->cmp_rhs);
            if (blk->zero_implied_value != PA_NONE)
                fprintf(out, " (v%d==0 -> succ#%d)", blk->zero_implied_value, blk->zero_implied_succ);
            if (blk->pow2_value != PA_NONE)
                fprintf(out, " (v%d 0 or 2^k -> succ#%d)", blk->pow2_value, blk->pow2_succ);
            if (blk->nonzero_value != PA_NONE)
                fprintf(out, " (v%d!=0 on succ#%d)", blk->nonzero_value, blk->nonzero_succ);
            if (blk->exit_truth != PA_NONE)
                fprintf(out, " exits %sv%d", blk->exit_truth_negated ? "!" : "", blk->exit_truth);
            fputc('\n', out);
            for (size_t i = 0; i < blk->nops; i++)
                dump_op(f, blk->ops[i], out);
        }
    }
}
