/* passes/loopalloc_growth.h — how the size handed to realloc evolves around a
 * loop: by a constant step each iteration (quadratic copying), geometrically
 * (amortised), not at all, or in a way we cannot see. Used by loopalloc.c.
 * Exercised by: ctest -R unit.test_loopalloc */
#ifndef PA_LOOPALLOC_GROWTH_H
#define PA_LOOPALLOC_GROWTH_H

#include "model.h"

#include <stdbool.h>

typedef enum pa_loopalloc_growth {
    PA_LOOPALLOC_GROWTH_UNKNOWN = 0, /* not visible: claim nothing */
    PA_LOOPALLOC_GROWTH_INVARIANT,   /* same size every iteration */
    PA_LOOPALLOC_GROWTH_LINEAR,      /* previous size + step: quadratic copying */
    PA_LOOPALLOC_GROWTH_GEOMETRIC,   /* size * k, size << k, size + size / k: amortised */
} pa_loopalloc_growth;

typedef struct pa_loopalloc_size_growth {
    pa_loopalloc_growth kind;
    int64_t step;     /* LINEAR: bytes added per step, PA_UNKNOWN_SIZE when not constant */
    bool conditional; /* LINEAR: the step is added on some paths only (a capacity
                       * grown by a constant under a check); false: every iteration */
    /* LINEAR: size = coef_num / coef_den * x + offset for the induction x
     * (coef 0/0 when unknown). Under a check like `len == cap`, coef 1 with
     * offset > 0 is a capacity grown by a constant; coef > 1 is geometric. */
    int64_t coef_num, coef_den;
    int64_t offset; /* LINEAR: constant added; INVARIANT: the constant size.
                     * PA_UNKNOWN_SIZE when not constant. */
} pa_loopalloc_size_growth;

/* Classify size value `size` of f (usually an op's size_value) from its
 * phis (MERGE) and arithmetic (ARITH). Bounded work; ids out of range, values
 * the model does not show (UNKNOWN) or cycles it cannot resolve give
 * PA_LOOPALLOC_GROWTH_UNKNOWN. Never fails, allocates nothing. */
pa_loopalloc_size_growth pa_loopalloc_classify_growth(const pa_function *f, int size);

/* Is `size` a length kept in memory plus a constant (len + 1, possibly times
 * an element size), where the length is loaded from one address that the
 * loop stores to? That is exact-size growth, realloc(p, n + 1) on each
 * append, typically from an inlined helper on a struct: quadratic copying.
 * *headroom receives the constant added. Bounded work, allocates nothing. */
bool pa_loopalloc_exact_size(const pa_function *f, int size, int loop, int64_t *headroom);

/* For such an exact size: does f set the length to 0 outside the loop (an
 * array emptied for reuse, `a->size = 0`, its capacity kept)? Bounded work,
 * allocates nothing. */
bool pa_loopalloc_length_emptied(const pa_function *f, int size, int loop);

/* v + k with k a positive constant: the other operand in *rest, k in *k. */
bool pa_loopalloc_plus_positive(const pa_function *f, int v, int *rest, int64_t *k);

/* Is `size` a capacity kept in memory and grown geometrically: the value
 * stored back to where it was loaded from, times a factor >= 1.5
 * (`st->size *= 2; st->buf = realloc(st->buf, st->size)`, an inlined
 * vec_push's `cap = cap ? cap * 2 : 16`), possibly times an element size?
 * Such a buffer is reallocated only when it is full: amortised, a few times
 * over many calls. Bounded work, allocates nothing. */
bool pa_growth_doubles_kept_capacity(const pa_function *f, int size);

/* "unknown", "invariant", "linear", "geometric". */
const char *pa_loopalloc_growth_name(pa_loopalloc_growth g);

#endif
