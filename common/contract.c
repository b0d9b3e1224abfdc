/* common/contract.c — finding ids, remark-type names, the thread starters
 * and which lock class names are whole-program names (contract.h). */
#include "contract.h"

#include "kinds.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

const char *pa_remark_type_name(pa_remark_type t)
{
    switch (t) {
    case PA_REMARK_MISSED: return "missed";
    case PA_REMARK_ANALYSIS: return "analysis";
    default: return "warning";
    }
}

void pa_finding_id(pa_finding_kind kind, const char *function, const pa_loc *loc, char out[17])
{
    uint64_t h = PA_HASH_INIT;
    const pa_kind_row *row = pa_kind_row_of(kind);
    const char *k = row ? row->kind : "?";
    /* The NUL separators keep ("ab","c") and ("a","bc") apart. */
    h = pa_hash_bytes(h, k, strlen(k) + 1);
    if (function)
        h = pa_hash_bytes(h, function, strlen(function) + 1);
    const char *file = pa_path_basename(loc ? loc->file : NULL, "");
    h = pa_hash_bytes(h, file, strlen(file) + 1);
    unsigned lc[2] = {loc ? loc->line : 0, loc ? loc->column : 0};
    h = pa_hash_bytes(h, lc, sizeof lc);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static const pa_thread_starter thread_starters[] = {
    {"pthread_create", 2},      {"thrd_create", 1},  {"uv_thread_create", 1},
    {"uv_thread_create_ex", 2}, {"g_thread_new", 1}, {"g_thread_try_new", 1},
};

const pa_thread_starter *pa_thread_starter_at(size_t i)
{
    return i < sizeof thread_starters / sizeof thread_starters[0] ? &thread_starters[i] : NULL;
}

int pa_thread_starter_index(const char *name)
{
    for (size_t i = 0; name && pa_thread_starter_at(i); i++)
        if (strcmp(name, thread_starters[i].name) == 0)
            return (int)i;
    return -1;
}

/* "T::<byte N>" or "T.<byte N>", maybe with "[]" (an array of them), at
 * the end of name: a member of a class the TU only declares. Not a
 * template argument such as Pool<byte *>. */
static bool offset_member_name(const char *name)
{
    for (const char *p = strstr(name, "<byte "); p; p = strstr(p + 1, "<byte ")) {
        if (!(p - name >= 2 && p[-1] == ':' && p[-2] == ':') && !(p > name && p[-1] == '.'))
            continue;
        const char *d = p + 6;
        while (*d >= '0' && *d <= '9')
            d++;
        if (d > p + 6 && *d == '>' && (d[1] == '\0' || strcmp(d + 1, "[]") == 0))
            return true;
    }
    return false;
}

bool pa_lock_class_whole_program(const char *name)
{
    /* The forms of passes/lock_names.c: "param#N+OFF", "*(param#N+OFF)+OFF",
     * "unknown lock in f()", a field without a name, "unknown lock", and a
     * member of a class only declared, "T::<byte N>" (the plugin's bridge). */
    return name && *name && !strstr(name, "param#") && strncmp(name, "unknown lock", 12) != 0 &&
           !offset_member_name(name);
}
