// loop-alloc (C++): a push_back loop over indices whose bound is another
// vector's size() (`for (j = 0; j < in.size(); j++) ids.push_back(...)`).
// At -O2 the bound is `in`'s end - begin, loaded before the loop and loaded
// again after each reallocation (operator delete may, for all LLVM knows,
// write `in`), so ScalarEvolution gives the loop no count. When the loop's
// only stores go to the vector it fills (its fresh buffer, its own fields)
// and it calls nothing else that is handed `in`, the size it reads is the
// same on every trip: the final count is known before the loop, reserve()
// it (clang-tidy's performance-inefficient-vector-operation flags the same
// loop; RE2's PrefilterTree::RegexpsGivenStrings).
// Not counted, so not reported: a worklist that pushes onto the vector whose
// size bounds the loop, a loop that shrinks its bound vector (pop_back), and
// one that hands the bound vector to an unknown function that may change it.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_CONFIG=none PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | tee %t.jq | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// --implicit-check-not does not look past the first -DAG match: count the loop
// findings to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F perfadvise-loopalloc %t.remarks | FileCheck %s --check-prefix=COUNT-REMARK
// RUN: grep -c -F "FINDING loop-" %t.jq | FileCheck %s --check-prefix=COUNT-JSON
// COUNT-REMARK: {{^}}3{{$}}
// COUNT-JSON: {{^}}3{{$}}
#include <cstddef>
#include <string>
#include <vector>

void consume(const std::vector<int> &v);

void ids_of(const std::vector<int> &in, const int *table) {
  std::vector<int> ids;
  for (size_t j = 0; j < in.size(); j++)
    ids.push_back(table[in[j]]);
  // REMARK-DAG: loopalloc_vector_size_bound.cpp:[[@LINE-1]]:9: remark: a standard container grows (operator new) inside a loop (depth 1, trip count = the size of another container, read before the loop): {{.*}}reserve() the final size before the loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}ids_of{{.*}} at=loopalloc_vector_size_bound.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve
  consume(ids);
}

// The bound read once: ScalarEvolution counts it (the control).
void ids_of_hoisted(const std::vector<int> &in, const int *table) {
  std::vector<int> ids;
  size_t n = in.size();
  for (size_t j = 0; j < n; j++)
    ids.push_back(table[in[j]]);
  // REMARK-DAG: loopalloc_vector_size_bound.cpp:[[@LINE-1]]:9: remark: a standard container grows (operator new) inside a loop (depth 1, trip count {{.*}}reserve() the final size before the loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}ids_of_hoisted{{.*}} at=loopalloc_vector_size_bound.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve
  consume(ids);
}

struct Item {
  int id;
  std::string name;
};

// A struct element: the growth path stays out of line (_M_realloc_insert),
// handed the vector being filled and the element of `in`; it cannot change
// `in`'s size.
std::vector<Item> items_of(const std::vector<Item> &in) {
  std::vector<Item> out;
  for (size_t j = 0; j < in.size(); j++)
    out.push_back(in[j]);
  // REMARK-DAG: loopalloc_vector_size_bound.cpp:[[@LINE-1]]:9: remark: a standard container grows (std::vector::_M_realloc_insert) inside a loop (depth 1, trip count = the size of another container, read before the loop): {{.*}}reserve() the final size before the loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}items_of{{.*}} at=loopalloc_vector_size_bound.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve
  return out;
}

// A worklist: the vector pushed to is the one whose size bounds the loop
// (it pushes on every trip until a value says stop).
long worklist(const int *seed) {
  std::vector<int> work;
  work.push_back(seed[0]);
  for (size_t i = 0; i < work.size(); i++) {
    if (work[i] <= 1)
      break;
    work.push_back(work[i] / 2);
  }
  long s = 0;
  for (int x : work)
    s += x;
  return s;
}

// The bound vector shrinks inside the loop.
void drain(std::vector<int> &in, const int *table) {
  std::vector<int> ids;
  for (size_t j = 0; j < in.size(); j++) {
    ids.push_back(table[in[j]]);
    in.pop_back();
  }
  consume(ids);
}

// An unknown function is handed the bound vector on every trip.
int next_of(std::vector<int> *in, size_t j);

void refilled(std::vector<int> &in) {
  std::vector<int> ids;
  for (size_t j = 0; j < in.size(); j++)
    ids.push_back(next_of(&in, j));
  consume(ids);
}
