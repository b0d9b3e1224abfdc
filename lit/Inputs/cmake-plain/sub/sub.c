#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long count;
void sub_count(int n) { for (int i = 0; i < n; i++) { pthread_mutex_lock(&m); count++; pthread_mutex_unlock(&m); } }
int main(int argc, char **argv) { (void)argv; sub_count(argc * 1000); return (int)(count & 1); }
