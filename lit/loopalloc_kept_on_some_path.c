// loop-alloc of a block kept on some iterations and freed on the others
// (issue 10 item 3): libxml2's xmlXPathDistinctSorted makes each node's
// string and either keeps it as a key of the hash the loop builds or, when
// the key is already there, frees it. The strings that are kept are the
// result; "allocate the buffer once before the loop and reuse it" cannot
// fit them. Negative: distinct, keep_new. Positive: per_item hands the
// block to a call that might keep it, then frees it on every path: reuse
// fits.
// RUN: %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=perfadvise-loopalloc
#include <stdlib.h>
#include <string.h>

struct table;
extern void *table_lookup(struct table *t, const char *key);
extern int table_add(struct table *t, char *key, void *value);
extern char *node_text(int node);

int distinct(struct table *t, const int *nodes, int n) {
    int added = 0;
    for (int i = 0; i < n; i++) {
        char *s = strdup(node_text(nodes[i]));
        if (s == NULL)
            break;
        if (table_lookup(t, s) == NULL) {
            table_add(t, s, s);
            added++;
        } else {
            free(s);
        }
    }
    return added;
}

int keep_new(char **out, char **words, int n) {
    int k = 0;
    for (int i = 0; i < n; i++) {
        char *w = strdup(words[i]);
        if (w == NULL)
            break;
        if (k > 0 && strcmp(out[k - 1], w) == 0) {
            free(w);
            continue;
        }
        out[k++] = w;
    }
    return k;
}

extern void use(char *b, int i);
void per_item(int n) {
    for (int i = 0; i < n; i++) {
        char *b = malloc(256);
        // CHECK: loopalloc_kept_on_some_path.c:[[@LINE-1]]:19: remark: malloc(256) runs once per iteration of a loop {{.*}}per_item(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        if (!b)
            return;
        use(b, i);
        free(b);
    }
}
