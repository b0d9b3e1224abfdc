// loop-alloc negative: lazy initialisation inside a loop (if (p == NULL)
// p = malloc(...)) allocates once per call, not once per iteration (issue 10
// item 3). Positive: the same buffer freed and reset to NULL every
// iteration is allocated again each time.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

void emit(const char *p);

void report_bad(int n, const int *xs) {
    char *scratch = NULL;
    for (int i = 0; i < n; i++) {
        if (xs[i] < 0) {
            if (scratch == NULL)
                scratch = malloc(256);
            emit(scratch);
        }
    }
    free(scratch);
}

void report_each(int n, const int *xs) {
    char *scratch = NULL;
    for (int i = 0; i < n; i++) {
        if (scratch == NULL)
            scratch = malloc(256);
        // REMARK: loopalloc_lazy_init.c:[[@LINE-1]]:23: remark: malloc(256) runs {{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=report_each at=loopalloc_lazy_init.c:[[@LINE-2]]:23 {{.*}}advice=hoist
        emit(scratch);
        if (xs[i] < 0) {
            free(scratch);
            scratch = NULL;
        }
    }
    free(scratch);
}
