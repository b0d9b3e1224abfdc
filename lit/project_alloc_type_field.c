// Allocator hooks kept in a field of a heap object, not a global (Expat's
// parser->m_mem.malloc_fcn and ms->malloc_fcn): a configuration entry names
// them by the struct type of the pointer the call goes through and the
// member path (`parser.mem.malloc_fcn`, `mem_suite.malloc_fcn`), and calls
// through them get the analysis malloc gets. A hook of another type, or
// without the configuration, is not known and nothing is reported.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d PERFADVISE_CONFIG=%S/Inputs/config/type_field.perfadvise %clang -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// RUN: env PERFADVISE_CONFIG=none %clang -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty
// NONE-NOT: remark:
#include <stddef.h>

typedef struct {
    void *(*malloc_fcn)(size_t size);
    void *(*realloc_fcn)(void *ptr, size_t size);
    void (*free_fcn)(void *ptr);
} mem_suite;

struct parser {
    int depth;
    mem_suite mem;
};

struct other {
    int depth;
    mem_suite mem;
};

void consume(char *buf);

void parse_all(struct parser *p, int n) {
    for (int i = 0; i < n; i++) {
        char *buf = p->mem.malloc_fcn(64);
        // CHECK: project_alloc_type_field.c:[[@LINE-1]]:21: remark: {{.*}}runs once per iteration of a loop
        // JSON: FINDING loop-alloc fn=parse_all {{.*}}allocator=project
        consume(buf);
        p->mem.free_fcn(buf);
    }
}

void with_suite(const mem_suite *ms, int n) {
    for (int i = 0; i < n; i++) {
        char *buf = ms->malloc_fcn(64);
        // CHECK: project_alloc_type_field.c:[[@LINE-1]]:21: remark: {{.*}}runs once per iteration of a loop
        // JSON: FINDING loop-alloc fn=with_suite {{.*}}allocator=project
        consume(buf);
        ms->free_fcn(buf);
    }
}

void other_hooks(struct other *o, int n) {
    for (int i = 0; i < n; i++) {
        char *buf = o->mem.malloc_fcn(64);
        consume(buf);
        o->mem.free_fcn(buf);
    }
}
