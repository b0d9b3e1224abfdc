// Several member vectors filled in one loop of a constructor (DuckDB's
// UngroupedAggregateState: `aggregate_data.push_back(std::move(state));
// bind_data.push_back(...); destructors.push_back(...)` per aggregate).
// Where one push_back's growth is inlined, its `operator delete` of the old
// buffer (a load from that member's first word) was taken for the end of
// another member's buffer: the out-of-line growth of `data` became "a
// standard container allocates once per iteration ... declare it before the
// loop and clear() it", which would throw the kept elements away. A
// vector's buffer is its first word, so only a load at the grown vector's
// own offset is its buffer. The member's growth is then what it is for a
// single member vector: amortised growth, reserve() when the count is known
// before the loop.
// -inline-threshold=240 pins the inliner's choice (the trivially copied
// vectors' growth inlined, the unique_ptr vector's out of line, as in
// DuckDB); the MODEL check fails if it changes.
// Positive: a vector declared in the loop body and filled there.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++14 -O2 -g -mllvm -inline-threshold=240 %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o > %t.rem 2>&1
// RUN: FileCheck %s --implicit-check-not=remark: < %t.rem
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-alloc"
// RUN: env PERFADVISE_DUMP_MODEL=_ZN5StateC2ERKSt6vectorI4ExprSaIS1_EE %clangxx -std=c++14 -O2 -g -mllvm -inline-threshold=240 %pa -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=MODEL
// MODEL: call void std::vector<std::unique_ptr<char []{{.*}}_M_realloc_insert
// MODEL: alloc operator new{{.*}}growth=_M_realloc_insert
// MODEL: free operator delete(void*, unsigned long)
#include <memory>
#include <vector>

struct Expr {
    int size;
    void *bind;
    void (*destroy)(void *);
};

struct State {
    std::vector<std::unique_ptr<char[]>> data;
    std::vector<void *> binds;
    std::vector<void (*)(void *)> destructors;
    explicit State(const std::vector<Expr> &exprs);
};

State::State(const std::vector<Expr> &exprs)
{
    for (size_t i = 0; i < exprs.size(); i++) {
        std::unique_ptr<char[]> state(new char[exprs[i].size]);
        data.push_back(std::move(state));
        // CHECK: loopalloc_cxx_vector_members.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container grows (std::vector::_M_realloc_insert) inside a loop {{.*}}reserve() the final size before the loop
        // JSON: FINDING loop-alloc fn=_ZN5StateC2ERKSt6vectorI4ExprSaIS1_EE {{.*}}growth=amortised
        binds.push_back(exprs[i].bind);
        destructors.push_back(exprs[i].destroy);
    }
}

void consume(const std::vector<int> &row);

void rows(const int *cells, int nrows, int ncols)
{
    for (int r = 0; r < nrows; r++) {
        std::vector<int> row;
        for (int c = 0; c < ncols; c++)
            row.push_back(cells[r * ncols + c]);
        // CHECK: loopalloc_cxx_vector_members.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container grows (operator new) inside a loop
        // JSON: FINDING loop-alloc fn=_Z4rowsPKiii
        consume(row);
    }
}
