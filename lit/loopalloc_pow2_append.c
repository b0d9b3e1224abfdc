// loop-alloc negative: an append macro that allocates the first element
// when the count is zero and doubles the buffer when the count is a power of
// two (`if (!(n & (n - 1))) p = n == 0 ? malloc(sz) : realloc(p, 2 * n * sz);
// p[n++] = v;`, Zopfli's ZOPFLI_APPEND_DATA) reallocates log2(n) times: its
// growth is geometric, and the malloc runs once per buffer (issue 10 items 2
// and 3). Positive: the same guard on a count the loop also resets, and a
// buffer grown by one element on every append. (Reviewed: a count set back
// to a value of before the loop, one that only jumps to another counter, and
// one of 8 bits that wraps are still reported: lit/loopalloc_pow2_reset.c.)
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

#define APPEND(value, data, size)                                                                \
  {                                                                                              \
    if (!((*size) & ((*size) - 1)))                                                              \
      (*data) = (*size) == 0 ? malloc(sizeof(**data)) : realloc((*data), (*size) * 2 * sizeof(**data)); \
    (*data)[(*size)] = (value);                                                                  \
    (*size)++;                                                                                   \
  }

/* Run-length codes of a histogram, appended as they are found. */
void encode_runs(const unsigned *lengths, size_t n, unsigned **out, size_t *outsize) {
  for (size_t i = 0; i < n; i++) {
    unsigned count = 1;
    while (i + 1 < n && lengths[i + 1] == lengths[i]) {
      count++;
      i++;
    }
    while (count >= 3) {
      APPEND(16, out, outsize);
      count -= 3;
    }
    if (count > 0)
      APPEND(lengths[i], out, outsize);
  }
}

/* Split points, appended into a local buffer and handed back: amortised
 * growth, which the loop's count bounds (the advice any doubling buffer
 * of a counted loop gets), not a quadratic one. */
size_t *split_points(const size_t *marks, size_t n, size_t *npoints) {
  size_t *points = 0;
  size_t np = 0;
  for (size_t i = 0; i < n; i++)
    if (marks[i])
      APPEND(i, &points, &np);
  // REMARK: loopalloc_pow2_append.c:[[@LINE-1]]:7: remark: realloc grows a buffer inside a loop {{.*}}amortised reallocations{{.*}}[-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=split_points at=loopalloc_pow2_append.c:[[@LINE-2]]:7 {{.*}}growth=amortised
  *npoints = np;
  return points;
}

/* The count kept in the caller's memory, appended to twice in a row and
 * by a helper: each realloc is to twice the count it tests. */
static void add_byte(unsigned char v, unsigned char **out, size_t *outsize) {
  APPEND(v, out, outsize);
}

void store_block(const unsigned char *in, size_t n, unsigned char **out, size_t *outsize) {
  for (size_t pos = 0; pos + 1 < n; pos += 2) {
    add_byte(0, out, outsize);
    APPEND(in[pos], out, outsize);
    APPEND(in[pos + 1], out, outsize);
  }
}

void consume(size_t *points, size_t np);

/* The count goes back to zero after each batch: a new buffer each time. */
void batches(const size_t *marks, size_t n) {
  size_t *points = 0;
  size_t np = 0;
  for (size_t i = 0; i < n; i++) {
    APPEND(marks[i], &points, &np);
    // REMARK: loopalloc_pow2_append.c:[[@LINE-1]]:5: remark: {{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=batches at=loopalloc_pow2_append.c:[[@LINE-2]]:5
    if (np == 16) {
      consume(points, np);
      free(points);
      points = 0;
      np = 0;
    }
  }
}

/* Grown by exactly one element each time: quadratic copying. */
size_t *one_by_one(const size_t *marks, size_t n) {
  size_t *points = 0;
  for (size_t i = 0; i < n; i++) {
    points = realloc(points, (i + 1) * sizeof *points);
    // REMARK: loopalloc_pow2_append.c:[[@LINE-1]]:14: remark: {{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-realloc-growth fn=one_by_one at=loopalloc_pow2_append.c:[[@LINE-2]]:14
    points[i] = marks[i];
  }
  return points;
}
