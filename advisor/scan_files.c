/* advisor/scan_files.c — the findings files `perfadvise scan` owns. The
 * compiles write into a fresh staging directory; the scan then moves the
 * files into the findings directory, removes the previous scan's files it
 * did not write again (a source removed from or renamed in the database),
 * and records what it owns in a manifest. See scan_files.h. */
#define _GNU_SOURCE
#include "scan_files.h"

#include "open_input.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAX_BYTES (64u * 1024 * 1024)

/* A file the scan wrote, as it was when written: a file of the same name
 * that is not this one (replaced since, by anyone) is not the scan's. */
typedef struct owned_file {
    char *name;
    uintmax_t ino;
    intmax_t mtime_sec;
    long mtime_nsec;
} owned_file;

typedef struct owned_list {
    owned_file *v;
    size_t n, cap;
} owned_list;

static int owned_add(owned_list *l, const char *name, uintmax_t ino, intmax_t sec, long nsec)
{
    owned_file *p = pa_array_reserve(l->v, &l->cap, l->n + 1, sizeof *p);
    if (!p)
        return -1;
    l->v = p;
    if (!(p[l->n].name = strdup(name)))
        return -1;
    p[l->n].ino = ino;
    p[l->n].mtime_sec = sec;
    p[l->n].mtime_nsec = nsec;
    l->n++;
    return 0;
}

static int owned_add_stat(owned_list *l, const char *name, const struct stat *st)
{
    return owned_add(l, name, (uintmax_t)st->st_ino, (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
}

static void owned_free(owned_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].name);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static bool owned_has(const owned_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0)
            return true;
    return false;
}

/* A manifest entry names a visible file directly inside the findings
 * directory; anything else (a path, "..", a hidden file) is never acted on,
 * whatever the manifest says. */
static bool plain_name(const char *name)
{
    return name && name[0] && name[0] != '.' && !strchr(name, '/');
}

/* Is dir/name still the regular file the scan wrote? */
static bool still_ours(const char *dir, const owned_file *f)
{
    char path[PATH_MAX];
    struct stat st;
    if (!plain_name(f->name) || snprintf(path, sizeof path, "%s/%s", dir, f->name) >= (int)sizeof path)
        return false;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_ino == f->ino &&
           (intmax_t)st.st_mtim.tv_sec == f->mtime_sec && st.st_mtim.tv_nsec == f->mtime_nsec;
}

/* ---- the manifest ------------------------------------------------------ */

/* Numbers as decimal strings: a JSON number (a double) cannot hold every
 * inode number exactly. */
static bool parse_umax(const cJSON *item, uintmax_t *out)
{
    const char *s = cJSON_GetStringValue(item);
    char *end;
    if (!s || !*s)
        return false;
    errno = 0;
    *out = strtoumax(s, &end, 10);
    return !*end && errno == 0;
}

/* The previous scan's entries. A missing or unreadable manifest is an empty
 * one: nothing is removed that the scan cannot prove it wrote. */
static void read_manifest(const char *dir, owned_list *out)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, ADV_SCAN_MANIFEST);
    size_t len = 0;
    char *text = adv_read_regular(path, MANIFEST_MAX_BYTES, &len, NULL);
    if (!text)
        return;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, NULL, 0);
    free(text);
    const char *schema = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "schema"));
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(doc, "files");
    const cJSON *e;
    if (schema && strcmp(schema, ADV_SCAN_MANIFEST_SCHEMA) == 0)
        cJSON_ArrayForEach(e, files)
        {
            const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "name"));
            uintmax_t ino, sec, nsec;
            if (plain_name(name) && parse_umax(cJSON_GetObjectItemCaseSensitive(e, "ino"), &ino) &&
                parse_umax(cJSON_GetObjectItemCaseSensitive(e, "mtime_sec"), &sec) &&
                parse_umax(cJSON_GetObjectItemCaseSensitive(e, "mtime_nsec"), &nsec) && nsec < 1000000000u &&
                owned_add(out, name, ino, (intmax_t)sec, (long)nsec) != 0)
                break; /* out of memory: the rest is simply not removed */
        }
    cJSON_Delete(doc);
}

static bool add_number_string(cJSON *obj, const char *key, uintmax_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIuMAX, v);
    return cJSON_AddStringToObject(obj, key, buf) != NULL;
}

static cJSON *manifest_json(const owned_list *l)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *files = cJSON_AddStringToObject(doc, "schema", ADV_SCAN_MANIFEST_SCHEMA)
                       ? cJSON_AddArrayToObject(doc, "files")
                       : NULL;
    if (!files)
        goto fail;
    for (size_t i = 0; i < l->n; i++) {
        cJSON *e = cJSON_CreateObject();
        if (!e || !cJSON_AddItemToArray(files, e))
            goto fail;
        if (!cJSON_AddStringToObject(e, "name", l->v[i].name) || !add_number_string(e, "ino", l->v[i].ino) ||
            !add_number_string(e, "mtime_sec", (uintmax_t)l->v[i].mtime_sec) ||
            !add_number_string(e, "mtime_nsec", (uintmax_t)l->v[i].mtime_nsec))
            goto fail;
    }
    return doc;
fail:
    cJSON_Delete(doc);
    return NULL;
}

/* Written to a temporary file and renamed, as findings files are: a scan
 * killed half-way leaves the previous manifest whole. */
static int write_manifest(const char *dir, const owned_list *l)
{
    char path[PATH_MAX], tmp[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%s", dir, ADV_SCAN_MANIFEST);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    cJSON *doc = manifest_json(l);
    char *text = doc ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (!text) {
        errno = ENOMEM;
        return -1;
    }
    FILE *fp = fopen(tmp, "w");
    int rc = -1;
    if (fp) {
        bool ok = fputs(text, fp) >= 0 && fputc('\n', fp) != EOF;
        ok = (fclose(fp) == 0) && ok;
        rc = ok && rename(tmp, path) == 0 ? 0 : -1;
        if (rc != 0)
            unlink(tmp);
    }
    free(text);
    return rc;
}

/* ---- staging ----------------------------------------------------------- */

int adv_scan_files_begin(adv_scan_files *s, const char *findings_dir)
{
    memset(s, 0, sizeof *s);
    if (snprintf(s->dir, sizeof s->dir, "%s", findings_dir) >= (int)sizeof s->dir ||
        snprintf(s->staging, sizeof s->staging, "%s/.perfadvise-scan-new.XXXXXX", findings_dir) >=
            (int)sizeof s->staging) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkdtemp(s->staging) ? 0 : -1;
}

/* Move each finished findings file from staging into the findings
 * directory and list it in now; delete what else the compiles left there
 * (temporary files of a compile that was killed). */
static int move_staged(adv_scan_files *s, owned_list *now)
{
    DIR *d = opendir(s->staging);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        char from[PATH_MAX], to[PATH_MAX];
        struct stat st;
        snprintf(from, sizeof from, "%s/%s", s->staging, name);
        if (!plain_name(name) || strstr(name, ".tmp.") || lstat(from, &st) != 0 || !S_ISREG(st.st_mode) ||
            snprintf(to, sizeof to, "%s/%s", s->dir, name) >= (int)sizeof to) {
            unlink(from);
            continue;
        }
        if (rename(from, to) != 0 || lstat(to, &st) != 0 || owned_add_stat(now, name, &st) != 0) {
            rc = -1;
            continue;
        }
        s->written++;
    }
    closedir(d);
    return rc;
}

void adv_scan_files_abort(adv_scan_files *s)
{
    DIR *d = opendir(s->staging);
    if (d) {
        struct dirent *de;
        char path[PATH_MAX];
        while ((de = readdir(d)) != NULL)
            if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0 &&
                snprintf(path, sizeof path, "%s/%s", s->staging, de->d_name) < (int)sizeof path)
                unlink(path);
        closedir(d);
    }
    rmdir(s->staging);
}

int adv_scan_files_finish(adv_scan_files *s, bool complete)
{
    owned_list before = {NULL, 0, 0}, now = {NULL, 0, 0};
    read_manifest(s->dir, &before);
    int rc = move_staged(s, &now);
    adv_scan_files_abort(s); /* only leftovers remain in staging */
    for (size_t i = 0; i < before.n; i++) {
        const owned_file *f = &before.v[i];
        if (owned_has(&now, f->name) || !still_ours(s->dir, f))
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", s->dir, f->name);
        if (complete && rc == 0 && unlink(path) == 0)
            s->removed++;
        else if (owned_add(&now, f->name, f->ino, f->mtime_sec, f->mtime_nsec) != 0)
            rc = -1; /* still ours: a later complete scan removes it */
    }
    if (write_manifest(s->dir, &now) != 0)
        rc = -1;
    owned_free(&before);
    owned_free(&now);
    return rc;
}
