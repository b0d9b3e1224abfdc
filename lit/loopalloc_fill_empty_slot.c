// loop-alloc negative: a node created only where the slot it goes into is
// still empty, `if (p->sub[bin] == NULL) p->sub[bin] = new_node();`, while
// descending a tree (SQLite sqlite3BitvecSet): one allocation per node of
// the structure, filled on first use, not one per iteration (issue 10 item
// 3). Also not per iteration: an object kept in the result whose only free
// in the loop cleans up after a failed call (dup_items). Positive: a
// scratch buffer allocated where a slot is empty but not stored into it,
// and freed on the normal path.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-loopalloc -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>

struct node {
    unsigned div;
    struct node *sub[8];
};

int set_bit(struct node *p, unsigned i) {
    while (p->div) {
        unsigned bin = (i / p->div) & 7;
        i %= p->div;
        if (p->sub[bin] == NULL) {
            p->sub[bin] = calloc(1, sizeof(struct node));
            if (p->sub[bin] == NULL)
                return -1;
            p->sub[bin]->div = p->div / 8;
        }
        p = p->sub[bin];
    }
    return 0;
}

void use(char *);

// The empty slot guards a scratch buffer, not what fills it: each empty
// slot met costs an allocation.
void scratch_when_empty(struct node *p, int n) {
    for (int k = 0; k < n; k++) {
        if (p->sub[k & 7] == NULL) {
            char *tmp = malloc(64);
            // CHECK: loopalloc_fill_empty_slot.c:[[@LINE-1]]:25: remark:
            // JSON: FINDING loop-alloc fn=scratch_when_empty at=loopalloc_fill_empty_slot.c:[[@LINE-2]]:25
            use(tmp);
            free(tmp);
        }
    }
}

// Kept in the result; freed in the loop only where building its contents
// failed (SQLite sqlite3SrcListDup on out-of-memory): one object per
// element is the design.
struct item {
    struct sub *s;
};
struct sub {
    char *text;
};
char *dup_text(const char *);
void dup_items(struct item *out, const struct item *in, int n) {
    for (int k = 0; k < n; k++) {
        struct sub *s = malloc(sizeof *s);
        if (s == NULL)
            return;
        s->text = dup_text(in[k].s->text);
        if (s->text == NULL) {
            free(s);
            s = NULL;
        }
        out[k].s = s;
    }
}
