/* passes/locks_local_build.h — a local std::string or container built from
 * empty: its first insertion allocates on every call (a vector's first
 * buffer, a map's first node; a string's buffer once its text passes the 15
 * bytes it holds inline). libstdc++ keeps a string's growth out of line
 * (_M_append, _M_mutate) and helpers append to the string they are handed
 * (RocksDB's PutFixed64(&s, v)), so no allocator call is seen in the
 * function: the lock analysis counts such a growth as an allocation of the
 * function (its summary, then its callers under a lock) and of the
 * critical section it is in. Only passes/locks*.c (and tests/test_locks.c,
 * for the name readers) include it.
 * Exercised by: lit/locks_alloc_callee_local_build.cpp,
 * lit/locks_alloc_local_build.cpp, tests/test_locks.c */
#ifndef PA_LOCKS_LOCAL_BUILD_H
#define PA_LOCKS_LOCAL_BUILD_H

#include "locks_engine.h"

#include <stdbool.h>
#include <stdint.h>

/* A member of a standard container that inserts (and so may allocate). */
bool lk_container_insert_call(const pa_op *o);
/* A call that only starts or ends the object's life: a constructor given
 * nothing but the object (it is empty after it), a destructor, a lifetime
 * marker. */
bool lk_lifetime_call(const pa_op *o);
/* Does op u use the stack object `slot` (an argument or the address it
 * stores to or loads from is based on it)? */
bool lk_uses_slot(const pa_function *f, const pa_op *u, int slot);
/* Can op `from` run before op `to` (a path of blocks from one to the
 * other)? `seen` and `stack` are scratch of f->nblocks entries. */
bool lk_runs_before(const pa_function *f, int from, int to, unsigned char *seen, int *stack);

/* The growth facts (what each call grows: directly, a member of the
 * string or container, or through a callee whose summary grows what one of
 * its parameters points to) are found once per engine run (df->grow, in
 * the run's scratch): they do not depend on the locks held. */

/* The summary's grows_* facts: the strings and containers the function's
 * parameters point to that it grows, and the bytes it surely appends. */
void lk_summarise_growth(lk_df *df, lk_summary *s);

/* When op is the first growth of a local string or container of this
 * function (nothing filled it before, on any path): the chance that it
 * allocates (1 for a container, or a string whose constant appends pass 15
 * bytes; 0.5 for a string grown by appends of unknown size), else 0.
 * *sure: the chance is 1. */
double lk_local_build_chance(lk_df *df, int op, bool *sure);
/* When op is the first growth of a local string built from empty: the
 * chance that it spills out of its inline bytes (as above), else 0. */
double lk_string_spill_chance(lk_df *df, int op);

#endif
