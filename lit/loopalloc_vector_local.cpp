// loop-alloc (C++): a std::vector declared inside the outer loop body is
// rebuilt (and its growth repeated) on every outer iteration -> hoist + clear();
// a std::string built per iteration (longer than the small-string buffer)
// allocates once per iteration -> hoist.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <string>
#include <vector>

void use(const int *p, unsigned long n);
void say(const char *s);

void rows(int n, int m) {
  for (int i = 0; i < n; i++) {
    std::vector<int> v;
    for (int j = 0; j < m; j++)
      v.push_back(j);
    // REMARK: loopalloc_vector_local.cpp:[[@LINE-1]]:9: remark: a standard container allocates (operator new) in a loop (depth 2, {{.*}}) and is rebuilt on every iteration of the enclosing loop: {{.*}}declare it before the outer loop and clear() it each iteration so its capacity is reused{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z4rowsii at=loopalloc_vector_local.cpp:[[@LINE-2]]:9 {{.*}}advice=hoist {{.*}}freed=enclosing-loop growth=amortised loop_depth=2
    use(v.data(), v.size());
  }
}

void greet(const char *const *names, int n) {
  for (int i = 0; i < n; i++) {
    std::string s = "hello there, this is longer than fifteen: ";
    // REMARK: loopalloc_vector_local.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string _M_create) once per iteration of a loop (depth 1, {{.*}}declare it before the loop and clear() it each iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z5greetPKPKci at=loopalloc_vector_local.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist allocator=library allocation {{.*}}freed=same-iteration growth=per-iteration loop_depth=1
    s += names[i];
    say(s.c_str());
  }
}
