/* passes/escape.c — heap escape analysis: for every allocation site, does the
 * memory escape (return, global, heap, call, unknown), is it freed on every
 * path, and could it live on the stack instead (docs/remarks.md).
 * Exercised by: clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise -c foo.c
 *
 * Per allocation a worklist over the values derived from it (GEP, casts,
 * phi/select) and the ops that use them, through a use index built once per
 * function; then one walk of the CFG from the allocation for "freed on every
 * path". Function summaries (returns_allocation, frees_params,
 * captures_params) are iterated to a fixpoint over the module, starting from
 * the safe answer (captures everything, frees nothing, allocates nothing
 * fresh) so stopping early is still sound. */
#include "escape.h"
#include "findings.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Summary rounds before giving up (each round only gains precision). */
#define ESC_MAX_ROUNDS 8
/* Worklist steps per function before the remaining sites are skipped: keeps
 * pathological functions (thousands of allocations in one body) linear. */
#define ESC_WORK_BUDGET (32L * 1000 * 1000)
#define ESC_TARGET_LEN 160

enum {
    VIA_RETURN = 1u << 0,
    VIA_GLOBAL = 1u << 1,
    VIA_HEAP = 1u << 2,
    VIA_CALL = 1u << 3,
    VIA_UNKNOWN = 1u << 4,
};

static const char *via_name(unsigned via)
{
    switch (via) {
    case VIA_RETURN: return "return";
    case VIA_GLOBAL: return "global";
    case VIA_HEAP: return "heap";
    case VIA_CALL: return "call";
    default: return "unknown";
    }
}

/* What the analysis knows about one function of the module. */
typedef struct fn_facts {
    bool defined;
    bool allocates;
    bool returns_allocation;
    int64_t ret_bytes;  /* constant size of what it returns, or PA_UNKNOWN_SIZE */
    int ret_size_param; /* parameter holding that size, or PA_NONE */
    unsigned nparams;
    unsigned char *frees;    /* per parameter: freed on every normal path */
    unsigned char *captures; /* per parameter: may outlive the call */
} fn_facts;

/* Where and how one allocation site's memory goes. */
typedef struct flow {
    unsigned via_mask;
    unsigned via; /* the reported escape: highest priority in via_mask */
    int via_op;
    char target[ESC_TARGET_LEN];
    bool reallocated;        /* passed to realloc later */
    bool has_free;           /* some op frees it */
    bool has_maybe_free;     /* some op frees a phi/select that may hold it */
    bool free_unproven;      /* freed on every path only if those frees count */
    bool freed_all;          /* every normal path to a return frees it */
    bool leaks_on_exception; /* some exceptional path leaves without freeing */
    bool crosses_iterations; /* still live when its own allocation runs again */
    bool free_outside_loop;  /* allocated in a loop, freed outside it */
} flow;

/* One allocation site of a function. */
typedef struct site {
    int op;
    int wrapper_fn;    /* module function index for user wrappers, else PA_NONE */
    bool out_param;    /* posix_memalign: the pointer comes back through args[ptr_arg] */
    bool grows_existing; /* realloc of a non-null buffer */
    int64_t bytes;
    int size_param;    /* caller's parameter holding the size, or PA_NONE */
    unsigned via_mask;
    bool analysed;
} site;

typedef struct esc_ctx {
    const pa_module *m;
    pa_escape_options opt;
    fn_facts *facts;
    /* function name -> index, open addressing */
    int *table;
    size_t table_cap;

    /* per-function scratch, sized for the largest function */
    const pa_function *f;
    size_t max_values, max_ops, max_blocks;
    int *vstart, *vitems; /* value -> values derived from it (CSR) */
    int *ostart, *oitems; /* value -> ops using it (CSR) */
    unsigned *vmark, *mmark, *omark, *fmark, *smark, *bmark;
    unsigned *pmark;   /* ops freeing a value that may or may not be "it" */
    bool count_maybe;  /* path walk: let those count as frees too */
    unsigned stamp, sstamp, bstamp;
    int *members; /* values of the current closure, in order */
    size_t nmembers;
    int *work;
    size_t nwork;
    int *pending; /* ops to classify */
    size_t npending;
    int *frees_op, *frees_val; /* candidate free events: (op, value freed) */
    size_t nfrees;
    int *tmp; /* slot closures */
    int *stack; /* CFG walk: (block << 1 | exceptional) */
    int *root_site;
    site *sites;
    size_t nsites, cap_sites;
    long budget;
    bool oom;
} esc_ctx;

/* ---- small helpers ------------------------------------------------------- */

static bool vid_ok(const pa_function *f, int v)
{
    return v >= 0 && (size_t)v < f->nvalues;
}

static bool oid_ok(const pa_function *f, int o)
{
    return o >= 0 && (size_t)o < f->nops;
}

static bool bid_ok(const pa_function *f, int b)
{
    return b >= 0 && (size_t)b < f->nblocks;
}

static bool in_set(const esc_ctx *c, int v)
{
    return vid_ok(c->f, v) && c->vmark[v] == c->stamp;
}

static bool in_must(const esc_ctx *c, int v)
{
    return vid_ok(c->f, v) && c->mmark[v] == c->stamp;
}

static bool is_const_value(const pa_function *f, int v)
{
    return vid_ok(f, v) && f->values[v].kind == PA_VAL_CONST;
}

/* Copy a readable function name without its parameter list. */
static void short_name(char *out, size_t n, const char *name)
{
    if (!name)
        name = "?";
    size_t len = strcspn(name, "(");
    if (len == 0)
        len = strlen(name);
    if (len >= n)
        len = n - 1;
    memcpy(out, name, len);
    out[len] = '\0';
}

/* Readable name of a C++ global from its linkage name for the simple forms
 * variables take (_ZL5g_buf, _ZN2ns5g_bufE); anything else is copied as is. */
static void readable_symbol(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s", name ? name : "<global>");
    if (!name || strncmp(name, "_Z", 2) != 0)
        return;
    const char *p = name + 2;
    bool nested = *p == 'N';
    if (nested)
        p++;
    char buf[256];
    size_t len = 0;
    for (int parts = 0; parts < 16; parts++) {
        if (*p == 'L')
            p++;
        if (*p < '0' || *p > '9')
            break;
        char *end = NULL;
        unsigned long idlen = strtoul(p, &end, 10);
        if (!end || idlen == 0 || strlen(end) < idlen || len + idlen + 3 > sizeof buf)
            return;
        if (len > 0) {
            memcpy(buf + len, "::", 2);
            len += 2;
        }
        memcpy(buf + len, end, idlen);
        len += idlen;
        p = end + idlen;
        if (!nested)
            break;
    }
    if (len == 0 || (nested ? strcmp(p, "E") != 0 : *p != '\0'))
        return;
    buf[len] = '\0';
    snprintf(out, n, "%s", buf);
}

/* ---- module function table ----------------------------------------------- */

static int build_table(esc_ctx *c)
{
    size_t cap = 16;
    while (cap < c->m->nfunctions * 2 + 1)
        cap *= 2;
    c->table = malloc(cap * sizeof *c->table);
    if (!c->table)
        return -1;
    for (size_t i = 0; i < cap; i++)
        c->table[i] = PA_NONE;
    c->table_cap = cap;
    for (size_t i = 0; i < c->m->nfunctions; i++) {
        const pa_function *f = c->m->functions[i];
        if (!f || !f->name || !f->is_definition)
            continue;
        size_t h = (size_t)pa_hash_str(f->name) & (cap - 1);
        while (c->table[h] != PA_NONE) {
            if (strcmp(c->m->functions[c->table[h]]->name, f->name) == 0)
                break; /* duplicate name in a malformed model: keep the first */
            h = (h + 1) & (cap - 1);
        }
        if (c->table[h] == PA_NONE)
            c->table[h] = (int)i;
    }
    return 0;
}

static int lookup_function(const esc_ctx *c, const char *name)
{
    if (!name || !c->table)
        return PA_NONE;
    size_t h = (size_t)pa_hash_str(name) & (c->table_cap - 1);
    for (size_t probes = 0; probes < c->table_cap && c->table[h] != PA_NONE; probes++) {
        if (strcmp(c->m->functions[c->table[h]]->name, name) == 0)
            return c->table[h];
        h = (h + 1) & (c->table_cap - 1);
    }
    return PA_NONE;
}

/* Facts of the module function a call op reaches directly, or NULL. */
static const fn_facts *callee_facts(const esc_ctx *c, const pa_op *o, int *index)
{
    if (index)
        *index = PA_NONE;
    if (!o->callee || (o->call_flags & PA_CALL_INDIRECT))
        return NULL;
    int fi = lookup_function(c, o->callee);
    if (fi == PA_NONE || !c->facts[fi].defined)
        return NULL;
    if (index)
        *index = fi;
    return &c->facts[fi];
}

/* ---- use index ----------------------------------------------------------- */

static void count_op_uses(const pa_function *f, const pa_op *o, int *cnt)
{
    for (size_t i = 0; i < o->nargs && o->args; i++)
        if (vid_ok(f, o->args[i]))
            cnt[o->args[i]]++;
    int extra[4] = {o->addr, o->stored, o->ret_value, o->realloc_src};
    for (int k = 0; k < 4; k++)
        if (vid_ok(f, extra[k]))
            cnt[extra[k]]++;
}

static void fill_op_uses(const pa_function *f, const pa_op *o, int op, int *pos, int *items)
{
    for (size_t i = 0; i < o->nargs && o->args; i++)
        if (vid_ok(f, o->args[i]))
            items[pos[o->args[i]]++] = op;
    int extra[4] = {o->addr, o->stored, o->ret_value, o->realloc_src};
    for (int k = 0; k < 4; k++)
        if (vid_ok(f, extra[k]))
            items[pos[extra[k]]++] = op;
}

/* CSR lists: values derived from each value (DERIVED base, MERGE or ARITH
 * input) and ops using each value. Returns 0 or -1 on out of memory. */
static int build_uses(esc_ctx *c, const pa_function *f)
{
    size_t nv = f->nvalues;
    int *vcnt = calloc(nv + 1, sizeof *vcnt);
    int *ocnt = calloc(nv + 1, sizeof *ocnt);
    int rc = -1;
    if (!vcnt || !ocnt)
        goto done;
    size_t vtotal = 0, ototal = 0;
    for (size_t u = 0; u < nv; u++) {
        const pa_value *v = &f->values[u];
        if (v->kind == PA_VAL_DERIVED && vid_ok(f, v->base))
            vcnt[v->base]++;
        if (v->kind == PA_VAL_MERGE || v->kind == PA_VAL_ARITH)
            for (size_t i = 0; i < v->ninputs && v->inputs; i++)
                if (vid_ok(f, v->inputs[i]))
                    vcnt[v->inputs[i]]++;
    }
    for (size_t o = 0; o < f->nops; o++)
        count_op_uses(f, &f->ops[o], ocnt);
    for (size_t v = 0; v < nv; v++) {
        c->vstart[v] = (int)vtotal;
        c->ostart[v] = (int)ototal;
        vtotal += (size_t)vcnt[v];
        ototal += (size_t)ocnt[v];
        vcnt[v] = c->vstart[v]; /* reuse as fill cursor */
        ocnt[v] = c->ostart[v];
    }
    c->vstart[nv] = (int)vtotal;
    c->ostart[nv] = (int)ototal;
    free(c->vitems);
    free(c->oitems);
    c->vitems = malloc((vtotal ? vtotal : 1) * sizeof *c->vitems);
    c->oitems = malloc((ototal ? ototal : 1) * sizeof *c->oitems);
    if (!c->vitems || !c->oitems)
        goto done;
    for (size_t u = 0; u < nv; u++) {
        const pa_value *v = &f->values[u];
        if (v->kind == PA_VAL_DERIVED && vid_ok(f, v->base))
            c->vitems[vcnt[v->base]++] = (int)u;
        if (v->kind == PA_VAL_MERGE || v->kind == PA_VAL_ARITH)
            for (size_t i = 0; i < v->ninputs && v->inputs; i++)
                if (vid_ok(f, v->inputs[i]))
                    c->vitems[vcnt[v->inputs[i]]++] = (int)u;
    }
    for (size_t o = 0; o < f->nops; o++)
        fill_op_uses(f, &f->ops[o], (int)o, ocnt, c->oitems);
    rc = 0;
done:
    free(vcnt);
    free(ocnt);
    return rc;
}

/* ---- closure: the values that are "it" and the ops that touch them -------- */

static void begin_closure(esc_ctx *c, flow *fl)
{
    memset(fl, 0, sizeof *fl);
    fl->via_op = PA_NONE;
    c->stamp++;
    c->nmembers = 0;
    c->nwork = 0;
    c->npending = 0;
    c->nfrees = 0;
}

static void add_member(esc_ctx *c, int v)
{
    if (!vid_ok(c->f, v) || c->vmark[v] == c->stamp)
        return;
    c->vmark[v] = c->stamp;
    c->members[c->nmembers++] = v;
    c->work[c->nwork++] = v;
}

static void record_escape(flow *fl, unsigned via, int op, const char *target)
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
    if (c->nfrees >= c->max_ops * 2)
        return; /* cannot happen with a well-formed use index: every op is visited once */
    c->frees_op[c->nfrees] = op;
    c->frees_val[c->nfrees] = value;
    c->nfrees++;
}

/* Offset of addr from slot when addr is derived from it, PA_UNKNOWN_SIZE otherwise. */
static int64_t offset_in_slot(const pa_function *f, int addr, int slot)
{
    int64_t off = 0;
    return pa_value_root(f, addr, &off) == slot ? off : PA_UNKNOWN_SIZE;
}

/* Is stack slot `slot` private, so that the pointer kept at byte `off` is
 * only read back by plain loads? On success the values those loads produce
 * are in c->tmp[0..*nloads). Stores at `off` must store values of the current
 * closure or constants; `out_op` (an out-parameter allocator) may write it.
 * Anything else that touches the slot (calls, address stored, unknown
 * offsets) makes it not private. */
static bool private_slot_loads(esc_ctx *c, int slot, int64_t off, int out_op, size_t *nloads)
{
    const pa_function *f = c->f;
    *nloads = 0;
    if (off == PA_UNKNOWN_SIZE || !vid_ok(f, slot))
        return false;
    /* Closure of the slot's addresses in c->tmp's upper half. */
    size_t half = c->max_values + 1;
    int *addrs = c->tmp + half;
    size_t naddrs = 0, head = 0;
    c->sstamp++;
    c->smark[slot] = c->sstamp;
    addrs[naddrs++] = slot;
    while (head < naddrs) {
        int v = addrs[head++];
        if (--c->budget < 0)
            return false;
        for (int k = c->vstart[v]; k < c->vstart[v + 1]; k++) {
            int u = c->vitems[k];
            if (c->smark[u] != c->sstamp && naddrs < half) {
                if (f->values[u].kind == PA_VAL_MERGE || f->values[u].kind == PA_VAL_ARITH)
                    return false; /* phi of slot addresses, or an integer: not exact */
                c->smark[u] = c->sstamp;
                addrs[naddrs++] = u;
            }
        }
    }
    for (size_t i = 0; i < naddrs; i++) {
        int v = addrs[i];
        for (int k = c->ostart[v]; k < c->ostart[v + 1]; k++) {
            int op = c->oitems[k];
            const pa_op *o = &f->ops[op];
            if (op == out_op) {
                bool only_out = o->ptr_arg >= 0 && (size_t)o->ptr_arg < o->nargs && o->args[o->ptr_arg] == v;
                for (size_t a = 0; a < o->nargs && only_out; a++)
                    if ((int)a != o->ptr_arg && vid_ok(f, o->args[a]) && c->smark[o->args[a]] == c->sstamp)
                        only_out = false;
                if (!only_out)
                    return false;
                continue;
            }
            if (o->kind == PA_OP_LOAD && o->addr == v) {
                int64_t lo = offset_in_slot(f, v, slot);
                if (lo == PA_UNKNOWN_SIZE)
                    return false;
                if (lo == off && vid_ok(f, o->result) && *nloads < half)
                    c->tmp[(*nloads)++] = o->result;
                continue;
            }
            bool stores_slot_address = vid_ok(f, o->stored) && c->smark[o->stored] == c->sstamp;
            if (o->kind == PA_OP_STORE && o->addr == v && !stores_slot_address) {
                int64_t so = offset_in_slot(f, v, slot);
                if (so == PA_UNKNOWN_SIZE)
                    return false;
                if (so == off && !in_set(c, o->stored) && !is_const_value(f, o->stored))
                    return false;
                continue;
            }
            return false;
        }
    }
    return true;
}

static void describe_param(const pa_function *f, int root, char *buf, size_t n)
{
    const pa_value *v = &f->values[root];
    if (v->name)
        snprintf(buf, n, "memory pointed to by parameter '%s'", v->name);
    else
        snprintf(buf, n, "memory pointed to by parameter #%d", v->param_index);
}

/* A value of the closure is stored at o->addr, which is not itself "it". */
static void classify_store(esc_ctx *c, flow *fl, int op)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[op];
    int64_t off = 0;
    int root = pa_value_root(f, o->addr, &off);
    char buf[ESC_TARGET_LEN];
    if (!vid_ok(f, root)) {
        record_escape(fl, VIA_UNKNOWN, op, "store through an address perfadvise cannot follow");
        return;
    }
    const pa_value *r = &f->values[root];
    switch (r->kind) {
    case PA_VAL_GLOBAL:
        readable_symbol(buf, sizeof buf, r->name);
        record_escape(fl, VIA_GLOBAL, op, buf);
        return;
    case PA_VAL_ARG:
        describe_param(f, root, buf, sizeof buf);
        record_escape(fl, VIA_HEAP, op, buf);
        return;
    case PA_VAL_STACK: {
        size_t nloads = 0;
        if (private_slot_loads(c, root, off, PA_NONE, &nloads)) {
            /* Loaded back from a private slot: still "it", but frees through
             * those loads are not trusted (the slot may hold older values). */
            for (size_t i = 0; i < nloads; i++)
                add_member(c, c->tmp[i]);
            return;
        }
        snprintf(buf, sizeof buf, "stored to stack slot '%s' whose address escapes",
                 r->name ? r->name : "<local>");
        record_escape(fl, VIA_UNKNOWN, op, buf);
        return;
    }
    case PA_VAL_ALLOC:
        record_escape(fl, VIA_HEAP, op, "another heap object");
        return;
    case PA_VAL_CALL:
        if (oid_ok(f, r->def_op) && f->ops[r->def_op].callee &&
            strncmp(f->ops[r->def_op].callee, "llvm.threadlocal.address", 24) == 0 &&
            f->ops[r->def_op].nargs > 0 && f->ops[r->def_op].args &&
            vid_ok(f, f->ops[r->def_op].args[0]) &&
            f->values[f->ops[r->def_op].args[0]].kind == PA_VAL_GLOBAL) {
            /* _Thread_local / thread_local variable: still a global */
            readable_symbol(buf, sizeof buf, f->values[f->ops[r->def_op].args[0]].name);
            record_escape(fl, VIA_GLOBAL, op, buf);
        } else if (oid_ok(f, r->def_op) && f->ops[r->def_op].callee_demangled) {
            char name[96];
            short_name(name, sizeof name, f->ops[r->def_op].callee_demangled);
            snprintf(buf, sizeof buf, "memory returned by %s()", name);
            record_escape(fl, VIA_HEAP, op, buf);
        } else {
            record_escape(fl, VIA_HEAP, op, "memory returned by a call");
        }
        return;
    case PA_VAL_LOAD:
        record_escape(fl, VIA_HEAP, op, "memory reached through a loaded pointer");
        return;
    case PA_VAL_MERGE:
        record_escape(fl, VIA_HEAP, op, "memory chosen by a phi/select");
        return;
    default:
        record_escape(fl, VIA_UNKNOWN, op, "store through an address perfadvise cannot follow");
        return;
    }
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

/* Argument i of call-like op is "it". */
static void classify_call_arg(esc_ctx *c, flow *fl, int op, size_t i)
{
    const pa_op *o = &c->f->ops[op];
    unsigned flags = o->arg_flags ? o->arg_flags[i] : 0;
    const fn_facts *ff = callee_facts(c, o, NULL);
    /* Before nocapture: a function that frees its parameter is nocapture too. */
    if (ff && i < ff->nparams && ff->frees[i]) {
        add_free(c, op, o->args[i]);
        return;
    }
    if (flags & PA_ARG_NOCAPTURE)
        return;
    int through = (o->call_flags & PA_CALL_INDIRECT) ? PA_NONE : passthrough_arg(o->callee);
    if (through != PA_NONE) {
        if ((int)i == through)
            add_member(c, o->result);
        return;
    }
    if (ff && i < ff->nparams && !ff->captures[i])
        return;
    if (!o->callee || (o->call_flags & PA_CALL_INDIRECT)) {
        record_escape(fl, VIA_UNKNOWN, op, "passed to an indirect call");
        return;
    }
    char name[ESC_TARGET_LEN];
    short_name(name, sizeof name, o->callee_demangled ? o->callee_demangled : o->callee);
    record_escape(fl, VIA_CALL, op, name);
}

static void classify_op(esc_ctx *c, flow *fl, int op)
{
    const pa_op *o = &c->f->ops[op];
    switch (o->kind) {
    case PA_OP_STORE:
        if (in_set(c, o->stored) && !in_set(c, o->addr))
            classify_store(c, fl, op);
        return;
    case PA_OP_LOAD:
        return; /* reading through it, or reading it back, keeps it here */
    case PA_OP_RET:
        if (in_set(c, o->ret_value))
            record_escape(fl, VIA_RETURN, op, "return");
        return;
    case PA_OP_LOCK:
    case PA_OP_TRYLOCK:
    case PA_OP_UNLOCK:
        return; /* a mutex inside it: the lock functions keep no pointer */
    case PA_OP_FREE: {
        bool ptr_ok = o->ptr_arg >= 0 && (size_t)o->ptr_arg < o->nargs;
        for (size_t i = 0; i < o->nargs && o->args; i++) {
            if (!in_set(c, o->args[i]))
                continue;
            if (ptr_ok && (int)i == o->ptr_arg)
                add_free(c, op, o->args[i]);
            else
                classify_call_arg(c, fl, op, i);
        }
        return;
    }
    case PA_OP_ALLOC:
        if (in_set(c, o->realloc_src)) {
            fl->reallocated = true;
            add_free(c, op, o->realloc_src);
        }
        for (size_t i = 0; i < o->nargs && o->args; i++) {
            if (!in_set(c, o->args[i]) || o->args[i] == o->realloc_src || (int)i == o->ptr_arg)
                continue; /* out-parameter: the new pointer is written into it */
            classify_call_arg(c, fl, op, i);
        }
        return;
    case PA_OP_CALL:
        for (size_t i = 0; i < o->nargs && o->args; i++)
            if (in_set(c, o->args[i]))
                classify_call_arg(c, fl, op, i);
        return;
    case PA_OP_USE:
        record_escape(fl, VIA_UNKNOWN, op,
                      "used by an instruction perfadvise does not model (e.g. ptrtoint)");
        return;
    default:
        record_escape(fl, VIA_UNKNOWN, op, "used by an unknown operation");
        return;
    }
}

/* Grow the closure from the members added so far and classify every op
 * that uses one of them. Returns false when the work budget ran out. */
static bool run_closure(esc_ctx *c, flow *fl)
{
    const pa_function *f = c->f;
    while (c->nwork > 0 || c->npending > 0) {
        while (c->nwork > 0) {
            int v = c->work[--c->nwork];
            if (--c->budget < 0)
                return false;
            for (int k = c->vstart[v]; k < c->vstart[v + 1]; k++) {
                int u = c->vitems[k];
                if (f->values[u].kind == PA_VAL_ARITH)
                    record_escape(fl, VIA_UNKNOWN, PA_NONE, "converted to an integer");
                else
                    add_member(c, u);
            }
            for (int k = c->ostart[v]; k < c->ostart[v + 1]; k++) {
                int op = c->oitems[k];
                if (c->omark[op] != c->stamp) {
                    c->omark[op] = c->stamp;
                    c->pending[c->npending++] = op;
                }
            }
        }
        /* Classify after the value closure so self-stores are recognised. */
        while (c->npending > 0 && c->nwork == 0) {
            int op = c->pending[--c->npending];
            if (oid_ok(f, op))
                classify_op(c, fl, op);
        }
    }
    return true;
}

/* Values that are certainly "it" (or null) on every path: the roots, what
 * is derived from them, and merges of only such values or constants. Frees
 * and null checks count only for these. Greatest fixpoint, so a loop phi
 * that carries the pointer around stays in. */
static void compute_must(esc_ctx *c, const int *roots, size_t nroots)
{
    const pa_function *f = c->f;
    for (size_t i = 0; i < c->nmembers; i++)
        c->mmark[c->members[i]] = c->stamp;
    bool changed = true;
    for (size_t round = 0; changed && round <= c->nmembers; round++) {
        changed = false;
        for (size_t i = 0; i < c->nmembers; i++) {
            int v = c->members[i];
            if (c->mmark[v] != c->stamp)
                continue;
            bool is_root = false;
            for (size_t r = 0; r < nroots && !is_root; r++)
                is_root = roots[r] == v;
            if (is_root)
                continue;
            const pa_value *pv = &f->values[v];
            bool keep = false;
            if (pv->kind == PA_VAL_DERIVED) {
                keep = in_must(c, pv->base);
            } else if (pv->kind == PA_VAL_MERGE) {
                keep = true;
                for (size_t k = 0; k < pv->ninputs && pv->inputs && keep; k++)
                    keep = in_must(c, pv->inputs[k]) || is_const_value(f, pv->inputs[k]);
            }
            if (!keep) {
                c->mmark[v] = 0;
                changed = true;
            }
        }
    }
}

/* Mark the free events (ops that free a must-value) with the current stamp. */
static void mark_frees(esc_ctx *c, flow *fl)
{
    for (size_t i = 0; i < c->nfrees; i++) {
        if (!oid_ok(c->f, c->frees_op[i]))
            continue;
        if (in_must(c, c->frees_val[i])) {
            c->fmark[c->frees_op[i]] = c->stamp;
            fl->has_free = true;
        } else {
            c->pmark[c->frees_op[i]] = c->stamp;
            fl->has_maybe_free = true;
        }
    }
}

/* Closure from a set of root values: escapes, frees, must-set. Returns
 * false when the budget ran out (the flow is then meaningless). */
static bool analyse_values(esc_ctx *c, flow *fl, const int *roots, size_t nroots)
{
    begin_closure(c, fl);
    for (size_t i = 0; i < nroots; i++)
        add_member(c, roots[i]);
    if (!run_closure(c, fl))
        return false;
    compute_must(c, roots, nroots);
    mark_frees(c, fl);
    return true;
}

/* ---- paths: freed on every path? ----------------------------------------- */

static bool loop_contains(const pa_function *f, int outer, int inner)
{
    for (size_t steps = 0; steps <= f->nloops; steps++) {
        if (inner < 0 || (size_t)inner >= f->nloops)
            return false;
        if (inner == outer)
            return true;
        inner = f->loops[inner].parent;
    }
    return false;
}

static void visit_block(esc_ctx *c, int b, bool exc, size_t *sp)
{
    /* two states per block: reached normally, reached through an eh pad */
    unsigned *seen = &c->bmark[(size_t)b * 2 + (exc ? 1 : 0)];
    if (*seen == c->bstamp)
        return;
    *seen = c->bstamp;
    c->stack[(*sp)++] = (b << 1) | (exc ? 1 : 0);
}

/* Does the walk of ops from `pos` in block b stop (freed)? Sets crosses when
 * the site op runs again on the way. */
static bool block_frees(esc_ctx *c, flow *fl, int b, size_t pos, int site_op)
{
    const pa_block *blk = &c->f->blocks[b];
    for (size_t k = pos; k < blk->nops && blk->ops; k++) {
        int op = blk->ops[k];
        if (!oid_ok(c->f, op))
            continue;
        if (c->fmark[op] == c->stamp || (c->count_maybe && c->pmark[op] == c->stamp))
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
    if (in_must(c, blk->cond_value))
        return blk->zero_succ;
    if (status_value != PA_NONE && blk->cond_value == status_value)
        return 1 - blk->zero_succ; /* non-zero status: nothing was allocated */
    return PA_NONE;
}

/* Walk every path from (start_block, start_pos): a path ends at a free
 * event, at an unreachable end, or at a return (a leak). status_value is
 * the out-parameter allocator's result (PA_NONE otherwise); skip_unwind
 * drops the unwind edge of the allocating invoke itself. */
static void check_paths(esc_ctx *c, flow *fl, int start_block, size_t start_pos, int site_op,
                        int status_value, bool skip_unwind)
{
    const pa_function *f = c->f;
    bool leak_normal = false;
    c->bstamp++;
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
                    if ((int)i == skip || !bid_ok(f, s))
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
        int e = c->stack[--sp];
        b = e >> 1;
        exc = (e & 1) != 0;
        pos = 0;
    }
    fl->freed_all = !leak_normal;
}

/* ---- allocation sites ---------------------------------------------------- */

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
    case PA_ALLOCATOR_NEW_ARRAY: return true;
    default: return false; /* asprintf & co: the loop-allocation analysis covers them */
    }
}

static int push_site(esc_ctx *c, const site *s)
{
    if (c->nsites == c->cap_sites) {
        size_t ncap = c->cap_sites ? c->cap_sites * 2 : 16;
        site *p = realloc(c->sites, ncap * sizeof *p);
        if (!p)
            return -1;
        c->sites = p;
        c->cap_sites = ncap;
    }
    c->sites[c->nsites++] = *s;
    return 0;
}

/* Size argument of a wrapper call: the caller's constant, or the wrapper's
 * own constant size. */
static int64_t wrapper_bytes(const pa_op *o, const fn_facts *ff)
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
    if (o->allocator == PA_ALLOCATOR_CALLOC || !vid_ok(f, o->size_value))
        return PA_NONE;
    const pa_value *v = &f->values[o->size_value];
    return v->kind == PA_VAL_ARG ? v->param_index : PA_NONE;
}

/* Collect the allocation sites of c->f. Returns 0 or -1 on out of memory. */
static int find_sites(esc_ctx *c)
{
    const pa_function *f = c->f;
    c->nsites = 0;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        site s;
        memset(&s, 0, sizeof s);
        s.op = (int)i;
        s.wrapper_fn = PA_NONE;
        s.size_param = PA_NONE;
        s.bytes = PA_UNKNOWN_SIZE;
        if (!bid_ok(f, o->block))
            continue;
        if (o->kind == PA_OP_ALLOC && is_site_allocator(o->allocator)) {
            s.out_param = o->allocator == PA_ALLOCATOR_POSIX_MEMALIGN;
            if (!s.out_param && !vid_ok(f, o->result))
                continue; /* result unused: nothing to follow */
            if (s.out_param && (o->ptr_arg < 0 || (size_t)o->ptr_arg >= o->nargs))
                continue;
            s.grows_existing = o->allocator == PA_ALLOCATOR_REALLOC && vid_ok(f, o->realloc_src) &&
                               !is_const_value(f, o->realloc_src);
            s.bytes = o->alloc_size;
            s.size_param = size_param_of(f, o);
        } else if (o->kind == PA_OP_CALL && vid_ok(f, o->result)) {
            int fi = PA_NONE;
            const fn_facts *ff = callee_facts(c, o, &fi);
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
 * Returns the number of roots in c->tmp, or records why it cannot tell. */
static size_t out_param_roots(esc_ctx *c, flow *fl, const site *s)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    int out = o->args[o->ptr_arg];
    int64_t off = 0;
    int root = pa_value_root(f, out, &off);
    char buf[ESC_TARGET_LEN];
    size_t nloads = 0;
    if (vid_ok(f, root) && f->values[root].kind == PA_VAL_STACK &&
        private_slot_loads(c, root, off, s->op, &nloads))
        return nloads;
    if (vid_ok(f, root) && f->values[root].kind == PA_VAL_GLOBAL) {
        readable_symbol(buf, sizeof buf, f->values[root].name);
        record_escape(fl, VIA_GLOBAL, s->op, buf);
    } else if (vid_ok(f, root) && f->values[root].kind == PA_VAL_ARG) {
        describe_param(f, root, buf, sizeof buf);
        record_escape(fl, VIA_HEAP, s->op, buf);
    } else {
        record_escape(fl, VIA_UNKNOWN, s->op, "written through an out-parameter perfadvise cannot follow");
    }
    return 0;
}

/* Escape and path facts of one site. Returns false when over budget. */
static bool analyse_site(esc_ctx *c, const site *s, flow *fl)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    int roots_buf[1];
    const int *roots = roots_buf;
    size_t nroots = 1;
    int *owned = NULL;
    if (s->out_param) {
        flow pre;
        memset(&pre, 0, sizeof pre);
        c->stamp++; /* private_slot_loads checks stores against an empty closure */
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
        memcpy(owned, c->tmp, nroots * sizeof *owned);
        roots = owned;
    } else {
        roots_buf[0] = o->result;
    }
    bool ok = analyse_values(c, fl, roots, nroots);
    free(owned);
    if (!ok)
        return false;
    size_t pos = op_position(f, s->op);
    if (pos == (size_t)-1) {
        fl->freed_all = false; /* op not in its block: malformed, say "not freed" */
    } else {
        int status = s->out_param ? o->result : PA_NONE;
        bool own_unwind = (o->call_flags & PA_CALL_INVOKE) != 0 && pos + 1 >= f->blocks[o->block].nops;
        check_paths(c, fl, o->block, pos + 1, s->op, status, own_unwind);
        if (!fl->freed_all && fl->has_maybe_free) {
            /* Would the frees through merges cover the rest? Then the
             * honest answer is "cannot prove", not "leaks". */
            flow again = *fl;
            c->count_maybe = true;
            check_paths(c, &again, o->block, pos + 1, s->op, status, own_unwind);
            c->count_maybe = false;
            fl->free_unproven = again.freed_all;
        }
    }
    int loop = f->blocks[o->block].loop;
    if (loop >= 0 && (size_t)loop < f->nloops) {
        for (size_t i = 0; i < c->nfrees; i++) {
            int op = c->frees_op[i];
            if (c->fmark[op] == c->stamp && bid_ok(f, f->ops[op].block) &&
                !loop_contains(f, loop, f->blocks[f->ops[op].block].loop))
                fl->free_outside_loop = true;
        }
    }
    return c->budget >= 0;
}

/* ---- messages and findings ----------------------------------------------- */

typedef struct site_text {
    char what[160];      /* "malloc(64)" */
    char allocator[96];  /* "malloc" or the wrapper's name */
    char fn[128];        /* "parse_line" */
} site_text;

static void describe_site(const esc_ctx *c, const site *s, site_text *t)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    if (s->wrapper_fn != PA_NONE)
        short_name(t->allocator, sizeof t->allocator, c->m->functions[s->wrapper_fn]->demangled);
    else
        snprintf(t->allocator, sizeof t->allocator, "%s", pa_allocator_name(o->allocator));
    short_name(t->fn, sizeof t->fn, f->demangled ? f->demangled : f->name);
    if (s->wrapper_fn == PA_NONE &&
        (o->allocator == PA_ALLOCATOR_STRDUP || o->allocator == PA_ALLOCATOR_STRNDUP))
        snprintf(t->what, sizeof t->what, "%s()", t->allocator);
    else if (s->bytes != PA_UNKNOWN_SIZE)
        snprintf(t->what, sizeof t->what, "%s(%lld)", t->allocator, (long long)s->bytes);
    else
        snprintf(t->what, sizeof t->what, "%s(n)", t->allocator);
}

static bool is_cxx_site(const esc_ctx *c, const site *s)
{
    const pa_op *o = &c->f->ops[s->op];
    return s->wrapper_fn == PA_NONE &&
           (o->allocator == PA_ALLOCATOR_NEW || o->allocator == PA_ALLOCATOR_NEW_ARRAY);
}

static void add_common_evidence(cJSON *ev, const esc_ctx *c, const site *s, const site_text *t,
                                const flow *fl)
{
    const pa_function *f = c->f;
    const pa_op *o = &f->ops[s->op];
    cJSON_AddStringToObject(ev, "allocator", t->allocator);
    if (s->bytes != PA_UNKNOWN_SIZE)
        cJSON_AddNumberToObject(ev, "bytes", (double)s->bytes);
    else
        cJSON_AddNullToObject(ev, "bytes");
    cJSON_AddBoolToObject(ev, "freed_on_all_paths", fl->freed_all && fl->has_free);
    pa_json_add_loop_facts(ev, f, o->block);
    if (s->wrapper_fn != PA_NONE)
        cJSON_AddBoolToObject(ev, "wrapper", true);
    if (fl->leaks_on_exception)
        cJSON_AddBoolToObject(ev, "leaks_on_exception", true);
}

/* The fix for a stack candidate, by allocator. */
static void stack_fix(const esc_ctx *c, const site *s, char *buf, size_t n)
{
    const pa_op *o = &c->f->ops[s->op];
    long long b = (long long)s->bytes;
    pa_allocator a = s->wrapper_fn != PA_NONE ? PA_ALLOCATOR_MALLOC : o->allocator;
    switch (a) {
    case PA_ALLOCATOR_NEW:
        snprintf(buf, n, "use a local object (or std::optional<T> if it is created conditionally) "
                         "instead of new/delete");
        return;
    case PA_ALLOCATOR_NEW_ARRAY:
        snprintf(buf, n, "use a local array or std::array (%lld bytes) instead of new[]/delete[]", b);
        return;
    case PA_ALLOCATOR_CALLOC:
        snprintf(buf, n, "use a zero-initialised %lld-byte stack array (char buf[%lld] = {0}) "
                         "instead of the heap", b, b);
        return;
    case PA_ALLOCATOR_ALIGNED_ALLOC:
    case PA_ALLOCATOR_POSIX_MEMALIGN: {
        long long align = 0;
        int ai = a == PA_ALLOCATOR_ALIGNED_ALLOC ? 0 : 1;
        if ((size_t)ai < o->nargs && o->arg_flags && o->arg_const && (o->arg_flags[ai] & PA_ARG_CONST))
            align = (long long)o->arg_const[ai];
        if (align > 0)
            snprintf(buf, n, "use an aligned %lld-byte stack array (_Alignas(%lld) char buf[%lld]) "
                             "instead of the heap", b, align, b);
        else
            snprintf(buf, n, "use an aligned %lld-byte stack array (_Alignas(N) char buf[%lld]) "
                             "instead of the heap", b, b);
        return;
    }
    default:
        snprintf(buf, n, "use a %lld-byte stack array (char buf[%lld]) instead of the heap", b, b);
        return;
    }
}

/* Why a non-escaping site is not a stack candidate; NULL when it is one. */
static const char *not_candidate_reason(const esc_ctx *c, const site *s, const flow *fl,
                                        char *buf, size_t n)
{
    if (s->bytes == PA_UNKNOWN_SIZE)
        return "non-constant size";
    if (s->grows_existing)
        return "resizes an existing buffer";
    if (c->opt.max_stack_bytes == 0) {
        snprintf(buf, n, "stack suggestions disabled");
        return buf;
    }
    if (s->bytes > c->opt.max_stack_bytes) {
        snprintf(buf, n, "larger than %ld bytes", c->opt.max_stack_bytes);
        return buf;
    }
    if (fl->reallocated)
        return "reallocated";
    if (fl->free_unproven)
        return "free not proven";
    if (!fl->freed_all || !fl->has_free)
        return "not freed on every path";
    if (fl->crosses_iterations || fl->free_outside_loop)
        return "lifetime crosses loop iterations";
    return NULL;
}

static int emit_escape(esc_ctx *c, pa_report *out, const site *s, const site_text *t, const flow *fl)
{
    const pa_function *f = c->f;
    pa_finding *fd = NULL;
    switch (fl->via) {
    case VIA_RETURN:
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() escapes via return: the caller owns it; it must stay on the heap",
                           t->what, t->fn);
        break;
    case VIA_GLOBAL:
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() escapes via a store to global '%s': it outlives the call; "
                           "it must stay on the heap", t->what, t->fn, fl->target);
        break;
    case VIA_HEAP:
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() escapes via a store into %s: that memory keeps it; "
                           "it must stay on the heap", t->what, t->fn, fl->target);
        break;
    case VIA_CALL:
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() escapes via a call to %s(), which may keep the pointer: it must "
                           "stay on the heap (if %s() only uses it during the call, make its definition "
                           "visible here so the compiler can prove that)",
                           t->what, t->fn, fl->target, fl->target);
        break;
    default:
        fd = pa_report_add(out, PA_F_HEAP_ESCAPE, f, s->op,
                           "%s in %s() may escape (%s): perfadvise cannot follow it, so it is treated "
                           "as escaping and must stay on the heap", t->what, t->fn, fl->target);
        break;
    }
    if (!fd)
        return -1;
    add_common_evidence(fd->evidence, c, s, t, fl);
    cJSON_AddStringToObject(fd->evidence, "via", via_name(fl->via));
    cJSON_AddStringToObject(fd->evidence, "target", fl->target);
    if (oid_ok(f, fl->via_op) && f->ops[fl->via_op].loc.line)
        pa_json_add_loc(fd->evidence, "escape_at", &f->ops[fl->via_op].loc);
    return 0;
}

static int emit_no_escape(esc_ctx *c, pa_report *out, const site *s, const site_text *t,
                          const flow *fl, const char *reason)
{
    const pa_function *f = c->f;
    pa_finding *fd;
    if (strcmp(reason, "non-constant size") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but its size is not a compile-time constant: it "
                           "stays on the heap (a small fixed stack buffer with a heap fallback would "
                           "avoid the allocation for common sizes)", t->what, t->fn);
    else if (strcmp(reason, "resizes an existing buffer") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it resizes an existing buffer: it stays "
                           "on the heap", t->what, t->fn);
    else if (strcmp(reason, "reallocated") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it is resized with realloc later: it "
                           "stays on the heap (or size the buffer for the largest case up front)",
                           t->what, t->fn);
    else if (strcmp(reason, "not freed on every path") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it is not freed on every path (it leaks "
                           "on some path): %s it on every path, or better, make it a %s",
                           t->what, t->fn, is_cxx_site(c, s) ? "delete" : "free",
                           is_cxx_site(c, s) ? "local object" : "stack array");
    else if (strcmp(reason, "free not proven") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but perfadvise cannot prove it is freed on "
                           "every path (it is freed through a phi/select that may also hold another "
                           "pointer): it stays on the heap", t->what, t->fn);
    else if (strcmp(reason, "lifetime crosses loop iterations") == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but it is allocated in a loop and lives past "
                           "the iteration: allocate it once before the loop and reuse it",
                           t->what, t->fn);
    else if (c->opt.max_stack_bytes == 0)
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape; stack suggestions are off "
                           "(-perfadvise-heap-to-stack-max=0)", t->what, t->fn);
    else
        fd = pa_report_add(out, PA_F_NO_ESCAPE, f, s->op,
                           "%s in %s() does not escape, but %lld bytes is over the %ld-byte stack "
                           "limit: it stays on the heap (raise -mllvm -perfadvise-heap-to-stack-max "
                           "only if the stack can afford it)",
                           t->what, t->fn, (long long)s->bytes, c->opt.max_stack_bytes);
    if (!fd)
        return -1;
    add_common_evidence(fd->evidence, c, s, t, fl);
    cJSON_AddNullToObject(fd->evidence, "via");
    cJSON_AddStringToObject(fd->evidence, "reason", reason);
    return 0;
}

static int emit_site(esc_ctx *c, pa_report *out, const site *s, const flow *fl)
{
    site_text t;
    describe_site(c, s, &t);
    if (fl->via_mask != 0)
        return emit_escape(c, out, s, &t, fl);
    char buf[64];
    const char *reason = not_candidate_reason(c, s, fl, buf, sizeof buf);
    if (reason)
        return emit_no_escape(c, out, s, &t, fl, reason);
    char fix[192];
    stack_fix(c, s, fix, sizeof fix);
    bool cxx = is_cxx_site(c, s);
    pa_finding *fd = pa_report_add(out, PA_F_HEAP_TO_STACK, c->f, s->op,
                                   "%s in %s() does not escape and is %s on every path: %s%s", t.what,
                                   t.fn, cxx ? "deleted" : "freed", fix,
                                   fl->leaks_on_exception ? " (today it also leaks when an exception "
                                                            "passes through)"
                                                          : "");
    if (!fd)
        return -1;
    add_common_evidence(fd->evidence, c, s, &t, fl);
    cJSON_AddNullToObject(fd->evidence, "via");
    cJSON_AddNumberToObject(fd->evidence, "max_stack_bytes", (double)c->opt.max_stack_bytes);
    return 0;
}

/* ---- per function -------------------------------------------------------- */

/* Is the value returned by a RET fresh memory from sites of this function
 * that escape only by being returned? Leaves are collected through casts
 * and merges; null constants are allowed. */
static bool returns_fresh(esc_ctx *c, int ret_value, int64_t *bytes, int *size_param, bool *any)
{
    const pa_function *f = c->f;
    c->sstamp++;
    size_t n = 0;
    int *stackv = c->tmp;
    if (!vid_ok(f, ret_value))
        return false;
    stackv[n++] = ret_value;
    c->smark[ret_value] = c->sstamp;
    while (n > 0) {
        int v = stackv[--n];
        if (--c->budget < 0)
            return false;
        const pa_value *pv = &f->values[v];
        if (pv->kind == PA_VAL_CONST)
            continue;
        if (pv->kind == PA_VAL_DERIVED) {
            if (pv->offset != 0 || !vid_ok(f, pv->base))
                return false; /* p + header: not what free() takes */
            if (c->smark[pv->base] != c->sstamp) {
                c->smark[pv->base] = c->sstamp;
                stackv[n++] = pv->base;
            }
            continue;
        }
        if (pv->kind == PA_VAL_MERGE) {
            for (size_t k = 0; k < pv->ninputs && pv->inputs; k++) {
                int u = pv->inputs[k];
                if (!vid_ok(f, u))
                    return false;
                if (c->smark[u] != c->sstamp && n < c->max_values) {
                    c->smark[u] = c->sstamp;
                    stackv[n++] = u;
                }
            }
            continue;
        }
        int si = c->root_site[v];
        if (si < 0 || (size_t)si >= c->nsites)
            return false;
        const site *s = &c->sites[si];
        if (!s->analysed || s->via_mask != VIA_RETURN || s->grows_existing)
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

static void compute_returns_allocation(esc_ctx *c, fn_facts *ff)
{
    const pa_function *f = c->f;
    bool any = false, all = true, saw_ret = false;
    int64_t bytes = PA_UNKNOWN_SIZE;
    int size_param = PA_NONE;
    for (size_t i = 0; i < f->nops && all; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_RET)
            continue;
        if (!bid_ok(f, o->block))
            continue;
        saw_ret = true;
        if (!returns_fresh(c, o->ret_value, &bytes, &size_param, &any))
            all = false;
    }
    ff->returns_allocation = saw_ret && all && any;
    ff->ret_bytes = ff->returns_allocation ? bytes : PA_UNKNOWN_SIZE;
    ff->ret_size_param = ff->returns_allocation ? size_param : PA_NONE;
}

/* frees_params / captures_params for each pointer parameter. */
static void compute_param_facts(esc_ctx *c, fn_facts *nf)
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
        if (nroots == 0)
            continue;
        flow fl;
        if (!analyse_values(c, &fl, roots, nroots)) {
            nf->captures[p] = 1;
            continue;
        }
        nf->captures[p] = fl.via_mask != 0;
        if (fl.has_free && f->nblocks > 0) {
            check_paths(c, &fl, 0, 0, PA_NONE, PA_NONE, false);
            nf->frees[p] = fl.freed_all;
        }
    }
    free(roots);
}

static bool facts_equal(const fn_facts *a, const fn_facts *b)
{
    if (a->allocates != b->allocates || a->returns_allocation != b->returns_allocation ||
        a->ret_bytes != b->ret_bytes || a->ret_size_param != b->ret_size_param)
        return false;
    for (unsigned p = 0; p < a->nparams; p++)
        if (a->frees[p] != b->frees[p] || a->captures[p] != b->captures[p])
            return false;
    return true;
}

/* Analyse function fi: recompute its facts (in place) and, with out != NULL,
 * report its sites. *changed is set when the facts changed. Returns 0 or -1
 * on out of memory. */
static int analyse_function(esc_ctx *c, size_t fi, pa_report *out, bool *changed)
{
    const pa_function *f = c->m->functions[fi];
    fn_facts *ff = &c->facts[fi];
    if (!ff->defined || f->nblocks == 0)
        return 0;
    c->f = f;
    c->budget = ESC_WORK_BUDGET;
    /* At -O0 clang attaches no nocapture facts to library calls, so every
     * buffer handed to snprintf would look escaping: summaries only. */
    if (f->optnone)
        out = NULL;
    if (build_uses(c, f) != 0 || find_sites(c) != 0)
        return -1;

    fn_facts nf = *ff;
    unsigned char *arrays = calloc(2 * (size_t)(ff->nparams ? ff->nparams : 1), 1);
    if (!arrays)
        return -1;
    nf.frees = arrays;
    nf.captures = arrays + (ff->nparams ? ff->nparams : 1);
    compute_param_facts(c, &nf);

    for (size_t v = 0; v < f->nvalues; v++)
        c->root_site[v] = PA_NONE;
    nf.allocates = false;
    int rc = 0;
    for (size_t i = 0; i < c->nsites && rc == 0; i++) {
        site *s = &c->sites[i];
        const pa_op *o = &f->ops[s->op];
        nf.allocates = true;
        flow fl;
        if (!analyse_site(c, s, &fl))
            break; /* over budget (or out of memory): no claims for the rest */
        s->analysed = true;
        s->via_mask = fl.via_mask;
        if (!s->out_param && vid_ok(f, o->result))
            c->root_site[o->result] = (int)i;
        else if (s->out_param)
            for (size_t k = 0; k < c->nmembers; k++)
                if (f->values[c->members[k]].kind == PA_VAL_LOAD && c->root_site[c->members[k]] == PA_NONE &&
                    c->mmark[c->members[k]] == c->stamp)
                    c->root_site[c->members[k]] = (int)i;
        if (out)
            rc = emit_site(c, out, s, &fl);
    }
    if (c->oom)
        rc = -1;
    compute_returns_allocation(c, &nf);

    if (changed && !facts_equal(&nf, ff))
        *changed = true;
    memcpy(ff->frees, nf.frees, ff->nparams);
    memcpy(ff->captures, nf.captures, ff->nparams);
    ff->allocates = nf.allocates;
    ff->returns_allocation = nf.returns_allocation;
    ff->ret_bytes = nf.ret_bytes;
    ff->ret_size_param = nf.ret_size_param;
    free(arrays);
    return rc;
}

/* ---- module -------------------------------------------------------------- */

static void replace_item(cJSON *obj, const char *key, cJSON *item)
{
    if (!item)
        return;
    cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
    cJSON_AddItemToObject(obj, key, item);
}

static cJSON *param_list(const unsigned char *flags, unsigned n)
{
    cJSON *arr = cJSON_CreateArray();
    for (unsigned p = 0; arr && p < n; p++)
        if (flags[p])
            cJSON_AddItemToArray(arr, cJSON_CreateNumber(p));
    return arr;
}

static int write_summaries(esc_ctx *c, pa_report *out)
{
    for (size_t i = 0; i < c->m->nfunctions; i++) {
        const fn_facts *ff = &c->facts[i];
        if (!ff->defined)
            continue;
        cJSON *s = pa_report_summary(out, c->m->functions[i]);
        if (!s)
            return -1;
        replace_item(s, "allocates", cJSON_CreateBool(ff->allocates));
        replace_item(s, "returns_allocation", cJSON_CreateBool(ff->returns_allocation));
        replace_item(s, "frees_params", param_list(ff->frees, ff->nparams));
        replace_item(s, "captures_params", param_list(ff->captures, ff->nparams));
    }
    return 0;
}

static int init_ctx(esc_ctx *c, const pa_module *m, const pa_escape_options *opts)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->opt = opts ? *opts : pa_escape_default_options();
    if (c->opt.max_stack_bytes < 0)
        c->opt.max_stack_bytes = PA_ESCAPE_DEFAULT_MAX_STACK_BYTES;
    c->facts = calloc(m->nfunctions ? m->nfunctions : 1, sizeof *c->facts);
    if (!c->facts || build_table(c) != 0)
        return -1;
    for (size_t i = 0; i < m->nfunctions; i++) {
        const pa_function *f = m->functions[i];
        fn_facts *ff = &c->facts[i];
        ff->ret_bytes = PA_UNKNOWN_SIZE;
        ff->ret_size_param = PA_NONE;
        if (!f || !f->is_definition)
            continue;
        ff->defined = true;
        ff->nparams = f->nparams;
        ff->frees = calloc(f->nparams ? f->nparams : 1, 1);
        ff->captures = malloc(f->nparams ? f->nparams : 1);
        if (!ff->frees || !ff->captures)
            return -1;
        memset(ff->captures, 1, f->nparams ? f->nparams : 1); /* safe start: captures */
        if (f->nvalues > c->max_values)
            c->max_values = f->nvalues;
        if (f->nops > c->max_ops)
            c->max_ops = f->nops;
        if (f->nblocks > c->max_blocks)
            c->max_blocks = f->nblocks;
    }
    size_t nv = c->max_values + 1, no = c->max_ops + 1, nb = c->max_blocks + 1;
    c->vstart = malloc(nv * sizeof *c->vstart);
    c->ostart = malloc(nv * sizeof *c->ostart);
    c->vmark = calloc(nv, sizeof *c->vmark);
    c->mmark = calloc(nv, sizeof *c->mmark);
    c->smark = calloc(nv, sizeof *c->smark);
    c->omark = calloc(no, sizeof *c->omark);
    c->fmark = calloc(no, sizeof *c->fmark);
    c->pmark = calloc(no, sizeof *c->pmark);
    c->bmark = calloc(2 * nb, sizeof *c->bmark);
    c->members = malloc(nv * sizeof *c->members);
    c->work = malloc(nv * sizeof *c->work);
    c->pending = malloc(no * sizeof *c->pending);
    c->frees_op = malloc(2 * no * sizeof *c->frees_op);
    c->frees_val = malloc(2 * no * sizeof *c->frees_val);
    c->tmp = malloc(2 * nv * sizeof *c->tmp);
    c->stack = malloc(2 * nb * sizeof *c->stack);
    c->root_site = malloc(nv * sizeof *c->root_site);
    if (!c->vstart || !c->ostart || !c->vmark || !c->mmark || !c->smark || !c->omark || !c->fmark ||
        !c->pmark ||
        !c->bmark || !c->members || !c->work || !c->pending || !c->frees_op || !c->frees_val ||
        !c->tmp || !c->stack || !c->root_site)
        return -1;
    return 0;
}

static void free_ctx(esc_ctx *c)
{
    if (c->facts)
        for (size_t i = 0; i < c->m->nfunctions; i++) {
            free(c->facts[i].frees);
            free(c->facts[i].captures);
        }
    free(c->facts);
    free(c->table);
    free(c->vstart);
    free(c->vitems);
    free(c->ostart);
    free(c->oitems);
    free(c->vmark);
    free(c->mmark);
    free(c->smark);
    free(c->omark);
    free(c->fmark);
    free(c->pmark);
    free(c->bmark);
    free(c->members);
    free(c->work);
    free(c->pending);
    free(c->frees_op);
    free(c->frees_val);
    free(c->tmp);
    free(c->stack);
    free(c->root_site);
    free(c->sites);
}

pa_escape_options pa_escape_default_options(void)
{
    pa_escape_options o;
    o.max_stack_bytes = PA_ESCAPE_DEFAULT_MAX_STACK_BYTES;
    return o;
}

int pa_escape_run(const pa_module *m, pa_report *out)
{
    return pa_escape_run_with(m, out, NULL);
}

int pa_escape_run_with(const pa_module *m, pa_report *out, const pa_escape_options *opts)
{
    if (!m || !out)
        return 0;
    esc_ctx c;
    int rc = -1;
    if (init_ctx(&c, m, opts) != 0)
        goto done;
    /* Summaries to a fixpoint, then one more pass that reports. */
    bool changed = true;
    for (int round = 0; round < ESC_MAX_ROUNDS && changed; round++) {
        changed = false;
        for (size_t i = 0; i < m->nfunctions; i++)
            if (analyse_function(&c, i, NULL, &changed) != 0)
                goto done;
    }
    for (size_t i = 0; i < m->nfunctions; i++)
        if (analyse_function(&c, i, out, NULL) != 0)
            goto done;
    rc = write_summaries(&c, out);
done:
    free_ctx(&c);
    return rc;
}
