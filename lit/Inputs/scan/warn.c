/* Compiled with -Werror and an unused variable: the analysis compile drops
 * -Werror, so this file is still analysed. */
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long count;
void count_all(int n)
{
    int unused;
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&m);
        count++;
        pthread_mutex_unlock(&m);
    }
}
