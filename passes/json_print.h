/* passes/json_print.h — a cJSON tree printed compact, byte for byte as
 * cJSON_PrintUnformatted prints it, without its cost for whole numbers.
 * Tested by tests/test_json_print.c. */
#ifndef PA_JSON_PRINT_H
#define PA_JSON_PRINT_H

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

#endif
