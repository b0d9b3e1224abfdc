// alloc-under-lock negative: a callee whose only allocation is in the error
// report of a failed system call (SQLite robust_close -> unixLogErrorAtLine
// -> sqlite3_log, which formats into a buffer it may allocate) does not
// allocate under the caller's lock: the log runs only when close() fails.
// Nor does the error report called directly under the lock. A printf-like
// log call (variadic, "log" a word of its name) on some paths only is such
// a report too, whatever its level says (SQLite robust_open logs an fd
// below 3 with sqlite3_log(SQLITE_WARNING, ...) and retries). math's log()
// takes no `...`, so it is never such a call.
// Positive: the same callee allocating on its normal path, a log call
// made on every path of its function, a log call on every trip of a
// counted loop (a dump of every element), directly or in a callee.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -Rpass-analysis=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct inode {
    pthread_mutex_t mu;
    int *fds;
    int nfds;
    char *path;
};

__attribute__((noinline)) static void log_message(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *buf = malloc(256);
    if (buf) {
        vsnprintf(buf, 256, fmt, ap);
        fprintf(stderr, "%d: %s\n", code, buf);
        free(buf);
    }
    va_end(ap);
}

__attribute__((noinline)) static void log_error_at_line(int code, const char *call, const char *path, int line) {
    log_message(code, "os_unix.c:%d: (%d) %s(%s)", line, code, call, path ? path : "");
}

__attribute__((noinline)) static void robust_close(struct inode *in, int fd, int line) {
    if (close(fd))
        log_error_at_line(10, "close", in->path, line);
}

__attribute__((noinline)) static void close_pending(struct inode *in) {
    for (int i = 0; i < in->nfds; i++)
        robust_close(in, in->fds[i], __LINE__);
    in->nfds = 0;
}

void release_inode(struct inode *in) {
    pthread_mutex_lock(&in->mu);
    close_pending(in);
    pthread_mutex_unlock(&in->mu);
}

void release_inode_direct(struct inode *in) {
    pthread_mutex_lock(&in->mu);
    if (close(in->fds[0]))
        log_error_at_line(10, "close", in->path, __LINE__);
    in->nfds = 0;
    pthread_mutex_unlock(&in->mu);
}

__attribute__((noinline)) static void close_and_log(struct inode *in, int fd) {
    close(fd);
    log_message(0, "closed %d of %s", fd, in->path);
}

void release_inode_logged(struct inode *in) {
    pthread_mutex_lock(&in->mu);
    close_and_log(in, in->fds[0]);
    // CHECK: locks_alloc_error_log.c:[[@LINE-1]]:5: remark: close_and_log() allocates (log_message) while holding 'inode::mu'
    pthread_mutex_unlock(&in->mu);
}

__attribute__((noinline)) static void app_log(int level, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *buf = malloc(512);
    if (buf) {
        vsnprintf(buf, 512, fmt, ap);
        fputs(buf, stderr);
        free(buf);
    }
    va_end(ap);
}

int acquire_fd(const char *path);

__attribute__((noinline)) static int open_low_fd_retry(const char *path) {
    int fd;
    for (;;) {
        fd = acquire_fd(path);
        if (fd < 0 || fd >= 3)
            break;
        close(fd);
        app_log(28, "attempt to open \"%s\" as file descriptor %d", path, fd);
    }
    return fd;
}

void open_shared(struct inode *in) {
    pthread_mutex_lock(&in->mu);
    in->nfds = open_low_fd_retry(in->path);
    pthread_mutex_unlock(&in->mu);
}

// A plain formatter that allocates is no log call: reported.
__attribute__((noinline)) static char *app_format(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *buf = malloc(512);
    if (buf)
        vsnprintf(buf, 512, fmt, ap);
    va_end(ap);
    return buf;
}

__attribute__((noinline)) static int open_named(struct inode *in, int n) {
    int fd = acquire_fd(in->path);
    if (fd >= 0 && fd < 3) {
        char *name = app_format("%s.%d", in->path, n);
        in->path = name;
    }
    return fd;
}

void open_shared_named(struct inode *in) {
    pthread_mutex_lock(&in->mu);
    in->nfds = open_named(in, 1);
    // CHECK: locks_alloc_error_log.c:[[@LINE-1]]:16: remark: open_named() allocates (app_format) while holding 'inode::mu'
    pthread_mutex_unlock(&in->mu);
}

struct table {
    pthread_mutex_t mu;
    int *v;
    int n;
};

void dump_direct(struct table *t) {
    pthread_mutex_lock(&t->mu);
    for (int i = 0; i < t->n; i++) {
        app_log(1, "value %d", t->v[i]);
        // CHECK: locks_alloc_error_log.c:[[@LINE-1]]:9: remark: app_log() allocates {{.*}}while holding 'table::mu'
    }
    pthread_mutex_unlock(&t->mu);
}

__attribute__((noinline)) static void dump_all(struct table *t) {
    for (int i = 0; i < t->n; i++)
        app_log(1, "value %d", t->v[i]);
}

void dump_locked(struct table *t) {
    pthread_mutex_lock(&t->mu);
    dump_all(t);
    // CHECK: locks_alloc_error_log.c:[[@LINE-1]]:5: remark: dump_all() allocates (app_log) while holding 'table::mu'
    pthread_mutex_unlock(&t->mu);
}
