/* advisor/group.h — one report entry per defect: findings of one kind about
 * one lock in one function (eight allocations inside the same critical
 * section, say) fold into the highest-ranked of them, which lists the
 * others' lines; findings of one kind at one source line in several
 * functions (template instantiations, inlined copies) fold likewise;
 * in a report's view, so do the findings of several analyses about one
 * allocation call. */
#ifndef ADV_GROUP_H
#define ADV_GROUP_H

#include "advisor.h"

/* Most other sites named in a folded entry's message. */
#define ADV_GROUP_MAX_NAMED 6

/* Fold findings of s (scored) that are one defect. Folded findings get
 * folded = true and stay in s (explain still finds them). Returns the
 * number folded, or -1 on out of memory. */
long adv_group_findings(adv_set *s);

/* Fold the entries of a report's view (view[0..*n), what the filters
 * left: confidence, baseline, ignore comments) that are one allocation
 * call reported by several analyses (a malloc in a loop made while
 * holding a lock) into the highest-ranked of them, whose message and
 * evidence (also_reported) carry the others' advice. Run on the view, not
 * the set, so that a finding hidden by a filter neither hides the other
 * nor shows through it. Removes the folded entries from the view (*n
 * shrinks). Returns the number folded, or -1 on out of memory. */
long adv_group_sites(adv_set *s, adv_finding **view, size_t *n);

#endif
