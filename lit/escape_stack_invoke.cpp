// heap-to-stack, positive (C++ with exceptions): a throwing call between new
// and delete makes the calls invokes with landing pads. When the handler
// deletes, every path frees; when nothing does, the exception path leaks, and
// a local object would fix that too (evidence leaks_on_exception).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g -fexceptions %pa %pa-remarks -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-escape
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING heap-" --implicit-check-not="FINDING no-escape"
#include <cstdio>

struct Point { int x, y; char name[16]; };
void may_throw(int a);
struct Guard { Guard(); ~Guard(); };

int caught(int a) {
    // REMARK: escape_stack_invoke.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new(24) in caught() does not escape and is deleted on every path: use a local object (or std::optional<T> if it is created conditionally) instead of new/delete [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=_Z6caughti at=escape_stack_invoke.cpp:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=operator new bytes=24 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True loop_depth=0 max_stack_bytes=1024 {{(max_trip_text=[^ ]+ )?(trip_count=[^ ]+ )?(trip_text=[^ ]+ )?}}via=None
    Point *p = new Point;
    std::snprintf(p->name, sizeof p->name, "pt%d", a);
    try {
        may_throw(a);
    } catch (...) {
        delete p;
        throw;
    }
    int r = std::puts(p->name);
    delete p;
    return r;
}

int guarded(int a) {
    Guard g;
    // REMARK: escape_stack_invoke.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: operator new(24) in guarded() does not escape and is deleted on every path: use a local object (or std::optional<T> if it is created conditionally) instead of new/delete (today it also leaks when an exception passes through) [-Rpass-missed=perfadvise-escape]
    // JSON: FINDING heap-to-stack fn=_Z7guardedi at=escape_stack_invoke.cpp:[[@LINE+1]]:{{[0-9]+}} {{.*}}allocator=operator new bytes=24 {{(executions_per_call=[0-9.e+]+ )?}}freed_on_all_paths=True leaks_on_exception=True
    Point *p = new Point;
    std::snprintf(p->name, sizeof p->name, "pt%d", a);
    may_throw(a);
    int r = std::puts(p->name);
    delete p;
    return r;
}
