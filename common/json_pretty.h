/* common/json_pretty.h — compact JSON laid out the way cJSON_Print lays out a tree,
 * so a document is printed once (cJSON_PrintUnformatted, for the object file)
 * and the findings file needs no second print. Tested by tests/test_json_pretty.c. */
#ifndef PA_JSON_PRETTY_H
#define PA_JSON_PRETTY_H

#include <stddef.h>

/* The text cJSON_Print gives for the tree that cJSON_PrintUnformatted printed
 * as `compact` (len bytes, no whitespace outside strings): objects open a
 * line per member indented by tabs, a tab after each colon, arrays on one
 * line with ", " between elements. Returns a malloc'd NUL-terminated string
 * (its length in *out_len when not NULL) that the caller frees, or NULL on
 * out of memory. Text that is not compact JSON comes out laid out as far as
 * its brackets go; it is never read beyond len. */
char *pa_json_pretty(const char *compact, size_t len, size_t *out_len);

#endif
