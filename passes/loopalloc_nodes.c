/* passes/loopalloc_nodes.c — node-based standard containers a function
 * builds in a loop and throws away (see loopalloc_nodes.h).
 * Exercised by: ctest -R unit.test_loopalloc; lit/loopalloc_cxx_local_nodes.cpp */
#include "loopalloc_nodes.h"

#include "cxx_names.h"
#include "loopalloc_home.h"

#include <stdlib.h>
#include <string.h>

/* Does qualified name d name member `name` ("::_M_emplace"), followed by
 * its template arguments, an ABI tag (erase[abi:cxx11]) or its parameters? */
static bool names_member(const char *d, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(d, name); p; p = strstr(p + 1, name))
        if (p[n] == '<' || p[n] == '(' || p[n] == '[')
            return true;
    return false;
}

/* The family a public container class is read as: its name up to its
 * template arguments, without libstdc++'s inline namespace. */
static const char *public_family(const char *cls)
{
    static const char *const names[] = {"std::map", "std::set", "std::multimap", "std::multiset",
                                        "std::unordered_map", "std::unordered_set",
                                        "std::unordered_multimap", "std::unordered_multiset",
                                        "std::list"};
    if (strncmp(cls, "std::__cxx11::list<", 19) == 0)
        return "std::list";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i]);
        if (strncmp(cls, names[i], n) == 0 && cls[n] == '<')
            return names[i];
    }
    return NULL; /* std::vector, std::deque: buffers, not nodes */
}

const char *pa_loopalloc_node_insert_member(const pa_op *o)
{
    static const char *const tree[] = {"::_M_emplace_hint_unique", "::_M_emplace_unique",
                                       "::_M_insert_unique", "::_M_insert_unique_",
                                       "::_M_insert_equal", "::_M_emplace_equal",
                                       "::_M_emplace_hint_equal", "::_M_insert_"};
    static const char *const hash[] = {"::_M_emplace", "::_M_insert", "::_M_insert_unique"};
    /* Members of std's classes mangle as _ZNSt...: most calls stop here. */
    if (!o || o->kind != PA_OP_CALL || !o->callee || strncmp(o->callee, "_ZNSt", 5) != 0 ||
        !pa_cxx_in_std(o->callee_demangled))
        return NULL;
    const char *d = pa_cxx_qualified_name(o->callee_demangled);
    const char *cls = pa_cxx_container_insert_class(o->callee_demangled);
    if (cls)
        return public_family(cls);
    if (strncmp(d, "std::_Rb_tree<", 14) == 0) {
        for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++)
            if (names_member(d, tree[i]))
                return "std::set/std::map";
    } else if (strncmp(d, "std::_Hashtable<", 16) == 0) {
        for (size_t i = 0; i < sizeof hash / sizeof hash[0]; i++)
            if (names_member(d, hash[i]))
                return "std::unordered_set/std::unordered_map";
    } else if ((strncmp(d, "std::__detail::_Map_base<", 25) == 0 &&
                names_member(d, "::operator[]")) ||
               (strncmp(d, "std::__detail::_Insert_base<", 28) == 0 &&
                names_member(d, "::insert"))) {
        /* unordered_map::operator[] and unordered_set::insert, whose `this`
         * is the table: a base at offset 0. */
        return "std::unordered_set/std::unordered_map";
    }
    return NULL;
}

/* A lookup member of a tree or hash table: it reads the container and a
 * key the caller points to, and hands nothing on. */
static bool lookup_member(const pa_op *o)
{
    static const char *const members[] = {"::find", "::count", "::lower_bound", "::upper_bound",
                                          "::equal_range", "::contains", "::at",
                                          "::_M_lower_bound", "::_M_upper_bound",
                                          "::_M_find_before_node", "::_M_find_node",
                                          "::_M_get_insert_unique_pos",
                                          "::_M_get_insert_hint_unique_pos",
                                          "::_M_get_insert_equal_pos"};
    if (!pa_cxx_in_std(o->callee_demangled))
        return false;
    const char *d = pa_cxx_qualified_name(o->callee_demangled);
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        if (names_member(d, members[i]))
            return true;
    return false;
}

/* A lookup whose nonzero result says the key is there: `find` of a hash
 * table (its end() is a null node pointer), `count`, `contains`. */
static bool presence_lookup(const pa_op *o)
{
    if (!o || o->kind != PA_OP_CALL || !pa_cxx_in_std(o->callee_demangled))
        return false;
    const char *d = pa_cxx_qualified_name(o->callee_demangled);
    return names_member(d, "::count") || names_member(d, "::contains") ||
           (strncmp(d, "std::_Hashtable<", 16) == 0 && names_member(d, "::find"));
}

/* Is block `to` reached from the entry only over the edge from -> via? */
static bool only_over_edge(const pa_function *f, int from, int via, int to)
{
    unsigned char *seen = calloc(f->nblocks ? f->nblocks : 1, 1);
    int *stack = malloc((f->nblocks ? f->nblocks : 1) * sizeof *stack);
    bool reached = !seen || !stack; /* out of memory: claim nothing */
    size_t sp = 0;
    if (!reached) {
        stack[sp++] = 0;
        seen[0] = 1;
    }
    while (sp > 0 && !reached) {
        int b = stack[--sp];
        for (size_t k = 0; k < f->blocks[b].nsuccs && !reached; k++) {
            int t = f->blocks[b].succs[k];
            if (!pa_block_ok(f, t) || seen[t] || (b == from && t == via))
                continue;
            reached = t == to;
            seen[t] = 1;
            stack[sp++] = t;
        }
    }
    free(seen);
    free(stack);
    return !reached;
}

/* An insert that looks its key up first and links a node only when it is
 * missing: operator[], try_emplace. (emplace builds its node before it
 * looks; a multiset's insert always links one.) */
static bool lookup_then_insert(const pa_op *o)
{
    const char *d = pa_cxx_qualified_name(o->callee_demangled);
    return d && (names_member(d, "::operator[]") || names_member(d, "::try_emplace"));
}

/* A member that removes elements or replaces the contents. */
static bool removes_elements(const pa_op *o)
{
    static const char *const members[] = {"::erase", "::clear", "::swap", "::extract",
                                          "::operator=", "::_M_erase", "::_M_assign"};
    const char *d = o->callee_demangled ? pa_cxx_qualified_name(o->callee_demangled) : NULL;
    for (size_t i = 0; d && i < sizeof members / sizeof members[0]; i++)
        if (names_member(d, members[i]))
            return true;
    return false;
}

/* May op o change the key object `key` (a store into it, a call handed it
 * that may write it) or remove elements from the container `object`?
 * Lookups and inserts of the container, handed the key, do neither to
 * the key. */
static bool changes_key_or_container(const pa_function *f, const pa_op *o, int key, int object)
{
    if (o->kind == PA_OP_STORE)
        return pa_value_ok(f, o->addr) && pa_value_root(f, o->addr, NULL) == key;
    if (o->kind != PA_OP_CALL && o->kind != PA_OP_USE && o->kind != PA_OP_FREE)
        return false;
    bool on_container = o->nargs > 0 && pa_value_ok(f, o->args[0]) &&
                        pa_value_root(f, o->args[0], NULL) == object;
    if (on_container && (presence_lookup(o) || lookup_then_insert(o)))
        return false;
    if (on_container && (o->kind != PA_OP_CALL || removes_elements(o)))
        return true;
    for (size_t k = 0; k < o->nargs; k++)
        if (pa_value_ok(f, o->args[k]) && pa_value_root(f, o->args[k], NULL) == key &&
            !(o->arg_flags && (o->arg_flags[k] & PA_ARG_READONLY)))
            return true;
    return false;
}

#define PA_KEY_WAY_PASSES 64 /* backward passes over a function's blocks, at most */

/* Blocks on the ways from block `start` to block `to` that do not pass
 * block `avoid` (the header of the lookup's loop: the same iteration),
 * marked in on_way[]; false when `to` is not reached, or the ways are too
 * tangled to mark in PA_KEY_WAY_PASSES passes. */
static bool ways_between(const pa_function *f, int start, int to, int avoid, unsigned char *on_way, int *stack)
{
    size_t n = f->nblocks;
    unsigned char *fwd = on_way, *back = calloc(n ? n : 1, 1);
    if (!back)
        return false;
    size_t sp = 0;
    fwd[start] = 1;
    stack[sp++] = start;
    while (sp > 0) {
        int b = stack[--sp];
        for (size_t k = 0; k < f->blocks[b].nsuccs; k++) {
            int t = f->blocks[b].succs[k];
            if (pa_block_ok(f, t) && !fwd[t] && t != avoid) {
                fwd[t] = 1;
                stack[sp++] = t;
            }
        }
    }
    bool reached = fwd[to] != 0;
    /* Backwards from `to` inside the forward set: the blocks that lead on to it. */
    back[to] = reached;
    unsigned passes = 0;
    for (bool grew = reached; grew; passes++) {
        if (passes == PA_KEY_WAY_PASSES) {
            reached = false;
            break;
        }
        grew = false;
        for (size_t b = 0; b < n; b++) {
            if (!fwd[b] || back[b])
                continue;
            for (size_t k = 0; k < f->blocks[b].nsuccs && !back[b]; k++) {
                int t = f->blocks[b].succs[k];
                if (pa_block_ok(f, t) && back[t] && t != avoid) {
                    back[b] = 1;
                    grew = true;
                }
            }
        }
    }
    for (size_t b = 0; b < n; b++)
        on_way[b] = fwd[b] && back[b];
    free(back);
    return reached;
}

bool pa_loopalloc_key_found_before(const pa_function *f, int op, int object)
{
    const pa_op *ins = pa_op_at(f, op);
    if (!ins || ins->nargs < 2 || !pa_value_ok(f, ins->args[1]) || !pa_block_ok(f, ins->block) ||
        !lookup_then_insert(ins))
        return false;
    int key = pa_value_root(f, ins->args[1], NULL);
    const pa_value *kv = pa_value_at(f, key);
    if (!kv || kv->kind != PA_VAL_STACK)
        return false; /* a key other code may reach and change */
    for (size_t b = 0; b < f->nblocks; b++) {
        const pa_block *pb = &f->blocks[b];
        const pa_value *tested = pa_value_at(f, pb->cond_value);
        if (!tested || tested->kind != PA_VAL_CALL || pb->nsuccs != 2 || pb->zero_succ < 0 ||
            (size_t)pb->zero_succ >= pb->nsuccs)
            continue;
        const pa_op *look = pa_op_at(f, tested->def_op);
        if (!presence_lookup(look) || look->nargs < 2 || look->args[1] != ins->args[1] ||
            !pa_value_ok(f, look->args[0]) || pa_value_root(f, look->args[0], NULL) != object)
            continue;
        int found_side = pb->succs[1 - pb->zero_succ];
        if (!pa_block_ok(f, found_side) || !only_over_edge(f, (int)b, found_side, ins->block))
            continue;
        /* The key and the container stay as the lookup found them on every
         * way from it to the insert, in the same iteration of its loop. */
        int loop = pa_block_loop(f, (int)b);
        int header = pa_loop_ok(f, loop) ? f->loops[loop].header : PA_NONE;
        unsigned char *on_way = calloc(f->nblocks, 1);
        int *stack = malloc(f->nblocks * sizeof *stack);
        bool kept = on_way && stack && ways_between(f, found_side, ins->block, header, on_way, stack);
        for (size_t w = 0; kept && w < f->nblocks; w++)
            for (size_t k = 0; on_way[w] && kept && k < f->blocks[w].nops; k++) {
                int o = f->blocks[w].ops[k];
                kept = !changes_key_or_container(f, &f->ops[o], key, object);
            }
        free(on_way);
        free(stack);
        if (kept)
            return true;
    }
    return false;
}

/* The container family of a libstdc++ call that links a node into its
 * container (out of line in libstdc++.so), or NULL. */
static const char *node_link_family(const pa_op *o)
{
    if (!pa_cxx_in_std(o->callee_demangled))
        return NULL;
    const char *d = pa_cxx_qualified_name(o->callee_demangled);
    if (strstr(d, "_Rb_tree_insert_and_rebalance("))
        return "std::set/std::map";
    if (strstr(d, "_Hashtable<") &&
        (strstr(d, "::_M_insert_unique_node(") || strstr(d, "::_M_insert_multi_node(")))
        return "std::unordered_set/std::unordered_map";
    if (strstr(d, "_List_node_base::_M_hook("))
        return "std::list";
    return NULL;
}

static bool is_stack(const pa_function *f, int root)
{
    const pa_value *r = pa_value_at(f, root);
    return r && r->kind == PA_VAL_STACK;
}

/* The one stack object among the arguments of link call o that are not
 * the node itself (a tree's header, a hash table's `this`, a list's
 * end()), or PA_NONE. A list grown at its front links before a node
 * loaded from the list: not followed. */
static int linked_stack_object(const pa_function *f, const pa_op *o, const unsigned char *mark)
{
    int found = PA_NONE;
    for (size_t k = 0; k < o->nargs; k++) {
        if (!pa_value_ok(f, o->args[k]) || mark[o->args[k]])
            continue;
        int root = pa_value_root(f, o->args[k], NULL);
        if (!is_stack(f, root))
            continue;
        if (found != PA_NONE && found != root)
            return PA_NONE;
        found = root;
    }
    return found;
}

bool pa_loopalloc_linked_into_local(const pa_function *f, const unsigned char *mark, int loop,
                                    int *object, const char **family)
{
    int found = PA_NONE;
    const char *fam = NULL;
    if (!f || !mark || !object || !family)
        return false;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (!pa_loopalloc_keeps(f, o, mark, loop) || o->kind == PA_OP_STORE)
            continue; /* a store that keeps it makes its home outlive the call */
        if (o->kind != PA_OP_CALL)
            return false; /* a use the model does not show */
        const char *link = o->args ? node_link_family(o) : NULL;
        int obj = link ? linked_stack_object(f, o, mark) : PA_NONE;
        if (obj == PA_NONE || (found != PA_NONE && obj != found))
            return false;
        found = obj;
        fam = link;
    }
    if (found == PA_NONE)
        return false;
    *object = found;
    *family = fam;
    return true;
}

/* The container's stack object (object[0]) and the library's stack
 * temporaries given its address or pointers loaded from it (an
 * unordered_map's _Scoped_node holds the table's address): what is in any
 * of them is the container's. A container handed to more temporaries than
 * this is given up (its nodes may go anywhere): four covers libstdc++'s
 * inlined inserts. */
#define MAX_ALIASES 4

typedef struct aliases {
    int object[MAX_ALIASES];
    size_t n;
} aliases;

/* 1 + the index of root among the aliases, 0 when it is none. */
static int alias_of(const aliases *as, int root)
{
    for (size_t i = 0; i < as->n; i++)
        if (as->object[i] == root)
            return (int)i + 1;
    return 0;
}

/* Is pointer v the container's: an address in one of the aliases, a
 * pointer loaded from one (a tree's root node, a bucket array), a phi or
 * select over such, or what a library call given such returns (the node
 * std::set::extract unlinks)? 1 + the alias's index, 0 when it is not.
 * Integers (a size loaded from the container) carry no node. */
static int from_object(const pa_function *f, int v, const aliases *as, unsigned depth)
{
    if (!pa_value_ok(f, v) || !f->values[v].is_pointer || depth > 3)
        return 0;
    int root = pa_value_root(f, v, NULL);
    int k = alias_of(as, root);
    const pa_value *r = pa_value_at(f, root);
    if (k || !r)
        return k;
    switch (r->kind) {
    case PA_VAL_LOAD:
        return pa_value_ok(f, r->base) ? alias_of(as, pa_value_root(f, r->base, NULL)) : 0;
    case PA_VAL_MERGE:
        for (size_t i = 0; r->inputs && i < r->ninputs; i++)
            if ((k = from_object(f, r->inputs[i], as, depth + 1)) != 0)
                return k;
        return 0;
    case PA_VAL_CALL: {
        const pa_op *def = pa_op_at(f, r->def_op);
        if (!def || !def->args || !pa_cxx_in_std(def->callee_demangled))
            return 0;
        for (size_t i = 0; i < def->nargs; i++)
            if ((k = from_object(f, def->args[i], as, depth + 1)) != 0)
                return k;
        return 0;
    }
    default: return 0;
    }
}

/* Does library call o work on the container in place: link a node into
 * it, insert into it, or look a key up in it? */
static bool works_in_place(const pa_function *f, const pa_op *o, int object)
{
    if (node_link_family(o)) {
        for (size_t k = 0; k < o->nargs; k++)
            if (pa_value_ok(f, o->args[k]) && pa_value_root(f, o->args[k], NULL) == object)
                return true;
        return false;
    }
    return (pa_loopalloc_node_insert_member(o) || lookup_member(o)) && o->nargs > 0 &&
           pa_value_ok(f, o->args[0]) && pa_value_root(f, o->args[0], NULL) == object;
}

static bool is_copy_call(const pa_op *o)
{
    return o->callee && (strncmp(o->callee, "llvm.memcpy", 11) == 0 ||
                         strncmp(o->callee, "llvm.memmove", 12) == 0);
}

/* What call o does with the container: nothing, hands it on (its nodes
 * may stay after this call), or gives a stack object of this function the
 * container's nodes (a move constructor into a temporary), which then
 * joins the aliases. */
typedef enum call_effect { CALL_NONE, CALL_HANDS_ON, CALL_NEW_ALIAS } call_effect;

/* The container as library call o takes it: its address (one of the
 * aliases itself: the call can relink its nodes), only pointers loaded from
 * it or iterators (the call copies or reads elements), and what else: memory
 * that is not the function's own stack (a parameter's, a global's, a block
 * on the heap, a pointer loaded from anywhere), or another stack object
 * (*other_stack). */
typedef struct library_args {
    bool address, elements, outer;
    int other_stack;
} library_args;

/* Does library call o take iterators and nothing it could change but
 * through them: iterator parameters and no reference other than a const
 * one (std::includes, a vector or set built from a range)? An end()
 * iterator is the container's header address, yet such a call copies or
 * reads elements and relinks no node; list::splice(pos, list&) takes the
 * list itself. */
static bool takes_iterators_only(const pa_op *o)
{
    const char *params = pa_cxx_parameters(o->callee_demangled);
    if (!*params || !strstr(params, "iterator<"))
        return false;
    for (const char *p = strchr(params, '&'); p; p = strchr(p + 1, '&'))
        if (p - params < 5 || strncmp(p - 5, "const", 5) != 0)
            return false;
    return true;
}

static library_args classify_library_args(const pa_function *f, const pa_op *o, const aliases *as)
{
    library_args la = {false, false, false, PA_NONE};
    bool iterators = takes_iterators_only(o);
    for (size_t k = 0; k < o->nargs; k++) {
        int a = o->args[k];
        if (!pa_value_ok(f, a) || !f->values[a].is_pointer)
            continue;
        int root = pa_value_root(f, a, NULL);
        if (alias_of(as, root) && !iterators)
            la.address = true;
        else if (from_object(f, a, as, 0))
            la.elements = true;
        else if (is_stack(f, root))
            la.other_stack = root;
        else
            la.outer = true;
    }
    return la;
}

/* A function of the project's may move the nodes out (a splice, a swap)
 * unless it only reads the container itself (nocapture and readonly);
 * through a temporary that holds the container's address, those say
 * nothing of the container. */
static bool project_call_may_take(const pa_function *f, const pa_op *o, const aliases *as)
{
    for (size_t k = 0; k < o->nargs; k++) {
        int from = from_object(f, o->args[k], as, 0);
        unsigned fl = o->arg_flags ? o->arg_flags[k] : 0;
        if (from && !(from == 1 && (fl & PA_ARG_NOCAPTURE) && (fl & PA_ARG_READONLY)))
            return true;
    }
    return false;
}

/* What call o does with the container. A memcpy out of it copies its
 * pointers. A library call given only iterators (std::includes, a vector
 * built from the range) copies elements, whatever else it takes; one
 * given the container's address relinks its nodes into the other memory it
 * takes (swap, merge, splice, a move assignment or construction, an insert
 * of the container into another), unless it inserts into or looks up in
 * the container itself; a node link of the library given the container's
 * nodes links them into that other memory (the node extract() unlinks). */
static call_effect call_effect_of(const pa_function *f, const pa_op *o, const aliases *as,
                                  int *new_alias)
{
    if (is_copy_call(o) && o->nargs > 1 && from_object(f, o->args[1], as, 0) &&
        !from_object(f, o->args[0], as, 0))
        return CALL_HANDS_ON;
    if (o->call_flags & PA_CALL_INTRINSIC)
        return CALL_NONE; /* lifetime markers, memset */
    if (!pa_cxx_in_std(o->callee_demangled))
        return project_call_may_take(f, o, as) ? CALL_HANDS_ON : CALL_NONE;
    library_args la = classify_library_args(f, o, as);
    bool relinks = la.address || (la.elements && node_link_family(o));
    if (!relinks || works_in_place(f, o, as->object[0]))
        return CALL_NONE;
    if (la.outer)
        return CALL_HANDS_ON;
    if (la.other_stack == PA_NONE || !la.address)
        return CALL_NONE;
    *new_alias = la.other_stack;
    return CALL_NEW_ALIAS;
}

/* One pass over f for pa_loopalloc_keeps_nodes_to_itself: 1 when nothing
 * hands the container on, 0 when something does, -1 when a store made a
 * new alias (ask again). */
static int scan_uses(const pa_function *f, aliases *as)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        switch (o->kind) {
        case PA_OP_STORE: {
            if (!from_object(f, o->stored, as, 0))
                break;
            int root = pa_value_ok(f, o->addr) ? pa_value_root(f, o->addr, NULL) : PA_NONE;
            if (alias_of(as, root))
                break;
            if (!is_stack(f, root) || as->n == MAX_ALIASES)
                return 0;
            as->object[as->n++] = root;
            return -1;
        }
        case PA_OP_RET:
            if (from_object(f, o->ret_value, as, 0))
                return 0;
            break;
        case PA_OP_CALL: {
            int new_alias = PA_NONE;
            call_effect e = o->args ? call_effect_of(f, o, as, &new_alias) : CALL_NONE;
            if (e == CALL_HANDS_ON)
                return 0;
            if (e == CALL_NEW_ALIAS) {
                if (as->n == MAX_ALIASES)
                    return 0;
                as->object[as->n++] = new_alias;
                return -1;
            }
            break;
        }
        case PA_OP_USE:
            for (size_t k = 0; o->args && k < o->nargs; k++)
                if (from_object(f, o->args[k], as, 0))
                    return 0; /* a use the model does not show */
            break;
        default: break;
        }
    }
    return 1;
}

bool pa_loopalloc_keeps_nodes_to_itself(const pa_function *f, int object)
{
    if (!f || !is_stack(f, object))
        return false;
    aliases as = {{object}, 1};
    int r;
    while ((r = scan_uses(f, &as)) < 0)
        ;
    return r == 1;
}

/* Is v the container's address, or a node pointer loaded from it? */
static bool at_or_from(const pa_function *f, int v, int object)
{
    if (!pa_value_ok(f, v))
        return false;
    int root = pa_value_root(f, v, NULL);
    const pa_value *r = pa_value_at(f, root);
    return root == object || (r && r->kind == PA_VAL_LOAD && pa_value_ok(f, r->base) &&
                              pa_value_root(f, r->base, NULL) == object);
}

/* Does op o free nodes of the container at `object`: a constructor's
 * stores of the object's own address into it (a tree's header linking to
 * itself, a list's sentinel, a hash table's single bucket), a memset of
 * it, or a library call given it (or one of its nodes) that frees all its
 * nodes (clear(), the destructor, _Rb_tree::_M_erase) or one (erase(),
 * std::_Rb_tree_rebalance_for_erase, _List_node_base::_M_unhook)? */
static bool frees_nodes(const pa_function *f, const pa_op *o, int object)
{
    static const char *const members[] = {"::clear", "::_M_clear", "::_M_erase", "::_M_erase_aux",
                                          "::erase", "::_M_unhook", "::pop_front", "::pop_back",
                                          "_Rb_tree_rebalance_for_erase"};
    if (o->kind == PA_OP_STORE)
        return pa_value_ok(f, o->addr) && pa_value_ok(f, o->stored) &&
               pa_value_root(f, o->addr, NULL) == object &&
               pa_value_root(f, o->stored, NULL) == object;
    if (o->kind != PA_OP_CALL || !o->args)
        return false;
    bool given = false;
    for (size_t k = 0; k < o->nargs && !given; k++)
        given = at_or_from(f, o->args[k], object);
    if (!given)
        return false;
    if (o->callee && strncmp(o->callee, "llvm.memset", 11) == 0)
        return pa_value_root(f, o->args[0], NULL) == object;
    if (!pa_cxx_in_std(o->callee_demangled))
        return false;
    const char *d = pa_cxx_qualified_name(o->callee_demangled);
    if (strstr(d, "::~"))
        return true;
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        if (names_member(d, members[i]))
            return true;
    return false;
}

bool pa_loopalloc_nodes_freed_in(const pa_function *f, int object, int loop)
{
    if (!f || !pa_value_ok(f, object))
        return false;
    for (size_t i = 0; i < f->nops; i++)
        if (pa_block_in_loop(f, f->ops[i].block, loop) && frees_nodes(f, &f->ops[i], object))
            return true;
    return false;
}

/* The family of the container whose public class or libstdc++ base names
 * it in a call on `object` (its destructor, an insert): a tree of
 * _Identity values is a set, of _Select1st pairs a map, and an equal-key
 * insert makes either multi. */
static const char *family_of_call(const pa_function *f, const pa_op *o, int object)
{
    if (o->kind != PA_OP_CALL || !o->args || o->nargs == 0 || !pa_value_ok(f, o->args[0]) ||
        pa_value_root(f, o->args[0], NULL) != object || !pa_cxx_in_std(o->callee_demangled))
        return NULL;
    const char *d = pa_cxx_qualified_name(o->callee_demangled);
    const char *pub = public_family(d);
    if (pub)
        return pub;
    bool multi = names_member(d, "::_M_insert_equal") || names_member(d, "::_M_emplace_equal") ||
                 names_member(d, "::_M_emplace_hint_equal") ||
                 names_member(d, "::_M_insert_multi_node");
    if (strncmp(d, "std::_Rb_tree<", 14) == 0) {
        if (strstr(d, "std::_Identity<"))
            return multi ? "std::multiset" : "std::set";
        if (strstr(d, "std::_Select1st<"))
            return multi ? "std::multimap" : "std::map";
    } else if (strncmp(d, "std::_Hashtable<", 16) == 0) {
        if (strstr(d, "std::__detail::_Identity"))
            return multi ? "std::unordered_multiset" : "std::unordered_set";
        if (strstr(d, "std::__detail::_Select1st"))
            return multi ? "std::unordered_multimap" : "std::unordered_map";
    } else if (strncmp(d, "std::__detail::_Map_base<", 25) == 0 &&
               names_member(d, "::operator[]")) {
        return "std::unordered_map"; /* operator[]: unique keys only */
    }
    return NULL;
}

const char *pa_loopalloc_container_family(const pa_function *f, int object, const char *fallback)
{
    const char *found = NULL;
    for (size_t i = 0; f && i < f->nops; i++) {
        const char *fam = family_of_call(f, &f->ops[i], object);
        /* A multi insert says more than the destructor's base class. */
        if (fam && (!found || strstr(fam, "multi")))
            found = fam;
    }
    return found ? found : fallback;
}
