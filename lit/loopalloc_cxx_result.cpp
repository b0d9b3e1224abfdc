// loop-alloc (C++): the true reserve shapes stay reported whatever holds the
// vector: a local kept in memory (its address passed on), and a local the
// function returns (built in the caller's sret slot, emptied here first,
// so nothing was reserved before). A vector declared inside the outer loop
// is rebuilt each outer iteration -> hoist. Not reported: push_back after
// reserve(n) into a caller's vector, a vector declared before the loop and
// clear()ed each iteration (its capacity is already reused).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <vector>

void use(const int *p, unsigned long n);
void keep(std::vector<int> &v);

void squares_mem(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; i++)
    v.push_back(i * i);
  // REMARK: loopalloc_cxx_result.cpp:[[@LINE-1]]:7: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=_Z11squares_memi at=loopalloc_cxx_result.cpp:[[@LINE-2]]:7 {{.*}}advice=reserve
  keep(v);
}

std::vector<int> squares_ret(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; i++)
    v.push_back(i * i);
  // REMARK: loopalloc_cxx_result.cpp:[[@LINE-1]]:7: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=_Z11squares_reti at=loopalloc_cxx_result.cpp:[[@LINE-2]]:7 {{.*}}advice=reserve
  return v;
}

void rows(int n, int m) {
  for (int i = 0; i < n; i++) {
    std::vector<int> row;
    for (int j = 0; j < m; j++)
      row.push_back(j);
    // REMARK: loopalloc_cxx_result.cpp:[[@LINE-1]]:11: remark: a standard container allocates (operator new) in a loop (depth 2, {{.*}}declare it before the outer loop and clear() it each iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z4rowsii at=loopalloc_cxx_result.cpp:[[@LINE-2]]:11 {{.*}}advice=hoist
    use(row.data(), row.size());
  }
}

void reserved_param(std::vector<int> *out, int n) {
  out->reserve(out->size() + n);
  for (int i = 0; i < n; i++)
    out->push_back(i);
}

void levels(const std::vector<std::vector<int>> &in) {
  std::vector<int> tmp;
  for (std::size_t i = 0; i < in.size(); i++) {
    tmp.clear();
    for (std::size_t j = 0; j < in[i].size(); j++)
      tmp.push_back(in[i][j]);
    use(tmp.data(), tmp.size());
  }
}
