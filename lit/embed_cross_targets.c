// The embedded findings are read back from ELF objects of every class and
// byte order (32/64-bit, little/big endian), compiled for other targets (no
// linking, no headers). A Mach-O object gets no section: the advisor says so.
// REQUIRES: advisor
// RUN: rm -rf %t && mkdir -p %t
// RUN: for t in x86_64-linux-gnu aarch64-linux-gnu armv7-linux-gnueabihf powerpc-linux-gnu powerpc64-linux-gnu; do \
// RUN:   %clang --target=$t -O2 -g %pa -c %s -o %t/$t.o || exit 1; \
// RUN:   llvm-readelf -h %t/$t.o | grep -E 'Class:|Data:' | tr -s ' ' | tr '\n' ' '; echo; \
// RUN:   %perfadvise report --format json %t/$t.o | %report-list; done | FileCheck %s
// CHECK: Class: ELF64 Data: 2's complement, little endian
// CHECK-NEXT: FILES 1 SKIPPED 0
// CHECK-NEXT: FINDING loop-alloc each_row
// CHECK: Class: ELF64 Data: 2's complement, little endian
// CHECK-NEXT: FILES 1 SKIPPED 0
// CHECK-NEXT: FINDING loop-alloc each_row
// CHECK: Class: ELF32 Data: 2's complement, little endian
// CHECK-NEXT: FILES 1 SKIPPED 0
// CHECK-NEXT: FINDING loop-alloc each_row
// CHECK: Class: ELF32 Data: 2's complement, big endian
// CHECK-NEXT: FILES 1 SKIPPED 0
// CHECK-NEXT: FINDING loop-alloc each_row
// CHECK: Class: ELF64 Data: 2's complement, big endian
// CHECK-NEXT: FILES 1 SKIPPED 0
// CHECK-NEXT: FINDING loop-alloc each_row
// RUN: %clang --target=x86_64-apple-darwin -O2 -g %pa -c %s -o %t/mac.o
// RUN: not %perfadvise report %t/mac.o 2>&1 | FileCheck %s --check-prefix=MACHO
// MACHO: warning: {{.*}}mac.o: Mach-O object: perfadvise embeds findings only in ELF objects; use the findings files
typedef unsigned long size_t;
void *malloc(size_t);
void free(void *);
void use(char *);

void each_row(int n)
{
    for (int i = 0; i < n; i++) {
        char *p = malloc(64);
        use(p);
        free(p);
    }
}
