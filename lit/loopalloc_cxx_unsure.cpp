// loop-alloc (C++) shapes where hoisting is not known to help (issue 10
// item 5):
// - std::stable_sort's scratch buffer (stl_tempbuf.h) in a loop: the
//   algorithm's own, no line the user can change to reuse it -> no finding
//   (before: "rebuilt on every iteration of the enclosing loop").
// - a std::string copied per iteration: libstdc++ keeps up to 15 characters
//   in the object (small-string buffer) and the length is not known here, so
//   the finding says confidence low (an analysis remark; the advisor lists it
//   only with --confidence low).
// - an allocation on a path that runs less than once per call by LLVM's
//   static estimate: hoisting would allocate more often -> confidence low.
// Stays a finding (missed remark, no confidence): a std::vector declared in
// the loop body and filled each iteration (hoist and clear()).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

void take(const std::string &s);
void take_v(const std::vector<int> &v);
void use(const int *p, unsigned long n);
int weight(int);

int child(int, int);

// RE2 PrefilterTree::AssignUniqueIds: the vector is hoisted and cleared
// already; std::stable_sort's std::_Temporary_buffer is made per call.
void prune(int n, int m, std::vector<int> *out) {
  std::vector<std::pair<unsigned long, int>> entries;
  for (int i = 0; i < n; i++) {
    entries.clear();
    for (int j = 0; j < m; j++)
      entries.emplace_back((unsigned long)child(i, j), j);
    // REMARK: loopalloc_cxx_unsure.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z5pruneiiPSt6vectorIiSaIiEE at=loopalloc_cxx_unsure.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=reserve
    std::stable_sort(entries.begin(), entries.end());
    for (const auto &p : entries)
      out->push_back(p.second);
  }
}

void copy_names(const std::vector<std::string> &names) {
  for (size_t i = 0; i < names.size(); i++) {
    std::string s = names[i];
    // REMARK: loopalloc_cxx_unsure.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string _M_create) once per iteration{{.*}}[-Rpass-analysis=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z10copy_namesRKSt6vectorINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESaIS5_EE at=loopalloc_cxx_unsure.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist {{.*}}confidence=low
    s[0] = 'x';
    take(s);
  }
}

void rare_scratch(int n, const int *bad) {
  for (int i = 0; i < n; i++) {
    if (__builtin_expect(bad[i] != 0, 0)) {
      int *tmp = new int[64];
      // REMARK: loopalloc_cxx_unsure.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: operator new[](256) runs inside a loop{{.*}}[-Rpass-analysis=perfadvise-loopalloc]
      // JSON: FINDING loop-alloc fn=_Z12rare_scratchiPKi at=loopalloc_cxx_unsure.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}confidence=low
      tmp[0] = weight(i);
      take_v(std::vector<int>(tmp, tmp + 1));
      delete[] tmp;
    }
  }
}

void fill_each(int n) {
  for (int i = 0; i < n; i++) {
    std::vector<int> v;
    for (int j = 0; j < 8; j++)
      v.push_back(weight(j));
    // REMARK: loopalloc_cxx_unsure.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container {{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z9fill_eachi at=loopalloc_cxx_unsure.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist
    use(v.data(), v.size());
  }
}
