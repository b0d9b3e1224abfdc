/* passes/locks_null.h — locks taken only when a pointer parameter is NULL,
 * and call arguments known not to be NULL. A setter that falls back to a
 * global default when given no context (`if (ctx == NULL) {
 * lock(&defaults_lock); ... }`) takes that lock for NULL only: a caller
 * passing a context it has just allocated and checked takes nothing, even
 * while it holds defaults_lock. The summary records the parameter
 * (lk_sym.cond_param with cond_nonzero false); callers drop the effect
 * where the argument cannot be NULL. Only passes/locks*.c include it. */
#ifndef PA_LOCKS_NULL_H
#define PA_LOCKS_NULL_H

#include "locks_engine.h"

#include <stdbool.h>

/* The pointer parameter on whose NULL value every acquisition of instance
 * inst in df's function depends: each acquiring op (a lock, or a call whose
 * summary takes it) sits in a block that no path from the entry reaches
 * while that parameter is non-NULL (tests of it followed on their non-NULL
 * side only). -1 when there is none. */
int lk_null_only_param(lk_df *df, int inst);

/* Is instance inst, a lock reached from a pointer parameter, held on every
 * normal return that a path from the entry reaches while that parameter is
 * non-NULL, and released nowhere in df's function? Then the returns without
 * it are those where the handle is NULL and no lock exists: the function
 * acquires for its caller (SQLite's columnMem, `if (pVm == 0) return ...;
 * sqlite3_mutex_enter(pVm->db->mutex); ... return pOut;`), as one that
 * locks on every path does. */
bool lk_null_only_unheld(lk_df *df, int inst);

/* Is argument a of call op in fc's function known not to be NULL (zero)
 * where the call is
 * made: a non-zero constant, the address of a global, a function, a stack
 * object or a field (a non-zero offset from a base), an argument the front
 * end marked nonnull, a nonnull parameter, or a value every path from the
 * entry to the call tests and finds non-NULL (an allocation checked
 * before use)? */
bool lk_arg_nonnull(lk_fn *fc, int op, size_t a);

#endif
