// loop-alloc negative: a buffer whose capacity is kept as a begin/end
// pointer pair (buf, bufEnd) and doubled from their difference,
// `(bufEnd - buf) << 1`, then stored back with the new buffer
// (bufEnd = tmp + size). That is geometric growth (amortised O(1) per
// byte) like `cap *= 2` on a capacity field: nothing to report. The
// pointers are only measured there, so they do not escape through it.
// The same loop growing the extent by a constant is still reported.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s --implicit-check-not="FINDING loop-"
#include <stdlib.h>

struct tag {
    char *buf;
    char *bufEnd;
};

int convert(const char **from, const char *end, char **to, char *toEnd);

int grow_by_doubling_extent(struct tag *t, const char *from, const char *end) {
    char *to = t->buf;
    for (;;) {
        convert(&from, end, &to, t->bufEnd - 1);
        int used = (int)(to - t->buf);
        if (from >= end)
            break;
        int size = (int)(t->bufEnd - t->buf) << 1;
        char *tmp = realloc(t->buf, size);
        if (!tmp)
            return -1;
        t->buf = tmp;
        t->bufEnd = tmp + size;
        to = tmp + used;
    }
    return 0;
}

// The extent times two, the same in another spelling.
int grow_by_times_two(struct tag *t, const char *from, const char *end) {
    char *to = t->buf;
    for (;;) {
        convert(&from, end, &to, t->bufEnd - 1);
        long used = to - t->buf;
        if (from >= end)
            break;
        long size = (t->bufEnd - t->buf) * 2;
        char *tmp = realloc(t->buf, size);
        if (!tmp)
            return -1;
        t->buf = tmp;
        t->bufEnd = tmp + size;
        to = tmp + used;
    }
    return 0;
}

// Growth by a constant step on every pass: reported.
int grow_by_step(struct tag *t, const char *from, const char *end) {
    char *to = t->buf;
    for (;;) {
        convert(&from, end, &to, t->bufEnd - 1);
        int used = (int)(to - t->buf);
        if (from >= end)
            break;
        int size = (int)(t->bufEnd - t->buf) + 16;
        char *tmp = realloc(t->buf, size);
        // CHECK: FINDING loop-alloc fn=grow_by_step at=loopalloc_realloc_extent_doubling.c:[[@LINE-1]]:21
        if (!tmp)
            return -1;
        t->buf = tmp;
        t->bufEnd = tmp + size;
        to = tmp + used;
    }
    return 0;
}

// Doubled, but the end pointer is not stored back from the new buffer
// (the extent read is someone else's): not this idiom, still reported.
int grow_other_extent(struct tag *t, struct tag *other, const char *from, const char *end) {
    char *to = t->buf;
    for (;;) {
        convert(&from, end, &to, t->bufEnd - 1);
        int used = (int)(to - t->buf);
        if (from >= end)
            break;
        int size = (int)(other->bufEnd - other->buf) << 1;
        char *tmp = realloc(t->buf, size);
        // CHECK: FINDING loop-alloc fn=grow_other_extent at=loopalloc_realloc_extent_doubling.c:[[@LINE-1]]:21
        if (!tmp)
            return -1;
        t->buf = tmp;
        t->bufEnd = tmp + size;
        to = tmp + used;
    }
    return 0;
}
