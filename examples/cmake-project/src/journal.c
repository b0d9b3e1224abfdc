/* examples/cmake-project/src/journal.c — the journal: compaction takes the
 * journal lock, then the store lock; appends write to a file under the lock. */
#include "kv.h"

pthread_mutex_t kv_journal_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *journal;
static int entries;

/* Called with kv_journal_lock held. */
void kv_journal_append(int key, int value)
{
    if (!journal)
        journal = fopen("kv.journal", "a");
    if (journal) {
        fprintf(journal, "%d=%d\n", key, value);
        fflush(journal);
    }
    entries++;
}

void kv_journal_compact(void)
{
    pthread_mutex_lock(&kv_journal_lock);
    pthread_mutex_lock(&kv_store_lock);
    entries = 0;
    pthread_mutex_unlock(&kv_store_lock);
    pthread_mutex_unlock(&kv_journal_lock);
}
