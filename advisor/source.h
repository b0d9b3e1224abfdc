/* advisor/source.h — code excerpts for report entries: the lines around a
 * finding, read from the source file when it exists. */
#ifndef ADV_SOURCE_H
#define ADV_SOURCE_H

#include <stddef.h>

#define ADV_EXCERPT_MAX 16
#define ADV_SOURCE_MAX_BYTES (16u * 1024u * 1024u)

typedef struct adv_source_cache adv_source_cache;

typedef struct adv_excerpt {
    unsigned first;                    /* line number of lines[0] */
    size_t count;                      /* lines returned */
    const char *lines[ADV_EXCERPT_MAX]; /* not NUL terminated: use lens */
    size_t lens[ADV_EXCERPT_MAX];
} adv_excerpt;

/* A small cache of source files (caller frees with adv_source_cache_free).
 * NULL on out of memory. */
adv_source_cache *adv_source_cache_new(void);
void adv_source_cache_free(adv_source_cache *c);

/* Lines line-context .. line+context of file; a relative file is looked up
 * under dir first (the TU's compilation directory), then as given. The
 * pointers stay valid until the next call. Returns the number of lines (0
 * when the file or line is not there). */
size_t adv_source_excerpt(adv_source_cache *c, const char *file, const char *dir, unsigned line,
                          unsigned context, adv_excerpt *out);

#endif
