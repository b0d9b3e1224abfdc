// loop-alloc (C++): push_back without reserve in a counted loop: the growth
// (operator new inlined from libstdc++) is amortised -> reserve.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// The same from a project under a directory named c++ (only the standard
// library's include/c++ is library code).
// RUN: mkdir -p %t.d/c++/proj && cp %s %t.d/c++/proj/loopalloc_vector_push.cpp
// RUN: cd %t.d/c++/proj && %clangxx -O2 -g %pa %pa-remarks -c loopalloc_vector_push.cpp -o %t.c.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
#include <vector>

void use(const int *p, unsigned long n);

void squares(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; i++)
    v.push_back(i * i);
  // REMARK: loopalloc_vector_push.cpp:[[@LINE-1]]:7: remark: a standard container grows (operator new) inside a loop (depth 1, trip count {{.*}}): ~{{[0-9]+}} reallocations and copies per call of squares(); reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=_Z7squaresi at=loopalloc_vector_push.cpp:[[@LINE-2]]:7 {{.*}}advice=reserve allocator=operator new {{.*}}container=True {{.*}}freed=next-iteration growth=amortised loop_depth=1
  use(v.data(), v.size());
}

// A range of unknown length: the compiler guesses the loop's iterations
// (its header's frequency, ~16 here) and doubling reallocates
// ~floor(log2(16)) + 1 = 5 times, fewer than the growth path's guessed
// frequency (~7: a 50% chance per iteration).
struct item { long key; int v; char pad[28]; };
void values(const std::vector<item> &in) {
  std::vector<item> out;
  for (const item &x : in)
    out.push_back(x);
  // REMARK: loopalloc_vector_push.cpp:[[@LINE-1]]:9: remark: a standard container grows (operator new) inside a loop (depth 1, trip count = the range's length, known before the loop): ~5 reallocations and copies per call of values(); reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=_Z6valuesRKSt6vectorI4itemSaIS0_EE at=loopalloc_vector_push.cpp:[[@LINE-2]]:9 {{.*}}executions_per_call=5 {{.*}}growth=amortised
  use(&out.data()->v, out.size());
}

// A push_back made on some iterations only (a filter) has no final count to
// reserve, also when its growth path is inlined (int elements): the
// capacity check that leads to operator new does not run on every
// iteration. Reported: a branch before the push_back that joins again
// before it (every element is still appended).
void note(int v);
void positives(const std::vector<int> &in) {
  std::vector<int> out;
  for (int v : in)
    if (v > 0)
      out.push_back(v);
  use(out.data(), out.size());
}

void skip_negatives(const std::vector<int> &in) {
  std::vector<int> out;
  for (int v : in) {
    if (v < 0)
      continue;
    out.push_back(v);
  }
  use(out.data(), out.size());
}

void noted(const std::vector<int> &in) {
  std::vector<int> out;
  for (int v : in) {
    if (v < 0)
      note(v);
    out.push_back(v);
    // REMARK: loopalloc_vector_push.cpp:[[@LINE-1]]:9: remark: a standard container grows (operator new) inside a loop (depth 1, trip count = the range's length, known before the loop): {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z5notedRKSt6vectorIiSaIiEE at=loopalloc_vector_push.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve {{.*}}growth=amortised
  }
  use(out.data(), out.size());
}

// Through code of the user's inlined into the loop: a helper that only
// pushes, a lambda given to std::for_each. Reported when nothing filters;
// not when the lambda filters, nor for a filter written by a macro (the
// filter and the push_back then share one line and column: the capacity
// check is told by being library code).
#include <algorithm>
struct Builder {
  std::vector<int> v;
  void add(int x) { v.push_back(x); }
};
void via_member(int n) {
  Builder b;
  for (int i = 0; i < n; i++)
    b.add(i);
  // REMARK: loopalloc_vector_push.cpp:[[@LINE-1]]:7: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=_Z10via_memberi at=loopalloc_vector_push.cpp:[[@LINE-2]]:7 {{.*}}advice=reserve
  use(b.v.data(), b.v.size());
}

void via_lambda(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](int v) { out.push_back(v); });
  // REMARK: loopalloc_vector_push.cpp:[[@LINE-1]]:3: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=_Z10via_lambdaRKSt6vectorIiSaIiEE at=loopalloc_vector_push.cpp:[[@LINE-2]]:3 {{.*}}advice=reserve
  use(out.data(), out.size());
}

void filtered_lambda(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](int v) {
    if (v > 0)
      out.push_back(v);
  });
  use(out.data(), out.size());
}

#define PUSH_IF_POSITIVE(o, v) if ((v) > 0) (o).push_back(v)
void filtered_by_macro(const std::vector<int> &in) {
  std::vector<int> out;
  for (int v : in) {
    PUSH_IF_POSITIVE(out, v);
  }
  use(out.data(), out.size());
}

// A filter inside a standard algorithm: std::copy_if into a back_inserter
// appends on some iterations only, and its test is library code at the
// user's line and column too; it sits outside push_back (fewer inlined
// frames than push_back's own capacity check). Not reported. Reported:
// std::transform into a back_inserter (an element per iteration).
#include <iterator>
void copied_positives(const std::vector<int> &in) {
  std::vector<int> out;
  std::copy_if(in.begin(), in.end(), std::back_inserter(out), [](int v) { return v > 0; });
  use(out.data(), out.size());
}

void transformed(const std::vector<int> &in) {
  std::vector<int> out;
  std::transform(in.begin(), in.end(), std::back_inserter(out), [](int v) { return v * 2; });
  // REMARK: loopalloc_vector_push.cpp:[[@LINE-1]]:3: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=_Z11transformedRKSt6vectorIiSaIiEE at=loopalloc_vector_push.cpp:[[@LINE-2]]:3 {{.*}}advice=reserve
  use(out.data(), out.size());
}
