/* passes/catalog.h — what well-known library functions do: allocate, free,
 * lock, unlock, block. One table (catalog.c) used by the extractor to classify
 * calls and by the lock analysis for blocking calls; documented in
 * docs/catalog.md. Lookup is by linkage (mangled) name. A project catalogue
 * (pa_catalog) adds the project's own functions: those its configuration
 * file names (docs/config.md) and those a front end recognises from
 * attributes; lookups through pa_catalog_find see both. */
#ifndef PA_CATALOG_H
#define PA_CATALOG_H

#include "model.h"
#include "util.h"

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
    unsigned line;     /* project entries: line of the configuration file, 0 otherwise */
    bool wait_held;    /* BLOCKING wait with no mutex argument (a condition variable built
                          with its mutex: `condwait NAME mutex=held`): it releases the lock
                          held at the call */
} pa_cat_entry;

/* The project's own entries, owned (names and texts copied). Zero-initialised
 * is an empty catalogue; free with pa_catalog_clear. */
typedef struct pa_catalog {
    pa_cat_entry *items;
    size_t count, cap;
    pa_map index;          /* pa_hash_str(name) -> item index (multi-map) */
    bool has_qualified;    /* some name is a C++ qualified name ("ns::Class::fn") */
    bool has_dotted;       /* some name has a '.' (a hook in a field: "parser.m_mem.malloc_fcn") */
} pa_catalog;

/* Entry for a linkage name, or NULL when the function is not catalogued. */
const pa_cat_entry *pa_catalog_lookup(const char *name);

/* Entry for a linkage name: the built-in table first, then `project` (may
 * be NULL). The built-in entry wins, so a project cannot redefine malloc. */
const pa_cat_entry *pa_catalog_find(const pa_catalog *project, const char *name);

/* The project's own entry for `name` only, or NULL. */
const pa_cat_entry *pa_catalog_find_project(const pa_catalog *project, const char *name);

/* Add a copy of e (name and why copied) under e->name. Returns the stored
 * entry, or NULL on out of memory. An existing entry of that name is not
 * replaced (the first one counts): pa_catalog_find_project first. */
const pa_cat_entry *pa_catalog_add(pa_catalog *project, const pa_cat_entry *e);

/* Copy every entry of `from` into `to`. Returns 0, or -1 on out of memory. */
int pa_catalog_copy(pa_catalog *to, const pa_catalog *from);

void pa_catalog_clear(pa_catalog *project);

/* Name of a role for messages and docs ("allocator", "lock", ...). */
const char *pa_cat_role_name(pa_cat_role role);

/* Does `name` ("pthread_mutex_t", "class std::mutex", or a field path such
 * as "__gthread_mutex_t.__data") start with a lock type? Then a pointer to
 * it designates a lock itself, and the path names a lock's internals, not a
 * struct field that holds a lock. */
bool pa_catalog_names_lock_type(const char *name);

/* Is `symbol` (a mangled name) a standard-library member that allocates a
 * container's buffer out of line: std::string's _M_create, std::vector's
 * growth path (libstdc++ _M_realloc_insert / _M_realloc_append, libc++
 * __push_back_slow_path / __emplace_back_slow_path)? A call to one in a
 * loop is the container's allocation, though operator new is not in the
 * loop (docs/remarks.md, loop-alloc). */
bool pa_catalog_names_library_growth(const char *symbol);

/* The std::vector growth path alone (not std::string's _M_create). */
bool pa_catalog_names_vector_growth(const char *symbol);
/* A call of std::vector's growth path left out of line (push_back of a
 * struct, emplace_back of a string): it allocates the new buffer, moves
 * the elements and frees the old one, all inside; the object (args[0])
 * holds the new buffer. */
bool pa_catalog_vector_growth_call(const pa_op *o);
/* Its member name ("_M_realloc_insert"), NULL when symbol is no such path. */
const char *pa_catalog_vector_growth_member(const char *symbol);

/* A call of std::vector's resize growth path (libstdc++ _M_default_append,
 * libc++ __append): like the insertion's, it grows the capacity
 * geometrically (_M_check_len), so a vector an object keeps and resizes
 * step by step, or to a size it had, reallocates rarely. */
bool pa_catalog_vector_resize_call(const pa_op *o);

/* Is file in a library the project vendors: a directory named third_party,
 * third-party, thirdparty, 3rdparty, 3rd_party, vendor or vendored on its
 * path below root (the compilation directory; NULL: the whole path), as
 * DuckDB's third_party/concurrentqueue or RocksDB's third-party/? Its code
 * is not the project's to change. Where the project itself is checked out
 * (`/builds/vendor/app/...`) does not count. */
bool pa_catalog_vendored_file(const char *file, const char *root);

/* Constant appended lengths are counted up to here: past a string's 15
 * inline bytes is all that matters, and sums stay far from overflowing. */
#define PA_STRING_BYTES_CAP 255
/* Is o a call of a std::string member that lengthens the string (append,
 * +=, push_back, insert, resize, reserve, and libstdc++'s out-of-line
 * _M_append, _M_mutate, _M_replace, _M_replace_aux, which the inline ones
 * call at -O2)? Read from the demangled name: libstdc++ (std::__cxx11) and
 * a plain std::basic_string<char>, not wide strings. *bytes: the constant
 * number of bytes it appends (at most PA_STRING_BYTES_CAP), or -1 when not
 * known. *member (may be NULL): what a reader calls it ("append",
 * "push_back", "reserve", ...). */
bool pa_catalog_string_growth(const pa_op *o, int64_t *bytes, const char **member);
/* The argument that is the start routine when `name` is a library
 * function that starts a thread (pthread_create: 2, thrd_create: 1; the
 * table is the contract's, pa_thread_starter_at), else -1. */
int pa_catalog_thread_start_arg(const char *name);

/* Iterate the whole table (docs and tests): entry i, NULL past the end. */
const pa_cat_entry *pa_catalog_at(size_t i);

#endif
