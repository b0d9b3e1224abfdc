/* passes/catalog.h — what well-known library functions do: allocate, free,
 * lock, unlock, block. One table (catalog.c) used by the extractor to classify
 * calls and by the lock analysis for blocking calls; documented in
 * docs/catalog.md. Lookup is by linkage (mangled) name. */
#ifndef PA_CATALOG_H
#define PA_CATALOG_H

#include "model.h"

typedef enum pa_cat_role {
    PA_CAT_NONE = 0,
    PA_CAT_ALLOC,   /* returns fresh memory; size from size_arg(s) */
    PA_CAT_REALLOC, /* resizes args[ptr_arg], returns the new block */
    PA_CAT_FREE,    /* releases args[ptr_arg] */
    PA_CAT_LOCK,
    PA_CAT_TRYLOCK, /* success when the result is zero (or true: success_true) */
    PA_CAT_UNLOCK,
    PA_CAT_BLOCKING, /* may sleep or wait on I/O or another thread */
} pa_cat_role;

typedef struct pa_cat_entry {
    const char *name; /* linkage name */
    pa_cat_role role;
    pa_allocator allocator; /* ALLOC / REALLOC */
    int size_arg;           /* ALLOC: argument holding the size, or PA_NONE */
    int size_arg2;          /* calloc: second factor, or PA_NONE */
    int ptr_arg;            /* FREE, REALLOC, LOCK family: the pointer; ALLOC via out-param */
    pa_lock_prim prim;
    bool shared;       /* rdlock / lock_shared */
    bool success_true; /* TRYLOCK: success is a true (non-zero) result */
    bool recursive;    /* recursive mutex type by name (std::recursive_mutex) */
    bool lock_in_guard; /* BLOCKING wait: args[ptr_arg] is a guard (std::unique_lock&) and the
                           mutex it releases is the one the guard holds */
    const char *why;   /* BLOCKING: what it waits for ("sleeps", "file I/O") */
} pa_cat_entry;

/* Entry for a linkage name, or NULL when the function is not catalogued. */
const pa_cat_entry *pa_catalog_lookup(const char *name);

/* Does `name` ("pthread_mutex_t", "class std::mutex", or a field path such
 * as "__gthread_mutex_t.__data") start with a lock type? Then a pointer to
 * it designates a lock itself, and the path names a lock's internals, not a
 * struct field that holds a lock. */
bool pa_catalog_names_lock_type(const char *name);

/* Iterate the whole table (docs and tests): entry i, NULL past the end. */
const pa_cat_entry *pa_catalog_at(size_t i);

#endif
