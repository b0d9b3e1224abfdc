/* examples/make-project/include/logsum.h — the log summariser's interface. */
#ifndef LOGSUM_H
#define LOGSUM_H
#include <stddef.h>
#include <stdio.h>

char *logsum_collect(FILE *in, size_t *len_out);
void logsum_count(const char *const *words, int n);
void logsum_report(FILE *out);
char **logsum_split(const char *text, int *n_out);

#endif
