// heap-escape (C++): a block handed to a standard-library function that may
// keep it (a tree insert links the node in) says so without advising to make
// the callee's definition visible: the library's code is not the project's
// to move. A project function declared elsewhere keeps that advice.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa -Rpass-analysis=perfadvise-escape -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=perfadvise-escape
#include <cstddef>
#include <functional>
#include <set>

std::set<int> *g_set;

void add(int v) {
  g_set->insert(v);
  // CHECK: escape_heap_call_std.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: operator new(40) in add() escapes via a call to std::_Rb_tree_insert_and_rebalance(), which may keep the pointer: it must stay on the heap [-Rpass-analysis=perfadvise-escape]
}

void queue_push(int *item);

void submit(int x) {
  int *job = new int(x);
  queue_push(job);
  // CHECK: escape_heap_call_std.cpp:[[@LINE-2]]:{{[0-9]+}}: remark: operator new(4) in submit() escapes via a call to queue_push(), which may keep the pointer: it must stay on the heap (if queue_push() only uses it during the call, make its definition visible here so the compiler can prove that) [-Rpass-analysis=perfadvise-escape]
}

// A specialisation the project writes in namespace std, defined in another
// file, is the project's code: the advice stays.
struct Foo {
  int a, b;
};
template <> struct std::hash<Foo> {
  size_t operator()(const Foo &f) const;
};
size_t hash_of(int a) {
  Foo *p = new Foo{a, 1};
  size_t h = std::hash<Foo>{}(*p);
  // CHECK: escape_heap_call_std.cpp:[[@LINE-2]]:{{[0-9]+}}: remark: operator new(8) in hash_of() escapes via a call to std::hash<Foo>::operator()(), which may keep the pointer: it must stay on the heap (if std::hash<Foo>::operator()() only uses it during the call, make its definition visible here so the compiler can prove that) [-Rpass-analysis=perfadvise-escape]
  delete p;
  return h;
}
