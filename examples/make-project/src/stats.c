/* examples/make-project/src/stats.c — counts words under a lock: the lock is
 * taken once per word, and the report writes to a file while holding it. */
#include "logsum.h"
#include <pthread.h>
#include <string.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long words_seen, errors_seen;

void logsum_count(const char *const *words, int n)
{
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&stats_lock);
        words_seen++;
        errors_seen += strcmp(words[i], "error") == 0;
        pthread_mutex_unlock(&stats_lock);
    }
}

void logsum_report(FILE *out)
{
    pthread_mutex_lock(&stats_lock);
    fprintf(out, "%ld words, %ld errors\n", words_seen, errors_seen);
    fflush(out);
    pthread_mutex_unlock(&stats_lock);
}
