/* advisor/merge.h — the set of findings of a build: string arena, id index,
 * and de-duplication of findings many TUs produce from one header. */
#ifndef ADV_MERGE_H
#define ADV_MERGE_H

#include "advisor.h"

/* Initialise an empty set. Returns 0, or -1 on out of memory. */
int adv_set_init(adv_set *s);
/* Free everything the set owns (evidence objects, strings). NULL is fine. */
void adv_set_free(adv_set *s);

/* Copy a string into the set's arena, replacing invalid UTF-8 bytes with '?'.
 * NULL stays NULL. Returns NULL on out of memory (check with the input). */
const char *adv_set_strdup(adv_set *s, const char *str);
/* Same with an explicit length (the bytes need not be NUL terminated). */
const char *adv_set_strndup(adv_set *s, const char *str, size_t n);
/* adv_set_strdup for strings many findings repeat (file paths, kinds,
 * function and lock names): equal strings share one copy. NULL stays NULL;
 * NULL on out of memory. */
const char *adv_set_intern(adv_set *s, const char *str);
/* adv_set_intern of str[0..n) (NUL terminated), valid UTF-8 whose
 * pa_hash_str is h: both worked out already, on a loader thread. */
const char *adv_set_intern_hashed(adv_set *s, const char *str, size_t n, uint64_t h);

/* adv_set_intern(s, str), where node is str's cJSON node (its value's or,
 * for an object, its key's): its memo (json_get.h), when it has one, spares
 * reading str again. node may be NULL. */
const char *adv_set_intern_node(adv_set *s, const char *str, const cJSON *node);

/* Hand src's arena memory (what adv_set_alloc and adv_set_strdup gave out)
 * to dst, which frees it with its own: a loader thread prepares a
 * document's strings in a set of its own, the set they end in takes them
 * without a copy. src's interned strings must not be used afterwards. */
void adv_set_adopt_memory(adv_set *dst, adv_set *src);

/* Room in the set's finding-id index and the profile's name index for
 * `scale` times the entries they hold now, so that they fill without
 * rehashing: the loader calls it once, after a sixteenth of the inputs.
 * (The interned strings are left to grow: names repeat across files, so
 * a linear guess overshoots them, and a map twice too big costs more
 * than one rehash.) Only sizes change, never a result. Returns 0, or -1
 * on out of memory. */
int adv_set_presize(adv_set *s, double scale);

/* Append a TU; returns its index, or -1 on out of memory. */
int adv_set_add_tu(adv_set *s, const char *path, const char *source, const char *directory);

/* Add a finding. The set takes ownership of f->evidence (may be NULL) in every case. When a
 * finding with the same id is already present it is not added again: the
 * existing one's tu_count grows. Returns the stored finding (new or existing),
 * or NULL on out of memory. */
adv_finding *adv_set_add_finding(adv_set *s, const adv_finding *f);
/* adv_set_add_finding for a finding whose id the caller has just looked up
 * with adv_set_find and not found (the loader): no second lookup. */
adv_finding *adv_set_append_finding(adv_set *s, const adv_finding *f);
/* The same, h being pa_hash_str(f->id). */
adv_finding *adv_set_append_hashed(adv_set *s, const adv_finding *f, uint64_t h);

/* Finding with this id, or NULL. */
adv_finding *adv_set_find(const adv_set *s, const char *id);
/* The same, h being pa_hash_str(id). */
adv_finding *adv_set_find_hashed(const adv_set *s, const char *id, uint64_t h);

/* Append a lock edge / summary (copied shallowly: strings must already live
 * in the arena). Return 0, or -1 on out of memory. */
int adv_set_add_edge(adv_set *s, const adv_lock_edge *e);
int adv_set_add_summary(adv_set *s, const adv_summary *sum);
int adv_set_add_section(adv_set *s, const adv_section *sec);
int adv_set_add_fresh_fn(adv_set *s, const adv_fresh_fn *fn);
int adv_set_add_member_name(adv_set *s, const adv_member_name *mn);
/* Add lock class `name` (interned) to the API locks, once. Returns 0 or -1. */
int adv_set_add_api_lock(adv_set *s, const char *name);
/* Is lock class `name` an API lock of some file? */
bool adv_set_is_api_lock(const adv_set *s, const char *name);

/* Arena allocation (zeroed) for arrays whose lifetime is the set's. NULL on
 * out of memory. */
void *adv_set_alloc(adv_set *s, size_t size);
/* Arena bytes, neither aligned nor zeroed (packed data). NULL on out of
 * memory. */
void *adv_set_alloc_bytes(adv_set *s, size_t size);

/* A location as a findings-format object {file, line, column} (file null
 * when unknown). The caller owns it; NULL on out of memory. */
cJSON *adv_loc_to_json(const pa_loc *l);

#endif
