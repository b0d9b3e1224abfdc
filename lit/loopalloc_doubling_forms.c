// loop-realloc growth that doubles, written the ways C code writes it
// (issue 10 item 2): a capacity field doubled with the buffer in a retry
// loop (r->maxCounters *= 2; -O2 folds the size asked for, cap * 2 *
// sizeof(int), into one shift while the field gets another: libxml2's
// xmlRegEpxFromParse), and a growBuffer macro (size * 2 + n behind
// `if (len + n > size)`: libxml2's parser). Negative: compile,
// parse_value. Positive: compile_step grows the same field by 4 elements
// each pass, which is quadratic.
// RUN: %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
#include <stdlib.h>

#define growBuffer(buffer, n)                                                                      \
    {                                                                                              \
        char *tmp;                                                                                 \
        size_t new_size = buffer##_size * 2 + n;                                                   \
        if (new_size < buffer##_size)                                                              \
            goto mem_error;                                                                        \
        tmp = realloc(buffer, new_size);                                                           \
        if (tmp == NULL)                                                                           \
            goto mem_error;                                                                        \
        buffer = tmp;                                                                              \
        buffer##_size = new_size;                                                                  \
    }

extern int next(void);
char *parse_value(void) {
    size_t len = 0, buf_size = 100;
    char *buf = malloc(buf_size);
    if (!buf)
        return NULL;
    int c;
    while ((c = next()) > 0) {
        if (len + 10 > buf_size) {
            growBuffer(buf, 10);
        }
        buf[len++] = (char)c;
    }
    buf[len] = 0;
    return buf;
mem_error:
    free(buf);
    return NULL;
}

struct regexp {
    int *counts;
    int nbCounters;
    int maxCounters;
};
extern int try_compile(struct regexp *r);

int compile(struct regexp *r) {
    while (try_compile(r) == -2) {
        int *tmp = realloc(r->counts, r->maxCounters * 2 * sizeof(int));
        if (!tmp)
            return -1;
        r->counts = tmp;
        r->maxCounters *= 2;
    }
    return 0;
}

int compile_step(struct regexp *r) {
    while (try_compile(r) == -2) {
        int *tmp = realloc(r->counts, (r->maxCounters + 4) * sizeof(int));
        // CHECK: loopalloc_doubling_forms.c:[[@LINE-1]]:20: remark: realloc asks for exactly the new length each time in a loop {{.*}}compile_step(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        if (!tmp)
            return -1;
        r->counts = tmp;
        r->maxCounters += 4;
    }
    return 0;
}
