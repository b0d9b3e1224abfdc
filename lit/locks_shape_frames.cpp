// Guards that leave the frame, and exceptions: a guard handed to a callee
// (which may wait and relock), returned from a Lock() helper, a project's
// own guard class, a guard moved into the caller's state (a hand-off), a
// throw with the guard alive, unlock() then throw: none leaves a lock held
// or locks twice. Found: two guards of a project's own class on one mutex.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++17 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %jq %t.d | FileCheck %s --check-prefix=NEG
#include <condition_variable>
#include <mutex>
#include <functional>
#include <stdexcept>
#include <vector>

struct Waiter {
  std::mutex mu;
  std::condition_variable cv;
  int state = 0;

  void wait_for_state(std::unique_lock<std::mutex> &l, int want) {
    while (state != want)
      cv.wait(l);
  }
  void step(int want) {
    std::unique_lock<std::mutex> l(mu);
    wait_for_state(l, want);
    state++;
  }
  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu); }
  void bump() {
    auto l = Lock();
    state++;
  }
  void checked(int v) {
    std::lock_guard<std::mutex> g(mu);
    if (v < 0)
      throw std::invalid_argument("negative");
    state = v;
  }
  void unlock_then_throw(int v) {
    std::unique_lock<std::mutex> l(mu);
    if (v < 0) {
      l.unlock();
      throw std::invalid_argument("negative");
    }
    state = v;
  }
};

class MutexLock {
public:
  explicit MutexLock(std::mutex *m) : m_(m) { m_->lock(); }
  ~MutexLock() { m_->unlock(); }

private:
  std::mutex *m_;
};

struct Db {
  std::mutex mu;
  int rows = 0;
  void add() {
    MutexLock l(&mu);
    rows++;
  }
  void add_twice() {
    MutexLock a(&mu);
    // CHECK: locks_shape_frames.cpp:[[@LINE+1]]:15: remark: MutexLock::MutexLock() locks 'Db::mu', which is already held here
    MutexLock b(&mu);
    rows += 2;
  }
};

struct Session {
  std::unique_lock<std::mutex> held;
  void take(std::mutex &m) { held = std::unique_lock<std::mutex>(m); }
};

int use(Waiter &w, Db &d, Session &s, std::mutex &m) {
  w.step(1);
  w.bump();
  w.checked(2);
  w.unlock_then_throw(3);
  d.add();
  d.add_twice();
  s.take(m);
  return w.state + d.rows;
}
// JSON: FINDING double-lock fn=_ZN2Db9add_twiceEv {{.*}}confidence=medium
// NEG-NOT: FINDING lock-held-at-return
// NEG-NOT: FINDING {{.*}} fn=_Z3use
// NEG-NOT: FINDING blocking-under-lock fn=_ZN6Waiter4stepEi

// A guard handed to a helper by pointer or by reference, which unlocks and
// relocks it around each work item (a timer queue's run loop): the lock is
// the caller's, held when the helper returns. No double lock, no lock held
// at return. (RocksDB's TimerQueue::run / checkWork.)
struct Timers {
  std::mutex mtx;
  std::condition_variable cv;
  bool finish = false;
  std::vector<std::function<void()>> items;
  void check(std::unique_lock<std::mutex> *lk) {
    while (!items.empty()) {
      auto item = items.back();
      items.pop_back();
      lk->unlock();
      item();
      lk->lock();
    }
  }
  void check_ref(std::unique_lock<std::mutex> &lk) {
    while (!items.empty()) {
      auto item = items.back();
      items.pop_back();
      lk.unlock();
      item();
      lk.lock();
    }
  }
  void run() {
    std::unique_lock<std::mutex> lk(mtx);
    while (!finish) {
      cv.wait(lk);
      check(&lk);
      check_ref(lk);
    }
  }
};
void run_timers(Timers *t) { t->run(); }
