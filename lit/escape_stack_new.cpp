// heap-to-stack, positive (C++): new T / new T[N] of constant size that never
// leaves the function and is deleted on every path.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <cstdio>
#include <cstring>

struct Point { int x, y; char name[16]; };

int label_point(int a) {
    // REMARK: escape_stack_new.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new(24) in label_point() does not escape and is deleted on every path: use a local object (or std::optional<T> if it is created conditionally) instead of new/delete [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=_Z11label_pointi at=escape_stack_new.cpp:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=operator new bytes=24 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True
    Point *p = new Point;
    std::snprintf(p->name, sizeof p->name, "pt%d", a);
    int r = std::puts(p->name);
    delete p;
    return r;
}

int scratch(int a) {
    // REMARK: escape_stack_new.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new[](128) in scratch() does not escape and is deleted on every path: use a local array or std::array (128 bytes) instead of new[]/delete[] [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=_Z7scratchi at=escape_stack_new.cpp:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=operator new[] bytes=128 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True
    char *buf = new char[128];
    std::snprintf(buf, 128, "v=%d", a);
    std::puts(buf);
    int n = (int)std::strlen(buf);
    delete[] buf;
    return n;
}
