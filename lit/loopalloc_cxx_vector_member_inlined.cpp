// A std::vector's growth inlined into the caller (_M_realloc_insert has one
// call site in the TU, so it is inlined) allocates the vector's new buffer,
// not a node (issue 10, item 5): it is never "a standard container
// allocates a node on every iteration ... give it a pool (std::pmr)".
// - a member vector filled in a constructor (LibSass's Context::Context
//   copying plugin entries into c_headers): the caller's vector, which may be
//   sized by design, gets no finding, as when the growth is out of line;
// - a local vector returned to the caller, filled in a counted loop with
//   the growth inlined too, is amortised growth: reserve() before the loop.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++11 -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %jq %t.d | FileCheck %s --check-prefix=FILE
// RUN: env PERFADVISE_DUMP_MODEL=_ZN3CtxC2Ev %clangxx -std=c++11 -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=MODEL
//
// MODEL: alloc operator new(unsigned long){{.*}}@loopalloc_cxx_vector_member_inlined.cpp:[[@LINE+20]]:{{.*}}growth=_M_realloc_insert
// REMARK-NOT: allocates a node
// REMARK: loopalloc_cxx_vector_member_inlined.cpp:[[@LINE+25]]:{{[0-9]+}}: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop
// REMARK-NOT: allocates a node
// FILE-NOT: FINDING loop-alloc fn=_ZN3CtxC2Ev
#include <vector>

struct Entry {
    int prio;
};
typedef Entry *EntryPtr;
std::vector<EntryPtr> loaded_headers();

struct Ctx {
    std::vector<EntryPtr> headers;
    Ctx();
};
Ctx::Ctx()
{
    for (auto h : loaded_headers())
        headers.push_back(h);
}

std::vector<EntryPtr> pick(EntryPtr *src, int n)
{
    std::vector<EntryPtr> picked;
    for (int i = 0; i < n; i++)
        picked.push_back(src[i]);
    return picked;
}
