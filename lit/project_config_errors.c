// A configuration file with bad entries: one warning per bad entry, naming
// the file and the line, said once per translation unit (not once per
// phase or per function); the compile succeeds and the good entries count.
// A configuration file that cannot be read is a warning too.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g -Xclang -load -Xclang %plugin %pa -Rpass-missed=perfadvise-loopalloc -mllvm -perfadvise-config=%S/Inputs/config/bad.perfadvise -c %s -o %t.o 2>&1 | tee %t.out | FileCheck %s --implicit-check-not=warning: --implicit-check-not=remark:
// --implicit-check-not does not look past the first -DAG match: count the
// warnings (8) and remarks (1) to prove there is none besides the -DAG lines
// (docs/testing.md).
// RUN: grep -c -F -e warning: -e remark: %t.out | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}9{{$}}
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
// RUN: env PERFADVISE_CONFIG=%t.d/missing.perfadvise %clang -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=MISSING --implicit-check-not=warning:
// CHECK-DAG: warning: perfadvise: {{.*}}bad.perfadvise:3: unknown entry kind 'alocator' (expected allocator, reallocator, deallocator, lock, trylock, unlock, condwait or blocking); entry ignored
// CHECK-DAG: warning: perfadvise: {{.*}}bad.perfadvise:4: 'allocator' needs a function name; entry ignored
// CHECK-DAG: warning: perfadvise: {{.*}}bad.perfadvise:5: 'size=zero': expected an argument number (0 for the first argument); entry ignored
// CHECK-DAG: warning: perfadvise: {{.*}}bad.perfadvise:6: unknown key 'colour' for allocator (expected size, count); entry ignored
// CHECK-DAG: warning: perfadvise: {{.*}}bad.perfadvise:7: 'arg=-1': expected an argument number (0 for the first argument); entry ignored
// CHECK-DAG: warning: perfadvise: {{.*}}bad.perfadvise:8: 'success=maybe': expected zero or nonzero; entry ignored
// CHECK-DAG: warning: perfadvise: {{.*}}bad.perfadvise:10: 'app_alloc' is already named at line 9; entry ignored
// CHECK-DAG: warning: perfadvise: {{.*}}bad.perfadvise:11: 'mutex=always': expected an argument number (0 for the first argument) or held; entry ignored
// JSON: FINDING loop-alloc fn=render {{.*}}callee=app_alloc
// MISSING: warning: perfadvise: cannot read configuration file {{.*}}missing.perfadvise{{.*}}; no project allocators or locks from it
#include <stddef.h>
#include <stdlib.h>

void *app_alloc(size_t n);
void emit_row(const char *line);

void render(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = app_alloc(128);
    // CHECK-DAG: project_config_errors.c:[[@LINE-1]]:17: remark: app_alloc(128) runs once per iteration of a loop
    emit_row(buf);
    free(buf);
  }
}

void other(void) { emit_row("x"); }
