/* examples/cmake-project/include/kv.h — the key-value store's interface. */
#ifndef KV_H
#define KV_H
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

extern pthread_mutex_t kv_store_lock;   /* guards the table (store.c) */
extern pthread_mutex_t kv_journal_lock; /* guards the journal (journal.c) */

int kv_put(int key, int value);
int kv_get(int key);
void kv_journal_append(int key, int value);
void kv_journal_compact(void);
size_t kv_format_all(const int *keys, int n, FILE *out);

#endif
