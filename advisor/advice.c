/* advisor/advice.c — per-kind advice: fix, expected gain, steps, and the
 * benchmark that proves the fix, read from the kind table (common/kinds.c).
 * Static text; the numbers come from the score (advisor/score.c).
 * Exercised by `perfadvise report --format markdown`. */
#include "advice.h"

const adv_advice *adv_advice_for(const adv_finding *f)
{
    return pa_kind_row_or_unknown(f->kind);
}
