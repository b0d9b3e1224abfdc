/* common/kinds.h — one row per finding kind: everything the project knows
 * about a kind apart from the analysis that finds it. The plugin takes the
 * JSON name, remark pass and remark type from it; the advisor its scoring
 * defaults, SARIF level, and the advice every report format prints.
 * Adding a kind = one enum constant in contract.h, one row in kinds.c, the
 * analysis that reports it, and its entry in docs/remarks.md. */
#ifndef PA_KINDS_H
#define PA_KINDS_H

#include "contract.h"

#include <stdbool.h>

typedef enum pa_level { PA_LEVEL_LOW = 0, PA_LEVEL_MEDIUM = 1, PA_LEVEL_HIGH = 2 } pa_level;
typedef enum pa_effort { PA_EFFORT_HOURS = 0, PA_EFFORT_DAYS = 1, PA_EFFORT_WEEKS = 2 } pa_effort;
typedef enum pa_sarif_level { PA_SARIF_NOTE = 0, PA_SARIF_WARNING, PA_SARIF_ERROR } pa_sarif_level;

/* What multiplies the cost of one execution (docs/scoring.md). */
typedef enum pa_cost_multiplier {
    PA_MULT_NONE = 0,
    PA_MULT_HELD_LOCKS,    /* 1 + locks held: every waiter waits as long */
    PA_MULT_QUADRATIC_COPY /* growth by a constant step copies the whole buffer */
} pa_cost_multiplier;

/* Evidence-dependent refinement of the default effort and risk, done by
 * the advisor's scorer (advisor/score.c, one function per refinement). */
typedef enum pa_refinement {
    PA_REFINE_NONE = 0,
    PA_REFINE_STACK_BYTES,    /* risk from how many bytes move to the stack */
    PA_REFINE_LOOP_OWNERSHIP, /* batching or an escaping buffer: a bigger change */
    PA_REFINE_WHOLE_PROGRAM,  /* a cycle across translation units: a redesign */
} pa_refinement;

typedef struct pa_kind_row {
    /* identity and how the plugin reports it */
    const char *kind; /* "heap-to-stack": JSON kind and LLVM remark name; NULL in the unknown row */
    const char *pass; /* "perfadvise-escape": LLVM remark pass name */
    pa_remark_type remark; /* MISSED = actionable, ANALYSIS = supporting fact */
    bool correctness;      /* a deadlock or lost-lock hazard rather than a slowdown */
    pa_sarif_level sarif_level;

    /* scoring defaults (advisor/score.c, docs/scoring.md) */
    double unit_ns;          /* cost of one execution */
    double unit_ns_per_byte; /* plus this per allocated byte */
    const char *unit_basis;
    pa_cost_multiplier multiplier;
    const char *once_basis; /* non-NULL: counted once per call, for this reason */
    pa_effort effort;
    const char *effort_reason;
    pa_level risk;
    const char *risk_reason;
    pa_refinement refine;

    /* advice (every report format) */
    const char *bottleneck; /* the problem in one phrase */
    const char *fix;        /* the proposed change, one or two sentences */
    const char *gain;       /* what improves */
    const char *steps[4];   /* NULL-terminated when fewer */
    const char *verify;     /* the benchmark or test that proves the fix */
} pa_kind_row;

/* The row of kind k, or NULL when k is out of range. Static storage. */
const pa_kind_row *pa_kind_row_of(pa_finding_kind k);
/* The row of kind k, or the generic row for a kind this build does not
 * know (a findings file from a newer plugin). Never NULL. */
const pa_kind_row *pa_kind_row_or_unknown(int k);
/* Kind for a JSON kind string, or PA_F_KIND_COUNT when unknown. */
pa_finding_kind pa_kind_from_string(const char *kind);

#endif
