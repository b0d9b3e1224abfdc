// Findings in a static initialiser name it as a reader does ("static
// initializer of loopalloc_static_init.cpp"), not _GLOBAL__sub_I_... (issue
// 10 item 6), never at the artificial frame's line 0. The loop is
// init_rows()'s, inlined into the initialiser, so the finding is at the
// allocating line inside init_rows(), not at the variable's line, which holds
// no loop (lit/loopalloc_cxx_inlined_loop.cpp).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=_GLOBAL__sub_I
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON
#include <cstdlib>

void use(char *p);

extern int rows;

static int init_rows() {
    for (int i = 0; i < rows; i++) {
        char *p = static_cast<char *>(std::malloc(64));
        use(p);
        std::free(p);
    }
    return rows;
}

static int table_rows = init_rows();
// REMARK: loopalloc_static_init.cpp:[[@LINE-8]]:39: remark: malloc(64) runs {{.*}} per call of static initializer of loopalloc_static_init.cpp{{.*}}[-Rpass-missed=perfadvise-loopalloc]
// JSON: FINDING loop-alloc fn=_GLOBAL__sub_I_loopalloc_static_init.cpp at=loopalloc_static_init.cpp:[[@LINE-9]]:39 {{.*}}origin=loopalloc_static_init.cpp:[[@LINE-9]]:39
// JSON-NEXT: MESSAGE {{.*}}per call of static initializer of loopalloc_static_init.cpp
