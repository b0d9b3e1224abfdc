// C++ lock guards: std::lock_guard / std::unique_lock / std::scoped_lock are
// plain pthread calls at -O2 and guard constructor/destructor calls at -O0,
// recognised through function summaries (not by name). Library idioms stay
// silent: std::scoped_lock of two mutexes (std::lock's trylock back-off),
// std::shared_lock's retry loop, RAII unlocks on exception paths, a
// std::recursive_mutex taken twice (at -O0; -O2 needs the type, see
// locks_cxx_recursive.cpp).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | tee %t0.remarks | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -DNO_RECURSIVE -c %s -o %t2.o 2>&1 | tee %t2.remarks | FileCheck %s --implicit-check-not=remark:
// --implicit-check-not does not look past the first -DAG match: count the
// remarks to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F remark: %t0.remarks | FileCheck %s --check-prefix=COUNT
// RUN: grep -c -F remark: %t2.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}3{{$}}
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <unistd.h>

std::mutex ma, mb, mc, md;
std::shared_mutex sm;
std::recursive_mutex rm;
int x;
__attribute__((noinline)) void may_throw(int v) { if (v < 0) throw std::runtime_error("neg"); x += v; }

// Positive: inversion between lock_guard and unique_lock users (one finding
// per cycle, at its first acquisition).
void ab() {
  std::lock_guard<std::mutex> g(ma);
  // CHECK-DAG: locks_cxx_guards.cpp:[[@LINE+1]]:31: remark: 'mb' is acquired while holding 'ma' here{{.*}}, but ba() acquires 'ma' while holding 'mb'
  std::lock_guard<std::mutex> h(mb);
  x++;
}
void ba() {
  std::unique_lock<std::mutex> g(mb);
  std::lock_guard<std::mutex> h(ma);
  x++;
}

// Positive: blocking call under a guard.
void nap() {
  std::lock_guard<std::mutex> g(mc);
  // CHECK-DAG: locks_cxx_guards.cpp:[[@LINE+1]]:3: remark: sleep() sleeps while holding 'mc'
  sleep(1);
  x++;
}

// Positive: a guard per iteration.
void add_all(const int *v, int n) {
  for (int i = 0; i < n; i++) {
    // CHECK-DAG: locks_cxx_guards.cpp:[[@LINE+1]]:33: remark: 'mc' is locked and unlocked on every iteration of this loop
    std::lock_guard<std::mutex> g(mc);
    x += v[i];
  }
}

// A read-only critical section: recorded for the advisor (lock_sections).
int get() {
  std::lock_guard<std::mutex> g(md);
  return x;
}

// Negative: both mutexes through std::scoped_lock (std::lock back-off).
void both() {
  std::scoped_lock g(ma, mb);
  x++;
}

// Negative: std::shared_lock (retry loop around pthread_rwlock_rdlock).
int shared_get() {
  std::shared_lock<std::shared_mutex> g(sm);
  return x;
}

// Negative: exceptions unwind through the guard's cleanup.
void checked(int v) {
  std::lock_guard<std::mutex> g(mc);
  may_throw(v);
  x++;
}

// Negative: consistent order.
void cd() {
  std::lock_guard<std::mutex> g(mc);
  std::lock_guard<std::mutex> h(md);
  x++;
}
void cd_again() {
  std::unique_lock<std::mutex> g(mc);
  std::lock_guard<std::mutex> h(md);
  x--;
}

#ifndef NO_RECURSIVE
// Negative: a recursive mutex taken twice.
void rec() {
  std::lock_guard<std::recursive_mutex> g(rm);
  std::lock_guard<std::recursive_mutex> h(rm);
  x++;
}
#endif

// JSON-DAG: EDGE ma -> mb fn=_Z2abv {{.*}}via_call=true
// JSON-DAG: SECTION md fn=_Z3getv {{.*}}read_only=1
// JSON-DAG: EDGE mc -> md fn=_Z2cdv {{.*}}via_call=true
// JSON-DAG: SUMMARY _ZNSt10lock_guardISt5mutexEC2ERS0_ {{.*}}leaves_locked=[param#1] locks=[param#1]
// JSON-DAG: SUMMARY _ZNSt10lock_guardISt5mutexED2Ev {{.*}}unlocks=[*(param#0)]
