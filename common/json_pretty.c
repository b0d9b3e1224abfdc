/* common/json_pretty.c — compact JSON laid out as cJSON_Print would (see
 * json_pretty.h). One pass over the text: strings and numbers are copied as
 * they are, brackets, colons and commas get cJSON's whitespace. */
#include "json_pretty.h"

#include "util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct out_buf {
    char *p;
    size_t n, cap;
    bool oom;
} out_buf;

static void grow(out_buf *b, size_t more)
{
    if (b->oom)
        return;
    char *p = pa_array_reserve(b->p, &b->cap, b->n + more + 1, 1);
    if (!p)
        b->oom = true;
    else
        b->p = p;
}

static void put(out_buf *b, const char *s, size_t n)
{
    grow(b, n);
    if (b->oom)
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void put_tabs(out_buf *b, size_t n)
{
    grow(b, n);
    if (b->oom)
        return;
    memset(b->p + b->n, '\t', n);
    b->n += n;
}

/* Deeper than cJSON nests (CJSON_NESTING_LIMIT 1000) never comes from it. */
#define MAX_DEPTH 1024

char *pa_json_pretty(const char *compact, size_t len, size_t *out_len)
{
    out_buf b = {NULL, 0, 0, false};
    /* What each open bracket is: true for an object. cJSON's depth counts
     * arrays too, and an object's members are indented by that depth. */
    bool object[MAX_DEPTH];
    size_t depth = 0;
    grow(&b, len + len / 4);
    for (size_t i = 0; i < len && !b.oom; i++) {
        char c = compact[i];
        switch (c) {
        case '"': {
            /* A string (key or value), escapes and all, as it is: up to
             * the first quote after an even run of backslashes (memchr:
             * the strings are most of a findings file's 4 MB). */
            size_t j = i + 1;
            for (;;) {
                const char *q = memchr(compact + j, '"', len - j);
                if (!q) {
                    j = len;
                    break;
                }
                size_t at = (size_t)(q - compact), slashes = 0;
                while (at - slashes > i + 1 && compact[at - slashes - 1] == '\\')
                    slashes++;
                if (slashes % 2 == 0) {
                    j = at;
                    break;
                }
                j = at + 1;
            }
            put(&b, compact + i, (j < len ? j + 1 : len) - i);
            i = j;
            break;
        }
        case '{':
            if (depth < MAX_DEPTH)
                object[depth] = true;
            depth++;
            put(&b, "{\n", 2);
            if (i + 1 < len && compact[i + 1] != '}')
                put_tabs(&b, depth);
            break;
        case '[':
            if (depth < MAX_DEPTH)
                object[depth] = false;
            depth++;
            put(&b, "[", 1);
            break;
        case '}':
            /* After the last member its newline; an empty object has only
             * the one after the brace. */
            if (i > 0 && compact[i - 1] != '{')
                put(&b, "\n", 1);
            put_tabs(&b, depth ? depth - 1 : 0);
            put(&b, "}", 1);
            if (depth)
                depth--;
            break;
        case ']':
            put(&b, "]", 1);
            if (depth)
                depth--;
            break;
        case ':':
            put(&b, ":\t", 2);
            break;
        case ',':
            if (depth && depth <= MAX_DEPTH && object[depth - 1]) {
                put(&b, ",\n", 2);
                put_tabs(&b, depth);
            } else {
                put(&b, ", ", 2);
            }
            break;
        default: {
            /* A number or a literal: up to the next structural character. */
            size_t j = i;
            while (j < len && !strchr(",:]}", compact[j]))
                j++;
            put(&b, compact + i, j - i);
            i = j - 1;
            break;
        }
        }
    }
    grow(&b, 0);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    b.p[b.n] = '\0';
    if (out_len)
        *out_len = b.n;
    return b.p;
}
