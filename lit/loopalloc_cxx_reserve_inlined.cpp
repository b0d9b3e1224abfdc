// loop-alloc (C++): a reserve() inlined whose copy of the elements stays a
// call (`_M_allocate_and_copy`, for elements whose copy may throw and that
// have no move) sizes the vector before the loop as an inlined allocation
// does: no reserve advice (DuckDB's AggregateObject::CreateAggregateObjects,
// where the inliner made that choice). The inline threshold below makes the
// same choice here: reserve inlined, _M_allocate_and_copy left out of line.
// Still reported: the same loop without the reserve.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g -mllvm -inline-threshold=400 %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// The shape itself: reserve inlined into make_objs, its copy a call.
// RUN: %clangxx -O2 -g -mllvm -inline-threshold=400 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// IR-LABEL: define {{.*}}@_Z9make_objsRKSt6vectorIPK4ExprSaIS2_EE(
// IR-NOT: @_ZNSt6vectorI3ObjSaIS0_EE7reserveEm
// IR: {{call|invoke}} {{.*}}@_ZNSt6vectorI3ObjSaIS0_EE20_M_allocate_and_copy
// IR-LABEL: define {{.*}}@_Z20make_objs_unreservedRKSt6vectorIPK4ExprSaIS2_EE(
#include <string>
#include <vector>

struct Expr {
  int arity;
};

struct Obj {
  std::string name;
  int arity;
  explicit Obj(const Expr *e);
  Obj(const Obj &other);
  ~Obj();
};

std::vector<Obj> make_objs(const std::vector<const Expr *> &exprs) {
  std::vector<Obj> objs;
  objs.reserve(exprs.size());
  for (auto *e : exprs)
    objs.emplace_back(e);
  return objs;
}

std::vector<Obj> make_objs_unreserved(const std::vector<const Expr *> &exprs) {
  std::vector<Obj> objs;
  for (auto *e : exprs)
    objs.emplace_back(e);
  // REMARK: loopalloc_cxx_reserve_inlined.cpp:[[@LINE-1]]:10: remark: a standard container grows {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=_Z20make_objs_unreservedRKSt6vectorIPK4ExprSaIS2_EE {{.*}}advice=reserve
  return objs;
}
