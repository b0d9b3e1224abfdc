/* advisor/score.h — the scoring model of docs/scoring.md: impact (with the
 * estimate behind it), effort, risk and one priority per finding; the
 * report's status and performance score. Deterministic: the same findings
 * always score the same. */
#ifndef ADV_SCORE_H
#define ADV_SCORE_H

#include "advisor.h"

#include <stdio.h>

/* Executions assumed for the innermost loop when the trip count is unknown,
 * per outer loop level, and at most for all outer levels together. */
#define ADV_ASSUMED_TRIP 100.0
#define ADV_OUTER_TRIP 10.0
#define ADV_OUTER_MAX 100.0
/* Impact thresholds, estimated ns per call of the enclosing function. */
#define ADV_HIGH_NS 20000.0
#define ADV_MEDIUM_NS 1000.0

/* Fill f->score from f's kind and evidence (f->evidence: the tree; the
 * loader scores each finding while it has one) and set f->scored. */
void adv_score_finding(adv_finding *f);
/* Score every finding of s not scored yet (those the advisor made). */
void adv_score_set(adv_set *s);

/* log10(1 + cost / (effort x risk)), at most 10: what orders a level. */
double adv_score_return(const adv_score *sc);
/* The cost the return on effort reads: cost_ns, or at most the High
 * threshold for an estimate capped for compounded guesses
 * (adv_score.guesses_capped). */
double adv_score_ranked_cost(const adv_score *sc);

/* qsort comparator over adv_finding *: priority descending, then cost,
 * then location and id, so the order is total and stable across runs. */
int adv_compare_findings(const void *a, const void *b);
/* Sort view[0..n) with adv_compare_findings (a total order: the same
 * result as qsort), a large view's halves on two threads, then merged. */
void adv_sort_findings(adv_finding **view, size_t n);

/* Fill counts, score and status of st from the view (stats.files_* are
 * left alone). */
void adv_summarize(adv_finding *const *view, size_t n, size_t listed, adv_summary_stats *st);

/* Does the finding count toward the status and score (actionable)? */
bool adv_is_actionable(const adv_finding *f);

/* Is the finding in test or mock code (names such as unittest_*, ut_*,
 * test_*, *_test.cc, tests/, *mock*)? Such code ranks Low. */
bool adv_is_test_code(const adv_finding *f);
/* Its two halves: the function name (demangled when there is one) and
 * the file (NULL: no). adv_is_test_code(f) is
 * adv_is_test_function(name) || adv_is_test_file(f->loc.file), or
 * f->test_code when that is known. */
bool adv_is_test_function(const char *fn);
bool adv_is_test_file(const char *file);
/* f->test_code from f's names, so that later questions read one byte. */
void adv_remember_test_code(adv_finding *f);

/* The confidence the evidence states (pa_level), or -1 when it states none. */
int adv_finding_confidence(const adv_finding *f);

/* One line: "~1024 executions per call (…) × 60 ns ≈ 61 µs per call". */
void adv_estimate_text(const adv_finding *f, char *buf, size_t n);

/* Print how f was scored (perfadvise explain). Untrusted strings are
 * escaped for a terminal. */
void adv_score_explain(FILE *out, const adv_finding *f, const adv_set *s);

const char *adv_level_name(pa_level l);   /* "high" */
const char *adv_level_title(pa_level l);  /* "High" */
const char *adv_effort_name(pa_effort e); /* "hours" */
const char *adv_effort_title(pa_effort e);
/* "high" / "medium" / "low" -> level; -1 when unknown. */
int adv_level_parse(const char *s);

#endif
