// A finding checked and accepted is silenced by a comment on its line or the
// line above: `perfadvise: ignore` for every kind, or naming the kinds. The
// report counts what it hid; --no-ignore lists everything.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %perfadvise report %t.d --kind loop-alloc | FileCheck %s --implicit-check-not=silenced_
// CHECK: 2 findings
// CHECK: 2 findings silenced by perfadvise: ignore comments (--no-ignore lists them)
// CHECK-DAG: loop-alloc {{.*}}advisor_suppress.c:[[@LINE+24]]  kept()
// CHECK-DAG: loop-alloc {{.*}}advisor_suppress.c:[[@LINE+44]]  kept_other_kind()
// RUN: %perfadvise report %t.d --kind loop-alloc --no-ignore | FileCheck %s --check-prefix=ALL
// ALL: 4 findings
// ALL-NOT: silenced by
#include <stdlib.h>
#include <string.h>

void consume(const char *p);

void silenced_above(int n)
{
    for (int i = 0; i < n; i++) {
        // perfadvise: ignore loop-alloc -- consume() wants a fresh buffer
        char *p = malloc(64);
        memset(p, i, 64);
        consume(p);
        free(p);
    }
}

void kept(int n)
{
    for (int i = 0; i < n; i++) {
        char *p = malloc(64); // perfadvise: ignore heap-to-stack
        memset(p, i, 64);
        consume(p);
        free(p);
    }
}

void silenced_same_line(int n)
{
    for (int i = 0; i < n; i++) {
        char *p = malloc(64); /* perfadvise: ignore */
        memset(p, i, 64);
        consume(p);
        free(p);
    }
}

void kept_other_kind(int n)
{
    // perfadvise: ignore lock-in-loop
    for (int i = 0; i < n; i++) {
        char *p = malloc(64);
        memset(p, i, 64);
        consume(p);
        free(p);
    }
}
