/* passes/locks_evidence.h — wording and JSON evidence shared by the lock
 * findings of locks_check.c (per function) and locks_order.c (lock-order
 * inversions). Only passes/locks*.c include it. */
#ifndef PA_LOCKS_EVIDENCE_H
#define PA_LOCKS_EVIDENCE_H

#include "findings.h"
#include "model.h"

#include <stddef.h>

/* "f()" for a C name, a demangled C++ signature as is; if_null when name
 * is NULL. Written into buf (n bytes), which is returned. */
const char *lk_fn_text(const char *name, const char *if_null, char *buf, size_t n);

/* Location of op in f; an empty location (file NULL) for a bad id. */
const pa_loc *lk_op_loc(const pa_function *f, int op);

/* Append {"class": cls, "location": loc} to the acquired_at array arr.
 * Out of memory: nothing is added. */
void lk_json_acquired(cJSON *arr, const char *cls, const pa_loc *loc);

#endif
