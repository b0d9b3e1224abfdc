// loop-alloc (C++): a node-based standard container (std::set, std::map,
// std::unordered_map, std::list) that is local to the function and filled in
// a loop allocates one node per element inserted, on every call, and frees
// them all when it is destroyed at return: memory built and thrown away per
// call. A std::vector reserved before the loop (sort + unique for a set), or
// a std::pmr pool sized before it, makes that one allocation (RocksDB's
// OptimisticTransaction::CommitWithParallelValidate and
// PointLockManager::UnLock shapes).
// Not reported: a container the function returns (the nodes are its result),
// a member's or a parameter's container (kept across calls by design), a
// local one whose nodes go elsewhere afterwards (moved, swapped, merged or
// spliced into a member, also one reached through a pointer; handed by rvalue
// to a function of another file; handed to one of this file through a struct
// holding its address; extracted and relinked into the caller's set), an
// insert made on some iterations only (a filter: the count is not the loop's;
// LibSass's set of a compound selector's one pseudo-element), a container
// declared in the loop's body (it holds one iteration's elements), one
// erased from as the loop goes (a sliding window), one in a loop that never
// ends (a server's `for (;;)`), one moved into a block on the heap, into a
// temporary that is then swapped into a global, or swapped into the
// caller's list reached through a local struct.
// The same findings with -fno-exceptions, where more of libstdc++ stays out
// of line (std::map::operator[] itself, std::list::push_back's hook alone).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | tee %t.jq | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// --implicit-check-not does not look past the first -DAG match: count the loop
// findings to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F perfadvise-loopalloc %t.remarks | FileCheck %s --check-prefix=COUNT-REMARK
// RUN: grep -c -F "FINDING loop-" %t.jq | FileCheck %s --check-prefix=COUNT-JSON
// COUNT-REMARK: {{^}}9{{$}}
// COUNT-JSON: {{^}}9{{$}}
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g -fno-exceptions %pa %pa-remarks -c %s -o %t.o 2>&1 | tee %t.noexc | FileCheck %s --check-prefix=NOEXC --implicit-check-not=perfadvise-loopalloc
// RUN: grep -c -F perfadvise-loopalloc %t.noexc | FileCheck %s --check-prefix=COUNT-REMARK
// NOEXC-DAG: remark: a std::set local to count_buckets() allocates a node
// NOEXC-DAG: remark: a std::unordered_map local to group() allocates a node
// NOEXC-DAG: remark: a std::list local to listy() allocates a node
// NOEXC-DAG: remark: a std::map local to marks() allocates a node
// NOEXC-DAG: remark: a std::set local to distinct_per_row() allocates a node
// NOEXC-DAG: remark: a std::set local to two() allocates a node
// NOEXC-DAG: remark: a std::set local to covers() allocates a node
// NOEXC-DAG: remark: a std::set local to covers() allocates a node
// NOEXC-DAG: remark: a std::set local to dedupe() allocates a node
#include <algorithm>
#include <cstddef>
#include <list>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

size_t count_buckets(const std::vector<size_t> &keys, size_t nstripes) {
  std::set<size_t> idx;
  for (size_t k : keys)
    idx.insert(k % nstripes);
  // REMARK-DAG: loopalloc_cxx_local_nodes.cpp:[[@LINE-1]]:9: remark: a std::set local to count_buckets() allocates a node (operator new(40)) for each new element inserted in a loop (depth 1, trip count = the range's length, known before the loop): up to ~{{[0-9]+}} allocations per call, all freed when it is destroyed; if the loop only fills it, collect the elements in a std::vector reserved before the loop and sort it (dropping duplicates where the container did); if it also looks elements up while filling it, give it a std::pmr pool sized before the loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}count_buckets{{.*}} at=loopalloc_cxx_local_nodes.cpp:[[@LINE-2]]:9 {{.*}}advice=batch
  return idx.size();
}

size_t group(const std::vector<size_t> &keys, size_t nstripes) {
  std::unordered_map<size_t, std::vector<size_t>> by;
  for (size_t k : keys)
    by[k % nstripes].push_back(k);
  // REMARK-DAG: loopalloc_cxx_local_nodes.cpp:[[@LINE-1]]:5: remark: a std::unordered_map local to group() allocates a node (operator new(40)) for each new element inserted in a loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}group{{.*}} at=loopalloc_cxx_local_nodes.cpp:[[@LINE-2]]:5 {{.*}}advice=batch
  return by.size();
}

size_t listy(const std::vector<size_t> &keys) {
  std::list<size_t> l;
  for (size_t k : keys)
    l.push_back(k);
  // REMARK-DAG: loopalloc_cxx_local_nodes.cpp:[[@LINE-1]]:7: remark: a std::list local to listy() allocates a node (operator new(24)) for each new element inserted in a loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}listy{{.*}} at=loopalloc_cxx_local_nodes.cpp:[[@LINE-2]]:7 {{.*}}advice=batch
  return l.size();
}

// std::map::operator[] leaves its insert out of line here: the node is
// allocated inside _Rb_tree::_M_emplace_hint_unique.
size_t marks(const std::vector<int> &keys) {
  std::map<int, int> m;
  for (int k : keys)
    m[k] = 1;
  // REMARK-DAG: loopalloc_cxx_local_nodes.cpp:[[@LINE-1]]:5: remark: a std::map local to marks() allocates a node (inside _M_emplace_hint_unique, out of line) for each new element inserted in a loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}marks{{.*}} at=loopalloc_cxx_local_nodes.cpp:[[@LINE-2]]:5 {{.*}}advice=batch
  return m.size();
}

// Declared in the outer loop's body: its nodes are built and freed once per
// outer iteration; the inner loop is the one that inserts.
size_t distinct_per_row(const std::vector<std::vector<int>> &rows) {
  size_t total = 0;
  for (const auto &row : rows) {
    std::set<int> seen;
    for (int v : row)
      seen.insert(v);
    // REMARK-DAG: loopalloc_cxx_local_nodes.cpp:[[@LINE-1]]:12: remark: a std::set local to distinct_per_row() allocates a node (operator new(40)) for each new element inserted in a loop (depth 2,
    // JSON-DAG: FINDING loop-alloc fn={{.*}}distinct_per_row{{.*}} at=loopalloc_cxx_local_nodes.cpp:[[@LINE-2]]:12 {{.*}}advice=batch
    total += seen.size();
  }
  return total;
}

// Negative: the set is the result.
std::set<size_t> kept(const std::vector<size_t> &keys) {
  std::set<size_t> idx;
  for (size_t k : keys)
    idx.insert(k);
  return idx;
}

struct Holder {
  std::set<size_t> s;
  void add(const std::vector<size_t> &keys);
  void rebuild(const std::vector<size_t> &keys);
  void rebuild_swap(const std::vector<size_t> &keys);
};

// Negative: the member's set.
void Holder::add(const std::vector<size_t> &keys) {
  for (size_t k : keys)
    s.insert(k);
}

// Negative: built locally, then moved into the member: the nodes are kept.
void Holder::rebuild(const std::vector<size_t> &keys) {
  std::set<size_t> tmp;
  for (size_t k : keys)
    tmp.insert(k);
  s = std::move(tmp);
}

// Negative: built locally, then swapped into the member.
void Holder::rebuild_swap(const std::vector<size_t> &keys) {
  std::set<size_t> tmp;
  for (size_t k : keys)
    tmp.insert(k);
  s.swap(tmp);
}

// Negative: handed by rvalue to a function of another file, which may keep
// the nodes.
void consume(std::map<int, int> &&m);
void hand_over(const std::vector<int> &keys) {
  std::map<int, int> m;
  for (int k : keys)
    m[k] = 1;
  consume(std::move(m));
}

// Negative: moved into a map the caller owns.
void publish(std::map<int, std::set<int>> *out, int key, const std::vector<int> &vals) {
  std::set<int> tmp;
  for (int v : vals)
    tmp.insert(v);
  out->emplace(key, std::move(tmp));
}

// Negative: the caller's container.
void fill(std::unordered_map<int, int> *out, const std::vector<int> &keys) {
  for (int k : keys)
    (*out)[k] = 1;
}

// Negative: a filter before the insert.
size_t pseudo(const std::vector<int> &sel) {
  std::set<int> seen;
  for (int v : sel)
    if (v < 0)
      seen.insert(-v);
  return seen.size();
}

// Negative: a filter before an out-of-line insert.
size_t marks_some(const std::vector<int> &keys) {
  std::map<int, int> m;
  for (int k : keys) {
    if (k % 3)
      continue;
    m[k] = 1;
  }
  return m.size();
}

// Reported once: `a` is filled on every iteration, `b` only behind a filter,
// both through the same inlined helper line.
static inline void add(std::set<int> &s, int x) { s.insert(x); }
size_t two(const std::vector<int> &v) {
  std::set<int> a, b;
  for (int x : v) {
    add(a, x);
    // REMARK-DAG: loopalloc_cxx_local_nodes.cpp:[[@LINE-1]]:5: remark: a std::set local to two() allocates a node
    // JSON-DAG: FINDING loop-alloc fn={{.*}}two{{.*}} at=loopalloc_cxx_local_nodes.cpp:[[@LINE-2]]:5 {{.*}}advice=batch
    if (x < 0)
      add(b, -x);
  }
  return a.size() + b.size();
}

// Negative: declared in the loop's body, one element each time round.
size_t per_iteration(const std::vector<int> &v) {
  size_t t = 0;
  for (int x : v) {
    std::map<int, int> m;
    m[x] = 1;
    t += m.size();
  }
  return t;
}

// Negative: moved, swapped or merged into an object reached through a
// pointer (a pimpl).
struct Impl {
  std::list<int> pending;
  std::set<int> s;
  std::map<int, std::set<int>> index;
};
struct Obj {
  Impl *impl_;
  void swap_in(const std::vector<int> &v);
  void merge_in(const std::vector<int> &v);
  void emplace_in(int k, const std::vector<int> &v);
};
void Obj::swap_in(const std::vector<int> &v) {
  std::list<int> tmp;
  for (int x : v)
    tmp.push_back(x);
  impl_->pending.swap(tmp);
}
void Obj::merge_in(const std::vector<int> &v) {
  std::set<int> tmp;
  for (int x : v)
    tmp.insert(x);
  impl_->s.merge(tmp);
}
void Obj::emplace_in(int k, const std::vector<int> &v) {
  std::set<int> tmp;
  for (int x : v)
    tmp.insert(x);
  impl_->index.emplace(k, std::move(tmp));
}

// Negative: a function of this file reaches the list through a struct that
// holds its address (its nocapture says nothing of the list) and splices it
// into a global.
std::list<int> g_list;
struct Ctx {
  std::list<int> *l;
};
__attribute__((noinline)) void steal_ctx(Ctx *c) { g_list.splice(g_list.end(), *c->l); }
void hand_ctx(const std::vector<int> &v) {
  std::list<int> tmp;
  for (int x : v)
    tmp.push_back(x);
  Ctx c{&tmp};
  steal_ctx(&c);
}

// Negative: the nodes are extracted and relinked into the caller's set.
void relink(std::set<int> *out, const std::vector<int> &v) {
  std::set<int> tmp;
  for (int x : v)
    tmp.insert(x);
  while (!tmp.empty())
    out->insert(tmp.extract(tmp.begin()));
}

// Two local sets compared by std::includes, which walks both: each is
// built and thrown away per call (LibSass's Compound_Selector shape).
bool covers(const std::vector<std::string> &l, const std::vector<std::string> &r) {
  std::set<std::string> lset, rset;
  for (const std::string &x : l)
    lset.insert(x);
  // REMARK-DAG: loopalloc_cxx_local_nodes.cpp:[[@LINE-1]]:10: remark: a std::set local to covers() allocates a node
  // JSON-DAG: FINDING loop-alloc fn={{.*}}covers{{.*}} at=loopalloc_cxx_local_nodes.cpp:[[@LINE-2]]:10 {{.*}}advice=batch
  for (const std::string &x : r)
    rset.insert(x);
  // REMARK-DAG: loopalloc_cxx_local_nodes.cpp:[[@LINE-1]]:10: remark: a std::set local to covers() allocates a node
  // JSON-DAG: FINDING loop-alloc fn={{.*}}covers{{.*}} at=loopalloc_cxx_local_nodes.cpp:[[@LINE-2]]:10 {{.*}}advice=batch
  return std::includes(rset.begin(), rset.end(), lset.begin(), lset.end());
}

// Copied into the result: a vector built from the set's iterators copies
// the elements; the nodes are still freed at return.
std::vector<int> dedupe(const std::vector<int> &v) {
  std::set<int> s;
  for (int x : v)
    s.insert(x);
  // REMARK-DAG: loopalloc_cxx_local_nodes.cpp:[[@LINE-1]]:7: remark: a std::set local to dedupe() allocates a node
  // JSON-DAG: FINDING loop-alloc fn={{.*}}dedupe{{.*}} at=loopalloc_cxx_local_nodes.cpp:[[@LINE-2]]:7 {{.*}}advice=batch
  return std::vector<int>(s.begin(), s.end());
}

// Negative: a sliding window erases as it goes.
long window(const std::vector<int> &v, size_t k) {
  std::multiset<int> s;
  long t = 0;
  for (size_t i = 0; i < v.size(); i++) {
    s.insert(v[i]);
    if (s.size() > k)
      s.erase(s.find(v[i - k]));
    t += *s.begin();
  }
  return t;
}

// Negative: the set lives as long as the thread.
int next_id();
void handle(int id);
[[noreturn]] void serve() {
  std::set<int> seen;
  for (;;) {
    int x = next_id();
    if (seen.insert(x).second)
      handle(x);
  }
}

// Negative: moved into a block on the heap, or into a temporary then
// swapped into a global.
struct Keeper {
  std::unordered_set<int> s;
};
Keeper *keep(const std::vector<int> &v) {
  std::unordered_set<int> m;
  for (int x : v)
    m.insert(x);
  return new Keeper{std::move(m)};
}
std::unordered_map<int, int> g_um;
void via_temp(const std::vector<int> &v) {
  std::unordered_map<int, int> m;
  for (int x : v)
    m[x] = 1;
  std::unordered_map<int, int> t(std::move(m));
  g_um.swap(t);
}

// Negative: swapped into the caller's list, reached through a local struct
// that another function also sees.
struct Route {
  std::list<int> *l;
  int n;
};
void inspect(Route *r);
void swap_through(std::list<int> *out, const std::vector<int> &v) {
  Route r{out, 0};
  inspect(&r);
  std::list<int> tmp;
  for (int x : v)
    tmp.push_back(x);
  r.l->swap(tmp);
}
