/* passes/locks_check.c — the findings client of the held-lock engine: what
 * the held-lock states of one function mean: double locks, locks held at
 * return, blocking calls, allocations and lock/unlock pairs in loops inside
 * critical sections, read-only critical sections, nested-acquisition edges
 * for locks_order.c, and the function's summary facts in the findings
 * file. Driven by passes/locks.c; tested by tests/test_locks.c. */
#include "locks_check.h"
#include "util.h"

#include "catalog.h"
#include "cxx_names.h"
#include "locks_engine.h"
#include "locks_null.h"
#include "locks_evidence.h"
#include "locks_facts.h"
#include "locks_local_build.h"
#include "profile.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct check_ctx {
    lk_facts facts; /* shared with the summary client */
    pa_report *out;
    lk_order *order;
    unsigned *reported;         /* per op: 1 << finding kind already reported here */
    int *loop_reported;         /* per instance: lock-in-loop already reported for this loop */
    bool *released;             /* per instance: released by the call being checked, around
                                   its work or while it waits (nothing it blocks on is under it) */
    bool *dropped;              /* per instance: released by that call around its work, not only
                                   while it waits: what it allocates is not under it */
    unsigned char *reentered;   /* per instance, a REENTRY_ value: a callee takes a lock of its
                                   class while it is held */
    size_t first_report;        /* this function's findings start here in out */
    int local_built[8];         /* stack objects already reported as built under a lock */
    int nlocal_built;
    cJSON *calls, *calls_under; /* JSON summary lists */
    pa_map calls_seen;          /* pa_hash_str(callee) -> an op calling it, for each name in
                                   calls: a big function makes thousands of calls of a few
                                   hundred callees, and cJSON finds and counts by walking */
    int ncalls;                 /* names in calls */
    int *under_at;              /* per op: its entry in calls_under, or -1 (one entry per
                                   call, whatever the number of runs split on flags) */
    cJSON *loop_calls;          /* calls to other TUs' functions once per element (summary) */
    bool *loop_call_noted;      /* per op: already in loop_calls */
} check_ctx;

/* How a callee took a lock of a held instance's class again. */
enum {
    REENTRY_NONE,
    REENTRY_API,   /* a recursive lock held for a whole call, or reached another way */
    REENTRY_DOUBLE /* the very lock, not recursive: a double lock */
};

static const char *inst_name(const lk_df *df, int inst)
{
    return lk_class_name(&df->mc->classes, df->insts[inst].cls);
}

/* The name a message shows for instance inst (lk_sym_display). */
static const char *inst_shown(const lk_df *df, int inst)
{
    return lk_sym_display(&df->mc->classes, &df->insts[inst]);
}

static int check_begin(lk_df *df)
{
    check_ctx *c = df->ctx;
    size_t k = (size_t)(df->ninst ? df->ninst : 1);
    if (lk_facts_init(&c->facts, df) != 0)
        return -1;
    /* In the run's scratch, as the facts: they die with it. */
    c->reported = lk_scratch(df->mc, df->f->nops * sizeof *c->reported);
    c->loop_reported = lk_scratch(df->mc, k * sizeof *c->loop_reported);
    c->released = lk_scratch(df->mc, k * sizeof *c->released);
    c->dropped = lk_scratch(df->mc, k * sizeof *c->dropped);
    c->reentered = lk_scratch(df->mc, k * sizeof *c->reentered);
    if (!c->reported || !c->loop_reported || !c->released || !c->dropped || !c->reentered)
        return -1;
    c->first_report = c->out->count;
    for (size_t i = 0; i < k; i++)
        c->loop_reported[i] = PA_NONE;
    c->calls = cJSON_CreateArray();
    c->calls_under = cJSON_CreateArray();
    c->loop_calls = cJSON_CreateArray();
    c->loop_call_noted = lk_scratch(df->mc, df->f->nops * sizeof *c->loop_call_noted);
    c->under_at = lk_scratch(df->mc, df->f->nops * sizeof *c->under_at);
    if (!c->calls || !c->calls_under || !c->loop_calls || !c->loop_call_noted || !c->under_at)
        return -1;
    for (size_t i = 0; i < df->f->nops; i++)
        c->under_at[i] = -1;
    return 0;
}

static void check_free(check_ctx *c)
{
    lk_facts_free(&c->facts);
    cJSON_Delete(c->calls);
    cJSON_Delete(c->calls_under);
    cJSON_Delete(c->loop_calls);
    pa_map_free(&c->calls_seen);
}

/* ---- evidence helpers ---------------------------------------------------- */

/* How surely some lock other than `except` (and `also`) is held before
 * the current op: every path (must), some path (may), or none. */
typedef enum held_state { HELD_NONE = 0, HELD_MAY, HELD_MUST } held_state;

static held_state held_before(const lk_df *df, int except, const bool *also)
{
    held_state h = HELD_NONE;
    for (int i = 0; i < df->ninst; i++) {
        if (i == except || (also && also[i]) || !lk_bit(df->may, i))
            continue;
        if (lk_bit(df->must, i))
            return HELD_MUST;
        h = HELD_MAY;
    }
    return h;
}

/* Is instance i among the locks a finding lists: held on every path when
 * some lock is (h == HELD_MUST), else held on some path? */
static bool listed(const lk_df *df, int i, int except, const bool *also, held_state h)
{
    if (i == except || (also && also[i]) || !lk_bit(df->may, i))
        return false;
    return h != HELD_MUST || lk_bit(df->must, i);
}

/* "'a', 'b'" for the listed locks, into buf. */
static const char *held_text(const lk_df *df, int except, const bool *also, held_state h, char *buf,
                             size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < df->ninst && used + 8 < n; i++) {
        if (!listed(df, i, except, also, h))
            continue;
        int w = snprintf(buf + used, n - used, "%s'%s'", used ? ", " : "", inst_shown(df, i));
        if (w < 0)
            break;
        used += (size_t)w < n - used ? (size_t)w : n - used - 1;
    }
    return buf;
}

static void add_held_evidence(const lk_df *df, cJSON *ev, int except, const bool *also, held_state h)
{
    cJSON *held = cJSON_AddArrayToObject(ev, "held");
    cJSON *acq = cJSON_AddArrayToObject(ev, "acquired_at");
    for (int i = 0; i < df->ninst; i++) {
        if (!listed(df, i, except, also, h))
            continue;
        if (held)
            cJSON_AddItemToArray(held, cJSON_CreateString(inst_name(df, i)));
        if (acq)
            lk_json_acquired(acq, inst_name(df, i), lk_op_loc(df->f, df->acq[i]));
    }
}

static void add_loop_evidence(const lk_df *df, cJSON *ev, int op)
{
    pa_json_add_loop_facts(ev, df->f, df->f->ops[op].block);
}

static const char *debug_note(const lk_df *df)
{
    return df->mc->m->has_debug_info ? "" : " (compile with -g for lock names and locations)";
}

/* A finding at op unless one of this kind is already there. NULL if not added. */
static pa_finding *report(lk_df *df, pa_finding_kind kind, int op, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static pa_finding *report(lk_df *df, pa_finding_kind kind, int op, const char *fmt, ...)
{
    check_ctx *c = df->ctx;
    if (op < 0 || (c->reported[op] & (1u << kind)))
        return NULL;
    c->reported[op] |= 1u << kind;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pa_finding *fd = pa_report_add(c->out, kind, df->f, op, "%s%s", msg, debug_note(df));
    if (!fd) {
        df->mc->oom = true;
        return NULL;
    }
    if (!df->mc->m->has_debug_info)
        cJSON_AddFalseToObject(fd->evidence, "debug_info");
    return fd;
}

/* ---- per-op checks -------------------------------------------------------- */

static void edge(lk_df *df, int outer, int inner, int op, bool via_call, bool trylock)
{
    check_ctx *c = df->ctx;
    if (outer == inner)
        return;
    const lk_sym *a = &df->insts[outer], *b = &df->insts[inner];
    if (!lk_sym_known(&df->mc->classes, a) || !lk_sym_known(&df->mc->classes, b) || a->cls == b->cls)
        return;
    lk_edge e;
    memset(&e, 0, sizeof e);
    e.outer = a->cls;
    e.inner = b->cls;
    e.fn = df->fc.index;
    e.op = op;
    e.outer_op = df->acq[outer];
    e.via_call = via_call;
    e.trylock = trylock;
    e.callee = via_call ? df->f->ops[op].callee_demangled : NULL;
    /* Everything else held here: a lock common to every edge of a cycle
     * (a gate) keeps the cycle from deadlocking. */
    for (int i = 0; i < df->ninst && e.nheld < LK_EDGE_MAX_HELD; i++)
        if (i != outer && i != inner && lk_bit(df->must, i) &&
            lk_sym_known(&df->mc->classes, &df->insts[i]))
            e.held[e.nheld++] = df->insts[i].cls;
    e.confidence = !lk_bit(df->must, outer) ? LK_CONF_LOW : via_call ? LK_CONF_MEDIUM : LK_CONF_HIGH;
    if (lk_order_add_edge(c->order, &e) != 0)
        df->mc->oom = true;
}

static bool recursive_inst(const lk_df *df, int inst)
{
    const lk_sym *s = &df->insts[inst];
    return s->recursive || lk_class_recursive(&df->mc->classes, s->cls);
}

static void check_double(lk_df *df, int inst, int op, bool shared, const char *callee)
{
    if (!lk_bit(df->may, inst) || recursive_inst(df, inst))
        return;
    if (!lk_sym_known(&df->mc->classes, &df->insts[inst]))
        return;
    int prev = df->acq[inst];
    if (shared && pa_op_ok(df->f, prev) &&
        (df->fx[prev].kind == FX_CALL ? df->insts[inst].shared : df->f->ops[prev].shared))
        return; /* two read locks: allowed */
    bool must = lk_bit(df->must, inst);
    const pa_loc *pl = lk_op_loc(df->f, prev);
    pa_finding *fd;
    char cbuf[512];
    if (callee)
        fd = report(df, PA_F_DOUBLE_LOCK, op,
                    "%s locks '%s', which is %s held here (acquired at %s:%u): a "
                    "non-recursive mutex deadlocks on itself; unlock before the call or "
                    "call a variant that expects the lock held",
                    lk_fn_text(callee, "an indirect call", cbuf, sizeof cbuf), inst_shown(df, inst),
                    must ? "already" : "on some paths", pa_path_basename(pl->file, "?"), pl->line);
    else
        fd = report(df, PA_F_DOUBLE_LOCK, op,
                    "'%s' is locked again while it %s held (acquired at %s:%u): a "
                    "non-recursive mutex deadlocks on itself; unlock it first or lock it once",
                    inst_shown(df, inst), must ? "is already" : "may already be",
                    pa_path_basename(pl->file, "?"), pl->line);
    if (!fd)
        return;
    cJSON_AddStringToObject(fd->evidence, "lock_class", inst_name(df, inst));
    cJSON *acq = cJSON_AddArrayToObject(fd->evidence, "acquired_at");
    if (acq) {
        lk_json_acquired(acq, inst_name(df, inst), pl);
        lk_json_acquired(acq, inst_name(df, inst), lk_op_loc(df->f, op));
    }
    if (callee) {
        cJSON_AddStringToObject(fd->evidence, "callee", callee);
        cJSON *chain = cJSON_AddArrayToObject(fd->evidence, "call_chain");
        if (chain)
            cJSON_AddItemToArray(chain, cJSON_CreateString(callee));
    }
    if (!must)
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "the lock is held on some paths to the second acquisition, not on all");
    else if (callee)
        lk_json_confidence(fd->evidence, LK_CONF_MEDIUM,
                           "held on every path here; the second acquisition is inside the callee, "
                           "through its summary");
    else
        lk_json_confidence(fd->evidence, LK_CONF_HIGH,
                           "held on every path to the second acquisition of the same lock");
}

/* Can block `from` get back to the loop header without leaving the loop?
 * Otherwise the acquisition runs once per loop, not once per iteration. */
static bool iterates(const lk_df *df, int from, int loop)
{
    const pa_function *f = df->f;
    int header = f->loops[loop].header;
    unsigned char *seen = calloc(f->nblocks, 1);
    int *stack = malloc(f->nblocks * sizeof *stack);
    bool found = false;
    size_t sp = 0;
    if (!seen || !stack)
        goto done;
    stack[sp++] = from;
    seen[from] = 1;
    while (sp > 0 && !found) {
        int b = stack[--sp];
        for (size_t s = 0; s < f->blocks[b].nsuccs; s++) {
            int t = f->blocks[b].succs[s];
            if (t == header) {
                found = true;
                break;
            }
            if (!pa_block_ok(f, t) || seen[t] || !pa_block_in_loop(f, t, loop))
                continue;
            seen[t] = 1;
            stack[sp++] = t;
        }
    }
done:
    free(seen);
    free(stack);
    return found;
}

/* Block b's executions per iteration of loop, at most 1 (1 when the
 * header has no frequency). */
static double share_of_iterations(const pa_function *f, int b, int loop)
{
    const pa_block *h = pa_block_at(f, f->loops[loop].header);
    double share = h && h->freq > 0 ? f->blocks[b].freq / h->freq : 1;
    return share <= 1 ? share : 1;
}

/* Does the loop retry a trylock, or wait (a condition wait, sleep, I/O)?
 * A loop that waits for work each time round (a worker thread's main loop)
 * takes its lock per item by design: hoisting it would hold it while
 * waiting. A trylock may be a wrapper's (a call that leaves the lock held
 * only when it returns 0): the loop goes round again after a lost race
 * (libusb's `goto retry` when the event handler went away).
 * min_chance 0: any wait in the loop counts. Above 0: a call of this TU's
 * function that may block counts only when it blocks on at least that
 * share of the iterations (its summary's block chance times the share of
 * iterations that make the call); a wait only when a bounded resource is
 * exhausted (`while (unlikely(full)) cnd_wait`) is not a wait per element.
 * A trylock, or a wait in the loop's own body, always counts. */
static bool loop_retries_or_waits(const lk_df *df, int loop, double min_chance)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops; i++) {
        const lk_fx *x = &df->fx[i];
        if (!pa_block_in_loop(f, f->ops[i].block, loop))
            continue;
        bool trylock = x->kind == FX_TRY || (x->kind == FX_CALL && x->acq_on_zero && !x->acq_checked);
        if (trylock || x->blocking)
            return true;
        if (!x->block_via_call)
            continue;
        if (x->kind != FX_CALL || min_chance <= 0 ||
            share_of_iterations(f, f->ops[i].block, loop) * df->mc->sums[x->callee].block_prob >=
                min_chance)
            return true;
    }
    return false;
}

/* ---- loop-invariant branches ---------------------------------------------
 * A branch on a value fixed before the loop (`if (multi)` for a flag set
 * once) takes the same side on every iteration of a given run of the loop.
 * A block on one side then runs on every iteration of the runs that take
 * that side, though its frequency is a share of the header's; and a
 * variable the other side reassigns (an SSA merge at the header) keeps, on
 * this side, the value it had before the loop. */

static bool invariant_in_loop(const pa_function *f, int v, int loop);

#define LK_MAX_SIDES 8           /* invariant branches above one block */
#define LK_MAX_SIDE_BRANCHES 32  /* invariant branches of a loop looked at */
#define LK_SIDE_MIN_SHARE 0.1    /* a side the code marks unlikely (a debug mode) is
                                  * rare runs, not a side to scale up to every run */

/* The sides of invariant branches every path to one block goes through, in
 * one iteration: branch block, successor taken, and the share of the
 * branch's executions that take it (0 when unknown). */
typedef struct lk_sides {
    int n;
    int branch[LK_MAX_SIDES];
    int taken[LK_MAX_SIDES];
    double share[LK_MAX_SIDES];
} lk_sides;

/* Does block b, in loop (not a nested one), branch two ways on values that
 * are the same on every iteration: a flag, or a comparison of such values
 * (an operand PA_NONE is a constant)? */
static bool branch_invariant(const pa_function *f, int b, int loop)
{
    const pa_block *pb = &f->blocks[b];
    if (pb->nsuccs != 2 || pb->succs[0] == pb->succs[1] || pa_block_loop(f, b) != loop)
        return false;
    if (pb->cond_value != PA_NONE)
        return pa_value_ok(f, pb->cond_value) && invariant_in_loop(f, pb->cond_value, loop);
    if (pb->cmp_lhs == PA_NONE && pb->cmp_rhs == PA_NONE)
        return false;
    return (pb->cmp_lhs == PA_NONE || invariant_in_loop(f, pb->cmp_lhs, loop)) &&
           (pb->cmp_rhs == PA_NONE || invariant_in_loop(f, pb->cmp_rhs, loop));
}

/* Is edge from -> to one of the untaken sides (branch -> the other
 * successor) of sides? */
static bool side_cut(const pa_function *f, const lk_sides *sd, int from, int to)
{
    for (int i = 0; i < sd->n; i++) {
        if (sd->branch[i] != from)
            continue;
        const pa_block *pb = &f->blocks[from];
        for (size_t k = 0; k < pb->nsuccs; k++)
            if (pb->succs[k] == to && to != sd->taken[i])
                return true;
    }
    return false;
}

/* The blocks of loop one iteration runs, from the header up to (not
 * across) the back edges, never along edge cut_from -> cut_to nor an
 * untaken side of sd (either may be absent). live must hold f->nblocks
 * bytes; stack f->nblocks ints. */
static void iteration_blocks(const pa_function *f, int loop, const lk_sides *sd, int cut_from,
                             int cut_to, unsigned char *live, int *stack)
{
    int header = f->loops[loop].header;
    size_t sp = 0;
    memset(live, 0, f->nblocks);
    live[header] = 1;
    stack[sp++] = header;
    while (sp > 0) {
        int b = stack[--sp];
        const pa_block *pb = &f->blocks[b];
        for (size_t k = 0; k < pb->nsuccs; k++) {
            int t = pb->succs[k];
            if (!pa_block_ok(f, t) || live[t] || t == header || !pa_block_in_loop(f, t, loop) ||
                (b == cut_from && t == cut_to) || (sd && side_cut(f, sd, b, t)))
                continue;
            live[t] = 1;
            stack[sp++] = t;
        }
    }
}

/* The invariant branches of loop whose one side every path to block b in
 * an iteration takes. False when out of memory (sd then empty). */
static bool invariant_sides(const pa_function *f, int b, int loop, lk_sides *sd)
{
    sd->n = 0;
    int header = f->loops[loop].header;
    if (!pa_block_ok(f, header) || b == header)
        return true;
    unsigned char *live = malloc(f->nblocks);
    int *stack = malloc(f->nblocks * sizeof *stack);
    if (!live || !stack) {
        free(live);
        free(stack);
        return false;
    }
    int looked = 0;
    for (size_t br = 0; br < f->nblocks && sd->n < LK_MAX_SIDES && looked < LK_MAX_SIDE_BRANCHES;
         br++) {
        if (!branch_invariant(f, (int)br, loop))
            continue;
        looked++;
        const pa_block *pb = &f->blocks[br];
        for (size_t k = 0; k < pb->nsuccs; k++) {
            int s = pb->succs[k];
            if (!pa_block_ok(f, s) || s == header || !pa_block_in_loop(f, s, loop))
                continue;
            iteration_blocks(f, loop, NULL, (int)br, s, live, stack);
            if (live[b])
                continue; /* b is reached without this side */
            const pa_block *ps = &f->blocks[s];
            bool only_pred = pa_block_single_pred(f, s, loop) == (int)br;
            sd->branch[sd->n] = (int)br;
            sd->taken[sd->n] = s;
            sd->share[sd->n] = only_pred && pb->freq > 0 && ps->freq <= pb->freq ? ps->freq / pb->freq : 0;
            sd->n++;
            break;
        }
    }
    free(live);
    free(stack);
    return true;
}

/* Block b's executions per run of its loop that takes the sides of the
 * invariant branches above it: its frequency over the share of each side
 * (a side the code marks unlikely, or of unknown share, is not scaled). */
static double freq_on_its_sides(const pa_function *f, int b, int loop)
{
    double freq = f->blocks[b].freq;
    lk_sides sd;
    if (!invariant_sides(f, b, loop, &sd))
        return freq;
    for (int i = 0; i < sd.n; i++)
        if (sd.share[i] >= LK_SIDE_MIN_SHARE)
            freq /= sd.share[i];
    return freq;
}

/* Is v, on the sides sd of loop, the same value as the header merge
 * `header_merge`: the merge itself, or a merge in the loop whose every
 * input on an edge those sides run (live) is? A select counts when all of
 * its inputs are. */
#define LK_SIDE_MERGE_STEPS 256 /* merges looked at for one argument: a bound, not a limit
                                  * real code reaches (a few merges per side) */

static bool same_on_sides(const pa_function *f, int v, int header_merge, int loop,
                          const lk_sides *sd, const unsigned char *live, int *steps)
{
    int64_t off = 0;
    v = pa_value_root(f, v, &off);
    if (v == header_merge)
        return off == 0;
    const pa_value *pv = pa_value_at(f, v);
    if (!pv || off != 0 || pv->kind != PA_VAL_MERGE || ++*steps > LK_SIDE_MERGE_STEPS ||
        !pa_block_ok(f, pv->def_block) || !pa_block_in_loop(f, pv->def_block, loop) ||
        pv->def_block == f->loops[loop].header)
        return false;
    int used = 0;
    for (size_t i = 0; i < pv->ninputs; i++) {
        if (pv->in_blocks) {
            int from = pv->in_blocks[i];
            if (!pa_block_ok(f, from))
                return false;
            if (!live[from] || side_cut(f, sd, from, pv->def_block))
                continue; /* an edge of the other side: never taken in these runs */
        }
        if (!same_on_sides(f, pv->inputs[i], header_merge, loop, sd, live, steps))
            return false;
        used++;
    }
    return used > 0;
}

/* Is v, at block b of loop, the same on every iteration of the runs that
 * reach b? Either the same on every iteration (invariant_in_loop), or a
 * merge at the header whose every value from inside the loop, on the sides
 * of the invariant branches above b, is the merge itself: a destination
 * the other side reassigns keeps its value from before the loop here. */
static bool invariant_at(const pa_function *f, int v, int b, int loop)
{
    if (invariant_in_loop(f, v, loop))
        return true;
    int64_t off = 0;
    int root = pa_value_root(f, v, &off);
    const pa_value *r = pa_value_at(f, root);
    int header = f->loops[loop].header;
    if (!r || off == PA_UNKNOWN_SIZE || r->kind != PA_VAL_MERGE || !r->in_blocks ||
        r->def_block != header)
        return false;
    lk_sides sd;
    if (!invariant_sides(f, b, loop, &sd) || sd.n == 0)
        return false;
    unsigned char *live = malloc(f->nblocks);
    int *stack = malloc(f->nblocks * sizeof *stack);
    bool same = live && stack;
    if (same)
        iteration_blocks(f, loop, &sd, PA_NONE, PA_NONE, live, stack);
    int entries = 0, steps = 0;
    for (size_t i = 0; same && i < r->ninputs; i++) {
        int from = r->in_blocks[i];
        if (!pa_block_ok(f, from)) {
            same = false;
        } else if (!pa_block_in_loop(f, from, loop)) {
            entries++; /* the value the loop starts with */
        } else if (live[from] && !side_cut(f, &sd, from, header)) {
            same = same_on_sides(f, r->inputs[i], root, loop, &sd, live, &steps);
        }
    }
    free(live);
    free(stack);
    return same && entries > 0;
}

/* Does block b run on most iterations of loop? A lock taken only on a
 * rare branch (a debug log) is not a lock taken per iteration. On the side
 * of a loop-invariant branch, "iterations" are those of the runs that
 * take that side. */
static bool on_most_iterations(const lk_df *df, int b, int loop)
{
    const pa_function *f = df->f;
    const pa_block *h = pa_block_at(f, f->loops[loop].header);
    if (!h || !(h->freq > 0))
        return false;
    /* The walks for the sides only when the frequency alone falls short. */
    return f->blocks[b].freq >= 0.5 * h->freq || freq_on_its_sides(f, b, loop) >= 0.5 * h->freq;
}

/* Does the loop call unknown code (through a function pointer) in a block
 * entered without lock inst held? Then the lock is dropped around a
 * callback on purpose: holding it across the loop would run that code
 * under it, which may take the lock itself. */
static bool calls_back_unlocked(const lk_df *df, int inst, int loop)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_CALL || o->callee || (o->call_flags & PA_CALL_INTRINSIC) ||
            !pa_block_in_loop(f, o->block, loop) || !df->visited[o->block])
            continue;
        if (!lk_bit(df->in_may + (size_t)o->block * df->nwords, inst))
            return true;
    }
    return false;
}

/* Does the loop call unknown code (through a function pointer)? */
static bool loop_calls_indirect(const pa_function *f, int loop)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind == PA_OP_CALL && !o->callee && !(o->call_flags & PA_CALL_INTRINSIC) &&
            pa_block_in_loop(f, o->block, loop))
            return true;
    }
    return false;
}

/* "n iterations", "8 iterations", "at most N iterations" or "unknown trip count". */
static void trips_text(const pa_loop *l, char *buf, size_t n)
{
    if (l->trip_count > 0)
        snprintf(buf, n, "%lld iterations", (long long)l->trip_count);
    else if (l->trip_text)
        snprintf(buf, n, "%.40s iterations", l->trip_text);
    else if (l->max_trip_text)
        snprintf(buf, n, "at most %.40s iterations", l->max_trip_text);
    else
        snprintf(buf, n, "unknown trip count");
}

/* Is the stack object `slot` written inside the loop: a store into it, or
 * a call handed its address that may write through it (`++it` on an
 * iterator the front end keeps in memory)? */
static bool slot_advanced_in_loop(const pa_function *f, int slot, int loop)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (!pa_block_in_loop(f, o->block, loop))
            continue;
        if (o->kind == PA_OP_STORE && pa_value_ok(f, o->addr) &&
            pa_value_root(f, o->addr, NULL) == slot)
            return true;
        for (size_t a = 0; o->kind == PA_OP_CALL && a < o->nargs; a++)
            if (!(o->arg_flags && (o->arg_flags[a] & PA_ARG_READONLY)) &&
                pa_value_ok(f, o->args[a]) && pa_value_root(f, o->args[a], NULL) == slot)
                return true;
    }
    return false;
}

/* Is v's root a stack slot the loop writes (slot_advanced_in_loop)? */
static bool advanced_stack_slot(const pa_function *f, int v, int loop)
{
    int at = pa_value_ok(f, v) ? pa_value_root(f, v, NULL) : PA_NONE;
    const pa_value *a = pa_value_at(f, at);
    return a && a->kind == PA_VAL_STACK && slot_advanced_in_loop(f, at, loop);
}

#define LK_VARIES_DEPTH 6 /* loads and getter calls followed back to the iterator */

/* Does v name another object on each iteration of loop: one reached from
 * a value the loop advances (a phi of the loop, an iterator kept in a
 * stack slot the loop writes), through loads and through calls handed
 * such a value (`op_ref.get()` of `*it`)? Parameters, globals and values
 * made before the loop stay the same; so does a getter handed only those
 * (`c.get_lock()`). */
static bool varies_per_iteration(const pa_function *f, int v, int loop, int depth)
{
    int root = pa_value_ok(f, v) ? pa_value_root(f, v, NULL) : PA_NONE;
    const pa_value *r = pa_value_at(f, root);
    if (!r || depth > LK_VARIES_DEPTH || !pa_block_ok(f, r->def_block) ||
        !pa_block_in_loop(f, r->def_block, loop))
        return false;
    switch (r->kind) {
    case PA_VAL_MERGE: return true;
    case PA_VAL_LOAD:
        return advanced_stack_slot(f, r->base, loop) ||
               varies_per_iteration(f, r->base, loop, depth + 1);
    case PA_VAL_CALL: {
        const pa_op *call = pa_op_at(f, r->def_op);
        for (size_t a = 0; call && a < call->nargs; a++)
            if (advanced_stack_slot(f, call->args[a], loop) ||
                varies_per_iteration(f, call->args[a], loop, depth + 1))
                return true;
        return false;
    }
    default: return false;
    }
}

/* The value the lock operation at op takes: the mutex pointer of a lock
 * call, or what a callee that leaves a lock of its parameter held is
 * handed there (a guard's constructor); PA_NONE otherwise. */
static int acquired_operand(const lk_df *df, int op)
{
    const pa_function *f = df->f;
    const pa_op *o = pa_op_at(f, op);
    if (!o)
        return PA_NONE;
    const lk_fx *x = &df->fx[op];
    if (x->kind != FX_CALL)
        return o->ptr_arg >= 0 && (size_t)o->ptr_arg < o->nargs ? o->args[o->ptr_arg] : PA_NONE;
    const lk_symlist *leaves = &df->mc->sums[x->callee].leaves;
    for (size_t i = 0; i < leaves->n; i++) {
        int p = leaves->items[i].param;
        if (p >= 0 && (size_t)p < o->nargs && !leaves->items[i].deref)
            return o->args[p];
    }
    return PA_NONE;
}

/* Is the mutex taken at op reached from an object the loop walks to? */
static bool locks_walked_object(const lk_df *df, int op, int loop)
{
    int v = acquired_operand(df, op);
    return v != PA_NONE && varies_per_iteration(df->f, v, loop, 0);
}

/* Evidence `batched` of a loop that works a batch at a time (pa_loop.batched). */
static void add_batched(cJSON *ev, const pa_loop *l)
{
    if (l->batched)
        cJSON_AddTrueToObject(ev, "batched");
}

static void check_loop(lk_df *df, int inst, int op)
{
    const pa_function *f = df->f;
    int b = f->ops[op].block, loop = pa_block_loop(f, b);
    check_ctx *c = df->ctx;
    if (loop == PA_NONE || c->loop_reported[inst] == loop)
        return;
    int header = f->loops[loop].header;
    if (!pa_block_ok(f, header) || !df->visited[header])
        return;
    if (lk_bit(df->in_may + (size_t)header * df->nwords, inst))
        return; /* held across iterations: taken once around the loop */
    /* An element of an array of locks taken per iteration is usually a
     * different lock each time (striped locks): nothing to hoist. */
    /* A lock of an object the loop walks to (a list element's own lock) is
     * a different lock each time round: nothing to hoist. */
    const lk_sym *sym = &df->insts[inst];
    if (sym->param < 0 && pa_value_ok(f, sym->object) &&
        pa_block_in_loop(f, f->values[sym->object].def_block, loop))
        return;
    /* The same through an iterator kept in memory and a getter (`auto &op
     * = it->get(); lock_guard g(op.lock);`), which the lock's name hides. */
    if (locks_walked_object(df, op, loop))
        return;
    if (!lk_sym_known(&df->mc->classes, &df->insts[inst]) || df->insts[inst].element ||
        !on_most_iterations(df, b, loop) || loop_retries_or_waits(df, loop, 0) || !iterates(df, b, loop))
        return;
    char trips[64];
    trips_text(&f->loops[loop], trips, sizeof trips);
    pa_finding *fd = report(df, PA_F_LOCK_IN_LOOP, op,
                            "'%s' is locked and unlocked on every iteration of this loop (%s, "
                            "~%.3g times per call): take the lock once around the loop, or "
                            "batch the work and lock once per batch",
                            inst_shown(df, inst), trips, f->blocks[b].freq);
    if (!fd)
        return;
    c->loop_reported[inst] = loop;
    cJSON_AddStringToObject(fd->evidence, "lock_class", inst_name(df, inst));
    add_loop_evidence(df, fd->evidence, op);
    cJSON *acq = cJSON_AddArrayToObject(fd->evidence, "acquired_at");
    if (acq)
        lk_json_acquired(acq, inst_name(df, inst), lk_op_loc(df->f, op));
    add_batched(fd->evidence, &f->loops[loop]);
    if (calls_back_unlocked(df, inst, loop))
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "each iteration calls unknown code (a callback) after unlocking: "
                           "holding the lock around the loop would run it under the lock");
    else if (f->loops[loop].batched)
        lk_json_confidence(fd->evidence, LK_CONF_LOW, PA_BATCHED_LOOP_REASON);
}

/* Is value v the same on every iteration of loop? Through constant offsets
 * (&c->q) to a parameter, a global, a constant, or a value made before the
 * loop. A load, merge or call inside the loop, or an unknown offset
 * (&objs[i]), is taken to change. */
static bool invariant_in_loop(const pa_function *f, int v, int loop)
{
    int64_t off = 0;
    int root = pa_value_root(f, v, &off);
    const pa_value *r = pa_value_at(f, root);
    if (!r || off == PA_UNKNOWN_SIZE || r->kind == PA_VAL_UNKNOWN)
        return false;
    if (r->kind == PA_VAL_ARG || r->kind == PA_VAL_GLOBAL || r->kind == PA_VAL_CONST ||
        r->kind == PA_VAL_FUNCTION)
        return true;
    return pa_block_ok(f, r->def_block) && !pa_block_in_loop(f, r->def_block, loop);
}

/* Does the call at op pass something that changes from one iteration to
 * the next (the element, its index, a value the model does not name)? A call whose every argument stays
 * the same is a retry or a poll (`while (!try_put(q, it))`), not one call
 * per element. */
static bool passes_element(const lk_df *df, int op, int loop)
{
    const pa_function *f = df->f;
    const pa_op *o = &f->ops[op];
    for (size_t a = 0; a < o->nargs; a++)
        if (!invariant_in_loop(f, o->args[a], loop))
            return true; /* an integer the model does not name (v[i]) counts as changing */
    return false;
}

/* Does the call's result decide whether the loop goes round again? The
 * call's block leaves the loop on a branch that is no comparison of values
 * the model knows (a count against its bound), or that compares the
 * result itself: `do { ... } while (!wait_change(rk, version, once))`
 * retries or waits until the callee says so; it is not one call per
 * element. */
static bool result_decides_loop(const lk_df *df, int op, int loop)
{
    const pa_function *f = df->f;
    const pa_op *o = &f->ops[op];
    const pa_block *pb = pa_block_at(f, o->block);
    if (!pb || !pa_value_ok(f, o->result))
        return false;
    bool exits = false;
    for (size_t k = 0; k < pb->nsuccs; k++)
        exits |= pa_block_ok(f, pb->succs[k]) && !pa_block_in_loop(f, pb->succs[k], loop);
    if (!exits)
        return false;
    if (pb->cond_value == o->result || pb->cmp_lhs == o->result || pb->cmp_rhs == o->result)
        return true;
    return pb->cmp_lhs == PA_NONE && pb->cmp_rhs == PA_NONE;
}

/* Is argument a of call o the constant 0 (NULL, false)? */
static bool arg_is_zero(const pa_function *f, const pa_op *o, int a)
{
    if (a < 0 || (size_t)a >= o->nargs)
        return false;
    if (o->arg_flags && (o->arg_flags[a] & PA_ARG_CONST))
        return o->arg_const[a] == 0;
    const pa_value *v = pa_value_at(f, o->args[a]);
    return v && v->kind == PA_VAL_CONST && v->offset == 0;
}

/* Is the lock the callee takes (entry src of its `locks`) the same object on
 * every iteration: a named lock, or one reached from an argument that does
 * not change? */
static bool callee_lock_invariant(const lk_df *df, int op, int callee, int src, int loop)
{
    const lk_summary *s = &df->mc->sums[callee];
    if (src < 0 || (size_t)src >= s->locks.n)
        return false;
    const lk_sym *cs = &s->locks.items[src];
    if (cs->element)
        return false;
    if (cs->param < 0) /* a global; a field of an object the callee finds itself may differ */
        return lk_class_kind(&df->mc->classes, cs->cls) == PA_CLASS_GLOBAL;
    const pa_op *o = &df->f->ops[op];
    return (size_t)cs->param < o->nargs && invariant_at(df->f, o->args[cs->param], o->block, loop);
}

#define LK_CALLEE_LOOP_PROB 0.6 /* the callee takes the lock on more than half of its calls: a
                                  * lock behind one unknown branch (0.5) is not "most calls" */
#define LK_CALLEE_LOOP_MIN_TRIPS 4 /* fewer known trips: set-up, not a batch */

/* A loop known to run fewer trips, exactly or at most (a table of one
 * entry walked until the first error): set-up, not a batch. */
static bool few_trips(const pa_loop *l)
{
    int64_t max = pa_loop_useful_max(l);
    return (l->trip_count > 0 && l->trip_count < LK_CALLEE_LOOP_MIN_TRIPS) ||
           (max > 0 && max < LK_CALLEE_LOOP_MIN_TRIPS);
}

/* lock-in-loop through a callee: the call at op, on most iterations of its
 * loop, takes and releases lock inst inside (pool entry e of its locks),
 * the same lock every time round, while it is handed a different element
 * each time. The fix is the callee's batch variant (one lock for all the
 * elements) or the loop under the lock with a variant that expects it held. */
static void check_loop_call(lk_df *df, int inst, int op, size_t e)
{
    const pa_function *f = df->f;
    const lk_fx *x = &df->fx[op];
    check_ctx *c = df->ctx;
    int b = f->ops[op].block, loop = pa_block_loop(f, b);
    if (loop == PA_NONE || c->loop_reported[inst] == loop || lk_bit(df->may, inst))
        return;
    int header = f->loops[loop].header;
    if (!pa_block_ok(f, header) || !df->visited[header] ||
        lk_bit(df->in_may + (size_t)header * df->nwords, inst))
        return; /* held across iterations */
    const lk_summary *s = &df->mc->sums[x->callee];
    int src = df->pool_src[e];
    if (src < 0 || src >= LK_MAX_LIST || s->lock_prob[src] < LK_CALLEE_LOOP_PROB)
        return; /* taken on a rare path of the callee */
    if (s->lock_around_loop[src])
        return; /* the callee waits or loops under it, or takes it in a loop of its own */
    if (arg_is_zero(f, &f->ops[op], s->lock_param[src]))
        return; /* the flag the lock needs is passed as 0 */
    if (few_trips(&f->loops[loop]))
        return;
    const lk_sym *sym = &df->insts[inst];
    if (!lk_sym_known(&df->mc->classes, sym) || sym->element ||
        lk_class_kind(&df->mc->classes, sym->cls) == PA_CLASS_LOCAL)
        return;
    if (sym->param < 0 && pa_value_ok(f, sym->object) &&
        pa_block_in_loop(f, f->values[sym->object].def_block, loop) &&
        !invariant_at(f, sym->object, b, loop))
        return; /* an object the loop walks to */
    if (!callee_lock_invariant(df, op, x->callee, src, loop) || !passes_element(df, op, loop) ||
        result_decides_loop(df, op, loop))
        return;
    if (!on_most_iterations(df, b, loop) || loop_retries_or_waits(df, loop, 0) || !iterates(df, b, loop))
        return;
    const pa_op *o = &f->ops[op];
    const char *callee = o->callee_demangled ? o->callee_demangled : o->callee;
    char trips[64], cbuf[512];
    trips_text(&f->loops[loop], trips, sizeof trips);
    lk_fn_text(callee, "the callee", cbuf, sizeof cbuf);
    pa_finding *fd = report(df, PA_F_LOCK_IN_LOOP, op,
                            "'%s' is locked and unlocked inside %s, called on every iteration of "
                            "this loop (%s, ~%.3g times per call): give %s a batch variant that "
                            "takes the lock once for all the elements, or hold the lock around "
                            "the loop and call a variant that expects it held",
                            inst_shown(df, inst), cbuf, trips, f->blocks[b].freq, cbuf);
    if (!fd)
        return;
    c->loop_reported[inst] = loop;
    cJSON_AddStringToObject(fd->evidence, "lock_class", inst_name(df, inst));
    cJSON_AddStringToObject(fd->evidence, "callee", callee ? callee : "?");
    cJSON *chain = cJSON_AddArrayToObject(fd->evidence, "call_chain");
    if (chain && callee)
        cJSON_AddItemToArray(chain, cJSON_CreateString(callee));
    cJSON_AddNumberToObject(fd->evidence, "callee_lock_chance", pa_estimate_digits(s->lock_prob[src]));
    add_loop_evidence(df, fd->evidence, op);
    cJSON *acq = cJSON_AddArrayToObject(fd->evidence, "acquired_at");
    if (acq)
        lk_json_acquired(acq, inst_name(df, inst), lk_op_loc(df->f, op));
    add_batched(fd->evidence, &f->loops[loop]);
    if (calls_back_unlocked(df, inst, loop))
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "each iteration calls unknown code (a callback) outside the lock: "
                           "holding the lock around the loop would run it under the lock");
    else if (f->loops[loop].batched)
        lk_json_confidence(fd->evidence, LK_CONF_LOW, PA_BATCHED_LOOP_REASON);
    else
        lk_json_confidence(fd->evidence, LK_CONF_MEDIUM,
                           "the lock is taken inside the callee, on most of its calls (its summary), "
                           "the same lock on every iteration");
}

#define LK_MAX_LOOP_CALLS 64 /* loop_calls entries per function */
#define LK_MAX_LOOP_CALLEES 32 /* loop_callees entries per loop call */
#define LK_LOOP_WAIT_CHANCE 0.05 /* a loop that waits on 1 iteration in 20 or more waits for
                                  * its work (a consumer); a rarer wait is back-pressure (a
                                  * producer that waits only while a bounded queue is full) */

/* "loop_callees": every named function the loop calls (but the call at
 * op), with the share of iterations that call it. This TU's summaries do
 * not see waits in other TUs (a wrapper of cnd_timedwait), so the advisor
 * checks these against the whole program, to tell whether one of them
 * waits somewhere in it. */
static void add_loop_callees(const lk_df *df, cJSON *e, int op, int loop)
{
    const pa_function *f = df->f;
    cJSON *arr = cJSON_AddArrayToObject(e, "loop_callees");
    if (!arr)
        return;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if ((int)i == op || o->kind != PA_OP_CALL || !o->callee ||
            (o->call_flags & PA_CALL_INTRINSIC) || !pa_block_in_loop(f, o->block, loop))
            continue;
        double per_iteration = share_of_iterations(f, o->block, loop);
        cJSON *seen = NULL, *it;
        cJSON_ArrayForEach(it, arr)
        {
            const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "callee");
            if (cJSON_IsString(name) && strcmp(name->valuestring, o->callee) == 0)
                seen = it;
        }
        if (seen) {
            cJSON *pi = cJSON_GetObjectItemCaseSensitive(seen, "per_iteration");
            if (cJSON_IsNumber(pi) && pi->valuedouble < per_iteration)
                cJSON_SetNumberValue(pi, pa_estimate_digits(per_iteration));
            continue;
        }
        if (cJSON_GetArraySize(arr) >= LK_MAX_LOOP_CALLEES) {
            cJSON_AddTrueToObject(e, "loop_callees_truncated");
            return;
        }
        cJSON *c = cJSON_CreateObject();
        if (!c)
            return;
        cJSON_AddStringToObject(c, "callee", o->callee);
        cJSON_AddNumberToObject(c, "per_iteration", pa_estimate_digits(per_iteration));
        cJSON_AddItemToArray(arr, c);
    }
}

/* A call, on most iterations of a loop that neither waits nor retries and
 * holds no lock, to a function this TU does not define, handed a different
 * element each time round: the advisor looks up the callee's summary in
 * the other TUs (its lock_calls) and reports a lock it takes per call from
 * an argument listed here as the same on every iteration (invariant_args). */
static void note_loop_call(lk_df *df, int op)
{
    check_ctx *c = df->ctx;
    const pa_function *f = df->f;
    const pa_op *o = &f->ops[op];
    const lk_fx *x = &df->fx[op];
    int b = o->block, loop = pa_block_loop(f, b);
    if (c->loop_call_noted[op] || loop == PA_NONE || o->kind != PA_OP_CALL || !o->callee ||
        (o->call_flags & (PA_CALL_INTRINSIC | PA_CALL_NORETURN)) || x->kind != FX_NONE ||
        x->blocking || lk_callee(df->mc, o) >= 0 || pa_catalog_find(df->mc->m->catalog, o->callee) ||
        held_before(df, PA_NONE, NULL) != HELD_NONE || pa_profile_reports_error(f, o))
        return;
    if (few_trips(&f->loops[loop]) ||
        cJSON_GetArraySize(c->loop_calls) >= LK_MAX_LOOP_CALLS)
        return;
    if (!on_most_iterations(df, b, loop) || loop_retries_or_waits(df, loop, LK_LOOP_WAIT_CHANCE) ||
        !iterates(df, b, loop) || !passes_element(df, op, loop) || result_decides_loop(df, op, loop))
        return;
    c->loop_call_noted[op] = true;
    cJSON *e = cJSON_CreateObject();
    if (!e)
        return;
    cJSON_AddStringToObject(e, "callee", o->callee);
    pa_json_add_loc(e, "location", &o->loc);
    cJSON *inv = cJSON_AddArrayToObject(e, "invariant_args");
    for (size_t a = 0; inv && a < o->nargs && a < 32; a++)
        if (pa_value_ok(f, o->args[a]) && invariant_at(f, o->args[a], b, loop))
            cJSON_AddItemToArray(inv, cJSON_CreateNumber((double)a));
    cJSON *zero = NULL;
    for (size_t a = 0; a < o->nargs && a < 32; a++)
        if (arg_is_zero(f, o, (int)a) && (zero || (zero = cJSON_AddArrayToObject(e, "zero_args"))))
            cJSON_AddItemToArray(zero, cJSON_CreateNumber((double)a));
    pa_json_add_loop_facts(e, f, b);
    if (loop_calls_indirect(f, loop))
        cJSON_AddTrueToObject(e, "calls_back");
    add_batched(e, &f->loops[loop]);
    add_loop_callees(df, e, op, loop);
    cJSON_AddItemToArray(c->loop_calls, e);
}

static void acquisition(lk_df *df, int inst, int op, bool trylock, bool retry, const char *callee)
{
    if (inst < 0)
        return;
    bool shared = df->fx[op].kind == FX_CALL ? df->insts[inst].shared : df->f->ops[op].shared;
    if (!trylock && !retry)
        check_double(df, inst, op, shared, callee);
    for (int j = 0; j < df->ninst; j++)
        if (j != inst && lk_bit(df->may, j))
            edge(df, j, inst, op, callee != NULL, trylock);
    if (!trylock && !retry)
        check_loop(df, inst, op);
}

/* confidence of a finding about an op inside critical sections; rare: the
 * callee reaches its blocking call on a minority of its paths */
static void held_confidence(cJSON *ev, held_state h, bool via_call, bool rare, const char *what,
                            const char *verb)
{
    char why[160];
    if (h != HELD_MUST) {
        snprintf(why, sizeof why, "the lock is held on some paths to %s, not on all", what);
        lk_json_confidence(ev, LK_CONF_LOW, why);
    } else if (via_call && rare) {
        snprintf(why, sizeof why,
                 "held on every path to the call, but the callee %s only on a rare path of its "
                 "own (its summary)",
                 verb);
        lk_json_confidence(ev, LK_CONF_LOW, why);
    } else if (via_call) {
        snprintf(why, sizeof why, "held on every path to %s; the callee %s according to its summary",
                 what, verb);
        lk_json_confidence(ev, LK_CONF_MEDIUM, why);
    } else {
        snprintf(why, sizeof why, "held on every path to %s", what);
        lk_json_confidence(ev, LK_CONF_HIGH, why);
    }
}

/* ---- blocking work that is what the lock is for ------------------------- */

/* Work a critical section does: a call that takes or drops no lock, or a
 * load or store of memory other threads see. */
static bool section_work(const lk_df *df, int op)
{
    const lk_fx *x = &df->fx[op];
    const pa_op *o = &df->f->ops[op];
    if (x->kind == FX_ACQ || x->kind == FX_TRY || x->kind == FX_REL || x->kind == FX_WAIT)
        return false;
    if (x->kind == FX_CALL && (x->nacq > 0 || x->nrel > 0))
        return false;
    if (o->kind == PA_OP_CALL || o->kind == PA_OP_ALLOC || o->kind == PA_OP_FREE)
        return !(o->call_flags & PA_CALL_INTRINSIC);
    return x->read || x->write;
}

/* Why moving the blocking call at op out of the critical section does not
 * fit, or NULL: the section of every lock held on every path (those not
 * released around the call) holds nothing but this call. Such a locked
 * wrapper (lock; n = scan_devices(ctx); unlock; return n;) exists to
 * serialise the call with the lock's other users. A call that reads
 * guarded state does not qualify: copying that state out under the lock
 * and doing the I/O after unlocking is the fix the message gives (a WAL
 * write under a database-wide mutex). A sleep serialises nothing. */
static const char *blocking_is_the_guarded_work(lk_df *df, int op, const lk_fx *x,
                                                int waited, const bool *released)
{
    if (x->kind == FX_WAIT || (x->why && strcmp(x->why, "sleeps") == 0) || !section_work(df, op))
        return NULL;
    bool any = false;
    for (int i = 0; i < df->ninst; i++)
        if (lk_bit(df->must, i) && i != waited && !(released && released[i])) {
            any = true;
            if (lk_engine_ops_under(df, i, section_work, 1) != 1)
                return NULL;
        }
    return any ? "the critical section holds nothing but this call: the lock exists to serialise "
                 "it with the lock's other users, so moving it out defeats the lock"
               : NULL;
}

/* released: locks the call itself releases while it blocks (a condition
 * wait's mutex, a callee that drops the caller's lock and takes it back). */
static void check_blocking(lk_df *df, int op, const lk_fx *x, const bool *released)
{
    int waited = lk_waited_lock(df, x);
    held_state h = held_before(df, waited, released);
    /* A wait bound to its mutex (here or in a callee that only waits so)
     * with several locks held: which one it releases is not known. */
    if (h == HELD_NONE || (x->wait_held && waited == PA_NONE))
        return;
    const pa_op *o = &df->f->ops[op];
    char cbuf[512], held[512];
    const char *callee = lk_fn_text(o->callee_demangled, "an indirect call", cbuf, sizeof cbuf);
    held_text(df, waited, released, h, held, sizeof held);
    pa_finding *fd;
    if (x->kind == FX_WAIT)
        fd = report(df, PA_F_BLOCKING_UNDER_LOCK, op,
                    "%s releases only '%s' while it waits, but %s stays locked: every thread "
                    "needing it waits as long; unlock it before waiting",
                    callee, waited >= 0 ? inst_shown(df, waited) : "its mutex", held);
    else if (x->blocking)
        fd = report(df, PA_F_BLOCKING_UNDER_LOCK, op,
                    "%s %s while holding %s: every thread waiting for the lock waits for it "
                    "too; move the call out of the critical section",
                    callee, x->why ? x->why : "may block", held);
    else
        fd = report(df, PA_F_BLOCKING_UNDER_LOCK, op,
                    "%s may block (%s) while holding %s: every thread waiting for the lock "
                    "waits for it too; move the call out of the critical section",
                    callee, x->why ? x->why : "blocking call", held);
    if (!fd)
        return;
    cJSON_AddStringToObject(fd->evidence, "callee", o->callee_demangled ? o->callee_demangled : "?");
    cJSON_AddStringToObject(fd->evidence, "blocking", x->why ? x->why : "may block");
    add_held_evidence(df, fd->evidence, waited, released, h);
    bool rare = x->kind == FX_CALL && df->mc->sums[x->callee].block_prob < 0.5;
    /* Only where the lock's part would decide: a rare block is low anyway. */
    const char *by_design = h == HELD_MUST && !(!x->blocking && rare)
                                ? blocking_is_the_guarded_work(df, op, x, waited, released)
                                : NULL;
    if (by_design)
        lk_json_confidence(fd->evidence, LK_CONF_LOW, by_design);
    else
        held_confidence(fd->evidence, h, !x->blocking, rare, "the blocking call", "blocks");
}

/* The op that loaded value v: its def_op, or for an integer load (which
 * has none) the first load of the same address in its block. */
static int load_op_of(const pa_function *f, const pa_value *val)
{
    if (pa_op_ok(f, val->def_op))
        return val->def_op;
    const pa_block *b = pa_block_at(f, val->def_block);
    for (size_t i = 0; b && i < b->nops; i++) {
        const pa_op *o = pa_op_at(f, b->ops[i]);
        if (o && o->kind == PA_OP_LOAD && o->addr == val->base)
            return b->ops[i];
    }
    return PA_NONE;
}

/* Is op `op` after the acquisition of a lock held on every path here? */
static bool after_held_acquire(const lk_df *df, int op)
{
    const pa_function *f = df->f;
    for (int i = 0; i < df->ninst; i++)
        if (lk_bit(df->must, i) && pa_op_ok(f, df->acq[i]) && df->acq[i] < op &&
            f->ops[df->acq[i]].block <= f->ops[op].block)
            return true;
    return false;
}

static bool read_under_lock_at(const lk_df *df, int v, int depth);

/* Does loop l load shared memory after the acquisition of a lock held
 * here? */
static bool loop_reads_under_lock(const lk_df *df, int l)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind == PA_OP_LOAD && df->fx[i].read && pa_block_in_loop(f, o->block, l) &&
            after_held_acquire(df, (int)i))
            return true;
    }
    return false;
}

/* Is v (through field addresses) a pointer phi of loop l's header other
 * than `counter`: the cursor of a list walk? */
static bool walk_cursor(const pa_function *f, int v, int l, const pa_value *counter)
{
    const pa_value *val = pa_value_at(f, pa_value_root(f, v, NULL));
    return val && val->kind == PA_VAL_MERGE && val != counter && val->is_pointer &&
           val->def_block == f->loops[l].header;
}

/* Is the header phi `merge` of a loop that ends on data read under the
 * lock (a count of a guarded list: `for (s = c->sources; s; s = s->next)
 * n++;`)? Its value exists only inside the critical section. The exit may
 * test the data itself, or the walk's cursor while the loop reads shared
 * memory (a list_for_each whose container_of arithmetic hides the load). */
static bool counted_under_lock(const lk_df *df, const pa_value *merge, int depth)
{
    const pa_function *f = df->f;
    int l = pa_block_loop(f, merge->def_block);
    if (!pa_loop_ok(f, l) || f->loops[l].header != merge->def_block)
        return false;
    for (size_t b = 0; b < f->nblocks; b++) {
        const pa_block *pb = &f->blocks[b];
        if (!pa_block_in_loop(f, (int)b, l) || pb->nsuccs != 2)
            continue;
        bool exits = false;
        for (size_t k = 0; k < pb->nsuccs; k++)
            exits = exits || (pa_block_ok(f, pb->succs[k]) && !pa_block_in_loop(f, pb->succs[k], l));
        if (!exits)
            continue;
        int tested[3] = {pb->cond_value, pb->cmp_lhs, pb->cmp_rhs};
        for (int k = 0; k < 3; k++)
            if (read_under_lock_at(df, tested[k], depth + 1) ||
                (walk_cursor(f, tested[k], l, merge) && loop_reads_under_lock(df, l)))
                return true;
    }
    return false;
}

/* Is v (through casts, field addresses and arithmetic) a value loaded after
 * the acquisition of a lock held here, or a count taken by a loop over such
 * data? Then the call copies data the lock protects (a snapshot), or is
 * sized by it, and cannot be allocated before the lock. */
static bool read_under_lock_at(const lk_df *df, int v, int depth)
{
    const pa_function *f = df->f;
    const pa_value *val = pa_value_at(f, v);
    if (!val || depth > 8)
        return false;
    switch (val->kind) {
    case PA_VAL_DERIVED: return read_under_lock_at(df, val->base, depth + 1);
    case PA_VAL_ARITH:
        for (size_t i = 0; i < val->ninputs && i < 2; i++)
            if (read_under_lock_at(df, val->inputs[i], depth + 1))
                return true;
        return false;
    case PA_VAL_LOAD: {
        int op = load_op_of(f, val);
        return pa_op_ok(f, op) && after_held_acquire(df, op);
    }
    case PA_VAL_MERGE:
        /* A pointer walking the guarded list, a merge after the loop (zero
         * when the list is empty, the count otherwise), or the count itself.
         * Merges go round loops: a shallower bound keeps the walk small. */
        if (depth > 4)
            return false;
        for (size_t i = 0; i < val->ninputs && i < 4; i++)
            if (read_under_lock_at(df, val->inputs[i], depth + 2))
                return true;
        return counted_under_lock(df, val, depth + 2);
    default: return false;
    }
}

static bool read_under_lock(const lk_df *df, int v) { return read_under_lock_at(df, v, 0); }

/* Is v a value a branch tests that reads state under the lock: a load
 * after the acquisition, or, in C++ before inlining, the result of a
 * module function that writes nothing, called after it (`if (columns[c])`
 * is unique_ptr::operator bool of vector::operator[]; `if
 * (!HasUnloadedDeletes())`), through casts and a negation? */
static bool tested_under_lock(const lk_df *df, int v)
{
    const pa_function *f = df->f;
    v = lk_tested_value(f, v);
    const pa_value *val = pa_value_at(f, v);
    if (!val)
        return false;
    if (val->kind != PA_VAL_CALL)
        return read_under_lock(df, v);
    const pa_op *call = pa_op_at(f, val->def_op);
    int callee = call ? lk_callee(df->mc, call) : PA_NONE;
    return callee >= 0 && lk_summary_reads_only(&df->mc->sums[callee]) &&
           after_held_acquire(df, val->def_op);
}

/* Is the allocation at op made only when a value read under the lock says
 * so (`if (in->shm == NULL) in->shm = malloc(...)`)? Follows the chain of
 * single predecessors back from op's block and looks at each branch. */
static bool needed_by_guarded_state(const lk_df *df, int op)
{
    const pa_function *f = df->f;
    int b = f->ops[op].block;
    for (int hops = 0; hops < 8 && pa_block_ok(f, b); hops++) {
        int pred = pa_block_single_pred(f, b, PA_NONE);
        if (pred == PA_NONE)
            return false;
        const pa_block *pb = &f->blocks[pred];
        if (pb->nsuccs == 2 && (tested_under_lock(df, pb->cond_value) ||
                                read_under_lock(df, pb->cmp_lhs) || read_under_lock(df, pb->cmp_rhs)))
            return true;
        b = pred;
    }
    return false;
}

/* An allocation made only when state tested under the lock says so: a
 * lazy creation, often double-checked (tested before locking too). */
#define LAZY_CREATION_REASON                                                                   \
    "the allocation is made only when state read under the lock says so (lazy creation): "    \
    "allocating before locking needs a second check under it"

/* Amortised growth reallocates a few times over many calls: moving it out
 * of the critical section would cost a second check for little gain. */
#define AMORTISED_REASON                                                                       \
    "the reallocation doubles a capacity the buffer keeps (amortised growth): it runs only "  \
    "when the buffer is full, rarely per call"

static void check_alloc(lk_df *df, int op)
{
    held_state h = held_before(df, PA_NONE, NULL);
    if (h == HELD_NONE)
        return;
    const pa_op *o = &df->f->ops[op];
    char held[512], who[160];
    held_text(df, PA_NONE, NULL, h, held, sizeof held);
    /* A project allocator (docs/config.md) is named by its function. */
    const char *name = pa_allocator_name(o->allocator);
    if (o->allocator == PA_ALLOCATOR_PROJECT && o->callee_demangled) {
        size_t len = strcspn(o->callee_demangled, "(");
        snprintf(who, sizeof who, "%.*s()", (int)(len < 150 ? len : 150), o->callee_demangled);
        name = who;
    }
    pa_finding *fd = report(df, PA_F_ALLOC_UNDER_LOCK, op,
                            "%s allocates while holding %s: the allocator may take its own "
                            "lock or fault pages inside the critical section; allocate before "
                            "locking and only publish the pointer under the lock",
                            name, held);
    if (!fd)
        return;
    cJSON_AddStringToObject(fd->evidence, "allocator", pa_allocator_name(o->allocator));
    if (o->alloc_size != PA_UNKNOWN_SIZE)
        cJSON_AddNumberToObject(fd->evidence, "bytes", (double)o->alloc_size);
    else
        cJSON_AddNullToObject(fd->evidence, "bytes");
    add_held_evidence(df, fd->evidence, PA_NONE, NULL, h);
    add_loop_evidence(df, fd->evidence, op);
    if (lk_amortised_growth(df->mc, df->f, o))
        lk_json_confidence(fd->evidence, LK_CONF_LOW, AMORTISED_REASON);
    else if (h == HELD_MUST && (read_under_lock(df, o->realloc_src) || read_under_lock(df, o->size_value)))
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "the allocation resizes or is sized by state read under the lock (a "
                           "shared array growing): allocating before locking needs a second "
                           "check under it");
    else if (h == HELD_MUST && needed_by_guarded_state(df, op))
        lk_json_confidence(fd->evidence, LK_CONF_LOW, LAZY_CREATION_REASON);
    else
        held_confidence(fd->evidence, h, false, false, "the allocation", "allocates");
}

/* The parameter of call o's callee (of this module) named `this`, or
 * PA_NONE: the first or, after a struct-return slot, the second. */
static int receiver_param(const lk_df *df, const pa_op *o)
{
    const pa_function *g = o->callee_fn >= 0 && (size_t)o->callee_fn < df->mc->m->nfunctions
                               ? df->mc->m->functions[o->callee_fn]
                               : NULL;
    for (size_t v = 0; g && v < g->nvalues && v < 4; v++) {
        const pa_value *pv = &g->values[v];
        if (pv->kind == PA_VAL_ARG && pv->param_index <= 1 && pv->name && strcmp(pv->name, "this") == 0)
            return pv->param_index;
    }
    return PA_NONE;
}

static bool shared_pointer(const lk_df *df, int v, int depth);

static int lock_root_param(const lk_df *df, int i);

/* Is a lock held on every path here reached from parameter `param` (the
 * object whose state it guards)? */
static bool param_of_held_lock(const lk_df *df, int param)
{
    for (int i = 0; i < df->ninst; i++)
        if (lk_bit(df->must, i) && lock_root_param(df, i) == param)
            return true;
    return false;
}

/* Is the call that made value r handed an argument that passes `test`
 * (a pointer walk one call deeper)? */
static bool call_handed(const lk_df *df, const pa_value *r, bool (*test)(const lk_df *, int, int),
                        int depth)
{
    const pa_op *c = pa_op_at(df->f, r->def_op);
    for (size_t a = 0; c && c->args && a < c->nargs; a++)
        if (test(df, c->args[a], depth + 1))
            return true;
    return false;
}

/* A pointer into the state a held lock guards: read under the lock, into
 * the object the lock is reached from (`this->immutable_db_options_` with
 * this->mutex_ held), a global, or returned by a call handed such a
 * pointer (`cfd()->...`). What another parameter points to (a name the
 * caller passes) is not: a copy of it can be made before the lock. */
static bool guarded_pointer(const lk_df *df, int v, int depth)
{
    const pa_function *f = df->f;
    const pa_value *r = pa_value_at(f, pa_value_root(f, v, NULL));
    if (!r || !r->is_pointer || depth > 2)
        return false;
    if (read_under_lock(df, v) || r->kind == PA_VAL_GLOBAL)
        return true;
    if (r->kind == PA_VAL_ARG)
        return param_of_held_lock(df, r->param_index);
    return r->kind == PA_VAL_CALL && call_handed(df, r, guarded_pointer, depth);
}

/* Does call u return its result into the stack object `slot` (its
 * struct-return argument)? */
static bool returns_into(const pa_function *f, const pa_op *u, int slot)
{
    for (size_t a = 0; u->arg_flags && u->args && a < u->nargs; a++)
        if ((u->arg_flags[a] & PA_ARG_SRET) && pa_value_ok(f, u->args[a]) &&
            pa_value_root(f, u->args[a], NULL) == slot)
            return true;
    return false;
}

/* Is the temporary stack object `tmp` filled, after the acquisition of a
 * lock held here and before op `before` (the call handed it), by a call
 * that returns into it, handed data read under the lock or a pointer into
 * the guarded state (guarded_pointer)? RocksDB's
 * `Options(BuildDBOptions(immutable_db_options_, mutable_db_options_),
 * cfd->GetLatestCFOptions())` with mutex_ held: both temporaries are
 * copies of guarded state. */
static bool filled_under_lock(const lk_df *df, int tmp, int before)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops && (int)i < before; i++) {
        const pa_op *u = &f->ops[i];
        const lk_fx *x = &df->fx[i];
        /* A guard the call fills (`auto l = data.Lock()`) holds the lock, not a copy. */
        bool guard = (x->kind != FX_CALL && x->kind != FX_NONE) ||
                     (x->kind == FX_CALL && (x->nacq > 0 || x->nrel > 0 || x->nlck > 0));
        if (u->kind != PA_OP_CALL || guard || !returns_into(f, u, tmp) || lk_lifetime_call(u) ||
            !after_held_acquire(df, (int)i))
            continue;
        for (size_t a = 0; u->args && a < u->nargs; a++) {
            if (!pa_value_ok(f, u->args[a]) || pa_value_root(f, u->args[a], NULL) == tmp)
                continue;
            if (read_under_lock(df, u->args[a]) || guarded_pointer(df, u->args[a], 0))
                return true;
        }
    }
    return false;
}

/* Is an argument read under the lock, or a temporary filled from guarded
 * state under it (filled_under_lock)? but_receiver: not the object a
 * method is called on (the callee's parameter named `this`), whose state
 * the callee may read as a writer reads its options. */
static bool copies_guarded_data(const lk_df *df, int op, bool but_receiver)
{
    const pa_function *f = df->f;
    const pa_op *o = &f->ops[op];
    int self = but_receiver ? receiver_param(df, o) : PA_NONE;
    for (size_t a = 0; a < o->nargs; a++) {
        if ((int)a == self || !pa_value_ok(f, o->args[a]))
            continue;
        if (read_under_lock(df, o->args[a]))
            return true;
        int root = pa_value_root(f, o->args[a], NULL);
        const pa_value *r = pa_value_at(f, root);
        if (r && r->kind == PA_VAL_STACK && filled_under_lock(df, root, op))
            return true;
    }
    return false;
}

/* A call that returns a new object (through a struct-return slot) and is
 * handed the object whose lock is held (`auto copy = Normalize();` with
 * this->mu_ held): it builds a copy of the state the lock guards, which
 * cannot be made before taking the lock. */
static bool snapshot_of_guarded_object(const lk_df *df, const pa_op *o)
{
    const pa_function *f = df->f;
    if (!lk_returns_struct(o))
        return false;
    for (size_t a = 0; a < o->nargs; a++) {
        const pa_value *v = pa_value_at(f, o->args[a]);
        if (!v || v->kind != PA_VAL_ARG)
            continue;
        for (int i = 0; i < df->ninst; i++)
            if (lk_bit(df->must, i) && df->insts[i].param == v->param_index && !df->insts[i].deref)
                return true;
    }
    return false;
}

/* The parameter the handle of held lock i is reached from through field
 * loads (`p->db->mutex`: p), or PA_NONE. */
static int lock_root_param(const lk_df *df, int i)
{
    const pa_function *f = df->f;
    if (df->insts[i].param >= 0)
        return df->insts[i].param;
    const pa_op *acq = pa_op_at(f, df->acq[i]);
    if (!acq || (acq->kind != PA_OP_LOCK && acq->kind != PA_OP_TRYLOCK) || acq->ptr_arg < 0 ||
        (size_t)acq->ptr_arg >= acq->nargs)
        return PA_NONE;
    int v = acq->args[acq->ptr_arg];
    for (int depth = 0; depth < 8; depth++) {
        const pa_value *val = pa_value_at(f, v);
        if (!val)
            return PA_NONE;
        if (val->kind == PA_VAL_ARG)
            return val->param_index;
        if (val->kind != PA_VAL_DERIVED && val->kind != PA_VAL_LOAD)
            return PA_NONE;
        v = val->base;
    }
    return PA_NONE;
}

/* A call handed the object whose lock is held that returns a pointer
 * (`z = expand_sql(stmt)` with stmt->db->mu held): it builds its result
 * from the state the lock guards. */
static bool result_from_guarded_object(const lk_df *df, const pa_op *o)
{
    const pa_function *f = df->f;
    const pa_value *r = pa_value_at(f, o->result);
    if (!r || !r->is_pointer)
        return false;
    for (size_t a = 0; a < o->nargs; a++) {
        const pa_value *v = pa_value_at(f, pa_value_root(f, o->args[a], NULL));
        if (v && v->kind == PA_VAL_ARG && param_of_held_lock(df, v->param_index))
            return true;
    }
    return false;
}

/* A callee that builds a local from empty, handed nothing read under the
 * lock but the object it is called on (whose state it may read, as a
 * writer reads its options): its work can move out of the lock. */
#define LOCAL_CALLEE_REASON                                                                    \
    "the callee grows a local built from empty (a string or container): it allocates on "     \
    "every call; build it before locking, or copy what it needs under the lock and build it " \
    "after unlocking"
#define LOCAL_CALLEE_SHORT_REASON                                                              \
    "the callee grows a local string built from empty by appends of unknown size: it "        \
    "allocates only when the text passes the 15 bytes a std::string holds inline"

/* A standard container or string allocating inside its own member: the
 * node or buffer cannot be made before the lock (no node handles in
 * C++11, a deque's block), so "allocate before locking" does not fit. */
static bool standard_library_callee(const pa_op *o)
{
    return pa_cxx_in_std(o->callee_demangled); /* past a template's return type */
}

#define LK_ORIGIN_DEPTH 8 /* field loads and getters followed back to a parameter */

/* The parameter of this function an object is reached from, through field
 * loads and getters handed it first (`this->row_groups.operator->()`),
 * or -1. */
static int origin_param(const pa_function *f, int v)
{
    for (int depth = 0; depth < LK_ORIGIN_DEPTH && pa_value_ok(f, v); depth++) {
        const pa_value *r = pa_value_at(f, pa_value_root(f, v, NULL));
        if (!r)
            return -1;
        if (r->kind == PA_VAL_ARG)
            return r->param_index;
        if (r->kind == PA_VAL_LOAD) {
            v = r->base;
            continue;
        }
        const pa_op *call = r->kind == PA_VAL_CALL ? pa_op_at(f, r->def_op) : NULL;
        if (!call || call->nargs == 0)
            return -1;
        v = call->args[0];
    }
    return -1;
}

/* Is argument a of call o the object whose lock is held on every path
 * here: both reached from one parameter (`row_groups->node_lock` held,
 * `row_groups->Load...()` called)? */
static bool handed_locked_object(const lk_df *df, const pa_op *o, int a)
{
    const pa_function *f = df->f;
    int p = a >= 0 && (size_t)a < o->nargs ? origin_param(f, o->args[a]) : -1;
    for (int i = 0; p >= 0 && i < df->ninst; i++)
        if (lk_bit(df->must, i) && origin_param(f, acquired_operand(df, df->acq[i])) == p)
            return true;
    return false;
}

/* A callee that allocates only while the state of the object whose lock is
 * held says so (lk_summary.alloc_state_param): a lazy load of guarded state. */
#define LAZY_CALLEE_REASON                                                                      \
    "the callee allocates only while the state of the object whose lock is held says so (a "  \
    "lazy load): allocating before locking needs a second check under it"

/* A call that allocates on most of its paths (std::map::operator[],
 * push_back into a full vector, a constructor that news its parts). */
/* released: locks the callee itself releases (it requires the caller's
 * lock and drops it around its own work); not those it releases only
 * while it waits. */
static void check_alloc_call(lk_df *df, int op, const lk_fx *x, const bool *released)
{
    held_state h = held_before(df, PA_NONE, released);
    if (h == HELD_NONE || lk_call_skips_allocation(df, op, -1))
        return;
    const pa_op *o = &df->f->ops[op];
    const lk_summary *s = &df->mc->sums[x->callee];
    char held[512], cbuf[512], abuf[512];
    held_text(df, PA_NONE, released, h, held, sizeof held);
    pa_finding *fd = report(df, PA_F_ALLOC_UNDER_LOCK, op,
                            "%s allocates (%s) while holding %s: the allocator may take its own "
                            "lock or fault pages inside the critical section; allocate before "
                            "locking and only publish the result under the lock",
                            lk_fn_text(o->callee_demangled, "an indirect call", cbuf, sizeof cbuf),
                            pa_short_function(s->alloc_callee ? s->alloc_callee : "in a callee",
                                              abuf, sizeof abuf),
                            held);
    if (!fd)
        return;
    cJSON_AddStringToObject(fd->evidence, "callee", o->callee_demangled ? o->callee_demangled : "?");
    cJSON_AddNullToObject(fd->evidence, "bytes");
    add_held_evidence(df, fd->evidence, PA_NONE, released, h);
    add_loop_evidence(df, fd->evidence, op);
    /* The callee builds a local from empty out of what it is handed, the
     * object it is called on aside: no snapshot of guarded data. */
    bool local_build = s->alloc_local_build && !copies_guarded_data(df, op, true);
    if (standard_library_callee(o))
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "the allocation is inside a standard-library member; its node or "
                           "buffer cannot be allocated before the lock");
    else if (s->alloc_amortised || lk_amortised_growth(df->mc, df->f, o))
        lk_json_confidence(fd->evidence, LK_CONF_LOW, AMORTISED_REASON);
    else if (lk_library_allocation(df, op))
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "the allocation is made inside a library the project vendors (a "
                           "third-party directory): its node or block cannot be made before the "
                           "lock without changing that library");
    else if (s->teardown || s->alloc_prob_plain < 0.3)
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "the callee tears down its argument (frees it); its summary allocates "
                           "only on a path of that teardown, which it rarely takes");
    else if (local_build && h == HELD_MUST && !(s->alloc_prob < 0.5))
        lk_json_confidence(fd->evidence, s->alloc_local_sure ? LK_CONF_MEDIUM : LK_CONF_LOW,
                           s->alloc_local_sure ? LOCAL_CALLEE_REASON : LOCAL_CALLEE_SHORT_REASON);
    else if (!local_build && (copies_guarded_data(df, op, false) || snapshot_of_guarded_object(df, o) ||
                              result_from_guarded_object(df, o)))
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "the call copies data read under the lock (a snapshot): its size is "
                           "only known inside the critical section");
    else if (h == HELD_MUST && needed_by_guarded_state(df, op))
        lk_json_confidence(fd->evidence, LK_CONF_LOW, LAZY_CREATION_REASON);
    else if (h == HELD_MUST && s->alloc_state_param >= 0 &&
             handed_locked_object(df, o, s->alloc_state_param))
        lk_json_confidence(fd->evidence, LK_CONF_LOW, LAZY_CALLEE_REASON);
    else
        held_confidence(fd->evidence, h, true, s->alloc_prob < 0.5, "the allocating call",
                        "allocates");
}

/* ---- a local container built from empty under a lock -------------------- */

/* Is the stack object `slot` empty whenever a lock is taken: is every
 * use of it that can run before the insertion `op`, other than its
 * constructor, made with a lock held (nothing reserves or fills it before
 * the critical section)? Uses after the unlock (reading its size, handing
 * it on) do not fill it first. */
static bool built_under_lock(lk_df *df, int slot, int op)
{
    const pa_function *f = df->f;
    unsigned char *seen = malloc(f->nblocks ? f->nblocks : 1);
    int *stack = malloc((f->nblocks ? f->nblocks : 1) * sizeof *stack);
    bool empty = seen && stack;
    for (size_t i = 0; empty && i < f->nops; i++) {
        const pa_op *u = &f->ops[i];
        if ((int)i == op || u->kind == PA_OP_LOAD || !lk_uses_slot(f, u, slot))
            continue;
        if (u->kind == PA_OP_CALL && lk_lifetime_call(u))
            continue;
        if (lk_engine_free_before(df, (int)i) && lk_runs_before(f, (int)i, op, seen, stack))
            empty = false;
    }
    free(seen);
    free(stack);
    return empty;
}

/* A pointer into shared memory: based on a parameter, a global or a
 * pointer read under the lock, or returned by a call handed such a pointer
 * (a reference into a guarded map: `map_.Get(id)`). */
static bool shared_pointer(const lk_df *df, int v, int depth)
{
    const pa_function *f = df->f;
    const pa_value *r = pa_value_at(f, pa_value_root(f, v, NULL));
    if (!r || !r->is_pointer || depth > 2)
        return false;
    if (read_under_lock(df, v))
        return true;
    if (r->kind == PA_VAL_CALL)
        return call_handed(df, r, shared_pointer, depth);
    return r->kind != PA_VAL_STACK && r->kind != PA_VAL_ALLOC && r->kind != PA_VAL_CONST;
}

/* Is the temporary stack object `tmp` filled from state read under the
 * lock: a store of a value read there, or a call that writes it (a
 * constructor, a struct returned into it) handed a pointer into shared
 * memory or another temporary so filled (`auto info = map_.Get(id);
 * path.push_back({id, info.key})`)? */
static bool filled_from_guarded(const lk_df *df, int tmp, int slot, int depth)
{
    const pa_function *f = df->f;
    if (depth > 2)
        return false;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *u = &f->ops[i];
        if (u->kind == PA_OP_STORE && pa_value_root(f, u->addr, NULL) == tmp &&
            read_under_lock(df, u->stored))
            return true;
        if (u->kind != PA_OP_CALL || !lk_uses_slot(f, u, tmp) || lk_lifetime_call(u))
            continue;
        for (size_t a = 0; u->args && a < u->nargs; a++) {
            int root = pa_value_root(f, u->args[a], NULL);
            const pa_value *r = pa_value_at(f, root);
            if (!r || root == tmp || root == slot)
                continue;
            if (read_under_lock(df, u->args[a]) || shared_pointer(df, u->args[a], 0) ||
                (r->kind == PA_VAL_STACK && filled_from_guarded(df, root, slot, depth + 1)))
                return true;
        }
    }
    return false;
}

/* A string literal (clang names them .str, .str.N): constant data, no
 * guarded state. */
static bool string_literal(const pa_value *r)
{
    return r->kind == PA_VAL_GLOBAL && r->name && strncmp(r->name, ".str", 4) == 0;
}

/* Is the value a container insertion is handed read under the lock (a
 * pointer into shared memory, or a temporary filled from such a read):
 * a snapshot of guarded state, which the copy itself needs the lock for? */
static bool inserts_guarded_value(const lk_df *df, const pa_op *o, int slot)
{
    const pa_function *f = df->f;
    for (size_t a = 1; o->args && a < o->nargs; a++) {
        int root = pa_value_root(f, o->args[a], NULL);
        const pa_value *r = pa_value_at(f, root);
        if (!r || !r->is_pointer || root == slot)
            continue;
        if (r->kind != PA_VAL_STACK) {
            if (r->kind != PA_VAL_ALLOC && r->kind != PA_VAL_CONST && !string_literal(r))
                return true; /* points into shared memory */
            continue;
        }
        if (filled_from_guarded(df, root, slot, 0))
            return true;
    }
    return false;
}

/* An insertion into a local container (a stack object of this function,
 * not guarded state) that is empty when the lock is taken: it allocates
 * (its first element, a node) on every call, under the lock. */
static bool local_build_under_lock(lk_df *df, int op, const lk_fx *x, const bool *released)
{
    const pa_function *f = df->f;
    const pa_op *o = &f->ops[op];
    /* A container member that may allocate; a string's growth allocates
     * once its text passes the inline bytes, which the appends surely do
     * (known for the string's first growth). */
    if (!o->args || o->nargs < 1)
        return false;
    bool inserts = x->kind == FX_CALL && x->callee >= 0 && df->mc->sums[x->callee].done &&
                   df->mc->sums[x->callee].alloc_prob > 0 && lk_container_insert_call(o);
    if (!inserts && !(lk_string_spill_chance(df, op) >= 1.0 && pa_catalog_string_growth(o, &(int64_t){0}, NULL)))
        return false;
    if (held_before(df, PA_NONE, released) != HELD_MUST)
        return false;
    int slot = pa_value_root(f, o->args[0], NULL);
    const pa_value *sv = pa_value_at(f, slot);
    check_ctx *c = df->ctx;
    for (int i = 0; i < c->nlocal_built; i++)
        if (c->local_built[i] == slot)
            return false; /* one finding per container */
    return sv && sv->kind == PA_VAL_STACK && built_under_lock(df, slot, op);
}

#define LOCAL_BUILD_REASON                                                                       \
    "the container is a local built from empty under the lock: its first insertion allocates " \
    "on every call"

static void check_local_build(lk_df *df, int op, const bool *released)
{
    const pa_function *f = df->f;
    const pa_op *o = &f->ops[op];
    check_ctx *c = df->ctx;
    int slot = pa_value_root(f, o->args[0], NULL);
    const pa_value *sv = pa_value_at(f, slot);
    char held[512], cbuf[512];
    held_state h = held_before(df, PA_NONE, released);
    held_text(df, PA_NONE, released, h, held, sizeof held);
    pa_finding *fd = report(df, PA_F_ALLOC_UNDER_LOCK, op,
                            "%s grows '%s', a local container built from empty while holding %s: "
                            "it allocates under the lock on every call; build it before locking "
                            "or after unlocking, copying only the guarded pointers under the lock",
                            lk_fn_text(o->callee_demangled, "a container member", cbuf, sizeof cbuf),
                            sv->name ? sv->name : "a local", held);
    if (!fd)
        return;
    if (c->nlocal_built < (int)(sizeof c->local_built / sizeof *c->local_built))
        c->local_built[c->nlocal_built++] = slot;
    cJSON_AddStringToObject(fd->evidence, "callee", o->callee_demangled ? o->callee_demangled : "?");
    cJSON_AddNullToObject(fd->evidence, "bytes");
    cJSON_AddStringToObject(fd->evidence, "container", sv->name ? sv->name : "?");
    add_held_evidence(df, fd->evidence, PA_NONE, released, h);
    add_loop_evidence(df, fd->evidence, op);
    /* A vector or deque doubles its buffer: n insertions allocate ~log2(n)
     * + 1 times, not n (a map or list makes one node each). */
    cJSON *ex = cJSON_GetObjectItemCaseSensitive(fd->evidence, "executions_per_call");
    const char *d = o->callee_demangled;
    if (cJSON_IsNumber(ex) && ex->valuedouble > 1 && d &&
        (strstr(d, "std::vector<") || strstr(d, "std::deque<")))
        cJSON_SetNumberValue(ex, floor(log2(ex->valuedouble)) + 1);
    if (inserts_guarded_value(df, o, slot))
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "the values pushed are read under the lock (a snapshot of guarded "
                           "state): copying them needs the lock, and their count is only known "
                           "inside it");
    else
        lk_json_confidence(fd->evidence, LK_CONF_MEDIUM, LOCAL_BUILD_REASON);
}

/* Does the summary take some lock only for a NULL (zero) parameter? */
static bool has_null_only_lock(const lk_summary *s)
{
    for (size_t i = 0; i < s->locks.n; i++)
        if (s->locks.items[i].cond_param >= 0 && !s->locks.items[i].cond_nonzero)
            return true;
    return false;
}

/* The pointer arguments of call op known not to be NULL there, for the
 * advisor's cross-TU join: a callee that locks only for a NULL argument
 * (its summary's locks_if_null) takes nothing at this call. Only where
 * that can matter: a callee of another TU (or an indirect one), or one of
 * this TU whose summary has such a lock. */
static void add_nonnull_args(lk_df *df, int op, cJSON *e)
{
    const pa_op *o = &df->f->ops[op];
    int callee = lk_callee(df->mc, o);
    if (callee >= 0 && !has_null_only_lock(&df->mc->sums[callee]))
        return;
    cJSON *arr = NULL;
    for (size_t a = 0; a < o->nargs && a < 32; a++) {
        const pa_value *v = pa_value_at(df->f, o->args[a]);
        if (!v || !v->is_pointer || !lk_arg_nonnull(&df->fc, op, a))
            continue;
        if (!arr && !(arr = cJSON_AddArrayToObject(e, "nonnull_args")))
            return;
        cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)a));
    }
}

typedef struct callee_query {
    const pa_function *f;
    const char *callee;
} callee_query;

static bool calls_same(const void *ctx, intptr_t op)
{
    const callee_query *q = ctx;
    return strcmp(q->f->ops[op].callee, q->callee) == 0;
}

static void record_call(lk_df *df, int op)
{
    check_ctx *c = df->ctx;
    const pa_op *o = &df->f->ops[op];
    if (!o->callee || (o->call_flags & PA_CALL_INTRINSIC))
        return;
    if (held_before(df, PA_NONE, NULL) == HELD_NONE) {
        uint64_t key = pa_hash_str(o->callee);
        callee_query q = {df->f, o->callee};
        if (c->ncalls >= 256 || pa_map_find(&c->calls_seen, key, calls_same, &q, NULL))
            return;
        /* Out of memory in the index: the name may be listed twice. */
        if (cJSON_AddItemToArray(c->calls, cJSON_CreateString(o->callee))) {
            c->ncalls++;
            (void)pa_map_add(&c->calls_seen, key, op);
        }
        return;
    }
    if (c->under_at[op] >= 0) {
        /* Seen in an earlier run (split on a flag): what this one holds too. */
        cJSON *held = cJSON_GetObjectItem(cJSON_GetArrayItem(c->calls_under, c->under_at[op]), "held");
        for (int i = 0; i < df->ninst && held; i++) {
            if (!lk_bit(df->may, i))
                continue;
            bool known = false;
            cJSON *it;
            cJSON_ArrayForEach(it, held) known |= strcmp(it->valuestring, inst_name(df, i)) == 0;
            if (!known)
                cJSON_AddItemToArray(held, cJSON_CreateString(inst_name(df, i)));
        }
        return;
    }
    if (cJSON_GetArraySize(c->calls_under) >= 256)
        return;
    cJSON *e = cJSON_CreateObject();
    if (!e)
        return;
    cJSON_AddStringToObject(e, "callee", o->callee);
    cJSON *held = cJSON_AddArrayToObject(e, "held");
    for (int i = 0; i < df->ninst; i++)
        if (lk_bit(df->may, i) && held)
            cJSON_AddItemToArray(held, cJSON_CreateString(inst_name(df, i)));
    pa_json_add_loc(e, "location", &o->loc);
    add_nonnull_args(df, op, e);
    c->under_at[op] = cJSON_GetArraySize(c->calls_under);
    cJSON_AddItemToArray(c->calls_under, e);
}

/* A callee takes a lock of the class of k while k's class is held here:
 * the same connection lock entered again (it must be recursive), or a lock
 * of another object of that class. */
static void note_reentry(lk_df *df, int k)
{
    check_ctx *c = df->ctx;
    for (int j = 0; j < df->ninst; j++) {
        if (!lk_bit(df->may, j) || df->insts[j].cls != df->insts[k].cls)
            continue;
        bool recursive = recursive_inst(df, j);
        /* The very lock held here, taken again while it is not recursive,
         * is a double lock (check_double), not work serialised on purpose;
         * reached another way (s->db->mutex for db->mutex) it may be. */
        bool same = j == k || lk_sym_same(&df->insts[j], &df->insts[k]);
        if (c->reentered[j] != REENTRY_DOUBLE)
            c->reentered[j] = recursive || !same ? REENTRY_API : REENTRY_DOUBLE;
        /* The class is an API lock only where it is recursive: a callee
         * locking a child while the parent is held (hand over hand)
         * re-enters nothing, and a plain lock taken again deadlocks; neither
         * is a re-entry that orders nothing. */
        if (recursive)
            lk_class_set_reentered(&df->mc->classes, df->insts[j].cls);
    }
}

/* Is every lock in the finding's "held" list one that callees enter again?
 * REENTRY_DOUBLE when one of them is taken again as a double lock,
 * REENTRY_API when all are entered again on purpose, else REENTRY_NONE. */
static int reentered_held(const lk_df *df, const cJSON *held)
{
    const check_ctx *c = df->ctx;
    int n = 0, kind = REENTRY_API;
    const cJSON *it;
    cJSON_ArrayForEach(it, held)
    {
        int found = REENTRY_NONE;
        for (int j = 0; j < df->ninst && !found; j++)
            if (c->reentered[j] && cJSON_IsString(it) && strcmp(it->valuestring, inst_name(df, j)) == 0)
                found = c->reentered[j];
        if (!found)
            return REENTRY_NONE;
        if (found == REENTRY_DOUBLE)
            kind = REENTRY_DOUBLE;
        n++;
    }
    return n > 0 ? kind : REENTRY_NONE;
}

/* Work under a lock held for the whole call and entered again by the
 * functions it calls (SQLite's db->mutex around sqlite3_exec) is the call's
 * own work, serialised on purpose: say the finding is unsure. Under a lock
 * a callee takes again as a double lock, the deadlock is the finding. */
static void lower_reentered(lk_df *df)
{
    check_ctx *c = df->ctx;
    for (size_t i = c->first_report; i < c->out->count; i++) {
        pa_finding *fd = &c->out->items[i];
        if (fd->kind != PA_F_ALLOC_UNDER_LOCK && fd->kind != PA_F_BLOCKING_UNDER_LOCK)
            continue;
        int kind = reentered_held(df, cJSON_GetObjectItemCaseSensitive(fd->evidence, "held"));
        if (kind == REENTRY_API)
            pa_json_replace_confidence(fd->evidence, lk_confidence_name(LK_CONF_LOW),
                                       "the functions it calls take the same lock again while it is "
                                       "held: a recursive lock held for the whole call (an API lock), "
                                       "so what runs under it is serialised on purpose");
        else if (kind == REENTRY_DOUBLE)
            pa_json_replace_confidence(fd->evidence, lk_confidence_name(LK_CONF_LOW),
                                       "a function it calls takes the same lock again while it is "
                                       "held and the lock is not recursive: the double lock is the "
                                       "finding to fix first");
    }
}

/* Does the call take instance k itself (its callee's summary locks it)?
 * Then a wait of the callee does not release the caller's hold of k
 * before that: taking it is a double lock. */
static bool call_locks(const lk_df *df, const lk_fx *x, int k)
{
    for (int i = 0; i < x->nlck; i++)
        if (df->pool[x->lck0 + i] == k)
            return true;
    return false;
}

static void check_op(lk_df *df, int op)
{
    check_ctx *c = df->ctx;
    const pa_op *o = &df->f->ops[op];
    const lk_fx *x = &df->fx[op];
    lk_facts_op(&c->facts, df, op);
    switch (x->kind) {
    case FX_ACQ: acquisition(df, x->inst, op, false, x->retry, NULL); break;
    case FX_TRY: acquisition(df, x->inst, op, true, false, NULL); break;
    case FX_CALL: {
        const char *callee = o->callee_demangled ? o->callee_demangled : o->callee;
        /* A lock the callee releases before it takes it (a function called
         * with the lock held that drops it around slow work) is no double
         * lock, and what it blocks on is not under that lock. */
        for (int i = 0; i < x->nrel; i++)
            if (df->pool[x->rel0 + i] >= 0)
                c->released[df->pool[x->rel0 + i]] = c->dropped[df->pool[x->rel0 + i]] = true;
        /* A callee that only blocks in condition waits releases their mutex;
         * one whose wait is bound to its mutex, the lock held here. Only
         * while it waits: the wait returns with the lock held again, so
         * what the callee allocates before or after it is under the lock
         * (not dropped). */
        for (int i = 0; x->only_waits && i < x->nwait; i++)
            if (df->pool[x->wait0 + i] >= 0)
                c->released[df->pool[x->wait0 + i]] = true;
        int held = x->only_waits && x->wait_held ? lk_sole_held(df) : PA_NONE;
        if (held >= 0 && !call_locks(df, x, held))
            c->released[held] = true;
        for (int i = 0; i < x->nlck; i++) {
            int k = df->pool[x->lck0 + i];
            if (k < 0 || lk_call_leaves(df, x, k))
                continue;
            /* A callee's release of a lock this function does not hold (its
             * handle reached another way, p->stmt->db->mutex for p->db->mutex)
             * does not make its own taking of that class any less a reentry. */
            if (c->released[k] && lk_bit(df->may, k))
                continue;
            note_reentry(df, k);
            if (c->released[k])
                continue;
            check_double(df, k, op, df->insts[k].shared, callee);
            for (int j = 0; j < df->ninst; j++)
                if (j != k && lk_bit(df->may, j))
                    edge(df, j, k, op, true, false);
            if (lk_pool_effect_applies(df, (size_t)(x->lck0 + i)) == 1)
                check_loop_call(df, k, op, (size_t)(x->lck0 + i));
        }
        for (int i = 0; i < x->nacq; i++) {
            int k = df->pool[x->acq0 + i];
            if (k >= 0 && !c->released[k])
                acquisition(df, k, op, false, false, callee);
        }
        break;
    }
    default: break;
    }
    if (x->blocking || x->block_via_call)
        check_blocking(df, op, x, c->released);
    if (x->alloc)
        check_alloc(df, op);
    else if (o->kind == PA_OP_CALL && local_build_under_lock(df, op, x, c->dropped))
        check_local_build(df, op, c->dropped);
    else if (x->kind == FX_CALL && df->mc->sums[x->callee].alloc_prob >= 0.3 &&
             !pa_profile_report_call(df->f, o))
        check_alloc_call(df, op, x, c->dropped);
    if (x->kind == FX_CALL) {
        memset(c->released, 0, (size_t)df->ninst * sizeof *c->released);
        memset(c->dropped, 0, (size_t)df->ninst * sizeof *c->dropped);
    }
    if (o->kind == PA_OP_CALL || o->kind == PA_OP_ALLOC || o->kind == PA_OP_FREE)
        record_call(df, op);
    if (o->kind == PA_OP_CALL)
        note_loop_call(df, op);
}

/* ---- after every walk ------------------------------------------------------ */

/* The lock a finding is about and where it was acquired. */
static void add_class_evidence(const lk_df *df, cJSON *ev, int inst, const pa_loc *acquired)
{
    cJSON_AddStringToObject(ev, "lock_class", inst_name(df, inst));
    cJSON *acq = cJSON_AddArrayToObject(ev, "acquired_at");
    if (acq)
        lk_json_acquired(acq, inst_name(df, inst), acquired);
}

/* Reported at the acquisition: the shared return block clang merges every
 * return into is only the closing brace. */
static void report_leak(lk_df *df, int i)
{
    const lk_facts *k = &((const check_ctx *)df->ctx)->facts;
    const pa_loc *rl = lk_op_loc(df->f, k->leak_op[i]);
    const pa_block *leak_pred = pa_block_at(df->f, k->leak_block[i]);
    if (leak_pred && leak_pred->term_loc.line)
        rl = &leak_pred->term_loc; /* the path into a return block clang shares */
    char fbuf[512];
    pa_finding *fd = report(df, PA_F_LOCK_HELD_AT_RETURN, k->first_acq[i],
                            "%s can return with '%s' still locked (a return path through "
                            "line %u keeps it) while other paths unlock it: the next locker "
                            "deadlocks; unlock it on every return path (a single exit or a "
                            "cleanup label helps)",
                            lk_fn_text(df->f->demangled, "an indirect call", fbuf, sizeof fbuf),
                            inst_shown(df, i), rl->line);
    if (!fd)
        return;
    add_class_evidence(df, fd->evidence, i, lk_op_loc(df->f, k->first_acq[i]));
    pa_json_add_loc(fd->evidence, "return_location", rl);
    bool via_call = pa_op_ok(df->f, k->first_acq[i]) && df->fx[k->first_acq[i]].kind == FX_CALL;
    if (!k->leak_must[i])
        lk_json_confidence(fd->evidence, LK_CONF_LOW,
                           "the lock is held on some paths to that return, not on all");
    else if (via_call)
        lk_json_confidence(fd->evidence, LK_CONF_MEDIUM,
                           "held on every path to that return; it is taken inside a callee, "
                           "through its summary");
    else
        lk_json_confidence(fd->evidence, LK_CONF_HIGH,
                           "held on every path to that return and released on others");
}

/* The critical sections of instance i in this function, for the
 * advisor's whole-program judgement of a read-write lock (it weighs every
 * section of the class across the build; one function shows too little). */
static void add_sections(lk_df *df, int i)
{
    const check_ctx *c = df->ctx;
    const lk_facts *k = &c->facts;
    const pa_function *f = df->f;
    int sections = 0;
    bool in_loop = false;
    double executions = 0;
    for (size_t op = 0; op < f->nops; op++) {
        const lk_fx *x = &df->fx[op];
        if (!((x->kind == FX_ACQ && x->inst == i) || lk_call_leaves(df, x, i)))
            continue;
        int b = f->ops[op].block;
        sections++;
        in_loop |= pa_block_loop(f, b) != PA_NONE;
        executions += f->blocks[b].freq;
    }
    if (sections == 0)
        return;
    cJSON *sec = cJSON_CreateObject();
    if (!sec || !cJSON_AddItemToArray(c->out->lock_sections, sec)) {
        cJSON_Delete(sec);
        df->mc->oom = true;
        return;
    }
    int op = k->first_acq[i];
    pa_lock_prim prim = df->insts[i].prim;
    bool shared = df->insts[i].shared;
    if (pa_op_ok(f, op) && df->fx[op].kind == FX_ACQ) {
        prim = f->ops[op].prim;
        shared = f->ops[op].shared;
    }
    cJSON_AddStringToObject(sec, "class", inst_name(df, i));
    cJSON_AddStringToObject(sec, "prim", pa_lock_prim_name(prim));
    cJSON_AddStringToObject(sec, "function", f->name);
    cJSON_AddStringToObject(sec, "function_demangled", f->demangled ? f->demangled : f->name);
    pa_json_add_loc(sec, "location", lk_op_loc(f, op));
    cJSON_AddNumberToObject(sec, "sections", sections);
    cJSON_AddNumberToObject(sec, "read_only", k->read[i] && !k->wrote[i] ? sections : 0);
    cJSON_AddNumberToObject(sec, "shared", shared ? sections : 0);
    cJSON_AddBoolToObject(sec, "in_loop", in_loop);
    cJSON_AddNumberToObject(sec, "executions_per_call", executions);
}

static void add_names(const lk_df *df, cJSON *obj, const char *key, const lk_symlist *l)
{
    if (l->n == 0)
        return;
    cJSON *arr = cJSON_AddArrayToObject(obj, key);
    for (size_t i = 0; arr && i < l->n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(lk_class_name(&df->mc->classes, l->items[i].cls)));
}

/* "locks_if_null": {class: parameter} for each lock taken only when that
 * parameter is NULL (zero), so that callers in other TUs that pass a
 * pointer known not to be NULL (calls_under_lock's nonnull_args) can drop
 * it. The class stays in "locks" for readers that do not know the key. */
static void add_null_conditions(const lk_df *df, cJSON *obj, const lk_symlist *l)
{
    cJSON *map = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const lk_sym *s = &l->items[i];
        if (s->cond_param < 0 || s->cond_nonzero)
            continue;
        const char *name = lk_class_name(&df->mc->classes, s->cls);
        if (!map && !(map = cJSON_AddObjectToObject(obj, "locks_if_null")))
            return;
        if (!cJSON_GetObjectItemCaseSensitive(map, name))
            cJSON_AddNumberToObject(map, name, s->cond_param);
    }
}

/* "lock_calls": the locks a call of this function takes and releases on
 * most of its calls (lock_prob), unconditionally, the same lock for the
 * same arguments: {"class", "param" (the parameter it is reached from, -1
 * for a named lock), "chance"}. With "loop_calls" of another TU the
 * advisor finds a lock taken per element inside a callee (lock-in-loop). */
static void add_lock_calls(const lk_df *df, cJSON *obj, const lk_summary *s)
{
    cJSON *arr = NULL;
    for (size_t i = 0; i < s->locks.n; i++) {
        const lk_sym *l = &s->locks.items[i];
        if (s->lock_prob[i] < LK_CALLEE_LOOP_PROB || s->lock_around_loop[i] || l->element ||
            l->cond_param >= 0 ||
            !lk_sym_known(&df->mc->classes, l) || lk_symlist_find(&s->leaves, l) >= 0 ||
            lk_symlist_find(&s->unlocks, l) >= 0 ||
            (l->param >= 0 && l->off0 == PA_UNKNOWN_SIZE) ||
            (l->param < 0 && lk_class_kind(&df->mc->classes, l->cls) != PA_CLASS_GLOBAL))
            continue;
        if (!arr && !(arr = cJSON_AddArrayToObject(obj, "lock_calls")))
            return;
        cJSON *e = cJSON_CreateObject();
        if (!e)
            return;
        cJSON_AddStringToObject(e, "class", lk_class_name(&df->mc->classes, l->cls));
        cJSON_AddNumberToObject(e, "param", l->param);
        cJSON_AddNumberToObject(e, "chance", pa_estimate_digits(s->lock_prob[i]));
        if (s->lock_param[i] >= 0)
            cJSON_AddNumberToObject(e, "needs_param", s->lock_param[i]);
        cJSON_AddItemToArray(arr, e);
    }
}

static int write_json_summary(lk_df *df)
{
    check_ctx *c = df->ctx;
    const lk_summary *s = &df->mc->sums[df->fc.index];
    cJSON *js = pa_report_summary(c->out, df->f);
    if (!js)
        return -1;
    if (!cJSON_GetObjectItemCaseSensitive(js, "demangled"))
        cJSON_AddStringToObject(js, "demangled", df->f->demangled ? df->f->demangled : df->f->name);
    if (df->f->loc.file && !cJSON_GetObjectItemCaseSensitive(js, "file"))
        cJSON_AddStringToObject(js, "file", df->f->loc.file);
    add_names(df, js, "locks", &s->locks);
    add_null_conditions(df, js, &s->locks);
    add_names(df, js, "leaves_locked", &s->leaves);
    add_names(df, js, "unlocks", &s->unlocks);
    add_lock_calls(df, js, s);
    if (s->may_block && !cJSON_GetObjectItemCaseSensitive(js, "may_block")) {
        cJSON_AddTrueToObject(js, "may_block");
        /* The chance per call of reaching the blocking call this TU knows:
         * the advisor adds the waits of other TUs' functions it calls. */
        cJSON_AddNumberToObject(js, "block_chance", pa_estimate_digits(s->block_prob));
    }
    if (cJSON_GetArraySize(c->calls) > 0) {
        cJSON_AddItemToObject(js, "calls", c->calls);
        c->calls = NULL;
    }
    if (cJSON_GetArraySize(c->calls_under) > 0) {
        cJSON_AddItemToObject(js, "calls_under_lock", c->calls_under);
        c->calls_under = NULL;
    }
    if (cJSON_GetArraySize(c->loop_calls) > 0) {
        cJSON_AddItemToObject(js, "loop_calls", c->loop_calls);
        c->loop_calls = NULL;
    }
    return 0;
}

static int check_finish(lk_df *df)
{
    const lk_facts *k = &((const check_ctx *)df->ctx)->facts;
    lower_reentered(df);
    for (int i = 0; i < df->ninst; i++) {
        if (k->leaked[i] && !lk_facts_excused_leak(k, df, i) &&
            lk_sym_known(&df->mc->classes, &df->insts[i]) && !lk_null_only_unheld(df, i))
            report_leak(df, i);
        if (k->first_acq[i] >= 0 && k->acq_blocking[i] && lk_sym_known(&df->mc->classes, &df->insts[i]) &&
            lk_class_kind(&df->mc->classes, df->insts[i].cls) != PA_CLASS_LOCAL)
            add_sections(df, i);
    }
    return write_json_summary(df);
}

static const lk_client check_client = {check_begin, check_op, check_finish};

int lk_check_function(lk_module *mc, int index, lk_order *order, pa_report *out)
{
    check_ctx c;
    memset(&c, 0, sizeof c);
    c.out = out;
    c.order = order;
    int rc = lk_engine_run(mc, index, &check_client, &c);
    check_free(&c);
    return rc;
}
