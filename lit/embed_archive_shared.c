// Findings embedded in objects (no findings directory at all) are read back
// from the object, a static library, a shared library and an executable,
// each translation unit once however many of them hold it. The section has
// no SHF_ALLOC flag: it is in no loadable segment, so it costs nothing at run
// time, and ld.bfd, lld and --gc-sections keep it in what they link.
// REQUIRES: advisor
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -O2 -g %pa -fPIC -c %s -o %t/lib.o
// RUN: %clang -O2 -g %pa -fPIC -DMAIN -c %s -o %t/main.o
// RUN: llvm-readelf -S %t/lib.o | FileCheck %s --check-prefix=SEC
// SEC: .perfadvise PROGBITS {{0+}} {{[0-9a-f]+}} {{[0-9a-f]+}} 00 0 0 1{{$}}
// RUN: rm -f %t/libx.a && llvm-ar rcs %t/libx.a %t/lib.o
// RUN: %plain-clang -shared %t/lib.o -o %t/libx.so
// RUN: %plain-clang %t/main.o %t/libx.a -o %t/prog
// RUN: %plain-clang -fuse-ld=lld -Wl,--gc-sections %t/main.o %t/lib.o -o %t/prog-lld
// RUN: llvm-readelf -S %t/prog | FileCheck %s --check-prefix=SEC
// RUN: llvm-readelf -l %t/prog | FileCheck %s --check-prefix=SEG
// RUN: llvm-readelf -l %t/libx.so | FileCheck %s --check-prefix=SEG
// SEG: Section to Segment mapping:
// SEG-NOT: .perfadvise
// SEG: None {{.*}}.perfadvise
//
// RUN: %perfadvise report --format json %t/libx.a | %report-list | FileCheck %s --check-prefix=LIB
// RUN: %perfadvise report --format json %t/libx.so | %report-list | FileCheck %s --check-prefix=LIB
// LIB: FILES 1 SKIPPED 0
// LIB-NEXT: FINDING loop-alloc format_all
// LIB-NOT: FINDING
// RUN: %perfadvise report --format json %t/prog | %report-list | FileCheck %s --check-prefix=ALL
// RUN: %perfadvise report --format json %t/prog-lld | %report-list | FileCheck %s --check-prefix=ALL
// RUN: %perfadvise report --format json %t/lib.o %t/main.o %t/libx.a %t/libx.so %t/prog %t/prog-lld | %report-list | FileCheck %s --check-prefix=ALL
// A directory walk reads objects, archives and shared libraries.
// RUN: %perfadvise report --format json %t | %report-list | FileCheck %s --check-prefix=ALL
// ALL: FILES 2 SKIPPED 0
// ALL-NEXT: FINDING heap-to-stack main
// ALL-NEXT: FINDING loop-alloc format_all
// ALL-NOT: FINDING
// The JSON report names the archive member a finding came from.
// RUN: %perfadvise report --format json %t/libx.a | FileCheck %s --check-prefix=FROM
// FROM: "findings_file":"{{[^"]*}}/libx.a(lib.o)"
//
// Turned off by the environment or the option (the plugin loaded early for -mllvm):
// RUN: env PERFADVISE_EMBED=0 %clang -O2 -g %pa -c %s -o %t/off1.o
// RUN: %clang -O2 -g -Xclang -load -Xclang %plugin %pa -mllvm -perfadvise-embed=0 -c %s -o %t/off2.o
// RUN: llvm-readelf -S %t/off1.o %t/off2.o | FileCheck %s --check-prefix=OFF-SEC
// OFF-SEC-NOT: .perfadvise
// RUN: not %perfadvise report %t/off1.o 2>&1 | FileCheck %s --check-prefix=OFF
// OFF: warning: {{.*}}off1.o: no embedded perfadvise findings (compiled without the plugin, or with PERFADVISE_EMBED=0?)
// OFF: 1 file skipped
// The option wins over the environment.
// RUN: env PERFADVISE_EMBED=0 %clang -O2 -g -Xclang -load -Xclang %plugin %pa -mllvm -perfadvise-embed=1 -c %s -o %t/on.o
// RUN: llvm-readelf -S %t/on.o | FileCheck %s --check-prefix=SEC
//
// Truncated and foreign inputs: a clear problem naming the file, exit 3.
// RUN: head -c 300 %t/lib.o > %t/trunc.o
// RUN: not %perfadvise report %t/trunc.o 2>&1 | FileCheck %s --check-prefix=TRUNC
// TRUNC: warning: {{.*}}trunc.o: truncated ELF file: section headers at offset {{[0-9]+}}, file has 300 bytes
// RUN: head -c 1000 %t/libx.a > %t/trunc.a
// RUN: not %perfadvise report %t/trunc.a 2>&1 | FileCheck %s --check-prefix=TRUNC-AR
// TRUNC-AR: warning: {{.*}}trunc.a(lib.o): truncated archive: member at offset {{[0-9]+}} says {{[0-9]+}} bytes, {{[0-9]+}} remain
// RUN: %clang -O2 -g %pa -flto -c %s -o %t/lto.o
// RUN: not %perfadvise report %t/lto.o 2>&1 | FileCheck %s --check-prefix=LTO
// LTO: warning: {{.*}}lto.o: LLVM bitcode (-flto): the findings are embedded when the program is linked
// ... and they are: the program linked from it holds them.
// RUN: %plain-clang -flto -fuse-ld=lld %t/main.o %t/lto.o -o %t/prog-lto
// RUN: %perfadvise report --format json %t/prog-lto | %report-list | FileCheck %s --check-prefix=ALL
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void emit_row(const char *line);

#ifndef MAIN
void format_all(int n)
{
    for (int i = 0; i < n; i++) {
        char *buf = malloc(128);
        snprintf(buf, 128, "row %d", i);
        emit_row(buf);
        free(buf);
    }
}
#else
void format_all(int n);
void emit_row(const char *line) { fputs(line, stdout); }

int main(int argc, char **argv)
{
    char *name = malloc(16);
    snprintf(name, 16, "%s", argc > 1 ? argv[1] : "x");
    emit_row(name);
    free(name);
    format_all(argc);
    return 0;
}
#endif
