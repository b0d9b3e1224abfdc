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
/* The same for the object at byte `off` of value `root` (as
 * pa_value_root gives them; off PA_UNKNOWN_SIZE when not constant). */
pa_loopalloc_home pa_loopalloc_object_home_at(const pa_function *f, int root, int64_t off, int loop);

/* Is this location inside a system or standard-library header (libstdc++'s
 * new_allocator.h)? Such a place is no line a user can change. */
bool pa_loopalloc_in_library_header(const pa_loc *loc);

/* A C++ standard library header's path (libstdc++'s include/c++/12/...,
 * libc++'s include/c++/v1/...). */
bool pa_loopalloc_std_header_file(const char *file);

#endif
