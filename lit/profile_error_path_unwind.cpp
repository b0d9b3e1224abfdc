// An allocation whose only ways on are an error call and exception unwinding
// is on an error path (issue 10, item 8): a std::string built for an error
// reporter that throws (LibSass's error("...", pstate, traces)), inside a
// loop that keeps a reference-counted object alive, so that building the
// string is an `invoke` whose unwind edge runs the object's destructor and
// resumes. Propagating an exception is not a normal return: the unwind edge
// must not make the path look normal. On an error path, "once per
// iteration" is not what the allocation does (the error usually ends the
// loop): the finding is low confidence and leaves the default report.
// Non-finding of the rule: the same string handed to an ordinary callee
// (consume) is on the normal path and keeps its rank.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d/out %clangxx -O2 -g -std=c++11 %pa -c %s -o %t.o
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=FILE
// RUN: %perfadvise report %t.d/out --confidence low --no-progress | FileCheck %s
// RUN: %perfadvise report %t.d/out --no-progress | FileCheck %s --check-prefix=DEFAULT
//
// FILE-DAG: FINDING loop-alloc fn=_ZN3app13check_parentsERSt6vectorIPNS_4NodeESaIS2_EE {{.*}}confidence=low confidence_reason=on an error path{{.*}}error_path.ends_in=error-call {{.*}}error_path.what=app::error(
// FILE-DAG: FINDING loop-alloc fn=_ZN3app12name_parentsERSt6vectorIPNS_4NodeESaIS2_EE
// FILE-NOT: fn=_ZN3app12name_parentsERSt6vectorIPNS_4NodeESaIS2_EE {{.*}}error_path
//
// CHECK-DAG: {{HIGH|MEDIUM}} {{.*}}loop-alloc {{.*}}profile_error_path_unwind.cpp:[[@LINE+47]]  app::name_parents()
// CHECK-DAG: LOW {{.*}}loop-alloc {{.*}}profile_error_path_unwind.cpp:[[@LINE+31]]  app::check_parents()
// CHECK-DAG: on an error path that ends in app::error(
// DEFAULT: app::name_parents()
// DEFAULT-NOT: app::check_parents()
#include <string>
#include <vector>

namespace app {
struct Node {
    int refs;
    bool parent;
    Node *next;
};
// A reference-counted handle: its destructor runs on the unwind path.
struct Ref {
    Node *n;
    explicit Ref(Node *p) : n(p) { n->refs++; }
    ~Ref() { release(n); }
    static void release(Node *p);
};
void error(std::string msg, int line); // throws; defined elsewhere
void consume(std::string msg, int line);

int check_parents(std::vector<Node *> &nodes)
{
    int n = 0;
    for (Node *h : nodes) {
        Ref keep(h);
        for (Node *t = h; t; t = t->next) {
            if (!t->parent)
                continue;
            error("Base-level rules cannot contain the parent-selector-referencing character.", n);
            n++;
        }
    }
    return n;
}

int name_parents(std::vector<Node *> &nodes)
{
    int n = 0;
    for (Node *h : nodes) {
        Ref keep(h);
        for (Node *t = h; t; t = t->next) {
            if (!t->parent)
                continue;
            consume("Base-level rules cannot contain the parent-selector-referencing character.", n);
            n++;
        }
    }
    return n;
}
} // namespace app
