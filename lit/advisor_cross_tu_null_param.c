// Across translation units: set_level() (setter side) takes defaults_lock
// only when its context pointer is NULL, and takes other_lock inside
// defaults_lock elsewhere. The caller side holds other_lock and passes a
// context it allocated and checked: no edge other_lock -> defaults_lock, so
// no inversion. Passing a pointer nothing is known about: the inversion.
// REQUIRES: advisor
// RUN: rm -rf %t.d && mkdir -p %t.d/out %t.d/out2 && cp %s %t.d/setter.c && cp %s %t.d/caller.c && cp %s %t.d/unknown.c
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -DSETTER_SIDE -c setter.c -o setter.o
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out %clang -O2 -g %pa -c caller.c -o caller.o
// RUN: %perfadvise report %t.d/out | FileCheck %s --check-prefix=CHECKED
// RUN: cp %t.d/out/setter.c.*.json %t.d/out2/
// RUN: cd %t.d && env PERFADVISE_OUTPUT_DIR=%t.d/out2 %clang -O2 -g %pa -DUNKNOWN_SIDE -c unknown.c -o unknown.o
// RUN: %perfadvise report %t.d/out2 | FileCheck %s --check-prefix=UNKNOWN
// CHECKED-NOT: lock-order-inversion
// UNKNOWN: lock-order-inversion {{.*}}[whole program]
// UNKNOWN-NEXT: defaults_lock is taken while other_lock is held
#include <pthread.h>
#include <stdlib.h>

struct ctx { int level; };
extern pthread_mutex_t defaults_lock, other_lock;
int set_level(struct ctx *ctx, int level);
int default_level, counter;

#if defined(SETTER_SIDE)
pthread_mutex_t defaults_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t other_lock = PTHREAD_MUTEX_INITIALIZER;

int set_level(struct ctx *ctx, int level)
{
    if (level < 0)
        return -1;
    if (ctx == NULL) {
        pthread_mutex_lock(&defaults_lock);
        default_level = level;
        pthread_mutex_unlock(&defaults_lock);
        return 0;
    }
    ctx->level = level;
    return 0;
}

void defaults_then_other(void)
{
    pthread_mutex_lock(&defaults_lock);
    pthread_mutex_lock(&other_lock);
    counter++;
    pthread_mutex_unlock(&other_lock);
    pthread_mutex_unlock(&defaults_lock);
}
#elif defined(UNKNOWN_SIDE)
void with_context(struct ctx *c)
{
    pthread_mutex_lock(&other_lock);
    set_level(c, 1);
    pthread_mutex_unlock(&other_lock);
}
#else
struct ctx *fresh_context(void)
{
    pthread_mutex_lock(&other_lock);
    struct ctx *c = malloc(sizeof *c);
    if (c)
        set_level(c, 1);
    pthread_mutex_unlock(&other_lock);
    return c;
}
#endif
