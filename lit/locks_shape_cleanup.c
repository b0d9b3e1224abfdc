// Cleanup dispatch: clang routes several exits of a scope (goto, break,
// return out of a block with locals) through blocks that branch on a phi of
// constants, the "cleanup destination". Each way in picks one way out; a
// path that enters with the lock held and leaves by the exit taken after an
// unlock does not exist, and must not make a lock-held-at-return (a false
// finding librdkafka and LMDB both showed). A real early return with the
// lock held, next to the same shape, is still reported.
// RUN: %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -Rpass-analysis=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark
// RUN: %clang -O0 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t0.o 2>&1 | FileCheck %s --check-prefix=O0 --implicit-check-not=remark
#include <pthread.h>

struct tp { pthread_mutex_t lock; int state; int flags; };
void log_it(const char *);
int query(struct tp *, int *);
void drop(struct tp *);

// Non-finding: goto done from a scope with a local (cleanup dispatch that
// EarlyCSE folds to `br i1 true`), and a return after an unlock.
void handle(struct tp *t, int err)
{
    pthread_mutex_lock(&t->lock);
    t->flags = 0;
    pthread_mutex_unlock(&t->lock);
    if (err == 1) {
        drop(t);
        return;
    }
    int parts[4];
    err = query(t, parts);
    pthread_mutex_lock(&t->lock);
    if (t->state != 3)
        err = 7;
    if (err) {
        int actions;
        log_it("failed");
        if (err == 5) {
            t->state = 1;
            goto done;
        } else if (err == 7) {
            goto done;
        }
        query(t, &actions);
        if (actions & 4)
            log_it("refresh");
        goto done;
    }
    if (parts[0] < 0) {
        log_it("reset");
    } else if (parts[1] < t->state) {
        pthread_mutex_unlock(&t->lock);
        drop(t);
        return;
    } else {
        t->state = 2;
    }
done:
    pthread_mutex_unlock(&t->lock);
    drop(t);
}

// Non-finding: three ways out of a loop body with a local (goto, return
// after unlock, break) meet in a switch on the cleanup destination.
int multi(struct tp *t)
{
    pthread_mutex_lock(&t->lock);
    for (int i = 0; i < 10; i++) {
        int scratch;
        query(t, &scratch);
        if (scratch == 1)
            goto done;
        if (scratch == 2) {
            pthread_mutex_unlock(&t->lock);
            return -1;
        }
        if (scratch == 3)
            break;
    }
    t->state = 4;
done:
    pthread_mutex_unlock(&t->lock);
    return 0;
}

// Finding: the same shape, but one way out really returns holding the lock.
int leaky(struct tp *t)
{
    pthread_mutex_lock(&t->lock);
    for (int i = 0; i < 10; i++) {
        int scratch;
        query(t, &scratch);
        if (scratch == 1)
            goto done;
        if (scratch == 2)
            return -1;
        if (scratch == 3)
            break;
    }
    t->state = 4;
done:
    pthread_mutex_unlock(&t->lock);
    return 0;
}
// CHECK: locks_shape_cleanup.c:[[@LINE-16]]:5: remark: leaky() can return with 'tp::lock' still locked
// O0: locks_shape_cleanup.c:[[@LINE-17]]:5: remark: leaky() can return with '{{.*}}' still locked
