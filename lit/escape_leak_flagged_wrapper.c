// memory-leak through a function that returns an allocation (issue 10 item
// 1: confidence that says how sure the analysis is). libxml2's
// xmlSchemaParseAttributeGroupRef calls xmlSchemaParseAnnotation(pctxt,
// child, 0) and drops the result: with needed = 0 the parser returns NULL
// and allocates nothing, although its summary says it returns an
// allocation. A constant 0 handed to such a function (not its size) may
// switch the allocation off: the leak is reported with low confidence (an
// analysis remark). Positive: drop_copy drops what make_copy always
// allocates: a high-confidence leak.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-escape -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <stdlib.h>

struct annot {
    struct annot *next;
    void *content;
};
extern void walk(void *node);
extern int has_child(void *node);

__attribute__((noinline)) struct annot *parse_annotation(void *node, int needed) {
    struct annot *ret = NULL;
    walk(node);
    if (needed) {
        ret = malloc(sizeof *ret);
        if (ret) {
            ret->next = NULL;
            ret->content = node;
        }
    }
    return ret;
}

int parse_group_ref(void *node) {
    if (has_child(node))
        parse_annotation(node, 0);
    // JSON: FINDING memory-leak fn=parse_group_ref at=escape_leak_flagged_wrapper.c:[[@LINE-1]]:{{[0-9]+}} {{.*}}confidence=low confidence_reason=the call passes a constant 0
    return 1;
}

__attribute__((noinline)) struct annot *make_copy(void *node) {
    struct annot *a = malloc(sizeof *a);
    if (a) {
        a->next = NULL;
        a->content = node;
    }
    return a;
}

int drop_copy(void *node) {
    if (has_child(node))
        make_copy(node);
    // CHECK: escape_leak_flagged_wrapper.c:[[@LINE-1]]:{{[0-9]+}}: remark: make_copy(16) in drop_copy() is never freed and does not escape: it leaks on every call
    // JSON: FINDING memory-leak fn=drop_copy at=escape_leak_flagged_wrapper.c:[[@LINE-2]]:{{[0-9]+}} {{.*}}confidence=high
    return 1;
}
