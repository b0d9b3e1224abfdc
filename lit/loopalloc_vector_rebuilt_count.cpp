// A std::vector declared in an outer loop's body and filled by push_back in
// an inner loop is rebuilt once per outer iteration, and each rebuild grows
// by doubling: floor(log2(n)) + 1 allocations for n elements, not one per
// element nor the growth path's block frequency (issue 10, items 2 and 5;
// LibSass's selector_append said ~872 for a vector rebuilt per argument).
// rows(): 8 rebuilds of 1000 elements = 8 x 10 = 80 allocations per call
// (before: ~240, the growth path's block frequency).
// rows_reserved(n): the reserve(n) allocation runs once per outer iteration,
// at most 8 times per call: no count exceeds the product of the trip counts
// (or bounds) of its loops, whatever the block-frequency estimate says
// (before: ~20). Its push_back growth path never runs: not reported.
// rows_reserved_1000(): reserve(1000) of a constant size before the inner
// loop pre-sizes the vector just the same: its push_back growth path is
// not reported (before: "rebuilt on every iteration ... ~80"). The
// reserve(1000) itself runs once per outer iteration, like reserve(n):
// hoist (before, a growth of the inner loop freeing its buffer made it
// look carried round the outer loop, and it was not reported).
// rows_reserved_member(): the vector is a member of an object whose
// constructor is out of line (DuckDB's ColumnBindingReplacer), reserved
// before the inner loop: the push_back growth is not reported either
// (before: "rebuilt on every iteration ... allocations per call").
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
// CHECK: loopalloc_vector_rebuilt_count.cpp:[[@LINE+10]]:{{[0-9]+}}: remark: a standard container allocates (operator new) in a loop (depth 2, trip count at most 1000) and is rebuilt on every iteration of the enclosing loop: ~80 allocations per call of rows(); declare it before the outer loop and clear() it each iteration so its capacity is reused [-Rpass-missed=perfadvise-loopalloc]
#include <vector>

void use(const int *p, unsigned long n);

void rows(void)
{
    for (int i = 0; i < 8; i++) {
        std::vector<int> v;
        for (int j = 0; j < 1000; j++)
            v.push_back(j * i);
        use(v.data(), v.size());
    }
}

void rows_reserved(int n)
{
    for (int i = 0; i < 8; i++) {
        std::vector<int> v;
        v.reserve(n);
        // CHECK: loopalloc_vector_rebuilt_count.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (operator new) once per iteration of a loop (depth 1, trip count at most 8): ~8 calls per call of rows_reserved(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        for (int j = 0; j < n; j++)
            v.push_back(j * i);
        use(v.data(), v.size());
    }
}

void rows_reserved_1000(void)
{
    for (int i = 0; i < 8; i++) {
        std::vector<int> v;
        v.reserve(1000);
        // CHECK: loopalloc_vector_rebuilt_count.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (operator new(4000)) once per iteration of a loop (depth 1, trip count at most 8): ~8 calls per call of rows_reserved_1000(); declare it before the loop and clear() it each iteration so its capacity is reused [-Rpass-missed=perfadvise-loopalloc]
        for (int j = 0; j < 1000; j++)
            v.push_back(j * i);
        use(v.data(), v.size());
    }
}

struct Pair { long a, b; Pair(long x, long y); };
struct Replacer {
    Replacer();
    ~Replacer();
    std::vector<Pair> bindings;
};
void consume(Replacer &r);

void rows_reserved_member(const std::vector<long> &olds)
{
    for (int i = 0; i < 8; i++) {
        Replacer r;
        r.bindings.reserve(olds.size());
        for (std::size_t j = 0; j < olds.size(); j++)
            r.bindings.emplace_back(olds[j], i);
        consume(r);
    }
}
