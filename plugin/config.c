/* plugin/config.c — find, read and parse the project configuration file
 * (docs/config.md) into a project catalogue. Plain C and POSIX: no compiler
 * header, so every front end shares it. A bad entry is skipped with a
 * message naming FILE:LINE; nothing here aborts or exits. */
#include "config.h"

#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KINDS "allocator, reallocator, deallocator, lock, trylock, unlock, condwait or blocking"

/* ---- locating the file ----------------------------------------------------- */

static bool regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int copy_out(const char *s, char *out, size_t outlen)
{
    int n = snprintf(out, outlen, "%s", s);
    return n >= 0 && (size_t)n < outlen;
}

int pa_config_locate(const char *option, const char *env, const char *source_file, const char *cwd,
                     char *out, size_t outlen)
{
    const char *given = option && *option ? option : env && *env ? env : NULL;
    if (given)
        return strcmp(given, "none") == 0 ? 0 : copy_out(given, out, outlen);
    if (!source_file || !*source_file)
        return 0;
    char dir[PATH_MAX];
    int n = source_file[0] == '/' || !cwd ? snprintf(dir, sizeof dir, "%s", source_file)
                                          : snprintf(dir, sizeof dir, "%s/%s", cwd, source_file);
    if (n < 0 || (size_t)n >= sizeof dir)
        return 0;
    /* Drop the file name, then try each directory up to the root. */
    for (int depth = 0; depth < 128; depth++) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            return 0;
        *slash = '\0';
        static const char *const names[] = {".perfadvise", "perfadvise.conf"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            char path[PATH_MAX];
            n = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            if (n > 0 && (size_t)n < sizeof path && regular_file(path))
                return copy_out(path, out, outlen);
        }
        if (dir[0] == '\0')
            return 0; /* that was the root */
    }
    return 0;
}

/* ---- diagnostics ------------------------------------------------------------ */

static int diag(pa_config *cfg, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int diag(pa_config *cfg, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **p = pa_array_reserve(cfg->diags, &cfg->capdiags, cfg->ndiags + 1, sizeof *p);
    if (!p)
        return -1;
    cfg->diags = p;
    size_t len = strlen(buf) + 1;
    char *copy = malloc(len);
    if (!copy)
        return -1;
    memcpy(copy, buf, len);
    cfg->diags[cfg->ndiags++] = copy;
    return 0;
}

/* ---- one entry -------------------------------------------------------------- */

typedef struct kind_row {
    const char *word;
    pa_cat_role role;
    const char *keys; /* accepted keys, for the message */
} kind_row;

static const kind_row kinds[] = {
    {"allocator", PA_CAT_ALLOC, "size, count"},
    {"reallocator", PA_CAT_REALLOC, "ptr, size"},
    {"deallocator", PA_CAT_FREE, "ptr"},
    {"lock", PA_CAT_LOCK, "arg, shared, recursive"},
    {"trylock", PA_CAT_TRYLOCK, "arg, shared, success, recursive"},
    {"unlock", PA_CAT_UNLOCK, "arg, shared"},
    {"condwait", PA_CAT_BLOCKING, "mutex, why"},
    {"blocking", PA_CAT_BLOCKING, "why"},
};

/* An argument number: 0..63. */
static bool parse_index(const char *s, int *out)
{
    if (!isdigit((unsigned char)s[0]))
        return false;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0 || v > 63)
        return false;
    *out = (int)v;
    return true;
}

/* Split the next whitespace-separated token off *p (NUL-terminating it). */
static char *next_token(char **p)
{
    char *s = *p;
    while (*s && isspace((unsigned char)*s))
        s++;
    if (!*s) {
        *p = s;
        return NULL;
    }
    char *t = s;
    while (*s && !isspace((unsigned char)*s))
        s++;
    if (*s)
        *s++ = '\0';
    *p = s;
    return t;
}

/* Parse one line (comments stripped). 0: done (entry added or diagnosed),
 * -1: out of memory. */
static int parse_line(pa_config *cfg, const char *path, unsigned line, char *text)
{
    char *p = text;
    char *word = next_token(&p);
    if (!word)
        return 0; /* blank */
    const kind_row *k = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].word, word) == 0)
            k = &kinds[i];
    if (!k)
        return diag(cfg, "%s:%u: unknown entry kind '%s' (expected " KINDS "); entry ignored", path,
                    line, word);
    char *name = next_token(&p);
    if (!name)
        return diag(cfg, "%s:%u: '%s' needs a function name; entry ignored", path, line, k->word);
    pa_cat_entry e;
    memset(&e, 0, sizeof e);
    e.name = name;
    e.role = k->role;
    e.size_arg = e.size_arg2 = e.ptr_arg = PA_NONE;
    e.line = line;
    bool condwait = strcmp(k->word, "condwait") == 0;
    switch (k->role) {
    case PA_CAT_ALLOC: e.allocator = PA_ALLOCATOR_PROJECT; break;
    case PA_CAT_REALLOC:
        e.allocator = PA_ALLOCATOR_REALLOC;
        e.ptr_arg = 0;
        e.size_arg = 1;
        break;
    case PA_CAT_FREE: e.ptr_arg = 0; break;
    case PA_CAT_LOCK:
    case PA_CAT_TRYLOCK:
    case PA_CAT_UNLOCK:
        e.prim = PA_PRIM_PROJECT;
        e.ptr_arg = 0;
        break;
    default:
        e.ptr_arg = condwait ? 1 : PA_NONE;
        e.why = condwait ? "waits on a condition variable" : "may block";
        break;
    }
    char *tok;
    while ((tok = next_token(&p)) != NULL) {
        char *eq = strchr(tok, '=');
        const char *key = tok;
        char *val = eq ? eq + 1 : NULL;
        size_t klen = eq ? (size_t)(eq - tok) : strlen(tok);
        int *target = NULL;
#define KEY(s) (klen == sizeof(s) - 1 && strncmp(key, s, klen) == 0)
        if (KEY("size") && (k->role == PA_CAT_ALLOC || k->role == PA_CAT_REALLOC))
            target = &e.size_arg;
        else if (KEY("count") && k->role == PA_CAT_ALLOC)
            target = &e.size_arg2;
        else if (KEY("ptr") && (k->role == PA_CAT_REALLOC || k->role == PA_CAT_FREE))
            target = &e.ptr_arg;
        else if (KEY("arg") && e.prim == PA_PRIM_PROJECT)
            target = &e.ptr_arg;
        else if (KEY("mutex") && condwait && val && strcmp(val, "held") == 0) {
            e.wait_held = true;
            e.ptr_arg = PA_NONE;
            continue;
        } else if (KEY("mutex") && condwait)
            target = &e.ptr_arg;
        else if (KEY("shared") && !val && e.prim == PA_PRIM_PROJECT) {
            e.shared = true;
            continue;
        } else if (KEY("recursive") && !val &&
                   (k->role == PA_CAT_LOCK || k->role == PA_CAT_TRYLOCK)) {
            e.recursive = true; /* its owner may take it again: no double lock */
            continue;
        } else if (KEY("success") && val && k->role == PA_CAT_TRYLOCK) {
            if (strcmp(val, "zero") == 0)
                e.success_true = false;
            else if (strcmp(val, "nonzero") == 0)
                e.success_true = true;
            else
                return diag(cfg, "%s:%u: '%s': expected zero or nonzero; entry ignored", path, line,
                            tok);
            continue;
        } else if (KEY("why") && val && k->role == PA_CAT_BLOCKING) {
            /* The rest of the line is the reason. */
            if (*p) {
                val[strlen(val)] = ' ';
                p[strcspn(p, "\r\n")] = '\0';
            }
            while (*val && isspace((unsigned char)*val))
                val++;
            size_t n = strlen(val);
            while (n > 0 && isspace((unsigned char)val[n - 1]))
                val[--n] = '\0';
            e.why = *val ? val : e.why;
            break;
        }
#undef KEY
        if (!target)
            return diag(cfg, "%s:%u: unknown key '%.*s' for %s (expected %s); entry ignored", path,
                        line, (int)klen, key, k->word, k->keys);
        if (!val || !parse_index(val, target))
            return diag(cfg,
                        "%s:%u: '%s': expected an argument number (0 for the first argument)%s; "
                        "entry ignored",
                        path, line, tok, target == &e.ptr_arg && condwait ? " or held" : "");
    }
    const pa_cat_entry *old = pa_catalog_find_project(&cfg->catalog, e.name);
    if (old)
        return diag(cfg, "%s:%u: '%s' is already named at line %u; entry ignored", path, line,
                    e.name, old->line);
    return pa_catalog_add(&cfg->catalog, &e) ? 0 : -1;
}

int pa_config_parse(pa_config *cfg, const char *path, const char *text)
{
    if (!cfg->path) {
        size_t n = strlen(path) + 1;
        cfg->path = malloc(n);
        if (!cfg->path)
            return -1;
        memcpy(cfg->path, path, n);
    }
    unsigned line = 0;
    const char *s = text;
    while (*s) {
        size_t len = strcspn(s, "\n");
        line++;
        char buf[1024];
        if (len >= sizeof buf) {
            if (diag(cfg, "%s:%u: line longer than %zu characters; entry ignored", path, line,
                     sizeof buf - 1) != 0)
                return -1;
        } else {
            memcpy(buf, s, len);
            buf[len] = '\0';
            buf[strcspn(buf, "#\r")] = '\0';
            if (parse_line(cfg, path, line, buf) != 0)
                return -1;
        }
        s += len;
        if (*s == '\n')
            s++;
    }
    return 0;
}

int pa_config_load(pa_config *cfg, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return diag(
            cfg, "cannot read configuration file %s (%s); no project allocators or locks from it",
            path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    int rc = 0;
    if (!text) {
        fclose(f);
        return -1;
    }
    for (;;) {
        if (cap - n < 2048) {
            char *p = cap > ((size_t)1 << 24) ? NULL : realloc(text, cap * 2);
            if (!p) {
                rc = cap > ((size_t)1 << 24) ? diag(cfg, "%s: larger than 16 MiB; not read", path)
                                             : -1;
                goto out;
            }
            text = p;
            cap *= 2;
        }
        size_t got = fread(text + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        rc = diag(cfg,
                  "cannot read configuration file %s (read error); no project allocators or locks "
                  "from it",
                  path);
        goto out;
    }
    text[n] = '\0';
    if (memchr(text, '\0', n)) {
        rc = diag(cfg, "%s: not a text file; not read", path);
        goto out;
    }
    rc = pa_config_parse(cfg, path, text);
out:
    free(text);
    fclose(f);
    return rc;
}

void pa_config_free(pa_config *cfg)
{
    if (!cfg)
        return;
    pa_catalog_clear(&cfg->catalog);
    for (size_t i = 0; i < cfg->ndiags; i++)
        free(cfg->diags[i]);
    free(cfg->diags);
    free(cfg->path);
    memset(cfg, 0, sizeof *cfg);
}
