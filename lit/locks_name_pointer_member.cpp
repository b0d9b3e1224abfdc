// A mutex kept apart from the object that uses it, behind a pointer
// member (C's `pthread_mutex_t *mutex`, a `std::mutex &` member), is shown
// in the message by the member it is reached through, 'conn::mutex', where
// it was '*(param#0+8)', a name no reader can check. The name is only shown: the lock is still the one its
// parameter points to (its callers' arguments name it there, and the
// findings file's structured names, which the advisor joins across files,
// stay parameter-relative: FILE lines).
// - the whole path inside nested structs, the base class that declares
//   the member, and in a caller that locks through a function taking the
//   object, the member that function loads the pointer from;
// - a member of a standard-library class (a guard's `_M_device`) names no
//   lock of the project's: a unique_lock handed in by reference keeps its
//   parameter-relative name; nor does one pointer of an array of them, or
//   a pointer the caller stored into the object it hands on;
// - a lock named by its own member is named as before.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=FILE
#include <mutex>
#include <pthread.h>

void consume(void *);

namespace app {
struct Set {
    std::mutex &catalog_lock;
    explicit Set(std::mutex &m) : catalog_lock(m) {}
    void add(int x);
};
struct Own {
    std::mutex own_lock;
    void add(int x);
};

// CHECK-DAG: locks_name_pointer_member.cpp:[[@LINE+3]]:{{[0-9]+}}: remark: operator new allocates while holding 'app::Set::catalog_lock'
void Set::add(int x) {
    std::lock_guard<std::mutex> g(catalog_lock);
    consume(new int(x));
}

// CHECK-DAG: locks_name_pointer_member.cpp:[[@LINE+3]]:{{[0-9]+}}: remark: operator new allocates while holding 'app::Own::own_lock'
void Own::add(int x) {
    std::lock_guard<std::mutex> g(own_lock);
    consume(new int(x));
}
// A member a base class declares is named by that class, as the base's
// own methods name it.
struct Base {
    std::mutex &base_lock;
    explicit Base(std::mutex &m) : base_lock(m) {}
};
struct Derived : Base {
    int n = 0;
    explicit Derived(std::mutex &m) : Base(m) {}
    void add(int x);
};

// CHECK-DAG: locks_name_pointer_member.cpp:[[@LINE+3]]:{{[0-9]+}}: remark: operator new allocates while holding 'app::Base::base_lock'
void Derived::add(int x) {
    std::lock_guard<std::mutex> g(base_lock);
    consume(new int(x + n));
}

// Their constructors are emitted here, so their members are described
// here (clang describes a class where its constructor is emitted).
Set *make_set(std::mutex &m) { return new Set(m); }
Derived *make_derived(std::mutex &m) { return new Derived(m); }
} // namespace app

struct conn {
    int fd;
    pthread_mutex_t *mutex;
};

// CHECK-DAG: locks_name_pointer_member.cpp:[[@LINE+3]]:{{[0-9]+}}: remark: operator new allocates while holding 'conn::mutex'
extern "C" void conn_put(conn *c, int x) {
    pthread_mutex_lock(c->mutex);
    consume(new int(x));
    pthread_mutex_unlock(c->mutex);
}

// A caller that locks through a function taking the object shows the
// member that function loads the pointer from (the same memory, seen from
// the caller); not where the caller stored another member's pointer there.
extern "C" __attribute__((noinline)) void conn_enter(conn *c) { pthread_mutex_lock(c->mutex); }
extern "C" __attribute__((noinline)) void conn_leave(conn *c) { pthread_mutex_unlock(c->mutex); }

// CHECK-DAG: locks_name_pointer_member.cpp:[[@LINE+3]]:{{[0-9]+}}: remark: operator new allocates while holding 'conn::mutex'
extern "C" void conn_put_through(conn *c, int x) {
    conn_enter(c);
    consume(new int(x));
    conn_leave(c);
}

struct pool {
    int n;
    pthread_mutex_t *pool_lock;
};

// CHECK-DAG: locks_name_pointer_member.cpp:[[@LINE+4]]:{{[0-9]+}}: remark: operator new allocates while holding '*(param#0+8)'
extern "C" void pool_put(pool *p, int x) {
    conn tmp = {0, p->pool_lock};
    conn_enter(&tmp);
    consume(new int(x));
    conn_leave(&tmp);
}

// A pointer inside a struct member is shown by its whole path; one of an
// array of pointers has no member of its own.
struct pair {
    pthread_mutex_t *first;
    pthread_mutex_t *second;
};
struct holder {
    int fd;
    struct pair locks;
    pthread_mutex_t *shards[2];
};

// CHECK-DAG: locks_name_pointer_member.cpp:[[@LINE+3]]:{{[0-9]+}}: remark: operator new allocates while holding 'holder::locks.first'
extern "C" void holder_put(holder *h, int x) {
    pthread_mutex_lock(h->locks.first);
    consume(new int(x));
    pthread_mutex_unlock(h->locks.first);
}

// CHECK-DAG: locks_name_pointer_member.cpp:[[@LINE+3]]:{{[0-9]+}}: remark: operator new allocates while holding '*(param#0+24)'
extern "C" void holder_shard_put(holder *h, int x) {
    pthread_mutex_lock(h->shards[0]);
    consume(new int(x));
    pthread_mutex_unlock(h->shards[0]);
}

// The guard handed in holds a mutex its caller chose: no member of the
// project's names it.
// CHECK-DAG: locks_name_pointer_member.cpp:[[@LINE+3]]:{{[0-9]+}}: remark: operator new allocates while holding '*(param#0)'
void relock(std::unique_lock<std::mutex> &held, int x) {
    std::lock_guard<std::mutex> g(*held.mutex());
    consume(new int(x));
}

// The structured names stay the parameter-relative ones.
// FILE-DAG: FINDING alloc-under-lock fn=conn_put {{.*}}held=[*(param#0+8)]
// FILE-DAG: FINDING alloc-under-lock fn=_ZN3app3Set3addEi {{.*}}held=[*(param#0)]
