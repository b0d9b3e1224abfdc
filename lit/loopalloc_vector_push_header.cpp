// loop-alloc (C++): a push_back reached through a header that is neither
// the user's nor the standard library's (a system or third-party header,
// here by #line) between the user's helper and std::vector: the user's
// call into the library is still the user's innermost frame, and push_back's
// capacity check is found under it. Reported (unfiltered, int elements,
// growth inlined).
// RUN: rm -rf %t.d && mkdir -p %t.d && cp %s %t.d/push_header.cpp
// RUN: cd %t.d && %clangxx -O2 -g %pa %pa-remarks -c push_header.cpp -o push_header.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
// CHECK: push_header.cpp:17:5: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
#include <vector>
void use(const void *p, unsigned long n);
#line 1 "/usr/include/thirdparty/collect.h"
namespace tp { inline void collect(std::vector<int> &o, int v) { o.push_back(v); } }
#line 14 "push_header.cpp"
static inline void add(std::vector<int> &o, int v) { tp::collect(o, v * 2); }
void third(const std::vector<int> &in) {
  std::vector<int> out;
  for (int v : in)
    add(out, v);
  use(out.data(), out.size());
}
