// heap-escape, positive (C++): a new'd object registered with an external
// function, stored into a member of *this, and kept in a static pointer.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <cstdio>

struct Job { int id; char name[20]; };
void enqueue(Job *j);

struct Owner {
    char *scratch;
    void init(int n);
};

static Job *g_current;

void start(int id) {
    // REMARK: escape_heap_new.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new(24) in start() escapes via a call to enqueue(){{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=_Z5starti {{.*}}allocator=operator new bytes=24 {{.*}}target=enqueue via=call
    Job *j = new Job;
    j->id = id;
    std::snprintf(j->name, sizeof j->name, "job%d", id);
    enqueue(j);
}

void Owner::init(int n) {
    // REMARK: escape_heap_new.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new[](64) in Owner::init() escapes via a store into memory pointed to by parameter 'this'{{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=_ZN5Owner4initEi {{.*}}allocator=operator new[] bytes=64 {{.*}}via=heap
    scratch = new char[64];
    std::snprintf(scratch, 64, "%d", n);
}

void current(int id) {
    // REMARK: escape_heap_new.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new(24) in current() escapes via a store to global 'g_current'{{.*}}[-Rpass-analysis=perfadvise-escape]
    // JSON: FINDING heap-escape fn=_Z7currenti {{.*}}target=g_current via=global
    Job *j = new Job;
    std::snprintf(j->name, sizeof j->name, "job%d", id);
    g_current = j;
}
Job *peek() { return g_current; }
