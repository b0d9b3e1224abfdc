// loop-alloc (C++): std::vector growth that libstdc++ leaves out of line
// (_M_realloc_insert: push_back of a struct, emplace_back of a string
// member, emplace_back inside a range-for). The loop calls the growth path;
// operator new is inside it, not in the loop. Where the final count is known
// before the loop (a counted for, a range-for over a container) and nothing
// reserve()s the vector, advise reserve() -- the cases clang-tidy's
// performance-inefficient-vector-operation reports (lit/tidy_parity.test).
// Not reported: a vector reserve()d before the loop, a loop whose count is not
// known before it runs (reading until the input ends), a vector of the caller
// (a parameter: its capacity may be the caller's design), a push_back made on
// some iterations only (a filter: no final count to reserve), an inner loop
// filling a vector that lives across the outer loop (it ends with the sum of
// the inner counts: RocksDB DeleteUnreferencedSstFiles). Reported again when
// the outer loop clear()s it each time round (the inner count is its size).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | tee %t.jq | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// --implicit-check-not does not look past the first -DAG match: count the loop
// findings to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F perfadvise-loopalloc %t.remarks | FileCheck %s --check-prefix=COUNT-REMARK
// RUN: grep -c -F "FINDING loop-" %t.jq | FileCheck %s --check-prefix=COUNT-JSON
// COUNT-REMARK: {{^}}4{{$}}
// COUNT-JSON: {{^}}4{{$}}
#include <string>
#include <vector>

struct Item {
  int id;
  std::string name;
};

std::vector<Item> copy_items(const std::vector<Item> &items) {
  std::vector<Item> out;
  for (const Item &it : items)
    out.push_back(it);
  // REMARK-DAG: loopalloc_cxx_vector_growth.cpp:[[@LINE-1]]:9: remark: a standard container grows (std::vector::_M_realloc_insert) inside a loop {{.*}}reserve() the final size before the loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}copy_items{{.*}} at=loopalloc_cxx_vector_growth.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve
  return out;
}

std::vector<std::string> names(const std::vector<Item> &items) {
  std::vector<std::string> out;
  for (const Item &it : items)
    out.emplace_back(it.name);
  // REMARK-DAG: loopalloc_cxx_vector_growth.cpp:[[@LINE-1]]:9: remark: a standard container grows (std::vector::_M_realloc_insert) inside a loop {{.*}}reserve() the final size before the loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}names{{.*}} at=loopalloc_cxx_vector_growth.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve
  return out;
}

long sum_ids(const std::vector<Item> &items) {
  std::vector<int> ids;
  for (const Item &it : items)
    ids.emplace_back(it.id);
  // REMARK-DAG: loopalloc_cxx_vector_growth.cpp:[[@LINE-1]]:9: remark: a standard container grows (operator new) inside a loop (depth 1, trip count = the range's length, known before the loop): {{.*}}reserve() the final size before the loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}sum_ids{{.*}} at=loopalloc_cxx_vector_growth.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve
  long s = 0;
  for (int id : ids)
    s += id;
  return s;
}

std::vector<Item> copy_reserved(const std::vector<Item> &items) {
  std::vector<Item> out;
  out.reserve(items.size());
  for (const Item &it : items)
    out.push_back(it);
  return out;
}

bool next_item(Item *it);

std::vector<Item> read_all() {
  std::vector<Item> out;
  Item it;
  while (next_item(&it))
    out.push_back(it);
  return out;
}

void append_items(std::vector<Item> &out, const std::vector<Item> &items) {
  for (const Item &it : items)
    out.push_back(it);
}

std::vector<Item> named_only(const std::vector<Item> &items) {
  std::vector<Item> out;
  for (const Item &it : items)
    if (it.id > 0)
      out.push_back(it);
  return out;
}

struct Group {
  std::vector<Item> members;
};

std::vector<std::string> all_names(const std::vector<Group> &groups) {
  std::vector<std::string> out;
  for (const Group &g : groups)
    for (const Item &it : g.members)
      out.push_back(it.name);
  return out;
}

void each_group(const std::vector<Group> &groups, void (*visit)(const std::vector<Item> &)) {
  std::vector<Item> batch;
  for (const Group &g : groups) {
    batch.clear();
    for (const Item &it : g.members)
      batch.push_back(it);
    // REMARK-DAG: loopalloc_cxx_vector_growth.cpp:[[@LINE-1]]:13: remark: a standard container grows (std::vector::_M_realloc_insert) inside a loop (depth 2, {{.*}}reserve() the final size before the loop
    // JSON-DAG: FINDING loop-alloc fn={{.*}}each_group{{.*}} at=loopalloc_cxx_vector_growth.cpp:[[@LINE-2]]:13 {{.*}}advice=reserve
    visit(batch);
  }
}

// The filter and the push_back in a function of the user's inlined into
// its caller (LevelDB's Repairer::FindFiles into Run), or in a lambda
// given to std::for_each (RocksDB's WritableFileWriter constructor
// keeping the listeners that want file events): every branch of the
// inlined code has the caller's line, so the capacity check is told from
// the filter by the innermost line of the user's code. Not reported.
#include <algorithm>
struct Listener {
  bool wants;
  std::string name;
};
struct Writer {
  std::vector<Listener> listeners;
  explicit Writer(const std::vector<Listener> &all) : listeners() {
    std::for_each(all.begin(), all.end(), [this](const Listener &l) {
      if (l.wants)
        listeners.push_back(l);
    });
  }
};
Writer *make_writer(const std::vector<Listener> &all) { return new Writer(all); }

struct Repairer {
  std::vector<std::string> manifests;
  std::vector<std::string> logs;
  int find(const std::vector<std::string> &names) {
    for (size_t i = 0; i < names.size(); i++) {
      if (names[i].size() > 8)
        manifests.push_back(names[i]);
      else
        logs.push_back(names[i]);
    }
    return (int)manifests.size();
  }
  int run(const std::vector<std::string> &names) { return find(names) + 1; }
};
int repair(const std::vector<std::string> &names) {
  Repairer r;
  return r.run(names);
}

#define KEEP_IF_LONG(o, s) if ((s).size() > 8) (o).push_back(s)
std::vector<std::string> long_names(const std::vector<std::string> &names) {
  std::vector<std::string> out;
  for (const std::string &n : names) {
    KEEP_IF_LONG(out, n);
  }
  return out;
}

#include <iterator>
std::vector<std::string> long_names_copied(const std::vector<std::string> &names) {
  std::vector<std::string> out;
  std::copy_if(names.begin(), names.end(), std::back_inserter(out),
               [](const std::string &n) { return n.size() > 8; });
  return out;
}
