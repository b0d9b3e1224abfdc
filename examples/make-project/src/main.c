/* examples/make-project/src/main.c — logsum < LOG: word and error counts. */
#include "logsum.h"
#include <stdlib.h>

int main(void)
{
    size_t len;
    char *text = logsum_collect(stdin, &len);
    if (!text)
        return 1;
    int n = 0;
    char **words = logsum_split(text, &n);
    if (words)
        logsum_count((const char *const *)words, n);
    logsum_report(stdout);
    for (int i = 0; i < n; i++)
        free(words[i]);
    free(words);
    free(text);
    return 0;
}
