// member_names lists a member lock's byte offset in its class (what files
// that only declare the class call it). A project lock taken through a
// handle loaded from a member (`my_lock(mu)`, `Mutex *mu` in DB) is named
// after that member, but its offset is the handle's own (0), not the
// member's: no entry for it, rather than a wrong one. A mutex held in the
// class itself is listed at its offset.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: printf 'lock my_lock arg=0\nunlock my_unlock arg=0\n' > %t.d/.perfadvise
// RUN: env PERFADVISE_CONFIG=%t.d/.perfadvise PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s --implicit-check-not=MEMBER_NAME
// CHECK: SECTION DB::mu fn=_ZN2DB5FlushEv
// CHECK: MEMBER_NAME DB::<byte 96> -> DB::own_mu
#include <pthread.h>

struct Mutex;
extern "C" void my_lock(Mutex *);
extern "C" void my_unlock(Mutex *);

struct DB {
  virtual ~DB();
  long stats[10];
  Mutex *mu;
  pthread_mutex_t own_mu;
  int pending;
  void Flush();
  void Drain();
};

DB::~DB() {}
void DB::Flush() {
  my_lock(mu);
  pending = 0;
  my_unlock(mu);
}
void DB::Drain() {
  pthread_mutex_lock(&own_mu);
  pending = 0;
  pthread_mutex_unlock(&own_mu);
}
