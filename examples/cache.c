/* examples/cache.c — a cache that takes cache_lock then index_lock.
 * Together with examples/index.c (the opposite order) it can deadlock:
 * only the whole-program view (perfadvise report) sees both orders. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
extern pthread_mutex_t index_lock;
static int cache_entries;
void index_remove(int key);

void cache_evict(int key)
{
    pthread_mutex_lock(&cache_lock);
    pthread_mutex_lock(&index_lock);
    cache_entries--;
    index_remove(key);
    pthread_mutex_unlock(&index_lock);
    pthread_mutex_unlock(&cache_lock);
}

/* blocking-under-lock: a file write while every reader waits. */
void cache_dump(FILE *out)
{
    pthread_mutex_lock(&cache_lock);
    fprintf(out, "%d entries\n", cache_entries);
    fflush(out);
    pthread_mutex_unlock(&cache_lock);
}

/* lock-in-loop: lock and unlock once per item. */
void cache_touch_all(const int *keys, int n)
{
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&cache_lock);
        cache_entries += keys[i] > 0;
        pthread_mutex_unlock(&cache_lock);
    }
}

/* lock-held-at-return: the error path forgets to unlock. */
int cache_get(int key)
{
    pthread_mutex_lock(&cache_lock);
    if (key < 0)
        return -1;
    int n = cache_entries;
    pthread_mutex_unlock(&cache_lock);
    return n + key;
}
