// alloc-under-lock negative: a callee whose only allocation is in the error
// report of a failed system call (SQLite robust_close -> unixLogErrorAtLine
// -> sqlite3_log, which formats into a buffer it may allocate) does not
// allocate under the caller's lock: the log runs only when close() fails.
// Nor does the error report called directly under the lock.
// Positive: the same callee allocating on its normal path.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
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
