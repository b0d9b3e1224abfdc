// A function called with or without the caller's lock, told which by a
// flag (RocksDB's DBImpl::GetIntPropertyInternal(cfd, info, is_locked,
// value)): without the lock it takes it with a guard; with the lock it
// either works under it or drops it around slow work and takes it back
// (`if (is_locked) mutex_.Unlock(); ... if (is_locked) mutex_.Lock();`).
// It never returns holding a lock it did not hold on entry, and a caller
// that holds the lock and passes true does not lock twice. Found: a caller
// that holds the lock and passes false, and a function that takes the lock
// on one path and returns holding it.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d PERFADVISE_CONFIG=%S/Inputs/config/instrumented.perfadvise %clangxx -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}2{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: %jq %t.d | grep 'SUMMARY _ZN4demo4Pool7JoinAll' | FileCheck %s --check-prefix=JOIN
#include <mutex>

namespace demo {
namespace port {
class Mutex {
 public:
  void Lock();
  void Unlock();
};
}  // namespace port
class InstrumentedMutex {
 public:
  void Lock();
  void Unlock() { mutex_.Unlock(); }

 private:
  port::Mutex mutex_;
};
class InstrumentedMutexLock {
 public:
  explicit InstrumentedMutexLock(InstrumentedMutex *mu) : mu_(mu) { mu_->Lock(); }
  ~InstrumentedMutexLock() { mu_->Unlock(); }

 private:
  InstrumentedMutex *const mu_;
};
struct Stats {
  bool Get(unsigned long *v);
  bool GetSlow(unsigned long *v);
};
struct Info {
  bool slow;
};

class DB {
 public:
  bool Internal(Stats *s, const Info &info, bool is_locked, unsigned long *v);
  bool Aggregate(Stats *s, const Info &info, unsigned long *v);
  bool AggregateWrong(Stats *s, const Info &info, unsigned long *v);
  bool Leaky(Stats *s, bool fast);

 private:
  InstrumentedMutex mutex_;
};

// Negative 1: no path returns holding a lock the caller did not hold.
bool DB::Internal(Stats *s, const Info &info, bool is_locked, unsigned long *v) {
  if (!info.slow) {
    if (is_locked)
      return s->Get(v);
    InstrumentedMutexLock l(&mutex_);
    return s->Get(v);
  }
  if (is_locked)
    mutex_.Unlock();
  bool ret = s->GetSlow(v);
  if (is_locked)
    mutex_.Lock();
  return ret;
}

// Negative 2: the caller holds the lock and says so.
bool DB::Aggregate(Stats *s, const Info &info, unsigned long *v) {
  InstrumentedMutexLock l(&mutex_);
  return Internal(s, info, true, v);
}

// Positive 1: the caller holds the lock and says it does not.
bool DB::AggregateWrong(Stats *s, const Info &info, unsigned long *v) {
  InstrumentedMutexLock l(&mutex_);
  // CHECK: locks_flag_drop_retake.cpp:[[@LINE+1]]:10: remark: {{.*}}Internal{{.*}} locks 'demo::DB::mutex_', which is already held here
  return Internal(s, info, false, v);
}

// Positive 2: taken on one path and kept.
bool DB::Leaky(Stats *s, bool fast) {
  unsigned long v;
  if (fast)
    return s->Get(&v);
  // CHECK: locks_flag_drop_retake.cpp:[[@LINE+1]]:10: remark: {{.*}}Leaky{{.*}} can return with 'demo::DB::mutex_' still locked
  mutex_.Lock();
  return s->GetSlow(&v);
}

// Negative 3: a guard unlocked early; its destructor's unlock is reached by
// the guard's own acquisition, so it releases nothing of the caller's
// (RocksDB's ThreadPoolImpl::Impl::JoinThreads).
struct Pool {
  std::mutex mu_;
  bool exiting_ = false;
  void JoinAll();
};
void Pool::JoinAll() {
  std::unique_lock<std::mutex> lock(mu_);
  exiting_ = true;
  lock.unlock();
  Stats().Get(nullptr);
}
}  // namespace demo

// JOIN: SUMMARY _ZN4demo4Pool7JoinAll
// JOIN-NOT: unlocks=

// JSON-DAG: SUMMARY _ZN4demo2DB8InternalEPNS_5StatsERKNS_4InfoEbPm {{.*}}locks=[demo::DB::mutex_]
// JSON-DAG: FINDING double-lock fn=_ZN4demo2DB14AggregateWrong
// JSON-DAG: FINDING lock-held-at-return fn=_ZN4demo2DB5Leaky
