// loop-alloc negative (issue 10 item 2): a string builder whose helper grows
// the buffer under a capacity check (sds-style sdsMakeRoomFor: double the
// needed length) while each iteration appends a piece of varying length. The
// growth is amortised and the final size is the sum of the pieces, not
// n * size, so "allocate it once before the loop" would be wrong advice.
// Claim nothing when the size's evolution is not visible; the doubling that
// is visible (loopalloc_realloc_doubling.c) keeps its finding.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --allow-empty --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --allow-empty --implicit-check-not="FINDING loop-"
// REMARK-NOT: perfadvise-loopalloc
// JSON-NOT: FINDING loop-
#include <stdlib.h>
#include <string.h>
struct hdr { size_t len, free; char buf[]; };
typedef char *sds;
static sds make_room(sds s, size_t addlen) {
  struct hdr *sh = (void *)(s - sizeof *sh);
  if (sh->free >= addlen) return s;
  size_t newlen = sh->len + addlen;
  if (newlen < 1024 * 1024) newlen *= 2; else newlen += 1024 * 1024;
  struct hdr *nsh = realloc(sh, sizeof *nsh + newlen + 1);
  if (!nsh) return NULL;
  nsh->free = newlen - nsh->len;
  return nsh->buf;
}
sds cat_len(sds s, const char *t, size_t n) {
  s = make_room(s, n);
  if (!s) return NULL;
  struct hdr *sh = (void *)(s - sizeof *sh);
  memcpy(s + sh->len, t, n);
  sh->len += n; sh->free -= n; s[sh->len] = 0;
  return s;
}
sds join(sds s, char **argv, int argc) {
  for (int j = 0; j < argc; j++)
    s = cat_len(s, argv[j], strlen(argv[j]));
  return s;
}
