// loop-alloc across translation units: a loop calls a function of another
// file that returns fresh memory (str_dup, a forwarding xmalloc) and frees
// the result in the same iteration. The caller's TU cannot know the callee
// returns fresh memory, so the plugin writes the finding as a candidate
// (evidence callee_elsewhere, no remark); the advisor keeps it only when
// the callee's summary in another TU says returns_allocation and it builds
// no structure. Dropped: a callee that hands back an existing block
// (queue_pop: the loop frees what it dequeues), a constructor whose object
// owns more blocks (node_new), a library function no file defines
// (realpath), and every candidate when the callee's TU is not loaded.
// Not a candidate at all: a copy the loop keeps (dict_add).
// Through a chain of files: util.c's label_of() returns what copy_name(),
// defined in names.c, returns (summary returns_fresh_from), and copy_name
// returns fresh memory: kept. first_label() returns pop_name()'s block,
// which already existed; ping() and pong() return each other's result (a
// cycle proves nothing): dropped. The allocation phase reads label_of and
// pong although they touch no heap: each returns the pointer result of a
// function of another file.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out %t.d/alone && cp %s %t.d/util.c && cp %s %t.d/names.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DUTIL_SIDE -c util.c -o util.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -Rpass-missed=perfadvise -c names.c -o names.o 2>&1 | FileCheck %s --check-prefix=ALONE --allow-empty
// RUN: %jq %t.d/out/names.c.*.json | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// RUN: %perfadvise report --confidence low %t.d/out | FileCheck %s --check-prefix=WHOLE --implicit-check-not=loop-alloc
// RUN: %jq %t.d/out/util.c.*.json | FileCheck %s --check-prefix=UTIL
// UTIL: SUMMARY find_name {{.*}}returns_allocation=True returns_null_answer=True
// UTIL: SUMMARY first_label {{.*}}returns_allocation=False returns_fresh_from=[pop_name]
// UTIL: SUMMARY label_of {{.*}}returns_allocation=False returns_fresh_from=[copy_name]
// UTIL: SUMMARY node_new {{.*}}builds_structure=True
// UTIL: SUMMARY ping {{.*}}returns_fresh_from=[pong]
// UTIL: SUMMARY safe_dup {{.*}}returns_allocation=True{{$}}
// UTIL: SUMMARY str_dup {{.*}}returns_allocation=True{{$}}
// RUN: %jq %t.d/out/names.c.*.json | FileCheck %s --check-prefix=NAMES
// NAMES: SUMMARY pong {{.*}}returns_allocation=False returns_fresh_from=[ping]
// UTIL-NOT: builds_structure
// RUN: cp %t.d/out/names.c.*.json %t.d/alone/
// RUN: %perfadvise report --confidence low %t.d/alone | FileCheck %s --check-prefix=NOCALLEE
// ALONE-NOT: loop-alloc
// ALONE-NOT: runs once per iteration
// NOCALLEE-NOT: loop-alloc
// NOCALLEE: 1 findings file, 0 findings
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item { struct item *next; int v; };
struct queue { struct item *head; };
struct node { char *name; int refs; };
char *str_dup(const char *p);
char *find_name(const char *key);
char *safe_dup(const char *s);
char *copy_name(const char *p);
char *label_of(int id);
char *pop_name(void);
char *first_label(void);
char *ping(int n);
char *pong(int n);
void *xmalloc(size_t n);
struct item *queue_pop(struct queue *q);
struct node *node_new(const char *name);
void use(const void *p);
int dict_add(void *d, char *key);

#if defined(UTIL_SIDE)
char *str_dup(const char *p) {
  size_t n = strlen(p);
  char *s = malloc(n + 1);
  if (!s)
    return NULL;
  memcpy(s, p, n + 1);
  return s;
}
void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    abort();
  return p;
}
struct item *queue_pop(struct queue *q) {
  struct item *it = q->head;
  if (it)
    q->head = it->next;
  return it;
}
// NULL only for a NULL input or when malloc fails (reported): no answer,
// so a caller with real input gets fresh memory on every call.
char *safe_dup(const char *s) {
  char *d = NULL;
  if (s) {
    size_t n = strlen(s) + 1;
    d = malloc(n);
    if (d)
      memcpy(d, s, n);
    else
      fprintf(stderr, "out of memory\n");
  }
  return d;
}
// A copy of the entry found, NULL when there is none: an answer, so it
// allocates on some calls only (summary returns_null_answer).
static const char *const table[] = {"alpha", "beta", "gamma"};
char *find_name(const char *key) {
  for (int i = 0; i < 3; i++)
    if (strcmp(table[i], key) == 0)
      return str_dup(table[i]);
  return NULL;
}
static const char *const labels[] = {"a", "b", "c"};
char *last_label; /* the previous label, kept for logging */
char *label_of(int id) { return copy_name(labels[id % 3]); }
char *first_label(void) {
  free(last_label);
  last_label = NULL;
  return pop_name();
}
char *ping(int n) {
  if (n > 0)
    return pong(n - 1);
  free(last_label);
  last_label = NULL;
  return NULL;
}
struct node *node_new(const char *name) {
  struct node *n = malloc(sizeof *n);
  if (!n)
    return NULL;
  n->name = str_dup(name);
  n->refs = 1;
  return n;
}
#else
// The findings: a copy per name and a scratch buffer per row, each freed
// before the next iteration.
void look_up(const char **names, int n) {
  for (int i = 0; i < n; i++) {
    char *key = str_dup(names[i]);
    // JSON: FINDING loop-alloc fn=look_up at=names.c:[[@LINE-1]]:17 {{.*}}advice=hoist allocator=project bytes=None callee=str_dup callee_elsewhere=str_dup {{.*}}freed=same-iteration growth=per-iteration loop_depth=1 {{.*}}returns_allocation=True
    // WHOLE: loop-alloc {{.*}}names.c:[[@LINE-2]]  look_up()
    // WHOLE-NEXT: str_dup (returns fresh memory) runs once per iteration of a loop (depth 1, trip count n)
    use(key);
    free(key);
  }
}

void fill_rows(int rows) {
  for (int r = 0; r < rows; r++) {
    char *buf = xmalloc(256);
    // JSON: FINDING loop-alloc fn=fill_rows at=names.c:[[@LINE-1]]:17 {{.*}}callee=xmalloc callee_elsewhere=xmalloc
    // WHOLE: loop-alloc {{.*}}names.c:[[@LINE-2]]  fill_rows()
    // WHOLE-NEXT: xmalloc (returns fresh memory) runs once per iteration of a loop (depth 1, trip count rows)
    memset(buf, r, 256);
    use(buf);
    free(buf);
  }
}

// Candidates the advisor drops: queue_pop returns a block that already
// existed (its summary: no returns_allocation).
void drain(struct queue *q) {
  struct item *it;
  while ((it = queue_pop(q)) != NULL) {
    // JSON: FINDING loop-alloc fn=drain at=names.c:[[@LINE-1]]:{{[0-9]+}} {{.*}}callee_elsewhere=queue_pop
    use(it);
    free(it);
  }
}

// node_new's object owns a second block (builds a structure).
void make_nodes(const char **names, int n) {
  for (int i = 0; i < n; i++) {
    struct node *nd = node_new(names[i]);
    // JSON: FINDING loop-alloc fn=make_nodes at=names.c:[[@LINE-1]]:23 {{.*}}callee_elsewhere=node_new
    use(nd);
    free(nd->name);
    free(nd);
  }
}

// realpath: a library function; no file of the build has its summary.
char *realpath(const char *restrict path, char *restrict resolved);
void resolve_all(const char **paths, int n) {
  for (int i = 0; i < n; i++) {
    char *full = realpath(paths[i], NULL);
    // JSON: FINDING loop-alloc fn=resolve_all at=names.c:[[@LINE-1]]:18 {{.*}}callee_elsewhere=realpath
    use(full);
    free(full);
  }
}

// Not a candidate: the copy is kept by the dictionary.
void keep_all(void *dict, const char **names, int n) {
  for (int i = 0; i < n; i++)
    dict_add(dict, str_dup(names[i]));
}

char *copy_name(const char *p) {
  size_t n = strlen(p);
  char *s = malloc(n + 1);
  if (s)
    memcpy(s, p, n + 1);
  return s;
}
static char *names_stack[8];
static int names_top;
char *pop_name(void) { return names_top > 0 ? names_stack[--names_top] : NULL; }
char *pong(int n) { return n > 0 ? ping(n - 1) : NULL; }

// Kept through the chain label_of -> copy_name.
void print_labels(int n) {
  for (int i = 0; i < n; i++) {
    char *l = label_of(i);
    // JSON: FINDING loop-alloc fn=print_labels at=names.c:[[@LINE-1]]:15 {{.*}}callee_elsewhere=label_of
    // WHOLE: loop-alloc {{.*}}names.c:[[@LINE-2]]  print_labels()
    use(l);
    free(l);
  }
}

// Kept: safe_dup's NULL is the echo of a NULL input or a failed malloc.
void dup_each(const char **names, int n) {
  for (int i = 0; i < n; i++) {
    char *d = safe_dup(names[i]);
    // JSON: FINDING loop-alloc fn=dup_each at=names.c:[[@LINE-1]]:15 {{.*}}callee_elsewhere=safe_dup
    // WHOLE: loop-alloc {{.*}}names.c:[[@LINE-2]]  dup_each()
    // WHOLE-NOT: confidence: low
    use(d);
    free(d);
  }
}

// Placed at the wrapper's caller: str_dup reached through my_dup, a
// forwarding wrapper of this file, inside emit(), in the loop of emit_all()
// inlined into print_all(): the line is emit()'s call of my_dup, not
// my_dup's `return str_dup(p)`.
static char *my_dup(const char *p) { return str_dup(p); }
static void emit(const char *p) {
  char *d = my_dup(p);
  // JSON: FINDING loop-alloc fn=print_all at=names.c:[[@LINE-1]]:13 {{.*}}callee_elsewhere=str_dup
  // WHOLE: loop-alloc {{.*}}names.c:[[@LINE-2]]  print_all()
  use(d);
  free(d);
}
static void emit_all(const char **names, int n) {
  for (int i = 0; i < n; i++)
    emit(names[i]);
}
void print_all(const char **names, int n) { emit_all(names, n); }

// Kept with low confidence: find_name allocates only when it finds the key.
void find_all(const char **keys, int n) {
  for (int i = 0; i < n; i++) {
    char *v = find_name(keys[i]);
    // JSON: FINDING loop-alloc fn=find_all at=names.c:[[@LINE-1]]:15 {{.*}}callee_elsewhere=find_name
    // WHOLE: loop-alloc {{.*}}names.c:[[@LINE-2]]  find_all()
    // WHOLE: confidence: low - the callee returns NULL as an answer on some paths
    if (v) {
      use(v);
      free(v);
    }
  }
}

// Dropped: first_label hands back an existing block; ping/pong a cycle.
void drain_labels(int n) {
  for (int i = 0; i < n; i++) {
    char *l = first_label();
    // JSON: FINDING loop-alloc fn=drain_labels at=names.c:[[@LINE-1]]:15 {{.*}}callee_elsewhere=first_label
    use(l);
    free(l);
  }
}
void bounce(int n) {
  for (int i = 0; i < n; i++) {
    char *l = ping(i);
    // JSON: FINDING loop-alloc fn=bounce at=names.c:[[@LINE-1]]:15 {{.*}}callee_elsewhere=ping
    use(l);
    free(l);
  }
}
#endif
