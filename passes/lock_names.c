/* passes/lock_names.c — lock class names from facts (see lock_names.h).
 * Tested by tests/test_model.c and tests/test_locks.c; seen in
 * PERFADVISE_DUMP_MODEL=1 output and in every lock finding. */
#include "lock_names.h"

#include "catalog.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

bool pa_lock_field_is_member(const char *field)
{
    return field && strchr(field, '.') && !pa_catalog_names_lock_type(field);
}

const char *pa_lock_display_name(const char *name, pa_class_kind kind, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    if (!name)
        name = "";
    if (kind != PA_CLASS_FIELD || !pa_lock_field_is_member(name)) {
        snprintf(buf, size, "%s", name);
        return buf;
    }
    name = pa_skip_type_tags(name);
    /* The type ends at the first '.' outside template arguments. */
    int depth = 0;
    const char *dot = NULL;
    for (const char *p = name; *p && !dot; p++) {
        if (*p == '<')
            depth++;
        else if (*p == '>' && depth > 0)
            depth--;
        else if (*p == '.' && depth == 0)
            dot = p;
    }
    if (!dot)
        snprintf(buf, size, "%s", name);
    else
        snprintf(buf, size, "%.*s::%s", (int)(dot - name), name, dot + 1);
    /* Members of anonymous unions and structs are written without them. */
    for (char *anon; (anon = strstr(buf, ".<anonymous>")) != NULL;)
        memmove(anon, anon + 12, strlen(anon + 12) + 1);
    for (char *anon; (anon = strstr(buf, "::<anonymous>.")) != NULL;)
        memmove(anon + 2, anon + 14, strlen(anon + 14) + 1);
    return buf;
}

/* "" for 0, "+?" when unknown, else the signed offset ("+8", "-8"). */
static const char *offset_text(int64_t off, char *buf, size_t n)
{
    if (off == PA_UNKNOWN_SIZE)
        snprintf(buf, n, "+?");
    else if (off != 0)
        snprintf(buf, n, "%+lld", (long long)off);
    else
        buf[0] = '\0';
    return buf;
}

const char *pa_lock_offset_name(const char *base, int64_t off, char *buf, size_t size)
{
    char suffix[32];
    if (size > 0)
        snprintf(buf, size, "%s%s", base ? base : "", offset_text(off, suffix, sizeof suffix));
    return buf;
}

const char *pa_lock_member_name(const char *base, const char *field, char *buf, size_t size)
{
    const char *member = field ? strrchr(field, '.') : NULL;
    if (size > 0)
        snprintf(buf, size, "%s%s", base ? base : "", member ? member : "");
    return buf;
}

const char *pa_lock_param_name(int param, int64_t off0, bool deref, int64_t off1, char *buf,
                               size_t size)
{
    char a[32], b[32];
    if (size == 0)
        return buf;
    offset_text(off0, a, sizeof a);
    if (deref)
        snprintf(buf, size, "*(param#%d%s)%s", param, a, offset_text(off1, b, sizeof b));
    else
        snprintf(buf, size, "param#%d%s", param, a);
    return buf;
}

const char *pa_lock_param_name2(int param, int64_t off0, int64_t off1, int64_t off2, char *buf,
                                size_t size)
{
    char a[32], b[32], c[32];
    if (size > 0)
        snprintf(buf, size, "*(*(param#%d%s)%s)%s", param, offset_text(off0, a, sizeof a),
                 offset_text(off1, b, sizeof b), offset_text(off2, c, sizeof c));
    return buf;
}

const char *pa_lock_class_name(const pa_lock_class *cls, const char *source_file,
                               const char *function, char *buf, size_t size)
{
    char suffix[32];
    if (size == 0)
        return buf;
    const char *fn = function ? function : "?";
    const char *sym = cls->symbol ? cls->symbol : "<global>";
    offset_text(cls->offset, suffix, sizeof suffix);
    switch (cls->kind) {
    case PA_CLASS_GLOBAL:
        if (cls->loaded_from_global && cls->field)
            snprintf(buf, size, "*%s", cls->field); /* the handle kept in mem0.mutex */
        else if (cls->loaded_from_global)
            snprintf(buf, size, "*%s%s", sym, suffix);
        else
            snprintf(buf, size, "%s%s%s%s", cls->is_static ? pa_path_basename(source_file, "") : "",
                     cls->is_static ? ":" : "", cls->field ? cls->field : sym,
                     cls->field ? "" : suffix);
        break;
    case PA_CLASS_FIELD: snprintf(buf, size, "%s", cls->field ? cls->field : "unknown lock"); break;
    case PA_CLASS_PARAM:
        pa_lock_param_name(cls->param_index, cls->offset, false, 0, buf, size);
        break;
    case PA_CLASS_LOCAL:
        snprintf(buf, size, "%s:%s%s", fn,
                 cls->field ? cls->field : (cls->local ? cls->local : "<local>"),
                 cls->field ? "" : suffix);
        break;
    case PA_CLASS_UNKNOWN: snprintf(buf, size, "unknown lock in %s()%s", fn, suffix); break;
    default: buf[0] = '\0'; break;
    }
    return buf;
}
