/* passes/locks_check.c — what the held-lock states of one function mean:
 * double locks, locks held at return, blocking calls, allocations and
 * lock/unlock pairs in loops inside critical sections, read-only critical
 * sections, nested-acquisition edges, and the function's summary.
 * Called by locks_dataflow.c; tested by tests/test_locks.c. */
#include "locks_internal.h"

#include "catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lk_check {
    unsigned *reported;  /* per op: 1 << finding kind already reported here */
    int *first_acq;      /* per instance: first acquisition op in the function */
    bool *acq_blocking;  /* acquired by a blocking lock (not only by trylock) */
    bool *leaked;        /* held at some normal return */
    int *leak_op;        /* the first such return */
    bool *not_must_ret;  /* some normal return does not surely hold it */
    bool *wrote, *read;  /* inside its critical sections in this function */
    bool *unheld_unlock; /* released while not held: an unlock wrapper */
    bool *locks;         /* acquired (blocking) directly or through a callee */
    int *loop_reported;  /* lock-in-loop already reported for this loop */
    bool trivial;        /* only lock operations and bookkeeping: a lock wrapper */
    bool pure;
    bool may_block;
    const char *block_callee, *block_why;
    uint32_t writes_params;
    bool writes_other;
    cJSON *calls, *calls_under; /* REPORT mode: JSON summary lists */
} lk_check;

static const char *base_name(const char *p)
{
    if (!p)
        return "?";
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* "f()" for C names, the demangled signature as is for C++. */
static const char *fn_text(const char *name, char *buf, size_t n)
{
    if (!name)
        name = "an indirect call";
    snprintf(buf, n, strchr(name, '(') ? "%s" : "%s()", name);
    return buf;
}

static const char *inst_name(const lk_df *df, int inst)
{
    return lk_class_name(&df->mc->classes, df->insts[inst].cls);
}

static const pa_loc *op_loc(const lk_df *df, int op)
{
    static const pa_loc none = {NULL, 0, 0};
    return op >= 0 && (size_t)op < df->f->nops ? &df->f->ops[op].loc : &none;
}

int lk_check_begin(lk_df *df)
{
    lk_check *c = calloc(1, sizeof *c);
    size_t k = (size_t)(df->ninst ? df->ninst : 1);
    if (!c)
        return -1;
    df->check = c;
    c->reported = calloc(df->f->nops ? df->f->nops : 1, sizeof *c->reported);
    c->first_acq = malloc(k * sizeof *c->first_acq);
    c->leak_op = malloc(k * sizeof *c->leak_op);
    c->loop_reported = malloc(k * sizeof *c->loop_reported);
    c->acq_blocking = calloc(k, sizeof(bool));
    c->leaked = calloc(k, sizeof(bool));
    c->not_must_ret = calloc(k, sizeof(bool));
    c->wrote = calloc(k, sizeof(bool));
    c->read = calloc(k, sizeof(bool));
    c->unheld_unlock = calloc(k, sizeof(bool));
    c->locks = calloc(k, sizeof(bool));
    if (!c->reported || !c->first_acq || !c->leak_op || !c->loop_reported || !c->acq_blocking ||
        !c->leaked || !c->not_must_ret || !c->wrote || !c->read || !c->unheld_unlock || !c->locks)
        return -1;
    for (size_t i = 0; i < k; i++)
        c->first_acq[i] = c->leak_op[i] = c->loop_reported[i] = PA_NONE;
    c->trivial = true;
    c->pure = true;
    if (df->mode == LK_REPORT) {
        c->calls = cJSON_CreateArray();
        c->calls_under = cJSON_CreateArray();
        if (!c->calls || !c->calls_under)
            return -1;
    }
    return 0;
}

void lk_check_free(lk_df *df)
{
    lk_check *c = df->check;
    if (!c)
        return;
    free(c->reported);
    free(c->first_acq);
    free(c->leak_op);
    free(c->loop_reported);
    free(c->acq_blocking);
    free(c->leaked);
    free(c->not_must_ret);
    free(c->wrote);
    free(c->read);
    free(c->unheld_unlock);
    free(c->locks);
    cJSON_Delete(c->calls);
    cJSON_Delete(c->calls_under);
    free(c);
    df->check = NULL;
}

/* ---- evidence helpers ---------------------------------------------------- */

static bool any_held(const lk_df *df, int except)
{
    for (int i = 0; i < df->ninst; i++)
        if (i != except && lk_bit(df->may, i))
            return true;
    return false;
}

/* "'a', 'b'" for held locks (except one), into buf. */
static const char *held_text(const lk_df *df, int except, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < df->ninst && used + 8 < n; i++) {
        if (i == except || !lk_bit(df->may, i))
            continue;
        int w = snprintf(buf + used, n - used, "%s'%s'", used ? ", " : "", inst_name(df, i));
        if (w < 0)
            break;
        used += (size_t)w < n - used ? (size_t)w : n - used - 1;
    }
    return buf;
}

void lk_json_acquired(cJSON *arr, const char *cls, const pa_loc *loc)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return;
    cJSON_AddStringToObject(o, "class", cls);
    pa_json_add_loc(o, "location", loc);
    cJSON_AddItemToArray(arr, o);
}

static void add_held_evidence(const lk_df *df, cJSON *ev, int except)
{
    cJSON *held = cJSON_AddArrayToObject(ev, "held");
    cJSON *acq = cJSON_AddArrayToObject(ev, "acquired_at");
    for (int i = 0; i < df->ninst; i++) {
        if (i == except || !lk_bit(df->may, i))
            continue;
        if (held)
            cJSON_AddItemToArray(held, cJSON_CreateString(inst_name(df, i)));
        if (acq)
            lk_json_acquired(acq, inst_name(df, i), op_loc(df, df->acq[i]));
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
    lk_check *c = df->check;
    if (df->mode != LK_REPORT || op < 0 || (c->reported[op] & (1u << kind)))
        return NULL;
    c->reported[op] |= 1u << kind;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pa_finding *fd = pa_report_add(df->mc->out, kind, df->f, op, "%s%s", msg, debug_note(df));
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
    if (df->mode != LK_REPORT || outer == inner)
        return;
    const lk_sym *a = &df->insts[outer], *b = &df->insts[inner];
    if (!lk_sym_known(&df->mc->classes, a) || !lk_sym_known(&df->mc->classes, b) || a->cls == b->cls)
        return;
    lk_edge e = {a->cls, b->cls, df->fc.index, op, df->acq[outer], via_call, trylock,
                 via_call ? df->f->ops[op].callee_demangled : NULL};
    if (lk_add_edge(df->mc, &e) != 0)
        df->mc->oom = true;
}

static bool recursive_inst(const lk_df *df, int inst)
{
    const lk_sym *s = &df->insts[inst];
    return s->recursive || (s->cls >= 0 && (size_t)s->cls < df->mc->classes.n &&
                            df->mc->classes.items[s->cls].recursive);
}

static void check_double(lk_df *df, int inst, int op, bool shared, const char *callee)
{
    if (!lk_bit(df->may, inst) || recursive_inst(df, inst))
        return;
    if (!lk_sym_known(&df->mc->classes, &df->insts[inst]))
        return;
    int prev = df->acq[inst];
    if (shared && prev >= 0 && (size_t)prev < df->f->nops &&
        (df->fx[prev].kind == FX_CALL ? df->insts[inst].shared : df->f->ops[prev].shared))
        return; /* two read locks: allowed */
    const pa_loc *pl = op_loc(df, prev);
    pa_finding *fd;
    char cbuf[512];
    if (callee)
        fd = report(df, PA_F_DOUBLE_LOCK, op,
                    "%s locks '%s', which is already held here (acquired at %s:%u): a "
                    "non-recursive mutex deadlocks on itself; unlock before the call or "
                    "call a variant that expects the lock held",
                    fn_text(callee, cbuf, sizeof cbuf), inst_name(df, inst), base_name(pl->file),
                    pl->line);
    else
        fd = report(df, PA_F_DOUBLE_LOCK, op,
                    "'%s' is locked again while it may already be held (acquired at %s:%u): a "
                    "non-recursive mutex deadlocks on itself; unlock it first or lock it once",
                    inst_name(df, inst), base_name(pl->file), pl->line);
    if (!fd)
        return;
    cJSON_AddStringToObject(fd->evidence, "lock_class", inst_name(df, inst));
    cJSON *acq = cJSON_AddArrayToObject(fd->evidence, "acquired_at");
    if (acq) {
        lk_json_acquired(acq, inst_name(df, inst), pl);
        lk_json_acquired(acq, inst_name(df, inst), op_loc(df, op));
    }
    if (callee)
        cJSON_AddStringToObject(fd->evidence, "callee", callee);
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
            if (t < 0 || (size_t)t >= f->nblocks || seen[t])
                continue;
            int l = f->blocks[t].loop;
            bool inside = false;
            for (size_t k = 0; k <= f->nloops && l >= 0 && (size_t)l < f->nloops; k++) {
                if (l == loop) {
                    inside = true;
                    break;
                }
                l = f->loops[l].parent;
            }
            if (inside) {
                seen[t] = 1;
                stack[sp++] = t;
            }
        }
    }
done:
    free(seen);
    free(stack);
    return found;
}

static bool loop_has_trylock(const lk_df *df, int loop)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops; i++) {
        if (df->fx[i].kind != FX_TRY)
            continue;
        int l = f->blocks[f->ops[i].block].loop;
        for (size_t k = 0; k <= f->nloops && l >= 0 && (size_t)l < f->nloops; k++) {
            if (l == loop)
                return true;
            l = f->loops[l].parent;
        }
    }
    return false;
}

static void check_loop(lk_df *df, int inst, int op)
{
    const pa_function *f = df->f;
    int b = f->ops[op].block, loop = f->blocks[b].loop;
    lk_check *c = df->check;
    if (df->mode != LK_REPORT || loop < 0 || (size_t)loop >= f->nloops || c->loop_reported[inst] == loop)
        return;
    int header = f->loops[loop].header;
    if (header < 0 || (size_t)header >= f->nblocks || !df->visited[header])
        return;
    if (lk_bit(df->in_may + (size_t)header * df->nwords, inst))
        return; /* held across iterations: taken once around the loop */
    if (!lk_sym_known(&df->mc->classes, &df->insts[inst]) || loop_has_trylock(df, loop) ||
        !iterates(df, b, loop))
        return;
    const pa_loop *l = &f->loops[loop];
    char trips[64];
    if (l->trip_count > 0)
        snprintf(trips, sizeof trips, "%lld iterations", (long long)l->trip_count);
    else if (l->trip_text)
        snprintf(trips, sizeof trips, "%.40s iterations", l->trip_text);
    else if (l->max_trip_text)
        snprintf(trips, sizeof trips, "at most %.40s iterations", l->max_trip_text);
    else
        snprintf(trips, sizeof trips, "unknown trip count");
    pa_finding *fd = report(df, PA_F_LOCK_IN_LOOP, op,
                            "'%s' is locked and unlocked on every iteration of this loop (%s, "
                            "~%.3g times per call): take the lock once around the loop, or "
                            "batch the work and lock once per batch",
                            inst_name(df, inst), trips, f->blocks[b].freq);
    if (!fd)
        return;
    c->loop_reported[inst] = loop;
    cJSON_AddStringToObject(fd->evidence, "lock_class", inst_name(df, inst));
    add_loop_evidence(df, fd->evidence, op);
    cJSON *acq = cJSON_AddArrayToObject(fd->evidence, "acquired_at");
    if (acq)
        lk_json_acquired(acq, inst_name(df, inst), op_loc(df, op));
}

static void note_acquire(lk_df *df, int inst, int op, bool blocking)
{
    lk_check *c = df->check;
    if (c->first_acq[inst] < 0)
        c->first_acq[inst] = op;
    if (blocking) {
        c->acq_blocking[inst] = true;
        c->locks[inst] = true;
    }
}

static void acquisition(lk_df *df, int inst, int op, bool trylock, bool retry, const char *callee)
{
    if (inst < 0)
        return;
    note_acquire(df, inst, op, !trylock);
    bool shared = df->fx[op].kind == FX_CALL ? df->insts[inst].shared : df->f->ops[op].shared;
    if (!trylock && !retry)
        check_double(df, inst, op, shared, callee);
    for (int j = 0; j < df->ninst; j++)
        if (j != inst && lk_bit(df->may, j))
            edge(df, j, inst, op, callee != NULL, trylock);
    if (!trylock && !retry)
        check_loop(df, inst, op);
}

static void check_blocking(lk_df *df, int op, const lk_fx *x)
{
    int released = x->kind == FX_WAIT ? x->inst : PA_NONE;
    if (!any_held(df, released))
        return;
    const pa_op *o = &df->f->ops[op];
    char cbuf[512], held[512];
    const char *callee = fn_text(o->callee_demangled, cbuf, sizeof cbuf);
    held_text(df, released, held, sizeof held);
    pa_finding *fd;
    if (x->kind == FX_WAIT)
        fd = report(df, PA_F_BLOCKING_UNDER_LOCK, op,
                    "%s releases only '%s' while it waits, but %s stays locked: every thread "
                    "needing it waits as long; unlock it before waiting",
                    callee, released >= 0 ? inst_name(df, released) : "its mutex", held);
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
    add_held_evidence(df, fd->evidence, released);
}

static void check_alloc(lk_df *df, int op)
{
    if (!any_held(df, PA_NONE))
        return;
    const pa_op *o = &df->f->ops[op];
    char held[512];
    held_text(df, PA_NONE, held, sizeof held);
    pa_finding *fd = report(df, PA_F_ALLOC_UNDER_LOCK, op,
                            "%s allocates while holding %s: the allocator may take its own "
                            "lock or fault pages inside the critical section; allocate before "
                            "locking and only publish the pointer under the lock",
                            pa_allocator_name(o->allocator), held);
    if (!fd)
        return;
    cJSON_AddStringToObject(fd->evidence, "allocator", pa_allocator_name(o->allocator));
    if (o->alloc_size != PA_UNKNOWN_SIZE)
        cJSON_AddNumberToObject(fd->evidence, "bytes", (double)o->alloc_size);
    else
        cJSON_AddNullToObject(fd->evidence, "bytes");
    add_held_evidence(df, fd->evidence, PA_NONE);
    add_loop_evidence(df, fd->evidence, op);
}

static void record_call(lk_df *df, int op)
{
    lk_check *c = df->check;
    const pa_op *o = &df->f->ops[op];
    if (df->mode != LK_REPORT || !o->callee || (o->call_flags & PA_CALL_INTRINSIC))
        return;
    if (!any_held(df, PA_NONE)) {
        cJSON *it;
        cJSON_ArrayForEach(it, c->calls) if (strcmp(it->valuestring, o->callee) == 0) return;
        if (cJSON_GetArraySize(c->calls) < 256)
            cJSON_AddItemToArray(c->calls, cJSON_CreateString(o->callee));
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
    cJSON_AddItemToArray(c->calls_under, e);
}

/* Facts for the summary that do not depend on held locks. */
static void note_effects(lk_df *df, int op)
{
    lk_check *c = df->check;
    const pa_op *o = &df->f->ops[op];
    const lk_fx *x = &df->fx[op];
    if (x->blocking || x->block_via_call) {
        if (!c->may_block) {
            c->block_callee = x->blocking ? o->callee : df->mc->sums[x->callee].block_callee;
            c->block_why = x->why;
        }
        c->may_block = true;
    }
    bool lockop = x->kind == FX_ACQ || x->kind == FX_TRY || x->kind == FX_REL;
    switch (o->kind) {
    case PA_OP_LOAD:
    case PA_OP_RET: return;
    case PA_OP_STORE: {
        lk_loc l = lk_resolve_loc(&df->fc, o->addr, 0);
        if (l.kind == LK_LOC_STACK)
            return;
        c->pure = false;
        c->trivial = false;
        if (l.kind == LK_LOC_ARG && l.base < 32)
            c->writes_params |= 1u << l.base;
        else
            c->writes_other = true;
        return;
    }
    default: break;
    }
    if (lockop) {
        c->pure = false;
        return;
    }
    if (x->kind == FX_CALL) {
        const lk_summary *s = &df->mc->sums[x->callee];
        if (!s->pure)
            c->pure = false;
        if (!s->pure && !s->leaves.n && !s->unlocks.n)
            c->trivial = false;
        c->writes_other |= s->writes_other;
        for (size_t a = 0; a < o->nargs && a < 32; a++) {
            if (!((s->writes_params >> a) & 1u))
                continue;
            lk_loc l = lk_resolve_loc(&df->fc, o->args[a], 0);
            if (l.kind == LK_LOC_ARG && l.base < 32)
                c->writes_params |= 1u << l.base;
            else if (l.kind != LK_LOC_STACK)
                c->writes_other = true;
        }
        return;
    }
    c->pure = false;
    if (!(o->call_flags & (PA_CALL_NORETURN | PA_CALL_INTRINSIC)))
        c->trivial = false;
    if (!(o->call_flags & (PA_CALL_READS_ONLY | PA_CALL_NO_MEMORY)) && o->kind != PA_OP_ALLOC)
        c->writes_other = true;
}

void lk_check_op(lk_df *df, int op)
{
    lk_check *c = df->check;
    const pa_function *f = df->f;
    const pa_op *o = &f->ops[op];
    const lk_fx *x = &df->fx[op];
    if (df->eh[o->block])
        return; /* exception cleanup: RAII unlocks, not the paths that matter */
    note_effects(df, op);
    switch (x->kind) {
    case FX_ACQ: acquisition(df, x->inst, op, false, x->retry, NULL); break;
    case FX_TRY: acquisition(df, x->inst, op, true, false, NULL); break;
    case FX_REL:
        if (x->inst >= 0 && !lk_bit(df->may, x->inst) && c->first_acq[x->inst] < 0) {
            bool other = false;
            for (int j = 0; j < df->ninst; j++)
                other |= j != x->inst && lk_bit(df->may, j) && df->insts[j].param < 0 &&
                         df->insts[j].cls == df->insts[x->inst].cls;
            if (!other)
                c->unheld_unlock[x->inst] = true;
        }
        break;
    case FX_CALL: {
        const char *callee = o->callee_demangled ? o->callee_demangled : o->callee;
        for (int i = 0; i < x->nrel; i++) {
            int k = df->pool[x->rel0 + i];
            if (k >= 0 && !lk_bit(df->may, k) && c->first_acq[k] < 0)
                c->unheld_unlock[k] = true;
        }
        for (int i = 0; i < x->nlck; i++) {
            int k = df->pool[x->lck0 + i];
            bool left = false;
            for (int j = 0; j < x->nacq; j++)
                left |= df->pool[x->acq0 + j] == k;
            if (k < 0 || left)
                continue;
            c->locks[k] = true;
            check_double(df, k, op, df->insts[k].shared, callee);
            for (int j = 0; j < df->ninst; j++)
                if (j != k && lk_bit(df->may, j))
                    edge(df, j, k, op, true, false);
        }
        for (int i = 0; i < x->nacq; i++)
            acquisition(df, df->pool[x->acq0 + i], op, false, false, callee);
        break;
    }
    default: break;
    }
    if (x->blocking || x->block_via_call)
        check_blocking(df, op, x);
    if (x->alloc)
        check_alloc(df, op);
    if (o->kind == PA_OP_CALL || o->kind == PA_OP_ALLOC || o->kind == PA_OP_FREE)
        record_call(df, op);
    for (int i = 0; i < df->ninst; i++) {
        if (!lk_bit(df->may, i))
            continue;
        c->wrote[i] |= x->write;
        c->read[i] |= x->read;
    }
    if (o->kind == PA_OP_RET) {
        for (int i = 0; i < df->ninst; i++) {
            if (!lk_bit(df->must, i))
                c->not_must_ret[i] = true;
            if (lk_bit(df->may, i) && !c->leaked[i]) {
                c->leaked[i] = true;
                c->leak_op[i] = op;
            }
        }
    }
}

void lk_check_end_walk(lk_df *df)
{
    (void)df;
}

/* ---- after every walk ------------------------------------------------------ */

static bool excused_leak(const lk_df *df, int i)
{
    const lk_check *c = df->check;
    if (!c->not_must_ret[i])
        return true; /* held on every return: acquiring is this function's job */
    if (!c->acq_blocking[i])
        return true; /* trylock wrapper: the caller tests the result */
    return df->insts[i].param >= 0 && c->trivial;
}

/* Reported at the acquisition: the shared return block clang merges every
 * return into is only the closing brace. */
static void report_leak(lk_df *df, int i)
{
    const lk_check *c = df->check;
    const pa_loc *rl = op_loc(df, c->leak_op[i]);
    char fbuf[512];
    pa_finding *fd = report(df, PA_F_LOCK_HELD_AT_RETURN, c->first_acq[i],
                            "%s can return with '%s' still locked (a return path through "
                            "line %u keeps it) while other paths unlock it: the next locker "
                            "deadlocks; unlock it on every return path (a single exit or a "
                            "cleanup label helps)",
                            fn_text(df->f->demangled, fbuf, sizeof fbuf), inst_name(df, i),
                            rl->line);
    if (!fd)
        return;
    cJSON_AddStringToObject(fd->evidence, "lock_class", inst_name(df, i));
    cJSON *acq = cJSON_AddArrayToObject(fd->evidence, "acquired_at");
    if (acq)
        lk_json_acquired(acq, inst_name(df, i), op_loc(df, c->first_acq[i]));
    pa_json_add_loc(fd->evidence, "return_location", rl);
}

static bool exclusive_mutex(const lk_df *df, int i)
{
    const lk_check *c = df->check;
    int op = c->first_acq[i];
    pa_lock_prim p = df->insts[i].prim;
    bool shared = df->insts[i].shared;
    if (op >= 0 && (size_t)op < df->f->nops && df->fx[op].kind == FX_ACQ) {
        p = df->f->ops[op].prim;
        shared = df->f->ops[op].shared;
    }
    return !shared && (p == PA_PRIM_PTHREAD_MUTEX || p == PA_PRIM_C11_MTX || p == PA_PRIM_STD_MUTEX);
}

static void report_rwlock(lk_df *df, int i)
{
    const lk_check *c = df->check;
    char fbuf[512];
    pa_finding *fd = report(df, PA_F_RWLOCK_CANDIDATE, c->first_acq[i],
                            "the critical section of '%s' in %s only reads shared state: if "
                            "readers dominate, make it a pthread_rwlock_t (std::shared_mutex) "
                            "and take it shared here so readers run in parallel",
                            inst_name(df, i), fn_text(df->f->demangled, fbuf, sizeof fbuf));
    if (!fd)
        return;
    cJSON_AddStringToObject(fd->evidence, "lock_class", inst_name(df, i));
    cJSON *acq = cJSON_AddArrayToObject(fd->evidence, "acquired_at");
    if (acq)
        lk_json_acquired(acq, inst_name(df, i), op_loc(df, c->first_acq[i]));
}

static bool summarisable(const lk_df *df, int i)
{
    return lk_sym_known(&df->mc->classes, &df->insts[i]) &&
           lk_class_kind(&df->mc->classes, df->insts[i].cls) != PA_CLASS_LOCAL;
}

static void fill_summary(lk_df *df, lk_summary *s)
{
    const lk_check *c = df->check;
    memset(s, 0, sizeof *s);
    s->done = true;
    for (int i = 0; i < df->ninst; i++) {
        if (!summarisable(df, i))
            continue;
        lk_sym sym = df->insts[i];
        sym.object = PA_NONE;
        if (c->locks[i])
            lk_symlist_add(&s->locks, &sym);
        if (c->leaked[i] && excused_leak(df, i))
            lk_symlist_add(&s->leaves, &sym);
        if (c->unheld_unlock[i])
            lk_symlist_add(&s->unlocks, &sym);
    }
    s->may_block = c->may_block;
    s->block_callee = c->block_callee;
    s->block_why = c->block_why;
    s->writes_params = c->writes_params;
    s->writes_other = c->writes_other;
    s->pure = c->pure;
    /* Stores of one parameter into another's memory (guard constructors). */
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops && s->npstores < LK_MAX_PSTORES; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_STORE || o->stored < 0)
            continue;
        lk_loc dst = lk_resolve_loc(&df->fc, o->addr, 0);
        lk_loc src = lk_resolve_loc(&df->fc, o->stored, 0);
        if (dst.kind == LK_LOC_ARG && src.kind == LK_LOC_ARG && dst.off != PA_UNKNOWN_SIZE &&
            src.off != PA_UNKNOWN_SIZE)
            s->pstores[s->npstores++] = (lk_pstore){dst.base, dst.off, src.base, src.off};
    }
}

static void add_names(const lk_df *df, cJSON *obj, const char *key, const lk_symlist *l)
{
    if (l->n == 0)
        return;
    cJSON *arr = cJSON_AddArrayToObject(obj, key);
    for (size_t i = 0; arr && i < l->n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(lk_class_name(&df->mc->classes, l->items[i].cls)));
}

static int write_json_summary(lk_df *df)
{
    lk_check *c = df->check;
    const lk_summary *s = &df->mc->sums[df->fc.index];
    cJSON *js = pa_report_summary(df->mc->out, df->f);
    if (!js)
        return -1;
    if (!cJSON_GetObjectItemCaseSensitive(js, "demangled"))
        cJSON_AddStringToObject(js, "demangled", df->f->demangled ? df->f->demangled : df->f->name);
    if (df->f->loc.file && !cJSON_GetObjectItemCaseSensitive(js, "file"))
        cJSON_AddStringToObject(js, "file", df->f->loc.file);
    add_names(df, js, "locks", &s->locks);
    add_names(df, js, "leaves_locked", &s->leaves);
    add_names(df, js, "unlocks", &s->unlocks);
    if (s->may_block && !cJSON_GetObjectItemCaseSensitive(js, "may_block"))
        cJSON_AddTrueToObject(js, "may_block");
    if (cJSON_GetArraySize(c->calls) > 0) {
        cJSON_AddItemToObject(js, "calls", c->calls);
        c->calls = NULL;
    }
    if (cJSON_GetArraySize(c->calls_under) > 0) {
        cJSON_AddItemToObject(js, "calls_under_lock", c->calls_under);
        c->calls_under = NULL;
    }
    return 0;
}

int lk_check_finish(lk_df *df)
{
    lk_check *c = df->check;
    if (df->mode == LK_SUMMARIZE) {
        fill_summary(df, &df->mc->sums[df->fc.index]);
        return 0;
    }
    for (int i = 0; i < df->ninst; i++) {
        if (c->leaked[i] && !excused_leak(df, i) && lk_sym_known(&df->mc->classes, &df->insts[i]))
            report_leak(df, i);
        if (c->first_acq[i] >= 0 && c->acq_blocking[i] && c->read[i] && !c->wrote[i] &&
            exclusive_mutex(df, i) && lk_sym_known(&df->mc->classes, &df->insts[i]))
            report_rwlock(df, i);
    }
    return write_json_summary(df);
}
