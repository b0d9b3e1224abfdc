// A std::recursive_mutex taken twice is not a double lock. At -O0 the
// catalogue's recursive_mutex::lock entry says so; at -O2 the calls are
// plain pthread_mutex_lock(&rm): the extractor marks the class recursive from
// the variable's debug type (class recursive_mutex) or, without -g, from its
// initializer (PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP sets the mutex kind).
// RUN: %clangxx -O2 %pa -Rpass-missed=perfadvise-locks -c %s -o %t3.o 2>&1 | FileCheck %s --allow-empty --implicit-check-not=remark:
// RUN: %clangxx -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | FileCheck %s --allow-empty --implicit-check-not=remark:
// RUN: %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t2.o 2>&1 | FileCheck %s --allow-empty --implicit-check-not=remark:
#include <mutex>

std::recursive_mutex rm;
int x;
void inner() { std::lock_guard<std::recursive_mutex> g(rm); x++; }
void outer() {
  std::lock_guard<std::recursive_mutex> g(rm);
  std::lock_guard<std::recursive_mutex> h(rm);
  x++;
}
