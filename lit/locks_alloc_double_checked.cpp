// Double-checked lazy loading under a lock (DuckDB's RowGroup::GetColumn and
// GetVersionInfo): a state test before the lock returns on the fast path;
// under the lock the state is tested again, through getters, and only the
// first caller loads, through a callee that allocates. Moving the load
// before the lock would have racing threads load twice: the finding is
// unsure (confidence low, hidden from the default report). Still sure: a
// callee that allocates on every call under the lock with no such test.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++14 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

struct Column {
  std::vector<long> data;
  explicit Column(long n) : data(n) {}
};

__attribute__((noinline)) std::unique_ptr<Column> Deserialize(long n)
{
  return std::unique_ptr<Column>(new Column(n));
}

struct RowGroup {
  std::mutex row_group_lock;
  std::vector<std::unique_ptr<Column>> columns;
  std::unique_ptr<std::atomic<bool>[]> is_loaded;
  std::vector<long> pointers;
  bool deletes_loaded = false;

  bool HasUnloadedDeletes() const { return !deletes_loaded && !pointers.empty(); }

  Column &GetColumn(size_t c)
  {
    if (is_loaded[c])
      return *columns[c];
    std::lock_guard<std::mutex> l(row_group_lock);
    if (columns[c])
      return *columns[c];
    columns[c] = Deserialize(pointers[c]);
    is_loaded[c] = true;
    return *columns[c];
  }

  void LoadDeletes()
  {
    if (!HasUnloadedDeletes())
      return;
    std::lock_guard<std::mutex> l(row_group_lock);
    if (!HasUnloadedDeletes())
      return;
    columns.back() = Deserialize(pointers[0]);
    deletes_loaded = true;
  }

  // No test: every call allocates under the lock.
  void Reload(size_t c)
  {
    std::lock_guard<std::mutex> l(row_group_lock);
    // CHECK: locks_alloc_double_checked.cpp:[[@LINE+1]]:18: remark: Deserialize(long) allocates (operator new(unsigned long)) while holding 'RowGroup::row_group_lock'
    columns[c] = Deserialize(pointers[c]);
  }
};

long use(RowGroup &g)
{
  g.LoadDeletes();
  g.Reload(1);
  return (long)g.GetColumn(0).data.size();
}

// JSON-DAG: FINDING alloc-under-lock fn=_ZN8RowGroup9GetColumnEm {{.*}}confidence=low
// JSON-DAG: FINDING alloc-under-lock fn=_ZN8RowGroup11LoadDeletesEv {{.*}}confidence=low
// JSON-DAG: FINDING alloc-under-lock fn=_ZN8RowGroup6ReloadEm {{.*}}confidence={{high|medium}}
