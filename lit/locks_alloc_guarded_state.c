// alloc-under-lock where moving the allocation out of the critical section
// is not the fix, so the finding is unsure (confidence low, hidden from the
// default report):
// - the allocation grows the shared array the lock guards (its old block or
//   its size is read under the lock: SQLite sqlite3_auto_extension);
// - it is made only when state read under the lock says so (lazy creation
//   of a shared object: `if (inode->shm == NULL) inode->shm = malloc(..)`);
// - the callee tears down its argument (frees it) and allocates only on a
//   path of that teardown (SQLite sqlite3VdbeDelete -> ... -> hash insert);
// - the callee builds its result from the object whose lock is held (SQLite
//   sqlite3_expanded_sql -> sqlite3VdbeExpandSql).
// Remarks are printed for the sure ones only. Still sure (confidence high/medium): an unconditional allocation of a new
// node whose size the caller knows before locking, and a callee that
// allocates on its normal path.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t ext_mu = PTHREAD_MUTEX_INITIALIZER;
static struct { int n; void (**fns)(void); } ext;

int auto_extension(void (*fn)(void)) {
    int rc = 0;
    pthread_mutex_lock(&ext_mu);
    int i;
    for (i = 0; i < ext.n && ext.fns[i] != fn; i++) {
    }
    if (i == ext.n) {
        void (**a)(void) = realloc(ext.fns, (size_t)(ext.n + 1) * sizeof *a);
        // JSON: FINDING alloc-under-lock fn=auto_extension {{.*}}confidence=low
        if (a) {
            ext.fns = a;
            ext.fns[ext.n++] = fn;
        } else {
            rc = 7;
        }
    }
    pthread_mutex_unlock(&ext_mu);
    return rc;
}

struct shm { int refs; char name[32]; };
struct inode { pthread_mutex_t mu; struct shm *shm; int nref; };

struct shm *open_shm(struct inode *in) {
    pthread_mutex_lock(&in->mu);
    struct shm *s = in->shm;
    if (s == NULL) {
        s = malloc(sizeof *s);
        // JSON: FINDING alloc-under-lock fn=open_shm {{.*}}confidence=low
        if (s) {
            memset(s, 0, sizeof *s);
            in->shm = s;
        }
    }
    if (s)
        s->refs++;
    pthread_mutex_unlock(&in->mu);
    return s;
}

struct node { struct node *next; long key; char *val; };
struct list { pthread_mutex_t mu; struct node *head; long n; };

void push(struct list *l, long key) {
    pthread_mutex_lock(&l->mu);
    struct node *nd = malloc(sizeof *nd);
    // CHECK: locks_alloc_guarded_state.c:[[@LINE-1]]:23: remark: malloc allocates while holding 'list::mu'
    // JSON: FINDING alloc-under-lock fn=push {{.*}}confidence=high
    if (nd) {
        nd->key = key;
        nd->val = NULL;
        nd->next = l->head;
        l->head = nd;
        l->n++;
    }
    pthread_mutex_unlock(&l->mu);
}

/* A hash table whose insert with a NULL value removes the key. */
struct table { struct node *slot[64]; };
__attribute__((noinline)) static void table_set(struct table *t, long key, char *val) {
    struct node **pp = &t->slot[key & 63];
    while (*pp && (*pp)->key != key)
        pp = &(*pp)->next;
    if (*pp) {
        if (val) {
            (*pp)->val = val;
        } else {
            struct node *dead = *pp;
            *pp = dead->next;
            free(dead);
        }
        return;
    }
    if (!val)
        return;
    struct node *nd = malloc(sizeof *nd);
    if (nd) {
        nd->key = key;
        nd->val = val;
        nd->next = t->slot[key & 63];
        t->slot[key & 63] = nd;
    }
}

struct fkey { struct fkey *next; struct fkey *next_to; long to; };
struct tab { struct table *hash; struct fkey *fk; };

__attribute__((noinline)) static void tab_delete(struct tab *t) {
    struct fkey *next;
    for (struct fkey *f = t->fk; f; f = next) {
        next = f->next;
        table_set(t->hash, f->to, f->next_to ? (char *)f->next_to : NULL);
        free(f);
    }
    free(t);
}

struct conn { pthread_mutex_t mu; struct tab *tabs[8]; long used; };

long conn_drop(struct conn *c, struct tab *t) {
    pthread_mutex_lock(&c->mu);
    tab_delete(t);
    // JSON: FINDING alloc-under-lock fn=conn_drop {{.*}}confidence=low
    long u = --c->used;
    pthread_mutex_unlock(&c->mu);
    return u;
}

__attribute__((noinline)) static void tab_add(struct tab *t, long to) {
    struct fkey *f = malloc(sizeof *f);
    if (!f)
        return;
    f->to = to;
    f->next_to = NULL;
    f->next = t->fk;
    t->fk = f;
}

void conn_add(struct conn *c, struct tab *t, long to) {
    pthread_mutex_lock(&c->mu);
    tab_add(t, to);
    // CHECK: locks_alloc_guarded_state.c:[[@LINE-1]]:5: remark: tab_add() allocates (malloc) while holding 'conn::mu'
    // JSON: FINDING alloc-under-lock fn=conn_add {{.*}}confidence=medium
    c->used++;
    pthread_mutex_unlock(&c->mu);
}

struct stmt { struct conn *db; char **vars; int nvars; };

__attribute__((noinline)) static char *expand_sql(struct stmt *p) {
    size_t len = 1;
    for (int i = 0; i < p->nvars; i++)
        len += strlen(p->vars[i]) + 1;
    char *out = malloc(len);
    if (!out)
        return NULL;
    out[0] = 0;
    for (int i = 0; i < p->nvars; i++) {
        strcat(out, p->vars[i]);
        strcat(out, " ");
    }
    return out;
}

char *expanded_sql(struct stmt *p) {
    pthread_mutex_lock(&p->db->mu);
    char *z = expand_sql(p);
    // JSON: FINDING alloc-under-lock fn=expanded_sql {{.*}}confidence=low
    pthread_mutex_unlock(&p->db->mu);
    return z;
}
