// loop-alloc on a fallback path (issue 10 items 8 and 9): the allocation
// runs only where a call returned NULL (`if ((s = get_content(n)) == NULL)
// s = strdup("");`: libxml2's xmlXPathCastNodeToString inlined into a
// loop over a node set). LLVM's static estimate gives that branch half the
// iterations; in practice it is the rare case, and the allocations that do
// run per iteration are the callee's. The finding says so with low
// confidence (an analysis remark, listed with --confidence low). Positive:
// the same strdup on the normal path keeps its confidence. The call of
// get_content, defined in another file, is a candidate the advisor keeps
// when that file says it returns fresh memory (no remark here;
// advisor_cross_tu_fresh_call.c).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

extern char *get_content(int node);
extern double to_number(const char *s);

double sum_values(const int *nodes, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
        char *s = get_content(nodes[i]);
        // JSON: FINDING loop-alloc fn=sum_values at=loopalloc_fallback_path.c:[[@LINE-1]]:19 {{.*}}callee_elsewhere=get_content {{.*}}freed=same-iteration
        if (s == NULL)
            s = strdup("");
        // CHECK: loopalloc_fallback_path.c:[[@LINE-1]]:17: remark: strdup {{.*}}sum_values(){{.*}}[-Rpass-analysis=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=sum_values at=loopalloc_fallback_path.c:[[@LINE-2]]:17 {{.*}}confidence=low confidence_reason=the allocation runs only where a call returned NULL
        if (s == NULL)
            break;
        sum += to_number(s);
        free(s);
    }
    return sum;
}

double sum_names(const char **names, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
        char *s = strdup(names[i]);
        // CHECK: loopalloc_fallback_path.c:[[@LINE-1]]:19: remark: strdup {{.*}}sum_names(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=sum_names at=loopalloc_fallback_path.c:[[@LINE-2]]:19
        // JSON-NOT: confidence=low
        if (s == NULL)
            break;
        sum += to_number(s);
        free(s);
    }
    return sum;
}
