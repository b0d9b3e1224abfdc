// loop-alloc of an object kept by design and freed only after a failure
// (issue 10 item 3): each range is stored into the caller's array; the one
// free in the loop runs only where copying its name failed, after the
// error was reported (libxml2's xmlRegCopyAtom: xmlRegCopyRange reports
// through xmlRegexpErrMemory, then xmlRegFreeRange). Cleanup after a
// failure is not the object's normal end, so "allocate the buffer once
// and reuse it" does not fit. Negative: copy_ranges. Positive: drop_ranges
// frees every range it is done with in the same iteration on the normal
// path (filtering, no error reported): reuse fits.
// RUN: %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
#include <stdlib.h>
#include <string.h>
struct range { int start; char *name; };
struct ctxt { int error; };
extern void raise_error(int domain, const char *what);
static void err_memory(struct ctxt *c, const char *what) {
    if (c != NULL)
        c->error = 2;
    raise_error(14, what);
}
static void free_range(struct range *r) {
    if (r->name != NULL)
        free(r->name);
    free(r);
}
int copy_ranges(struct ctxt *ctxt, struct range **out, char **names, int n) {
    int k = 0;
    for (int i = 0; i < n; i++) {
        struct range *r = malloc(sizeof *r);
        if (r == NULL)
            continue;
        r->start = i;
        r->name = strdup(names[i]);
        if (r->name == NULL) {
            err_memory(ctxt, "copying range");
            free_range(r);
            continue;
        }
        out[k++] = r;
    }
    return k;
}

extern int wanted(const struct range *r);
extern void emit(const struct range *r);
int drop_ranges(char **names, int n) {
    int k = 0;
    for (int i = 0; i < n; i++) {
        struct range *r = malloc(sizeof *r);
        // CHECK: loopalloc_kept_freed_on_failure.c:[[@LINE-1]]:27: remark: malloc(16) runs once per iteration of a loop {{.*}}drop_ranges(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        if (r == NULL)
            continue;
        r->start = i;
        r->name = names[i];
        if (wanted(r)) {
            emit(r);
            k++;
        }
        free(r);
    }
    return k;
}
