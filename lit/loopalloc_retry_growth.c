// loop-alloc of a retry loop (issue 10 item 2): a loop that frees its
// buffer and allocates a bigger one until a producer's output fits
// (vsnprintf, a read) needs a bigger block on each pass, so "allocate the
// buffer once before the loop and reuse it" does not fit, whether the size
// doubles or grows by a constant (libxml2 xmlTextWriterVSprintf: size +=
// BUFSIZ). Negative: vformat_add, vformat_double, read_all. Positive:
// per_item (a fixed-size buffer per iteration: hoist), read_line (the old
// block is copied into the new one, one byte bigger: growth written by
// hand, still reported).
// RUN: %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *vformat_add(const char *fmt, va_list ap) {
    size_t size = 4096;
    char *buf = malloc(size);
    if (!buf)
        return NULL;
    va_list cp;
    va_copy(cp, ap);
    int count;
    while ((count = vsnprintf(buf, size, fmt, cp)) < 0 || (size_t)count >= size - 1) {
        va_end(cp);
        free(buf);
        size += 4096;
        buf = malloc(size);
        if (!buf)
            return NULL;
        va_copy(cp, ap);
    }
    va_end(cp);
    return buf;
}

char *vformat_double(const char *fmt, va_list ap) {
    char staticbuf[1024], *buf = staticbuf;
    size_t buflen = sizeof staticbuf;
    for (;;) {
        buf[buflen - 2] = '\0';
        va_list cp;
        va_copy(cp, ap);
        vsnprintf(buf, buflen, fmt, cp);
        va_end(cp);
        if (buf[buflen - 2] != '\0') {
            if (buf != staticbuf)
                free(buf);
            buflen *= 2;
            buf = malloc(buflen);
            if (!buf)
                return NULL;
            continue;
        }
        break;
    }
    return buf == staticbuf ? strdup(buf) : buf;
}

extern int try_read(char *buf, size_t n);
int read_all(size_t n0) {
    size_t n = n0;
    for (;;) {
        char *b = malloc(n);
        if (!b)
            return -1;
        int r = try_read(b, n);
        free(b);
        if (r >= 0)
            return r;
        n += 512;
    }
}

extern void use(char *b, int i);
void per_item(int n) {
    for (int i = 0; i < n; i++) {
        char *b = malloc(256);
        // CHECK: loopalloc_retry_growth.c:[[@LINE-1]]:19: remark: malloc(256) runs once per iteration of a loop {{.*}}per_item(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        use(b, i);
        free(b);
    }
}

extern int next_char(void);
char *read_line(void) {
    size_t len = 0;
    char *line = malloc(1);
    int ch;
    while (line && (ch = next_char()) > 0) {
        char *bigger = malloc(len + 2);
        // CHECK: loopalloc_retry_growth.c:[[@LINE-1]]:24: remark: malloc runs once per iteration of a loop {{.*}}read_line(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        if (!bigger)
            break;
        memcpy(bigger, line, len);
        free(line);
        line = bigger;
        line[len++] = (char)ch;
    }
    if (line)
        line[len] = 0;
    return line;
}
