// A C++ function that builds the exception a failed call reports is an
// error report by its own name (issue 10, item 8): its callers reach it
// only when something failed, whether they throw what it builds or hand
// it back inside an error object (`return {nullptr, ErrorData(except)}`).
// pa_profile_error_call_name reads "Exception" in the function's own name
// as an error word, so the block that calls it is a cold edge of the
// static profile, as a call of log_error() is.
// - MissingEntryException(), called where the lookup failed and its
//   result returned in an error object, runs ~1 in 17 calls of find();
//   ListEntries(), the same loop on the found side, the rest;
// - a class or method that only mentions an exception type in its
//   arguments is no report (unit test: profile_should_read_a_cxx_function_by_its_own_name);
// - a report whose caller goes on and returns a success code ends nothing:
//   NoteException() before `return 0` keeps its even split.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out && cp %s %t.d/work.cpp && cp %s %t.d/driver.cpp
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clangxx -O2 -g %pa -DWORK_SIDE -c work.cpp -o work.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clangxx -O2 -g %pa -c driver.cpp -o driver.o
// RUN: %jq %t.d/out | FileCheck %s --check-prefix=FILE
// RUN: %perfadvise report %t.d/out --confidence low | FileCheck %s
//
// FILE-DAG: SUMMARY _ZN3cat4findEPKcPS1_i {{.*}}"callee": "_ZN3cat21MissingEntryExceptionEPPKci", "executions_per_call": 0.05882{{[0-9]*}}, {{.*}}"callee": "_ZN3cat11ListEntriesEPPKci", "executions_per_call": 0.94117{{[0-9]*}},
// FILE-DAG: SUMMARY _ZN3cat4noteEPKcPS1_i {{.*}}"callee": "_ZN3cat13NoteExceptionEPPKci", "executions_per_call": 0.5,
//
// CHECK: #1 {{.*}}loop-alloc {{.*}}work.cpp:[[@LINE+34]]  cat::ListEntries()
// CHECK: #2 {{.*}}loop-alloc {{.*}}work.cpp:[[@LINE+44]]  cat::NoteException()
// CHECK: #3 {{.*}}loop-alloc {{.*}}work.cpp:[[@LINE+21]]  cat::MissingEntryException()
// CHECK: profile: cat::MissingEntryException() runs ~{{[0-9.]+}} times per call of a root: ~0.059 times per call of cat::find() at driver.cpp:{{[0-9]+}}
#include <stdlib.h>
#include <string.h>

void consume(char *p);

namespace cat {
struct Error {
    int code;
};
struct Lookup {
    const char *entry;
    Error *error;
};

#ifdef WORK_SIDE
/* Lists the names a failed lookup could have meant: only on failure. */
Error MissingEntryException(const char **names, int n)
{
    for (int i = 0; i < n; i++) {
        char *s = strdup(names[i]);
        consume(s);
        free(s);
    }
    return Error{n};
}

/* The same loop on the normal path. */
Error ListEntries(const char **names, int n)
{
    for (int i = 0; i < n; i++) {
        char *s = strdup(names[i]);
        consume(s);
        free(s);
    }
    return Error{0};
}

/* The same loop, called where the caller goes on to succeed. */
Error NoteException(const char **names, int n)
{
    for (int i = 0; i < n; i++) {
        char *s = strdup(names[i]);
        consume(s);
        free(s);
    }
    return Error{0};
}
#else
Error MissingEntryException(const char **names, int n);
Error ListEntries(const char **names, int n);
Error NoteException(const char **names, int n);

__attribute__((noinline)) Lookup find(const char *key, const char **names, int n)
{
    if (key[0] == '!') {
        Error except = MissingEntryException(names, n);
        return {nullptr, new Error(except)};
    }
    Error listed = ListEntries(names, n);
    consume((char *)&listed);
    return {key, nullptr};
}

__attribute__((noinline)) int note(const char *key, const char **names, int n)
{
    if (key[0] == '!') {
        Error e = NoteException(names, n);
        consume((char *)&e);
    }
    return 0;
}
} // namespace cat

int main(int argc, char **argv)
{
    int found = 0;
    for (int i = 1; i < argc; i++) {
        found += cat::find(argv[i], (const char **)argv, argc).entry != nullptr;
        found += cat::note(argv[i], (const char **)argv, argc);
    }
    return found;
}
#endif
#ifdef WORK_SIDE
} // namespace cat
#endif
