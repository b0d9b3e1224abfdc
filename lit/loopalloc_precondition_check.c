// A precondition check is no error report (issue 10 items 3 and 8): a
// function that begins with `mutex_assert_held(&m)` (RocksDB's
// mutex_.AssertHeld(), a lock wrapper's check that runs on every call) is
// not on an error path from its first line, so its loop's allocation keeps
// its confidence. The same word in a call that only some paths make (an
// error reporter in the failure branch) still marks that branch.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

struct mutex;
extern void mutex_assert_held(struct mutex *m);
extern void report_failure(const char *what);
extern char *get_content(int node);
extern double to_number(const char *s);

double sum_names_locked(struct mutex *m, const char **names, int n) {
    mutex_assert_held(m);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        char *s = strdup(names[i]);
        // CHECK: loopalloc_precondition_check.c:[[@LINE-1]]:19: remark: strdup {{.*}}sum_names_locked(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=sum_names_locked at=loopalloc_precondition_check.c:[[@LINE-2]]:19
        // JSON-NOT: confidence=low
        if (s == NULL)
            break;
        sum += to_number(s);
        free(s);
    }
    return sum;
}

// get_content, defined in another file: a candidate for the advisor
// (advisor_cross_tu_fresh_call.c), no remark.
double sum_values_reported(const int *nodes, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
        char *s = get_content(nodes[i]);
        // JSON: FINDING loop-alloc fn=sum_values_reported at=loopalloc_precondition_check.c:[[@LINE-1]]:19 {{.*}}callee_elsewhere=get_content
        if (s[0] == '\0') {
            report_failure("empty node");
            s = strdup("0");
            // CHECK: loopalloc_precondition_check.c:[[@LINE-1]]:17: remark: strdup {{.*}}sum_values_reported(){{.*}}[-Rpass-analysis=perfadvise-loopalloc]
            // JSON: FINDING loop-alloc fn=sum_values_reported at=loopalloc_precondition_check.c:[[@LINE-2]]:17 {{.*}}confidence=low
        }
        sum += to_number(s);
        free(s);
    }
    return sum;
}
