// A call site LLVM marked cold is as cold as a call to a `cold` function:
// InstCombine marks an fprintf to stderr on an error path (its
// error-reporting heuristic) though fprintf itself is not cold, and the
// call profile's block frequencies (staticBlockFreqs) give that side
// BranchProbabilityInfo's cold share, 1 in 17. The cold calls come from the
// module's use lists (coldCallBlocks), so this checks that a cold call
// site is found as well as a cold callee; sink is the side that is not.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s
//
// CHECK-DAG: "callee": "note_bad", "executions_per_call": 0.05882{{[0-9]*}},
// CHECK-DAG: "callee": "sink", "executions_per_call": 0.94117{{[0-9]*}},
#include <stdio.h>

void note_bad(int);
void sink(int);

int check(int n) {
  if (n < 0) {
    fprintf(stderr, "bad value %d\n", n);
    note_bad(n);
    return -1;
  }
  sink(n);
  return 0;
}
