/* advisor/source.c — read the source lines around a finding. A few files are
 * kept in memory because a report visits the same file many times.
 * Exercised by `perfadvise report --format markdown` (Current code). */
#define _POSIX_C_SOURCE 200809L
#include "source.h"

#include "open_input.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_FILES 16

typedef struct cached_file {
    char *key;      /* file, NUL, dir (empty for none), NUL */
    const char *dir; /* in key */
    char *text;     /* NULL when the file could not be read */
    size_t size;
    size_t *starts; /* offset of each line */
    size_t nlines;
} cached_file;

struct adv_source_cache {
    cached_file files[CACHE_FILES];
    size_t next; /* round-robin eviction */
    size_t last; /* the slot the last lookup returned: asked first */
};

adv_source_cache *adv_source_cache_new(void)
{
    return calloc(1, sizeof(adv_source_cache));
}

static void drop(cached_file *f)
{
    free(f->key);
    free(f->text);
    free(f->starts);
    memset(f, 0, sizeof *f);
}

void adv_source_cache_free(adv_source_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < CACHE_FILES; i++)
        drop(&c->files[i]);
    free(c);
}

/* A FIFO or device named in a findings file is never opened (open_input.h). */
static char *read_small_file(const char *path, size_t *size)
{
    return adv_read_regular(path, ADV_SOURCE_MAX_BYTES, size, NULL);
}

static void load(cached_file *f, const char *file, const char *dir)
{
    char path[4096];
    if (file[0] != '/' && dir && *dir) {
        snprintf(path, sizeof path, "%s/%s", dir, file);
        f->text = read_small_file(path, &f->size);
    }
    if (!f->text)
        f->text = read_small_file(file, &f->size);
    if (!f->text)
        return;
    size_t cap = 0;
    f->starts = pa_array_reserve(NULL, &cap, 256, sizeof *f->starts);
    if (!f->starts) {
        free(f->text);
        f->text = NULL;
        return;
    }
    f->starts[f->nlines++] = 0;
    for (size_t i = 0; i < f->size; i++) {
        if (f->text[i] != '\n' || i + 1 == f->size)
            continue;
        size_t *p = pa_array_reserve(f->starts, &cap, f->nlines + 1, sizeof *p);
        if (!p)
            break; /* the excerpt stops at the lines counted so far */
        f->starts = p;
        f->starts[f->nlines++] = i + 1;
    }
}

static bool holds(const cached_file *f, const char *file, const char *dir)
{
    return f->key && strcmp(f->key, file) == 0 && strcmp(f->dir, dir) == 0;
}

/* The file and directory compared as they are: a report looks up a file
 * per entry (100,000 of them), and most are hits, so no key is built
 * unless the file is read. */
static cached_file *lookup(adv_source_cache *c, const char *file, const char *dir)
{
    if (!dir)
        dir = "";
    /* The view asks for its findings in load order, a file at a time:
     * the last file asked is most often the one asked again, and 16
     * comparisons for each of 79,000 findings on the bench were 4 % of
     * the main thread. Keys are unique, so the slot found is the same. */
    if (holds(&c->files[c->last], file, dir))
        return &c->files[c->last];
    for (size_t i = 0; i < CACHE_FILES; i++) {
        if (holds(&c->files[i], file, dir)) {
            c->last = i;
            return &c->files[i];
        }
    }
    size_t flen = strlen(file), dlen = strlen(dir);
    char *key = malloc(flen + dlen + 2);
    if (!key)
        return NULL;
    memcpy(key, file, flen + 1);
    memcpy(key + flen + 1, dir, dlen + 1);
    c->last = c->next;
    cached_file *f = &c->files[c->next];
    c->next = (c->next + 1) % CACHE_FILES;
    drop(f);
    f->key = key;
    f->dir = key + flen + 1;
    load(f, file, dir);
    return f;
}

size_t adv_source_excerpt(adv_source_cache *c, const char *file, const char *dir, unsigned line,
                          unsigned context, adv_excerpt *out)
{
    memset(out, 0, sizeof *out);
    if (!c || !file || !*file || line == 0)
        return 0;
    if (context > (ADV_EXCERPT_MAX - 1) / 2)
        context = (ADV_EXCERPT_MAX - 1) / 2;
    cached_file *f = lookup(c, file, dir);
    if (!f || !f->text || line > f->nlines)
        return 0;
    unsigned first = line > context ? line - context : 1;
    unsigned last = line + context;
    if (last > f->nlines)
        last = (unsigned)f->nlines;
    out->first = first;
    for (unsigned l = first; l <= last && out->count < ADV_EXCERPT_MAX; l++) {
        size_t start = f->starts[l - 1];
        size_t end = l < f->nlines ? f->starts[l] : f->size;
        while (end > start && (f->text[end - 1] == '\n' || f->text[end - 1] == '\r'))
            end--;
        out->lines[out->count] = f->text + start;
        out->lens[out->count] = end - start;
        out->count++;
    }
    return out->count;
}
