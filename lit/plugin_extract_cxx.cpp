// C++ at -O2: std::vector growth inlined from libstdc++ is reported at the
// user's line, with the header location kept as the origin; operator
// new/delete are allocations; std::lock_guard is a plain pthread call at the
// end of the pipeline, and a call of its constructor in the model the lock
// analysis reads (before inlining, PERFADVISE_DUMP_PHASE=early).
// RUN: env PERFADVISE_DUMP_MODEL=1 %clangxx -std=c++17 -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: env PERFADVISE_DUMP_MODEL=_Z4bumpv PERFADVISE_DUMP_PHASE=early %clangxx -std=c++17 -O2 -g %pa -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=EARLY
#include <memory>
#include <mutex>
#include <vector>

// CHECK-LABEL: function _Z7squaresi (squares(int))
// CHECK: loop0 parent=-1 depth=1
// CHECK: alloc operator new(unsigned long)({{.*}}) -> v{{[0-9]+}} [operator new size=v{{[0-9]+}}] {{.*}}@plugin_extract_cxx.cpp:[[@LINE+6]]:{{[0-9]+}} (inlined from {{.*}}c++{{.*}}new_allocator.h:{{[0-9]+}})
// CHECK: free operator delete(void*, unsigned long)
std::vector<int> squares(int n)
{
    std::vector<int> out;
    for (int i = 0; i < n; i++)
        out.push_back(i * i);
    return out;
}

std::mutex mu;
int counter;
// CHECK-LABEL: function _Z4bumpv (bump())
// CHECK: v{{[0-9]+}} = global 'mu'
// CHECK: lock pthread_mutex_lock(v{{[0-9]+}}) {{.*}} @plugin_extract_cxx.cpp:[[@LINE+8]]:
// CHECK: unlock pthread_mutex_unlock
// EARLY-LABEL: function _Z4bumpv (bump())
// EARLY: = global 'mu' class=global:'mu'
// EARLY: call std::lock_guard<std::mutex>::lock_guard(std::mutex&)({{.*}}) {{.*}}@plugin_extract_cxx.cpp:[[@LINE+4]]:
// EARLY: call std::lock_guard<std::mutex>::~lock_guard()
void bump()
{
    std::lock_guard<std::mutex> guard(mu);
    counter++;
}

// A call that may throw while a std::unique_ptr owns memory is an invoke
// (flags bit 0x10) whose landing pad (ehpad) frees the memory.
// CHECK-LABEL: function _Z5makerv (maker())
// CHECK: alloc operator new[](unsigned long)(16) -> v{{[0-9]+}} [operator new[] 16 bytes
// CHECK: call consume(int*)(v{{[0-9]+}}) flags=0x{{[0-9a-f]*}}1{{[0-9a-f]}} @plugin_extract_cxx.cpp:[[@LINE+7]]
// CHECK: ehpad
// CHECK: free operator delete[](void*)
void consume(int *);
int *maker()
{
    std::unique_ptr<int[]> p(new int[4]);
    consume(p.get());
    return p.release();
}
