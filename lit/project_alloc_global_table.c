// Allocator hooks kept in the members of a global table (libgit2's
// `#define git__malloc(n) git__allocator.gmalloc(n, __FILE__, __LINE__)`):
// a configuration entry names each by the global and the member path, the
// first member too, which is loaded from the global's own address (it was
// taken for the global, `git__allocator`, and matched no entry).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d PERFADVISE_CONFIG=%S/Inputs/config/global_table.perfadvise %clang -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// RUN: env PERFADVISE_CONFIG=none %clang -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty
// NONE-NOT: remark:
#include <stddef.h>
#include <stdlib.h>

typedef struct {
  void *(*gmalloc)(size_t n, const char *file, int line);
  void *(*grealloc)(void *p, size_t n, const char *file, int line);
  void (*gfree)(void *p);
} git_allocator;

git_allocator git__allocator;

#define git__malloc(n) git__allocator.gmalloc(n, __FILE__, __LINE__)
#define git__realloc(p, n) git__allocator.grealloc(p, n, __FILE__, __LINE__)
#define git__free git__allocator.gfree

void consume(char *buf);

void parse_all(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = git__malloc(64);
    // CHECK: project_alloc_global_table.c:[[@LINE-1]]:17: remark: {{.*}}runs once per iteration of a loop
    // JSON: FINDING loop-alloc fn=parse_all {{.*}}allocator=project
    consume(buf);
    git__free(buf);
  }
}

struct hooks { void *(*alloc)(size_t n); } hk;

void by_global_name(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = hk.alloc(64);
    // CHECK: project_alloc_global_table.c:[[@LINE-1]]:17: remark: {{.*}}runs once per iteration of a loop
    // JSON: FINDING loop-alloc fn=by_global_name {{.*}}allocator=project
    consume(buf);
    free(buf);
  }
}

char *grow_by_one(char *p, int n) {
  for (int i = 0; i < n; i++) {
    // CHECK: project_alloc_global_table.c:[[@LINE+1]]:9: remark: realloc grows the buffer by 1 bytes at a time in a loop
    p = git__realloc(p, (size_t)i + 1);
    // JSON: FINDING loop-realloc-growth fn=grow_by_one
    p[i] = 'x';
  }
  return p;
}
