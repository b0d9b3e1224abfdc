// Measuring a buffer (end - buf, comparisons) does not make it escape: it stays
// a heap-to-stack candidate. Publishing its address as an integer does.
// RUN: %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not="[-Rpass-missed=perfadvise-escape]"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long measured(const char *s) {
  char *buf = malloc(64);
  // CHECK: escape_stack_ptrdiff.c:[[@LINE-1]]:15: remark: malloc(64) in measured() does not escape and is freed on every path{{.*}}[-Rpass-missed=perfadvise-escape]
  if (!buf)
    return -1;
  char *end = stpcpy(buf, s);
  long n = end - buf;
  puts(buf);
  free(buf);
  return n;
}

uintptr_t published;
void publish(const char *s) {
  char *buf = malloc(64);
  // CHECK: escape_stack_ptrdiff.c:[[@LINE-1]]:15: remark: malloc(64) in publish() {{.*}}[-Rpass-analysis=perfadvise-escape]
  if (!buf)
    return;
  strcpy(buf, s);
  published = (uintptr_t)buf;
  puts(buf);
  free(buf);
}
