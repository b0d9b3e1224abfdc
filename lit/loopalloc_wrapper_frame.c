// Findings live at the user's line, not in the body of an allocator wrapper
// inlined into it (issue 10 items 4 and 6). proj_realloc is the project's
// reallocator (named in the configuration file) and stays a call;
// proj_realloc64, a public wrapper that only forwards to it (named in the
// configuration too), and grow_mem (a static wrapper that only forwards,
// named nowhere) are inlined into helpers, which are inlined into the loops
// of the functions reported. The finding is at the innermost frame that is
// not the wrapper: the helper's call of the wrapper. A helper that does more
// than forward (it initialises what it allocates) is where the allocation is,
// and stays the finding's line.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g -Xclang -load -Xclang %plugin %pa -Rpass-missed=perfadvise-loopalloc -mllvm -perfadvise-config=%S/Inputs/config/wrapped.perfadvise -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
// The evidence lists the calls from the reported line out to the function's
// own line (inlined_at, innermost first).
// RUN: %jq %t.d | FileCheck %s --check-prefix=CHAIN
#include <stddef.h>
#include <string.h>

int proj_initialize(void);
void *proj_realloc_impl(void *p, size_t n);
void *proj_malloc(size_t n);

// The project's allocator: too big to inline, and named in the configuration.
__attribute__((noinline)) void *proj_realloc(void *p, size_t n) {
    if (n > ((size_t)1 << 40))
        return NULL;
    return proj_realloc_impl(p, n);
}

// Public wrappers: they only forward to the project's allocator.
void *proj_realloc64(void *p, unsigned long long n) {
    if (proj_initialize())
        return NULL;
    return proj_realloc(p, (size_t)n);
}

static void *grow_mem(void *p, size_t n) {
    if (proj_initialize())
        return NULL;
    return proj_realloc(p, n);
}

struct entry {
    const char *key;
    int len;
};

// A helper whose loop grows a local array by 16 pointers when full, inlined
// into its caller (as SQLite's sqlite3Fts3SegReaderPending).
static int collect_matches(struct entry *es, int n, const char *prefix, int plen,
                           struct entry ***out) {
    struct entry **a = NULL;
    int na = 0, nalloc = 0;
    for (int i = 0; i < n; i++) {
        if (es[i].len < plen || memcmp(es[i].key, prefix, (size_t)plen) != 0)
            continue;
        if (na == nalloc) {
            nalloc += 16;
            struct entry **a2 = proj_realloc64(a, (unsigned long long)nalloc * sizeof *a2);
            // CHECK: loopalloc_wrapper_frame.c:[[@LINE-1]]:{{[0-9]+}}: remark: realloc grows the buffer by 128 bytes at a time
            // JSON: FINDING loop-realloc-growth fn=open_cursor at=loopalloc_wrapper_frame.c:[[@LINE-2]]:
            if (!a2)
                return -1;
            a = a2;
        }
        a[na++] = &es[i];
    }
    *out = a;
    return na;
}

int open_cursor(struct entry *es, int n, const char *prefix, struct entry ***out) {
    int plen = (int)strlen(prefix);
    return collect_matches(es, n, prefix, plen, out);
}

// The same through the static wrapper nobody named.
static int collect_matches2(struct entry *es, int n, const char *prefix, int plen,
                            struct entry ***out) {
    struct entry **a = NULL;
    int na = 0, nalloc = 0;
    for (int i = 0; i < n; i++) {
        if (es[i].len < plen || memcmp(es[i].key, prefix, (size_t)plen) != 0)
            continue;
        if (na == nalloc) {
            nalloc += 16;
            struct entry **a2 = grow_mem(a, (size_t)nalloc * sizeof *a2);
            // CHECK: loopalloc_wrapper_frame.c:[[@LINE-1]]:{{[0-9]+}}: remark: realloc grows the buffer by 128 bytes at a time
            // JSON: FINDING loop-realloc-growth fn=open_cursor2 at=loopalloc_wrapper_frame.c:[[@LINE-2]]:
            if (!a2)
                return -1;
            a = a2;
        }
        a[na++] = &es[i];
    }
    *out = a;
    return na;
}

int open_cursor2(struct entry *es, int n, const char *prefix, struct entry ***out) {
    int plen = (int)strlen(prefix);
    return collect_matches2(es, n, prefix, plen, out);
}

// A helper without a loop that grows one level's array by nextra segments
// and keeps it, called from the loop of another inlined helper (SQLite's
// fts5StructureExtendLevel from fts5StructurePromoteTo). The loop is
// promote_to's: the finding is at its call of extend_level, the line in
// the loop's own function, with the chain out to promote.
struct seg {
    int first, last;
};
struct level {
    int nseg;
    struct seg *segs;
};

static void extend_level(int *rc, struct level *lvl, int nextra) {
    if (*rc)
        return;
    struct seg *s = proj_realloc64(lvl->segs, (unsigned long long)(lvl->nseg + nextra) * sizeof *s);
    if (s)
        lvl->segs = s;
    else
        *rc = 1;
}

static void promote_to(int *rc, struct level *out, struct level *from, int maxsz) {
    for (int i = from->nseg - 1; i >= 0; i--) {
        if (from->segs[i].last - from->segs[i].first > maxsz)
            return;
        extend_level(rc, out, 1);
        // CHECK: loopalloc_wrapper_frame.c:[[@LINE-1]]:9: remark: realloc asks for exactly the new length each time in a loop (depth 2, trip count unknown)
        // JSON: FINDING loop-realloc-growth fn=promote at=loopalloc_wrapper_frame.c:[[@LINE-2]]:9
        // CHAIN: FINDING loop-realloc-growth fn=promote at=loopalloc_wrapper_frame.c:[[@LINE-3]]:9 {{.*}}inlined_at=[{"column": {{[0-9]+}}, "file": "{{[^"]*}}loopalloc_wrapper_frame.c",
        if (*rc)
            return;
        out->segs[out->nseg++] = from->segs[i];
        from->nseg--;
    }
}

void promote(int *rc, struct level *lvls, int nlvl, int maxsz) {
    for (int l = 1; l < nlvl; l++)
        promote_to(rc, &lvls[0], &lvls[l], maxsz);
    // CHAIN-SAME: "line": [[@LINE-1]]}]
}

// Non-finding for the wrapper rule: new_buf allocates and writes a header
// into the block it returns, so it does more than forward; its line is the
// finding's. The loop counts down from n - 1: its trip count is n, not the
// counter's name.
void proj_free(void *p);
void fill(char *b, int i);
void consume(const char *b);

static char *new_buf(size_t n) {
    char *b = proj_malloc(n + 1);
    // CHECK: loopalloc_wrapper_frame.c:[[@LINE-1]]:{{[0-9]+}}: remark: proj_malloc runs once per iteration of a loop (depth 1, trip count at most n)
    // JSON: FINDING loop-alloc fn=render at=loopalloc_wrapper_frame.c:[[@LINE-2]]:
    if (b)
        b[0] = '\0';
    return b;
}

static void render_all(const size_t *lens, int n) {
    for (int i = n - 1; i >= 0; i--) {
        char *b = new_buf(lens[i]);
        if (!b)
            return;
        fill(b, i);
        consume(b);
        proj_free(b);
    }
}

void render(const size_t *lens, int n) {
    render_all(lens, n);
}
