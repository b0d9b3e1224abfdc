// The call profile's block frequencies for the functions no analysis
// computed BlockFrequencyInfo for (plugin/llvm/PerfAdvisePass.cpp,
// staticBlockFreqs): a call behind a branch runs on that branch's share of
// the calls, not on every call. The shares are BranchProbabilityInfo's
// main heuristics, in its order: branch weights (__builtin_expect); a side
// that ends in a crash (unreachable after a noreturn call) or calls a
// `cold` function; inside a loop, an edge that leaves it (124:4); a pointer
// compared for equality (20:12 against); an integer compared with 0 or -1
// (20:12 for `> 0`, `!= 0`, against `== 0`, `< 0`); else an even split. A
// loop runs 1 / (1 - what comes back to its header) times per entry, as
// BlockFrequencyInfo scales it (32 for a loop left only at its head), and
// after a loop the function runs on as often as it entered it. Every
// figure equals BlockFrequencyInfo's (opt -passes='print<block-freq>').
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s
//
// CHECK-DAG: "callee": "guarded_sink", "executions_per_call": 0.5,
// CHECK-DAG: "callee": "guarded_sink2", "executions_per_call": 1,
// CHECK-DAG: "callee": "two_guards_sink", "executions_per_call": 0.25,
// CHECK-DAG: "callee": "two_guards_sink2", "executions_per_call": 1,
// CHECK-DAG: "callee": "two_guards_sink3", "executions_per_call": 0.5,
// CHECK-DAG: "callee": "crash_path_sink", "executions_per_call": 9.5{{[0-9]+}}e-07,
// CHECK-DAG: "callee": "crash_path_sink2", "executions_per_call": {{1|0.999999}},
// CHECK-DAG: "callee": "expected_rare_sink", "executions_per_call": 0.00049975,
// CHECK-DAG: "callee": "expected_rare_sink2", "executions_per_call": 1,
// CHECK-DAG: "callee": "cold_side_log_cold", "executions_per_call": 0.05882{{[0-9]*}},
// CHECK-DAG: "callee": "cold_side_sink2", "executions_per_call": 1,
// CHECK-DAG: "callee": "loop_guard_sink", "executions_per_call": 10,
// CHECK-DAG: "callee": "loop_guard_sink2", "executions_per_call": 20,
// CHECK-DAG: "callee": "loop_guard_sink3", "executions_per_call": 1,
// CHECK-DAG: "callee": "loop_break_more", "executions_per_call": 10.1587,
// CHECK-DAG: "callee": "loop_break_sink", "executions_per_call": 9.84127,
// CHECK-DAG: "callee": "loop_break_sink2", "executions_per_call": 1,
// CHECK-DAG: "callee": "after_guarded_loop_sink", "executions_per_call": 10,
// CHECK-DAG: "callee": "after_guarded_loop_sink2", "executions_per_call": 0.5,
// CHECK-DAG: "callee": "null_check_sink", "executions_per_call": 0.375,
// CHECK-DAG: "callee": "null_check_sink2", "executions_per_call": 1,
// CHECK-DAG: "callee": "switch_four_sink0", "executions_per_call": 0.25,
// CHECK-DAG: "callee": "switch_four_sink1", "executions_per_call": 0.25,
// CHECK-DAG: "callee": "switch_four_sink2", "executions_per_call": 0.25,
// CHECK-DAG: "callee": "switch_four_sink3", "executions_per_call": 0.25,
// The other tables, each as LLVM 19's BlockFrequencyInfo gives it
// (opt -passes='print<block-freq>' on this function):
// CHECK-DAG: "callee": "flag_bit_sink", "executions_per_call": 0.5,
// CHECK-DAG: "callee": "below_one_sink", "executions_per_call": 0.375,
// CHECK-DAG: "callee": "strcmp_less_sink", "executions_per_call": 0.5,
// CHECK-DAG: "callee": "strcmp_two_sink", "executions_per_call": 0.375,
// CHECK-DAG: "callee": "fp_equal_sink", "executions_per_call": 0.625,
// CHECK-DAG: "callee": "fp_nan_sink", "executions_per_call": 9.5367{{[0-9]*}}e-07,

_Noreturn void fail(const char *why);
void after_guarded_loop_sink(int);
void after_guarded_loop_sink2(int);
__attribute__((cold)) void cold_side_log_cold(int);
void cold_side_sink2(int);
void crash_path_sink(int);
void crash_path_sink2(int);
void expected_rare_sink(int);
void expected_rare_sink2(int);
void guarded_sink(int);
void guarded_sink2(int);
int loop_break_more(void);
void loop_break_sink(int);
void loop_break_sink2(int);
void loop_guard_sink(int);
void loop_guard_sink2(int);
void loop_guard_sink3(int);
void two_guards_sink(int);
void two_guards_sink2(int);
void two_guards_sink3(int);
void null_check_sink(int);
void null_check_sink2(int);

void guarded(int a, int b)
{
    if (a < b)
        guarded_sink(1);
    guarded_sink2(2);
}

void two_guards(int a, int b, int c, int d)
{
    if (a < b) {
        two_guards_sink3(0);
        if (c < d)
            two_guards_sink(1);
    }
    two_guards_sink2(2);
}

void crash_path(int a, int b)
{
    if (a < b) {
        crash_path_sink(1);
        fail("bad");
    }
    crash_path_sink2(2);
}

void expected_rare(int c)
{
    if (__builtin_expect(c, 0))
        expected_rare_sink(1);
    expected_rare_sink2(2);
}

void cold_side(int a, int b)
{
    if (a < b)
        cold_side_log_cold(a);
    cold_side_sink2(2);
}

void loop_guard(int n, int m)
{
    for (int i = 0; i < n; i++) {
        if (i < m)
            loop_guard_sink(i);
        loop_guard_sink2(i);
    }
    loop_guard_sink3(0);
}

void loop_break(int n)
{
    for (int i = 0; i < n; i++) {
        if (loop_break_more())
            break;
        loop_break_sink(i);
    }
    loop_break_sink2(0);
}

// A guarded loop: the loop's runs scale with its entry's chance, and the
// code after it runs as often as the guard's other side joins it.
void after_guarded_loop(int a, int b, int n)
{
    if (a < b) {
        for (int i = 0; i < n; i++)
            after_guarded_loop_sink(i);
        after_guarded_loop_sink2(0);
    }
}

// `p == NULL` is the unlikely side of a pointer test.
void null_check(int *p, int x)
{
    if (!p)
        null_check_sink(x);
    null_check_sink2(x);
}

// A switch shares the calls evenly over its edges (four here: three cases
// and the default), as BranchProbabilityInfo does without weights.
void switch_four_sink0(int);
void switch_four_sink1(int);
void switch_four_sink2(int);
void switch_four_sink3(int);
void switch_four(int x, int y)
{
    switch (x) {
    case 0: switch_four_sink0(y); break;
    case 1: switch_four_sink1(y); break;
    case 7: switch_four_sink2(y); break;
    default: switch_four_sink3(y); break;
    }
}

// BranchProbabilityInfo's other comparison tables: a single-bit flag test
// says nothing (even); `n < 1` (n <= 0) is unlikely; strcmp's result
// equal to any constant is unlikely, below 0 says nothing; a
// floating-point `==` is the likely side in LLVM 19 (only the unordered
// equalities count as "true when equal"); isnan is 1 in 2^20.
void flag_bit_sink(int);
void below_one_sink(int);
void strcmp_less_sink(int);
void strcmp_two_sink(int);
void fp_equal_sink(int);
void fp_nan_sink(int);
int strcmp(const char *, const char *);
void more_tables(unsigned flags, int n, const char *a, const char *b, double d, double e)
{
    if (flags & 4)
        flag_bit_sink(n);
    if (n < 1)
        below_one_sink(n);
    if (strcmp(a, b) < 0)
        strcmp_less_sink(n);
    if (strcmp(b, a) == 2)
        strcmp_two_sink(n);
    if (d == e)
        fp_equal_sink(n);
    if (d != d)
        fp_nan_sink(n);
}
