// End to end: compiled with the plugin, an allocation in two nested loops
// ranks above one in a single loop in the advisor's report.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %perfadvise report %t.d --kind loop-alloc | FileCheck %s
// CHECK: #1 {{.*}}loop-alloc {{.*}}advisor_e2e_rank.c:[[@LINE+11]]  grid()
// CHECK: #2 {{.*}}loop-alloc {{.*}}advisor_e2e_rank.c:[[@LINE+20]]  rows()
#include <stdlib.h>
#include <string.h>

void consume(char *p);

void grid(int w, int h)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            char *cell = malloc(64);
            memset(cell, x + y, 64);
            consume(cell);
            free(cell);
        }
}

void rows(int n)
{
    for (int i = 0; i < n; i++) {
        char *line = malloc(64);
        memset(line, i, 64);
        consume(line);
        free(line);
    }
}
