/* advisor/advice.h — what to do about each kind of finding: the bottleneck in
 * one phrase, the proposed fix, the expected gain, implementation steps and
 * the benchmark that verifies it. Used by the Markdown, text, JSON, SARIF and
 * HTML renderers. */
#ifndef ADV_ADVICE_H
#define ADV_ADVICE_H

#include "advisor.h"

typedef struct adv_advice {
    const char *bottleneck; /* "allocation in a loop" */
    const char *fix;        /* one sentence */
    const char *gain;       /* what improves, qualitatively */
    const char *steps[4];   /* NULL terminated when fewer */
    const char *verify;     /* the benchmark to write */
} adv_advice;

/* Advice for f (never NULL; static storage). */
const adv_advice *adv_advice_for(const adv_finding *f);

#endif
