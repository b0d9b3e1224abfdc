// loop-alloc positives next to lit/loopalloc_pow2_append.c: a guard on a
// count's zero or powers of two says "once" or "log2(n) times" only for a
// count the loop itself only increases. Still reported: a count set back to
// a value of before the loop (`n = base`), a count that jumps to another
// counter (`n = i`: zero for the whole first line), and an 8-bit count,
// which wraps through zero and every power of two again.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stddef.h>
#include <stdlib.h>

#define APPEND(value, data, size)                                                                \
  {                                                                                              \
    if (!((*size) & ((*size) - 1)))                                                              \
      (*data) = (*size) == 0 ? malloc(sizeof(**data)) : realloc((*data), (*size) * 2 * sizeof(**data)); \
    (*data)[(*size)] = (value);                                                                  \
    (*size)++;                                                                                   \
  }

size_t header_len(const char *h);
void consume(const char *w, size_t n);
void flush_line(const char *l, size_t n);
void line_done(size_t at);

/* A word buffer per word: the count starts again from the header's length. */
void words(const char *s, size_t m, const char *hdr) {
  size_t base = hdr ? header_len(hdr) : 0;
  char *buf = 0;
  size_t n = base;
  for (size_t i = 0; i < m; i++) {
    if (s[i] == '\r')
      continue;
    if (s[i] != ' ') {
      APPEND(s[i], &buf, &n);
      // CHECK: loopalloc_pow2_reset.c:[[@LINE-1]]:7: remark: malloc(1) runs inside a loop
      // JSON: FINDING loop-alloc fn=words
      continue;
    }
    consume(buf, n);
    free(buf);
    buf = 0;
    n = base;
  }
}

/* The guarded count is set to the input's position at each line end: zero
 * for the whole first line, so the realloc runs on each of its bytes. */
char *lines(const char *s, size_t m) {
  char *out = 0;
  size_t len = 0, n = 0, i = 0;
  while (i < m) {
    if (!(n & (n - 1)))
      out = realloc(out, len + 2);
    // CHECK: loopalloc_pow2_reset.c:[[@LINE-1]]:13: remark: realloc grows the buffer by 2 bytes at a time
    // JSON: FINDING loop-realloc-growth fn=lines
    out[len++] = s[i];
    i++;
    if (s[i - 1] == '\n') {
      line_done(i);
      n = i;
    }
  }
  return out;
}

/* A chunk of 256 bytes indexed by an unsigned char: a new one at each wrap. */
void chunks(const char *s, size_t m) {
  char *chunk = 0;
  unsigned char n = 0;
  for (size_t i = 0; i < m; i++) {
    if (s[i] == ' ')
      continue;
    if (n == 0) {
      if (chunk) {
        consume(chunk, 256);
        free(chunk);
      }
      chunk = malloc(256);
      // CHECK: loopalloc_pow2_reset.c:[[@LINE-1]]:15: remark: malloc(256) runs inside a loop
      // JSON: FINDING loop-alloc fn=chunks
    }
    chunk[n] = s[i];
    n++;
  }
  free(chunk);
}
