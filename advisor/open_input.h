/* advisor/open_input.h — open and read an input (findings file, baseline,
 * source file) only when it is a regular file, so a FIFO or a device named
 * on the command line or in a findings file can never block the advisor. */
#ifndef ADV_OPEN_INPUT_H
#define ADV_OPEN_INPUT_H

#include <stddef.h>
#include <sys/stat.h>

/* The message adv_read_regular gives for a file over its size limit (compare
 * the pointer). */
extern const char adv_read_too_large[];

/* What a file of this type is, for a message: "a FIFO (named pipe)", "a
 * character device", "a block device", "a socket", "a directory", "a
 * regular file", or "not a regular file". Never NULL; static storage. */
const char *adv_file_type_name(mode_t mode);

/* Open path read-only when it is a regular file. The type is checked with
 * stat before anything is opened (a FIFO or a device is never opened: no
 * blocking open, no side effect of opening a device), then the file is
 * opened non-blocking and checked again with fstat (it may have been
 * replaced in between). *st (may be NULL) gets the opened file's stat.
 * Returns the descriptor, which the caller closes; -1 with *why (may be
 * NULL) set to a static message: strerror(errno), or "<type>, not a regular
 * file" ("a FIFO (named pipe), not a regular file"). */
int adv_open_regular(const char *path, struct stat *st, const char **why);

/* Read the whole regular file path (adv_open_regular) into a new buffer with
 * a NUL after its *len bytes. Returns the buffer (the caller frees it); NULL
 * with *why set as above, to adv_read_too_large when the file has more than
 * max_bytes, or to strerror(ENOMEM). */
char *adv_read_regular(const char *path, size_t max_bytes, size_t *len, const char **why);

#endif
