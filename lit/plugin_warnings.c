// Findings as ordinary compiler warnings tagged [-Wperfadvise-<kind>]
// (PERFADVISE_WARNINGS=1 or -mllvm -perfadvise-warnings), in GCC's
// file:line:col format. perfadvise prints them itself, so -Werror never
// fails the build because of them; PERFADVISE_WARNINGS=error or
// -mllvm -perfadvise-warnings-as-errors makes them errors that do.
// Only actionable findings (what -Rpass-missed shows) become warnings.
//
// Off by default: no warning, -Werror builds.
// RUN: rm -f %t.o && %clang -O2 -g %pa -Werror -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
// RUN: test -f %t.o
// OFF-NOT: warning:
//
// Warnings under -Werror: printed, and the compile still succeeds.
// RUN: rm -f %t.o && env PERFADVISE_WARNINGS=1 %clang -O2 -g %pa -Werror -Wall -c %s -o %t.o 2> %t.env.txt
// RUN: test -f %t.o
// RUN: FileCheck %s --check-prefix=WARN < %t.env.txt
// RUN: FileCheck %s --check-prefix=FACT < %t.env.txt
// The -mllvm form (plugin loaded early), also with -Werror:
// RUN: rm -f %t.o && %clang -O2 -g -Xclang -load -Xclang %plugin %pa -mllvm -perfadvise-warnings -Werror -c %s -o %t.o 2> %t.flag.txt
// RUN: test -f %t.o
// RUN: FileCheck %s --check-prefix=WARN < %t.flag.txt
// The flag wins over the environment:
// RUN: env PERFADVISE_WARNINGS=1 %clang -O2 -g -Xclang -load -Xclang %plugin %pa -mllvm -perfadvise-warnings=false -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
// With remarks on, both are printed.
// RUN: env PERFADVISE_WARNINGS=1 %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=BOTH
//
// WARN-DAG: plugin_warnings.c:[[@LINE+28]]:19: warning: malloc(256) runs once per iteration of a loop {{.*}} [-Wperfadvise-loop-alloc]
// WARN-DAG: plugin_warnings.c:[[@LINE+40]]:5: warning: fflush() file I/O while holding '{{[^']*}}log_lock'{{.*}} [-Wperfadvise-blocking-under-lock]
// FACT-NOT: malloc(16)
// BOTH-DAG: remark: malloc(16) in fill() escapes{{.*}}[-Rpass-analysis=perfadvise-escape]
// BOTH-DAG: remark: malloc(256) runs once per iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
// BOTH-DAG: warning: malloc(256) runs once per iteration{{.*}}[-Wperfadvise-loop-alloc]
//
// As errors: the compile fails, with the location and the same tag.
// RUN: rm -f %t.o && env PERFADVISE_WARNINGS=error not %clang -O2 -g %pa -c %s -o %t.o 2> %t.err.txt
// RUN: FileCheck %s --check-prefix=ERR < %t.err.txt
// RUN: not test -f %t.o
// RUN: not %clang -O2 -g -Xclang -load -Xclang %plugin %pa -mllvm -perfadvise-warnings-as-errors -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=ERR
// ERR-DAG: plugin_warnings.c:[[@LINE+16]]:19: error: malloc(256) runs once per iteration of a loop {{.*}} [-Wperfadvise-loop-alloc]
// ERR: 2 errors generated.
//
// Without -g (and without -R flags) there is no line: the file alone.
// RUN: env PERFADVISE_WARNINGS=1 %clang -O2 %pa -Werror -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NOLINE
// NOLINE: plugin_warnings.c: warning: malloc(256) runs once per iteration{{.*}}[-Wperfadvise-loop-alloc]
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

void consume(char *);
char *keep;

void fill(int n)
{
    for (int i = 0; i < n; i++) {
        char *p = malloc(256);
        consume(p);
        free(p);
    }
    keep = malloc(16); // escapes to a global: a supporting fact, not a warning
}

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_line(const char *s)
{
    pthread_mutex_lock(&log_lock);
    fputs(s, stdout);
    fflush(stdout);
    pthread_mutex_unlock(&log_lock);
}
