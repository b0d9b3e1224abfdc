/* passes/loopalloc_home.c — where the memory a loop allocates ends up (see
 * loopalloc_home.h). A forward walk from the allocation over casts, offsets
 * and phis, then one pass over the function's stores, returns and calls.
 * Exercised by: ctest -R unit.test_loopalloc; lit/loopalloc_cxx_*.cpp */
#include "loopalloc_home.h"

#include <string.h>

/* A stack slot (root, byte offset) the allocation's pointer is stored in:
 * a std::string temporary holds its buffer in its _M_p field, and moving it
 * into a container loads the pointer back from there. */
typedef struct slot {
    int root;
    int64_t offset;
} slot;

#define MAX_SLOTS 16

typedef struct slots {
    slot s[MAX_SLOTS];
    size_t n;
} slots;

/* Members of std::string that return *this: `(s + "x")` hands the same
 * object on, so a load through the result reads the object's own fields.
 * External members carry no `returned` attribute, hence the names. */
static bool returns_its_object(const pa_op *o)
{
    static const char *const members[] = {"::_M_append(", "::append(", "::_M_replace(",
                                          "::_M_replace_aux(", "::operator+=(", "::assign("};
    if (o->nargs > 0 && o->arg_flags && (o->arg_flags[0] & PA_ARG_RETURNED))
        return true;
    const char *d = o->callee_demangled;
    if (!d || !strstr(d, "basic_string<"))
        return false;
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        if (strstr(d, members[i]))
            return true;
    return false;
}

/* The root of addr, seen through calls that return their first argument. */
static int object_root(const pa_function *f, int addr, int64_t *off)
{
    int root = pa_value_root(f, addr, off);
    for (int hops = 0; hops < 4; hops++) {
        const pa_value *r = pa_value_at(f, root);
        const pa_op *def = r && r->kind == PA_VAL_CALL ? pa_op_at(f, r->def_op) : NULL;
        if (!def || !returns_its_object(def) || !def->args || !pa_value_ok(f, def->args[0]))
            break;
        int64_t more = 0;
        root = pa_value_root(f, def->args[0], &more);
        if (*off != PA_UNKNOWN_SIZE)
            *off = more == PA_UNKNOWN_SIZE ? PA_UNKNOWN_SIZE : *off + more;
    }
    return root;
}

static bool slot_of(const pa_function *f, int addr, slot *out)
{
    if (!pa_value_ok(f, addr))
        return false;
    int64_t off = 0;
    int root = object_root(f, addr, &off);
    const pa_value *r = pa_value_at(f, root);
    if (!r || r->kind != PA_VAL_STACK || off == PA_UNKNOWN_SIZE)
        return false;
    *out = (slot){root, off};
    return true;
}

static bool has_slot(const slots *ss, slot x)
{
    for (size_t i = 0; i < ss->n; i++)
        if (ss->s[i].root == x.root && ss->s[i].offset == x.offset)
            return true;
    return false;
}

/* Remember the stack slots marked values are stored into; true if new. */
static bool note_slots(const pa_function *f, const unsigned char *mark, slots *ss)
{
    bool added = false;
    for (size_t i = 0; i < f->nops && ss->n < MAX_SLOTS; i++) {
        const pa_op *o = &f->ops[i];
        slot x;
        if (o->kind == PA_OP_STORE && pa_value_ok(f, o->stored) && mark[o->stored] &&
            slot_of(f, o->addr, &x) && !has_slot(ss, x)) {
            ss->s[ss->n++] = x;
            added = true;
        }
    }
    return added;
}

/* Is value v made from a marked value: a cast or offset of one, a phi over
 * one, or a load from a stack slot one was stored into? */
static bool made_from_marked(const pa_function *f, const pa_value *v, const unsigned char *mark,
                             const slots *ss)
{
    if (v->kind == PA_VAL_DERIVED)
        return pa_value_ok(f, v->base) && mark[v->base];
    if (v->kind == PA_VAL_MERGE && v->inputs) {
        for (size_t k = 0; k < v->ninputs; k++)
            if (pa_value_ok(f, v->inputs[k]) && mark[v->inputs[k]])
                return true;
        return false;
    }
    slot x;
    return v->kind == PA_VAL_LOAD && slot_of(f, v->base, &x) && has_slot(ss, x);
}

/* Mark every value made from `value` by casts, offsets, phis and round
 * trips through a stack slot. Phis may name later values (loop back
 * edges), so repeat until nothing changes. Each round follows any forward
 * chain in one go, so real code needs a few rounds; the cap keeps a
 * pathological function linear. A missed mark only makes the home
 * unknown, which reports as before. */
#define MAX_ROUNDS 64

static void mark_derived(const pa_function *f, int value, unsigned char *mark)
{
    memset(mark, 0, f->nvalues);
    mark[value] = 1;
    slots ss = {.n = 0};
    bool changed = true;
    for (int round = 0; changed && round < MAX_ROUNDS; round++) {
        changed = note_slots(f, mark, &ss);
        for (size_t i = 0; i < f->nvalues; i++) {
            if (!mark[i] && made_from_marked(f, &f->values[i], mark, &ss)) {
                mark[i] = 1;
                changed = true;
            }
        }
    }
}

static bool is_marked(const pa_function *f, const unsigned char *mark, int v)
{
    return pa_value_ok(f, v) && mark[v];
}

/* The three pointers of a std::vector (begin, end, end of storage). */
#define VECTOR_BYTES 24

/* Does the function empty the parameter object at `root` outside the loop
 * (the memset or null stores of a std::vector constructed in place)? With
 * the vector's offset `off` known, only a store into its own bytes counts:
 * a member nulled beside it (`odd = nullptr` after the loop) does not make
 * `this` an object built in place. */
static bool emptied_before_loop(const pa_function *f, int root, int64_t off, int loop)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (pa_block_in_loop(f, o->block, loop))
            continue;
        int addr = PA_NONE;
        bool memset = false;
        if (o->kind == PA_OP_CALL && o->callee && strncmp(o->callee, "llvm.memset", 11) == 0 &&
            o->nargs > 0 && o->args) {
            addr = o->args[0];
            memset = true;
        } else if (o->kind == PA_OP_STORE && pa_value_ok(f, o->stored) &&
                   f->values[o->stored].kind == PA_VAL_CONST && f->values[o->stored].offset == 0) {
            addr = o->addr;
        }
        int64_t at = 0;
        if (!pa_value_ok(f, addr) || pa_value_root(f, addr, &at) != root)
            continue;
        if (off == PA_UNKNOWN_SIZE || at == PA_UNKNOWN_SIZE)
            return true;
        if (memset ? at <= off : at >= off && at < off + VECTOR_BYTES)
            return true;
    }
    return false;
}

/* Classify one store of the allocation into the object at `root`. */
static void note_store(const pa_function *f, const unsigned char *mark, int root, int loop,
                       pa_loopalloc_home *h, bool *unfresh, unsigned depth)
{
    const pa_value *r = pa_value_at(f, root);
    if (is_marked(f, mark, root)) {
        /* Into the allocation itself (a node linking to itself), or into a
         * pointer carried round the loop that held another object first:
         * `prev->next = node; prev = node;` starts at the list's head,
         * `*tail = node; tail = &node->next;` at &head. The node is linked
         * into what those other inputs are. */
        if (r && r->kind == PA_VAL_MERGE && r->inputs && depth < 4)
            for (size_t i = 0; i < r->ninputs; i++) {
                int in = pa_value_ok(f, r->inputs[i]) ? pa_value_root(f, r->inputs[i], NULL) : PA_NONE;
                if (pa_value_ok(f, in) && in != root)
                    note_store(f, mark, in, loop, h, unfresh, depth + 1);
            }
        return;
    }
    if (r && r->kind == PA_VAL_STACK) {
        h->local_slot = true;
        return;
    }
    h->outlives = true;
    if (!r || r->kind != PA_VAL_ARG || !emptied_before_loop(f, root, PA_UNKNOWN_SIZE, loop))
        *unfresh = true;
}

/* A call inside the loop that receives the allocation and may keep it. */
static bool captures_in_loop(const pa_function *f, const pa_op *o, const unsigned char *mark,
                             int loop)
{
    if ((o->kind != PA_OP_CALL && o->kind != PA_OP_USE) || !o->args ||
        (o->call_flags & PA_CALL_INTRINSIC) || !pa_block_in_loop(f, o->block, loop))
        return false;
    for (size_t k = 0; k < o->nargs; k++) {
        bool nocapture = o->arg_flags && (o->arg_flags[k] & PA_ARG_NOCAPTURE);
        if (!nocapture && is_marked(f, mark, o->args[k]))
            return true;
    }
    return false;
}

bool pa_loopalloc_keeps(const pa_function *f, const pa_op *o, const unsigned char *mark, int loop)
{
    if (!f || !o || !mark)
        return false;
    if (o->kind == PA_OP_STORE && is_marked(f, mark, o->stored)) {
        int root = pa_value_ok(f, o->addr) ? pa_value_root(f, o->addr, NULL) : PA_NONE;
        const pa_value *r = pa_value_at(f, root);
        return r && !is_marked(f, mark, root) && r->kind != PA_VAL_STACK;
    }
    return captures_in_loop(f, o, mark, loop);
}

pa_loopalloc_home pa_loopalloc_find_home(const pa_function *f, int value, int loop,
                                         unsigned char *mark)
{
    pa_loopalloc_home h = {false, false, false, false};
    if (!f || !mark || !pa_value_ok(f, value))
        return h;
    mark_derived(f, value, mark);
    bool unfresh = false;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind == PA_OP_STORE && is_marked(f, mark, o->stored)) {
            int root = pa_value_ok(f, o->addr) ? pa_value_root(f, o->addr, NULL) : PA_NONE;
            note_store(f, mark, root, loop, &h, &unfresh, 0);
        } else if (o->kind == PA_OP_RET && is_marked(f, mark, o->ret_value)) {
            h.outlives = true;
            unfresh = true;
        } else if (captures_in_loop(f, o, mark, loop)) {
            h.captured_in_loop = true;
        }
    }
    h.fresh_result = h.outlives && !unfresh;
    return h;
}

pa_loopalloc_home pa_loopalloc_object_home(const pa_function *f, int addr, int loop)
{
    pa_loopalloc_home h = {false, false, false, false};
    if (!f || !pa_value_ok(f, addr))
        return h;
    int64_t off = 0;
    int root = object_root(f, addr, &off);
    return pa_loopalloc_object_home_at(f, root, off, loop);
}

pa_loopalloc_home pa_loopalloc_object_home_at(const pa_function *f, int root, int64_t off, int loop)
{
    pa_loopalloc_home h = {false, false, false, false};
    if (!f)
        return h;
    const pa_value *r = pa_value_at(f, root);
    if (!r) {
        h.outlives = true; /* not seen: memory of the caller, as before */
        return h;
    }
    if (r->kind == PA_VAL_STACK) {
        h.local_slot = true;
        return h;
    }
    h.outlives = true;
    h.fresh_result = r->kind == PA_VAL_ARG && emptied_before_loop(f, root, off, loop);
    return h;
}

bool pa_loopalloc_in_library_header(const pa_loc *loc)
{
    static const char *const prefixes[] = {"/usr/include/", "/usr/lib/", "/usr/local/include/",
                                           "/usr/lib64/", "/lib/"};
    if (!loc || !loc->file)
        return false;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(loc->file, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return pa_loopalloc_std_header_file(loc->file);
}

bool pa_loopalloc_std_header_file(const char *file)
{
    return file && strstr(file, "/include/c++/") != NULL;
}
