/* advisor/inputs.h — load one input of `perfadvise report`: a findings file,
 * or an object file, static library, executable or shared library holding
 * embedded findings (advisor/objread.h), each translation unit's document
 * counted once however many inputs hold it (an object, its findings file,
 * the archive and the shared library that contain the object). */
#ifndef ADV_INPUTS_H
#define ADV_INPUTS_H

#include "advisor.h"
#include "load.h"

#include <stdint.h>

/* A document's identity: a 128-bit hash of its JSON with the white space
 * between tokens removed (the findings file is indented, the embedded copy
 * is not) and that length. It covers tu.source, tu.flags_hash and every
 * finding, so the same source built with other flags is another TU. */
typedef struct adv_doc_id {
    uint64_t a, b;
    size_t len;
} adv_doc_id;

adv_doc_id adv_doc_identity(const char *json, size_t n);

/* The documents already loaded. Zero-initialised is empty. */
typedef struct adv_inputs {
    pa_map seen; /* identity.a -> index into ids */
    adv_doc_id *ids;
    size_t nids, cap;
    size_t loaded;     /* documents added to the set */
    size_t skipped;    /* inputs or documents that could not be used */
    size_t duplicates; /* documents already loaded from another input */
    /* Compare findings files too (set it when any input may be an object):
     * without objects, two findings files are two TUs (their names differ),
     * and hashing every file would cost ~3 % of a large report's time. */
    bool hash_files;
} adv_inputs;

void adv_inputs_free(adv_inputs *in);

/* Load path into s. A file is an object or archive when its first bytes say
 * so, else a findings file. Each problem is reported through warn (naming
 * path, or "path(member)" inside an archive) and counted in in->skipped;
 * named: path was given on the command line, so an object without embedded
 * findings is worth a warning (found by a directory walk it is skipped
 * quietly). Returns 0, or -2 on out of memory. */
int adv_input_load(adv_set *s, adv_inputs *in, const char *path, bool named, adv_warn_fn warn,
                   void *ctx);

/* Read, parse and prepare inputs ahead (adv_parsed_prepare) on loader
 * threads (the machine's other cores) while the caller imports, in the
 * order given, so that the set and every message are those of
 * adv_input_load one path after another. adv_prefetch_start starts loader
 * threads over paths[0..n) (kept by the caller until adv_prefetch_stop), at
 * most a few documents ahead; hash_files as adv_inputs.hash_files. NULL
 * when no thread can be started: load with adv_input_load. While it runs no
 * other thread may use cJSON (load.h, adv_load_threads_begin). */
typedef struct adv_prefetch adv_prefetch;
adv_prefetch *adv_prefetch_start(char *const *paths, size_t n, bool hash_files);
/* adv_input_load of paths[i], for i = 0, 1, ... in turn. */
int adv_input_load_prefetched(adv_set *s, adv_inputs *in, adv_prefetch *pf, size_t i, bool named,
                              adv_warn_fn warn, void *ctx);
/* Stop the threads (whether or not every path was taken) and free pf. s:
 * the set the documents were imported into, which takes the memory of
 * their findings' strings and evidence (call it before s is freed). */
void adv_prefetch_stop(adv_prefetch *pf, adv_set *s);

#endif
