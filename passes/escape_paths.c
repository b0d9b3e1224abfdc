/* passes/escape_paths.c — "freed on every path": one walk of the CFG from an
 * allocation, where a path ends at a free, at an unreachable end, on the
 * null branch of a check of the pointer, or at a return (a leak), with
 * exceptional paths kept apart. Part of passes/escape.c. */
#include "escape_internal.h"

static void visit_block(esc_ctx *c, int b, bool exc, size_t *sp)
{
    unsigned *seen = &c->walk_seen[(size_t)b * 2 + (exc ? 1 : 0)];
    if (*seen == c->walk_stamp)
        return;
    *seen = c->walk_stamp;
    c->walk_stack[(*sp)++] = (b << 1) | (exc ? 1 : 0);
}

/* Does the walk of ops from `pos` in block b stop (freed)? Sets crosses when
 * the site op runs again on the way. */
static bool block_frees(esc_ctx *c, esc_flow *fl, int b, size_t pos, int site_op)
{
    const pa_block *blk = &c->f->blocks[b];
    for (size_t k = pos; k < blk->nops && blk->ops; k++) {
        int op = blk->ops[k];
        if (!pa_op_ok(c->f, op))
            continue;
        if (c->frees_it[op] == c->closure_stamp ||
            (c->count_may_frees && c->may_free_it[op] == c->closure_stamp))
            return true;
        if (op == site_op)
            fl->crosses_iterations = true;
    }
    return false;
}

/* Successor index that a null check of "it" proves to be the null path (or
 * the failure path of an out-parameter allocator), PA_NONE otherwise. */
static int freed_successor(const esc_ctx *c, const pa_block *blk, int status_value)
{
    if (blk->nsuccs != 2 || (blk->zero_succ != 0 && blk->zero_succ != 1))
        return PA_NONE;
    if (esc_is_must_alias(c, blk->cond_value))
        return blk->zero_succ;
    if (status_value != PA_NONE && blk->cond_value == status_value)
        return 1 - blk->zero_succ; /* non-zero status: nothing was allocated */
    return PA_NONE;
}

void esc_check_paths(esc_ctx *c, esc_flow *fl, int start_block, size_t start_pos, int site_op,
                     int status_value, bool skip_unwind)
{
    const pa_function *f = c->f;
    bool leak_normal = false;
    c->walk_stamp++;
    size_t sp = 0;
    bool first = true;
    int b = start_block;
    bool exc = false;
    size_t pos = start_pos;
    for (;;) {
        if (--c->budget < 0) {
            leak_normal = true; /* out of budget: say "not freed", the safe answer */
            break;
        }
        const pa_block *blk = &f->blocks[b];
        if (!block_frees(c, fl, b, pos, site_op)) {
            if (blk->unreachable) {
                /* noreturn path: nothing leaks */
            } else if (blk->returns || blk->nsuccs == 0) {
                if (exc)
                    fl->leaks_on_exception = true;
                else
                    leak_normal = true;
            } else {
                int skip = freed_successor(c, blk, status_value);
                for (size_t i = 0; i < blk->nsuccs && blk->succs; i++) {
                    int s = blk->succs[i];
                    if ((int)i == skip || !pa_block_ok(f, s))
                        continue;
                    if (first && skip_unwind && f->blocks[s].eh_pad)
                        continue;
                    visit_block(c, s, exc || f->blocks[s].eh_pad, &sp);
                }
            }
        }
        first = false;
        if (sp == 0)
            break;
        int e = c->walk_stack[--sp];
        b = e >> 1;
        exc = (e & 1) != 0;
        pos = 0;
    }
    fl->freed_all = !leak_normal;
}
