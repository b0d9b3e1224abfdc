// loop-alloc (C++): strings and objects created per iteration and kept in a
// member or a container, where "reuse a buffer" and "reserve" do not fit:
// - a string assigned to a member (LevelDB version_edit.cc:126
//   `comparator_ = str.ToString()`, version_set.cc:670 into
//   vset_->compact_pointer_[level]);
// - a pair with a copy of a key pushed into a member vector (version_edit.cc:168);
// - a directory entry name pushed into the caller's vector (env_posix.cc:414);
// - a vector member of a local struct filled per key and then inserted into
//   the returned map (RocksDB point_lock_manager.cc:673): no free of it is
//   visible, its fate is not known here, nothing is claimed.
// The true finding nearby: a local vector filled in a counted loop without
// reserve() (reserve).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <string>
#include <vector>
#include <utility>
#include <dirent.h>
#include <map>
#include <unordered_map>
struct Slice { const char *d; unsigned long n; std::string ToString() const { return std::string(d, n); } };
bool GetSlice(const char **in, Slice *s);
bool GetKey(const char **in, std::string *k);

struct Edit {
  std::string comparator_;
  std::vector<std::pair<int, std::string>> compact_pointers_;
  void Decode(const char *in);
};
void Edit::Decode(const char *in) {
  Slice str;
  std::string key;
  int tag;
  while ((tag = *in++) != 0) {
    switch (tag) {
    case 1:
      if (GetSlice(&in, &str))
        comparator_ = str.ToString();
      break;
    case 2:
      if (GetKey(&in, &key))
        compact_pointers_.push_back(std::make_pair(tag, key));
      break;
    }
  }
}

struct VSet { std::string compact_pointer_[7]; };
struct Builder {
  VSet *vset_;
  void Apply(const Edit *e) {
    for (unsigned long i = 0; i < e->compact_pointers_.size(); i++) {
      int level = e->compact_pointers_[i].first;
      vset_->compact_pointer_[level] = Slice{e->compact_pointers_[i].second.data(), e->compact_pointers_[i].second.size()}.ToString();
    }
  }
};
void apply(Builder &b, const Edit *e) { b.Apply(e); }

int children(const char *dir, std::vector<std::string> *result) {
  result->clear();
  DIR *d = opendir(dir);
  if (!d) return -1;
  struct dirent *entry;
  while ((entry = readdir(d)) != nullptr)
    result->push_back(entry->d_name);
  closedir(d);
  return 0;
}

struct LockInfo { bool exclusive; std::vector<unsigned long> txn_ids; };
struct KeyLockInfo { std::string key; std::vector<unsigned long> ids; bool exclusive; };
std::multimap<unsigned, KeyLockInfo> status(const std::vector<std::unordered_map<std::string, LockInfo> *> &stripes) {
  std::multimap<unsigned, KeyLockInfo> data;
  unsigned i = 0;
  for (const auto *j : stripes) {
    for (const auto &it : *j) {
      KeyLockInfo info;
      info.exclusive = it.second.exclusive;
      info.key = it.first;
      for (const auto &id : it.second.txn_ids)
        info.ids.push_back(id);
      data.insert({i, info});
    }
    i++;
  }
  return data;
}

void use(const unsigned long *p, unsigned long n);

void collect(const unsigned long *ids, unsigned long n) {
  std::vector<unsigned long> all;
  for (unsigned long i = 0; i < n; i++)
    all.push_back(ids[i]);
  // REMARK: loopalloc_cxx_local_struct.cpp:[[@LINE-1]]:9: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn={{.*}}collect{{.*}} at=loopalloc_cxx_local_struct.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve
  use(all.data(), all.size());
}
