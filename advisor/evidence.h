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

/* The finding's evidence as a tree, built from the packed form on first
 * use (an empty object when it has none) and kept in f->evidence. NULL on
 * out of memory. */
cJSON *adv_finding_evidence(adv_finding *f);

/* Build the evidence tree of each of view[0..n) (before rendering formats
 * that print or read it: JSON, SARIF). Returns 0, or -1 on out of memory. */
int adv_evidence_build_all(adv_finding *const *view, size_t n);

/* The string member key of the finding's evidence, from the tree when
 * there is one, else from the packed form; NULL when absent. */
const char *adv_finding_evidence_string(const adv_finding *f, const char *key);

#endif
