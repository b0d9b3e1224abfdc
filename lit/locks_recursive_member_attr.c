// A member mutex made recursive by its attribute where the object is set
// up (`pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE)` then
// `pthread_mutex_init(&db->mutex, &a)` in conn_init(db)) is recursive for
// every object of the type: a function holding it that calls one taking it
// again re-enters it, no double lock (it was one at the top of the
// advisor's report for lit/advisor_cross_tu_api_lock.c). Still double
// locks: a member whose init takes no such attribute (plain::mutex), one
// whose attribute is made recursive only under a flag (flagged::mutex), and
// one of a type that another init sets up plain (mixed::mutex): only when
// every init of the member makes it recursive is it so. Error checks
// between the attribute and the init (checked::mutex) keep it recursive.
// RUN: %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// CHECK-DAG: remark: prepare_plain() locks 'plain::mutex', which is already held here
// CHECK-DAG: remark: bump_flagged() locks 'flagged::mutex', which is already held here
// CHECK-DAG: remark: bump_mixed() locks 'mixed::mutex', which is already held here
#include <pthread.h>

struct conn {
    pthread_mutex_t mutex;
    int n;
};
struct plain {
    pthread_mutex_t mutex;
    int n;
};

void conn_init(struct conn *db)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&db->mutex, &a);
    pthread_mutexattr_destroy(&a);
}

void plain_init(struct plain *p)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutex_init(&p->mutex, &a);
    pthread_mutexattr_destroy(&a);
}

__attribute__((noinline)) static void prepare(struct conn *db)
{
    pthread_mutex_lock(&db->mutex);
    db->n++;
    pthread_mutex_unlock(&db->mutex);
}

void exec_sql(struct conn *db)
{
    pthread_mutex_lock(&db->mutex);
    prepare(db);
    pthread_mutex_unlock(&db->mutex);
}

__attribute__((noinline)) static void prepare_plain(struct plain *p)
{
    pthread_mutex_lock(&p->mutex);
    p->n++;
    pthread_mutex_unlock(&p->mutex);
}

void exec_plain(struct plain *p)
{
    pthread_mutex_lock(&p->mutex);
    prepare_plain(p);
    pthread_mutex_unlock(&p->mutex);
}

struct flagged {
    pthread_mutex_t mutex;
    int n;
};

void flagged_init(struct flagged *o, int recursive)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    if (recursive)
        pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&o->mutex, &a);
    pthread_mutexattr_destroy(&a);
}

__attribute__((noinline)) static void bump_flagged(struct flagged *o)
{
    pthread_mutex_lock(&o->mutex);
    o->n++;
    pthread_mutex_unlock(&o->mutex);
}

void flagged_twice(struct flagged *o)
{
    pthread_mutex_lock(&o->mutex);
    bump_flagged(o);
    pthread_mutex_unlock(&o->mutex);
}

struct mixed {
    pthread_mutex_t mutex;
    int n;
};

void mixed_init_shared(struct mixed *o)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&o->mutex, &a);
    pthread_mutexattr_destroy(&a);
}

void mixed_init(struct mixed *o)
{
    pthread_mutex_init(&o->mutex, NULL);
}

__attribute__((noinline)) static void bump_mixed(struct mixed *o)
{
    pthread_mutex_lock(&o->mutex);
    o->n++;
    pthread_mutex_unlock(&o->mutex);
}

void mixed_twice(struct mixed *o)
{
    pthread_mutex_lock(&o->mutex);
    bump_mixed(o);
    pthread_mutex_unlock(&o->mutex);
}

struct checked {
    pthread_mutex_t mutex;
    int n;
};

int checked_init(struct checked *o)
{
    pthread_mutexattr_t a;
    if (pthread_mutexattr_init(&a))
        return -1;
    if (pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE))
        return -1;
    return pthread_mutex_init(&o->mutex, &a);
}

__attribute__((noinline)) static void bump_checked(struct checked *o)
{
    pthread_mutex_lock(&o->mutex);
    o->n++;
    pthread_mutex_unlock(&o->mutex);
}

void checked_twice(struct checked *o)
{
    pthread_mutex_lock(&o->mutex);
    bump_checked(o);
    pthread_mutex_unlock(&o->mutex);
}
