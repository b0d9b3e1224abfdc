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

/* Does the function empty the parameter object at `root` outside the loop
 * (the memset or null stores of a std::vector constructed in place)? */
static bool emptied_before_loop(const pa_function *f, int root, int loop)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (pa_block_in_loop(f, o->block, loop))
            continue;
        int addr = PA_NONE;
        if (o->kind == PA_OP_CALL && o->callee && strncmp(o->callee, "llvm.memset", 11) == 0 &&
            o->nargs > 0 && o->args)
            addr = o->args[0];
        else if (o->kind == PA_OP_STORE && pa_value_ok(f, o->stored) &&
                 f->values[o->stored].kind == PA_VAL_CONST && f->values[o->stored].offset == 0)
            addr = o->addr;
        if (pa_value_ok(f, addr) && pa_value_root(f, addr, NULL) == root)
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
    if (!r || r->kind != PA_VAL_ARG || !emptied_before_loop(f, root, loop))
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
    const pa_value *r = pa_value_at(f, root);
    if (r && r->kind == PA_VAL_STACK) {
        h.local_slot = true;
        return h;
    }
    h.outlives = true;
    h.fresh_result = r && r->kind == PA_VAL_ARG && emptied_before_loop(f, root, loop);
    return h;
}

/* Where the qualified name of demangled function d starts: past the
 * return type a template function's name begins with
 * ("std::_Rb_tree_iterator<...> std::_Rb_tree<...>::_M_emplace_hint_unique<...>(...)"):
 * the last space outside template arguments before the parameters. */
static const char *qualified_name(const char *d)
{
    const char *start = d;
    int angle = 0;
    for (const char *p = d; *p; p++) {
        if (*p == '<')
            angle++;
        else if (*p == '>' && angle > 0)
            angle--;
        else if (*p == '(' && angle == 0)
            break;
        else if (*p == ' ' && angle == 0)
            start = p + 1;
    }
    return start;
}

/* Is the callee of o a function of namespace std (the library's own)? */
static bool std_callee(const pa_op *o)
{
    return o->callee_demangled && strncmp(qualified_name(o->callee_demangled), "std::", 5) == 0;
}

/* The container family of a libstdc++ call that links a node into its
 * container (out of line in libstdc++.so or in a template too big to
 * inline), or NULL. */
static const char *node_link_family(const pa_op *o)
{
    if (!std_callee(o))
        return NULL;
    const char *d = qualified_name(o->callee_demangled);
    if (strstr(d, "_Rb_tree_insert_and_rebalance("))
        return "std::set/std::map";
    if (strstr(d, "_Hashtable<") &&
        (strstr(d, "::_M_insert_unique_node(") || strstr(d, "::_M_insert_multi_node(")))
        return "std::unordered_set/std::unordered_map";
    if (strstr(d, "_List_node_base::_M_hook("))
        return "std::list";
    return NULL;
}

/* The one stack object of f among the arguments of link call o that are
 * not the node itself (a tree's header, a hash table's `this`, a list's
 * end()), or PA_NONE. */
static int linked_stack_object(const pa_function *f, const pa_op *o, const unsigned char *mark)
{
    int found = PA_NONE;
    for (size_t k = 0; k < o->nargs; k++) {
        if (!pa_value_ok(f, o->args[k]) || mark[o->args[k]])
            continue;
        int root = pa_value_root(f, o->args[k], NULL);
        const pa_value *r = pa_value_at(f, root);
        if (!r || r->kind != PA_VAL_STACK)
            continue;
        if (found != PA_NONE && found != root)
            return PA_NONE;
        found = root;
    }
    return found;
}

/* The container's stack object and the library's stack temporaries that
 * are given its address or pointers loaded from it (an unordered_map's
 * _Scoped_node holds the table's address): what is in any of them is the
 * container's. */
#define MAX_ALIASES 4

typedef struct aliases {
    int object[MAX_ALIASES];
    size_t n;
} aliases;

static bool is_alias(const aliases *as, int root)
{
    for (size_t i = 0; i < as->n; i++)
        if (as->object[i] == root)
            return true;
    return false;
}

/* Is v one of the objects (or an address in one), a pointer loaded from
 * one (a tree's root node, a bucket array), or a phi or select over such? */
static bool from_object(const pa_function *f, int v, const aliases *as, unsigned depth)
{
    if (!pa_value_ok(f, v))
        return false;
    int root = pa_value_root(f, v, NULL);
    if (is_alias(as, root))
        return true;
    const pa_value *r = pa_value_at(f, root);
    if (!r)
        return false;
    if (r->kind == PA_VAL_LOAD)
        return pa_value_ok(f, r->base) && is_alias(as, pa_value_root(f, r->base, NULL));
    if (r->kind == PA_VAL_MERGE && r->inputs && depth < 3)
        for (size_t i = 0; i < r->ninputs; i++)
            if (from_object(f, r->inputs[i], as, depth + 1))
                return true;
    return false;
}

/* Does qualified name d call member `name` ("::_M_emplace"), followed by
 * its template arguments or its parameters? */
static bool names_member(const char *d, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(d, name); p; p = strstr(p + 1, name))
        if (p[n] == '<' || p[n] == '(')
            return true;
    return false;
}

const char *pa_loopalloc_node_insert_member(const pa_op *o)
{
    static const char *const tree[] = {"::_M_emplace_hint_unique", "::_M_emplace_unique",
                                       "::_M_insert_unique", "::_M_insert_unique_",
                                       "::_M_insert_equal", "::_M_emplace_equal",
                                       "::_M_emplace_hint_equal"};
    static const char *const hash[] = {"::_M_emplace", "::_M_insert", "::_M_insert_unique"};
    /* Members of std's classes mangle as _ZNSt...: most calls stop here. */
    if (!o || o->kind != PA_OP_CALL || !o->callee || strncmp(o->callee, "_ZNSt", 5) != 0 ||
        !std_callee(o))
        return NULL;
    const char *d = qualified_name(o->callee_demangled);
    if (strncmp(d, "std::_Rb_tree<", 14) == 0) {
        for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++)
            if (names_member(d, tree[i]))
                return "std::set/std::map";
    } else if (strncmp(d, "std::_Hashtable<", 16) == 0) {
        for (size_t i = 0; i < sizeof hash / sizeof hash[0]; i++)
            if (names_member(d, hash[i]))
                return "std::unordered_set/std::unordered_map";
    }
    return NULL;
}

/* Does call o hand the container on to somewhere its nodes may stay after
 * this call? A call of the standard library works on it in place, unless
 * it also takes the caller's or a global object (an out of line swap or
 * move assignment into a member); a memcpy copies pointers out of it; any
 * other call may keep it unless the argument is nocapture. */
static bool call_hands_on(const pa_function *f, const pa_op *o, const aliases *as)
{
    bool takes_it = false, takes_outer = false, keeps = false;
    bool library = std_callee(o);
    bool intrinsic = (o->call_flags & PA_CALL_INTRINSIC) != 0;
    bool copies = o->callee && (strncmp(o->callee, "llvm.memcpy", 11) == 0 ||
                                strncmp(o->callee, "llvm.memmove", 12) == 0);
    for (size_t k = 0; k < o->nargs; k++) {
        int a = o->args[k];
        if (!pa_value_ok(f, a))
            continue;
        if (from_object(f, a, as, 0)) {
            takes_it = true;
            if (copies && k == 1 && !from_object(f, o->args[0], as, 0))
                return true;
            if (!intrinsic && !library && !(o->arg_flags && (o->arg_flags[k] & PA_ARG_NOCAPTURE)))
                keeps = true;
            continue;
        }
        const pa_value *r = pa_value_at(f, pa_value_root(f, a, NULL));
        if (f->values[a].is_pointer && r && (r->kind == PA_VAL_ARG || r->kind == PA_VAL_GLOBAL))
            takes_outer = true;
    }
    /* An insert into the container itself copies the caller's key in. */
    bool insert_here = pa_loopalloc_node_insert_member(o) && o->nargs > 0 &&
                       from_object(f, o->args[0], as, 0);
    return takes_it && (keeps || (library && takes_outer && !insert_here));
}

/* One pass over f for keeps_nodes_to_itself: 1 when nothing hands the
 * container on, 0 when something does, -1 when a store made a new alias
 * (ask again). */
static int scan_uses(const pa_function *f, aliases *as)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        switch (o->kind) {
        case PA_OP_STORE: {
            if (!from_object(f, o->stored, as, 0))
                break;
            int root = pa_value_ok(f, o->addr) ? pa_value_root(f, o->addr, NULL) : PA_NONE;
            const pa_value *r = pa_value_at(f, root);
            if (is_alias(as, root))
                break;
            if (!r || r->kind != PA_VAL_STACK || as->n == MAX_ALIASES)
                return 0;
            as->object[as->n++] = root;
            return -1;
        }
        case PA_OP_RET:
            if (from_object(f, o->ret_value, as, 0))
                return 0;
            break;
        case PA_OP_CALL:
        case PA_OP_USE:
            if (o->args && call_hands_on(f, o, as))
                return 0;
            break;
        default: break;
        }
    }
    return 1;
}

bool pa_loopalloc_keeps_nodes_to_itself(const pa_function *f, int object)
{
    if (!f || !pa_value_ok(f, object))
        return false;
    aliases as = {{object}, 1};
    int r;
    while ((r = scan_uses(f, &as)) < 0)
        ;
    return r == 1;
}

int pa_loopalloc_local_node_container(const pa_function *f, const unsigned char *mark, int loop,
                                      const char **family)
{
    const char *fam = NULL;
    int object = PA_NONE;
    if (family)
        *family = NULL;
    if (!f || !mark)
        return PA_NONE;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (!captures_in_loop(f, o, mark, loop))
            continue;
        const char *link = node_link_family(o);
        int obj = link ? linked_stack_object(f, o, mark) : PA_NONE;
        if (obj == PA_NONE || (object != PA_NONE && obj != object))
            return PA_NONE;
        object = obj;
        fam = link;
    }
    if (object == PA_NONE || !pa_loopalloc_keeps_nodes_to_itself(f, object))
        return PA_NONE;
    if (family)
        *family = fam;
    return object;
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
    return strstr(loc->file, "/include/c++/") != NULL;
}
