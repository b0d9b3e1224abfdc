/* advisor/group.h — one report entry per defect: findings of one kind about
 * one lock in one function (eight allocations inside the same critical
 * section, say) fold into the highest-ranked of them, which lists the
 * others' lines; findings of one kind at one source line in several
 * functions (template instantiations, inlined copies) fold likewise, and
 * so do the findings of several analyses about one allocation call. */
#ifndef ADV_GROUP_H
#define ADV_GROUP_H

#include "advisor.h"

/* Most other sites named in a folded entry's message. */
#define ADV_GROUP_MAX_NAMED 6

/* The evidence arrays in which an entry lists the findings folded into
 * it, each an object with an "id" (and in also_reported a "folded" list
 * of the ids that finding had folded in itself): what a baseline reads
 * back (adv_load_baseline). */
#define ADV_FOLDED_LISTS 3
extern const char *const adv_folded_lists[ADV_FOLDED_LISTS];

/* Fold the entries of a report's view (view[0..*n), scored findings of
 * s that the filters left: confidence, baseline, ignore comments) that
 * are one defect into the highest-ranked of each group, whose message and
 * evidence (other_sites, other_functions, also_reported) name the others.
 * Folded findings get folded = true, stay in s (explain still finds
 * them) and leave the view (*n shrinks). Returns the number folded, or -1
 * on out of memory. */
long adv_group_view(adv_set *s, adv_finding **view, size_t *n);

#endif
