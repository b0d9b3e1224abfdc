// The plugin only observes: objects compiled with it are byte-identical to
// objects compiled without it (same flags) once its .perfadvise section (the
// embedded findings) is removed, for the bundled examples at -O2 and -O0,
// with remarks and a findings directory on. Three checks: `cmp` after
// `llvm-objcopy --remove-section=.perfadvise` (against the plain object
// passed through llvm-objcopy too: it may move an empty section), a diff of
// `llvm-objdump -d -r` (code and relocations) of the objects as compiled, and
// `cmp` of objects compiled with PERFADVISE_EMBED=0.
//
// RUN: rm -rf %t && mkdir -p %t/pa %t/plain %t/f
// RUN: for f in render cache index; do for o in O2 O0; do \
// RUN:   %plain-clang -$o -g -c %srcroot/examples/$f.c -o %t/plain/$f.$o.o && \
// RUN:   env PERFADVISE_OUTPUT_DIR=%t/f %clang -$o -g %pa %pa-remarks -c %srcroot/examples/$f.c -o %t/pa/$f.$o.o 2>/dev/null \
// RUN:   || exit 1; done; done
// Without embedding (compiled in the same directory: the debug info records it),
// the objects are identical as compiled.
// RUN: mkdir -p %t/off && for f in render cache index; do \
// RUN:   env PERFADVISE_EMBED=0 %clang -O2 -g %pa %pa-remarks -c %srcroot/examples/$f.c -o %t/off/$f.O2.o 2>/dev/null \
// RUN:   && cmp %t/plain/$f.O2.o %t/off/$f.O2.o || exit 1; done
// RUN: %plain-clangxx -O2 -g -c %srcroot/examples/queue.cpp -o %t/plain/queue.O2.o
// RUN: env PERFADVISE_OUTPUT_DIR=%t/f %clangxx -O2 -g %pa %pa-remarks -c %srcroot/examples/queue.cpp -o %t/pa/queue.O2.o 2>/dev/null
// RUN: %plain-clang -O2 -g -c %s -o %t/plain/self.O2.o
// RUN: env PERFADVISE_OUTPUT_DIR=%t/f %clang -O2 -g %pa %pa-remarks -c %s -o %t/pa/self.O2.o 2>/dev/null
// RUN: cd %t/plain && ls *.o | count 8
// RUN: cd %t/plain && for o in *.o; do llvm-readelf -S ../pa/$o | grep ' .perfadvise ' > /dev/null || exit 1; done
// RUN: cd %t/plain && for o in *.o; do llvm-objcopy --remove-section=.perfadvise ../pa/$o ../pa/$o.stripped && \
// RUN:   llvm-objcopy $o $o.copied && cmp $o.copied ../pa/$o.stripped || exit 1; done
// RUN: cd %t/plain && for o in *.o; do llvm-objdump -d -r $o | grep -v 'file format' > $o.dis && \
// RUN:   llvm-objdump -d -r ../pa/$o | grep -v 'file format' > ../pa/$o.dis && diff $o.dis ../pa/$o.dis || exit 1; done
// The plugin did run: every TU left its findings file, one per flag set
// (-O2 and -O0 builds of a source no longer overwrite each other).
// RUN: ls %t/f | count 8
//
// The comparison can fail: -O0 code differs from -O2 code.
// RUN: %plain-clang -O0 -g -c %s -o %t/self.O0.o
// RUN: not cmp -s %t/self.O0.o %t/plain/self.O2.o
// RUN: llvm-objdump -d -r %t/self.O0.o | grep -v 'file format' > %t/self.O0.dis
// RUN: not diff -q %t/self.O0.dis %t/plain/self.O2.o.dis
#include <stdlib.h>
#include <pthread.h>

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
void use(char *);

int work(int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) {
        char *p = malloc(64);
        pthread_mutex_lock(&g_lock);
        use(p);
        sum += p[0];
        pthread_mutex_unlock(&g_lock);
        free(p);
    }
    return sum;
}
