// loop-alloc negative: lazy initialisation whose guard has a second
// condition (`if (st->items == NULL || st->cap <= 0)`), which the optimiser
// folds into one select (`select i1 %isnull, i1 true, i1 %small`), allocates
// once per call, not once per iteration (issue 10 item 3; libxml2's
// xmlPatPushState, inlined into a backtracking matcher). Positive: the same
// guard where the loop frees the stack and resets it to NULL allocates on
// every iteration that needs it.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// RUN: %clang -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// IR: select i1 %{{.*}}, i1 true, i1 %
#include <stdlib.h>

struct state {
    int step, node;
};

struct stack {
    struct state *items;
    int n, cap;
};

static int push(struct stack *st, int step, int node) {
    if (st->items == NULL || st->cap <= 0) {
        st->cap = 4;
        st->n = 0;
        st->items = malloc(4 * sizeof(struct state));
    } else if (st->cap <= st->n) {
        struct state *tmp = realloc(st->items, 2 * (size_t)st->cap * sizeof(struct state));
        if (tmp == NULL)
            return -1;
        st->items = tmp;
        st->cap *= 2;
    }
    st->items[st->n].step = step;
    st->items[st->n++].node = node;
    return 0;
}

int step_matches(int step, int node);

int match(int nsteps, int node) {
    struct stack st = {NULL, 0, 0};
    int i = 0;
    for (;;) {
        for (; i < nsteps; i++) {
            if (step_matches(i, node) == 2 && push(&st, i, node + 1) < 0)
                break;
            if (!step_matches(i, node))
                goto rollback;
        }
        free(st.items);
        return 1;
rollback:
        if (st.items == NULL || st.n <= 0) {
            free(st.items);
            return 0;
        }
        st.n--;
        i = st.items[st.n].step;
        node = st.items[st.n].node;
    }
}

int consume(const struct state *items, int n);

int match_each(int n, int node) {
    struct stack st = {NULL, 0, 0};
    int found = 0;
    for (int i = 0; i < n; i++) {
        if (push(&st, i, node) < 0)
            break;
        // REMARK: loopalloc_lazy_init_or.c:[[@LINE-2]]:13: remark: malloc(32) runs {{.*}}match_each(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=match_each at=loopalloc_lazy_init_or.c:[[@LINE-3]]:13 {{.*}}advice=hoist
        found += consume(st.items, st.n);
        free(st.items);
        st.items = NULL;
        st.n = 0;
    }
    return found;
}
