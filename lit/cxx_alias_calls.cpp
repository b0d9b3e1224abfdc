// A constructor or destructor defined out of line in the file is called
// through its complete-object alias (`_ZN5GuardC1ERSt5mutex = alias
// _ZN5GuardC2ERSt5mutex`), not the function itself. The call still reaches
// the function: what a guard's constructor locks and its destructor
// unlocks, and what a constructor allocates, count in the caller (before,
// such calls reached nothing: no lock edge, no allocation under a lock).
// Findings: an inversion through two guards taken in both orders; a buffer
// whose constructor allocates, made under a lock.
// Not reported: one guard alone (its destructor releases the lock, nothing
// is held on return), and two guards always taken in one order.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <cstdlib>
#include <mutex>

struct Guard {
  std::mutex &m;
  explicit Guard(std::mutex &mu);
  ~Guard();
};

__attribute__((noinline)) Guard::Guard(std::mutex &mu) : m(mu) { m.lock(); }
__attribute__((noinline)) Guard::~Guard() { m.unlock(); }

struct Buf {
  char *p;
  explicit Buf(unsigned long n);
  ~Buf();
};

__attribute__((noinline)) Buf::Buf(unsigned long n) { p = (char *)malloc(n); }
__attribute__((noinline)) Buf::~Buf() { free(p); }

std::mutex a, b, c, d;
long g;

// CHECK-DAG: cxx_alias_calls.cpp:[[@LINE+2]]:42: remark: 'b' is acquired while holding 'a' here (inside Guard::Guard()), but take_b_then_a() acquires 'a' while holding 'b'
// JSON-DAG: FINDING lock-order-inversion fn=_Z13take_a_then_bv
void take_a_then_b() { Guard x(a); Guard y(b); g++; }
void take_b_then_a() { Guard y(b); Guard x(a); g--; }

void take_c_then_d() { Guard x(c); Guard y(d); g += 3; }
void take_c_then_d_again() { Guard x(c); Guard y(d); g -= 3; }

void one_guard() { Guard x(a); g += 2; }

long buffer_under_lock(unsigned long n)
{
  Guard x(c);
  // CHECK-DAG: cxx_alias_calls.cpp:[[@LINE+2]]:7: remark: Buf::Buf() allocates (malloc) while holding 'c'
  // JSON-DAG: FINDING alloc-under-lock fn=_Z17buffer_under_lockm
  Buf b(n);
  return b.p ? b.p[0] : 0;
}
