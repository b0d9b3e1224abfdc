// Static profile across the program (issue 10, item 8): two translation
// units compiled with the plugin, joined by the advisor's call graph.
// - the same 64-byte allocation, in fill_cell() called from a hot nested loop
//   in driver.c, ranks High; in configure(), called once, Low: priority 3xxx
//   against 1xxx, more than twice as high;
// - an allocation and a lock in nested loops on an error path that ends in
//   log_error() and `return -1` are Low; the same loops on the normal path
//   (tally) rank above them, Medium: its three nested loop counts are all
//   guesses, so the estimate is capped (docs/scoring.md);
// - a __attribute__((cold)) function's loop allocation is Low.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/work.c && cp %s %t.d/driver.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DWORK_SIDE -c work.c -o work.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -c driver.c -o driver.o
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=FILE
// RUN: %perfadvise report %t.d/out --confidence low | FileCheck %s
// RUN: %perfadvise report %t.d/out --confidence low --format json | FileCheck %s --check-prefix=JSON
// RUN: %perfadvise report %t.d/out --confidence low --format markdown | FileCheck %s --check-prefix=MD
// RUN: cd %t.d && %perfadvise explain "$(%perfadvise report %t.d/out --format json | %python -c 'import json,sys; print([f["id"] for f in json.load(sys.stdin)["findings"] if f["function"] == "fill_cell"][0])')" %t.d/out 2>&1 | FileCheck %s --check-prefix=EXPLAIN
//
// The findings files: call sites with their frequencies, cold, error paths.
// FILE-DAG: FINDING loop-alloc fn=process {{.*}}error_path.ends_in=error-call {{.*}}error_path.location.line=[[@LINE+72]] error_path.what=log_error
// FILE-DAG: FINDING lock-in-loop fn=process {{.*}}error_path.ends_in=error-call
// FILE-DAG: SUMMARY dump_stats {{.*}}cold=True
// FILE-DAG: SUMMARY main {{.*}}call_sites=[{{.*}}"callee": "configure", "executions_per_call": 1{{.*}}"callee": "fill_cell", "executions_per_call": {{[0-9][0-9][0-9]}}
//
// CHECK: #1   HIGH {{.*}}heap-to-stack {{.*}}work.c:[[@LINE+33]]  fill_cell()
// CHECK-NEXT: does not escape
// CHECK-NEXT: estimate: ~1 executions per call x 63 ns x ~{{[0-9]+}} calls (static profile) ~ {{.*}} us per call of a root; priority 3{{[0-9][0-9][0-9]}}
// CHECK-NEXT: profile: fill_cell() runs ~{{[0-9]+}} times per call of a root: ~{{[0-9]+}} times per call of {{main|render}}() at driver.c:{{[0-9]+}}; {{main\(\) runs once per program|render\(\) no callers in the program: counted once per call}}
// CHECK: #2   MEDIUM {{.*}}loop-alloc {{.*}}work.c:{{[0-9]+}}  tally()
// CHECK: profile: tally() runs ~1 times per call of a root: ~1 times per call of main() at driver.c:{{[0-9]+}}; main() runs once per program; the estimate multiplies 3 loop counts the compiler guessed: capped at Medium
// CHECK-DAG: LOW {{.*}}loop-alloc {{.*}}work.c:[[@LINE+53]]  process()
// CHECK-DAG: profile: {{.*}}; on an error path that ends in log_error() at work.c:[[@LINE+60]]
// CHECK-DAG: LOW {{.*}}lock-in-loop {{.*}}work.c:[[@LINE+55]]  process()
// CHECK-DAG: LOW {{.*}}loop-alloc {{.*}}work.c:[[@LINE+88]]  dump_stats()
// CHECK-DAG: profile: {{.*}}dump_stats() is marked cold
// CHECK: LOW {{.*}}heap-to-stack {{.*}}work.c:[[@LINE+31]]  configure()
// CHECK-NEXT: does not escape
// CHECK-NEXT: estimate: ~1 executions per call x 63 ns ~ 63.2 ns per call; priority 1{{[0-9][0-9][0-9]}}
//
// JSON: "calls_per_root_call":{{[0-9.]+}},"profile":"fill_cell() runs ~{{[0-9]+}} times per call of a root
// MD: Profile: fill\_cell\(\) runs \~{{[0-9]+}} times per call of a root
// EXPLAIN: calls x{{[0-9.]+}}   (static profile
// EXPLAIN: profile fill_cell() runs ~{{[0-9]+}} times per call of a root
// EXPLAIN: estimated cost {{[0-9.e+]+}} ns per call of a root = executions x cost x multiplier x calls
// EXPLAIN: rule estimated cost >= 20000 ns per call of a root -> High
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void consume(char *p);
void log_error(const char *fmt, ...);

#ifdef WORK_SIDE
/* Called from a hot nested loop in driver.c. */
void fill_cell(int x, int y)
{
    char *tmp = malloc(64);
    memset(tmp, x + y, 64);
    fwrite(tmp, 1, 64, stdout);
    free(tmp);
}

/* The same allocation, called once. */
void configure(int x, int y)
{
    char *tmp = malloc(64);
    memset(tmp, x + y, 64);
    fwrite(tmp, 1, 64, stdout);
    free(tmp);
}

pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
int counters[64];

/* Cleanup on a rarely taken error path: allocation and lock in loops. */
int process(const int *items, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) {
        if (items[i] < 0) {
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) {
                char *msg = malloc(64);
                snprintf(msg, 64, "bad item %d", j);
                consume(msg);
                free(msg);
                pthread_mutex_lock(&stats_lock);
                counters[(j + k) & 63]++;
                pthread_mutex_unlock(&stats_lock);
            }
            log_error("bad input at %d", i);
            return -1;
        }
        sum += items[i];
    }
    return sum;
}

/* The same loops on the normal path: not an error path. */
int tally(const int *items, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) {
        if (items[i] < 0) {
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) {
                char *msg = malloc(64);
                snprintf(msg, 64, "item %d", j);
                consume(msg);
                free(msg);
            }
        }
        sum += items[i];
    }
    return sum;
}

__attribute__((cold)) void dump_stats(int n)
{
    for (int i = 0; i < n; i++) {
        char *line = malloc(64);
        snprintf(line, 64, "%d", counters[i & 63]);
        consume(line);
        free(line);
    }
}
#else
void fill_cell(int x, int y);
void configure(int x, int y);
int process(const int *items, int n);
int tally(const int *items, int n);
void dump_stats(int n);

void render(int w, int h)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            fill_cell(x, y);
}

int main(int argc, char **argv)
{
    configure(argc, 0);
    int items[4] = {argc, 2, 3, 4};
    render(argc * 100, argc * 100);
    tally(items, argc);
    if (process(items, 4) < 0)
        dump_stats(argc);
    return 0;
}
#endif
