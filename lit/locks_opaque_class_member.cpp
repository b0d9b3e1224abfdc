// Members of a class this file's debug info only declares. Clang describes
// a class with a vtable only in the file that emits its vtable (its key
// function's file; -fno-standalone-debug is the default), so in every other
// file its members have no names: RocksDB's db_impl_write.cc locks
// `DBImpl::log_write_mutex_` as `param#1+2040`. Such a lock is named by the
// class and the byte offset (`DB::<byte 80>`): one member in every file, so
// two members taken in both orders are an inversion, and the remarks name
// the class. Not an inversion: the same member of two objects (parent and
// child), and members of two derived classes reached through a pointer to
// their declared-only base, past the base's size (they would both have
// been 'Base::<byte 64>'). Also: the messages shorten C++ names as the
// report does.
// RUN: %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// With the whole class described (-fstandalone-debug) the members have names.
// RUN: %clangxx -O2 -g -fstandalone-debug %pa -Rpass-missed=perfadvise-locks -c %s -o %t2.o 2>&1 | FileCheck %s --check-prefix=FULL --implicit-check-not=remark:
#include <mutex>
#include <set>

struct Base {
  virtual ~Base();  // key function elsewhere: Base and DB only declared here
  long pad[7];
};

struct DB : Base {
  long stats[2];
  std::mutex mu_a;
  std::mutex mu_b;
  DB *child;
  int n;
  void AB();
  void BA();
  void Nested();
  int *Grow();
  void Drop(struct Index *e);
};

// Positive 1: mu_a then mu_b here, mu_b then mu_a in BA().
void DB::AB() {
  mu_a.lock();
  // CHECK-DAG: locks_opaque_class_member.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: 'DB::<byte 120>' is acquired while holding 'DB::<byte 80>' here, but DB::BA() acquires 'DB::<byte 80>' while holding 'DB::<byte 120>'
  // FULL-DAG: locks_opaque_class_member.cpp:[[@LINE+1]]:{{[0-9]+}}: remark: 'DB::mu_b' is acquired while holding 'DB::mu_a' here, but DB::BA() acquires 'DB::mu_a' while holding 'DB::mu_b'
  mu_b.lock();
  n++;
  mu_b.unlock();
  mu_a.unlock();
}
void DB::BA() {
  mu_b.lock();
  mu_a.lock();
  n--;
  mu_a.unlock();
  mu_b.unlock();
}

// Negative 1: the same member of two objects.
void DB::Nested() {
  mu_a.lock();
  child->mu_a.lock();
  n++;
  child->mu_a.unlock();
  mu_a.unlock();
}

// Positive 2: the remark names the class.
int *DB::Grow() {
  std::lock_guard<std::mutex> g(mu_a);
  // CHECK-DAG: locks_opaque_class_member.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new[] allocates while holding 'DB::<byte 80>'
  // FULL-DAG: locks_opaque_class_member.cpp:[[@LINE+1]]:{{[0-9]+}}: remark: operator new[] allocates while holding 'DB::mu_a'
  int *p = new int[n];
  return p;
}

// Positive 3: C++ names in the message are shortened as the report shows
// them; the full signatures stay in the JSON.
struct Index {
  std::set<std::pair<int, unsigned long>> files;
  __attribute__((noinline)) void Delete(int level, unsigned long n) { files.emplace(level, n); }
};
void DB::Drop(Index *e) {
  std::lock_guard<std::mutex> g(mu_b);
  // CHECK-DAG: locks_opaque_class_member.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: Index::Delete() allocates (std::set<...>::emplace<...>) while holding 'DB::<byte 120>'
  // FULL-DAG: locks_opaque_class_member.cpp:[[@LINE+1]]:{{[0-9]+}}: remark: Index::Delete() allocates (std::set<...>::emplace<...>) while holding 'DB::mu_b'
  e->Delete(1, n);
}

// Negative 2: past the end of the declared-only base, nothing is named
// by it: two derived classes' locks, taken in opposite orders.
struct D1 : Base { std::mutex a; std::mutex b; int n; };
struct D2 : Base { std::mutex c; std::mutex d; int n; };
void on_d1(Base *o) {
  D1 *x = static_cast<D1 *>(o);
  x->a.lock();
  x->b.lock();
  x->n++;
  x->b.unlock();
  x->a.unlock();
}
void on_d2(Base *o) {
  D2 *x = static_cast<D2 *>(o);
  x->d.lock();
  x->c.lock();
  x->n++;
  x->c.unlock();
  x->d.unlock();
}
