/* passes/escape_closure.c — where a pointer goes: the closure of the values
 * that are "it" (derived through GEPs, casts, phi/select, private stack
 * slots and pass-through string functions) and the classification of every
 * op that uses them: escape by return, global, heap, call or unknown, or a
 * free. Part of passes/escape.c; tested by tests/test_escape.c. */
#include "escape_internal.h"

#include <stdio.h>
#include <string.h>

static void begin_closure(esc_ctx *c, esc_flow *fl)
{
    memset(fl, 0, sizeof *fl);
    fl->via_op = PA_NONE;
    c->closure_stamp++;
    c->nmembers = 0;
    c->nvalue_work = 0;
    c->npending_ops = 0;
    c->nfree_events = 0;
}

static void add_member(esc_ctx *c, int v)
{
    if (!pa_value_ok(c->f, v) || c->in_closure[v] == c->closure_stamp)
        return;
    c->in_closure[v] = c->closure_stamp;
    c->members[c->nmembers++] = v;
    c->value_work[c->nvalue_work++] = v;
}

void esc_record_escape(esc_flow *fl, unsigned via, int op, const char *target)
{
    fl->via_mask |= via;
    if (fl->via != 0 && fl->via <= via)
        return;
    fl->via = via;
    fl->via_op = op;
    snprintf(fl->target, sizeof fl->target, "%s", target ? target : "?");
}

static void add_free(esc_ctx *c, int op, int value)
{
    if (c->nfree_events >= c->max_ops * 2)
        return; /* cannot happen with a well-formed use index: every op is visited once */
    c->free_event_op[c->nfree_events] = op;
    c->free_event_value[c->nfree_events] = value;
    c->nfree_events++;
}

/* Not yet reached by the offset fixpoint of a slot's addresses. */
#define SLOT_OFF_UNSET INT64_MAX

static int64_t add_offset(int64_t a, int64_t b)
{
    return a == PA_UNKNOWN_SIZE || b == PA_UNKNOWN_SIZE ? PA_UNKNOWN_SIZE : a + b;
}

/* A phi/select of slot addresses is still an address of the slot when its
 * other inputs are "it" or null: a loop-carried tail pointer that starts at
 * &head and then points into the node appended last (`*tail = n; tail =
 * &n->next`). Anything else (another object's address) makes it not exact. */
static bool merge_of_slot_or_it(const esc_ctx *c, const pa_value *pv)
{
    for (size_t i = 0; i < pv->ninputs && pv->inputs; i++) {
        int in = pv->inputs[i];
        bool slot_addr = pa_value_ok(c->f, in) && c->scratch_seen[in] == c->scratch_stamp;
        if (!slot_addr && !esc_in_closure(c, in) && !esc_is_const(c->f, in))
            return false;
    }
    return true;
}

/* Offset of every slot address (addrs[0] is the slot) into c->slot_off, a
 * fixpoint over GEPs and merges: UNSET, then a constant, then unknown when
 * two paths disagree. Returns false when it does not settle in bounds. */
static bool slot_offsets(esc_ctx *c, const int *addrs, size_t naddrs)
{
    const pa_function *f = c->f;
    for (size_t i = 0; i < naddrs; i++)
        c->slot_off[addrs[i]] = SLOT_OFF_UNSET;
    c->slot_off[addrs[0]] = 0;
    bool changed = true;
    for (size_t round = 0; changed; round++) {
        if (round > 2 * naddrs + 2 || --c->budget < 0)
            return false;
        changed = false;
        for (size_t i = 1; i < naddrs; i++) {
            int v = addrs[i];
            const pa_value *pv = &f->values[v];
            int64_t n = SLOT_OFF_UNSET;
            if (pv->kind == PA_VAL_DERIVED) {
                int64_t b = c->slot_off[pv->base];
                n = b == SLOT_OFF_UNSET ? b : add_offset(b, pv->offset);
            } else {
                for (size_t k = 0; k < pv->ninputs && pv->inputs; k++) {
                    int in = pv->inputs[k];
                    if (!pa_value_ok(f, in) || c->scratch_seen[in] != c->scratch_stamp)
                        continue;
                    int64_t o = c->slot_off[in];
                    if (o == SLOT_OFF_UNSET)
                        continue;
                    n = n == SLOT_OFF_UNSET || n == o ? o : PA_UNKNOWN_SIZE;
                }
            }
            if (n != c->slot_off[v]) {
                c->slot_off[v] = n;
                changed = true;
            }
        }
    }
    return true;
}

/* Offset of slot address v from the slot, PA_UNKNOWN_SIZE when not one constant. */
static int64_t offset_in_slot(const esc_ctx *c, int v)
{
    int64_t o = c->slot_off[v];
    return o == SLOT_OFF_UNSET ? PA_UNKNOWN_SIZE : o;
}

/* Stores at `off` must store values of the current closure or constants;
 * anything else that touches the slot (calls, its address stored, unknown
 * offsets) makes it not private. */
bool esc_private_slot_loads(esc_ctx *c, int slot, int64_t off, int out_op, size_t *nloads)
{
    const pa_function *f = c->f;
    *nloads = 0;
    if (off == PA_UNKNOWN_SIZE || !pa_value_ok(f, slot))
        return false;
    size_t half = c->max_values + 1;
    int *addrs = c->scratch + half;
    size_t naddrs = 0, head = 0;
    c->scratch_stamp++;
    c->scratch_seen[slot] = c->scratch_stamp;
    addrs[naddrs++] = slot;
    while (head < naddrs) {
        int v = addrs[head++];
        if (--c->budget < 0)
            return false;
        for (int k = c->derived_start[v]; k < c->derived_start[v + 1]; k++) {
            int u = c->derived_items[k];
            if (c->scratch_seen[u] != c->scratch_stamp && naddrs < half) {
                if (f->values[u].kind == PA_VAL_ARITH)
                    return false; /* an integer: not exact */
                c->scratch_seen[u] = c->scratch_stamp;
                addrs[naddrs++] = u;
            }
        }
    }
    for (size_t i = 0; i < naddrs; i++)
        if (f->values[addrs[i]].kind == PA_VAL_MERGE &&
            !merge_of_slot_or_it(c, &f->values[addrs[i]]))
            return false;
    if (!slot_offsets(c, addrs, naddrs))
        return false;
    for (size_t i = 0; i < naddrs; i++) {
        int v = addrs[i];
        for (int k = c->user_start[v]; k < c->user_start[v + 1]; k++) {
            int op = c->user_items[k];
            const pa_op *o = &f->ops[op];
            if (op == out_op) {
                bool only_out = o->ptr_arg >= 0 && (size_t)o->ptr_arg < o->nargs &&
                                o->args[o->ptr_arg] == v;
                for (size_t a = 0; a < o->nargs && only_out; a++)
                    if ((int)a != o->ptr_arg && pa_value_ok(f, o->args[a]) &&
                        c->scratch_seen[o->args[a]] == c->scratch_stamp)
                        only_out = false;
                if (!only_out)
                    return false;
                continue;
            }
            if (o->kind == PA_OP_LOAD && o->addr == v) {
                int64_t lo = offset_in_slot(c, v);
                if (lo == PA_UNKNOWN_SIZE)
                    return false;
                if (lo == off && pa_value_ok(f, o->result) && *nloads < half)
                    c->scratch[(*nloads)++] = o->result;
                continue;
            }
            bool stores_slot_address =
                pa_value_ok(f, o->stored) && c->scratch_seen[o->stored] == c->scratch_stamp;
            if (o->kind == PA_OP_STORE && o->addr == v && !stores_slot_address) {
                int64_t so = offset_in_slot(c, v);
                if (so == PA_UNKNOWN_SIZE)
                    return false;
                if (so == off && !esc_in_closure(c, o->stored) && !esc_is_const(f, o->stored))
                    return false;
                continue;
            }
            return false;
        }
    }
    return true;
}

/* The global behind a call to llvm.threadlocal.address (a _Thread_local or
 * thread_local variable, still a global), or NULL for any other op. */
static const pa_value *thread_local_global(const pa_function *f, const pa_op *def)
{
    if (!def || !def->callee || strncmp(def->callee, "llvm.threadlocal.address", 24) != 0 ||
        def->nargs == 0 || !def->args)
        return NULL;
    const pa_value *g = pa_value_at(f, def->args[0]);
    return g && g->kind == PA_VAL_GLOBAL ? g : NULL;
}

/* A value of the closure is stored by op at `addr` + extra_off, memory that
 * is not "it". */
static void classify_store(esc_ctx *c, esc_flow *fl, int op, int addr, int64_t extra_off)
{
    const pa_function *f = c->f;
    int64_t off = 0;
    int root = pa_value_root(f, addr, &off);
    off = add_offset(off, extra_off);
    char buf[ESC_TARGET_LEN];
    static const char unfollowed_store[] = "store through an address perfadvise cannot follow";
    const pa_value *r = pa_value_at(f, root);
    if (!r) {
        esc_record_escape(fl, ESC_VIA_UNKNOWN, op, unfollowed_store);
        return;
    }
    switch (r->kind) {
    case PA_VAL_GLOBAL:
        esc_readable_symbol(buf, sizeof buf, r->name);
        esc_record_escape(fl, ESC_VIA_GLOBAL, op, buf);
        return;
    case PA_VAL_ARG:
        esc_describe_param(f, root, buf, sizeof buf);
        esc_record_escape(fl, ESC_VIA_HEAP, op, buf);
        return;
    case PA_VAL_STACK: {
        size_t nloads = 0;
        if (esc_private_slot_loads(c, root, off, PA_NONE, &nloads)) {
            /* Loaded back from a private slot: still "it", but frees through
             * those loads are not trusted (the slot may hold older values). */
            for (size_t i = 0; i < nloads; i++)
                add_member(c, c->scratch[i]);
            return;
        }
        snprintf(buf, sizeof buf, "stored to stack slot '%s' whose address escapes",
                 r->name ? r->name : "<local>");
        esc_record_escape(fl, ESC_VIA_UNKNOWN, op, buf);
        return;
    }
    case PA_VAL_ALLOC:
        esc_record_escape(fl, ESC_VIA_HEAP, op, "another heap object");
        return;
    case PA_VAL_CALL: {
        const pa_op *def = pa_op_at(f, r->def_op);
        const pa_value *tls = thread_local_global(f, def);
        if (tls) {
            esc_readable_symbol(buf, sizeof buf, tls->name);
            esc_record_escape(fl, ESC_VIA_GLOBAL, op, buf);
        } else if (def && def->callee_demangled) {
            char name[96];
            esc_short_name(name, sizeof name, def->callee_demangled);
            snprintf(buf, sizeof buf, "memory returned by %s()", name);
            esc_record_escape(fl, ESC_VIA_HEAP, op, buf);
        } else {
            esc_record_escape(fl, ESC_VIA_HEAP, op, "memory returned by a call");
        }
        return;
    }
    case PA_VAL_LOAD:
        esc_record_escape(fl, ESC_VIA_HEAP, op, "memory reached through a loaded pointer");
        return;
    case PA_VAL_MERGE:
        esc_record_escape(fl, ESC_VIA_HEAP, op, "memory chosen by a phi/select");
        return;
    default:
        esc_record_escape(fl, ESC_VIA_UNKNOWN, op, unfollowed_store);
        return;
    }
}

/* Reach value v at offset off from the store address in the backward walk. */
static void addr_visit(esc_ctx *c, int v, int64_t off, size_t *sp, size_t *nforeign)
{
    if (!pa_value_ok(c->f, v))
        return;
    if (c->addr_seen[v] != c->addr_stamp) {
        c->addr_seen[v] = c->addr_stamp;
        c->addr_off[v] = off;
        c->addr_stack[(*sp)++] = v;
        if (!esc_in_closure(c, v) && !esc_is_const(c->f, v))
            c->foreign[(*nforeign)++] = v;
        return;
    }
    /* Reached again at another offset: unknown from now on (pushed once more). */
    if (c->addr_off[v] != off && c->addr_off[v] != PA_UNKNOWN_SIZE) {
        c->addr_off[v] = PA_UNKNOWN_SIZE;
        c->addr_stack[(*sp)++] = v;
    }
}

/* The memory other than "it" that a closure address may point to: walk back
 * from addr through GEPs and the inputs of phis/selects; inputs outside the
 * closure (null aside) are that memory, with their offset from addr in
 * c->addr_off. Returns how many are in c->foreign, or -1 over budget. */
static long foreign_bases(esc_ctx *c, int addr)
{
    const pa_function *f = c->f;
    size_t sp = 0, nforeign = 0;
    c->addr_stamp++;
    addr_visit(c, addr, 0, &sp, &nforeign);
    while (sp > 0) {
        int v = c->addr_stack[--sp];
        if (--c->budget < 0)
            return -1;
        if (!esc_in_closure(c, v))
            continue; /* other memory: classified as a store into it */
        const pa_value *pv = &f->values[v];
        int64_t off = c->addr_off[v];
        if (pv->kind == PA_VAL_DERIVED)
            addr_visit(c, pv->base, add_offset(off, pv->offset), &sp, &nforeign);
        else if (pv->kind == PA_VAL_MERGE)
            for (size_t k = 0; k < pv->ninputs && pv->inputs; k++)
                addr_visit(c, pv->inputs[k], off, &sp, &nforeign);
    }
    return (long)nforeign;
}

/* A value of the closure is stored through an address that is in the
 * closure too. When the address certainly is "it", that is a store into
 * itself (or into an earlier object of the same site, which shares its
 * fate): no escape. But a phi/select may also hold other memory: a tail
 * pointer that starts as &head or as another allocation. The store then
 * writes into that memory, and the node lives as long as it does. */
static void classify_store_through_closure(esc_ctx *c, esc_flow *fl, int op)
{
    long n = foreign_bases(c, c->f->ops[op].addr);
    if (n < 0) {
        esc_record_escape(fl, ESC_VIA_UNKNOWN, op, "store through an address perfadvise cannot follow");
        return;
    }
    for (long i = 0; i < n; i++)
        classify_store(c, fl, op, c->foreign[i], c->addr_off[c->foreign[i]]);
}

/* C library functions that keep no pointer but return one into argument
 * `arg` (LLVM marks that argument `returned`, so it is not nocapture): the
 * result is "it" too, and the call is no escape. */
static int passthrough_arg(const char *name)
{
    static const struct {
        const char *name;
        int arg;
    } table[] = {
        {"strcpy", 0},       {"strncpy", 0},       {"strcat", 0},        {"strncat", 0},
        {"stpcpy", 0},       {"stpncpy", 0},       {"memcpy", 0},        {"memmove", 0},
        {"memset", 0},       {"mempcpy", 0},       {"__strcpy_chk", 0},  {"__strncpy_chk", 0},
        {"__strcat_chk", 0}, {"__strncat_chk", 0}, {"__stpcpy_chk", 0},  {"__memcpy_chk", 0},
        {"__memmove_chk", 0}, {"__memset_chk", 0}, {"__mempcpy_chk", 0}, {"strchr", 0},
        {"strrchr", 0},      {"strchrnul", 0},     {"strstr", 0},        {"strcasestr", 0},
        {"strpbrk", 0},      {"memchr", 0},        {"memrchr", 0},       {"rawmemchr", 0},
        {"index", 0},        {"rindex", 0},        {"fgets", 0},         {"__fgets_chk", 0},
        {"getcwd", 0},       {"realpath", 1},
    };
    if (!name)
        return PA_NONE;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0)
            return table[i].arg;
    return PA_NONE;
}

/* A callee that keeps no pointer (nocapture, or its summary) may still free
 * it: LLVM's nocapture is not nofree. Unless the nofree attribute or the
 * callee's summary rules a free out, the memory is neither a stack
 * candidate (the callee would free a stack array) nor a leak. */
static void note_callee_may_free(esc_flow *fl, const pa_op *o, size_t i, const esc_facts *ff)
{
    unsigned flags = o->arg_flags ? o->arg_flags[i] : 0;
    if ((flags & PA_ARG_NOFREE) || (o->call_flags & (PA_CALL_INTRINSIC | PA_CALL_READS_ONLY)))
        return;
    if (ff && i < ff->nparams && !ff->may_free[i])
        return;
    if (fl->callee_may_free)
        return; /* the first such callee names the finding */
    fl->callee_may_free = true;
    esc_short_name(fl->freer, sizeof fl->freer,
                   o->callee_demangled ? o->callee_demangled : o->callee ? o->callee : "an indirect call");
}

/* Argument i of call-like op is "it". */
static void classify_call_arg(esc_ctx *c, esc_flow *fl, int op, size_t i)
{
    const pa_op *o = &c->f->ops[op];
    unsigned flags = o->arg_flags ? o->arg_flags[i] : 0;
    const esc_facts *ff = esc_callee_facts(c, o, NULL);
    /* Before nocapture: a function that frees its parameter is nocapture too. */
    if (ff && i < ff->nparams && ff->frees[i]) {
        add_free(c, op, o->args[i]);
        return;
    }
    if (flags & PA_ARG_NOCAPTURE) {
        note_callee_may_free(fl, o, i, ff);
        return;
    }
    int through = (o->call_flags & PA_CALL_INDIRECT) ? PA_NONE : passthrough_arg(o->callee);
    if (through != PA_NONE) {
        if ((int)i == through)
            add_member(c, o->result);
        return;
    }
    if (ff && i < ff->nparams && !ff->captures[i]) {
        note_callee_may_free(fl, o, i, ff);
        return;
    }
    if (!o->callee || (o->call_flags & PA_CALL_INDIRECT)) {
        esc_record_escape(fl, ESC_VIA_UNKNOWN, op, "passed to an indirect call");
        return;
    }
    char name[ESC_TARGET_LEN];
    esc_short_name(name, sizeof name, o->callee_demangled ? o->callee_demangled : o->callee);
    esc_record_escape(fl, ESC_VIA_CALL, op, name);
}

static void classify_op(esc_ctx *c, esc_flow *fl, int op)
{
    const pa_op *o = &c->f->ops[op];
    switch (o->kind) {
    case PA_OP_STORE:
        if (!esc_in_closure(c, o->stored))
            return;
        if (!esc_in_closure(c, o->addr))
            classify_store(c, fl, op, o->addr, 0);
        else
            classify_store_through_closure(c, fl, op);
        return;
    case PA_OP_LOAD:
        return; /* reading through it, or reading it back, keeps it here */
    case PA_OP_RET:
        if (esc_in_closure(c, o->ret_value))
            esc_record_escape(fl, ESC_VIA_RETURN, op, "return");
        return;
    case PA_OP_LOCK:
    case PA_OP_TRYLOCK:
    case PA_OP_UNLOCK:
        return; /* a mutex inside it: the lock functions keep no pointer */
    case PA_OP_FREE: {
        bool ptr_ok = o->ptr_arg >= 0 && (size_t)o->ptr_arg < o->nargs;
        for (size_t i = 0; i < o->nargs && o->args; i++) {
            if (!esc_in_closure(c, o->args[i]))
                continue;
            if (ptr_ok && (int)i == o->ptr_arg)
                add_free(c, op, o->args[i]);
            else
                classify_call_arg(c, fl, op, i);
        }
        return;
    }
    case PA_OP_ALLOC:
        if (esc_in_closure(c, o->realloc_src)) {
            fl->reallocated = true;
            add_free(c, op, o->realloc_src);
        }
        for (size_t i = 0; i < o->nargs && o->args; i++) {
            if (!esc_in_closure(c, o->args[i]) || o->args[i] == o->realloc_src ||
                (int)i == o->ptr_arg)
                continue; /* out-parameter: the new pointer is written into it */
            classify_call_arg(c, fl, op, i);
        }
        return;
    case PA_OP_CALL:
        for (size_t i = 0; i < o->nargs && o->args; i++)
            if (esc_in_closure(c, o->args[i]))
                classify_call_arg(c, fl, op, i);
        return;
    case PA_OP_USE:
        esc_record_escape(fl, ESC_VIA_UNKNOWN, op,
                          "used by an instruction perfadvise does not model (e.g. ptrtoint)");
        return;
    default:
        esc_record_escape(fl, ESC_VIA_UNKNOWN, op, "used by an unknown operation");
        return;
    }
}

/* Grow the closure from the members added so far and classify every op
 * that uses one of them. Returns false when the work budget ran out. */
static bool run_closure(esc_ctx *c, esc_flow *fl)
{
    const pa_function *f = c->f;
    while (c->nvalue_work > 0 || c->npending_ops > 0) {
        while (c->nvalue_work > 0) {
            int v = c->value_work[--c->nvalue_work];
            if (--c->budget < 0)
                return false;
            for (int k = c->derived_start[v]; k < c->derived_start[v + 1]; k++) {
                int u = c->derived_items[k];
                if (f->values[u].kind == PA_VAL_ARITH)
                    esc_record_escape(fl, ESC_VIA_UNKNOWN, PA_NONE, "converted to an integer");
                else
                    add_member(c, u);
            }
            for (int k = c->user_start[v]; k < c->user_start[v + 1]; k++) {
                int op = c->user_items[k];
                if (c->op_queued[op] != c->closure_stamp) {
                    c->op_queued[op] = c->closure_stamp;
                    c->pending_ops[c->npending_ops++] = op;
                }
            }
        }
        /* Classify after the value closure so self-stores are recognised. */
        while (c->npending_ops > 0 && c->nvalue_work == 0) {
            int op = c->pending_ops[--c->npending_ops];
            if (pa_op_ok(f, op))
                classify_op(c, fl, op);
        }
    }
    return true;
}

/* The must-alias set: the roots, what is derived from them, and merges of
 * only such values or constants. Frees and null checks count only for
 * these. Greatest fixpoint, so a loop phi that carries the pointer around
 * stays in. */
static void compute_must_alias(esc_ctx *c, const int *roots, size_t nroots)
{
    const pa_function *f = c->f;
    for (size_t i = 0; i < c->nmembers; i++)
        c->must_alias[c->members[i]] = c->closure_stamp;
    bool changed = true;
    for (size_t round = 0; changed && round <= c->nmembers; round++) {
        changed = false;
        for (size_t i = 0; i < c->nmembers; i++) {
            int v = c->members[i];
            if (c->must_alias[v] != c->closure_stamp)
                continue;
            bool is_root = false;
            for (size_t r = 0; r < nroots && !is_root; r++)
                is_root = roots[r] == v;
            if (is_root)
                continue;
            const pa_value *pv = &f->values[v];
            bool keep = false;
            if (pv->kind == PA_VAL_DERIVED) {
                keep = esc_is_must_alias(c, pv->base);
            } else if (pv->kind == PA_VAL_MERGE) {
                keep = true;
                for (size_t k = 0; k < pv->ninputs && pv->inputs && keep; k++)
                    keep = esc_is_must_alias(c, pv->inputs[k]) || esc_is_const(f, pv->inputs[k]);
            }
            if (!keep) {
                c->must_alias[v] = 0;
                changed = true;
            }
        }
    }
}

/* Sort the candidate frees into frees_it (of a must-alias value) and
 * may_free_it (of a value that may be something else). */
static void mark_frees(esc_ctx *c, esc_flow *fl)
{
    for (size_t i = 0; i < c->nfree_events; i++) {
        int op = c->free_event_op[i];
        if (!pa_op_ok(c->f, op))
            continue;
        if (esc_is_must_alias(c, c->free_event_value[i])) {
            c->frees_it[op] = c->closure_stamp;
            fl->has_free = true;
            if (c->f->ops[op].kind != PA_OP_FREE) {
                const esc_facts *ff = esc_callee_facts(c, &c->f->ops[op], NULL);
                fl->freed_by_callee |= ff && ff->frees_more;
            }
        } else {
            c->may_free_it[op] = c->closure_stamp;
            fl->has_maybe_free = true;
        }
    }
}

bool esc_analyse_values(esc_ctx *c, esc_flow *fl, const int *roots, size_t nroots)
{
    begin_closure(c, fl);
    for (size_t i = 0; i < nroots; i++)
        add_member(c, roots[i]);
    if (!run_closure(c, fl))
        return false;
    compute_must_alias(c, roots, nroots);
    mark_frees(c, fl);
    return true;
}
