// alloc-under-lock where the allocation is made inside a library the project
// vendors (a header under third_party/, as DuckDB's EvictionQueue::Purge
// re-enqueues nodes into moodycamel's ConcurrentQueue under purge_lock):
// the queue makes its block inside its own enqueue, so "allocate before
// locking" cannot be done without changing that library. The finding is
// unsure (confidence low, no remark by default), called directly or through
// the project's own function that calls it.
// A resize of a vector the object keeps beside it (DuckDB's purge_nodes) is
// amortised growth, as push_back is: std::vector grows its capacity
// geometrically, and a resize to the size it had allocates nothing.
// Still sure: the same queue written in the project (its enqueue is code the
// maintainer can change), a project function that allocates besides calling
// into the vendored queue, one that resizes a local vector (a buffer made
// on every call), and a vendored function
// that returns a fresh result (a formatted text, which can be made before
// the lock).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++14 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <cstdlib>
#include <mutex>
#include <vector>

struct Node {
  Node *next;
  long value;
};

// The vendored queue's enqueue is defined at the end of this file, under
// a #line that puts it in third_party/queue/queue.h.
namespace vendored {
struct Queue {
  Node *head = nullptr;
  void enqueue(long v);
};
struct Text {
  char *data;
  long size, cap;
};
Text format(long v);
} // namespace vendored

struct OwnQueue {
  Node *head = nullptr;
  __attribute__((noinline)) void enqueue(long v)
  {
    Node *n = (Node *)malloc(sizeof *n);
    if (!n)
      return;
    n->value = v;
    n->next = head;
    head = n;
  }
};

struct Evictor {
  std::mutex purge_lock;
  vendored::Queue q;
  OwnQueue own;
  long *log = nullptr;
  std::vector<long> purge_nodes;

  __attribute__((noinline)) void Requeue(long v) { q.enqueue(v); }

  __attribute__((noinline)) void RequeueOwn(long v) { own.enqueue(v); }

  // Allocates itself too: a record of each requeue.
  __attribute__((noinline)) void RequeueLogged(long v)
  {
    q.enqueue(v);
    log = (long *)malloc(sizeof *log);
  }

  __attribute__((noinline)) void RequeueResized(unsigned long n)
  {
    if (n > purge_nodes.size())
      purge_nodes.resize(n);
    q.enqueue((long)n);
  }

  __attribute__((noinline)) long RequeueLocalResized(unsigned long n)
  {
    std::vector<long> nodes;
    nodes.resize(n);
    q.enqueue((long)n);
    return nodes[0];
  }

  void PurgeResized(unsigned long n)
  {
    std::lock_guard<std::mutex> l(purge_lock);
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN7Evictor12PurgeResizedEm {{.*}}confidence=low
    RequeueResized(n);
  }

  long PurgeLocalResized(unsigned long n)
  {
    std::lock_guard<std::mutex> l(purge_lock);
    // CHECK-DAG: locks_alloc_vendored.cpp:[[@LINE+2]]:12: remark: Evictor::RequeueLocalResized() allocates
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN7Evictor17PurgeLocalResizedEm {{.*}}confidence={{high|medium}}
    return RequeueLocalResized(n);
  }

  long Describe(long v)
  {
    std::lock_guard<std::mutex> l(purge_lock);
    // CHECK-DAG: locks_alloc_vendored.cpp:[[@LINE+2]]:24: remark: vendored::format() allocates
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN7Evictor8DescribeEl {{.*}}confidence={{high|medium}}
    vendored::Text t = vendored::format(v);
    long n = t.size;
    free(t.data);
    return n;
  }

  void PurgeDirect(long v)
  {
    std::lock_guard<std::mutex> l(purge_lock);
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN7Evictor11PurgeDirectEl {{.*}}confidence=low
    q.enqueue(v);
  }

  void Purge(long v)
  {
    std::lock_guard<std::mutex> l(purge_lock);
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN7Evictor5PurgeEl {{.*}}confidence=low
    Requeue(v);
  }

  void PurgeOwn(long v)
  {
    std::lock_guard<std::mutex> l(purge_lock);
    // CHECK-DAG: locks_alloc_vendored.cpp:[[@LINE+2]]:5: remark: Evictor::RequeueOwn() allocates
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN7Evictor8PurgeOwnEl {{.*}}confidence={{high|medium}}
    RequeueOwn(v);
  }

  void PurgeLogged(long v)
  {
    std::lock_guard<std::mutex> l(purge_lock);
    // CHECK-DAG: locks_alloc_vendored.cpp:[[@LINE+2]]:5: remark: Evictor::RequeueLogged() allocates
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN7Evictor11PurgeLoggedEl {{.*}}confidence={{high|medium}}
    RequeueLogged(v);
  }
};

void use(Evictor &e)
{
  e.PurgeDirect(1);
  e.Purge(2);
  e.PurgeOwn(3);
  e.PurgeLogged(4);
  e.PurgeResized(5);
  e.PurgeLocalResized(6);
  e.Describe(8);
}

#line 1 "third_party/queue/queue.h"
__attribute__((noinline)) void vendored::Queue::enqueue(long v)
{
  Node *n = (Node *)malloc(sizeof *n);
  if (!n)
    return;
  n->value = v;
  n->next = head;
  head = n;
}

__attribute__((noinline)) vendored::Text vendored::format(long v)
{
  Text t;
  t.cap = 32;
  t.data = (char *)malloc((unsigned long)t.cap);
  t.size = t.data ? snprintf(t.data, (unsigned long)t.cap, "%ld", v) : 0;
  return t;
}
