// Calls made on an error path are cold edges of the whole-program profile
// (issue 10, item 8): a function its callers reach only when something
// failed runs rarely, wherever its own loops are. The call profile's block
// frequencies (staticBlockFreqs) give a block that can only end the call
// in an error, a return of a negative constant or a call named as an
// error report (log_error, fail, panic: pa_profile_error_call_name), the
// share BranchProbabilityInfo gives a cold call, 1 in 17, where the branch
// itself says nothing (`c == '!'`: an even split).
// - describe_failure(), called before `return -1`, and report_bad(), called
//   beside log_error(), rank below describe_item(), the same loop called on
//   the normal path, by the cold share;
// - a positive return (`return 1`, a count, a "found" answer) is no error:
//   skip_item()'s side keeps its even split;
// - a report that does not end what the code was doing is no error's end:
//   a warning on every pass of a loop (progress: step() keeps the loop's
//   count), a log-and-retry that goes round again (retry), a report
//   followed by `return 0` (run_main: run_all() keeps its even split);
// - an error's rarity stays inside a loop, and a report followed by a
//   success return ends nothing: serve()'s loop, after which it reports
//   stopping through log_error() and returns 0, keeps its count (~24 per
//   entry, entered on half the calls past the test before it), while its
//   early `return -1` leaves ~1 in 17 calls: work() ~0.94 * 0.5 * 24.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/work.c && cp %s %t.d/driver.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DWORK_SIDE -c work.c -o work.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -c driver.c -o driver.o
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=FILE
// RUN: %perfadvise report %t.d/out --confidence low | FileCheck %s
//
// FILE-DAG: SUMMARY parse_one {{.*}}"callee": "describe_failure", "executions_per_call": 0.05882{{[0-9]*}}, {{.*}}"callee": "describe_item", "executions_per_call": 0.94117{{[0-9]*}},
// FILE-DAG: SUMMARY check_one {{.*}}"callee": "report_bad", "executions_per_call": 0.05882{{[0-9]*}},
// FILE-DAG: SUMMARY count_one {{.*}}"callee": "skip_item", "executions_per_call": 0.5,
// FILE-DAG: SUMMARY serve {{.*}}"callee": "work", "executions_per_call": 11.29{{[0-9]*}},
// FILE-DAG: SUMMARY progress {{.*}}"callee": "step", "executions_per_call": 20,
// FILE-DAG: SUMMARY retry {{.*}}"callee": "step", "executions_per_call": 85.3{{[0-9]*}},
// FILE-DAG: SUMMARY run_main {{.*}}"callee": "run_all", "executions_per_call": 0.5,
//
// main() calls parse_one() and the others from its loop (noinline: inlined
// into main, `return -1` becomes a value main tests, and the '!' path,
// threaded through the three tests, goes round the loop again: no error's
// end), so describe_failure() runs ~16 times less often than
// describe_item().
// CHECK: #1 {{.*}}loop-alloc {{.*}}work.c:[[@LINE+29]]  describe_item()
// CHECK: profile: describe_item() runs ~15 times per call of a root: ~0.94 times per call of parse_one() at driver.c:{{[0-9]+}}, parse_one() ~16 times per call of main()
// CHECK: #2 {{.*}}loop-alloc {{.*}}work.c:[[@LINE+37]]  skip_item()
// CHECK: profile: skip_item() runs ~8 times per call of a root: ~0.5 times per call of count_one() at driver.c:{{[0-9]+}}
// CHECK: #3 {{.*}}loop-alloc {{.*}}work.c:[[@LINE+15]]  describe_failure()
// CHECK: profile: describe_failure() runs ~0.94 times per call of a root: ~0.059 times per call of parse_one() at driver.c:{{[0-9]+}}
// CHECK: #4 {{.*}}loop-alloc {{.*}}work.c:[[@LINE+43]]  report_bad()
// CHECK: profile: report_bad() runs ~0.94 times per call of a root: ~0.059 times per call of check_one() at driver.c:{{[0-9]+}}
#include <stdlib.h>
#include <string.h>

void consume(char *p);
void log_error(const char *fmt, ...);

#ifdef WORK_SIDE
/* Lists the names a failed parse could have meant: only on failure. */
void describe_failure(const char **names, int n)
{
    for (int i = 0; i < n; i++) {
        char *s = strdup(names[i]);
        consume(s);
        free(s);
    }
}

/* The same loop on the normal path. */
void describe_item(const char **names, int n)
{
    for (int i = 0; i < n; i++) {
        char *s = strdup(names[i]);
        consume(s);
        free(s);
    }
}

/* The same loop, called where a positive answer is returned. */
void skip_item(const char **names, int n)
{
    for (int i = 0; i < n; i++) {
        char *s = strdup(names[i]);
        consume(s);
        free(s);
    }
}

/* The same loop, called beside an error report. */
void report_bad(const char **names, int n)
{
    for (int i = 0; i < n; i++) {
        char *s = strdup(names[i]);
        consume(s);
        free(s);
    }
}
#else
void describe_failure(const char **names, int n);
void describe_item(const char **names, int n);
void skip_item(const char **names, int n);
void report_bad(const char **names, int n);

__attribute__((noinline)) int parse_one(const char *in, const char **names, int n)
{
    if (in[0] == '!') {
        describe_failure(names, n);
        return -1;
    }
    describe_item(names, n);
    return 0;
}

__attribute__((noinline)) int count_one(const char *in, const char **names, int n)
{
    if (in[0] == '!') {
        skip_item(names, n);
        return 1;
    }
    return 0;
}

__attribute__((noinline)) void check_one(const char *in, const char **names, int n)
{
    if (in[0] == '!') {
        report_bad(names, n);
        log_error("bad input %s", in);
    }
    consume((char *)in);
}

int stopping(const int *q);
void work(int *q);

int serve(int *q)
{
    if (q[0] < 0)
        return -1;
    while (!stopping(q))
        work(q);
    log_error("serve: stopping");
    return 0;
}

void step(int *q);
void warn_progress(int i);
int poll_once(int *q);
void run_all(void);
void report_errors(void);
void usage(void);

void progress(int *q, int n)
{
    for (int i = 0; i < n; i++) {
        step(q);
        warn_progress(i);
    }
}

void retry(int *q)
{
    for (;;) {
        step(q);
        if (poll_once(q) < 0) {
            log_error("poll failed");
            if (q[1])
                break;
        }
    }
}

int run_main(int argc)
{
    if (argc == 3) {
        run_all();
        report_errors();
        return 0;
    }
    usage();
    return 1;
}

int main(int argc, char **argv)
{
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        bad += parse_one(argv[i], (const char **)argv, argc) < 0;
        bad += count_one(argv[i], (const char **)argv, argc);
        check_one(argv[i], (const char **)argv, argc);
    }
    return bad;
}
#endif
