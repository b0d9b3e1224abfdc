// loop-realloc-growth: a string rewritten at a loop-invariant position on
// every iteration (strcpy / sprintf / fgets to buf + off, or memcpy to
// buf + off followed by the terminator) ends there: its length is reset to
// off plus this iteration's piece and does not grow with the iteration
// count, so the strlen or strcat that follows scans a bounded string. Like the
// reset at offset 0 (strcpy(line, ...)), no finding. The close variants that do
// accumulate stay reported: a copy to buf + strlen(buf), a strncpy to the
// start (it need not terminate, so the old tail stays), a guard terminator at
// a fixed position (it truncates nothing the appends did not already fit).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdio.h>
#include <string.h>

int consume(const char *s, int n);

/* strcpy at a fixed, non-constant offset: each trip sets the length to
 * off + strlen(alts[l]). */
int overwrite_at_offset(char *buf, int off, const char *const *alts, int nalts)
{
    int r = 0;
    for (int l = 0; l < nalts; l++) {
        strcpy(buf + off, alts[l]);
        r += consume(buf, (int)strlen(buf));
    }
    return r;
}

/* The same copy at the current end: the string grows every trip. */
int overwrite_at_end(char *buf, const char *const *alts, int nalts)
{
    int r = 0;
    for (int l = 0; l < nalts; l++) {
        strcpy(buf + strlen(buf), alts[l]);
        // REMARK: loopalloc_strcat_reset_offset.c:[[@LINE-1]]:22: remark: strlen + append (a strcat) appends to the same string on every iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-realloc-growth fn=overwrite_at_end at=loopalloc_strcat_reset_offset.c:[[@LINE-2]]:22 {{.*}}pattern=strlen-append
        r += consume(buf, 0);
    }
    return r;
}

/* Rebuilt from the start every trip: a prefix copied with strncpy (which
 * does not terminate), the rest copied after it with strcpy (which does),
 * then two strcat that scan only this trip's string. */
int rebuilt(char *buf, const char *word, const char *cut, const char *const *alts, int n,
            const char *tail)
{
    int r = 0;
    for (int j = n - 1; j >= 0; j--) {
        strncpy(buf, word, cut - word);
        strcpy(buf + (cut - word), alts[j]);
        strcat(buf, "-");
        strcat(buf, tail);
        r += consume(buf, 0);
    }
    return r;
}

/* Without the strcpy the strncpy leaves the old tail after the prefix and the
 * strcat keep appending to it. */
int rebuilt_unterminated(char *buf, const char *word, const char *cut, int n, const char *tail)
{
    int r = 0;
    for (int j = n - 1; j >= 0; j--) {
        strncpy(buf, word, cut - word);
        strcat(buf, tail);
        // REMARK: loopalloc_strcat_reset_offset.c:[[@LINE-1]]:9: remark: strcat appends to the same string on every iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-realloc-growth fn=rebuilt_unterminated at=loopalloc_strcat_reset_offset.c:[[@LINE-2]]:9 {{.*}}pattern=strcat
        r += consume(buf, 0);
    }
    return r;
}

/* sprintf to a fixed offset writes a terminated string there. */
int numbered(char *buf, size_t off, int n)
{
    int r = 0;
    for (int i = 0; i < n; i++) {
        sprintf(buf + off, "%d", i);
        strcat(buf, ";");
        r += consume(buf, 0);
    }
    return r;
}

/* sprintf to the end: the classic accumulating form. */
int numbered_at_end(char *buf, int n)
{
    int r = 0;
    for (int i = 0; i < n; i++) {
        sprintf(buf + strlen(buf), "%d,", i);
        // REMARK: loopalloc_strcat_reset_offset.c:[[@LINE-1]]:23: remark: strlen + append (a strcat) appends to the same string on every iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-realloc-growth fn=numbered_at_end at=loopalloc_strcat_reset_offset.c:[[@LINE-2]]:23 {{.*}}pattern=strlen-append
        r += consume(buf, 0);
    }
    return r;
}

/* memcpy to a fixed offset and the terminator after what it copied. */
int spliced(char *buf, size_t off, const char *const *alts, int n)
{
    int r = 0;
    char *at = buf + off;
    for (int i = 0; i < n; i++) {
        size_t k = strlen(alts[i]);
        memcpy(at, alts[i], k);
        at[k] = 0;
        strcat(buf, "!");
        r += consume(buf, 0);
    }
    return r;
}

/* The same memcpy without the terminator: the bytes land inside the string,
 * which keeps its length, and the strcat keep appending. */
int spliced_unterminated(char *buf, size_t off, const char *const *alts, int n)
{
    int r = 0;
    char *at = buf + off;
    for (int i = 0; i < n; i++) {
        memcpy(at, alts[i], 2);
        strcat(buf, "!");
        // REMARK: loopalloc_strcat_reset_offset.c:[[@LINE-1]]:9: remark: strlen + append (a strcat) appends to the same string on every iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-realloc-growth fn=spliced_unterminated at=loopalloc_strcat_reset_offset.c:[[@LINE-2]]:9 {{.*}}pattern=strlen-append
        r += consume(buf, 0);
    }
    return r;
}

/* fgets to a fixed offset: a fresh line after the prefix every trip. */
int prefixed_lines(char *buf, size_t off, FILE *f)
{
    int r = 0;
    while (fgets(buf + off, 100, f)) {
        strcat(buf, "|");
        r += consume(buf, 0);
    }
    return r;
}

/* A guard terminator at the end of the buffer: the appends still grow the
 * string up to it, every strncat rescans what the loop appended. */
int guarded(char *buf, size_t cap, const char *const *words, int n)
{
    for (int i = 0; i < n; i++) {
        strncat(buf, words[i], cap - strlen(buf) - 1);
        // REMARK: loopalloc_strcat_reset_offset.c:[[@LINE-1]]:9: remark: strncat appends to the same string on every iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-realloc-growth fn=guarded at=loopalloc_strcat_reset_offset.c:[[@LINE-2]]:9 {{.*}}pattern=strcat
        buf[cap - 1] = 0;
    }
    return consume(buf, 0);
}
