// loop-realloc-growth: strcat into the same string on every iteration rescans
// it from the start (quadratic). clang turns strcat(out, ",") into
// strlen + store: the same append, reported once per string and loop.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <string.h>

void use(char *);

void join(char **words, int n, char *out) {
  out[0] = 0;
  for (int i = 0; i < n; i++) {
    strcat(out, words[i]);
    // REMARK: loopalloc_strcat.c:[[@LINE-1]]:5: remark: strcat appends to the same string on every iteration of a loop (depth 1, trip count n): each call rescans it from the start, so the loop is quadratic in its final length (~{{[0-9]+}} calls per call of join()); keep the length or a pointer to the end and append there (memcpy, stpcpy) [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-realloc-growth fn=join at=loopalloc_strcat.c:[[@LINE-2]]:5 {{.*}}advice=track-end {{.*}}pattern=strcat string=out
    strcat(out, ",");
  }
  use(out);
}

void commas(int n, char *out) {
  out[0] = 0;
  for (int i = 0; i < n; i++)
    strcat(out, ",");
  // REMARK: loopalloc_strcat.c:[[@LINE-1]]:5: remark: strlen + append (a strcat) appends to the same string{{.*}}[-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-realloc-growth fn=commas at=loopalloc_strcat.c:[[@LINE-2]]:5 {{.*}}pattern=strlen-append
  use(out);
}
