// memory-leak vs. linked lists: a node appended through a loop-carried tail
// pointer is stored into whatever that pointer holds (the local 'head' that
// is returned, the previous node, the first node): it lives as long as the
// list, so it escapes with it and is not a leak. The store goes through a
// phi whose incoming values are the node of the previous iteration and the
// address of 'head' (or another allocation that escapes).
// Positive (must stay leaks): nodes linked only into a local list that is
// never returned, stored or freed, through a tail pointer or pushed at the
// head; a buffer kept in a local-only struct.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape" --implicit-check-not="FINDING memory-leak"
#include <stdio.h>
#include <stdlib.h>

struct node { struct node *next; int v; };
struct vnode { int v; struct vnode *next; };
struct elem { struct elem *c1, *c2; int type; };
struct dnode { struct dnode *next, *prev; int v; };
struct holder { char *name; int n; };

// Pointer-to-pointer tail, 'next' at offset 0: the node is stored into
// 'head' (returned) or into the previous node.
struct node *copy2(const struct node *src) {
    struct node *head = NULL, **tail = &head;
    for (; src; src = src->next) {
        // REMARK: escape_leak_list.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(16) in copy2() escapes via return: the caller owns it; it must stay on the heap [-Rpass-analysis=perfadvise-escape]
        // JSON: FINDING heap-escape fn=copy2 at=escape_leak_list.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}via=return
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

// The same with 'next' at a non-zero offset.
struct vnode *copy2_offset(const int *v, int count) {
    struct vnode *head = NULL, **tail = &head;
    for (int i = 0; i < count; i++) {
        // REMARK: escape_leak_list.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(16) in copy2_offset() escapes via return{{.*}}[-Rpass-analysis=perfadvise-escape]
        // JSON: FINDING heap-escape fn=copy2_offset at=escape_leak_list.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}via=return
        struct vnode *n = malloc(sizeof *n);
        if (!n)
            break;
        n->v = v[i];
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

// `*nextp = n; nextp = &(*nextp)->next`: the next link re-read through nextp.
struct vnode *copy_nextp(const int *v, int count) {
    struct vnode *head = NULL, **nextp = &head;
    for (int i = 0; i < count; i++) {
        // REMARK: escape_leak_list.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(16) in copy_nextp() escapes via return{{.*}}[-Rpass-analysis=perfadvise-escape]
        // JSON: FINDING heap-escape fn=copy_nextp at=escape_leak_list.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}via=return
        struct vnode *n = malloc(sizeof *n);
        if (!n)
            break;
        n->v = v[i];
        n->next = NULL;
        *nextp = n;
        nextp = &(*nextp)->next;
    }
    return head;
}

// prev starts as another allocation that is returned: each node is stored
// into that first node or into the previous node.
struct elem *copy_tree(const struct elem *cur) {
    // REMARK: escape_leak_list.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(24) in copy_tree() escapes via return{{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=copy_tree at=escape_leak_list.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}via=return
    struct elem *ret = malloc(sizeof *ret);
    if (!ret)
        return NULL;
    ret->type = cur->type;
    ret->c1 = ret->c2 = NULL;
    struct elem *prev = ret;
    for (cur = cur->c2; cur; cur = cur->c2) {
        // REMARK: escape_leak_list.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(24) in copy_tree() escapes via a store into another heap object: that memory keeps it; it must stay on the heap [-Rpass-analysis=perfadvise-escape]
        // JSON: FINDING heap-escape fn=copy_tree at=escape_leak_list.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}via=heap
        struct elem *tmp = malloc(sizeof *tmp);
        if (!tmp)
            return ret;
        tmp->type = cur->type;
        tmp->c1 = tmp->c2 = NULL;
        prev->c2 = tmp;
        prev = tmp;
    }
    return ret;
}

// Doubly-linked append: head/tail pointers, prev link to the old tail.
struct dnode *copy_doubly(const int *v, int count) {
    struct dnode *head = NULL, *tail = NULL;
    for (int i = 0; i < count; i++) {
        // REMARK: escape_leak_list.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(24) in copy_doubly() escapes via return{{.*}}[-Rpass-analysis=perfadvise-escape]
        // JSON: FINDING heap-escape fn=copy_doubly at=escape_leak_list.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}via=return
        struct dnode *n = malloc(sizeof *n);
        if (!n)
            break;
        n->v = v[i];
        n->next = NULL;
        n->prev = tail;
        if (tail)
            tail->next = n;
        else
            head = n;
        tail = n;
    }
    return head;
}

// A real leak: appended through a tail pointer, but the list is only read.
int sum_leaky(const int *v, int count) {
    struct node *head = NULL, **tail = &head;
    for (int i = 0; i < count; i++) {
        // REMARK: escape_leak_list.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(16) in sum_leaky() is never freed and does not escape: it leaks on every call; free it before the function returns [-Rpass-missed=perfadvise-escape]
        // JSON: FINDING memory-leak fn=sum_leaky at=escape_leak_list.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}confidence=high
        struct node *n = malloc(sizeof *n);
        if (!n)
            break;
        n->v = v[i];
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    int s = 0;
    for (struct node *p = head; p; p = p->next)
        s += p->v;
    return s;
}

// A real leak: pushed at the head of a local list that is only read.
int push_leaky(const int *v, int count) {
    struct node *head = NULL;
    for (int i = 0; i < count; i++) {
        // REMARK: escape_leak_list.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(16) in push_leaky() is never freed and does not escape: it leaks on every call; free it before the function returns [-Rpass-missed=perfadvise-escape]
        // JSON: FINDING memory-leak fn=push_leaky at=escape_leak_list.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}confidence=high
        struct node *n = malloc(sizeof *n);
        if (!n)
            break;
        n->v = v[i];
        n->next = head;
        head = n;
    }
    int s = 0;
    for (struct node *p = head; p; p = p->next)
        s += p->v;
    return s;
}

// A real leak: kept in a struct that lives only in this call.
int held_leaky(int x) {
    struct holder h;
    // REMARK: escape_leak_list.c:[[@LINE+2]]:{{[0-9]+}}: remark: malloc(32) in held_leaky() is never freed and does not escape: it leaks on every call; free it before the function returns (or use a 32-byte stack array) [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING memory-leak fn=held_leaky at=escape_leak_list.c:[[@LINE+1]]:{{[0-9]+}} {{.*}}confidence=high
    h.name = malloc(32);
    if (!h.name)
        return -1;
    h.n = snprintf(h.name, 32, "%d", x);
    return puts(h.name) + h.n;
}
