/* examples/cmake-project/src/format.c — prints the table: one line buffer
 * allocated and freed per key. */
#include "kv.h"
#include <stdlib.h>

size_t kv_format_all(const int *keys, int n, FILE *out)
{
    size_t written = 0;
    for (int i = 0; i < n; i++) {
        char *line = malloc(64);
        if (!line)
            return written;
        int len = snprintf(line, 64, "%d = %d\n", keys[i], kv_get(keys[i]));
        written += fwrite(line, 1, (size_t)len, out);
        free(line);
    }
    return written;
}
