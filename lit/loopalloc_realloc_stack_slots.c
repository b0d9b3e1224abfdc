// A loop that reallocates a different slot of a local array on each trip
// (`a[j] = realloc(a[j], ...)`) grows no buffer twice: not quadratic
// growth. The array's address is a stack object's, fixed for the loop, so
// a[j] moves with the counter. The same slot regrown on every trip is
// still reported.
// RUN: %clang -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <stdlib.h>
#include <string.h>

// Negative: one slot per trip.
void fill_slots(size_t n, int (*fill)(char **)) {
  char *a[16] = {0};
  for (int j = 0; j < 16; j++) {
    a[j] = realloc(a[j], n * (j + 1));
    if (a[j])
      memset(a[j], 0, n * (j + 1));
  }
  fill(a);
}

// Positive: slot 0 grows by 64 bytes on every trip.
void grow_first(size_t n, int (*fill)(char **)) {
  char *a[2] = {0};
  size_t cap = 0;
  for (size_t j = 0; j < n; j++) {
    cap += 64;
    a[0] = realloc(a[0], cap);
    // CHECK: loopalloc_realloc_stack_slots.c:[[@LINE-1]]:12: remark: realloc grows the buffer by 64 bytes at a time in a loop
    if (a[0])
      a[0][cap - 1] = 0;
  }
  fill(a);
}
