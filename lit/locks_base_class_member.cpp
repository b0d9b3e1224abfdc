// A mutex declared in a base class and locked in a derived class's method
// is the base's member: named as the base's own methods name it
// ('Index::lock'), not by the derived object's offset ('param#0+168', as
// DuckDB's ART locked BoundIndex::lock). One lock, one name: an order
// taken in the base's method and the reverse taken in the derived one is
// an inversion.
// Not reported: a mutex the derived class declares itself keeps its own
// name and is another lock (no inversion with the base's).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <cstdlib>
#include <mutex>

std::mutex registry_mu;
long registered;

struct Index {
  virtual ~Index();
  long pad[20];
  std::mutex lock;
  char *buf = nullptr;
  void Register();
};

struct ART : Index {
  long more[3];
  std::mutex own_lock;
  virtual void Key();
  void Unregister();
  void Check(unsigned long n);
  void Touch();
};

Index::~Index() {}
void ART::Key() {}

// CHECK-DAG: locks_base_class_member.cpp:[[@LINE+4]]:31: remark: 'registry_mu' is acquired while holding 'Index::lock' here {{.*}}but ART::Unregister() acquires 'Index::lock' while holding 'registry_mu'
// JSON-DAG: FINDING lock-order-inversion fn=_ZN5Index8RegisterEv
void Index::Register() {
  std::lock_guard<std::mutex> l(lock);
  std::lock_guard<std::mutex> r(registry_mu);
  registered++;
}

void ART::Unregister() {
  std::lock_guard<std::mutex> r(registry_mu);
  std::lock_guard<std::mutex> l(lock);
  registered--;
}

void ART::Check(unsigned long n) {
  std::lock_guard<std::mutex> l(lock);
  // CHECK-DAG: locks_base_class_member.cpp:[[@LINE+1]]:17: remark: malloc allocates while holding 'Index::lock'
  buf = (char *)malloc(n);
}

// The derived class's own mutex, taken the other way round with the
// registry's: no cycle with Index::lock.
void ART::Touch() {
  std::lock_guard<std::mutex> r(registry_mu);
  std::lock_guard<std::mutex> o(own_lock);
  registered += 2;
}
