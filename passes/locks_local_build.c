/* passes/locks_local_build.c — a local std::string or container built from
 * empty, whose first insertion allocates on every call (see
 * locks_local_build.h). */
#include "locks_local_build.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool lk_container_insert_call(const pa_op *o)
{
    static const char *const classes[] = {"std::vector<", "std::deque<", "std::__cxx11::list<",
                                          "std::list<", "std::map<", "std::set<", "std::multimap<",
                                          "std::multiset<", "std::unordered_map<",
                                          "std::unordered_set<"};
    static const char *const members[] = {"::push_back(", "::emplace_back(", "::push_front(",
                                          "::emplace_front(", "::emplace(", "::emplace_hint(",
                                          "::insert(", "::operator[](", "::try_emplace("};
    const char *d = o->callee_demangled;
    if (!d)
        return false;
    bool cls = false, member = false;
    for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
        cls = cls || strncmp(d, classes[i], strlen(classes[i])) == 0 ||
              (strncmp(d, "void ", 5) == 0 && strncmp(d + 5, classes[i], strlen(classes[i])) == 0);
    for (size_t i = 0; i < sizeof members / sizeof *members; i++)
        member = member || strstr(d, members[i]) != NULL;
    return cls && member;
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
    const char *end = last;
    if (end > d && end[-1] == '>') {
        int depth = 0;
        do {
            end--;
            depth += *end == '>' ? 1 : *end == '<' ? -1 : 0;
        } while (end > d && depth > 0);
    }
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
 * miss to leave it untouched (sizeof(std::string), the largest of the
 * containers here but the hash tables, 56: their tail is no element). */
#define LK_CONTAINER_BYTES 32
/* A block run on (nearly) every call: what is appended there surely is. */
#define LK_EVERY_CALL 0.99

/* Argument k of o when it is a constant length, or -1. */
static int64_t constant_of(const pa_op *o, size_t k)
{
    if (k >= o->nargs || !o->arg_flags || !o->arg_const || !(o->arg_flags[k] & PA_ARG_CONST))
        return -1;
    return o->arg_const[k] >= 0 ? o->arg_const[k] : -1;
}

bool lk_string_growth_call(const pa_op *o, int64_t *bytes)
{
    /* The member, and which argument is its constant length (-1: none;
     * -2: one char). The signature picks the overload. */
    static const struct {
        const char *member;
        int len_arg;
    } members[] = {
        {"::append(char const*, unsigned long)", 2},
        {"::append(unsigned long, char)", 1},
        {"::_M_append(char const*, unsigned long)", 2},
        {"::_M_replace_aux(unsigned long, unsigned long, unsigned long, char)", 3},
        {"::push_back(char)", -2},
        {"::operator+=(char)", -2},
        {"::append(", -1},
        {"::operator+=(", -1},
        {"::insert(", -1},
        {"::_M_mutate(", -1},
        {"::_M_replace(", -1},
        {"::resize(", -1},
        {"::reserve(", -1},
    };
    static const char *const classes[] = {"std::__cxx11::basic_string<char, ",
                                          "std::basic_string<char, "};
    const char *d = o->callee_demangled;
    *bytes = -1;
    if (o->kind != PA_OP_CALL || !d || !o->args || o->nargs < 1)
        return false;
    bool cls = false;
    for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
        cls = cls || strncmp(d, classes[i], strlen(classes[i])) == 0;
    if (!cls)
        return false;
    for (size_t i = 0; i < sizeof members / sizeof *members; i++) {
        if (!strstr(d, members[i].member))
            continue;
        if (members[i].len_arg == -2)
            *bytes = 1;
        else if (members[i].len_arg >= 0)
            *bytes = constant_of(o, (size_t)members[i].len_arg);
        return true;
    }
    return false;
}

/* The growth op makes directly: a string member, or an insertion into a
 * container other than a deque (whose constructor already made its first
 * block). */
static lk_grow_kind direct_growth(const pa_op *o, int64_t *bytes)
{
    if (lk_string_growth_call(o, bytes))
        return LK_GROW_STRING;
    *bytes = -1;
    if (lk_container_insert_call(o) && !strstr(o->callee_demangled, "std::deque<"))
        return LK_GROW_CONTAINER;
    return LK_GROW_NONE;
}

lk_grow_kind lk_op_grows(const lk_df *df, int op, int *arg, int64_t *bytes, bool *unknown)
{
    const pa_function *f = df->f;
    const pa_op *o = pa_op_at(f, op);
    *arg = -1;
    *bytes = 0;
    *unknown = false;
    /* Only C++ grows strings and containers: a call without a demangled
     * name (C, extern "C": the model's callee_demangled is the symbol
     * itself) is none, and is every call of a C file. */
    if (!o || o->kind != PA_OP_CALL || !o->callee_demangled || o->callee_demangled == o->callee ||
        (o->callee && strcmp(o->callee_demangled, o->callee) == 0) || !o->args || o->nargs < 1)
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

void lk_summarise_growth(lk_df *df, lk_summary *s)
{
    const pa_function *f = df->f;
    for (size_t i = 0; i < f->nops; i++) {
        int arg;
        int64_t bytes;
        bool unknown;
        lk_grow_kind kind = lk_op_grows(df, (int)i, &arg, &bytes, &unknown);
        if (kind == LK_GROW_NONE)
            continue;
        /* Growth on some calls only is no growth of the caller's object
         * per call: a small vector that spills to the heap past its inline
         * elements (RocksDB's autovector::push_back). */
        const pa_block *b = pa_block_at(f, f->ops[i].block);
        if (!b || b->freq < LK_EVERY_CALL)
            continue;
        lk_loc l = lk_resolve_loc(&df->fc, f->ops[i].args[arg], 0);
        if (l.kind != LK_LOC_ARG || l.base < 0 || l.base >= LK_GROW_PARAMS)
            continue;
        uint8_t bit = (uint8_t)(1u << l.base);
        if (kind == LK_GROW_CONTAINER) {
            s->grows_container |= bit;
            continue;
        }
        s->grows_string |= bit;
        if (unknown)
            s->grows_unknown |= bit;
        if (bytes > 0) {
            int64_t sum = s->grows_bytes[l.base] + bytes;
            s->grows_bytes[l.base] = (uint8_t)(sum > 255 ? 255 : sum);
        }
    }
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

/* Is the container at byte off of stack object slot empty at op: no use
 * that can run before it fills it (its constructor and destructor, loads
 * and the object's other fields aside)? */
static bool empty_at(const pa_function *f, int slot, int64_t off, int op)
{
    unsigned char *seen = malloc(f->nblocks ? f->nblocks : 1);
    int *stack = malloc((f->nblocks ? f->nblocks : 1) * sizeof *stack);
    bool empty = seen && stack;
    for (size_t i = 0; empty && i < f->nops; i++) {
        const pa_op *u = &f->ops[i];
        if ((int)i == op || u->kind == PA_OP_LOAD || !lk_uses_slot(f, u, slot))
            continue;
        if ((u->kind == PA_OP_CALL && lk_lifetime_call(u)) || misses_container(f, u, slot, off))
            continue;
        if (lk_runs_before(f, (int)i, op, seen, stack))
            empty = false;
    }
    free(seen);
    free(stack);
    return empty;
}

/* The chance that a string at byte off of slot, empty before, allocates
 * once its first growth (on a block run `first_freq` times per call) is
 * reached: the bytes its growths surely append then pass the inline buffer
 * (1), or some growth appends an unknown number (0.5), or neither (0).
 * "Surely": on a block run as often as the first growth's (a string built
 * after an early return still is, in full, whenever it is built). */
static double spill_chance(const lk_df *df, int slot, int64_t off, double first_freq)
{
    const pa_function *f = df->f;
    int64_t sum = 0;
    bool unknown = false;
    for (size_t i = 0; i < f->nops; i++) {
        int arg;
        int64_t bytes, at = 0;
        bool unk;
        if (lk_op_grows(df, (int)i, &arg, &bytes, &unk) != LK_GROW_STRING ||
            pa_value_root(f, f->ops[i].args[arg], &at) != slot || at != off)
            continue;
        unknown = unknown || unk;
        const pa_block *b = pa_block_at(f, f->ops[i].block);
        if (b && b->freq >= LK_EVERY_CALL * first_freq)
            sum += bytes;
    }
    return sum > LK_STRING_INLINE_BYTES ? 1.0 : unknown ? 0.5 : 0.0;
}

double lk_local_build_chance(lk_df *df, int op, bool *sure)
{
    const pa_function *f = df->f;
    int arg;
    int64_t bytes, off = 0;
    bool unknown;
    *sure = false;
    lk_grow_kind kind = lk_op_grows(df, op, &arg, &bytes, &unknown);
    if (kind == LK_GROW_NONE)
        return 0;
    int slot = pa_value_root(f, f->ops[op].args[arg], &off);
    const pa_value *sv = pa_value_at(f, slot);
    if (!sv || sv->kind != PA_VAL_STACK || !empty_at(f, slot, off, op))
        return 0;
    double chance = kind == LK_GROW_CONTAINER ? 1.0 : spill_chance(df, slot, off, op_freq(f, op));
    *sure = chance >= 1.0;
    return chance;
}

double lk_string_spill_chance(const lk_df *df, int op)
{
    const pa_function *f = df->f;
    int arg;
    int64_t bytes, off = 0;
    bool unknown;
    if (lk_op_grows(df, op, &arg, &bytes, &unknown) != LK_GROW_STRING)
        return 0;
    int slot = pa_value_root(f, f->ops[op].args[arg], &off);
    const pa_value *sv = pa_value_at(f, slot);
    return sv && sv->kind == PA_VAL_STACK ? spill_chance(df, slot, off, op_freq(f, op)) : 0;
}
