// SARIF paths for GitHub code scanning. A build whose debug info holds
// relative paths (-fdebug-compilation-dir=., as ccache set-ups use) with a
// header reached through ../include, and a file compiled without -g:
// every URI is relative to %SRCROOT% or an absolute file:// URI, none has a
// '..' segment, every result has a location, rules carry a helpUri into
// docs/remarks.md, related locations say what happened there.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/proj/src %t.d/proj/include %t.d/out
// RUN: cp %s %t.d/proj/src/main.c && cp %S/Inputs/sarif/helper.h %t.d/proj/include/helper.h
// RUN: cp %S/Inputs/sarif/nodebug.c %t.d/proj/src/nodebug.c
// RUN: cd %t.d/proj/src && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g -fdebug-compilation-dir=. -I../include %pa -c main.c -o %t.d/main.o
// RUN: cd %t.d/proj/src && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 %pa -c nodebug.c -o %t.d/nodebug.o
// The findings file holds the header as a relative path through "..":
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=RAW
// RAW: FINDING heap-to-stack fn=helper_key at=helper.h:
//
// Default root (the directory of every TU: proj/src): the header is outside
// it, so it is an absolute file:// URI; the sources are relative.
// RUN: %perfadvise report %t.d/out --facts --format sarif -o %t.src.sarif
// RUN: %python %S/Inputs/advisor/validate_sarif.py %t.src.sarif | FileCheck %s --check-prefix=VALID
// RUN: FileCheck %s --check-prefix=SRC < %t.src.sarif
// With --root at the repository: the header is include/helper.h.
// RUN: cd %t.d && %perfadvise report %t.d/out --facts --root proj --format sarif -o %t.root.sarif
// RUN: %python %S/Inputs/advisor/validate_sarif.py %t.root.sarif | FileCheck %s --check-prefix=VALID
// RUN: FileCheck %s --check-prefix=ROOT < %t.root.sarif
// VALID: structure: ok
// SRC: "informationUri": "https://
// SRC-SAME: "helpUri":"https://{{[^"]*}}/remarks.md#heap-to-stack"
// SRC: "originalUriBaseIds": {"%SRCROOT%":{"uri":"file:///{{.*}}/proj/src/"
// SRC-DAG: "artifactLocation":{"uri":"file:///{{.*}}/proj/include/helper.h"}
// SRC-DAG: "artifactLocation":{"uri":"main.c","uriBaseId":"%SRCROOT%"},"region":{"startLine":[[@LINE+18]]
// SRC-DAG: (no line information: the file was compiled without -g)"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"nodebug.c","uriBaseId":"%SRCROOT%"},"region":{"startLine":1}}
// ROOT: "originalUriBaseIds": {"%SRCROOT%":{"uri":"file:///{{.*}}/proj/"
// ROOT-DAG: "artifactLocation":{"uri":"include/helper.h","uriBaseId":"%SRCROOT%"}
// ROOT-DAG: "artifactLocation":{"uri":"src/main.c","uriBaseId":"%SRCROOT%"}
// ROOT-NOT: ..
#include <pthread.h>
#include <stdio.h>

#include "helper.h"

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
int entries;

size_t table_add(const char *name)
{
    pthread_mutex_lock(&table_lock);
    entries++;
    fflush(stdout);
    pthread_mutex_unlock(&table_lock);
    return helper_key(name);
}
