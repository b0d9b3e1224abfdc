// alloc-under-lock (C++): a local container built from empty inside a
// critical section (LevelDB's DBImpl::NewInternalIterator: under the DB
// mutex, a local std::vector of child iterators is filled by push_back and
// merged, then the mutex is released). A growth call alone allocates on a
// few calls only (amortised, under the 0.3 threshold of a callee's
// allocation chance), but a container that is empty when the lock is taken
// allocates on its first insertion on every call, under the lock: build it
// before locking or after unlocking, copying only the guarded pointers
// under the lock. Medium confidence.
// Low: the values pushed are read under the lock (a snapshot of guarded
// pointers), or are temporaries filled from guarded state (a record copied
// out of a guarded map: RocksDB's deadlock path): the copy itself needs the
// lock.
// Not reported: a vector kept in the object and appended under the lock
// (amortised growth of guarded state), a local reserve()d or filled before
// the lock is taken (not empty in the critical section), a local filled
// after unlocking.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_CONFIG=none PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s
// RUN: %jq %t.d | grep -c "FINDING alloc-under-lock" | FileCheck %s --check-prefix=COUNT
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}NewInternalIterator{{.*}} at=locks_alloc_local_build.cpp:[[#@LINE+35]]:{{.*}}confidence=medium confidence_reason=the container is a local built from empty under the lock
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}squares_locked{{.*}} at=locks_alloc_local_build.cpp:[[#@LINE+59]]:{{.*}}confidence=medium
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}snapshot_files{{.*}} at=locks_alloc_local_build.cpp:[[#@LINE+68]]:{{.*}}confidence=low confidence_reason=the values pushed are read under the lock
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}control_new_under_lock{{.*}} confidence=high
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}DetectPath{{.*}} confidence=low confidence_reason=the values pushed are read under the lock
// COUNT: 7
#include <pthread.h>
#include <string>
#include <vector>

struct Iter {
  virtual ~Iter();
  virtual void Next() = 0;
};
struct Source {
  virtual Iter *NewIterator() = 0;
};
Iter *Merge(Iter **list, int n);
void Register(Iter *it);

struct DB {
  pthread_mutex_t mu;
  Source *mem;
  Source *imm;
  Source *files[8];
  int nfiles;
  unsigned long last_seq;
  std::vector<unsigned long> log;
  Iter *NewInternalIterator(unsigned long *seq);
};

Iter *DB::NewInternalIterator(unsigned long *seq) {
  pthread_mutex_lock(&mu);
  *seq = last_seq;
  std::vector<Iter *> list;
  list.push_back(mem->NewIterator());
  if (imm != nullptr)
    list.push_back(imm->NewIterator());
  for (int i = 0; i < nfiles; i++)
    list.push_back(files[i]->NewIterator());
  Iter *it = Merge(&list[0], (int)list.size());
  Register(it);
  pthread_mutex_unlock(&mu);
  return it;
}

int *control_new_under_lock(DB *db) {
  pthread_mutex_lock(&db->mu);
  int *p = new int[64];
  p[0] = (int)db->last_seq;
  pthread_mutex_unlock(&db->mu);
  return p;
}

long consume(const std::vector<int> &v);

long squares_locked(DB *db, int n) {
  pthread_mutex_lock(&db->mu);
  std::vector<int> v;
  for (int i = 0; i < n; i++)
    v.push_back(i * i);
  long s = consume(v);
  pthread_mutex_unlock(&db->mu);
  return s;
}

long snapshot_files(DB *db) {
  std::vector<Source *> copy;
  pthread_mutex_lock(&db->mu);
  for (int i = 0; i < db->nfiles; i++)
    copy.push_back(db->files[i]);
  pthread_mutex_unlock(&db->mu);
  return (long)copy.size();
}

void append_log(DB *db, unsigned long x) {
  pthread_mutex_lock(&db->mu);
  db->log.push_back(x);
  pthread_mutex_unlock(&db->mu);
}

long reserved_before(DB *db, int n) {
  std::vector<int> v;
  v.reserve(64);
  pthread_mutex_lock(&db->mu);
  for (int i = 0; i < n; i++)
    v.push_back(i + (int)db->last_seq);
  pthread_mutex_unlock(&db->mu);
  return consume(v);
}

long built_after(DB *db, int n) {
  pthread_mutex_lock(&db->mu);
  unsigned long seq = db->last_seq;
  pthread_mutex_unlock(&db->mu);
  std::vector<int> v;
  for (int i = 0; i < n; i++)
    v.push_back(i + (int)seq);
  return consume(v);
}

struct Info {
  unsigned long id;
  std::string key;
};
struct Map {
  Info Get(unsigned long id) const;
};
void AddPath(const std::vector<Info> &p);
struct Waits {
  pthread_mutex_t mu;
  Map map;
  void DetectPath(const unsigned long *q, const int *parent, int head);
};

void Waits::DetectPath(const unsigned long *q, const int *parent, int head) {
  pthread_mutex_lock(&mu);
  std::vector<Info> path;
  while (head != -1) {
    Info info = map.Get(q[head]);
    path.push_back({q[head], info.key});
    head = parent[head];
  }
  AddPath(path);
  pthread_mutex_unlock(&mu);
}

// The same shape through C++17's emplace_back, whose demangled name starts
// with the reference it returns (`int& std::vector<int>::emplace_back<int>`),
// and std::map's try_emplace (a node per key).
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}emplaced_locked{{.*}} at=locks_alloc_local_build.cpp:[[#@LINE+6]]:{{.*}}confidence=medium
// CHECK-DAG: FINDING alloc-under-lock fn={{.*}}counted_locked{{.*}} at=locks_alloc_local_build.cpp:[[#@LINE+16]]:{{.*}}confidence=medium
long emplaced_locked(DB *db, int n) {
  std::vector<int> v;
  pthread_mutex_lock(&db->mu);
  for (int i = 0; i < n; i++)
    v.emplace_back(i * i);
  long s = consume(v);
  pthread_mutex_unlock(&db->mu);
  return s;
}

#include <map>
long count_keys(const std::map<int, int> &m);
long counted_locked(DB *db, int n) {
  std::map<int, int> m;
  pthread_mutex_lock(&db->mu);
  m.try_emplace(n, 1);
  long s = count_keys(m);
  pthread_mutex_unlock(&db->mu);
  return s;
}
