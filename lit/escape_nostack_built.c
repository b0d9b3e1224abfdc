// heap-to-stack negative: the object comes from a function that builds a
// structure owning more heap memory (a constructor: the header from
// list_new(), elements grown with realloc, strdup'ed names), then the
// caller's destroy code, inlined at -O2, frees the elements and the header.
// Putting the 16-byte header on the stack saves one malloc of many and needs
// a new constructor API (librdkafka rd_kafka_topic_partition_list_union0,
// mock cgrp target assignment). Claim nothing. The plain allocation wrapper
// stays a candidate (escape_stack_wrapper.c).
// RUN: %clang -O2 -g %pa -Rpass-missed=perfadvise-escape -c %s -o %t.o 2>&1 | FileCheck %s --allow-empty --implicit-check-not=heap-to-stack --implicit-check-not="stack array"
// CHECK-NOT: stack array
#include <stdlib.h>
#include <string.h>
typedef struct { char *topic; int part; } elem;
typedef struct { int cnt, size; elem *elems; } list;
static void grow(list *l, int size) { l->size = size; l->elems = realloc(l->elems, sizeof(*l->elems) * (size_t)size); }
list *list_new(int size) { list *l = calloc(1, sizeof *l); if (size > 0) grow(l, size); return l; }
void list_add(list *l, const char *t, int p) { if (l->cnt == l->size) grow(l, l->size * 2 + 1); l->elems[l->cnt].topic = strdup(t); l->elems[l->cnt++].part = p; }
void list_destroy(list *l) { for (int i = 0; i < l->cnt; i++) free(l->elems[i].topic); free(l->elems); free(l); }
list *difference(list *a, list *b) {
  list *r = list_new(a->cnt);
  for (int i = 0; i < a->cnt; i++) { int found = 0; for (int j = 0; j < b->cnt; j++) if (!strcmp(a->elems[i].topic, b->elems[j].topic)) found = 1; if (!found) list_add(r, a->elems[i].topic, a->elems[i].part); }
  return r;
}
/* A constructor whose parts are copied by functions of another file. */
typedef struct { list *ids; list *assignment; } target;
list *list_copy(const list *l);
void list_free(list *l);
__attribute__((noinline)) static target *target_new(const list *ids, const list *assignment) {
  target *t = calloc(1, sizeof *t);
  t->ids = list_copy(ids);
  t->assignment = list_copy(assignment);
  return t;
}
static void target_destroy(target *t) { list_free(t->ids); list_free(t->assignment); free(t); }
void group_assign(void *group, list *ids, list *assignment);
static void target_set(void *group, const target *t) {
  group_assign(group, list_copy(t->ids), list_copy(t->assignment));
}
void recalculate(void *group, const list *ids, const list *assignment) {
  target *t = target_new(ids, assignment);
  target_set(group, t);
  target_destroy(t);
}

list *union0(list *a, list *b) {
  list *bma = difference(b, a);
  list *r = list_new(a->cnt + bma->cnt);
  for (int i = 0; i < bma->cnt; i++) list_add(r, bma->elems[i].topic, bma->elems[i].part);
  list_destroy(bma);
  return r;
}
