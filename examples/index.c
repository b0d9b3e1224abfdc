/* examples/index.c — the index side: index_lock then cache_lock. */
#include <pthread.h>

pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
extern pthread_mutex_t cache_lock;
static int index_size;

void index_remove(int key)
{
    index_size -= key != 0;
}

void index_rebuild(void)
{
    pthread_mutex_lock(&index_lock);
    pthread_mutex_lock(&cache_lock);
    index_size = 0;
    pthread_mutex_unlock(&cache_lock);
    pthread_mutex_unlock(&index_lock);
}
