// loop-alloc through the project's own string functions, not inlined: a
// copy made per iteration and freed in the same iteration through the
// project's free function (its summary's frees_params), a malloc/free pair
// per iteration as if the loop called them itself (issue 10 recall:
// hiredis's sdsnewlen + dictFind + sdsfree per pub/sub message). Two
// callees: a forwarding wrapper (size from its parameter, str_newlen) and
// a function whose summary says it returns fresh memory but sizes the
// block itself (returns_allocation: str_dup from strlen, no wrapper).
// Advice: hoist and reuse.
// Negatives: the copy kept in a structure that outlives the iteration, kept
// on some paths and freed when the insert failed, freed only after an
// error was reported, a loop of two iterations, a constructor whose object
// owns more blocks (freed by its destroy function), and a function that may
// return a cached block.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

typedef char *str;

__attribute__((noinline)) str str_newlen(const void *p, size_t n) {
  char *s = malloc(n + 1);
  if (!s)
    return NULL;
  memcpy(s, p, n);
  s[n] = 0;
  return s;
}

__attribute__((noinline)) void str_free(str s) { free(s); }

struct msg { const char *name; size_t len; };
int next_msg(void *conn, struct msg *m);
void *dict_find(void *d, const char *key);
int dict_add(void *d, char *key);
void run_cb(void *cb, struct msg *m);
void report_error(const char *what);

// The finding: the reproducer of the recall audit.
void process(void *conn, void *dict) {
  struct msg m;
  while (next_msg(conn, &m)) {
    str key = str_newlen(m.name, m.len);
    // REMARK: loopalloc_fresh_call.c:[[@LINE-1]]:15: remark: str_newlen runs once per iteration of a loop (depth 1, trip count unknown): ~{{[0-9]+}} calls per call of process(); allocate the buffer once before the loop and reuse it [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=process at=loopalloc_fresh_call.c:[[@LINE-2]]:15 {{.*}}advice=hoist allocator=malloc bytes=None callee=str_newlen {{.*}}freed=same-iteration growth=per-iteration loop_depth=1 {{.*}}wrapper=True
    void *cb = dict_find(dict, key);
    if (cb)
      run_cb(cb, &m);
    str_free(key);
  }
}

// A copy sized by strlen: not a forwarding wrapper, but its summary says
// it returns fresh memory on every path.
__attribute__((noinline)) str str_dup(const char *p) {
  size_t n = strlen(p);
  char *s = malloc(n + 1);
  if (!s)
    return NULL;
  memcpy(s, p, n + 1);
  return s;
}

// Freed through the project's free function.
void lookup_names(void *dict, const char **names, struct msg *ms, int n) {
  for (int i = 0; i < n; i++) {
    str key = str_dup(names[i]);
    // REMARK: loopalloc_fresh_call.c:[[@LINE-1]]:15: remark: str_dup (returns fresh memory) runs once per iteration of a loop (depth 1, trip count n): ~{{[0-9]+}} calls per call of lookup_names(); allocate the buffer once before the loop and reuse it [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=lookup_names at=loopalloc_fresh_call.c:[[@LINE-2]]:15 {{.*}}advice=hoist allocator=project bytes=None callee=str_dup {{.*}}freed=same-iteration growth=per-iteration loop_depth=1 {{.*}}returns_allocation=True
    void *cb = dict_find(dict, key);
    if (cb)
      run_cb(cb, &ms[i]);
    str_free(key);
  }
}

// Freed by free() directly.
void lookup_all(void *dict, const char **names, struct msg *ms, int n) {
  for (int i = 0; i < n; i++) {
    str key = str_dup(names[i]);
    // REMARK: loopalloc_fresh_call.c:[[@LINE-1]]:15: remark: str_dup (returns fresh memory) runs once per iteration of a loop (depth 1, trip count n): {{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=lookup_all at=loopalloc_fresh_call.c:[[@LINE-2]]:15 {{.*}}advice=hoist {{.*}}callee=str_dup {{.*}}freed=same-iteration
    void *cb = dict_find(dict, key);
    if (cb)
      run_cb(cb, &ms[i]);
    free(key);
  }
}

// Several copies in one iteration (a response parser NUL-terminating its
// fields): one finding for the callee in this loop, the others joined.
void *group_new(const char *id, const char *type, const char *state);
void parse_groups(void **out, struct msg *ids, struct msg *types, struct msg *states, int n) {
  for (int i = 0; i < n; i++) {
    str id = str_dup(ids[i].name);
    // REMARK: loopalloc_fresh_call.c:[[@LINE-1]]:14: remark: str_dup (returns fresh memory) runs once per iteration of a loop (depth 1, trip count n): ~{{[0-9]+}} calls per call of parse_groups(); allocate the buffer once before the loop and reuse it (3 calls of it in this loop) [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=parse_groups at=loopalloc_fresh_call.c:[[@LINE-2]]:14 {{.*}}also_at=[[[@LINE+1]],[[@LINE+2]]] {{.*}}calls_in_loop=3 {{.*}}returns_allocation=True
    str type = str_dup(types[i].name);
    str state = str_dup(states[i].name);
    out[i] = group_new(id, type, state);
    str_free(id);
    str_free(type);
    str_free(state);
  }
}

// Negative: a copy per iteration handed to a call that may keep it and
// never freed here (dict_add owns it): one object per element by design.
void add_names(void *dict, const char **names, int n) {
  for (int i = 0; i < n; i++)
    dict_add(dict, str_dup(names[i]));
}

// Negative: every copy is kept in the caller's array (outlives the loop).
void copy_names(str *out, const char **names, int n) {
  for (int i = 0; i < n; i++)
    out[i] = str_dup(names[i]);
}

// Negative: kept as the dictionary's key, freed only when the key was
// there already (the insert failed).
void index_names(void *dict, const char **names, int n) {
  for (int i = 0; i < n; i++) {
    str key = str_dup(names[i]);
    if (dict_add(dict, key) != 0)
      str_free(key);
  }
}
void index_msgs(void *dict, struct msg *ms, int n) {
  for (int i = 0; i < n; i++) {
    str key = str_newlen(ms[i].name, ms[i].len);
    if (dict_add(dict, key) != 0)
      str_free(key);
  }
}

// Negative: freed only on the error path; kept in the array otherwise.
int copy_checked(str *out, const char **names, int n) {
  for (int i = 0; i < n; i++) {
    str s = str_dup(names[i]);
    if (s && s[0] == 0) {
      report_error("empty name");
      str_free(s);
      return -1;
    }
    out[i] = s;
  }
  return 0;
}

// Negative: a loop of at most three iterations (a key and its aliases),
// not unrolled: its bound is known.
void lookup_few(void *dict, const char **names, struct msg *ms, int n) {
  if (n > 3)
    n = 3;
  for (int i = 0; i < n; i++) {
    str key = str_dup(names[i]);
    void *cb = dict_find(dict, key);
    if (cb)
      run_cb(cb, &ms[i]);
    str_free(key);
  }
}

// Negative: a constructor whose object owns a second block, freed by its
// destroy function: no single buffer to reuse.
struct rec { char *name; size_t len; };
__attribute__((noinline)) struct rec *rec_new(const char *name, size_t len) {
  struct rec *r = malloc(sizeof *r);
  if (!r)
    return NULL;
  r->name = str_dup(name);
  r->len = len;
  return r;
}
__attribute__((noinline)) void rec_free(struct rec *r) {
  free(r->name);
  free(r);
}
void use_recs(void *dict, struct msg *ms, int n) {
  for (int i = 0; i < n; i++) {
    struct rec *r = rec_new(ms[i].name, ms[i].len);
    void *cb = dict_find(dict, r->name);
    if (cb)
      run_cb(cb, &ms[i]);
    rec_free(r);
  }
}

// Negative: may return a cached block (not a fresh allocation).
static char *cache;
void set_cache(char *c) { cache = c; }
__attribute__((noinline)) char *cached_copy(const char *p) {
  size_t n = strlen(p);
  if (cache && strlen(cache) >= n)
    return cache;
  char *s = malloc(n + 1);
  memcpy(s, p, n + 1);
  return s;
}
void lookup_cached(void *dict, const char **names, struct msg *ms, int n) {
  for (int i = 0; i < n; i++) {
    char *key = cached_copy(names[i]);
    void *cb = dict_find(dict, key);
    if (cb)
      run_cb(cb, &ms[i]);
    if (key != cache)
      free(key);
  }
}

// Low confidence: find_copy returns a fresh copy only when it finds the key
// and NULL as its answer otherwise (summary returns_null_answer): how many
// iterations allocate is not known. str_dup's NULL, after a failed malloc,
// is no answer (lookup_all above keeps its confidence).
__attribute__((noinline)) char *find_copy(const char **table, int n, const char *key) {
  for (int i = 0; i < n; i++)
    if (strcmp(table[i], key) == 0)
      return str_dup(table[i]);
  return NULL;
}
void find_each(const char **table, int n, const char **keys, int k) {
  for (int i = 0; i < k; i++) {
    char *v = find_copy(table, n, keys[i]);
    // REMARK: loopalloc_fresh_call.c:[[@LINE-1]]:15: remark: find_copy (returns fresh memory) runs once per iteration of a loop {{.*}}[-Rpass-analysis=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=find_each at=loopalloc_fresh_call.c:[[@LINE-2]]:15 {{.*}}callee=find_copy confidence=low confidence_reason=the callee returns NULL as an answer
    if (v) {
      run_cb(v, NULL);
      free(v);
    }
  }
}
