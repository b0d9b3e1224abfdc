// alloc-under-lock (C++): a callee that builds a local std::string or
// container from empty, called while a lock is held (RocksDB's
// BlockCacheTracer::WriteBlockAccess: under trace_writer_mutex_, the
// writer's WriteBlockAccess fills a local Trace's payload string with
// PutFixed64/PutLengthPrefixedSlice and push_back, then encodes it). The
// first insertion into an empty container allocates on every call; a
// std::string allocates once its text passes the 15 bytes it holds inline.
// The string's growth goes through members libstdc++ keeps out of line
// (_M_append, _M_mutate), so no allocator call is seen: the callee's summary
// says it allocates because it grows a local from empty, directly or through
// a helper that appends to the string it is handed (PutFixed64).
// Medium confidence: the constant appends pass 15 bytes, or the local is a
// vector or map. Low: only appends of unknown size (the text may fit inline),
// or a free function handed data read under the lock (a snapshot).
// Not reported: a callee that appends to a string its object keeps (amortised
// growth of a buffer it reuses), a local small vector that spills to the heap
// only past its inline elements (RocksDB's autovector), a local string whose
// constant appends stay within 15 bytes (on one path: appends on either
// branch of an if, or emptied by clear() between them, do not add up; nor
// do two strings behind one parameter), a local built only on a rare error path, a local copied
// from a parameter (not built from empty), and the same callees called with
// no lock held.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_CONFIG=none PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s
// RUN: %jq %t.d | grep -c "FINDING alloc-under-lock" | FileCheck %s --check-prefix=COUNT
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}RecordAccess{{.*}} at=locks_alloc_callee_local_build.cpp:[[#@LINE+104]]:{{.*}}confidence=medium confidence_reason={{.*}}a local built from empty
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}RecordIds{{.*}} at=locks_alloc_callee_local_build.cpp:[[#@LINE+108]]:{{.*}}confidence=medium
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}RecordKey{{.*}} at=locks_alloc_callee_local_build.cpp:[[#@LINE+112]]:{{.*}}confidence=low confidence_reason={{.*}}15 bytes
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}LabelLocked{{.*}} at=locks_alloc_callee_local_build.cpp:[[#@LINE+247]]:{{.*}}confidence=medium confidence_reason=the container is a local built from empty under the lock
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}RecordDump{{.*}} confidence=low confidence_reason=the call copies data read under the lock
// COUNT: 5
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

struct Sink {
  int Write(const std::string &s);
  int WriteIds(const std::vector<uint64_t> &v);
  void Log(const std::string &s);
};

struct Trace {
  uint64_t ts;
  int type;
  std::string payload;
};

static void PutFixed64(std::string *dst, uint64_t v) {
  char buf[8];
  std::memcpy(buf, &v, sizeof buf);
  dst->append(buf, sizeof buf);
}

// A small vector: room for 8 elements inline, a heap vector past them.
template <class T> struct SmallVec {
  T inline_[8];
  unsigned n = 0;
  std::vector<T> rest;
  void push_back(const T &v) {
    if (n < 8)
      inline_[n++] = v;
    else
      rest.push_back(v);
  }
};

struct Writer {
  Sink *sink;
  std::string log_;
  int WriteAccess(uint64_t ts, uint64_t size, uint64_t cf, char caller);
  int WriteIds(const uint64_t *ids, int n);
  int WriteKey(const std::string &key);
  int AppendLog(uint64_t v);
  int WriteShort(char c);
  int WriteChecked(int err, const std::string &what);
  int WriteCopy(const std::string &name);
  unsigned WriteSmall(uint64_t a, uint64_t b);
  int WriteEither(bool c, uint64_t a, uint64_t b);
  int WriteTwice(uint64_t a, uint64_t b);
  int WritePair(uint64_t v);
};

int Writer::WriteAccess(uint64_t ts, uint64_t size, uint64_t cf, char caller) {
  Trace trace;
  trace.ts = ts;
  trace.type = 1;
  PutFixed64(&trace.payload, size);
  PutFixed64(&trace.payload, cf);
  trace.payload.push_back(caller);
  return sink->Write(trace.payload);
}

int Writer::WriteIds(const uint64_t *ids, int n) {
  std::vector<uint64_t> v;
  for (int i = 0; i < n; i++)
    v.push_back(ids[i]);
  return sink->WriteIds(v);
}

int Writer::WriteKey(const std::string &key) {
  std::string s;
  s.append(key);
  return sink->Write(s);
}

struct Tracer {
  std::mutex mu;
  Writer *w;
  int RecordAccess(uint64_t ts, uint64_t size, uint64_t cf, char caller);
  int RecordIds(const uint64_t *ids, int n);
  int RecordKey(const std::string &key);
  int RecordLog(uint64_t v);
  int RecordShort(char c);
  int RecordChecked(int err, const std::string &what);
  int RecordCopy(const std::string &name);
  unsigned RecordSmall(uint64_t a, uint64_t b);
  int RecordEither(bool c, uint64_t a, uint64_t b);
  int RecordTwice(uint64_t a, uint64_t b);
  int RecordPair(uint64_t v);
  const std::string *cur;
  int RecordDump();
  int Unlocked(uint64_t ts, const std::string &key);
  int LabelLocked(char tag);
};

int Tracer::RecordAccess(uint64_t ts, uint64_t size, uint64_t cf, char caller) {
  std::lock_guard<std::mutex> g(mu);
  return w->WriteAccess(ts, size, cf, caller);
}

int Tracer::RecordIds(const uint64_t *ids, int n) {
  std::lock_guard<std::mutex> g(mu);
  return w->WriteIds(ids, n);
}

int Tracer::RecordKey(const std::string &key) {
  std::lock_guard<std::mutex> g(mu);
  return w->WriteKey(key);
}

// Negative: the writer appends to the log it keeps (amortised growth).
int Writer::AppendLog(uint64_t v) {
  PutFixed64(&log_, v);
  PutFixed64(&log_, v + 1);
  return (int)log_.size();
}
int Tracer::RecordLog(uint64_t v) {
  std::lock_guard<std::mutex> g(mu);
  return w->AppendLog(v);
}

// Negative: four bytes fit in the string's inline buffer.
int Writer::WriteShort(char c) {
  std::string s;
  s.append("id=", 3);
  s.push_back(c);
  return sink->Write(s);
}
int Tracer::RecordShort(char c) {
  std::lock_guard<std::mutex> g(mu);
  return w->WriteShort(c);
}

// Negative: the message is built only on the rare error path.
int Writer::WriteChecked(int err, const std::string &what) {
  if (__builtin_expect(err != 0, 0)) {
    std::string m;
    m.append("failed to write the trace record: ", 34);
    m.append(what);
    sink->Log(m);
    return -1;
  }
  return 0;
}
int Tracer::RecordChecked(int err, const std::string &what) {
  std::lock_guard<std::mutex> g(mu);
  return w->WriteChecked(err, what);
}

// Negative: a copy of the parameter is not a string built from empty.
int Writer::WriteCopy(const std::string &name) {
  std::string s(name);
  s.push_back('/');
  return sink->Write(s);
}
int Tracer::RecordCopy(const std::string &name) {
  std::lock_guard<std::mutex> g(mu);
  return w->WriteCopy(name);
}

// Negative: the local small vector keeps its first elements inline.
unsigned Writer::WriteSmall(uint64_t a, uint64_t b) {
  SmallVec<uint64_t> v;
  v.push_back(a);
  v.push_back(b);
  return v.n;
}
unsigned Tracer::RecordSmall(uint64_t a, uint64_t b) {
  std::lock_guard<std::mutex> g(mu);
  return w->WriteSmall(a, b);
}

// Negative: either branch appends 8 bytes, never both.
int Writer::WriteEither(bool c, uint64_t a, uint64_t b) {
  std::string s;
  if (c)
    PutFixed64(&s, a);
  else
    PutFixed64(&s, b);
  return sink->Write(s);
}
int Tracer::RecordEither(bool c, uint64_t a, uint64_t b) {
  std::lock_guard<std::mutex> g(mu);
  return w->WriteEither(c, a, b);
}

// Negative: the string is emptied between two 8-byte records.
int Writer::WriteTwice(uint64_t a, uint64_t b) {
  std::string s;
  PutFixed64(&s, a);
  int r = sink->Write(s);
  s.clear();
  PutFixed64(&s, b);
  return r + sink->Write(s);
}
int Tracer::RecordTwice(uint64_t a, uint64_t b) {
  std::lock_guard<std::mutex> g(mu);
  return w->WriteTwice(a, b);
}

// Negative: two strings behind one parameter, 8 bytes each.
struct Pair {
  std::string a, b;
  void Fill(uint64_t v) {
    PutFixed64(&a, v);
    PutFixed64(&b, v);
  }
};
int Writer::WritePair(uint64_t v) {
  Pair p;
  p.Fill(v);
  return sink->Write(p.b);
}
int Tracer::RecordPair(uint64_t v) {
  std::lock_guard<std::mutex> g(mu);
  return w->WritePair(v);
}

// Low: a free function handed a pointer read under the lock copies guarded
// data (its first argument is no object it is called on).
Sink *g_sink;
static int Dump(const std::string *text) {
  std::string s;
  s.append("text=", 5);
  s.append(*text);
  s.append(" (end of the record)", 20);
  return g_sink->Write(s);
}
int Tracer::RecordDump() {
  std::lock_guard<std::mutex> g(mu);
  return Dump(cur);
}

// Negative: the same callees with no lock held.
int Tracer::Unlocked(uint64_t ts, const std::string &key) {
  return w->WriteAccess(ts, 1, 2, 'x') + w->WriteKey(key);
}

// The same shape written in the locked function: a local string built from
// empty under the lock, its constant appends past 15 bytes.
int Tracer::LabelLocked(char tag) {
  std::string label;
  std::lock_guard<std::mutex> g(mu);
  label.append("tracer label for: ", 18);
  label.push_back(tag);
  return w->sink->Write(label);
}
