/* advisor/evidence.h — a finding's evidence kept packed: a compact byte
 * string in the set's arena instead of a cJSON tree per finding (a tree is
 * ~10 allocations of 64+ bytes; 100,000 findings made it the advisor's
 * largest memory cost). A tree is built again only for the findings that
 * need one (grouping leads, JSON and SARIF output): adv_finding_evidence. */
#ifndef ADV_EVIDENCE_H
#define ADV_EVIDENCE_H

#include "advisor.h"

/* Pack the JSON value ev into the set's arena; strings and keys are copied
 * as they are (repair invalid UTF-8 before). Returns the packed bytes, or
 * NULL on out of memory. */
const unsigned char *adv_evidence_pack(adv_set *s, const cJSON *ev);

/* A new cJSON tree equal to the one packed (same members, order, numbers
 * and strings). The caller owns it; NULL on out of memory. */
cJSON *adv_evidence_unpack(const unsigned char *packed);

/* The string value of the first top-level member named key of a packed
 * object, as cJSON_GetObjectItemCaseSensitive would find it; NULL when
 * absent or not a string. Points into the packed bytes. */
const char *adv_evidence_packed_string(const unsigned char *packed, const char *key);

/* The last element of the array member key, when it is a string (the
 * innermost lock of "held"); NULL otherwise. */
const char *adv_evidence_packed_last_string(const unsigned char *packed, const char *key);

/* Do the packed bytes hold `text` anywhere (a key or a string)? A quick
 * test before building a tree; false for NULL. */
bool adv_evidence_packed_contains(const unsigned char *packed, const char *text);

/* The finding's evidence as a tree, built from the packed form on first
 * use (an empty object when it has none) and kept in f->evidence. NULL on
 * out of memory. */
cJSON *adv_finding_evidence(adv_finding *f);

/* The evidence tree of one entry of a report that streams (JSON, SARIF):
 * f's tree, built from the packed form when f has none (then *built is
 * true). Pass *built to adv_finding_evidence_drop once the entry is
 * written, so that a report holds one finding's tree at a time, not every
 * listed finding's (SARIF took 119 MB that way). NULL on out of memory. */
cJSON *adv_finding_evidence_for_entry(adv_finding *f, bool *built);
/* Free the tree adv_finding_evidence_for_entry built (nothing when !built). */
void adv_finding_evidence_drop(adv_finding *f, bool built);

/* The string member key of the finding's evidence, from the tree when
 * there is one, else from the packed form; NULL when absent. */
const char *adv_finding_evidence_string(const adv_finding *f, const char *key);

/* The boolean member key of the finding's evidence; false when absent or
 * not a boolean. */
bool adv_finding_evidence_bool(const adv_finding *f, const char *key);

#endif
