// A guard object on the heap, handed back by a function: `auto lock =
// LockContext();` returns a std::unique_ptr to an object whose
// lock_guard member locked the context's mutex; the unique_ptr's
// destructor deletes it, which unlocks (DuckDB's ClientContextLock). The
// lock is released where the unique_ptr dies, so two such calls in a row
// are no double lock and a function that takes it returns with nothing
// held. Still found: a call that locks again while the guard lives, and a
// sleep under it. Not followed: a guard moved into longer-lived storage
// (`member = LockContext();`) counts as released where the temporary dies
// (docs/remarks.md).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++14 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --implicit-check-not=remark:
// RUN: grep -c -F remark: %t.remarks | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}2{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=NEG
#include <memory>
#include <mutex>
#include <unistd.h>

struct ContextLock {
  explicit ContextLock(std::mutex &m) : guard(m) {}
  ~ContextLock() {}

private:
  std::lock_guard<std::mutex> guard;
};

template <class T, class... A> std::unique_ptr<T> make_uniq(A &&...args)
{
  return std::unique_ptr<T>(new T(std::forward<A>(args)...));
}

struct Context {
  std::mutex context_lock;
  int queries = 0;

  std::unique_ptr<ContextLock> LockContext() { return make_uniq<ContextLock>(context_lock); }

  // Takes and releases the lock: no finding here or in its callers.
  void Query()
  {
    auto lock = LockContext();
    queries++;
  }
  void Begin()
  {
    auto lock = LockContext();
    queries--;
  }
  void BeginThenQuery()
  {
    Begin();
    Query();
  }
  // Released early with reset(): the sleep after it is outside the lock.
  void ResetThenSleep()
  {
    auto lock = LockContext();
    queries++;
    lock.reset();
    usleep(100);
  }
  // Query() locks again while the guard lives.
  void Nested()
  {
    auto lock = LockContext();
    // CHECK-DAG: locks_shape_heap_guard.cpp:[[@LINE+1]]:5: remark: Context::Query() locks 'Context::context_lock', which is already held here
    Query();
  }
  // A sleep while the guard lives.
  void SleepLocked()
  {
    auto lock = LockContext();
    // CHECK-DAG: locks_shape_heap_guard.cpp:[[@LINE+1]]:5: remark: usleep() sleeps while holding 'Context::context_lock'
    usleep(100);
  }
};

// A wrapper that hands on another object's guard (StreamQueryResult's).
struct Result {
  Context *context;
  bool open = true;

  std::unique_ptr<ContextLock> LockContext() { return context->LockContext(); }
  static bool IsOpenInternal(ContextLock &) { return true; }

  bool IsOpen()
  {
    if (!open)
      return false;
    auto lock = LockContext();
    return IsOpenInternal(*lock);
  }
  int Count()
  {
    auto lock = LockContext();
    return context->queries;
  }
  int Both()
  {
    IsOpen();
    return Count();
  }
};

void use(Context &c, Result &r)
{
  c.BeginThenQuery();
  c.ResetThenSleep();
  c.Nested();
  c.SleepLocked();
  r.Both();
}

// NEG-NOT: FINDING {{.*}} fn=_ZN7Context5QueryEv
// NEG-NOT: FINDING {{.*}} fn=_ZN7Context5BeginEv
// NEG-NOT: FINDING {{.*}} fn=_ZN7Context14BeginThenQueryEv
// NEG-NOT: FINDING {{.*}} fn=_ZN7Context14ResetThenSleepEv
// NEG-NOT: FINDING {{.*}} fn=_ZN6Result6IsOpenEv
// NEG-NOT: FINDING {{.*}} fn=_ZN6Result5CountEv
// NEG-NOT: FINDING {{.*}} fn=_ZN6Result4BothEv
