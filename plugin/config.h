/* plugin/config.h — the project configuration file (docs/config.md): the
 * project's own allocators, deallocators, reallocators, lock primitives,
 * condition waits and blocking calls, one per line. Compiler-independent
 * (no LLVM header): the LLVM plugin and a future GCC plugin find, read and
 * report it the same way and hand the result to the extractor as a
 * project catalogue (passes/catalog.h).
 * Exercised by: clang-19 -O2 -g -fpass-plugin=libperfadvise.so -mllvm -perfadvise-config=FILE -c foo.c */
#ifndef PA_CONFIG_H
#define PA_CONFIG_H

#include "catalog.h"

#include <stddef.h>

typedef struct pa_config {
    pa_catalog catalog; /* the good entries */
    char *path;         /* the file read, NULL when none */
    char **diags;       /* one message per bad entry or unreadable file ("FILE:LINE: ...") */
    size_t ndiags, capdiags;
} pa_config;

/* Which configuration file applies: `option` (-mllvm -perfadvise-config),
 * else `env` (PERFADVISE_CONFIG), else the first `.perfadvise` or
 * `perfadvise.conf` in the source file's directory or a directory above it
 * (a relative source is taken from `cwd`). "none" for option or env turns
 * the configuration off. Writes the path into out and returns 1, or
 * returns 0 when no file applies. An option or environment path is
 * returned whether or not it exists (reading it then says it is missing). */
int pa_config_locate(const char *option, const char *env, const char *source_file, const char *cwd,
                     char *out, size_t outlen);

/* Read and parse `path` into cfg (zeroed by the caller, or reused after
 * pa_config_free). Bad entries and an unreadable file become diagnostics;
 * the good entries are kept. Returns 0, or -1 on out of memory. */
int pa_config_load(pa_config *cfg, const char *path);

/* Parse `text` as if read from `path` (for tests). Returns 0 or -1 (OOM). */
int pa_config_parse(pa_config *cfg, const char *path, const char *text);

void pa_config_free(pa_config *cfg);

#endif
