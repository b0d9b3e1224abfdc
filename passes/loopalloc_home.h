/* passes/loopalloc_home.h — where the memory a loop allocates ends up: kept
 * in an object that outlives the call (a parameter's or member's container,
 * a global, a returned result, a tree node), in a stack object of the
 * function, or nowhere we can see. Used by loopalloc.c to tell a buffer the
 * loop could reuse from memory the loop builds on purpose.
 * Exercised by: ctest -R unit.test_loopalloc */
#ifndef PA_LOOPALLOC_HOME_H
#define PA_LOOPALLOC_HOME_H

#include "model.h"

#include <stdbool.h>

typedef struct pa_loopalloc_home {
    /* Stored through a parameter, a global, a loaded or heap pointer, or
     * returned: the memory outlives this call. */
    bool outlives;
    /* outlives, and every object it is stored into is a parameter that this
     * function first sets to empty (memset or null store) before the loop:
     * a result object built here (a returned std::vector, sret). */
    bool fresh_result;
    /* Handed inside the loop to a call that may keep it (a tree insert
     * links the node in): the container holds it after the iteration. */
    bool captured_in_loop;
    /* Stored into a stack object of this function. */
    bool local_slot;
} pa_loopalloc_home;

/* Where the memory of `value` (an allocation result, followed through
 * casts, offsets and phis) is stored, returned or handed to. `mark` is
 * scratch of f->nvalues bytes. A bad id gives an all-false answer. */
pa_loopalloc_home pa_loopalloc_find_home(const pa_function *f, int value, int loop,
                                         unsigned char *mark);

/* Does op o keep the allocation marked in `mark` (as the last
 * pa_loopalloc_find_home left it): store it into an object that is neither
 * a stack object of this function nor the allocation itself, or hand it
 * inside the loop to a call that may keep it? */
bool pa_loopalloc_keeps(const pa_function *f, const pa_op *o, const unsigned char *mark, int loop);

/* The home of a container object itself, whose member grows its buffer
 * out of line (std::vector::_M_realloc_insert(this, ...)): a stack object
 * of this function (local_slot), a result this function first empties
 * (outlives and fresh_result), or memory of the caller (outlives: a
 * parameter, a global, a pointer loaded from somewhere). `addr` is the
 * object's address; a bad id gives an all-false answer. */
pa_loopalloc_home pa_loopalloc_object_home(const pa_function *f, int addr, int loop);

/* The node-based standard container (std::set, std::map, std::unordered_*,
 * std::list, as libstdc++ links nodes in) that the allocation marked in
 * `mark` (as the last pa_loopalloc_find_home left it) is linked into, when
 * it is a stack object of f that keeps its nodes to itself: every call in
 * `loop` that may keep the allocation is a libstdc++ node link taking that
 * object, and nothing copies a pointer loaded from the object elsewhere
 * (a move or swap into a member or a result) or hands the object to a call
 * that may keep it. Returns the object's value id and sets *family to the
 * container family's name; PA_NONE otherwise. */
int pa_loopalloc_local_node_container(const pa_function *f, const unsigned char *mark, int loop,
                                      const char **family);

/* The container family when call o is a libstdc++ member that inserts
 * into a tree or hash table out of line (std::map::operator[]'s
 * _M_emplace_hint_unique, insert's _M_insert_unique), allocating the node
 * inside: the container is args[0]. NULL otherwise. */
const char *pa_loopalloc_node_insert_member(const pa_op *o);

/* Does the stack object `object`, a node-based container, keep its nodes
 * to this call: no pointer loaded from it, nor its address, is stored
 * outside it (and the library's temporaries it is handed to) or returned,
 * and no call hands it on (a move or swap into the caller's or a global
 * object, a call that may keep it)? */
bool pa_loopalloc_keeps_nodes_to_itself(const pa_function *f, int object);

/* Is this location inside a system or standard-library header (libstdc++'s
 * new_allocator.h)? Such a place is no line a user can change. */
bool pa_loopalloc_in_library_header(const pa_loc *loc);

#endif
