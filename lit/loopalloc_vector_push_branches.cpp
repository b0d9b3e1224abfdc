// loop-alloc (C++): a push_back in each arm of an if/else pushes once per
// iteration as surely as one push_back in the loop body: the final size is
// the loop's count, known before it -> reserve, one finding for the vector
// (at its first push_back). Negatives: an arm that pushes nothing (a
// filter), arms that push to two different vectors (two locals, the two
// fields of a std::pair, two locals swapped after the arms), an arm that
// leaves the iteration early with `continue`; and an if/else followed by an
// unconditional push_back is that push_back's one finding.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// RUN: %clangxx -O1 -g %pa %pa-remarks -c %s -o %t1.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %clangxx -O2 -fno-exceptions -g %pa %pa-remarks -c %s -o %t2.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
#include <string>
#include <utility>
#include <vector>

void use(const int *p, unsigned long n);
void use_s(const std::string *p, unsigned long n);

// The finding: inlined growth (int elements).
void both_arms(const std::vector<int> &in) {
  std::vector<int> out;
  for (int x : in) {
    if (x > 0)
      out.push_back(x);
    // REMARK: loopalloc_vector_push_branches.cpp:[[@LINE-1]]:11: remark: a standard container grows (operator new) inside a loop (depth 1, trip count = the range's length, known before the loop): {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z9both_armsRKSt6vectorIiSaIiEE at=loopalloc_vector_push_branches.cpp:[[@LINE-2]]:11 {{.*}}advice=reserve
    else
      out.push_back(-x);
  }
  use(out.data(), out.size());
}

// The finding: three arms, out-of-line growth (std::string elements).
void three_arms(const std::vector<int> &in) {
  std::vector<std::string> out;
  for (int x : in) {
    if (x > 0)
      out.push_back("positive");
    // REMARK: loopalloc_vector_push_branches.cpp:[[@LINE-1]]:11: remark: a standard container grows (std::vector::{{.*}}) inside a loop (depth 1, trip count = the range's length, known before the loop): {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z10three_armsRKSt6vectorIiSaIiEE at=loopalloc_vector_push_branches.cpp:[[@LINE-2]]:11 {{.*}}advice=reserve
    else if (x < 0)
      out.push_back("negative");
    else
      out.push_back("zero");
  }
  use_s(out.data(), out.size());
}

// Negative: a filter, some iterations push nothing.
void filter(const std::vector<int> &in) {
  std::vector<int> out;
  for (int x : in) {
    if (x > 0)
      out.push_back(x);
  }
  use(out.data(), out.size());
}

// Negative: each arm grows its own vector.
void split(const std::vector<int> &in) {
  std::vector<int> pos, neg;
  for (int x : in) {
    if (x > 0)
      pos.push_back(x);
    else
      neg.push_back(x);
  }
  use(pos.data(), pos.size());
  use(neg.data(), neg.size());
}

// Negative: one arm skips the rest of the iteration.
void skip(const std::vector<int> &in) {
  std::vector<int> out;
  for (int x : in) {
    if (x == 0)
      continue;
    if (x > 0)
      out.push_back(x);
    else if (x < -100)
      out.push_back(-x);
  }
  use(out.data(), out.size());
}

// Negative: two vectors, the two fields of one local object.
void pair_fields(const std::vector<int> &in) {
  std::pair<std::vector<std::string>, std::vector<std::string>> p;
  for (int x : in) {
    if (x > 0)
      p.first.push_back("a");
    else
      p.second.push_back("b");
  }
  use_s(p.first.data(), p.first.size());
  use_s(p.second.data(), p.second.size());
}

// Negative: two vectors kept in registers, swapped after the arms.
void balance(const std::vector<int> &in) {
  std::vector<int> a, b;
  for (int x : in) {
    if (x > 0)
      a.push_back(x);
    else
      b.push_back(x);
    if (a.size() > b.size())
      std::swap(a, b);
  }
  use(a.data(), a.size());
  use(b.data(), b.size());
}

// One finding: the push_back made on every iteration.
void then_always(const std::vector<int> &in) {
  std::vector<int> out;
  for (int x : in) {
    if (x > 0)
      out.push_back(x);
    else
      out.push_back(-x);
    out.push_back(0);
    // REMARK: loopalloc_vector_push_branches.cpp:[[@LINE-1]]:9: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z11then_alwaysRKSt6vectorIiSaIiEE at=loopalloc_vector_push_branches.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve
  }
  use(out.data(), out.size());
}
