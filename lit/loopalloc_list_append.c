// loop-alloc of list nodes appended through a pointer carried round the
// loop (issue 10 items 3 and 5): `prev->next = node; prev = node;` starting
// at the list's head, or `*tail = node; tail = &node->next;` starting at
// &head (libxml2's xmlCopyDocElementContent, catalog.c's entry list). Each
// node is linked into the list the function returns: one object per
// iteration is the design, so neither "reuse one buffer" nor "one block
// or arena" fits a list its API frees node by node. Negative: copy_prev,
// copy_tail, copy_from_head. Positive: scratch_nodes allocates a node per
// iteration that is neither freed nor linked anywhere (fill keeps no pointer).
// RUN: %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
#include <stdlib.h>

struct node {
    struct node *next;
    int v;
};

struct node *copy_prev(const struct node *src) {
    struct node *head = NULL, *prev = NULL;
    for (; src; src = src->next) {
        struct node *n = malloc(sizeof *n);
        if (!n)
            return head;
        n->v = src->v;
        n->next = NULL;
        if (prev == NULL)
            head = n;
        else
            prev->next = n;
        prev = n;
    }
    return head;
}

struct node *copy_tail(const struct node *src) {
    struct node *head = NULL, **tail = &head;
    for (; src; src = src->next) {
        struct node *n = malloc(sizeof *n);
        if (!n)
            break;
        n->v = src->v;
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

struct node *copy_from_head(const struct node *src) {
    struct node *ret = malloc(sizeof *ret), *prev;
    if (!ret)
        return NULL;
    ret->v = src->v;
    ret->next = NULL;
    prev = ret;
    for (src = src->next; src; src = src->next) {
        struct node *tmp = malloc(sizeof *tmp);
        if (!tmp)
            return ret;
        tmp->v = src->v;
        tmp->next = NULL;
        prev->next = tmp;
        prev = tmp;
    }
    return ret;
}

extern void fill(struct node *n __attribute__((noescape)), int v);
void scratch_nodes(const int *v, int n) {
    for (int i = 0; i < n; i++) {
        struct node *x = malloc(sizeof *x);
        // CHECK: loopalloc_list_append.c:[[@LINE-1]]:26: remark: malloc(16) runs {{.*}}each block outlives its iteration{{.*}}scratch_nodes(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        if (!x)
            return;
        fill(x, v[i]);
    }
}
