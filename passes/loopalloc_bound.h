/* passes/loopalloc_bound.h — loops whose final count is another container's
 * size, read again on every trip: `for (j = 0; j < in.size(); j++)
 * out.push_back(...)`. At -O2 `in.size()` is `in`'s end - begin, loaded
 * before the loop and loaded again after each reallocation of `out`
 * (operator delete may, for all LLVM knows, write `in`), so ScalarEvolution
 * gives the loop no count. When nothing the loop does can change `in` (its
 * stores go to memory of this function or to blocks it allocated, and its
 * calls are the allocator's, intrinsics or standard-library members not
 * handed `in`), that size is the same on every trip and known before the
 * loop: enough to reserve().
 * Exercised by: lit/loopalloc_vector_size_bound.cpp */
#ifndef PA_LOOPALLOC_BOUND_H
#define PA_LOOPALLOC_BOUND_H

#include "model.h"

#include <stdbool.h>

/* Does `loop` leave where a counter (an integer stepping by a constant, or
 * a pointer stepping through memory) meets the size (end - begin) or the
 * end of a container that the loop cannot change? `dest` is the root of
 * the container the loop fills (PA_NONE when not known): the loop may write
 * it and the buffer it points to, and it must not be the bound's. */
bool pa_loopalloc_bound_by_other_size(const pa_function *f, int loop, int dest);

/* Is v a pointer stepping by a constant on each trip of `loop` (the header
 * phi, or the phi plus the step)? */
bool pa_loopalloc_pointer_counter(const pa_function *f, int v, int loop);

#endif
