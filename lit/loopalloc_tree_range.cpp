// loop-alloc (C++): a range-for over a std::set or std::map steps with
// std::_Rb_tree_increment up to the tree's header node, an end fixed before
// the loop, so the loop's count is the container's size(), known before the
// first trip: a std::vector filled once per element without reserve() is a
// `reserve` finding, as clang-tidy's performance-inefficient-vector-operation
// reports it (RocksDB OptimisticTransaction::CommitWithParallelValidate:
// `for (auto v : lk_idxes) lks.emplace_back(...)`; lit/tidy_parity.test).
// Not reported: a walk from lower_bound() (its count is not size()); a walk
// whose body inserts into the set it walks (a transitive closure); a walk of
// a linked list of the program's own, whose length is not known before the
// walk; a vector reserve()d before the loop.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}4{{$}}
#include <cstddef>
#include <map>
#include <set>
#include <vector>

int lock_bucket(size_t);

// Positive: one element per member of the set.
std::vector<int> lock_all(const std::set<size_t> &idx) {
  std::vector<int> out;
  for (auto v : idx)
    out.push_back(lock_bucket(v));
  // CHECK-DAG: loopalloc_tree_range.cpp:[[@LINE-1]]:9: remark: a standard container grows ({{.*}}) inside a loop (depth 1, trip count = the range's length, known before the loop){{.*}}reserve() the final size before the loop
  return out;
}

// Positive: a local set, its header node a stack object's field (RocksDB's
// shape: bucket indexes collected in order, then locked in that order).
std::vector<int> lock_in_order(const std::vector<size_t> &keys, size_t space) {
  std::set<size_t> idx;
  for (size_t k : keys)
    idx.insert(k % space);
  // The set itself is built node by node on every call (its own finding,
  // lit/loopalloc_cxx_local_nodes.cpp).
  // CHECK-DAG: loopalloc_tree_range.cpp:[[@LINE-3]]:9: remark: a std::set local to lock_in_order() allocates a node (operator new(40)) for each new element inserted in a loop
  std::vector<int> out;
  for (auto v : idx)
    out.push_back(lock_bucket(v));
  // CHECK-DAG: loopalloc_tree_range.cpp:[[@LINE-1]]:9: remark: a standard container grows ({{.*}}) inside a loop (depth 1, trip count = the range's length, known before the loop){{.*}}reserve() the final size before the loop
  return out;
}

// Positive: the values of a map.
std::vector<int> values(const std::map<int, int> &m) {
  std::vector<int> out;
  for (const auto &kv : m)
    out.push_back(kv.second);
  // CHECK-DAG: loopalloc_tree_range.cpp:[[@LINE-1]]:9: remark: a standard container grows ({{.*}}) inside a loop (depth 1, trip count = the range's length, known before the loop){{.*}}reserve() the final size before the loop
  return out;
}

// Negative: reserved before the loop.
std::vector<int> values_reserved(const std::map<int, int> &m) {
  std::vector<int> out;
  out.reserve(m.size());
  for (const auto &kv : m)
    out.push_back(kv.second);
  return out;
}

// Negative: a walk from lower_bound() to the end: its count is not size(),
// and finding it takes a second walk.
std::vector<int> tail(const std::set<int> &s, int k) {
  std::vector<int> out;
  for (auto it = s.lower_bound(k); it != s.end(); ++it)
    out.push_back(*it);
  return out;
}

// Negative: a transitive closure inserts into the set it walks, and the
// walk visits what lands after the cursor: size() before the loop is not
// the count.
std::vector<int> closure(std::set<int> s, const std::multimap<int, int> &deps) {
  std::vector<int> order;
  for (auto it = s.begin(); it != s.end(); ++it) {
    order.push_back(*it);
    auto r = deps.equal_range(*it);
    for (auto d = r.first; d != r.second; ++d)
      s.insert(d->second);
  }
  return order;
}

struct Node {
  Node *next;
  int value;
};

// Negative: a list of the program's own has no size to reserve.
std::vector<int> list_values(const Node *head) {
  std::vector<int> out;
  for (const Node *n = head; n; n = n->next)
    out.push_back(n->value);
  return out;
}
