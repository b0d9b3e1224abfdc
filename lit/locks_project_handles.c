// Project locks over opaque handles (docs/config.md; SQLite's
// sqlite3_mutex_enter(db->mutex)), two shapes that are not lost locks:
// - a function called with the lock held that drops it around slow work and
//   takes it back, the handle reloaded from a global after the call
//   (sqlite3MallocAlarm: mem0.mutex): one lock however often it is loaded;
// - an acquire-on-success helper: it returns 0 holding the lock and a
//   non-zero error code having released it, and its callers test the result
//   (vdbeUnbind and sqlite3_bind_*).
// Still reported: a helper that returns 0 on a path that released the lock
// too, so the result does not tell the caller whether it holds it.
// Handles are named by where they are kept ('*mem0.mutex', 'db::mutex'),
// not by the first member of the handle's type.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d PERFADVISE_CONFIG=%S/Inputs/config/handles.perfadvise %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <stddef.h>

typedef struct mx {
    int kind;
} mx;
struct cfg {
    void (*xEnter)(mx *);
    void (*xLeave)(mx *);
};
extern struct cfg gcfg;
void mx_enter(mx *p) {
    if (p)
        gcfg.xEnter(p);
}
void mx_leave(mx *p) {
    if (p)
        gcfg.xLeave(p);
}

void release_memory(int n);
void *raw_malloc(long n);

static struct {
    long threshold;
    mx *mutex;
    long used;
} mem0;
// SQLite's Mem0Global keeps the handle first: the global is its home.
static struct {
    mx *mutex;
    long threshold;
} pcache;
static void pcache_alarm(int n) {
    if (pcache.threshold <= 0)
        return;
    mx_leave(pcache.mutex);
    release_memory(n);
    mx_enter(pcache.mutex);
}
void *pcache_malloc(int n) {
    mx_enter(pcache.mutex);
    pcache_alarm(n);
    void *p = raw_malloc(n);
    mx_leave(pcache.mutex);
    return p;
}

static void malloc_alarm(int n) {
    if (mem0.threshold <= 0)
        return;
    mx_leave(mem0.mutex);
    release_memory(n);
    mx_enter(mem0.mutex);
}

void *my_malloc(int n) {
    mx_enter(mem0.mutex);
    if (mem0.used + n > mem0.threshold)
        malloc_alarm(n);
    void *p = raw_malloc(n);
    mem0.used += n;
    mx_leave(mem0.mutex);
    return p;
}

struct db {
    mx *mutex;
    int err;
};
struct stmt {
    struct db *db;
    int state;
    unsigned n;
    int *vars;
};
int misuse_error(int line);
void set_error(struct db *, int);

__attribute__((noinline)) static int unbind(struct stmt *p, unsigned i) {
    mx_enter(p->db->mutex);
    if (p->state != 1) {
        set_error(p->db, 21);
        mx_leave(p->db->mutex);
        return misuse_error(__LINE__);
    }
    if (i >= p->n) {
        set_error(p->db, 25);
        mx_leave(p->db->mutex);
        return 25;
    }
    p->vars[i] = 0;
    return 0;
}

int bind_int(struct stmt *p, unsigned i, int v) {
    int rc = unbind(p, i);
    if (rc == 0) {
        p->vars[i] = v;
        mx_leave(p->db->mutex);
    }
    return rc;
}

// Returns 0 both holding the lock and having dropped it.
static int unbind_ambiguous(struct stmt *p, unsigned i) {
    mx_enter(p->db->mutex);
    // CHECK: locks_project_handles.c:[[@LINE-1]]:5: remark: unbind_ambiguous() can return with 'db::mutex' still locked
    if (i >= p->n) {
        mx_leave(p->db->mutex);
        return 0;
    }
    p->vars[i] = 0;
    return 0;
}

int bind_ambiguous(struct stmt *p, unsigned i, int v) {
    int rc = unbind_ambiguous(p, i);
    p->vars[i] = v;
    return rc;
}

// The caller branches straight into the shared return on the error result
// (SQLite sqlite3_bind_double): that edge does not hold the lock.
int bind_null(struct stmt *p, unsigned i) {
    int rc = unbind(p, i);
    if (rc == 0)
        mx_leave(p->db->mutex);
    return rc;
}

// The same through an opaque handle type (SQLite's sqlite3_stmt): the
// caller cannot name the lock it releases; it is the one it holds.
typedef struct opaque_stmt opaque_stmt;
int bind_opaque(opaque_stmt *ps, unsigned i) {
    struct stmt *p = (struct stmt *)ps;
    int rc = unbind(p, i);
    if (rc == 0)
        mx_leave(p->db->mutex);
    return rc;
}

// Mutexes handed out by a getter with a constant id (SQLite's
// sqlite3MutexAlloc(SQLITE_MUTEX_STATIC_VFS1)) are one lock per id, not one
// lock for all: taking two of them in both orders in different functions
// is no cycle unless the ids match.
mx *mutex_alloc(int id);
void vfs_then_mem(void) {
    mx *vfs = mutex_alloc(11);
    mx_enter(vfs);
    mx *mem = mutex_alloc(3);
    mx_enter(mem);
    mx_leave(mem);
    mx_leave(vfs);
}
void prng_then_main(void) {
    mx *prng = mutex_alloc(5);
    mx_enter(prng);
    mx *main_mx = mutex_alloc(2);
    mx_enter(main_mx);
    mx_leave(main_mx);
    mx_leave(prng);
}
void main_then_vfs(void) {
    mx *main_mx = mutex_alloc(2);
    mx_enter(main_mx);
    mx *vfs = mutex_alloc(11);
    mx_enter(vfs);
    // CHECK: locks_project_handles.c:[[@LINE-1]]:5: remark: 'mutex_alloc(11)' is acquired while holding 'mutex_alloc(2)' here, but vfs_then_main() acquires 'mutex_alloc(2)' while holding 'mutex_alloc(11)'
    mx_leave(vfs);
    mx_leave(main_mx);
}
// Same ids in both orders: a real inversion.
void vfs_then_main(void) {
    mx *vfs = mutex_alloc(11);
    mx_enter(vfs);
    mx *main_mx = mutex_alloc(2);
    mx_enter(main_mx);
    mx_leave(main_mx);
    mx_leave(vfs);
}
