/* passes/locks_local_build.c — a local std::string or container built from
 * empty, whose first insertion allocates on every call (see
 * locks_local_build.h). */
#include "locks_local_build.h"

#include "catalog.h"
#include "cxx_names.h"

#include <ctype.h>
#include <string.h>

typedef enum lk_grow_kind {
    LK_GROW_NONE = 0,
    LK_GROW_STRING,    /* std::string: allocates past its inline 15 bytes */
    LK_GROW_CONTAINER, /* vector, list, map, set, hash: the first insertion allocates */
} lk_grow_kind;

bool lk_container_insert_call(const pa_op *o)
{
    return pa_cxx_container_insert_class(o->callee_demangled) != NULL;
}

bool lk_lifetime_call(const pa_op *o)
{
    const char *d = o->callee_demangled ? o->callee_demangled : o->callee;
    if (!d)
        return false;
    if ((o->call_flags & PA_CALL_INTRINSIC) && strstr(d, "lifetime"))
        return true;
    if (strstr(d, "::~"))
        return true;
    /* Name::Name() : the last component repeats the class's name. */
    const char *paren = strchr(d, '(');
    if (!paren || o->nargs != 1)
        return false;
    const char *last = NULL;
    for (const char *p = d; p + 1 < paren; p++)
        if (p[0] == ':' && p[1] == ':')
            last = p;
    if (!last)
        return false;
    size_t n = (size_t)(paren - (last + 2));
    /* The class's own name: before `last`, past its template arguments. */
    const char *end = pa_cxx_before_template_args(d, last);
    const char *cls = end;
    while (cls > d && (isalnum((unsigned char)cls[-1]) || cls[-1] == '_'))
        cls--;
    return n > 0 && (size_t)(end - cls) == n && strncmp(cls, last + 2, n) == 0;
}

bool lk_uses_slot(const pa_function *f, const pa_op *u, int slot)
{
    if ((u->kind == PA_OP_STORE || u->kind == PA_OP_LOAD) && pa_value_root(f, u->addr, NULL) == slot)
        return true;
    for (size_t a = 0; u->args && a < u->nargs; a++)
        if (pa_value_root(f, u->args[a], NULL) == slot)
            return true;
    return false;
}

bool lk_runs_before(const pa_function *f, int from, int to, unsigned char *seen, int *stack)
{
    int fb = f->ops[from].block, tb = f->ops[to].block;
    if (fb == tb && from < to)
        return true;
    memset(seen, 0, f->nblocks);
    size_t n = 0;
    stack[n++] = fb;
    while (n > 0) {
        const pa_block *b = &f->blocks[stack[--n]];
        for (size_t k = 0; b->succs && k < b->nsuccs; k++) {
            int s = b->succs[k];
            if (!pa_block_ok(f, s) || seen[s])
                continue;
            if (s == tb)
                return true;
            seen[s] = 1;
            stack[n++] = s;
        }
    }
    return false;
}

/* A std::string holds up to 15 chars in the object itself (libstdc++'s
 * _S_local_capacity for char); longer text is on the heap. */
#define LK_STRING_INLINE_BYTES 15
/* The bytes of a std::string or container object a store or call must
 * miss to leave it untouched: the largest of them (std::unordered_map, 56;
 * std::string is 32, std::map 48), so a smaller one is left untouched
 * only surely. */
#define LK_CONTAINER_BYTES 56
/* A block run on (nearly) every call: what is appended there surely is. */
#define LK_EVERY_CALL 0.99

/* The growth op makes directly: a string member, or an insertion into a
 * container other than a deque (whose constructor already made its first
 * block). */
static lk_grow_kind direct_growth(const pa_op *o, int64_t *bytes)
{
    if (pa_catalog_string_growth(o, bytes, NULL))
        return LK_GROW_STRING;
    *bytes = -1;
    if (lk_container_insert_call(o) && !strstr(o->callee_demangled, "std::deque<"))
        return LK_GROW_CONTAINER;
    return LK_GROW_NONE;
}

/* Only C++ grows strings and containers: a call without a demangled name
 * (C, extern "C": the model's callee_demangled is the symbol itself) is
 * none, and is every call of a C file. */
static bool cxx_call(const pa_op *o)
{
    return o && o->kind == PA_OP_CALL && o->callee_demangled && o->callee_demangled != o->callee &&
           !(o->callee && strcmp(o->callee_demangled, o->callee) == 0) && o->args && o->nargs >= 1;
}

/* What op grows, read from its name and its callee's summary. */
static lk_grow_kind read_growth(const lk_df *df, int op, int *arg, int64_t *bytes, bool *unknown)
{
    const pa_function *f = df->f;
    const pa_op *o = pa_op_at(f, op);
    *arg = -1;
    *bytes = 0;
    *unknown = false;
    if (!cxx_call(o))
        return LK_GROW_NONE;
    int64_t n;
    lk_grow_kind kind = direct_growth(o, &n);
    if (kind != LK_GROW_NONE) {
        *arg = 0;
        *bytes = n > 0 ? n : 0;
        *unknown = n < 0;
        return kind;
    }
    const lk_fx *x = &df->fx[op];
    if (x->kind != FX_CALL || x->callee < 0)
        return LK_GROW_NONE;
    const lk_summary *s = &df->mc->sums[x->callee];
    if (!s->done || !(s->grows_string | s->grows_container))
        return LK_GROW_NONE;
    for (size_t a = 0; a < o->nargs && a < LK_GROW_PARAMS; a++) {
        unsigned bit = 1u << a;
        if (!((s->grows_string | s->grows_container) & bit))
            continue;
        *arg = (int)a;
        *bytes = s->grows_bytes[a];
        *unknown = (s->grows_unknown & bit) != 0;
        return (s->grows_string & bit) ? LK_GROW_STRING : LK_GROW_CONTAINER;
    }
    return LK_GROW_NONE;
}

static double op_freq(const pa_function *f, int op)
{
    const pa_block *b = pa_block_at(f, f->ops[op].block);
    return b ? b->freq : 1.0;
}

/* Does u, a use of stack object slot, leave the container at byte off of
 * it alone: a store outside its bytes, or a call handed only pointers past
 * them (a pointer before it may be the whole object)? */
static bool misses_container(const pa_function *f, const pa_op *u, int slot, int64_t off)
{
    int64_t at = 0;
    if (off == PA_UNKNOWN_SIZE)
        return false;
    if (u->kind == PA_OP_STORE) {
        if (pa_value_root(f, u->addr, &at) != slot || at == PA_UNKNOWN_SIZE)
            return false;
        return at < off || at >= off + LK_CONTAINER_BYTES;
    }
    if (u->kind != PA_OP_CALL)
        return false;
    for (size_t a = 0; u->args && a < u->nargs; a++)
        if (pa_value_root(f, u->args[a], &at) == slot &&
            (at == PA_UNKNOWN_SIZE || at < off + LK_CONTAINER_BYTES))
            return false;
    return true;
}

/* A run's growth facts, per op: what it grows and, for the first growth of
 * a local built from empty, the chance that it allocates. Nothing here
 * depends on the locks held, so it is found once per run, not per walk
 * (the engine walks once per assumption, and each client asks of every
 * call op). */
struct lk_grow_cache {
    struct lk_grow_op {
        unsigned char kind; /* lk_grow_kind */
        bool unknown, sure;
        signed char arg;
        uint8_t bytes;
        int slot; /* the local the grown argument points into, PA_NONE */
        int64_t off;
        double chance;
    } *ops;
    /* The blocks' predecessors (pred[first[b]..first[b+1])), for one
     * backward walk per local instead of a forward walk per use. */
    int *first, *pred;
    unsigned char *mark; /* per block: reached by the last walk */
    int *stack;
};

/* Mark the blocks from which block b can be reached (backward: b itself
 * only through a cycle), or, forward, those reached from b. */
static void walk_blocks(const pa_function *f, struct lk_grow_cache *g, int b, bool backward)
{
    size_t n = 0;
    memset(g->mark, 0, f->nblocks);
    g->stack[n++] = b;
    while (n > 0) {
        int x = g->stack[--n];
        const pa_block *bx = &f->blocks[x];
        size_t k0 = backward ? (size_t)g->first[x] : 0;
        size_t k1 = backward ? (size_t)g->first[x + 1] : (bx->succs ? bx->nsuccs : 0);
        for (size_t k = k0; k < k1; k++) {
            int y = backward ? g->pred[k] : bx->succs[k];
            if (!pa_block_ok(f, y) || g->mark[y])
                continue;
            g->mark[y] = 1;
            g->stack[n++] = y;
        }
    }
}

/* After walk_blocks(block of `to`, backward): can op `from` run before
 * op `to`? */
static bool marked_before(const pa_function *f, const struct lk_grow_cache *g, int from, int to)
{
    int fb = f->ops[from].block, tb = f->ops[to].block;
    return (fb == tb && from < to) || g->mark[fb];
}

/* Is the container at byte off of stack object slot empty at op: no use
 * that can run before it fills it (its constructor and destructor, loads
 * and the object's other fields aside)? */
static bool empty_at(const pa_function *f, struct lk_grow_cache *g, int slot, int64_t off, int op)
{
    walk_blocks(f, g, f->ops[op].block, true);
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *u = &f->ops[i];
        if ((int)i == op || u->kind == PA_OP_LOAD || !pa_block_ok(f, u->block) ||
            !marked_before(f, g, (int)i, op) || !lk_uses_slot(f, u, slot))
            continue;
        if ((u->kind == PA_OP_CALL && lk_lifetime_call(u)) || misses_container(f, u, slot, off))
            continue;
        return false;
    }
    return true;
}

/* The chance that the string at byte off of slot, empty at its first
 * growth `first`, allocates: the bytes later growths surely append pass
 * the inline buffer (1), or some growth appends an unknown number (0.5),
 * or neither (0). "Surely": reached from the first growth (not the other
 * branch of an if), on a block run as often as it (a string built after
 * an early return is built in full whenever it is built), and before
 * anything else uses the string (clear(), a move, a call handed it). */
static double spill_chance(const lk_df *df, struct lk_grow_cache *g, int first, int slot, int64_t off)
{
    const pa_function *f = df->f;
    double first_freq = op_freq(f, first);
    int fb = f->ops[first].block;
    int64_t sum = 0;
    bool unknown = false;
    walk_blocks(f, g, fb, false);
    for (size_t i = (size_t)first; i < f->nops; i++) {
        const struct lk_grow_op *x = &g->ops[i];
        bool grows = x->kind == LK_GROW_STRING && x->slot == slot && x->off == off;
        if (!grows) {
            const pa_op *u = &f->ops[i];
            if (u->kind == PA_OP_CALL && lk_uses_slot(f, u, slot) && !lk_lifetime_call(u) &&
                !misses_container(f, u, slot, off))
                break;
            continue;
        }
        unknown = unknown || x->unknown;
        int b = f->ops[i].block;
        if ((int)i == first || (op_freq(f, (int)i) >= LK_EVERY_CALL * first_freq &&
                                pa_block_ok(f, b) && (b == fb || g->mark[b])))
            sum += x->bytes;
        if (sum > LK_STRING_INLINE_BYTES)
            return 1.0;
    }
    return unknown ? 0.5 : 0.0;
}

/* The predecessor lists of f's blocks, in g. Returns false on OOM. */
static bool find_preds(lk_module *mc, const pa_function *f, struct lk_grow_cache *g)
{
    size_t nedges = pa_block_edge_count(f);
    g->first = lk_scratch(mc, (f->nblocks + 1) * sizeof *g->first);
    g->pred = lk_scratch(mc, (nedges ? nedges : 1) * sizeof *g->pred);
    if (!g->first || !g->pred)
        return false;
    pa_block_preds(f, g->first, g->pred);
    return true;
}

/* The run's cache, found on first use; NULL on out of memory. */
static struct lk_grow_cache *grow_cache(lk_df *df)
{
    /* A function without C++ calls grows nothing: one answer for all. */
    static struct lk_grow_cache nothing;
    if (df->grow)
        return df->grow;
    const pa_function *f = df->f;
    lk_module *mc = df->mc;
    size_t c = 0;
    while (c < f->nops && !cxx_call(&f->ops[c]))
        c++;
    if (c == f->nops)
        return df->grow = &nothing;
    struct lk_grow_cache *g = lk_scratch(mc, sizeof *g);
    if (!g || !(g->ops = lk_scratch(mc, (f->nops ? f->nops : 1) * sizeof *g->ops)))
        return NULL;
    bool any = false;
    for (size_t i = 0; i < f->nops; i++) {
        struct lk_grow_op *x = &g->ops[i];
        int arg;
        int64_t bytes;
        x->slot = PA_NONE;
        x->kind = (unsigned char)read_growth(df, (int)i, &arg, &bytes, &x->unknown);
        if (x->kind == LK_GROW_NONE)
            continue;
        x->arg = (signed char)arg;
        x->bytes = (uint8_t)(bytes > PA_STRING_BYTES_CAP ? PA_STRING_BYTES_CAP : bytes);
        int slot = pa_value_root(f, f->ops[i].args[arg], &x->off);
        const pa_value *sv = pa_value_at(f, slot);
        if (sv && sv->kind == PA_VAL_STACK && x->off != PA_UNKNOWN_SIZE && pa_block_ok(f, f->ops[i].block)) {
            x->slot = slot;
            any = true;
        }
    }
    size_t nb = f->nblocks ? f->nblocks : 1;
    if (any && (!(g->mark = lk_scratch(mc, nb)) || !(g->stack = lk_scratch(mc, nb * sizeof *g->stack)) ||
                !find_preds(mc, f, g)))
        return NULL;
    /* Per local: its first growth in program order. A later growth of the
     * same container is no first one (not empty): asking again would walk
     * the blocks once per append. */
    int *first_of = any ? lk_scratch(mc, (f->nvalues ? f->nvalues : 1) * sizeof *first_of) : NULL;
    if (any && !first_of)
        return NULL;
    for (size_t i = 0; any && i < f->nops; i++) {
        struct lk_grow_op *x = &g->ops[i];
        if (x->slot == PA_NONE)
            continue;
        int seen = first_of[x->slot] - 1;
        if (seen >= 0 && g->ops[seen].off == x->off)
            continue;
        if (seen < 0)
            first_of[x->slot] = (int)i + 1;
        if (!empty_at(f, g, x->slot, x->off, (int)i))
            continue;
        x->chance = x->kind == LK_GROW_CONTAINER ? 1.0 : spill_chance(df, g, (int)i, x->slot, x->off);
        x->sure = x->chance >= 1.0;
    }
    df->grow = g;
    return g;
}

/* What op grows (as read_growth says), from the run's cache. */
static lk_grow_kind op_grows(lk_df *df, int op, int *arg, int64_t *bytes, bool *unknown)
{
    struct lk_grow_cache *g = grow_cache(df);
    *arg = -1;
    *bytes = 0;
    *unknown = false;
    if (!g || !g->ops || !pa_op_ok(df->f, op) || g->ops[op].kind == LK_GROW_NONE)
        return LK_GROW_NONE;
    *arg = g->ops[op].arg;
    *bytes = g->ops[op].bytes;
    *unknown = g->ops[op].unknown;
    return (lk_grow_kind)g->ops[op].kind;
}

void lk_summarise_growth(lk_df *df, lk_summary *s)
{
    const pa_function *f = df->f;
    const struct lk_grow_cache *g = grow_cache(df);
    for (size_t i = 0; g && g->ops && i < f->nops; i++) {
        int arg;
        int64_t bytes;
        bool unknown;
        lk_grow_kind kind = op_grows(df, (int)i, &arg, &bytes, &unknown);
        if (kind == LK_GROW_NONE)
            continue;
        /* Growth on some calls only is no growth of the caller's object
         * per call: a small vector that spills to the heap past its inline
         * elements (RocksDB's autovector::push_back). */
        const pa_block *b = pa_block_at(f, f->ops[i].block);
        if (!b || b->freq < LK_EVERY_CALL)
            continue;
        /* The object the parameter points to itself: a member further in
         * is another string (Pair::Fill growing &a and &b). */
        lk_loc l = lk_resolve_loc(&df->fc, f->ops[i].args[arg], 0);
        if (l.kind != LK_LOC_ARG || l.base < 0 || l.base >= LK_GROW_PARAMS || l.off != 0)
            continue;
        uint8_t bit = (uint8_t)(1u << l.base);
        if (kind == LK_GROW_CONTAINER) {
            s->grows_container |= bit;
            continue;
        }
        s->grows_string |= bit;
        if (unknown)
            s->grows_unknown |= bit;
        int64_t sum = s->grows_bytes[l.base] + bytes;
        s->grows_bytes[l.base] = (uint8_t)(sum > PA_STRING_BYTES_CAP ? PA_STRING_BYTES_CAP : sum);
    }
}

double lk_local_build_chance(lk_df *df, int op, bool *sure)
{
    struct lk_grow_cache *g = grow_cache(df);
    *sure = false;
    if (!g || !g->ops || !pa_op_ok(df->f, op))
        return 0;
    *sure = g->ops[op].sure;
    return g->ops[op].chance;
}

double lk_string_spill_chance(lk_df *df, int op)
{
    struct lk_grow_cache *g = grow_cache(df);
    if (!g || !g->ops || !pa_op_ok(df->f, op) || g->ops[op].kind != LK_GROW_STRING)
        return 0;
    return g->ops[op].chance;
}
