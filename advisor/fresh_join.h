/* advisor/fresh_join.h — the whole-program half of loop-alloc through a
 * function of another translation unit. The plugin cannot tell whether a
 * function it only sees declared returns fresh memory; where a loop frees
 * such a call's result in the same iteration it writes the finding as a
 * candidate (evidence callee_elsewhere). The advisor keeps it when the
 * callee's own TU says so (adv_fresh_fn) and drops it otherwise. */
#ifndef ADV_FRESH_JOIN_H
#define ADV_FRESH_JOIN_H

#include "advisor.h"

/* Keep the candidates whose callee some other loaded TU defines, with
 * external linkage, as returning one fresh block; remove the rest from s
 * (their ids with them). Returns how many were removed, or -1 on out of
 * memory, after which s must not be used but to free it. */
long adv_confirm_elsewhere_calls(adv_set *s);

#endif
