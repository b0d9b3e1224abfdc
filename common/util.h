/* common/util.h — the small containers and helpers every floor shares
 * (plugin/, passes/, advisor/): growable arrays, one open-addressing hash
 * map, the project's string hash, path basenames and a reentrant sort.
 * Plain C11, no compiler or cJSON types: a GCC front end links it as is. */
#ifndef PA_UTIL_H
#define PA_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- growable arrays ----------------------------------------------------- */

/* Make room for `need` elements of `elem` bytes in the array `items` whose
 * capacity is *cap: the capacity doubles (from 8) until it is enough. The
 * new elements are not initialised: set each one you append. Returns the (possibly moved) array, or NULL
 * on out of memory or size overflow, in which case `items` and *cap are
 * unchanged and still owned by the caller. Typical use:
 *   T *p = pa_array_reserve(arr, &cap, n + 1, sizeof *p);
 *   if (!p) goto fail;
 *   arr = p; arr[n++] = x; */
void *pa_array_reserve(void *items, size_t *cap, size_t need, size_t elem);

/* ---- hashing -------------------------------------------------------------- */

#define PA_HASH_INIT 14695981039346656037ULL

/* FNV-1a 64: continue hash h over n bytes. The one hash of the project:
 * finding ids, names in maps. */
uint64_t pa_hash_bytes(uint64_t h, const void *data, size_t n);
/* FNV-1a 64 of a NUL-terminated string (not including the NUL). */
uint64_t pa_hash_str(const char *s);
/* pa_hash_str(s), and strlen(s) into *len, in one pass; *ascii: every
 * byte below 0x80 (so the text is valid UTF-8 without another look). */
uint64_t pa_hash_str_len(const char *s, size_t *len, bool *ascii);

/* ---- hash map ------------------------------------------------------------- */

/* Open addressing from 64-bit keys to intptr_t values. Keys are either exact
 * (a pointer, a packed pair of ints) or the hash of a string; for hashed
 * keys two different strings may share a key, so string maps store an
 * index into the owner's array and look up with pa_map_find and a match
 * function. Zero-initialised is a valid empty map. */
typedef struct pa_map_slot {
    uint64_t key;
    intptr_t val;
} pa_map_slot;

typedef struct pa_map {
    pa_map_slot *slots; /* key and value side by side: one cache line per probe */
    unsigned char *tags; /* 0: empty; else 0x80 | 7 bits of the spread key, so
                            most probes that miss never touch slots */
    size_t cap, count;  /* cap: 0 or a power of two */
} pa_map;

void pa_map_free(pa_map *m);
/* Remove every entry, keeping the storage. */
void pa_map_clear(pa_map *m);
/* Insert key -> val, replacing the value of an equal key. Returns 0, or -1
 * on out of memory (map unchanged). */
int pa_map_put(pa_map *m, uint64_t key, intptr_t val);
/* Value of key into *val (may be NULL). Returns true when present. */
bool pa_map_get(const pa_map *m, uint64_t key, intptr_t *val);

/* Multi-map use, for hashed string keys: pa_map_add always adds an entry
 * (equal keys allowed; keep entries unique by finding first); pa_map_find
 * returns an entry with this key for which match(ctx, val) holds (match
 * NULL: any). Return 0 / -1 on out of memory, and true when found. */
typedef bool (*pa_map_match)(const void *ctx, intptr_t val);
int pa_map_add(pa_map *m, uint64_t key, intptr_t val);
/* Room for n entries in all, so that adding up to n grows nothing (a map
 * filled from a known count is then not rehashed on the way). Returns 0,
 * or -1 on out of memory (map unchanged). */
int pa_map_reserve(pa_map *m, size_t n);
bool pa_map_find(const pa_map *m, uint64_t key, pa_map_match match, const void *ctx, intptr_t *val);

/* Key for a pointer. */
static inline uint64_t pa_map_ptr_key(const void *p) { return (uint64_t)(uintptr_t)p; }

/* ---- paths ---------------------------------------------------------------- */

/* The part of path after its last '/', or `if_null` when path is NULL.
 * Never allocates; the result points into path. */
const char *pa_path_basename(const char *path, const char *if_null);

/* ---- type names ----------------------------------------------------------- */

/* name past its leading "struct ", "union " or "class " tag words, as debug
 * info spells a C type without a typedef ("struct parser.mem.malloc_fcn").
 * Never allocates; the result points into name. */
const char *pa_skip_type_tags(const char *name);

/* "leveldb::DBImpl::Write" for "leveldb::DBImpl::Write(leveldb::WriteOptions
 * const&, leveldb::WriteBatch*)"; template arguments become "<...>", a
 * leading return type is dropped. C names (no "::") come back unchanged.
 * How the report and the plugin's messages show a C++ function; the full
 * name stays in the JSON. Returns out. */
char *pa_short_function(const char *demangled, char *out, size_t n);

/* A call of that function as messages write it: "ns::C<...>::f()", "f()"
 * for a C name, as is when the name already ends in its parameters
 * ("operator new(unsigned long)"). Returns out. */
char *pa_call_text(const char *demangled, char *out, size_t n);

/* ---- sorting -------------------------------------------------------------- */

/* Reentrant sort: cmp gets ctx, so comparators need no file-scope state.
 * Stable (a merge sort). Returns 0, or -1 on out of memory, in which case
 * the array is left in its original order. */
typedef int (*pa_sort_cmp)(const void *a, const void *b, void *ctx);
int pa_sort(void *base, size_t n, size_t size, pa_sort_cmp cmp, void *ctx);

#endif
