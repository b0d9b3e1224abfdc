/* advisor/advice.h — what to do about each kind of finding: the bottleneck in
 * one phrase, the proposed fix, the expected gain, implementation steps and
 * the benchmark that verifies it. The texts are columns of the kind table
 * (common/kinds.c); used by the Markdown, text, JSON, SARIF and HTML
 * renderers. */
#ifndef ADV_ADVICE_H
#define ADV_ADVICE_H

#include "advisor.h"

/* The advice columns of a kind's row: bottleneck, fix, gain, steps, verify. */
typedef pa_kind_row adv_advice;

/* Advice for f (never NULL; static storage): the row of f's kind, or the
 * generic row for a kind this advisor does not know. */
const adv_advice *adv_advice_for(const adv_finding *f);

#endif
