// A std::vector declared before an outer loop and filled by push_back in an
// inner loop keeps its buffer across the outer iterations, whether the
// outer loop clear()s it (its capacity is reused: issue 10, item 5) or it
// keeps growing. Either way it holds at most the inner loop's iterations
// of one call, so it reallocates at most floor(log2(n)) + 1 times per call
// for those n iterations, never the growth path's block frequency (before:
// ~240 for both, 24 times too many, and ranked as a hot loop).
// rows_reused: 8 x 1000 iterations by the estimate (~1020): ~10.
// rows_accumulate: the same nest without clear(): ~10 (at most 13 by the
// trip counts; the estimate is lower).
// rows_rebuilt: for contrast, the vector declared in the outer body is
// rebuilt per outer iteration: 8 x 10 = ~80 (lit/loopalloc_vector_rebuilt_count.cpp).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -Rpass-missed=perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
#include <vector>

void use(const int *p, unsigned long n);

void rows_reused(void)
{
    std::vector<int> v;
    for (int i = 0; i < 8; i++) {
        v.clear();
        for (int j = 0; j < 1000; j++)
            v.push_back(j * i);
        // CHECK: loopalloc_vector_reused_count.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container grows (operator new) inside a loop (depth 2, trip count at most 1000): ~10 reallocations and copies per call of rows_reused(); reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
        use(v.data(), v.size());
    }
}

void rows_accumulate(void)
{
    std::vector<int> v;
    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 1000; j++)
            v.push_back(j * i);
        // CHECK: loopalloc_vector_reused_count.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container grows (operator new) inside a loop (depth 2, trip count at most 1000): ~10 reallocations and copies per call of rows_accumulate(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
    }
    use(v.data(), v.size());
}

void rows_rebuilt(void)
{
    for (int i = 0; i < 8; i++) {
        std::vector<int> v;
        for (int j = 0; j < 1000; j++)
            v.push_back(j * i);
        // CHECK: loopalloc_vector_reused_count.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (operator new) in a loop (depth 2, trip count at most 1000) and is rebuilt on every iteration of the enclosing loop: ~80 allocations per call of rows_rebuilt(){{.*}}
        use(v.data(), v.size());
    }
}
