// loop-alloc (C++), placement when user functions are inlined:
// - the loop and the allocation are inside an inlined callee (LevelDB
//   Repairer::Run -> ConvertLogFilesToTables, repair.cc:73): the finding is
//   placed at the allocation's line inside the callee, never at the caller's
//   call line, which holds no loop;
// - the loop is the caller's and only the allocation is in an inlined
//   helper: the finding stays at the caller's line in its loop.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | tee %t.remarks | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | tee %t.jq | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// --implicit-check-not does not look past the first -DAG match: count the loop
// findings to prove there is none besides the -DAG lines (docs/testing.md).
// RUN: grep -c -F perfadvise-loopalloc %t.remarks | FileCheck %s --check-prefix=COUNT-REMARK
// RUN: grep -c -F "FINDING loop-" %t.jq | FileCheck %s --check-prefix=COUNT-JSON
// COUNT-REMARK: {{^}}2{{$}}
// COUNT-JSON: {{^}}2{{$}}
#include <vector>

struct Meta {
  long size;
  long pad[4];
};
void process(Meta *m);
long scan(int i);

namespace {
struct Repairer {
  std::vector<long> logs_;

  void ConvertLogs() {
    for (unsigned long i = 0; i < logs_.size(); i++) {
      Meta *m = new Meta;
      // REMARK-DAG: loopalloc_cxx_inlined_loop.cpp:[[@LINE-1]]:17: remark: operator new(40) runs once per iteration of a loop {{.*}}allocate the buffer once before the loop and reuse it
      // JSON-DAG: FINDING loop-alloc fn={{.*}}run_repair{{.*}} at=loopalloc_cxx_inlined_loop.cpp:[[@LINE-2]]:17 {{.*}}advice=hoist
      m->size = scan((int)i);
      process(m);
      delete m;
    }
  }
  int Run() {
    ConvertLogs();
    return 0;
  }
};
} // namespace

int run_repair(const long *l, int n) {
  Repairer r;
  r.logs_.assign(l, l + n);
  return r.Run();
}

static Meta *fresh(int i) {
  Meta *m = new Meta;
  m->size = scan(i);
  return m;
}

void per_item(int n) {
  for (int i = 0; i < n; i++) {
    Meta *m = fresh(i);
    // REMARK-DAG: loopalloc_cxx_inlined_loop.cpp:[[@LINE-1]]:15: remark: operator new(40) runs once per iteration of a loop {{.*}}allocate the buffer once before the loop and reuse it
    // JSON-DAG: FINDING loop-alloc fn={{.*}}per_item{{.*}} at=loopalloc_cxx_inlined_loop.cpp:[[@LINE-2]]:15 {{.*}}advice=hoist
    process(m);
    delete m;
  }
}
