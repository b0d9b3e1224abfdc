/* passes/json_print.h — a cJSON tree printed compact, byte for byte as
 * cJSON_PrintUnformatted prints it, without its cost for whole numbers.
 * Tested by tests/test_json_print.c. */
#ifndef PA_JSON_PRINT_H
#define PA_JSON_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* The text cJSON_PrintUnformatted(item) gives (cJSON 1.7.15), as a
 * malloc'd NUL-terminated string the caller frees with free(); its length
 * in *out_len when not NULL. NULL where cJSON_PrintUnformatted returns NULL
 * (no item, an item of no known type, a raw item without text) and on out
 * of memory. cJSON prints every number with "%1.15g" and reads it back with
 * sscanf to check it; here a whole number below 10^15, which that format
 * prints as its digits, is written directly, the others as cJSON does. */
char *pa_json_print(const cJSON *item, size_t *out_len);

/* JSON text built piece by piece, each piece as pa_json_print writes it:
 * for a document too large to build as a cJSON tree first (a module's call
 * profile is ~20,000 objects on sqlite3.c, three allocations each), added
 * to a tree as one raw item. Zero-initialise; a failed allocation sets
 * failed and makes every later piece a no-op. */
typedef struct pa_json_text {
    char *p;
    size_t n, cap;
    bool failed;
} pa_json_text;

void pa_json_text_put(pa_json_text *t, const char *s, size_t n);
void pa_json_text_char(pa_json_text *t, char c);
/* A string as cJSON escapes it, quotes included ("" for NULL). */
void pa_json_text_string(pa_json_text *t, const char *s);
/* A number as cJSON prints it. */
void pa_json_text_number(pa_json_text *t, double d);
/* The text so far, NUL-terminated (NULL when a piece failed); the buffer
 * stays with t for the next document after pa_json_text_clear. */
const char *pa_json_text_str(pa_json_text *t);
void pa_json_text_clear(pa_json_text *t);
void pa_json_text_free(pa_json_text *t);

#endif
