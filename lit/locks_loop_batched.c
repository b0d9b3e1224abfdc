// lock-in-loop on a loop that already works in batches: each pass takes
// min(remaining, room) of what remains and the loop ends when nothing is
// left (DuckDB's RowGroupCollection::Append: `append_count =
// MinValue(remaining, ROW_GROUP_SIZE - offset); remaining -= append_count;
// if (remaining > 0) { lock; start a new row group; continue; }`). The lock
// is taken once per batch already, which is the fix the finding asks for,
// and how many batches a call takes depends on sizes the analysis does not
// know (one or two in DuckDB's case, not the compiler's guess of ~16):
// confidence low, no remark by default.
// - write_all(): copies into a shared buffer, up to its free room per lock.
// - append_rows(): the DuckDB shape, `while (1)` with the lock on the path
//   that goes round again.
// - drain_rows(): the min through a helper of the file, not yet inlined when
//   the lock analysis runs (DuckDB's `MinValue<idx_t>(remaining, room)`).
// - copy_through(): the same batches, the lock taken inside a function of
//   the file (lock-in-loop through a callee).
// Positive (medium, reported): add_each() locks once per element; spend()
// takes a min(budget, cost) but walks its elements with its own index,
// which also ends the loop (besides a trap on the budget); gather() takes
// min(remaining, the element's length), a room that follows the element
// walked (writev); trickle() takes min(remaining, 1), no batch; and
// stretch() takes a max, not a min.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o > %t.rem 2>&1
// RUN: FileCheck %s --implicit-check-not=remark: < %t.rem
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING lock-in-loop"
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#define ROWS 122880

struct sink {
    pthread_mutex_t mu;
    size_t used;
    char buf[4096];
};

void flush_sink(struct sink *s);

void write_all(struct sink *s, const char *p, size_t len)
{
    size_t remaining = len;
    while (remaining > 0) {
        pthread_mutex_lock(&s->mu);
        // JSON-DAG: FINDING lock-in-loop fn=write_all {{.*}}confidence=low
        size_t room = sizeof s->buf - s->used;
        size_t n = remaining < room ? remaining : room;
        memcpy(s->buf + s->used, p, n);
        s->used += n;
        if (s->used == sizeof s->buf)
            flush_sink(s);
        pthread_mutex_unlock(&s->mu);
        p += n;
        remaining -= n;
    }
}

struct table {
    pthread_mutex_t mu;
    size_t offset;
    size_t groups;
};

void append_into(struct table *t, size_t n);
void new_group(struct table *t);

int append_rows(struct table *t, size_t count)
{
    int grew = 0;
    size_t remaining = count;
    while (1) {
        size_t room = ROWS - t->offset;
        size_t n = remaining < room ? remaining : room;
        if (n > 0)
            append_into(t, n);
        remaining -= n;
        if (remaining > 0) {
            grew = 1;
            pthread_mutex_lock(&t->mu);
            // JSON-DAG: FINDING lock-in-loop fn=append_rows {{.*}}confidence=low
            new_group(t);
            pthread_mutex_unlock(&t->mu);
            continue;
        }
        break;
    }
    return grew;
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

void drain_rows(struct table *t, size_t count)
{
    size_t remaining = count;
    while (remaining > 0) {
        pthread_mutex_lock(&t->mu);
        // JSON-DAG: FINDING lock-in-loop fn=drain_rows {{.*}}confidence=low
        size_t n = min_size(remaining, ROWS - t->offset);
        t->offset += n;
        if (t->offset == ROWS)
            new_group(t);
        pthread_mutex_unlock(&t->mu);
        remaining -= n;
    }
}

void add_each(struct sink *s, const long *xs, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        pthread_mutex_lock(&s->mu);
        // CHECK-DAG: locks_loop_batched.c:[[@LINE-1]]:{{[0-9]+}}: remark: 'sink::mu' is locked and unlocked on every iteration
        // JSON-DAG: FINDING lock-in-loop fn=add_each {{.*}}}] executions_per_call=
        s->used += (size_t)xs[i];
        pthread_mutex_unlock(&s->mu);
    }
}

void spend(struct table *t, const size_t *cost, size_t count, size_t budget)
{
    for (size_t i = 0; i < count; i++) {
        size_t n = budget < cost[i] ? budget : cost[i];
        budget -= n;
        if (budget > (size_t)1 << 40)
            __builtin_trap();
        pthread_mutex_lock(&t->mu);
        // CHECK-DAG: locks_loop_batched.c:[[@LINE-1]]:{{[0-9]+}}: remark: 'table::mu' is locked and unlocked on every iteration
        // JSON-DAG: FINDING lock-in-loop fn=spend {{.*}}}] executions_per_call=
        t->offset += n;
        pthread_mutex_unlock(&t->mu);
    }
}

__attribute__((noinline)) static void put_locked(struct sink *s, const char *p, size_t n)
{
    pthread_mutex_lock(&s->mu);
    memcpy(s->buf, p, n);
    s->used = n;
    pthread_mutex_unlock(&s->mu);
}

void copy_through(struct sink *s, const char *p, size_t len, size_t room)
{
    size_t remaining = len;
    while (remaining > 0) {
        size_t n = remaining < room ? remaining : room;
        put_locked(s, p, n);
        // JSON-DAG: FINDING lock-in-loop fn=copy_through {{.*}}confidence=low
        p += n;
        remaining -= n;
    }
}

struct piece {
    const char *p;
    size_t len;
};

void gather(struct sink *s, const struct piece *pc, size_t total)
{
    size_t remaining = total;
    while (remaining > 0) {
        size_t n = remaining < pc->len ? remaining : pc->len;
        pthread_mutex_lock(&s->mu);
        // CHECK-DAG: locks_loop_batched.c:[[@LINE-1]]:{{[0-9]+}}: remark: 'sink::mu' is locked and unlocked on every iteration
        // JSON-DAG: FINDING lock-in-loop fn=gather {{.*}}}] executions_per_call=
        memcpy(s->buf, pc->p, n);
        pthread_mutex_unlock(&s->mu);
        remaining -= n;
        pc++;
    }
}

void trickle(struct sink *s, size_t total)
{
    size_t remaining = total;
    while (remaining > 0) {
        size_t n = remaining < 1 ? remaining : 1;
        pthread_mutex_lock(&s->mu);
        // CHECK-DAG: locks_loop_batched.c:[[@LINE-1]]:{{[0-9]+}}: remark: 'sink::mu' is locked and unlocked on every iteration
        // JSON-DAG: FINDING lock-in-loop fn=trickle {{.*}}}] executions_per_call=
        s->used += n;
        pthread_mutex_unlock(&s->mu);
        remaining -= n;
    }
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

void stretch(struct table *t, size_t count, size_t step)
{
    size_t remaining = count;
    while (remaining > 0) {
        pthread_mutex_lock(&t->mu);
        // CHECK-DAG: locks_loop_batched.c:[[@LINE-1]]:{{[0-9]+}}: remark: 'table::mu' is locked and unlocked on every iteration
        // JSON-DAG: FINDING lock-in-loop fn=stretch {{.*}}}] executions_per_call=
        t->offset++;
        pthread_mutex_unlock(&t->mu);
        remaining -= max_size(remaining, step);
    }
}
