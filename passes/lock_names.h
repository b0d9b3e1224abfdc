/* passes/lock_names.h — the names users read for lock classes ("g_lock",
 * "file.c:lock", "struct conn.lock", "param#0+8", "f:m", "unknown lock in
 * f()"), made in one place from the facts a front end records in
 * pa_lock_class, plus the derived names the lock analysis builds. Used by
 * passes/model_dump.c (class=kind:'name') and passes/locks_sym.c. */
#ifndef PA_LOCK_NAMES_H
#define PA_LOCK_NAMES_H

#include "model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The name users read for a class name built from facts: a struct member
 * is written the way C and C++ code names it, "Type::member.sub"
 * ("struct conn.lock" -> "conn::lock", "rd_kafka_broker_t.rkb_lock" ->
 * "rd_kafka_broker_t::rkb_lock", "class leveldb::DBImpl.mutex_" ->
 * "leveldb::DBImpl::mutex_"); every other name is returned unchanged.
 * kind says what the name is (a member only for PA_CLASS_FIELD). Same
 * buffer contract as pa_lock_class_name. */
const char *pa_lock_display_name(const char *name, pa_class_kind kind, char *buf, size_t size);

/* Buffer size for pa_lock_class_name: longer names are truncated. */
#define PA_LOCK_NAME_SIZE 512

/* Does a debug-info field path designate a lock held in a struct
 * ("struct conn.lock"), rather than a lock type's own internals
 * ("pthread_mutex_t.__data")? False for NULL. */
bool pa_lock_field_is_member(const char *field);

/* Write the name of the class `cls` describes into buf (size bytes,
 * truncated, always NUL-terminated when size > 0) and return buf.
 * source_file: the translation unit, whose basename prefixes static
 * symbols ("file.c:lock"; may be NULL). function: readable name of the
 * function the pointer lives in, for locals and unknown locks (NULL: "?").
 * Kind NONE gives "". Never fails. */
const char *pa_lock_class_name(const pa_lock_class *cls, const char *source_file,
                               const char *function, char *buf, size_t size);

/* "param#N+off0", or "*(param#N+off0)+off1" for a mutex pointer loaded
 * from there (deref). Same buffer contract as pa_lock_class_name. */
const char *pa_lock_param_name(int param, int64_t off0, bool deref, int64_t off1, char *buf,
                               size_t size);
/* "*(*(param#N+off0)+off1)+off2": the mutex a guard object holds, the
 * guard reached through a pointer kept at param+off0 (a unique_ptr). */
const char *pa_lock_param_name2(int param, int64_t off0, int64_t off1, int64_t off2, char *buf,
                                size_t size);

/* base followed by the last ".member" of field ("g", "struct s.lock" ->
 * "g.lock"). Same buffer contract. */
const char *pa_lock_member_name(const char *base, const char *field, char *buf, size_t size);

/* base followed by an offset ("gs", 8 -> "gs+8"; -8 -> "gs-8"; unknown ->
 * "gs+?"; 0 -> "gs"). Same buffer contract. */
const char *pa_lock_offset_name(const char *base, int64_t off, char *buf, size_t size);

#endif
