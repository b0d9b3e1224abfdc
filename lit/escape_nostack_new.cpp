// heap-to-stack, negative (C++): a node linked into a list reached through a
// parameter (escapes via heap), a node returned to the caller, new[] of a
// runtime size, and new[] not deleted on an early return.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape --implicit-check-not="does not escape and is"
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <cstdio>
#include <cstring>

struct Node { Node *next; char tag[16]; };
struct List { Node *head; };

void push(List *l, int v) {
    // REMARK: escape_nostack_new.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new(24) in push() escapes via a store into memory pointed to by parameter 'l': that memory keeps it; it must stay on the heap [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=_Z4pushP4Listi at=escape_nostack_new.cpp:[[@LINE+1]]:{{[0-9]+}} {{.*}}target=memory pointed to by parameter 'l' via=heap
    Node *n = new Node;
    std::snprintf(n->tag, sizeof n->tag, "%d", v);
    n->next = l->head;
    l->head = n;
}

Node *make(int v) {
    // REMARK: escape_nostack_new.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new(24) in make() escapes via return: the caller owns it; it must stay on the heap [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=_Z4makei {{.*}}via=return
    Node *n = new Node;
    std::snprintf(n->tag, sizeof n->tag, "%d", v);
    n->next = nullptr;
    return n;
}

int sized(int count) {
    // REMARK: escape_nostack_new.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new[](n) in sized() does not escape, but its size is not a compile-time constant{{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=_Z5sizedi {{.*}}reason=non-constant size
    char *buf = new char[count];
    std::snprintf(buf, count, "%d", count);
    int r = std::puts(buf);
    delete[] buf;
    return r;
}

int early_return(int v) {
    // REMARK: escape_nostack_new.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new[](64) in early_return() does not escape, but it is not freed on every path (it leaks on some path): delete it on every path, or better, make it a local object [-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING no-escape fn=_Z12early_returni {{.*}}freed_on_all_paths=False {{.*}}reason=not freed on every path
    char *buf = new char[64];
    std::snprintf(buf, 64, "%d", v);
    if (std::puts(buf) < 0)
        return -1;
    delete[] buf;
    return 0;
}
