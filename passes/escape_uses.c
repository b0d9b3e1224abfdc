/* passes/escape_uses.c — the per-function use index of the heap escape
 * analysis: for every value, the values computed from it and the ops that
 * use it, as compressed rows built once per function so that following a
 * pointer costs its uses, not the function's size. Part of passes/escape.c. */
#include "escape_internal.h"

#include <stdlib.h>

/* The value operands of an op that are not call arguments. */
static void extra_operands(const pa_op *o, int out[4])
{
    out[0] = o->addr;
    out[1] = o->stored;
    out[2] = o->ret_value;
    out[3] = o->realloc_src;
}

static void count_op_uses(const pa_function *f, const pa_op *o, int *cnt)
{
    for (size_t i = 0; i < o->nargs && o->args; i++)
        if (pa_value_ok(f, o->args[i]))
            cnt[o->args[i]]++;
    int extra[4];
    extra_operands(o, extra);
    for (int k = 0; k < 4; k++)
        if (pa_value_ok(f, extra[k]))
            cnt[extra[k]]++;
}

static void fill_op_uses(const pa_function *f, const pa_op *o, int op, int *pos, int *items)
{
    for (size_t i = 0; i < o->nargs && o->args; i++)
        if (pa_value_ok(f, o->args[i]))
            items[pos[o->args[i]]++] = op;
    int extra[4];
    extra_operands(o, extra);
    for (int k = 0; k < 4; k++)
        if (pa_value_ok(f, extra[k]))
            items[pos[extra[k]]++] = op;
}

/* An address only measured (p - q) neither derives nor publishes p. */
static bool derives_inputs(const pa_value *v)
{
    return v->kind == PA_VAL_MERGE || (v->kind == PA_VAL_ARITH && v->arith != PA_ARITH_ADDR);
}

static void count_derived(const pa_function *f, const pa_value *v, int *cnt)
{
    if (v->kind == PA_VAL_DERIVED && pa_value_ok(f, v->base))
        cnt[v->base]++;
    if (derives_inputs(v))
        for (size_t i = 0; i < v->ninputs && v->inputs; i++)
            if (pa_value_ok(f, v->inputs[i]))
                cnt[v->inputs[i]]++;
}

static void fill_derived(const pa_function *f, const pa_value *v, int id, int *pos, int *items)
{
    if (v->kind == PA_VAL_DERIVED && pa_value_ok(f, v->base))
        items[pos[v->base]++] = id;
    if (derives_inputs(v))
        for (size_t i = 0; i < v->ninputs && v->inputs; i++)
            if (pa_value_ok(f, v->inputs[i]))
                items[pos[v->inputs[i]]++] = id;
}

int esc_build_uses(esc_ctx *c, const pa_function *f)
{
    size_t nv = f->nvalues;
    int *derived_pos = calloc(nv + 1, sizeof *derived_pos); /* counts, then fill cursors */
    int *user_pos = calloc(nv + 1, sizeof *user_pos);
    int rc = -1;
    if (!derived_pos || !user_pos)
        goto done;
    for (size_t u = 0; u < nv; u++)
        count_derived(f, &f->values[u], derived_pos);
    for (size_t o = 0; o < f->nops; o++)
        count_op_uses(f, &f->ops[o], user_pos);
    size_t derived_total = 0, user_total = 0;
    for (size_t v = 0; v < nv; v++) {
        c->derived_start[v] = (int)derived_total;
        c->user_start[v] = (int)user_total;
        derived_total += (size_t)derived_pos[v];
        user_total += (size_t)user_pos[v];
        derived_pos[v] = c->derived_start[v];
        user_pos[v] = c->user_start[v];
    }
    c->derived_start[nv] = (int)derived_total;
    c->user_start[nv] = (int)user_total;
    free(c->derived_items);
    free(c->user_items);
    c->derived_items = malloc((derived_total ? derived_total : 1) * sizeof *c->derived_items);
    c->user_items = malloc((user_total ? user_total : 1) * sizeof *c->user_items);
    if (!c->derived_items || !c->user_items)
        goto done;
    for (size_t u = 0; u < nv; u++)
        fill_derived(f, &f->values[u], (int)u, derived_pos, c->derived_items);
    for (size_t o = 0; o < f->nops; o++)
        fill_op_uses(f, &f->ops[o], (int)o, user_pos, c->user_items);
    rc = 0;
done:
    free(derived_pos);
    free(user_pos);
    return rc;
}
