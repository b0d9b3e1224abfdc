// Member locks of a class only one file describes. Clang describes a C++
// class with a vtable only in the file that emits its vtable (the key
// function's), so the other files name its members by class and byte
// offset: RocksDB's db_impl_write.cc reported a double lock of
// 'rocksdb::DBImpl::<byte 2040>'. The file that describes the class lists
// the member locks it takes in its findings file (member_names); the
// advisor, after its joins, shows the member's name in every message and
// in the evidence; up to then the opaque names are the join keys.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/db.cpp && cp %s %t.d/write.cpp
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clangxx -O2 -g %pa -DKEY_FUNCTION_HERE -c db.cpp -o db.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clangxx -O2 -g %pa -c write.cpp -o write.o
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=JSON
// JSON: MEMBER_NAME DB::<byte 88> -> DB::log_mu_
// JSON-NOT: MEMBER_NAME
// The write file alone: the opaque name.
// RUN: %perfadvise report --context 0 %t.d/out/write.cpp*.json | FileCheck %s --check-prefix=ALONE
// ALONE: locks 'DB::<byte 88>', which is already held here
// Both files: the member's name.
// RUN: %perfadvise report --context 0 %t.d/out | FileCheck %s --check-prefix=BOTH --implicit-check-not="<byte"
// BOTH: locks 'DB::log_mu_', which is already held here
// The evidence and the texts made from it (JSON's lock_class and classes,
// SARIF's related locations) name the member too, once the joins are done.
// RUN: %perfadvise report --format json %t.d/out | FileCheck %s --check-prefix=REPORT_JSON --implicit-check-not="<byte"
// REPORT_JSON: "message":"{{[^"]*}}locks 'DB::log_mu_', which is already held here
// REPORT_JSON-SAME: "evidence":{"lock_class":"DB::log_mu_","acquired_at":[{"class":"DB::log_mu_"
// RUN: %perfadvise report --format sarif %t.d/out | FileCheck %s --check-prefix=SARIF --implicit-check-not="<byte"
// SARIF: "text":"'DB::log_mu_' is acquired here
#include <mutex>

struct DB {
  virtual ~DB();
  long stats[10];
  std::mutex log_mu_;
  int pending;
  void WriteToWAL();
  void ConcurrentWrite();
  void Flush();
};

#ifdef KEY_FUNCTION_HERE
DB::~DB() {}
void DB::Flush() {
  std::lock_guard<std::mutex> g(log_mu_);
  pending = 0;
}
#else
void DB::ConcurrentWrite() {
  log_mu_.lock();
  WriteToWAL();
  log_mu_.unlock();
}
void DB::WriteToWAL() {
  log_mu_.lock();
  pending++;
  log_mu_.unlock();
}
#endif
