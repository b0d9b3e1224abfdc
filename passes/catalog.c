/* passes/catalog.c — the one table of library functions perfadvise knows.
 * Adding a function here is the whole change needed to teach every analysis
 * about it; docs/catalog.md lists the table's categories. */
#include "catalog.h"

#include "contract.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#define ALLOC(n, a, s, s2) {n, PA_CAT_ALLOC, a, s, s2, PA_NONE, PA_PRIM_NONE, false, false, false, false, NULL, 0, false}
#define ALLOC_OUT(n, a, s, out)                                                                    \
    {n, PA_CAT_ALLOC, a, s, PA_NONE, out, PA_PRIM_NONE, false, false, false, false, NULL, 0, false}
#define REALLOC(n, s) {n, PA_CAT_REALLOC, PA_ALLOCATOR_REALLOC, s, PA_NONE, 0, PA_PRIM_NONE, false, false, false, false, NULL, 0, false}
#define FREE(n) {n, PA_CAT_FREE, PA_ALLOCATOR_NONE, PA_NONE, PA_NONE, 0, PA_PRIM_NONE, false, false, false, false, NULL, 0, false}
#define LOCKOP(n, role, prim, shared, succ_true, rec)                                              \
    {n, role, PA_ALLOCATOR_NONE, PA_NONE, PA_NONE, 0, prim, shared, succ_true, rec, false, NULL, 0, false}
#define BLOCK(n, why) {n, PA_CAT_BLOCKING, PA_ALLOCATOR_NONE, PA_NONE, PA_NONE, PA_NONE, PA_PRIM_NONE, false, false, false, false, why, 0, false}
/* Condition waits release args[1] while they wait. */
#define CONDWAIT(n, why) {n, PA_CAT_BLOCKING, PA_ALLOCATOR_NONE, PA_NONE, PA_NONE, 1, PA_PRIM_NONE, false, false, false, false, why, 0, false}
/* ... or the mutex held by the guard object args[1] (std::unique_lock&). */
#define GUARDWAIT(n, why) {n, PA_CAT_BLOCKING, PA_ALLOCATOR_NONE, PA_NONE, PA_NONE, 1, PA_PRIM_NONE, false, false, false, true, why, 0, false}

static const pa_cat_entry table[] = {
    /* C allocators */
    ALLOC("malloc", PA_ALLOCATOR_MALLOC, 0, PA_NONE),
    ALLOC("calloc", PA_ALLOCATOR_CALLOC, 0, 1),
    ALLOC("strdup", PA_ALLOCATOR_STRDUP, PA_NONE, PA_NONE),
    ALLOC("__strdup", PA_ALLOCATOR_STRDUP, PA_NONE, PA_NONE),
    ALLOC("strndup", PA_ALLOCATOR_STRNDUP, PA_NONE, PA_NONE),
    ALLOC("__strndup", PA_ALLOCATOR_STRNDUP, PA_NONE, PA_NONE),
    ALLOC("aligned_alloc", PA_ALLOCATOR_ALIGNED_ALLOC, 1, PA_NONE),
    ALLOC("memalign", PA_ALLOCATOR_ALIGNED_ALLOC, 1, PA_NONE),
    ALLOC("valloc", PA_ALLOCATOR_ALIGNED_ALLOC, 0, PA_NONE),
    ALLOC_OUT("posix_memalign", PA_ALLOCATOR_POSIX_MEMALIGN, 2, 0),
    ALLOC_OUT("asprintf", PA_ALLOCATOR_LIBRARY, PA_NONE, 0),
    ALLOC_OUT("vasprintf", PA_ALLOCATOR_LIBRARY, PA_NONE, 0),
    REALLOC("realloc", 1),
    REALLOC("reallocarray", 1),
    FREE("free"),
    FREE("cfree"),
    /* C++ operator new / new[] (64-bit and 32-bit size_t, nothrow, aligned) */
    ALLOC("_Znwm", PA_ALLOCATOR_NEW, 0, PA_NONE),
    ALLOC("_Znwj", PA_ALLOCATOR_NEW, 0, PA_NONE),
    ALLOC("_ZnwmRKSt9nothrow_t", PA_ALLOCATOR_NEW, 0, PA_NONE),
    ALLOC("_ZnwjRKSt9nothrow_t", PA_ALLOCATOR_NEW, 0, PA_NONE),
    ALLOC("_ZnwmSt11align_val_t", PA_ALLOCATOR_NEW, 0, PA_NONE),
    ALLOC("_ZnwmSt11align_val_tRKSt9nothrow_t", PA_ALLOCATOR_NEW, 0, PA_NONE),
    ALLOC("_Znam", PA_ALLOCATOR_NEW_ARRAY, 0, PA_NONE),
    ALLOC("_Znaj", PA_ALLOCATOR_NEW_ARRAY, 0, PA_NONE),
    ALLOC("_ZnamRKSt9nothrow_t", PA_ALLOCATOR_NEW_ARRAY, 0, PA_NONE),
    ALLOC("_ZnajRKSt9nothrow_t", PA_ALLOCATOR_NEW_ARRAY, 0, PA_NONE),
    ALLOC("_ZnamSt11align_val_t", PA_ALLOCATOR_NEW_ARRAY, 0, PA_NONE),
    ALLOC("_ZnamSt11align_val_tRKSt9nothrow_t", PA_ALLOCATOR_NEW_ARRAY, 0, PA_NONE),
    /* operator delete / delete[] in every sized / aligned / nothrow form */
    FREE("_ZdlPv"),
    FREE("_ZdaPv"),
    FREE("_ZdlPvm"),
    FREE("_ZdaPvm"),
    FREE("_ZdlPvj"),
    FREE("_ZdaPvj"),
    FREE("_ZdlPvSt11align_val_t"),
    FREE("_ZdaPvSt11align_val_t"),
    FREE("_ZdlPvmSt11align_val_t"),
    FREE("_ZdaPvmSt11align_val_t"),
    FREE("_ZdlPvRKSt9nothrow_t"),
    FREE("_ZdaPvRKSt9nothrow_t"),

    /* POSIX threads */
    LOCKOP("pthread_mutex_lock", PA_CAT_LOCK, PA_PRIM_PTHREAD_MUTEX, false, false, false),
    LOCKOP("pthread_mutex_trylock", PA_CAT_TRYLOCK, PA_PRIM_PTHREAD_MUTEX, false, false, false),
    LOCKOP("pthread_mutex_timedlock", PA_CAT_TRYLOCK, PA_PRIM_PTHREAD_MUTEX, false, false, false),
    LOCKOP("pthread_mutex_clocklock", PA_CAT_TRYLOCK, PA_PRIM_PTHREAD_MUTEX, false, false, false),
    LOCKOP("pthread_mutex_unlock", PA_CAT_UNLOCK, PA_PRIM_PTHREAD_MUTEX, false, false, false),
    LOCKOP("pthread_rwlock_rdlock", PA_CAT_LOCK, PA_PRIM_PTHREAD_RWLOCK, true, false, false),
    LOCKOP("pthread_rwlock_wrlock", PA_CAT_LOCK, PA_PRIM_PTHREAD_RWLOCK, false, false, false),
    LOCKOP("pthread_rwlock_tryrdlock", PA_CAT_TRYLOCK, PA_PRIM_PTHREAD_RWLOCK, true, false, false),
    LOCKOP("pthread_rwlock_trywrlock", PA_CAT_TRYLOCK, PA_PRIM_PTHREAD_RWLOCK, false, false, false),
    LOCKOP("pthread_rwlock_timedrdlock", PA_CAT_TRYLOCK, PA_PRIM_PTHREAD_RWLOCK, true, false, false),
    LOCKOP("pthread_rwlock_timedwrlock", PA_CAT_TRYLOCK, PA_PRIM_PTHREAD_RWLOCK, false, false, false),
    LOCKOP("pthread_rwlock_unlock", PA_CAT_UNLOCK, PA_PRIM_PTHREAD_RWLOCK, false, false, false),
    LOCKOP("pthread_spin_lock", PA_CAT_LOCK, PA_PRIM_PTHREAD_SPIN, false, false, false),
    LOCKOP("pthread_spin_trylock", PA_CAT_TRYLOCK, PA_PRIM_PTHREAD_SPIN, false, false, false),
    LOCKOP("pthread_spin_unlock", PA_CAT_UNLOCK, PA_PRIM_PTHREAD_SPIN, false, false, false),
    /* C11 threads */
    LOCKOP("mtx_lock", PA_CAT_LOCK, PA_PRIM_C11_MTX, false, false, false),
    LOCKOP("mtx_trylock", PA_CAT_TRYLOCK, PA_PRIM_C11_MTX, false, false, false),
    LOCKOP("mtx_timedlock", PA_CAT_TRYLOCK, PA_PRIM_C11_MTX, false, false, false),
    LOCKOP("mtx_unlock", PA_CAT_UNLOCK, PA_PRIM_C11_MTX, false, false, false),
    /* libstdc++ members still called at -O0 (inlined to pthread calls at -O2) */
    LOCKOP("_ZNSt5mutex4lockEv", PA_CAT_LOCK, PA_PRIM_STD_MUTEX, false, false, false),
    LOCKOP("_ZNSt5mutex8try_lockEv", PA_CAT_TRYLOCK, PA_PRIM_STD_MUTEX, false, true, false),
    LOCKOP("_ZNSt5mutex6unlockEv", PA_CAT_UNLOCK, PA_PRIM_STD_MUTEX, false, false, false),
    LOCKOP("_ZNSt15recursive_mutex4lockEv", PA_CAT_LOCK, PA_PRIM_STD_MUTEX, false, false, true),
    LOCKOP("_ZNSt15recursive_mutex8try_lockEv", PA_CAT_TRYLOCK, PA_PRIM_STD_MUTEX, false, true,
           true),
    LOCKOP("_ZNSt15recursive_mutex6unlockEv", PA_CAT_UNLOCK, PA_PRIM_STD_MUTEX, false, false,
           true),
    LOCKOP("_ZNSt11timed_mutex4lockEv", PA_CAT_LOCK, PA_PRIM_STD_MUTEX, false, false, false),
    LOCKOP("_ZNSt11timed_mutex8try_lockEv", PA_CAT_TRYLOCK, PA_PRIM_STD_MUTEX, false, true, false),
    LOCKOP("_ZNSt11timed_mutex6unlockEv", PA_CAT_UNLOCK, PA_PRIM_STD_MUTEX, false, false, false),
    LOCKOP("_ZNSt12shared_mutex4lockEv", PA_CAT_LOCK, PA_PRIM_STD_MUTEX, false, false, false),
    LOCKOP("_ZNSt12shared_mutex8try_lockEv", PA_CAT_TRYLOCK, PA_PRIM_STD_MUTEX, false, true, false),
    LOCKOP("_ZNSt12shared_mutex6unlockEv", PA_CAT_UNLOCK, PA_PRIM_STD_MUTEX, false, false, false),
    LOCKOP("_ZNSt12shared_mutex11lock_sharedEv", PA_CAT_LOCK, PA_PRIM_STD_MUTEX, true, false,
           false),
    LOCKOP("_ZNSt12shared_mutex15try_lock_sharedEv", PA_CAT_TRYLOCK, PA_PRIM_STD_MUTEX, true, true,
           false),
    LOCKOP("_ZNSt12shared_mutex13unlock_sharedEv", PA_CAT_UNLOCK, PA_PRIM_STD_MUTEX, true, false,
           false),

    /* Blocking calls: sleeping */
    BLOCK("sleep", "sleeps"),
    BLOCK("usleep", "sleeps"),
    BLOCK("nanosleep", "sleeps"),
    BLOCK("clock_nanosleep", "sleeps"),
    BLOCK("thrd_sleep", "sleeps"),
    /* file and socket I/O */
    BLOCK("read", "file or socket I/O"),
    BLOCK("__read_chk", "file or socket I/O"),
    BLOCK("write", "file or socket I/O"),
    BLOCK("pread", "file I/O"),
    BLOCK("pread64", "file I/O"),
    BLOCK("pwrite", "file I/O"),
    BLOCK("pwrite64", "file I/O"),
    BLOCK("readv", "file or socket I/O"),
    BLOCK("writev", "file or socket I/O"),
    BLOCK("open", "file I/O"),
    BLOCK("open64", "file I/O"),
    BLOCK("openat", "file I/O"),
    BLOCK("__open_2", "file I/O"),
    BLOCK("fsync", "waits for the disk"),
    BLOCK("fdatasync", "waits for the disk"),
    BLOCK("sync_file_range", "waits for the disk"),
    BLOCK("msync", "waits for the disk"),
    BLOCK("fopen", "file I/O"),
    BLOCK("fopen64", "file I/O"),
    BLOCK("fclose", "file I/O"),
    BLOCK("fread", "file I/O"),
    BLOCK("__fread_chk", "file I/O"),
    BLOCK("fwrite", "file I/O"),
    BLOCK("fflush", "file I/O"),
    BLOCK("fgets", "file I/O"),
    BLOCK("__fgets_chk", "file I/O"),
    BLOCK("getline", "file I/O"),
    BLOCK("recv", "socket I/O"),
    BLOCK("__recv_chk", "socket I/O"),
    BLOCK("recvfrom", "socket I/O"),
    BLOCK("recvmsg", "socket I/O"),
    BLOCK("send", "socket I/O"),
    BLOCK("sendto", "socket I/O"),
    BLOCK("sendmsg", "socket I/O"),
    BLOCK("accept", "waits for a connection"),
    BLOCK("accept4", "waits for a connection"),
    BLOCK("connect", "network round trip"),
    BLOCK("getaddrinfo", "DNS lookup"),
    BLOCK("gethostbyname", "DNS lookup"),
    BLOCK("poll", "waits for I/O"),
    BLOCK("ppoll", "waits for I/O"),
    BLOCK("select", "waits for I/O"),
    BLOCK("pselect", "waits for I/O"),
    BLOCK("epoll_wait", "waits for I/O"),
    BLOCK("epoll_pwait", "waits for I/O"),
    /* waiting for other threads and processes */
    BLOCK("pthread_join", "waits for a thread"),
    BLOCK("thrd_join", "waits for a thread"),
    BLOCK("sem_wait", "waits on a semaphore"),
    BLOCK("sem_timedwait", "waits on a semaphore"),
    BLOCK("pthread_barrier_wait", "waits at a barrier"),
    CONDWAIT("pthread_cond_wait", "waits on a condition variable"),
    CONDWAIT("pthread_cond_timedwait", "waits on a condition variable"),
    CONDWAIT("cnd_wait", "waits on a condition variable"),
    CONDWAIT("cnd_timedwait", "waits on a condition variable"),
    CONDWAIT("pthread_cond_clockwait", "waits on a condition variable"),
    BLOCK("system", "runs a shell command"),
    BLOCK("popen", "starts a process"),
    BLOCK("waitpid", "waits for a process"),
    BLOCK("wait", "waits for a process"),
    GUARDWAIT("_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE",
              "waits on a condition variable"),
    BLOCK("_ZNSt6thread4joinEv", "waits for a thread"),
};

#define TABLE_SIZE (sizeof table / sizeof table[0])
/* Open addressing over the table's indices + 1 (0: empty), twice as many
 * slots as the smallest power of two above the table. Every call of the
 * program asks (classifying a call, naming a hook): a scan of the table was
 * 72 M instructions on sqlite3.c with SQLite's configuration. */
#define INDEX_SLOTS 512
static unsigned short table_index[INDEX_SLOTS];
static once_flag table_index_once = ONCE_FLAG_INIT;

/* The first entry of each name wins, as the scan in table order found it. */
static void build_table_index(void)
{
    _Static_assert(TABLE_SIZE * 2 <= INDEX_SLOTS && TABLE_SIZE < 65535, "catalogue index too small");
    for (size_t i = 0; i < TABLE_SIZE; i++) {
        size_t slot = (size_t)pa_hash_str(table[i].name) & (INDEX_SLOTS - 1);
        while (table_index[slot] && strcmp(table[table_index[slot] - 1].name, table[i].name) != 0)
            slot = (slot + 1) & (INDEX_SLOTS - 1);
        if (!table_index[slot])
            table_index[slot] = (unsigned short)(i + 1);
    }
}

const pa_cat_entry *pa_catalog_lookup(const char *name)
{
    if (!name || !*name)
        return NULL;
    call_once(&table_index_once, build_table_index);
    size_t slot = (size_t)pa_hash_str(name) & (INDEX_SLOTS - 1);
    for (; table_index[slot]; slot = (slot + 1) & (INDEX_SLOTS - 1))
        if (strcmp(table[table_index[slot] - 1].name, name) == 0)
            return &table[table_index[slot] - 1];
    return NULL;
}

const char *pa_catalog_vector_growth_member(const char *symbol)
{
    static const char *const members[] = {"_M_realloc_insert", "_M_realloc_append",
                                          "__push_back_slow_path", "__emplace_back_slow_path"};
    /* libstdc++ names the vector "St6vector"; libc++ "NSt3__16vector". */
    if (!symbol || !strstr(symbol, "6vector"))
        return NULL;
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        if (strstr(symbol, members[i]))
            return members[i];
    return NULL;
}

bool pa_catalog_vector_resize_call(const pa_op *o)
{
    const char *s = o && o->kind == PA_OP_CALL ? o->callee : NULL;
    /* The vector's own member, not a member of a container of vectors
     * (std::list<std::vector<int>>::_M_default_append makes a node each). */
    if (!s)
        return false;
    if (strncmp(s, "_ZNSt6vector", 12) == 0 || strncmp(s, "_ZNSt7__debug6vector", 20) == 0)
        return strstr(s, "E17_M_default_append") != NULL;
    return strncmp(s, "_ZNSt3__16vector", 16) == 0 && strstr(s, "E8__append") != NULL;
}

bool pa_catalog_vendored_file(const char *file, const char *root)
{
    static const char *const dirs[] = {"third_party", "third-party", "thirdparty", "3rdparty",
                                       "3rd_party",   "vendor",      "vendored"};
    if (!file)
        return false;
    size_t rn = root ? strlen(root) : 0;
    while (rn > 0 && root[rn - 1] == '/')
        rn--;
    if (rn > 0 && strncmp(file, root, rn) == 0 && file[rn] == '/')
        file += rn + 1;
    /* Each directory component: from the start or a '/' to the next '/'. */
    for (const char *p = file; *p;) {
        const char *end = strchr(p, '/');
        if (!end)
            return false; /* the file's own name */
        size_t n = (size_t)(end - p);
        for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
            if (n == strlen(dirs[i]) && strncmp(p, dirs[i], n) == 0)
                return true;
        p = end + 1;
    }
    return false;
}

bool pa_catalog_names_vector_growth(const char *symbol)
{
    return pa_catalog_vector_growth_member(symbol) != NULL;
}

bool pa_catalog_vector_growth_call(const pa_op *o)
{
    return o && o->kind == PA_OP_CALL && pa_catalog_names_vector_growth(o->callee);
}

bool pa_catalog_names_library_growth(const char *symbol)
{
    return symbol && (strstr(symbol, "_M_create") || pa_catalog_names_vector_growth(symbol));
}

/* Argument k of o when it is a constant length, or -1. */
static int64_t constant_length(const pa_op *o, size_t k)
{
    if (k >= o->nargs || !o->arg_flags || !o->arg_const || !(o->arg_flags[k] & PA_ARG_CONST))
        return -1;
    int64_t n = o->arg_const[k];
    return n < 0 ? -1 : n > PA_STRING_BYTES_CAP ? PA_STRING_BYTES_CAP : n;
}

bool pa_catalog_string_growth(const pa_op *o, int64_t *bytes, const char **member)
{
    /* The member, which argument is its constant length (-1: none; -2: one
     * char) and its name for readers. The signature picks the overload. */
    static const struct {
        const char *member;
        int len_arg;
        const char *shown;
    } members[] = {
        {"::append(char const*, unsigned long)", 2, "append"},
        {"::append(unsigned long, char)", 1, "append"},
        {"::_M_append(char const*, unsigned long)", 2, "append"},
        {"::_M_replace_aux(unsigned long, unsigned long, unsigned long, char)", 3, "append"},
        {"::push_back(char)", -2, "push_back"},
        {"::operator+=(char)", -2, "+="},
        {"::append(", -1, "append"},
        {"::operator+=(", -1, "+="},
        {"::insert(", -1, "insert"},
        {"::_M_mutate(unsigned long, unsigned long, char const*, unsigned long)", 4, "push_back"},
        {"::_M_mutate(", -1, "push_back"},
        {"::_M_replace(", -1, "assign"},
        {"::resize(unsigned long)", 1, "resize"},
        {"::reserve(unsigned long)", 1, "reserve"},
        {"::resize(", -1, "resize"},
    };
    static const char *const classes[] = {"std::__cxx11::basic_string<char, ",
                                          "std::basic_string<char, "};
    const char *d = o ? o->callee_demangled : NULL;
    *bytes = -1;
    if (member)
        *member = NULL;
    if (!d || o->kind != PA_OP_CALL || !o->args || o->nargs < 1)
        return false;
    bool cls = false;
    for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
        cls = cls || strncmp(d, classes[i], strlen(classes[i])) == 0;
    if (!cls)
        return false;
    for (size_t i = 0; i < sizeof members / sizeof *members; i++) {
        if (!strstr(d, members[i].member))
            continue;
        if (members[i].len_arg == -2)
            *bytes = 1;
        else if (members[i].len_arg >= 0)
            *bytes = constant_length(o, (size_t)members[i].len_arg);
        if (member)
            *member = members[i].shown;
        return true;
    }
    return false;
}

bool pa_catalog_names_lock_type(const char *name)
{
    static const char *const types[] = {
        "pthread_mutex_t", "__pthread_mutex_s", "__gthread_mutex_t", "__gthread_recursive_mutex_t",
        "pthread_rwlock_t", "__pthread_rwlock_arch_t", "pthread_spinlock_t", "mtx_t",
        "mutex", "recursive_mutex", "timed_mutex", "recursive_timed_mutex", "shared_mutex",
        "shared_timed_mutex", "__mutex_base", "__recursive_mutex_base", "__shared_mutex_pthread",
    };
    if (!name)
        return false;
    const char *p = pa_skip_type_tags(name);
    if (strncmp(p, "std::", 5) == 0)
        p += 5;
    size_t n = strcspn(p, ".");
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i]) == n && strncmp(types[i], p, n) == 0)
            return true;
    return false;
}

int pa_catalog_thread_start_arg(const char *name)
{
    int i = pa_thread_starter_index(name);
    return i < 0 ? -1 : pa_thread_starter_at((size_t)i)->start_arg;
}

const pa_cat_entry *pa_catalog_at(size_t i)
{
    return i < TABLE_SIZE ? &table[i] : NULL;
}

/* ---- the project's own entries ------------------------------------------- */

static bool entry_named(const void *ctx, intptr_t val)
{
    const pa_catalog *c = ((const void *const *)ctx)[0];
    const char *name = ((const void *const *)ctx)[1];
    return val >= 0 && (size_t)val < c->count && strcmp(c->items[val].name, name) == 0;
}

const pa_cat_entry *pa_catalog_find_project(const pa_catalog *project, const char *name)
{
    if (!project || project->count == 0 || !name || !*name)
        return NULL;
    const void *ctx[2] = {project, name};
    intptr_t i;
    if (!pa_map_find(&project->index, pa_hash_str(name), entry_named, ctx, &i))
        return NULL;
    return &project->items[i];
}

const pa_cat_entry *pa_catalog_find(const pa_catalog *project, const char *name)
{
    const pa_cat_entry *e = pa_catalog_lookup(name);
    return e ? e : pa_catalog_find_project(project, name);
}

/* Entries store their copies as const char *; they are ours to free. */
static void free_owned(const char *s)
{
    free((void *)(uintptr_t)s);
}

static char *dup_str(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

const pa_cat_entry *pa_catalog_add(pa_catalog *project, const pa_cat_entry *e)
{
    if (!e->name || !*e->name)
        return NULL;
    const pa_cat_entry *old = pa_catalog_find_project(project, e->name);
    if (old)
        return old;
    pa_cat_entry *p = pa_array_reserve(project->items, &project->cap, project->count + 1, sizeof *p);
    if (!p)
        return NULL;
    project->items = p;
    pa_cat_entry copy = *e;
    copy.name = dup_str(e->name);
    copy.why = dup_str(e->why);
    if (!copy.name || (e->why && !copy.why) ||
        pa_map_add(&project->index, pa_hash_str(e->name), (intptr_t)project->count) != 0) {
        free_owned(copy.name);
        free_owned(copy.why);
        return NULL;
    }
    if (strstr(copy.name, "::"))
        project->has_qualified = true;
    if (strchr(copy.name, '.'))
        project->has_dotted = true;
    project->items[project->count] = copy;
    return &project->items[project->count++];
}

int pa_catalog_copy(pa_catalog *to, const pa_catalog *from)
{
    for (size_t i = 0; from && i < from->count; i++)
        if (!pa_catalog_add(to, &from->items[i]))
            return -1;
    return 0;
}

void pa_catalog_clear(pa_catalog *project)
{
    if (!project)
        return;
    for (size_t i = 0; i < project->count; i++) {
        free_owned(project->items[i].name);
        free_owned(project->items[i].why);
    }
    free(project->items);
    pa_map_free(&project->index);
    memset(project, 0, sizeof *project);
}

const char *pa_cat_role_name(pa_cat_role role)
{
    static const char *const names[] = {
        [PA_CAT_NONE] = "none",         [PA_CAT_ALLOC] = "allocator",
        [PA_CAT_REALLOC] = "reallocator", [PA_CAT_FREE] = "deallocator",
        [PA_CAT_LOCK] = "lock",         [PA_CAT_TRYLOCK] = "trylock",
        [PA_CAT_UNLOCK] = "unlock",     [PA_CAT_BLOCKING] = "blocking",
    };
    return (unsigned)role < sizeof names / sizeof names[0] ? names[role] : "none";
}
