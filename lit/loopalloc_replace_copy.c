// loop-alloc (issue 10 items 2 and 3): a copy that replaces the copy an
// earlier iteration made, on some iterations only. `free(cur); cur =
// strdup(name);` on the branches of a parser's loop allocates and frees a
// copy per element (libxml2 htmlParseContentInternal keeps the current
// element's name this way). A copy has no size the code computes, and it
// is not made from the block it replaces, so it is not growth by
// replacement (the negatives of loopalloc_grow_by_replacement.c, and here a
// buffer replaced only when a bigger one is needed): it is reported, with
// advice to copy into the buffer already held. The copies that replace the
// same variable in one loop are one finding (one change fixes them all):
// at the site LLVM's static estimate runs most, counting all of them, the
// others' lines in also_at. Where that estimate puts them under once per
// call, the finding is low confidence (an analysis remark) and says so.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g -Xclang -load -Xclang %plugin %pa -Rpass-missed=perfadvise-loopalloc -Rpass-analysis=perfadvise-loopalloc -mllvm -perfadvise-config=%S/Inputs/config/replace_copy.perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

struct parser { const char *name; int depth; int state; const char *cur; };
int end_tag(struct parser *p);
void finish(struct parser *p);
void content(struct parser *p);
int same(const char *a, const char *b);

void parse_elements(struct parser *p) {
  char *current = strdup(p->name);
  int depth = p->depth;
  while (p->state >= 0) {
    if (p->cur[0] == '<' && p->cur[1] == '/') {
      if (end_tag(p)) {
        free(current);
        current = strdup(p->name);
        depth = p->depth + 1;
        finish(p);
      }
      continue;
    }
    if (depth >= p->depth && !same(current, p->name)) {
      content(p);
      free(current);
      current = strdup(p->name);
      // CHECK: loopalloc_replace_copy.c:[[@LINE-1]]:17: remark: strdup replaces the copy an earlier iteration made, freed just before it, here and at 1 other site of this loop{{.*}}copy into the buffer already held{{.*}}[-Rpass-analysis=perfadvise-loopalloc]
      // JSON: FINDING loop-alloc fn=parse_elements at=loopalloc_replace_copy.c:[[@LINE-2]]:17 {{.*}}advice=hoist {{.*}}also_at=[[[#@LINE-11]]] {{.*}}confidence=low confidence_reason=the copying path runs less than once per call{{.*}}freed=next-iteration
      depth = p->depth;
      continue;
    }
    content(p);
  }
  free(current);
}

// The project's own copy function, named in the configuration, freed
// through a function pointer.
char *proj_strdup(const char *s);
extern void (*proj_free)(void *);

void parse_project(struct parser *p) {
  char *current = proj_strdup(p->name);
  while (p->state >= 0) {
    if (end_tag(p)) {
      proj_free(current);
      current = proj_strdup(p->name);
      // CHECK: loopalloc_replace_copy.c:[[@LINE-1]]:17: remark: proj_strdup replaces the copy an earlier iteration made{{.*}}[-Rpass-missed=perfadvise-loopalloc]
      // JSON: FINDING loop-alloc fn=parse_project at=loopalloc_replace_copy.c:[[@LINE-2]]:17 {{.*}}advice=hoist allocator=project {{.*}}callee=proj_strdup executions_per_call={{[0-9.]+}} freed=next-iteration
      finish(p);
    }
    if (!same(current, p->cur))
      content(p);
  }
  proj_free(current);
}

// Negative: a buffer replaced only when a bigger one is needed (its size is
// computed: growth, amortised by the check). Already the right code.
void grow_only(const char **items, int n) {
  size_t cap = 0;
  char *buf = NULL;
  for (int i = 0; i < n; i++) {
    size_t len = strlen(items[i]) + 1;
    if (len > cap) {
      free(buf);
      buf = malloc(len);
      if (!buf)
        return;
      cap = len;
    }
    memcpy(buf, items[i], len);
    content((struct parser *)buf);
  }
  free(buf);
}

// Negative: the new copy is made from the block it replaces (a normalising
// pass that copies its own result): its length follows the old one, which
// the analysis cannot bound, so it claims nothing.
char *normalise(char *s, int rounds) {
  for (int r = 0; r < rounds; r++) {
    if (s[0] == ' ') {
      char *t = strdup(s + 1);
      free(s);
      s = t;
    }
  }
  return s;
}

// A copy made at a cursor the loop advances through other memory (a
// tokenizer's `s += n`) is not made from the block it replaces: reported.
int keep(const char *s, size_t n);
void use_token(const char *t);

void last_kept_token(const char *s) {
  char *last = NULL;
  while (*s) {
    size_t n = strcspn(s, ",");
    if (keep(s, n)) {
      free(last);
      last = strndup(s, n);
      // CHECK: loopalloc_replace_copy.c:[[@LINE-1]]:14: remark: strndup replaces the copy an earlier iteration made
      // JSON: FINDING loop-alloc fn=last_kept_token at=loopalloc_replace_copy.c:[[@LINE-2]]:14 {{.*}}freed=next-iteration
      use_token(last);
    }
    s += n + (s[n] != 0);
  }
  free(last);
}

// Nested loops: the copies of each loop are that loop's finding.
void rows_and_cells(char ***rows, int nrows, int ncells) {
  char *cur = NULL;
  for (int r = 0; r < nrows; r++) {
    if (rows[r][0][0] == '#') {
      free(cur);
      cur = strdup(rows[r][0]);
      // CHECK: loopalloc_replace_copy.c:[[@LINE-1]]:13: remark: strdup replaces the copy an earlier iteration made, freed just before it (depth 1
      // JSON: FINDING loop-alloc fn=rows_and_cells at=loopalloc_replace_copy.c:[[@LINE-2]]:13 {{.*}}freed=next-iteration
    }
    for (int c = 1; c < ncells; c++) {
      if (rows[r][c][0] == '*') {
        free(cur);
        cur = strdup(rows[r][c]);
        // CHECK: loopalloc_replace_copy.c:[[@LINE-1]]:15: remark: strdup replaces the copy an earlier iteration made, freed just before it (depth 2
        // JSON: FINDING loop-alloc fn=rows_and_cells at=loopalloc_replace_copy.c:[[@LINE-2]]:15 {{.*}}freed=next-iteration
      }
      use_token(cur);
    }
  }
  free(cur);
}

// An unrolled loop: the copies of one line are one site (no also_at).
void unrolled(char **a, int n) {
  char *cur = NULL;
#pragma clang loop unroll_count(2)
  for (int i = 0; i < n; i++) {
    if (a[i][0] == 'x') {
      free(cur);
      cur = strdup(a[i]);
      // CHECK: loopalloc_replace_copy.c:[[@LINE-1]]:13: remark: strdup replaces the copy an earlier iteration made, freed just before it (depth 1
      // JSON: FINDING loop-alloc fn=unrolled at=loopalloc_replace_copy.c:[[@LINE-2]]:13 {{.*}}advice=hoist allocator=strdup bytes=None
    }
    use_token(cur);
  }
  free(cur);
}
