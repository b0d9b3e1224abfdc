/* advisor/load.h — finding the findings files of a build and loading each
 * into an adv_set with validation (docs/findings-format.md). */
#ifndef ADV_LOAD_H
#define ADV_LOAD_H

#include "advisor.h"

/* Largest findings file read (bytes) and deepest JSON nesting accepted. */
#define ADV_LOAD_MAX_BYTES (64u * 1024u * 1024u)
#define ADV_LOAD_MAX_DEPTH 64

/* Parse and validate one findings document buf[0..len) (need not be NUL
 * terminated) and add its findings, lock edges and summaries to s (each
 * finding scored, its evidence packed: evidence.h). path names the file in
 * s->tus; invalid UTF-8 is repaired and counted in s->invalid_utf8. Returns
 * 0; -1 when the document is invalid, with a one-line problem in err
 * ("findings[3].location.line: expected a number") and nothing added to s;
 * -2 on out of memory. While it runs, cJSON's allocation hooks (process
 * wide) point at the document's arena and are reset to malloc/free after:
 * no other thread may use cJSON meanwhile. */
int adv_load_buffer(adv_set *s, const char *buf, size_t len, const char *path, char *err,
                    size_t errlen);

/* The same in two steps, so that one thread parses the next file while
 * another imports the last (advisor/inputs.c, adv_input_prefetch):
 * adv_parse_text parses and validates text[0..len) (text[len] must be a
 * NUL) into p and touches no set; adv_parsed_import adds p's document to s
 * and gives adv_load_buffer's return and message. A parsed document holds
 * its tree until the next adv_parse_text or adv_parsed_clear. Several
 * threads may parse at once (each into its own adv_parsed) only between
 * adv_load_threads_begin and adv_load_threads_end, which install cJSON's
 * allocation hooks for the whole process and must be called while no
 * other thread uses cJSON. */
typedef struct adv_parsed adv_parsed;
adv_parsed *adv_parsed_new(void);
void adv_parsed_clear(adv_parsed *p);
void adv_parsed_free(adv_parsed *p);
int adv_parse_text(adv_parsed *p, const char *text, size_t len);
int adv_parsed_import(adv_set *s, adv_parsed *p, const char *path, char *err, size_t errlen);
/* Optional, between the two: the part of importing p's findings that needs
 * only p (sanitizing, scoring, packing the evidence, copying the message,
 * hashing the names), done by the thread that parsed it, so that the one
 * that imports (in input order) does only the id lookups, the interning
 * and the appends. Their strings and evidence go to mem's arena (a set
 * used only for that: adv_set_alloc), which must be the set p is imported
 * into, or be adopted by it (adv_set_adopt_memory) before it is freed.
 * adv_parsed_import prepares into the set itself when this was not called.
 * Returns 0, p's parse result when it did not parse, or -2 on out of memory
 * (p then stays unprepared). */
int adv_parsed_prepare(adv_parsed *p, adv_set *mem);
void adv_load_threads_begin(void);
void adv_load_threads_end(void);

/* Read path and adv_load_buffer it. Same returns; I/O problems are -1. */
int adv_load_file(adv_set *s, const char *path, char *err, size_t errlen);

/* A list of input files, owned strings. */
typedef struct adv_pathlist {
    char **paths;
    size_t count, cap;
} adv_pathlist;

void adv_pathlist_free(adv_pathlist *l);

/* Called for each input that cannot be used (missing path, unreadable dir). */
typedef void (*adv_warn_fn)(void *ctx, const char *path, const char *problem);

/* Expand the arguments into input files: a file is taken as is; a directory
 * is searched recursively (sorted, symlinked directories not followed, hidden
 * directories skipped) for *.json files that look like findings files (named
 * <name>.<16 hex>.json, or mentioning perfadvise-findings near the start),
 * ignoring *.tmp.* files written mid-build, and for objects, archives and
 * shared libraries that may hold embedded findings (adv_obj_name_wanted). The same file reached twice is
 * listed once. Returns the number of arguments that could not be used (each
 * reported through warn), or -1 on out of memory. */
int adv_collect_inputs(const char *const *args, size_t nargs, adv_pathlist *out, adv_warn_fn warn,
                       void *ctx);

/* Read the ids of a previous `perfadvise report --format json` into ids (a
 * set holding one stub finding per id; look up with adv_set_find). Returns
 * 0; -1 with the problem in err when the file is unreadable or not such a
 * report; -2 on out of memory. */
int adv_load_baseline(const char *path, adv_set *ids, char *err, size_t errlen);

#endif
