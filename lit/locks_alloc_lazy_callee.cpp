// alloc-under-lock through a callee that loads its object lazily (DuckDB's
// SegmentTree: LoadNextSegment returns at once once `finished_loading` is
// set, LoadAllSegments calls it until it says no more, and the lookups and
// AppendSegment call those with node_lock held). The callee allocates only
// while the state of the object whose lock the caller holds says loading is
// unfinished: the load must happen under that lock, and allocating before
// locking would need a second check under it. The finding is unsure
// (confidence low, no remark by default), in the caller and in the callee
// that takes the lock itself.
// A bounds check that throws with a formatted message (DuckDB's vector
// operator[] asserts its index) allocates only on its way to the throw:
// the failure's cost, which does not make the lookup that calls it
// allocate on its normal path.
// Still sure: a callee that allocates on every call (no state test), a
// callee whose test reads another object's state (options handed in), not
// that of the object whose lock is held, and a lookup that formats its
// message before it knows whether it throws.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++14 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

struct Segment {
  long start = 0, count = 0;
  std::vector<long> rows;
};

// A message with a destructor: the throw below unwinds through its
// cleanup, as DuckDB's `throw InternalException(string(...), ...)` does.
void note_message(const char *text); // may throw: the calls below are invokes

struct Message {
  char *text;
  __attribute__((noinline)) Message(unsigned long i, unsigned long n)
  {
    text = (char *)malloc(64);
    if (text)
      snprintf(text, 64, "index %lu of %lu", i, n);
    note_message(text);
  }
  ~Message() { free(text); }
};

struct TreeError {
  char text[64];
  __attribute__((noinline)) explicit TreeError(const Message &m)
  {
    snprintf(text, sizeof text, "%s", m.text ? m.text : "?");
  }
};

__attribute__((noinline)) static void assert_in_bounds(unsigned long i, unsigned long n)
{
  if (i >= n)
    throw TreeError(Message(i, n));
}

// The message made before the test: an allocation on every call.
__attribute__((noinline)) static void assert_in_bounds_eagerly(unsigned long i, unsigned long n)
{
  Message m(i, n);
  if (i >= n)
    throw TreeError(m);
}

struct Options {
  bool keep_history = false;
};

struct SegmentTree {
  std::mutex node_lock;
  std::vector<std::unique_ptr<Segment>> nodes;
  std::atomic<bool> finished_loading{true};
  long next = 0, max = 0;
  std::vector<std::unique_ptr<Segment>> history;

  virtual ~SegmentTree() {}
  virtual std::unique_ptr<Segment> LoadSegment() { return nullptr; }

  __attribute__((noinline)) bool LoadNextSegment()
  {
    if (finished_loading)
      return false;
    auto result = LoadSegment();
    if (result) {
      nodes.push_back(std::move(result));
      return true;
    }
    return false;
  }

  __attribute__((noinline)) void LoadAllSegments()
  {
    while (LoadNextSegment()) {
    }
  }

  __attribute__((noinline)) bool TryGetSegmentIndex(long row, long &index)
  {
    while (nodes.empty() || row >= nodes.back()->start + nodes.back()->count)
      if (!LoadNextSegment())
        break;
    if (nodes.empty())
      return false;
    index = (long)nodes.size() - 1;
    return true;
  }

  __attribute__((noinline)) Segment &At(unsigned long i)
  {
    assert_in_bounds(i, nodes.size());
    return *nodes[i];
  }

  __attribute__((noinline)) Segment &EagerAt(unsigned long i)
  {
    assert_in_bounds_eagerly(i, nodes.size());
    return *nodes[i];
  }

  __attribute__((noinline)) bool TryGetCheckedIndex(long row, long &index)
  {
    while (nodes.empty() || row >= At(nodes.size() - 1).start + At(nodes.size() - 1).count)
      if (!LoadNextSegment())
        break;
    index = (long)nodes.size() - 1;
    return !nodes.empty();
  }

  __attribute__((noinline)) bool TryGetEagerIndex(long row, long &index)
  {
    while (nodes.empty() || row >= EagerAt(nodes.size() - 1).start)
      if (!LoadNextSegment())
        break;
    index = (long)nodes.size() - 1;
    return !nodes.empty();
  }

  __attribute__((noinline)) void EraseSegments(unsigned long from)
  {
    LoadAllSegments();
    if (from >= nodes.size())
      return;
    nodes.erase(nodes.begin() + (long)from, nodes.end());
  }

  __attribute__((noinline)) void AppendSegmentInternal(std::unique_ptr<Segment> segment)
  {
    if (!nodes.empty())
      nodes.back()->count = segment->start - nodes.back()->start;
    nodes.push_back(std::move(segment));
  }

  __attribute__((noinline)) void AppendSegment(std::unique_ptr<Segment> segment)
  {
    LoadAllSegments();
    AppendSegmentInternal(std::move(segment));
  }

  // The lock taken here: what LoadAllSegments allocates is a lazy load,
  // the push_back amortised growth of the tree's own vector.
  void AppendSegmentLocked(std::unique_ptr<Segment> segment)
  {
    std::lock_guard<std::mutex> l(node_lock);
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN11SegmentTree19AppendSegmentLockedESt10unique_ptrI7SegmentSt14default_deleteIS1_EE {{.*}}confidence=low
    AppendSegment(std::move(segment));
  }

  // Allocates on every call: a snapshot of the node count.
  __attribute__((noinline)) void Snapshot()
  {
    std::unique_ptr<Segment> copy(new Segment());
    copy->count = (long)nodes.size();
    history.push_back(std::move(copy));
  }

  // Allocates when an option (another object's state) says so.
  __attribute__((noinline)) void Record(const Options &opts)
  {
    if (!opts.keep_history)
      return;
    history.emplace_back(new Segment());
  }
};

struct RowGroupTree : SegmentTree {
  std::unique_ptr<Segment> LoadSegment() override
  {
    if (next >= max) {
      finished_loading = true;
      return nullptr;
    }
    std::unique_ptr<Segment> s(new Segment());
    s->start = next++;
    return s;
  }
};

struct Collection {
  std::shared_ptr<SegmentTree> row_groups;

  long Fetch(long row)
  {
    std::lock_guard<std::mutex> l(row_groups->node_lock);
    long index = 0;
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN10Collection5FetchEl {{.*}}confidence=low
    if (!row_groups->TryGetSegmentIndex(row, index))
      return -1;
    return index;
  }

  long FetchChecked(long row)
  {
    std::lock_guard<std::mutex> l(row_groups->node_lock);
    long index = 0;
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN10Collection12FetchCheckedEl {{.*}}confidence=low
    return row_groups->TryGetCheckedIndex(row, index) ? index : -1;
  }

  long FetchEager(long row)
  {
    std::lock_guard<std::mutex> l(row_groups->node_lock);
    long index = 0;
    // CHECK-DAG: locks_alloc_lazy_callee.cpp:[[@LINE+2]]:24: remark: SegmentTree::TryGetEagerIndex() allocates
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN10Collection10FetchEagerEl {{.*}}confidence={{high|medium}}
    return row_groups->TryGetEagerIndex(row, index) ? index : -1;
  }

  void RevertAppend(unsigned long from)
  {
    std::lock_guard<std::mutex> l(row_groups->node_lock);
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN10Collection12RevertAppendEm {{.*}}confidence=low
    row_groups->EraseSegments(from);
  }

  void Checkpoint(const Options &opts)
  {
    std::lock_guard<std::mutex> l(row_groups->node_lock);
    // CHECK-DAG: locks_alloc_lazy_callee.cpp:[[@LINE+2]]:17: remark: SegmentTree::Snapshot() allocates
    // JSON-DAG: FINDING alloc-under-lock fn=_ZN10Collection10CheckpointERK7Options {{.*}}confidence={{high|medium}}
    row_groups->Snapshot();
    // CHECK-DAG: locks_alloc_lazy_callee.cpp:[[@LINE+1]]:17: remark: SegmentTree::Record() allocates
    row_groups->Record(opts);
  }
};

long use(Collection &c, const Options &o)
{
  c.row_groups = std::make_shared<RowGroupTree>();
  c.RevertAppend(1);
  c.row_groups->AppendSegmentLocked(std::unique_ptr<Segment>(new Segment()));
  c.Checkpoint(o);
  return c.Fetch(3) + c.FetchChecked(4) + c.FetchEager(5);
}
