/* passes/escape_facts.c — what a call to a module function does with its
 * pointers: per-function facts (allocates, returns_allocation and its size,
 * frees_params, captures_params) that callers read through call ops and
 * that escape.c iterates to a fixpoint, and their summary JSON. Part of
 * passes/escape.c; tested by tests/test_escape.c. */
#include "escape_internal.h"

#include <stdlib.h>
#include <string.h>

const esc_facts *esc_callee_facts(const esc_ctx *c, const pa_op *o, int *index)
{
    if (index)
        *index = PA_NONE;
    /* Unlinked callee indices are not trusted: an unknown callee is the safe answer. */
    if (!c->m->calls_linked || !pa_op_callee(c->m, o))
        return NULL;
    int fi = o->callee_fn;
    if (!c->facts[fi].defined)
        return NULL;
    if (index)
        *index = fi;
    return &c->facts[fi];
}

/* Functions of other files whose results a function returns (esc_facts
 * fresh_from), gathered over its returns. */
typedef struct fresh_from_set {
    const char *names[ESC_FRESH_FROM_MAX];
    unsigned n;
    bool null_answer; /* a function of this file among them returns NULL as an answer */
} fresh_from_set;

static bool add_fresh_from(fresh_from_set *set, const char *name)
{
    for (unsigned i = 0; i < set->n; i++)
        if (strcmp(set->names[i], name) == 0)
            return true;
    if (set->n == ESC_FRESH_FROM_MAX)
        return false;
    set->names[set->n++] = name;
    return true;
}

/* A returned call result that is not a site of this function: the call of
 * a function of another file (direct), or of one of this file that itself
 * returns only such results, adds those functions to set. False when the
 * value is anything else, or the set is full. */
static bool returns_other_files_result(esc_ctx *c, const pa_value *pv, fresh_from_set *set)
{
    const pa_function *f = c->f;
    if (pv->kind != PA_VAL_CALL || pv->def_op < 0 || (size_t)pv->def_op >= f->nops)
        return false;
    const pa_op *o = &f->ops[pv->def_op];
    if (o->kind != PA_OP_CALL || !o->callee ||
        (o->call_flags & (PA_CALL_INDIRECT | PA_CALL_INTRINSIC)))
        return false;
    if (!(o->call_flags & PA_CALL_DEFINED_HERE))
        return add_fresh_from(set, o->callee);
    const esc_facts *ff = esc_callee_facts(c, o, NULL);
    if (!ff || ff->returns_allocation || ff->nfresh_from == 0)
        return false;
    set->null_answer |= ff->null_answer;
    for (unsigned i = 0; i < ff->nfresh_from; i++)
        if (!add_fresh_from(set, ff->fresh_from[i]))
            return false;
    return true;
}

/* Is value v, tested against NULL, what the caller handed in or what a
 * call returned (a parameter, an allocation, another function's result)? */
static bool null_tested_input(const pa_function *f, int v)
{
    for (int step = 0; step < 8 && pa_value_ok(f, v); step++) {
        const pa_value *pv = &f->values[v];
        if (pv->kind == PA_VAL_DERIVED && pv->offset == 0) {
            v = pv->base;
            continue;
        }
        return pv->kind == PA_VAL_ARG || pv->kind == PA_VAL_ALLOC || pv->kind == PA_VAL_CALL;
    }
    return false;
}

/* Is a NULL the function returns, flowing out of block b into block `to`
 * (PA_NONE: b returns it itself), there because a parameter or a call's
 * result was NULL: `if (!s) return NULL;`, a failed allocation? Then a
 * caller that passes real input gets fresh memory on each call. Otherwise
 * NULL is an answer (nothing found, no such node) and the function
 * allocates on some calls only. Looks up at most three blocks. */
static bool null_for_null_input(const pa_function *f, int b, int to)
{
    for (int step = 0; step < 3 && pa_block_ok(f, b); step++) {
        const pa_block *pb = &f->blocks[b];
        if (to != PA_NONE && pb->cond_value != PA_NONE && pb->zero_succ >= 0 &&
            (size_t)pb->zero_succ < pb->nsuccs && pb->succs && pb->succs[pb->zero_succ] == to)
            return null_tested_input(f, pb->cond_value);
        to = b;
        b = pa_block_single_pred(f, b, PA_NONE);
    }
    return false;
}

/* Is the value returned by a RET fresh memory from sites of this function
 * that escape only by being returned? Leaves are collected through casts
 * and merges; null constants are allowed. Merges the leaves' sizes into
 * *bytes and *size_param (*any: a leaf was seen before). A leaf that is
 * another file's function's result goes into *from instead; with
 * null_answer, a NULL that is an answer rather than the echo of a NULL
 * input sets it (a walk up the blocks per NULL: only asked again of a
 * function found fresh). */
static bool returns_fresh(esc_ctx *c, const pa_op *ret, int64_t *bytes, int *size_param, bool *any,
                          fresh_from_set *from, bool *null_answer)
{
    int ret_value = ret->ret_value;
    const pa_function *f = c->f;
    c->scratch_stamp++;
    size_t n = 0;
    int *stackv = c->scratch;
    if (!pa_value_ok(f, ret_value))
        return false;
    stackv[n++] = ret_value;
    c->scratch_seen[ret_value] = c->scratch_stamp;
    if (null_answer && f->values[ret_value].kind == PA_VAL_CONST &&
        !null_for_null_input(f, ret->block, PA_NONE))
        *null_answer = true;
    while (n > 0) {
        int v = stackv[--n];
        if (--c->budget < 0)
            return false;
        const pa_value *pv = &f->values[v];
        if (pv->kind == PA_VAL_CONST)
            continue;
        if (pv->kind == PA_VAL_DERIVED) {
            if (pv->offset != 0 || !pa_value_ok(f, pv->base))
                return false; /* p + header: not what free() takes */
            if (c->scratch_seen[pv->base] != c->scratch_stamp) {
                c->scratch_seen[pv->base] = c->scratch_stamp;
                stackv[n++] = pv->base;
            }
            continue;
        }
        if (pv->kind == PA_VAL_MERGE) {
            for (size_t k = 0; k < pv->ninputs && pv->inputs; k++) {
                int u = pv->inputs[k];
                if (!pa_value_ok(f, u))
                    return false;
                if (null_answer && f->values[u].kind == PA_VAL_CONST &&
                    !(pv->in_blocks && null_for_null_input(f, pv->in_blocks[k], pv->def_block)))
                    *null_answer = true;
                if (c->scratch_seen[u] != c->scratch_stamp && n < c->max_values) {
                    c->scratch_seen[u] = c->scratch_stamp;
                    stackv[n++] = u;
                }
            }
            continue;
        }
        int si = c->site_of_value[v];
        if (si < 0 && returns_other_files_result(c, pv, from))
            continue;
        if (si < 0 || (size_t)si >= c->nsites)
            return false;
        const esc_site *s = &c->sites[si];
        if (!s->analysed || s->via_mask != ESC_VIA_RETURN || s->grows_existing)
            return false;
        if (!*any) {
            *bytes = s->bytes;
            *size_param = s->size_param;
        } else {
            if (*bytes != s->bytes)
                *bytes = PA_UNKNOWN_SIZE;
            if (*size_param != s->size_param)
                *size_param = PA_NONE;
        }
        *any = true;
    }
    return true;
}

/* Is the result of call op i stored into memory (`obj->list =
 * list_copy(...)`)? A pointer a callee made and the object keeps. */
static bool result_stored(const pa_function *f, const pa_op *call)
{
    if (!pa_value_ok(f, call->result))
        return false;
    for (size_t i = 0; i < f->nops; i++)
        if (f->ops[i].kind == PA_OP_STORE && f->ops[i].stored == call->result)
            return true;
    return false;
}

/* Allocation sites of this function, calls to functions that allocate, and
 * pointers from callees it cannot see that it stores (a copy made in another
 * file): more than one and the returned object is built, not merely
 * allocated. */
static unsigned allocations_made(esc_ctx *c)
{
    const pa_function *f = c->f;
    unsigned n = 0;
    for (size_t i = 0; i < f->nops && n < 2; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind == PA_OP_ALLOC) {
            n++;
        } else if (o->kind == PA_OP_CALL && !(o->call_flags & PA_CALL_INTRINSIC)) {
            const esc_facts *ff = esc_callee_facts(c, o, NULL);
            if (ff ? ff->allocates : result_stored(f, o))
                n++;
        }
    }
    return n;
}

/* Does some return of c->f, a function found fresh, hand back NULL as an
 * answer (returns_fresh's second walk, which judges its NULLs)? */
static bool returns_null_as_answer(esc_ctx *c)
{
    const pa_function *f = c->f;
    bool null_answer = false;
    for (size_t i = 0; i < f->nops && !null_answer; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_RET || !pa_block_ok(f, o->block))
            continue;
        fresh_from_set from = {{NULL}, 0, false}; /* known from the first walk */
        int64_t bytes = PA_UNKNOWN_SIZE;
        int size_param = PA_NONE;
        bool any = false;
        if (!returns_fresh(c, o, &bytes, &size_param, &any, &from, &null_answer))
            return true; /* over budget: not known to be fresh on every call */
    }
    return null_answer;
}

void esc_compute_returns_allocation(esc_ctx *c, esc_facts *ff)
{
    const pa_function *f = c->f;
    bool any = false, all = true, saw_ret = false;
    int64_t bytes = PA_UNKNOWN_SIZE;
    int size_param = PA_NONE;
    fresh_from_set from = {{NULL}, 0, false};
    for (size_t i = 0; i < f->nops && all; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_RET || !pa_block_ok(f, o->block))
            continue;
        saw_ret = true;
        if (!returns_fresh(c, o, &bytes, &size_param, &any, &from, NULL))
            all = false;
    }
    /* Only what the advisor can use: one block handed on, no structure. */
    bool conditional = saw_ret && all && from.n > 0 && allocations_made(c) <= 1;
    ff->nfresh_from = conditional ? from.n : 0;
    for (unsigned i = 0; i < ff->nfresh_from; i++)
        ff->fresh_from[i] = from.names[i];
    ff->returns_allocation = saw_ret && all && any && from.n == 0;
    ff->builds_structure = ff->returns_allocation && allocations_made(c) > 1;
    /* The NULLs judged only now, for a function found fresh. */
    ff->null_answer = (ff->returns_allocation || ff->nfresh_from > 0) &&
                      (from.null_answer || returns_null_as_answer(c));
    ff->ret_bytes = ff->returns_allocation ? bytes : PA_UNKNOWN_SIZE;
    ff->ret_size_param = ff->returns_allocation ? size_param : PA_NONE;
}

static bool frees_beyond_params(const esc_ctx *c, const pa_function *f, const esc_facts *nf);

void esc_compute_param_facts(esc_ctx *c, esc_facts *nf)
{
    const pa_function *f = c->f;
    int *roots = malloc((f->nvalues ? f->nvalues : 1) * sizeof *roots);
    if (!roots) {
        c->oom = true;
        return;
    }
    for (unsigned p = 0; p < nf->nparams; p++) {
        size_t nroots = 0;
        for (size_t v = 0; v < f->nvalues; v++)
            if (f->values[v].kind == PA_VAL_ARG && f->values[v].param_index == (int)p &&
                f->values[v].is_pointer)
                roots[nroots++] = (int)v;
        nf->captures[p] = 0;
        nf->frees[p] = 0;
        nf->may_free[p] = 0;
        if (nroots == 0)
            continue;
        esc_flow fl;
        if (!esc_analyse_values(c, &fl, roots, nroots)) {
            nf->captures[p] = 1;
            nf->may_free[p] = 1;
            continue;
        }
        nf->captures[p] = fl.via_mask != 0;
        /* Kept anywhere, it may be freed later: only a pointer that stays in
         * the call and reaches no free is proven nofree. */
        nf->may_free[p] = fl.via_mask != 0 || fl.has_free || fl.has_maybe_free ||
                          fl.reallocated || fl.callee_may_free;
        if (fl.has_free && f->nblocks > 0) {
            esc_check_paths(c, &fl, 0, 0, PA_NONE, PA_NONE, false);
            nf->frees[p] = fl.freed_all;
        }
    }
    free(roots);
    nf->frees_more = frees_beyond_params(c, f, nf);
}

/* More free()s (direct, or through callees that free) than parameters it
 * frees: it also releases what its parameters own (list_destroy frees the
 * elements, the array and the list). Replacing the object with a stack
 * array would leave those to the caller. */
static bool frees_beyond_params(const esc_ctx *c, const pa_function *f, const esc_facts *nf)
{
    unsigned freed_params = 0, free_ops = 0;
    for (unsigned p = 0; p < nf->nparams; p++)
        freed_params += nf->frees[p] || nf->may_free[p];
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind == PA_OP_FREE) {
            free_ops++;
            continue;
        }
        const esc_facts *ff = o->kind == PA_OP_CALL ? esc_callee_facts(c, o, NULL) : NULL;
        for (unsigned a = 0; ff && a < ff->nparams; a++)
            if (ff->frees[a]) {
                free_ops++;
                break;
            }
    }
    return free_ops > freed_params;
}

bool esc_facts_equal(const esc_facts *a, const esc_facts *b)
{
    if (a->allocates != b->allocates || a->returns_allocation != b->returns_allocation ||
        a->frees_more != b->frees_more || a->builds_structure != b->builds_structure ||
        a->ret_bytes != b->ret_bytes || a->ret_size_param != b->ret_size_param ||
        a->nfresh_from != b->nfresh_from || a->null_answer != b->null_answer)
        return false;
    for (unsigned i = 0; i < a->nfresh_from; i++)
        if (strcmp(a->fresh_from[i], b->fresh_from[i]) != 0)
            return false;
    for (unsigned p = 0; p < a->nparams; p++)
        if (a->frees[p] != b->frees[p] || a->captures[p] != b->captures[p] ||
            a->may_free[p] != b->may_free[p])
            return false;
    return true;
}

/* ---- summary JSON -------------------------------------------------------- */

/* A second run on the same report replaces its keys instead of duplicating them. */
static void replace_item(cJSON *obj, const char *key, cJSON *item)
{
    if (!item)
        return;
    cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
    cJSON_AddItemToObject(obj, key, item);
}

/* The parameter indexes whose flag is set, as a JSON array. */
static cJSON *param_list(const unsigned char *flags, unsigned n)
{
    cJSON *arr = cJSON_CreateArray();
    for (unsigned p = 0; arr && p < n; p++)
        if (flags[p])
            cJSON_AddItemToArray(arr, cJSON_CreateNumber(p));
    return arr;
}

int esc_write_summaries(const esc_ctx *c, pa_report *out)
{
    for (size_t i = 0; i < c->m->nfunctions; i++) {
        const esc_facts *ff = &c->facts[i];
        if (!ff->defined)
            continue;
        cJSON *s = pa_report_summary(out, c->m->functions[i]);
        if (!s)
            return -1;
        replace_item(s, "allocates", cJSON_CreateBool(ff->allocates));
        replace_item(s, "returns_allocation", cJSON_CreateBool(ff->returns_allocation));
        /* Only when true: the advisor's cross-TU loop-alloc join drops a
         * constructor (its object owns more blocks), and most files have none. */
        cJSON_DeleteItemFromObjectCaseSensitive(s, "builds_structure");
        if (ff->builds_structure && !cJSON_AddTrueToObject(s, "builds_structure"))
            return -1;
        cJSON_DeleteItemFromObjectCaseSensitive(s, "returns_null_answer");
        if (ff->null_answer && !cJSON_AddTrueToObject(s, "returns_null_answer"))
            return -1;
        cJSON_DeleteItemFromObjectCaseSensitive(s, "returns_fresh_from");
        if (ff->nfresh_from > 0) {
            cJSON *names = cJSON_CreateStringArray(ff->fresh_from, (int)ff->nfresh_from);
            if (!names || !cJSON_AddItemToObject(s, "returns_fresh_from", names)) {
                cJSON_Delete(names);
                return -1;
            }
        }
        replace_item(s, "frees_params", param_list(ff->frees, ff->nparams));
        replace_item(s, "captures_params", param_list(ff->captures, ff->nparams));
        replace_item(s, "may_free_params", param_list(ff->may_free, ff->nparams));
    }
    return 0;
}
