// alloc-under-lock, snapshot shape (C++): a member function called with the
// object's own mutex held returns a copy of the guarded state through a
// struct-return slot (RocksDB DeadlockInfoBufferTempl::PrepareBuffer calling
// Normalize()). The copy cannot be made before the lock: confidence low, an
// analysis remark, not in the default report. A node allocated by a callee
// that takes no guarded state stays a finding (missed remark) when its
// summary is known.
// RUN: %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=MISSED --implicit-check-not=remark:
// RUN: %clangxx -O2 -g %pa -Rpass-analysis=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=SNAP
#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

struct Path { std::vector<std::string> ids; long when; };

class Recent {
  std::vector<Path> paths_;
  unsigned idx_ = 0;
  std::mutex mu_;

  std::vector<Path> Normalize() {
    auto working = paths_;
    if (working.empty())
      return working;
    std::rotate(working.begin(), working.begin() + idx_, working.end());
    return working;
  }

 public:
  std::vector<Path> Prepare();
  void Add(Path p);
};

std::vector<Path> Recent::Prepare() {
  std::lock_guard<std::mutex> lock(mu_);
  // SNAP: locks_shape_snapshot.cpp:[[@LINE+1]]:{{[0-9]+}}: remark: Recent::Normalize() allocates {{.*}}[-Rpass-analysis=perfadvise-locks]
  auto working = Normalize();
  std::reverse(working.begin(), working.end());
  return working;
}

struct Node { Node *next; long v; };
struct Queue { std::mutex mu; Node *head; };
__attribute__((noinline)) static Node *make_node(long v) { return new Node{nullptr, v}; }
void push(Queue *q, long v) {
  std::lock_guard<std::mutex> lock(q->mu);
  // MISSED: locks_shape_snapshot.cpp:[[@LINE+1]]:{{[0-9]+}}: remark: make_node(long) allocates {{.*}}[-Rpass-missed=perfadvise-locks]
  Node *n = make_node(v);
  n->next = q->head;
  q->head = n;
}
