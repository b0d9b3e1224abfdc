// loop-alloc negative (C++): reserve(n) before the loop. The growth path of
// push_back is still inlined into the loop at -O2, but the buffer it would
// replace comes from the reserve: already pre-sized, nothing to report.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --allow-empty --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// REMARK-NOT: perfadvise-loopalloc
// JSON: FILE schema=perfadvise-findings/1 source=loopalloc_vector_reserve.cpp
#include <vector>

void use(const int *p, unsigned long n);

void squares(int n) {
  std::vector<int> v;
  v.reserve(n);
  for (int i = 0; i < n; i++)
    v.push_back(i * i);
  use(v.data(), v.size());
}
