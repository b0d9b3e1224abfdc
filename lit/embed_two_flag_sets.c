// One source built with two flag sets into two objects (a static build, and
// -fPIC -DWITH_GRID as a shared build of another configuration might): two
// findings files, never one overwriting the other, and the advisor reports
// both sets. The same flags with -c, -o and the source elsewhere (as ccache
// passes them), another object name and a dependency file are the same
// translation unit: its file is replaced.
// REQUIRES: advisor
// RUN: rm -rf %t && mkdir -p %t/f
// RUN: cd %t && env PERFADVISE_OUTPUT_DIR=%t/f %clang -O2 -g %pa -c %s -o static.o
// RUN: cd %t && env PERFADVISE_OUTPUT_DIR=%t/f %clang -O2 -g %pa -fPIC -DWITH_GRID -c %s -o shared.o
// RUN: ls %t/f | count 2
// RUN: cd %t && env PERFADVISE_OUTPUT_DIR=%t/f %clang -c -O2 -MD -MF again.d -g %pa -fcolor-diagnostics -o again.o %s
// RUN: ls %t/f | count 2
// RUN: %perfadvise report --format json %t/f | %report-list | FileCheck %s
// The objects hold the same two translation units: nothing counted twice.
// RUN: %perfadvise report --format json %t/static.o %t/shared.o %t/again.o %t/f | %report-list | FileCheck %s
// Each object alone: its own set.
// RUN: %perfadvise report --format json %t/static.o | %report-list | FileCheck %s --check-prefix=STATIC
// RUN: %perfadvise report --format json %t/shared.o | %report-list | FileCheck %s --check-prefix=SHARED
// The two files differ in tu.flags_hash and in the findings.
// RUN: cat %t/f/*.json | grep -c '"flags_hash":' | FileCheck %s --check-prefix=HASH
// CHECK: FILES 2 SKIPPED 0
// CHECK: FINDING loop-alloc render_grid embed_two_flag_sets.c:[[@LINE+30]] {{.*}} tus=1
// CHECK: FINDING loop-alloc render_rows embed_two_flag_sets.c:[[@LINE+17]] {{.*}} tus=2
// STATIC: FILES 1 SKIPPED 0
// STATIC-NOT: render_grid
// STATIC: FINDING loop-alloc render_rows
// STATIC-NOT: render_grid
// SHARED: FILES 1 SKIPPED 0
// SHARED: FINDING loop-alloc render_grid
// SHARED: FINDING loop-alloc render_rows
// HASH: 2
#include <stdio.h>
#include <stdlib.h>

void emit_row(const char *line);

void render_rows(int n)
{
    for (int i = 0; i < n; i++) {
        char *buf = malloc(128);
        snprintf(buf, 128, "row %d", i);
        emit_row(buf);
        free(buf);
    }
}

#ifdef WITH_GRID
void render_grid(int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            char *cell = malloc(32);
            snprintf(cell, 32, "%d,%d", r, c);
            emit_row(cell);
            free(cell);
        }
    }
}
#endif
