/* advisor/names.c — readable paths for reports (function names:
 * pa_short_function, common/util.c). Exercised by tests/test_adv_names.c
 * and every renderer. */
#include "names.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

char *adv_path_normalize(const char *path, char *out, size_t n)
{
    if (n == 0)
        return out;
    bool abs = path[0] == '/';
    size_t len = 0;
    size_t marks[256]; /* start of each kept component in out */
    size_t depth = 0;
    out[0] = '\0';
    if (abs && n > 1) {
        out[len++] = '/';
        out[len] = '\0';
    }
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        const char *start = p;
        while (*p && *p != '/')
            p++;
        size_t clen = (size_t)(p - start);
        if (clen == 0 || (clen == 1 && start[0] == '.'))
            continue;
        if (clen == 2 && start[0] == '.' && start[1] == '.' && depth > 0 &&
            !(out[marks[depth - 1]] == '.' && out[marks[depth - 1] + 1] == '.' &&
              (marks[depth - 1] + 2 == len || out[marks[depth - 1] + 2] == '/'))) {
            len = marks[--depth];
            if (len > (abs ? 1u : 0u))
                len--; /* the '/' before it */
            out[len] = '\0';
            continue;
        }
        if (clen == 2 && start[0] == '.' && start[1] == '.' && abs && depth == 0)
            continue; /* "/.." is "/" */
        bool sep = len > 0 && out[len - 1] != '/';
        if (len + sep + clen + 1 > n)
            break;
        if (sep)
            out[len++] = '/';
        if (depth < sizeof marks / sizeof marks[0])
            marks[depth++] = len;
        memcpy(out + len, start, clen);
        len += clen;
        out[len] = '\0';
    }
    if (len == 0 && n > 1) {
        out[len++] = '.';
        out[len] = '\0';
    }
    return out;
}

const char *adv_path_under(const char *path, const char *root)
{
    size_t r = strlen(root);
    if (r == 0 || strncmp(path, root, r) != 0)
        return path;
    if (path[r] == '/' && path[r + 1])
        return path + r + 1;
    if (r == 1 && root[0] == '/' && path[1])
        return path + 1;
    return path;
}

void adv_path_common_dir(char *a, const char *b)
{
    size_t i = 0, last = 0;
    while (a[i] && a[i] == b[i]) {
        if (a[i] == '/')
            last = i;
        i++;
    }
    if ((a[i] == '\0' && (b[i] == '/' || b[i] == '\0')) && i > 0)
        last = i; /* a is itself a directory of b */
    a[last] = '\0';
}

