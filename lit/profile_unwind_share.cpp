// The call profile's block frequencies (plugin/llvm/PerfAdvisePass.cpp,
// staticBlockFreqs) in C++: where an exception lands (an invoke's unwind
// destination) is all but never run, as BranchProbabilityInfo weighs it
// (1 against 0xfffff), so the calls in a loop whose body holds an object
// with a destructor run as often as the loop does. Split evenly, half of
// each iteration left by the landing pad and the loop ran ~2 times instead
// of ~20. The figures equal BlockFrequencyInfo's on the same function
// (opt -passes='print<block-freq>': 19.999 each).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s
//
// CHECK: SUMMARY _Z12with_cleanupi call_sites=[{"callee": "_Z9may_throwi", "executions_per_call": 19.99{{[0-9]*}},{{.*}}{"callee": "_Z11unwind_sinki", "executions_per_call": 19.99{{[0-9]*}},
void may_throw(int);
void unwind_sink(int);
struct guard {
    ~guard();
};

void with_cleanup(int n)
{
    for (int i = 0; i < n; i++) {
        guard g;
        may_throw(i);
        unwind_sink(i);
    }
}
