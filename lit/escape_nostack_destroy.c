// heap-to-stack only when this function frees the memory with free()
// itself. An object released by a destroy function the caller calls
// (list_destroy, which frees the object and what it owns) is not a stack
// candidate: the callee would free() a stack array. librdkafka's partition
// lists and mock groups showed the shape.
// RUN: %clang -O2 -g %pa -Rpass-missed=perfadvise-escape -Rpass-analysis=perfadvise-escape -c %s -o %t.o 2>&1 | FileCheck %s
#include <stdlib.h>
#include <string.h>

struct list { int n; char **elems; };

struct list *list_new(int n);
__attribute__((noinline)) void list_destroy(struct list *l) /* frees the elements and the list */
{
    for (int i = 0; i < l->n; i++)
        free(l->elems[i]);
    free(l->elems);
    free(l);
}
__attribute__((noinline)) static int list_sum(const struct list *l) { return l->n + (l->elems != 0); }
__attribute__((noinline)) static void list_fill(struct list *l, int n) { l->n = n; l->elems = NULL; }

int count(int n)
{
    struct list *l = malloc(sizeof *l);
    if (!l)
        return -1;
    list_fill(l, n);
    int s = list_sum(l);
    // CHECK-NOT: remark: malloc(16) in count() does not escape and is freed on every path
    // CHECK: remark: malloc(16) in count() does not escape, but it is freed by a callee (a destroy function,
    list_destroy(l);
    return s;
}

/* The same object freed here with free(): a stack candidate. */
int count_here(int n)
{
    struct list *l = malloc(sizeof *l);
    if (!l)
        return -1;
    list_fill(l, n);
    int s = list_sum(l);
    free(l);
    return s;
}
// CHECK: remark: malloc(16) in count_here() does not escape and is freed on every path
