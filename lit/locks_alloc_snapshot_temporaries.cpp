// alloc-under-lock, snapshot through temporaries (RocksDB's
// DBImpl::GetOptions: `InstrumentedMutexLock l(&mutex_); return
// Options(BuildDBOptions(immutable_db_options_, mutable_db_options_),
// cfd->GetLatestCFOptions());`). The allocating constructor is handed
// temporaries that calls made under the lock filled from the state the
// lock guards: the copy is the guarded read itself and cannot be made
// before the lock. Confidence low, an analysis remark (snapshot()).
// Positive: the same constructor handed a temporary filled before the lock
// (prepared()), or filled under the lock from what a parameter points to
// (named(): the caller's name, not guarded state), could be built before
// it: a missed remark.
// RUN: %clangxx -std=c++14 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=MISSED --implicit-check-not=remark:
// RUN: %clangxx -std=c++14 -O2 -g %pa -Rpass-analysis=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=SNAP
#include <mutex>
#include <string>
#include <vector>

struct DBOpts {
  std::string name;
  std::vector<int> paths;
};
struct CFOpts {
  std::string comparator;
  std::vector<long> levels;
};
struct Opts {
  DBOpts db;
  CFOpts cf;
  Opts(const DBOpts &d, const CFOpts &c);
};

DBOpts build_db_opts(const std::string &name, const std::vector<int> &paths);

class Family {
  CFOpts latest_;
 public:
  CFOpts latest() const;
};

class DB {
  mutable std::mutex mutex_;
  std::string name_;
  std::vector<int> paths_;
  Family *fam_;
 public:
  Opts snapshot() const;
  Opts prepared(const std::string &name) const;
  Opts named(const std::string &name) const;
};

Opts DB::snapshot() const {
  std::lock_guard<std::mutex> l(mutex_);
  // SNAP: locks_alloc_snapshot_temporaries.cpp:[[@LINE+1]]:{{[0-9]+}}: remark: Opts::Opts{{.*}} allocates {{.*}}[-Rpass-analysis=perfadvise-locks]
  return Opts(build_db_opts(name_, paths_), fam_->latest());
}

Opts DB::prepared(const std::string &name) const {
  DBOpts d = build_db_opts(name, {});
  CFOpts c;
  std::lock_guard<std::mutex> l(mutex_);
  // MISSED: locks_alloc_snapshot_temporaries.cpp:[[@LINE+1]]:{{[0-9]+}}: remark: Opts::Opts{{.*}} allocates {{.*}}[-Rpass-missed=perfadvise-locks]
  return Opts(d, c);
}

Opts DB::named(const std::string &name) const {
  std::lock_guard<std::mutex> l(mutex_);
  // MISSED: locks_alloc_snapshot_temporaries.cpp:[[@LINE+1]]:{{[0-9]+}}: remark: Opts::Opts{{.*}} allocates {{.*}}[-Rpass-missed=perfadvise-locks]
  return Opts(build_db_opts(name, {}), CFOpts());
}

Opts::Opts(const DBOpts &d, const CFOpts &c) : db(d), cf(c) {}
