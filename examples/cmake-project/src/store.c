/* examples/cmake-project/src/store.c — the table: store lock, then journal
 * lock (journal.c takes them the other way round: a lock-order cycle only the
 * whole-program report sees). */
#include "kv.h"

pthread_mutex_t kv_store_lock = PTHREAD_MUTEX_INITIALIZER;
static int table[1024];

int kv_put(int key, int value)
{
    if (key < 0 || key >= 1024)
        return -1;
    pthread_mutex_lock(&kv_store_lock);
    table[key] = value;
    pthread_mutex_lock(&kv_journal_lock);
    kv_journal_append(key, value);
    pthread_mutex_unlock(&kv_journal_lock);
    pthread_mutex_unlock(&kv_store_lock);
    return 0;
}

int kv_get(int key)
{
    pthread_mutex_lock(&kv_store_lock);
    int v = key >= 0 && key < 1024 ? table[key] : -1;
    pthread_mutex_unlock(&kv_store_lock);
    return v;
}
