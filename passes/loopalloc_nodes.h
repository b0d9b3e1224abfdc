/* passes/loopalloc_nodes.h — node-based standard containers (std::set,
 * std::map, the unordered ones, std::list) that a function builds in a loop
 * and throws away: which stack object a node is linked into, whether that
 * container keeps its nodes to this call, and whether the loop itself makes
 * or empties it. loopalloc.c reports such a container's nodes as memory
 * built per call (lit/loopalloc_cxx_local_nodes.cpp); the libstdc++ names
 * are read from callee_demangled (passes/cxx_names.h).
 * Exercised by: ctest -R unit.test_loopalloc */
#ifndef PA_LOOPALLOC_NODES_H
#define PA_LOOPALLOC_NODES_H

#include "model.h"

#include <stdbool.h>

/* The container family ("std::map", "std::set/std::map", ...) when call o
 * inserts into a node-based container out of line, allocating the node
 * inside: a public member left out of line (std::map::operator[],
 * std::set::insert) or libstdc++'s internal one behind it
 * (_Rb_tree::_M_emplace_hint_unique, _Hashtable::_M_emplace). The
 * container is args[0]. NULL otherwise. */
const char *pa_loopalloc_node_insert_member(const pa_op *o);

/* The stack object of f that the allocation marked in `mark` (as
 * pa_loopalloc_find_home left it) is linked into: every call in `loop`
 * that may keep the allocation is a libstdc++ node link
 * (std::_Rb_tree_insert_and_rebalance, _Hashtable::_M_insert_unique_node,
 * _List_node_base::_M_hook) taking that one object. Sets *object and
 * *family; false otherwise. */
bool pa_loopalloc_linked_into_local(const pa_function *f, const unsigned char *mark, int loop,
                                    int *object, const char **family);

/* Does the container at stack object `object` keep its nodes to this call?
 * No pointer loaded from it (or from a library call given it), nor its
 * address, is stored outside it and the library's temporaries it is handed
 * to, or returned; no function of the project's may move its nodes out
 * (one that only reads it, readonly and nocapture, may not); no library
 * call takes it together with other memory unless it inserts into it or
 * looks something up in it (a swap, merge, splice or move assignment into
 * a member). */
bool pa_loopalloc_keeps_nodes_to_itself(const pa_function *f, int object);

/* Are nodes of the container at `object` freed inside `loop`: the
 * container made or emptied there (declared in the loop's body, clear()ed),
 * or erased one by one (a sliding window)? Then it holds one iteration's
 * elements or a window of them, and a vector reserved before the loop is
 * no remedy. */
bool pa_loopalloc_nodes_freed_in(const pa_function *f, int object, int loop);

/* Is the key of insert call op (operator[] of a hash table, its argument
 * 1) known to be in container `object` already: is op's block reached
 * only over the side of a branch where a lookup of the same key in the
 * same container (`find` of a hash table, `count`, `contains`) found it?
 * `if (m.find(k) != m.end()) m[k]++;` inserts no node. */
bool pa_loopalloc_key_found_before(const pa_function *f, int op, int object);

/* The container's own family ("std::set", "std::unordered_multimap", ...)
 * as the calls on `object` name it (its destructor, an insert left out of
 * line), else `fallback` (the family a node link serves). */
const char *pa_loopalloc_container_family(const pa_function *f, int object, const char *fallback);

#endif
