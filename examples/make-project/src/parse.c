/* examples/make-project/src/parse.c — reads the log: the buffer grows by a
 * constant 64 bytes per line (quadratic copying), and every word is copied
 * into its own allocation inside the loop. */
#include "logsum.h"
#include <stdlib.h>
#include <string.h>

char *logsum_collect(FILE *in, size_t *len_out)
{
    char line[256];
    char *text = NULL;
    size_t size = 0, len = 0;
    while (fgets(line, sizeof line, in)) {
        size += 64;
        char *grown = realloc(text, size + sizeof line);
        if (!grown) {
            free(text);
            return NULL;
        }
        text = grown;
        size_t n = strlen(line);
        memcpy(text + len, line, n + 1);
        len += n;
    }
    *len_out = len;
    return text;
}

char **logsum_split(const char *text, int *n_out)
{
    int n = 0;
    char **words = calloc(strlen(text) + 1, sizeof *words);
    if (!words)
        return NULL;
    for (const char *p = text; *p;) {
        size_t w = strcspn(p, " \n");
        if (w) {
            char *word = malloc(32);
            if (!word)
                break;
            snprintf(word, 32, "%.*s", (int)(w < 31 ? w : 31), p);
            words[n++] = word;
        }
        p += w + (p[w] != '\0');
    }
    *n_out = n;
    return words;
}
