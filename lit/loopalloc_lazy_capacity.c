// loop-alloc of lazy initialisation keyed on a capacity (issue 10 item 3):
// `if (sizeCache == 0) { sizeCache = 10; oldNs = malloc(...); }` inside the
// loop, the capacity doubled when full and never set back to zero, runs on
// the first pass only (libxml2's xmlReconciliateNs, two caches in two
// loops). Negative: reconcile. Positive: flushing sets the capacity back
// to zero inside the loop, so the block is made again after every flush.
// RUN: %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
#include <stdlib.h>
struct ns { struct ns *next; const char *href; };
struct node { struct node *next; struct ns *ns; };
extern struct ns *fresh_ns(struct ns *old);
int reconcile(struct node *tree) {
    struct ns **oldNs = NULL, **newNs = NULL;
    int sizeCache = 0, nbCache = 0;
    for (struct node *node = tree; node != NULL; node = node->next) {
        if (node->ns == NULL)
            continue;
        int i;
        for (i = 0; i < nbCache; i++)
            if (oldNs[i] == node->ns)
                break;
        if (i < nbCache) {
            node->ns = newNs[i];
            continue;
        }
        if (sizeCache == 0) {
            sizeCache = 10;
            oldNs = malloc(sizeCache * sizeof *oldNs);
            if (oldNs == NULL)
                return -1;
            newNs = malloc(sizeCache * sizeof *newNs);
            if (newNs == NULL) {
                free(oldNs);
                return -1;
            }
        } else if (nbCache >= sizeCache) {
            sizeCache *= 2;
            oldNs = realloc(oldNs, sizeCache * sizeof *oldNs);
            newNs = realloc(newNs, sizeCache * sizeof *newNs);
            if (oldNs == NULL || newNs == NULL)
                return -1;
        }
        struct ns *n = fresh_ns(node->ns);
        oldNs[nbCache] = node->ns;
        newNs[nbCache++] = n;
        node->ns = n;
    }
    free(oldNs);
    free(newNs);
    return 0;
}

extern int must_flush(struct node *n);
extern void flush(struct ns **cache, int n);
int batches(struct node *tree) {
    struct ns **cache = NULL;
    int cap = 0, used = 0;
    for (struct node *node = tree; node != NULL; node = node->next) {
        if (cap == 0) {
            cap = 16;
            cache = malloc(cap * sizeof *cache);
            // CHECK: loopalloc_lazy_capacity.c:[[@LINE-1]]:21: remark: malloc(128) runs {{.*}}batches(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
            if (cache == NULL)
                return -1;
        }
        if (used < cap)
            cache[used++] = node->ns;
        if (must_flush(node)) {
            flush(cache, used);
            free(cache);
            cache = NULL;
            cap = 0;
            used = 0;
        }
    }
    free(cache);
    return 0;
}
