/* advisor/json_fast.h — the fast path of reading a findings file: a reader
 * for well-formed JSON that builds the very tree cJSON would, or declines.
 * Used by advisor/load.c (adv_parse_text); cJSON still parses every
 * document this declines, so every message about bad input is cJSON's. */
#ifndef ADV_JSON_FAST_H
#define ADV_JSON_FAST_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* Where the tree's nodes and strings come from: n bytes aligned for any
 * type, or NULL when out of memory. Nothing is freed one by one. */
typedef void *(*adv_json_alloc_fn)(void *ctx, size_t n);

/* Read text[0..len), which must have a NUL at text[len], into a tree
 * equal (adv_json_tree_equal) to what
 * cJSON_ParseWithLengthOpts(text, len + 1, &end, 1) returns, with every
 * node and string from alloc(ctx, n), except the keys of the findings
 * format, which point at read-only literals (adv_json_known_key): the
 * caller owns that memory, the tree must never be given to cJSON_Delete
 * and its keys must not be written to. Returns NULL (having used some
 * of ctx's memory) when the text is not JSON, when it holds what this
 * reader leaves to cJSON (\u escapes, bytes below 0x20 inside strings,
 * white space other than space, tab, CR and LF, a byte order mark, numbers
 * longer than 62 characters), when containers nest deeper than max_depth
 * (the outermost is at depth 1), or when alloc fails. */
cJSON *adv_json_fast_parse(const char *text, size_t len, int max_depth, adv_json_alloc_fn alloc,
                           void *ctx);

/* The i-th of the object keys the reader does not copy but points at (the
 * findings format's own, json_fast.c), NULL past the last: for the tests. */
const char *adv_json_known_key(size_t i);

/* Whether two trees have the same shape, types, keys, strings, valueint and
 * valuedouble (bit for bit), and prev links as cJSON leaves them. For the
 * tests and the differential fuzz target (fuzz/fuzz_json_fast.c). */
bool adv_json_tree_equal(const cJSON *a, const cJSON *b);

#endif
