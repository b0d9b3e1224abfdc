// RAII guards and condition variables (the lock analysis runs before
// inlining, where guard constructors, destructors and waits are calls):
// a guard's destructor releases its mutex, unlock()/defer_lock/try_to_lock/
// adopt_lock/release() change what it owns, and a condition wait releases
// the guard's own mutex while it waits. Still found: a second guard on a
// held mutex, a sleep under a guard, a wait while another lock is held.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++17 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// --implicit-check-not does not look past the first -DAG match: count the
// remarks to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}3{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %jq %t.d | FileCheck %s --check-prefix=NEG
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <unistd.h>

struct Queue {
  std::mutex mu;
  std::mutex other;
  std::condition_variable cv;
  std::deque<int> items;
  bool closed = false;

  // wait(l, pred) releases mu while it waits: no finding.
  int pop() {
    std::unique_lock<std::mutex> l(mu);
    cv.wait(l, [&] { return !items.empty() || closed; });
    if (items.empty()) return -1;
    int v = items.front();
    items.pop_front();
    return v;
  }
  // wait_for/wait_until release it too.
  bool pop_timed() {
    std::unique_lock<std::mutex> l(mu);
    cv.wait_for(l, std::chrono::milliseconds(10));
    return cv.wait_until(l, std::chrono::steady_clock::now() + std::chrono::seconds(1),
                         [&] { return closed; });
  }
  // Waiting while another lock is held: 'other' stays locked.
  int pop_holding_other() {
    std::lock_guard<std::mutex> o(other);
    std::unique_lock<std::mutex> l(mu);
    // CHECK-DAG: locks_shape_guards.cpp:[[@LINE+1]]:30: remark: std::condition_variable::wait() releases only 'Queue::mu' while it waits, but 'Queue::other' stays locked
    while (items.empty()) cv.wait(l);
    int v = items.front();
    items.pop_front();
    return v;
  }
  // unlock() before the blocking call: no finding.
  void drain_then_sleep() {
    std::unique_lock<std::mutex> l(mu);
    items.clear();
    l.unlock();
    usleep(100);
  }
  // Sleeping while the guard owns mu.
  void sleep_locked() {
    std::lock_guard<std::mutex> g(mu);
    // CHECK-DAG: locks_shape_guards.cpp:[[@LINE+1]]:5: remark: usleep() sleeps while holding 'Queue::mu'
    usleep(100);
  }
  // defer_lock: nothing held until lock(); an early return holds nothing.
  void deferred() {
    std::unique_lock<std::mutex> l(mu, std::defer_lock);
    if (closed) return;
    l.lock();
    closed = true;
  }
  // try_to_lock: held only when owns_lock().
  bool try_close() {
    std::unique_lock<std::mutex> l(mu, std::try_to_lock);
    if (!l.owns_lock()) return false;
    closed = true;
    return true;
  }
  // adopt_lock: the guard takes over a lock taken by hand.
  void adopted() {
    mu.lock();
    std::lock_guard<std::mutex> g(mu, std::adopt_lock);
    closed = false;
  }
  // release(): a deliberate hand-off; the caller unlocks (no finding).
  std::mutex *lock_and_release() {
    std::unique_lock<std::mutex> l(mu);
    return l.release();
  }
  // The same mutex through two guards.
  void twice() {
    std::lock_guard<std::mutex> a(mu);
    // CHECK-DAG: locks_shape_guards.cpp:[[@LINE+1]]:33: remark: std::lock_guard<...>::lock_guard() locks 'Queue::mu', which is already held here
    std::lock_guard<std::mutex> b(mu);
    closed = true;
  }
};

int use(Queue &q) {
  q.adopted(); q.deferred(); q.drain_then_sleep(); q.sleep_locked(); q.twice();
  q.lock_and_release()->unlock();
  return q.pop() + q.pop_holding_other() + q.try_close() + q.pop_timed();
}
// JSON-DAG: FINDING blocking-under-lock fn=_ZN5Queue17pop_holding_otherEv {{.*}}confidence=high {{.*}}held=[Queue::other]
// JSON-DAG: FINDING double-lock fn=_ZN5Queue5twiceEv {{.*}}confidence=medium
// NEG-NOT: FINDING lock-held-at-return
// NEG-NOT: FINDING {{.*}} fn=_ZN5Queue3popEv
// NEG-NOT: FINDING {{.*}} fn=_ZN5Queue9pop_timedEv
// NEG-NOT: FINDING {{.*}} fn=_ZN5Queue16drain_then_sleepEv
// NEG-NOT: FINDING {{[a-z-]*lock[a-z-]*}} fn=_ZN5Queue16lock_and_releaseEv
