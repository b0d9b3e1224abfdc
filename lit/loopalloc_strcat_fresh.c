// loop-realloc-growth negative: appends that do not rescan a growing string:
// strcat into a buffer made fresh each iteration, and an append that keeps a
// pointer to the end (the fix).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --allow-empty --implicit-check-not=loop-realloc-growth
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-realloc-growth"
// REMARK-NOT: loop-realloc-growth
// JSON: FILE schema=perfadvise-findings/1 source=loopalloc_strcat_fresh.c
#include <string.h>

void use(char *);

void labels(char **words, int n) {
  for (int i = 0; i < n; i++) {
    char line[64];
    strcpy(line, "label: ");
    strcat(line, words[i]);
    use(line);
  }
}

void join_fast(char **words, int n, char *out) {
  char *end = out;
  for (int i = 0; i < n; i++) {
    size_t k = strlen(words[i]);
    memcpy(end, words[i], k);
    end += k;
    *end++ = ',';
  }
  *end = 0;
  use(out);
}
