// loop-alloc negative (C++): std::deque growth and std::set copies run loops
// inside out-of-line standard-library functions (std::_Deque_base::
// _M_create_nodes, _Rb_tree::_M_copy) whose every line is in a libstdc++
// header (new_allocator.h): no line a user can change, so no finding there.
// The true finding nearby: a std::string declared inside the loop body is
// allocated and freed each iteration -> hoist it and clear() it.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <deque>
#include <set>
#include <string>

void use(const int *p, unsigned long n);
void say(const char *s);

std::deque<int> queue_;
void fill_deque(int n) {
  for (int i = 0; i < n; i++)
    queue_.push_back(i);
}

void local_deque(int n) {
  std::deque<long> d;
  for (int i = 0; i < n; i++)
    d.push_back(i);
  use(reinterpret_cast<const int *>(&d.front()), d.size());
}

std::set<unsigned long> live_;
std::set<unsigned long> snapshot() { return live_; }

void greet(const char *const *names, int n) {
  for (int i = 0; i < n; i++) {
    std::string s = "hello there, this is longer than fifteen: ";
    // REMARK: loopalloc_cxx_stdheader.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string _M_create) once per iteration of a loop {{.*}}declare it before the loop and clear() it each iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z5greetPKPKci at=loopalloc_cxx_stdheader.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist
    s += names[i];
    say(s.c_str());
  }
}
