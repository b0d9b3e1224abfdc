// loop-alloc negative: each iteration reallocates a different element of
// an array (a[j] with j the loop's counter, or a pointer stepping through
// the array): one realloc per object, none repeated on the same buffer.
// "Keep a capacity and grow it geometrically" has nothing to act on.
// The same loop reallocating one slot again and again (a[k], k fixed, or
// the slot of an outer loop's counter in an inner loop) is still reported.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

void add_suffix(char **a, int n, const char *suffix) {
    size_t sl = strlen(suffix);
    for (int j = 0; j < n; j++) {
        a[j] = realloc(a[j], strlen(a[j]) + 1 + sl);
        strcat(a[j], suffix);
    }
}

void add_suffix_ptr(char **a, char **end, const char *suffix) {
    size_t sl = strlen(suffix);
    for (char **p = a; p != end; p++) {
        *p = realloc(*p, strlen(*p) + 1 + sl);
        strcat(*p, suffix);
    }
}

// The array reached through a pointer to it, reloaded on each trip
// because the element stores may alias it: still one realloc per element.
void add_suffix_out(char ***list, int n, const char *suffix) {
    size_t sl = strlen(suffix);
    for (int j = 0; j < n; j++) {
        (*list)[j] = realloc((*list)[j], strlen((*list)[j]) + 1 + sl);
        strcat((*list)[j], suffix);
    }
}

// One slot, grown on every iteration: reported.
void grow_one_slot(char **a, int k, int n, const char *suffix) {
    size_t sl = strlen(suffix);
    for (int j = 0; j < n; j++) {
        a[k] = realloc(a[k], strlen(a[k]) + 1 + sl);
        // CHECK: FINDING loop-alloc fn=grow_one_slot at=loopalloc_realloc_each_element.c:[[@LINE-1]]:16
        strcat(a[k], suffix);
    }
}

// The slot of the outer loop's counter, grown on every inner iteration:
// reported at the inner loop.
void grow_outer_slot(char **a, int n, int m, const char *suffix) {
    size_t sl = strlen(suffix);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            a[i] = realloc(a[i], strlen(a[i]) + 1 + sl);
            // CHECK: FINDING loop-alloc fn=grow_outer_slot at=loopalloc_realloc_each_element.c:[[@LINE-1]]:20
            strcat(a[i], suffix);
        }
}
