// The static profile names C++ callers as a reader does: the profile text
// of a finding lists `app::(anonymous namespace)::Loader::Run`, not the
// linkage name `_ZN3app12_GLOBAL__N_16Loader3RunEv`, also for functions the
// analyses did not read (their summary then carries only the call profile).
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=FILE
// RUN: %perfadvise report %t.d/out --confidence low --no-progress | FileCheck %s
// FILE-DAG: SUMMARY _ZN3app12_GLOBAL__N_16Loader3RunEv {{.*}}demangled=app::(anonymous namespace)::Loader::Run()
// CHECK: profile: app::(anonymous namespace)::Loader::Fill() runs
// CHECK-SAME: per call of app::(anonymous namespace)::Loader::Run()
// CHECK-NOT: _ZN3app
#include <cstdlib>
#include <cstring>

void consume(char *p, int i);

namespace app {
namespace {
struct Loader {
    int n;
    __attribute__((noinline)) void Fill(int k) {
        for (int i = 0; i < k; i++) {
            char *p = static_cast<char *>(malloc(64));
            consume(p, i);
            free(p);
        }
    }
    __attribute__((noinline)) void Run() {
        for (int j = 0; j < n; j++)
            Fill(j);
    }
};
} // namespace

void Load(int n) {
    Loader l{n};
    l.Run();
}
} // namespace app
