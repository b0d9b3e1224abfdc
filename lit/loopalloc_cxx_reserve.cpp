// loop-alloc (C++), reserve() before the loop that fills a vector:
// - push_back after a reserve() of the same vector made in an enclosing
//   loop's body (LevelDB ~Builder, version_set.cc:647/650) or before the
//   inner loop of a level loop (Version::Get, :360/:365): the growth path is
//   inlined but not taken; nothing to report for it;
// - the reserve() call itself on a vector declared before the loop
//   (Version::Get :360): it is the pre-sizing, not a growth to pre-size.
// - reserve() of the per-level vectors of a new object kept as the result
//   (VersionSet::Builder::SaveTo, version_set.cc:721), and the push_back that
//   fills them: memory of the caller's object, sized by design.
// - a member vector reserve()d in a constructor and filled in its loop.
// True findings nearby: the per-level vector of ~Builder is still built and
// destroyed on every outer iteration (hoist: declare it before the loop and
// clear() it), and push_back into a local vector with a known trip count
// and no reserve() (reserve).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | tee %t.jq | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// --implicit-check-not does not look past the first -DAG match: count the loop
// findings to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F perfadvise-loopalloc %t.remarks | FileCheck %s --check-prefix=COUNT-REMARK
// RUN: grep -c -F "FINDING loop-" %t.jq | FileCheck %s --check-prefix=COUNT-JSON
// COUNT-REMARK: {{^}}2{{$}}
// COUNT-JSON: {{^}}2{{$}}
#include <set>
#include <vector>

struct F {
  int refs;
};
void use(F *const *p, unsigned long n);

void unref_all(std::set<F *> *const *levels, int nlevels) {
  for (int level = 0; level < nlevels; level++) {
    const std::set<F *> *added = levels[level];
    std::vector<F *> to_unref;
    to_unref.reserve(added->size());
    // REMARK-DAG: loopalloc_cxx_reserve.cpp:[[@LINE-1]]:14: remark: a standard container allocates (operator new) once per iteration of a loop {{.*}}declare it before the loop and clear() it
    // JSON-DAG: FINDING loop-alloc fn={{.*}}unref_all{{.*}} at=loopalloc_cxx_reserve.cpp:[[@LINE-2]]:14 {{.*}}advice=hoist
    for (auto it = added->begin(); it != added->end(); ++it)
      to_unref.push_back(*it);
    for (unsigned i = 0; i < to_unref.size(); i++)
      to_unref[i]->refs--;
  }
}

int get(F *const *const *files, const unsigned long *nfiles, int nlevels, int key) {
  std::vector<F *> tmp;
  for (int level = 0; level < nlevels; level++) {
    unsigned long num = nfiles[level];
    if (num == 0)
      continue;
    if (level == 0) {
      tmp.reserve(num);
      for (unsigned long i = 0; i < num; i++)
        if (files[level][i]->refs > key)
          tmp.push_back(files[level][i]);
      if (tmp.empty())
        continue;
      use(tmp.data(), tmp.size());
    }
  }
  return (int)tmp.size();
}

struct Version {
  std::vector<F *> files_[7];
};
void save_to(Version *v, const std::vector<F *> *base, int nlevels) {
  for (int level = 0; level < nlevels; level++) {
    v->files_[level].reserve(base[level].size() + 1);
    for (F *f : base[level]) {
      f->refs++;
      v->files_[level].push_back(f);
    }
  }
}

// RocksDB LockMap::LockMap: a member vector reserve()d in the constructor,
// then filled with one object per stripe; its old buffer is loaded from
// `this`, so only the reserve before the loop tells that growth never runs.
struct Stripe {
  explicit Stripe(long id) : id(id) {}
  long id;
  std::vector<long> keys;
};
struct StripeMap {
  explicit StripeMap(unsigned long n) {
    stripes_.reserve(n);
    for (unsigned long i = 0; i < n; i++)
      stripes_.push_back(new Stripe((long)i));
  }
  std::vector<Stripe *> stripes_;
};
StripeMap *make_stripes(unsigned long n) { return new StripeMap(n); }

void collect(F *const *files, unsigned long n) {
  std::vector<F *> all;
  for (unsigned long i = 0; i < n; i++)
    all.push_back(files[i]);
  // REMARK-DAG: loopalloc_cxx_reserve.cpp:[[@LINE-1]]:9: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop
  // JSON-DAG: FINDING loop-alloc fn={{.*}}collect{{.*}} at=loopalloc_cxx_reserve.cpp:[[@LINE-2]]:9 {{.*}}advice=reserve
  use(all.data(), all.size());
}
