// A condition variable bound to its mutex when built (LevelDB's and
// RocksDB's port::CondVar: `CondVar(Mutex *mu)`, `void Wait()`) releases,
// while it waits, the lock held at the call. `condwait NAME mutex=held`
// says so (docs/config.md): the service loop that waits on every pass is
// not a lock taken per iteration (RocksDB DeleteScheduler::
// BackgroundEmptyTrash, SstFileManagerImpl::ClearError), and the wait is
// no blocking call under the lock it releases. A function that only waits
// so, holding no lock itself (RocksDB DBImpl::WaitForBackgroundWork, called
// with mutex_ held), releases its caller's lock. With two locks held, which
// one the wait releases is not known: nothing is claimed about that wait
// (a sleep there is still reported).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d PERFADVISE_CONFIG=%S/Inputs/config/condwait_held.perfadvise %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -Rpass-analysis=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// Without the entries the waits are unknown calls: the service loop takes
// its lock on every pass.
// RUN: env PERFADVISE_CONFIG=%S/Inputs/config/cxx.perfadvise %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: locks_condwait_held.cpp:{{[0-9]+}}:9: remark: 'demo::Scheduler::mu_' is locked and unlocked on every iteration of this loop
#include <unistd.h>

namespace demo {
namespace port {
class Mutex {
public:
  void Lock();
  void Unlock();
};
class CondVar {
public:
  explicit CondVar(Mutex *mu);
  void Wait();
  bool TimedWait(unsigned long deadline);
private:
  Mutex *mu_;
};
} // namespace port

void process(int n);

class Scheduler {
public:
  void Run();
  void Drain();
  void WaitNested();
  void WaitForWork();
  void CancelAll();
  void SleepThenWait();
  void CancelSlowly();
  void WaitBoth();
  void CallerOfWaitBoth();
  void TakeThenWait();
  void CallerOfTakeThenWait();
private:
  port::Mutex mu_;
  port::Mutex outer_;
  port::Mutex a_, b_, c_;
  port::CondVar cv_{&mu_};
  int pending_ = 0;
  bool closing_ = false;
};

// Negative: the worker's service loop waits on every pass.
void Scheduler::Run() {
  while (true) {
    mu_.Lock();
    while (pending_ == 0 && !closing_)
      cv_.Wait();
    if (closing_) {
      mu_.Unlock();
      return;
    }
    int n = pending_;
    pending_ = 0;
    mu_.Unlock();
    process(n);
  }
}

// Negative: a timed wait inside the critical section releases mu_.
void Scheduler::Drain() {
  mu_.Lock();
  while (pending_ > 0)
    cv_.TimedWait(1000);
  mu_.Unlock();
}

// Negative: a wrapper that only waits, holding no lock itself: the wait
// releases the caller's lock (mu_ here).
void Scheduler::WaitForWork() {
  while (pending_ > 0)
    cv_.Wait();
}

void Scheduler::CancelAll() {
  mu_.Lock();
  closing_ = true;
  WaitForWork();
  mu_.Unlock();
}

// Positive: a wrapper that also sleeps blocks under the caller's lock.
void Scheduler::SleepThenWait() {
  usleep(10);
  while (pending_ > 0)
    cv_.Wait();
}

void Scheduler::CancelSlowly() {
  mu_.Lock();
  SleepThenWait();
  // CHECK: locks_condwait_held.cpp:[[@LINE-1]]:3: remark: demo::Scheduler::SleepThenWait() may block (sleeps) while holding 'demo::Scheduler::mu_'
  mu_.Unlock();
}

// A callee that waits holding two locks of its own releases one of them,
// not its caller's c_: that one stays held while it waits.
void Scheduler::WaitBoth() {
  a_.Lock();
  b_.Lock();
  while (pending_ > 0)
    cv_.Wait();
  b_.Unlock();
  a_.Unlock();
}

void Scheduler::CallerOfWaitBoth() {
  c_.Lock();
  WaitBoth();
  // CHECK: locks_condwait_held.cpp:[[@LINE-1]]:3: remark: demo::Scheduler::WaitBoth() may block (waits on a condition variable) while holding 'demo::Scheduler::c_'
  c_.Unlock();
}

// A callee that takes the caller's lock before it waits with none held:
// the wait does not hide the double lock.
void Scheduler::TakeThenWait() {
  a_.Lock();
  pending_++;
  a_.Unlock();
  while (pending_ > 0)
    cv_.Wait();
}

void Scheduler::CallerOfTakeThenWait() {
  a_.Lock();
  TakeThenWait();
  // CHECK: locks_condwait_held.cpp:[[@LINE-1]]:3: remark: demo::Scheduler::TakeThenWait() locks 'demo::Scheduler::a_', which is already held here
  a_.Unlock();
}

// Two locks held: nothing claimed about the wait; the sleep under both is
// reported.
void Scheduler::WaitNested() {
  outer_.Lock();
  mu_.Lock();
  while (pending_ > 0)
    cv_.Wait();
  usleep(100);
  // CHECK: locks_condwait_held.cpp:[[@LINE-1]]:3: remark: usleep() sleeps while holding 'demo::Scheduler::outer_', 'demo::Scheduler::mu_'
  mu_.Unlock();
  outer_.Unlock();
}
} // namespace demo
