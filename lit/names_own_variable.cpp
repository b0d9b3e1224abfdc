// Names of stack objects: at -O2 -g clang tracks a local's assignments
// (#dbg_assign linked to the slot) instead of declaring it, and debug
// values also say the slot is the `this` of an inlined member or a
// range-for's `__range1`. A message names the variable the function
// declares (RocksDB's SyncBlobFiles: "grows '__range2'" named the range
// of the loop, not the vector it fills).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_CONFIG=none PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s --implicit-check-not="'__range"
// CHECK: MESSAGE std::vector<...>::push_back() grows 'process_files', a local container built from empty while holding 'DB::mu'
#include <pthread.h>
#include <vector>

struct File {
  int fd;
};
struct DB {
  pthread_mutex_t mu;
  std::vector<File *> open;
};
void Sync(File *f);

void SyncAll(DB *db) {
  std::vector<File *> process_files;
  pthread_mutex_lock(&db->mu);
  for (File *f : db->open)
    process_files.push_back(f);
  pthread_mutex_unlock(&db->mu);
  for (File *f : process_files)
    Sync(f);
}
