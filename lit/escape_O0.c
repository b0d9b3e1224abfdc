// At -O0 clang attaches no nocapture facts to library calls (every buffer
// handed to snprintf would look escaping), so the escape analysis reports
// nothing for optnone functions; it still writes the function summaries.
// The same file at -O2 gets its heap-to-stack remark (the check can fail).
// RUN: rm -rf %t.d %t.o2 && mkdir -p %t.d %t.o2
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O0 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=O0 --allow-empty
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON0 --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
// RUN: env PERFADVISE_OUTPUT_DIR=%t.o2 %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=O2 --implicit-check-not=perfadvise-escape
#include <stdio.h>
#include <stdlib.h>

// O0-NOT: perfadvise-escape
// JSON0: SUMMARY label allocates=True {{.*}}returns_allocation=False
int label(int x) {
    // O2: escape_O0.c:[[@LINE+1]]:{{[0-9]+}}: remark: malloc(32) in label() does not escape and is freed on every path{{.*}}[-Rpass-missed=perfadvise-escape]
    char *buf = malloc(32);
    snprintf(buf, 32, "%d", x);
    int r = puts(buf);
    free(buf);
    return r;
}
