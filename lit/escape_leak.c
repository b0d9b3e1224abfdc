// memory-leak: an allocation that never escapes and is never freed leaks on
// every call; it is reported as a leak with a confidence, never as a stack
// candidate. In main() the process exit releases it: low confidence.
// Negative: freed on some paths only stays a no-escape fact (see
// escape_nostack_leak.c); freed on every path is a stack candidate.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape" --implicit-check-not="FINDING memory-leak"
#include <stdio.h>
#include <stdlib.h>

int format_and_print(int x) {
    // REMARK: escape_leak.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(32) in format_and_print() is never freed and does not escape: it leaks on every call; free it before the function returns (or use a 32-byte stack array) [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING memory-leak fn=format_and_print at=escape_leak.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=malloc bytes=32 confidence=high {{.*}}freed_on_all_paths=False
    char *b = malloc(32);
    snprintf(b, 32, "%d", x);
    return puts(b);
}

int main(int argc, char **argv) {
    // REMARK: escape_leak.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(n) in main() is never freed and does not escape: the process exit releases it; free it before returning to keep leak checkers quiet [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING memory-leak fn=main at=escape_leak.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}confidence=low confidence_reason=main(){{.*}}
    char *b = malloc((size_t)argc * 16);
    snprintf(b, (size_t)argc * 16, "%s", argv[0]);
    return puts(b);
}

int freed(int x) {
    // REMARK: escape_leak.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(32) in freed() does not escape and is freed on every path{{.*}}[-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=freed
    char *b = malloc(32);
    snprintf(b, 32, "%d", x);
    int r = puts(b);
    free(b);
    return r;
}
