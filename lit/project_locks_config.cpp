// C++ functions named in the configuration file by their qualified name
// (demo::port::Mutex::Lock, `this` is argument 0) are lock primitives and
// allocators: a non-inline Mutex::Lock/Unlock pair in a loop is a lock taken
// on every iteration (LevelDB's port::Mutex). Without the file it is an
// unknown call and nothing is reported.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d PERFADVISE_CONFIG=%S/Inputs/config/cxx.perfadvise %clangxx -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// --implicit-check-not does not look past the first -DAG match: count the
// remarks to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}2{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: env PERFADVISE_CONFIG=none %clangxx -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty
// NONE-NOT: remark:
#include <cstddef>

namespace demo {
namespace port {
class Mutex {
public:
  void Lock();
  void Unlock();
};
} // namespace port
class Arena {
public:
  char *AllocateFresh(std::size_t n);
  void Release(char *p);
};
} // namespace demo

void emit(const char *p);

struct Table {
  demo::port::Mutex mu;
  long hits;
};

void count(Table *t, int n) {
  for (int i = 0; i < n; i++) {
    // CHECK-DAG: project_locks_config.cpp:[[@LINE+1]]:11: remark: {{.*}} is locked and unlocked on every iteration of this loop
    t->mu.Lock();
    t->hits++;
    t->mu.Unlock();
  }
}
// JSON: FINDING lock-in-loop fn=_Z5countP5Tablei {{.*}}lock_class=Table::mu

void fill(demo::Arena *a, int n) {
  for (int i = 0; i < n; i++) {
    char *p = a->AllocateFresh(32);
    // CHECK-DAG: project_locks_config.cpp:[[@LINE-1]]:18: remark: {{.*}}AllocateFresh{{.*}}(32) runs once per iteration of a loop
    emit(p);
    a->Release(p);
  }
}

// Negative: the lock held around the loop.
void count_once(Table *t, int n) {
  t->mu.Lock();
  for (int i = 0; i < n; i++)
    t->hits++;
  t->mu.Unlock();
}
