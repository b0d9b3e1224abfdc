// A callee in a cycle of recursive calls allocates if any function of the
// cycle does, whichever of them the summaries read first: a recursive
// descent parser (expr -> term -> factor -> '(' expr ')') whose factor
// allocates the node, called while the tree's lock is held, allocates under
// that lock from every entry to the cycle. The cycle's summaries are
// computed again until nothing in them changes, the chance to allocate
// included: before, a round that changed only what a function allocates
// ended the iteration, and enter_expr() (read first, before its callees'
// allocation was known) was taken to allocate nothing.
// - a cycle whose functions allocate nothing is no finding (walk_*).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <pthread.h>
#include <stdlib.h>

pthread_mutex_t tree_lock = PTHREAD_MUTEX_INITIALIZER;
struct node {
    struct node *left;
    int value;
};
struct node *root;
int depth_seen;

struct node *enter_expr(const char **s);
struct node *enter_term(const char **s);
struct node *enter_sign(const char **s);
struct node *enter_factor(const char **s);

__attribute__((noinline)) struct node *enter_expr(const char **s) { (*s)++; return enter_term(s); }
__attribute__((noinline)) struct node *enter_term(const char **s) { (*s)++; return enter_sign(s); }
__attribute__((noinline)) struct node *enter_sign(const char **s) { (*s)++; return enter_factor(s); }
__attribute__((noinline)) struct node *enter_factor(const char **s)
{
    if (**s == '(') {
        (*s)++;
        return enter_expr(s);
    }
    struct node *n = malloc(sizeof *n);
    n->left = 0;
    n->value = *(*s)++;
    return n;
}

// CHECK-DAG: locks_alloc_recursive_cycle.c:[[@LINE+4]]:{{[0-9]+}}: remark: enter_expr() allocates (enter_term) while holding 'tree_lock'
void reparse_expr(const char *s)
{
    pthread_mutex_lock(&tree_lock);
    root = enter_expr(&s);
    pthread_mutex_unlock(&tree_lock);
}

// CHECK-DAG: locks_alloc_recursive_cycle.c:[[@LINE+4]]:{{[0-9]+}}: remark: enter_term() allocates (enter_sign) while holding 'tree_lock'
void reparse_term(const char *s)
{
    pthread_mutex_lock(&tree_lock);
    root = enter_term(&s);
    pthread_mutex_unlock(&tree_lock);
}

int walk_expr(const char **s);
int walk_term(const char **s);
int walk_factor(const char **s);
__attribute__((noinline)) int walk_expr(const char **s) { (*s)++; return walk_term(s) + 1; }
__attribute__((noinline)) int walk_term(const char **s) { (*s)++; return walk_factor(s) + 1; }
__attribute__((noinline)) int walk_factor(const char **s)
{
    if (**s == '(') {
        (*s)++;
        return walk_expr(s);
    }
    return *(*s)++;
}

void measure(const char *s)
{
    pthread_mutex_lock(&tree_lock);
    depth_seen = walk_expr(&s);
    pthread_mutex_unlock(&tree_lock);
}
