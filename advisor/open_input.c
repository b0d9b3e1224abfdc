/* advisor/open_input.c — open inputs only when they are regular files: a
 * FIFO named where a findings file is expected would otherwise block
 * `perfadvise report` for ever in open(2), and opening some devices has side
 * effects. Exercised by lit/advisor_bad_inputs.test. */
#define _POSIX_C_SOURCE 200809L
#include "open_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char adv_read_too_large[] = "file too large";

const char *adv_file_type_name(mode_t mode)
{
    if (S_ISREG(mode))
        return "a regular file";
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* "<type>, not a regular file" for each type that is not one. */
static const char *not_regular(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory, not a regular file";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode))
        return "a character device, not a regular file";
    if (S_ISBLK(mode))
        return "a block device, not a regular file";
    if (S_ISSOCK(mode))
        return "a socket, not a regular file";
    return "not a regular file";
}

int adv_open_regular(const char *path, struct stat *st, const char **why)
{
    struct stat before, after;
    const char *problem = NULL;
    int fd = -1;
    if (stat(path, &before) != 0) {
        problem = strerror(errno);
        goto fail;
    }
    if (!S_ISREG(before.st_mode)) {
        problem = not_regular(before.st_mode);
        goto fail;
    }
    fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        problem = strerror(errno);
        goto fail;
    }
    if (fstat(fd, &after) != 0) {
        problem = strerror(errno);
        goto fail;
    }
    if (!S_ISREG(after.st_mode)) {
        problem = not_regular(after.st_mode);
        goto fail;
    }
    /* O_NONBLOCK stays set: reads of a regular file ignore it. */
    if (st)
        *st = after;
    return fd;
fail:
    if (fd >= 0)
        close(fd);
    if (why)
        *why = problem;
    return -1;
}

char *adv_read_regular(const char *path, size_t max_bytes, size_t *len, const char **why)
{
    struct stat st;
    *len = 0;
    int fd = adv_open_regular(path, &st, why);
    if (fd < 0)
        return NULL;
    char *buf = NULL;
    if (st.st_size < 0 || (unsigned long long)st.st_size > max_bytes) {
        if (why)
            *why = adv_read_too_large;
        goto done;
    }
    /* Read up to the size fstat gave; a file growing meanwhile is cut there,
     * one shrinking ends early. */
    size_t size = (size_t)st.st_size, got = 0;
    buf = malloc(size + 1);
    if (!buf) {
        if (why)
            *why = strerror(ENOMEM);
        goto done;
    }
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            if (why)
                *why = strerror(errno);
            free(buf);
            buf = NULL;
            goto done;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    buf[got] = '\0';
    *len = got;
done:
    close(fd);
    return buf;
}
