// loop-realloc-growth: stores that shorten a string are not appends. A store
// of '\0' never makes a string longer (s[strlen(s) - 1] = 0 trims the line
// end), and a write at a pointer walking down from the end (the tail shifted
// to make room or to close a gap) touches what is already there. A line
// buffer refilled by fgets every iteration is reset like strcpy(line, ...).
// The close variants that do append stay reported: a character stored at
// s + strlen(s), a copy that starts just below the end (it runs past it), the
// lines appended to a second string.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdio.h>
#include <string.h>

int handle(const char *line);

static void chomp(char *s)
{
    int k = (int)strlen(s);
    if (k > 0 && (s[k - 1] == '\r' || s[k - 1] == '\n'))
        s[k - 1] = '\0';
    if (k > 1 && s[k - 2] == '\r')
        s[k - 2] = '\0';
}

/* fgets overwrites the line each trip, chomp only shortens it. */
int count_lines(FILE *f)
{
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line - 1, f)) {
        chomp(line);
        n += handle(line);
    }
    return n;
}

/* The same lines appended to a second string: that one grows. */
int join_lines(FILE *f, char *all)
{
    char line[256];
    while (fgets(line, sizeof line - 1, f)) {
        chomp(line);
        strcat(all, line);
        // REMARK: loopalloc_strcat_truncate.c:[[@LINE-1]]:9: remark: strcat appends to the same string on every iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-realloc-growth fn=join_lines at=loopalloc_strcat_truncate.c:[[@LINE-2]]:9 {{.*}}pattern=strcat string=all
    }
    return handle(all);
}

/* Trim trailing blanks one at a time: every trip shortens the string. */
void rtrim(char *s)
{
    size_t n;
    while ((n = strlen(s)) > 0 && s[n - 1] == ' ')
        s[n - 1] = '\0';
}

/* The same with an int length: the index s + (k - 1) is no visible
 * subtraction once widened, but what is stored is a '\0'. */
void strip_eol(char *s)
{
    int k;
    while ((k = (int)strlen(s)) > 0 && (s[k - 1] == '\n' || s[k - 1] == '\r'))
        s[k - 1] = '\0';
}

/* Pad with blanks one at a time: every trip stores past the end. */
void pad(char *s, size_t width)
{
    size_t n;
    while ((n = strlen(s)) < width) {
        // REMARK: loopalloc_strcat_truncate.c:[[@LINE-1]]:17: remark: strlen + append (a strcat) appends to the same string on every iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-realloc-growth fn=pad at=loopalloc_strcat_truncate.c:[[@LINE-2]]:17 {{.*}}pattern=strlen-append string=s
        s[n] = ' ';
        s[n + 1] = '\0';
    }
}

/* A copy that starts one below the end replaces the last character and
 * runs past the end: an append. */
int json_list(char *buf, const int *v, int n)
{
    strcpy(buf, "[]");
    for (int i = 0; i < n; i++)
        sprintf(buf + strlen(buf) - 1, "%d,]", v[i]);
    // REMARK: loopalloc_strcat_truncate.c:[[@LINE-1]]:23: remark: strlen + append (a strcat) appends to the same string on every iteration{{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-realloc-growth fn=json_list at=loopalloc_strcat_truncate.c:[[@LINE-2]]:23 {{.*}}pattern=strlen-append string=buf
    return handle(buf);
}

/* Replace every pat by rep in place: the tail is shifted left (shorter rep,
 * then a new terminator) or right (a walk down from the end); the string is
 * never appended to. */
char *replace_all(char *word, const char *pat, const char *rep)
{
    char *pos = strstr(word, pat);
    if (pos) {
        int replen = (int)strlen(rep);
        int patlen = (int)strlen(pat);
        while (pos) {
            if (replen < patlen) {
                char *end = word + strlen(word);
                char *next = pos + replen;
                char *prev = pos + patlen;
                for (; prev < end; *next = *prev, prev++, next++)
                    ;
                *next = '\0';
            } else if (replen > patlen) {
                char *end = pos + patlen;
                char *next = word + strlen(word) + replen - patlen;
                char *prev = next - replen + patlen;
                for (; prev >= end; *next = *prev, prev--, next--)
                    ;
            }
            strncpy(pos, rep, replen);
            pos = strstr(word, pat);
        }
    }
    return word;
}
