/* passes/locks_evidence.h — wording and JSON evidence shared by the lock
 * findings of locks_check.c (per function) and locks_order.c (lock-order
 * inversions). Only passes/locks*.c include it. */
#ifndef PA_LOCKS_EVIDENCE_H
#define PA_LOCKS_EVIDENCE_H

#include "findings.h"
#include "model.h"

#include <stddef.h>

/* "f()" for a C name, "ns::C<...>::f()" for a demangled C++ signature
 * (pa_short_function); if_null when name is NULL. Written into buf (n
 * bytes), which is returned. */
const char *lk_fn_text(const char *name, const char *if_null, char *buf, size_t n);

/* Location of op in f; an empty location (file NULL) for a bad id. */
const pa_loc *lk_op_loc(const pa_function *f, int op);

/* How sure a lock finding is (docs/findings-format.md, "confidence"). */
typedef enum lk_confidence { LK_CONF_LOW = 0, LK_CONF_MEDIUM, LK_CONF_HIGH } lk_confidence;

/* Add "confidence" and "confidence_reason" to a finding's evidence. */
void lk_json_confidence(cJSON *ev, lk_confidence c, const char *reason);
/* "low", "medium", "high". */
const char *lk_confidence_name(lk_confidence c);

/* Append {"class": cls, "location": loc} to the acquired_at array arr.
 * Out of memory: nothing is added. */
void lk_json_acquired(cJSON *arr, const char *cls, const pa_loc *loc);

#endif
