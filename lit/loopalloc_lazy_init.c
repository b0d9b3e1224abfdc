// loop-alloc negative: lazy initialisation inside a loop (if (p == NULL)
// p = malloc(...)) allocates once per call, not once per iteration (issue 10
// item 3). Positive: the same buffer freed and reset to NULL every
// iteration is allocated again each time. The null test need not lead to
// the allocation directly: an inlined allocator wrapper may check first
// (SQLite's sqlite3_malloc64 calls sqlite3_initialize before allocating the
// segment writer fts3SegWriterAdd creates on its first term).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

void emit(const char *p);

void report_bad(int n, const int *xs) {
    char *scratch = NULL;
    for (int i = 0; i < n; i++) {
        if (xs[i] < 0) {
            if (scratch == NULL)
                scratch = malloc(256);
            emit(scratch);
        }
    }
    free(scratch);
}

int heap_ready(void);

static void *checked_alloc(size_t n) {
    if (!heap_ready())
        return NULL;
    return malloc(n);
}

struct writer {
    char *data;
    size_t n, cap;
};

void writer_finish(struct writer *w);

static int add_term(struct writer **pw, const char *term) {
    struct writer *w = *pw;
    if (!w) {
        w = checked_alloc(sizeof *w);
        if (!w)
            return -1;
        w->data = NULL;
        w->n = w->cap = 0;
        *pw = w;
    }
    w->n += strlen(term);
    return 0;
}

int merge_terms(const char **terms, int n) {
    struct writer *w = NULL;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = add_term(&w, terms[i]);
    if (w)
        writer_finish(w);
    free(w);
    return rc;
}

void report_each(int n, const int *xs) {
    char *scratch = NULL;
    for (int i = 0; i < n; i++) {
        if (scratch == NULL)
            scratch = malloc(256);
        // REMARK: loopalloc_lazy_init.c:[[@LINE-1]]:23: remark: malloc(256) runs {{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=report_each at=loopalloc_lazy_init.c:[[@LINE-2]]:23 {{.*}}advice=hoist
        emit(scratch);
        if (xs[i] < 0) {
            free(scratch);
            scratch = NULL;
        }
    }
    free(scratch);
}
