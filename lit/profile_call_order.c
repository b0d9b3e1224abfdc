// The call profile reads a module's direct calls from its functions' use
// lists (pa_bridge_direct_calls), not from a walk of every instruction,
// and puts each caller's calls back into program order: a callee's entry
// comes where a walk of the code first meets it (second, before first and
// third, though its hottest site is in the loop), and its location is its
// hottest site's (line 28, not 24). A function whose own address is an
// argument of its call (walk) is called once there: only the use as the
// called operand is a call.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s
//
// CHECK-DAG: SUMMARY ordered call_sites=[{"callee": "second", "executions_per_call": 20.5, "line": 28, "sites": 2},{"callee": "first", "executions_per_call": 1, "line": 25},{"callee": "third", "executions_per_call": 20, "line": 27}]
// CHECK-DAG: SUMMARY walk call_sites=[{"callee": "walk", "executions_per_call": 0.625, "line": 36},{"callee": "first", "executions_per_call": 1, "line": 37}]

void first(int);
void second(int);
void third(int);
void walk(void *self, int n);

void ordered(int n, int k)
{
    if (k > 3)
        second(k);
    first(k);
    for (int i = 0; i < n; i++) {
        third(i);
        second(i);
    }
}

/* walk's own address is an argument of the call: one call, not two. */
void walk(void *self, int n)
{
    if (n > 0)
        walk((void *)walk, n - 1);
    first(n);
}
