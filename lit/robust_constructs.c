// Robustness: C constructs that produce unusual IR (setjmp, computed goto,
// irreducible loops, VLAs, alloca, inline asm, varargs, atomics, cleanup
// attributes, locks through function pointers, recursion, noreturn, vectors)
// compile with the plugin under many flag sets: exit 0, no perfadvise warning
// or crash, a valid findings file without internal-error, and -O2 code
// identical to the compile without the plugin.
// RUN: rm -rf %t && mkdir -p %t
// RUN: i=0; for flags in "-O0" "-O0 -g" "-O1 -g" "-O2 -g" "-O3 -g" "-Os" "-Oz -g" \
// RUN:     "-O2 -g -fno-inline" "-O2 -g -fPIC -ffunction-sections" "-O2 -g -funroll-loops" \
// RUN:     "-O2 -g -fsanitize=address" "-O2 -g -fsanitize=undefined" "-O2 -gline-tables-only" \
// RUN:     "-O2 -g -fprofile-instr-generate -fcoverage-mapping" "-O2 -g -fstack-protector-all" \
// RUN:     "-O2 -g -mavx2 -fno-omit-frame-pointer" "-O2 -g -fno-exceptions -fwrapv" "-O2 -g -std=c2x"; do \
// RUN:   i=$((i+1)); mkdir -p %t/f$i; \
// RUN:   env PERFADVISE_OUTPUT_DIR=%t/f$i %clang $flags -w %pa -c %s -o %t/o$i.o 2> %t/err$i \
// RUN:     || { echo "FAIL exit with: $flags"; cat %t/err$i; exit 1; }; \
// RUN:   if grep -E 'perfadvise|Sanitizer|runtime error' %t/err$i; then echo "FAIL output with: $flags"; exit 1; fi; \
// RUN:   test "$(ls %t/f$i | wc -l)" -eq 1 || { echo "FAIL no findings file with: $flags"; exit 1; }; \
// RUN:   %python %srcroot/lit/tools/findings_validate.py --counts %t/f$i > %t/v$i \
// RUN:     || { echo "FAIL invalid findings with: $flags"; cat %t/v$i; exit 1; }; \
// RUN:   if grep -q internal-error %t/v$i; then echo "FAIL internal-error with: $flags"; exit 1; fi; \
// RUN:   echo "ok $flags"; done | FileCheck %s --check-prefix=FLAGS
// FLAGS-COUNT-18: ok
// FLAGS-NOT: FAIL
//
// -O2 code is unchanged by the plugin: the object differs only by its
// .perfadvise section (the embedded findings).
// RUN: %plain-clang -O2 -g -w -c %s -o %t/plain.o
// RUN: env PERFADVISE_OUTPUT_DIR=%t/f0 %clang -O2 -g -w %pa -c %s -o %t/pa.o
// RUN: llvm-objcopy %t/plain.o %t/plain.copied.o && llvm-objcopy --remove-section=.perfadvise %t/pa.o %t/pa.stripped.o
// RUN: cmp %t/plain.copied.o %t/pa.stripped.o
//
// ThinLTO pre-link (bitcode output) must not break either.
// RUN: env PERFADVISE_OUTPUT_DIR=%t/lto %clang -O2 -g -w -flto=thin %pa -c %s -o %t/lto.o
// RUN: test -s %t/lto.o
//
// The analyses still see the ordinary parts of this file at -O2.
// RUN: %jq %t/f0 | FileCheck %s --check-prefix=JSON
// JSON-DAG: FINDING {{[a-z-]+}} fn=alloc_in_loop_with_setjmp
// JSON-DAG: FINDING {{[a-z-]+}} fn=lock_then_alloc
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sink(void *);
static jmp_buf g_env;
static pthread_mutex_t g_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t g_m2 = PTHREAD_MUTEX_INITIALIZER;

int alloc_in_loop_with_setjmp(int n)
{
    volatile int done = 0;
    if (setjmp(g_env))
        return done;
    for (int i = 0; i < n; i++) {
        char *p = malloc(32);
        sink(p);
        free(p);
        done++;
    }
    return done;
}

_Noreturn void bail(void) { longjmp(g_env, 1); }

int computed_goto(const unsigned char *code, int n)
{
    static void *table[] = {&&op_inc, &&op_dec, &&op_end};
    int acc = 0, pc = 0;
    if (n <= 0)
        return 0;
    goto *table[code[pc] % 3];
op_inc:
    acc++;
    if (++pc < n)
        goto *table[code[pc] % 3];
    return acc;
op_dec:
    acc--;
    if (++pc < n)
        goto *table[code[pc] % 3];
    return acc;
op_end:
    return acc;
}

int irreducible(int a, int n)
{
    int x = 0;
    if (a)
        goto inside;
    while (x < n) {
        x += 2;
    inside:
        x += 1;
        if (x == 7)
            break;
    }
    return x;
}

int vla_and_alloca(int n)
{
    char vla[n > 0 ? n : 1];
    char *a = __builtin_alloca(n > 0 ? (size_t)n : 1u);
    memset(vla, 1, sizeof vla);
    memset(a, 2, n > 0 ? (size_t)n : 1u);
    sink(vla);
    sink(a);
    return vla[0] + a[0];
}

int with_asm(int x)
{
    int y;
#if defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("mov %1, %0" : "=r"(y) : "r"(x) : "memory");
#else
    y = x;
#endif
    return y;
}

int sum_varargs(int n, ...)
{
    va_list ap;
    int s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static _Atomic long g_counter;
long atomics(int n)
{
    for (int i = 0; i < n; i++)
        atomic_fetch_add_explicit(&g_counter, 1, memory_order_relaxed);
    long expected = 0;
    atomic_compare_exchange_strong(&g_counter, &expected, 5);
    return atomic_load(&g_counter);
}

static void unlock_cleanup(pthread_mutex_t **m) { pthread_mutex_unlock(*m); }
int cleanup_unlock(int x)
{
    pthread_mutex_t *held __attribute__((cleanup(unlock_cleanup))) = &g_m;
    pthread_mutex_lock(held);
    if (x > 3)
        return x * 2;
    return x;
}

typedef int (*lock_fn)(pthread_mutex_t *);
int lock_through_pointer(lock_fn lk, lock_fn unlk, int v)
{
    lk(&g_m);
    v += 1;
    unlk(&g_m);
    return v;
}

void *lock_then_alloc(size_t n)
{
    pthread_mutex_lock(&g_m);
    pthread_mutex_lock(&g_m2);
    void *p = malloc(n);
    pthread_mutex_unlock(&g_m2);
    pthread_mutex_unlock(&g_m);
    return p;
}

int lock_in_recursion(int depth)
{
    if (depth <= 0)
        return 0;
    pthread_mutex_lock(&g_m);
    int r = depth;
    pthread_mutex_unlock(&g_m);
    return r + lock_in_recursion(depth - 1);
}

int unlock_without_lock(void) { return pthread_mutex_unlock(&g_m2); }

int mutex_array(pthread_mutex_t *locks, int i, int j)
{
    pthread_mutex_lock(&locks[i]);
    pthread_mutex_lock(&locks[j]);
    pthread_mutex_unlock(&locks[j]);
    pthread_mutex_unlock(&locks[i]);
    return i + j;
}

typedef float v4f __attribute__((vector_size(16)));
v4f vectors(v4f a, v4f b) { return a * b + a; }

_Complex double complex_math(_Complex double z) { return z * z; }

struct big { char bytes[4096]; int tail; };
int big_by_value(struct big b) { return b.tail + b.bytes[100]; }

void *realloc_chain(void *p, int n)
{
    for (int i = 0; i < n; i++) {
        void *q = realloc(p, (size_t)(i + 1) * 16);
        if (!q) {
            free(p);
            return NULL;
        }
        p = q;
    }
    return p;
}

int switch_many(int x)
{
    switch (x) {
    case 0: return 10; case 1: return 11; case 2: return 12; case 3: return 13;
    case 4: return 14; case 5: return 15; case 6: return 16; case 7: return 17;
    case 100: return 1; case 1000: return 2; case 10000: return 3;
    default: __builtin_unreachable();
    }
}

void infinite_worker(void)
{
    for (;;) {
        pthread_mutex_lock(&g_m);
        char *p = malloc(8);
        sink(p);
        pthread_mutex_unlock(&g_m);
    }
}

int call_weak(int (*fp)(void)) { return fp ? fp() : -1; }
__attribute__((weak)) int weak_fn(void) { return 3; }
int uses_weak(void) { return call_weak(weak_fn); }

char *strdup_loop(const char **names, int n)
{
    char *last = NULL;
    for (int i = 0; i < n; i++) {
        free(last);
        last = strdup(names[i]);
    }
    return last;
}
