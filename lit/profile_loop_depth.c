// The call profile's loop depths (plugin/llvm/PerfAdvisePass.cpp,
// loopDepths): computed without LoopInfo for every function the analyses do
// not read, and equal to LoopInfo's on every block
// (PERFADVISE_CHECK_LOOP_DEPTHS=1 compares the two and prints any
// difference). A loop's header runs per entry as BlockFrequencyInfo says
// (32 times for a loop left by the test at its head, 124:4), at most three
// levels deep (BlockFrequencyInfo: 655360 for four_deep); a loop's entry
// behind the guard `n > 0` that loop rotation puts in front of it counts
// at 0.625 (BranchProbabilityInfo's weight for an integer above 0:
// lit/profile_branch_chance.c has the branch shares); a cycle entered in
// two places (irreducible) is no loop (BlockFrequencyInfo: ~32); a self
// loop and a loop with two latches are one loop each. Every other figure
// here is BlockFrequencyInfo's (opt -passes='print<block-freq>').
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_CHECK_LOOP_DEPTHS=1 PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o 2> %t.err
// RUN: not grep "loop depth" %t.err
// RUN: %jq %t.d | FileCheck %s
//
// CHECK-DAG: SUMMARY straight call_sites=[{"callee": "sink", "executions_per_call": 1,
// CHECK-DAG: SUMMARY one_loop call_sites=[{"callee": "sink", "executions_per_call": 20,
// CHECK-DAG: SUMMARY nested call_sites=[{"callee": "sink", "executions_per_call": 1,{{.*}}"callee": "sink2", "executions_per_call": 400,{{.*}}"callee": "sink3", "executions_per_call": 8000,
// CHECK-DAG: SUMMARY four_deep call_sites=[{"callee": "sink", "executions_per_call": 20480,
// CHECK-DAG: SUMMARY two_latches call_sites=[{"callee": "more", "executions_per_call": 20,{{.*}}"callee": "sink", "executions_per_call": 12.5,{{.*}}"callee": "sink2", "executions_per_call": 7.5,
// CHECK-DAG: SUMMARY irreducible call_sites=[{"callee": "sink", "executions_per_call": 1.375,{{.*}}"callee": "more", "executions_per_call": 1,
// CHECK-DAG: SUMMARY self_loop call_sites=[{"callee": "more", "executions_per_call": 21,{{.*}}"callee": "sink", "executions_per_call": 20,

void sink(int);
void sink2(int);
void sink3(int);
int more(void);

void straight(int a) { sink(a); }

void one_loop(int n)
{
    for (int i = 0; i < n; i++)
        sink(i);
}

void nested(int n, int m, int k)
{
    sink(0);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            sink2(j);
            for (int l = 0; l < k; l++)
                sink3(l);
        }
}

void four_deep(int n)
{
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++)
            for (int c = 0; c < n; c++)
                for (int d = 0; d < n; d++)
                    sink(a + b + c + d);
}

// Two latches: `continue` after sink, the loop's end after sink2.
void two_latches(int n)
{
    for (int i = 0; i < n; i++) {
        if (more()) {
            sink(i);
            continue;
        }
        sink2(i);
    }
}

// Entered at `a` or at `b`: neither dominates the other, so no loop.
void irreducible(int x)
{
    if (x)
        goto b;
a:
    sink(1);
b:
    sink(2);
    if (more())
        goto a;
}

void self_loop(void)
{
    while (more())
        sink(0);
}
