/* plugin/findings_file.c — the per-TU findings file, written atomically so
 * parallel builds never leave a torn file. */
#include "findings_file.h"

#include "json_pretty.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static cJSON *finding_to_json(const pa_finding *fd)
{
    const pa_kind_row *ki = pa_kind_row_of(fd->kind);
    cJSON *o = cJSON_CreateObject();
    if (!o || !ki)
        goto fail;
    cJSON_AddStringToObject(o, "id", fd->id);
    cJSON_AddStringToObject(o, "kind", ki->kind);
    cJSON_AddStringToObject(o, "remark", pa_remark_type_name(ki->remark));
    cJSON_AddStringToObject(o, "pass", ki->pass);
    cJSON_AddStringToObject(o, "function", fd->function ? fd->function : "");
    cJSON_AddStringToObject(o, "function_demangled",
                            fd->function_demangled ? fd->function_demangled : (fd->function ? fd->function : ""));
    if (!pa_json_add_loc(o, "location", &fd->loc))
        goto fail;
    if (fd->origin.file && !pa_json_add_loc(o, "origin", &fd->origin))
        goto fail;
    cJSON_AddStringToObject(o, "message", fd->message ? fd->message : "");
    cJSON *ev = fd->evidence ? cJSON_Duplicate(fd->evidence, 1) : cJSON_CreateObject();
    if (!ev)
        goto fail;
    cJSON_AddItemToObject(o, "evidence", ev);
    return o;
fail:
    cJSON_Delete(o);
    return NULL;
}

/* r's tree `*from`, moved out: an empty one of the same type is left in r.
 * NULL on out of memory (r unchanged). */
static cJSON *take(cJSON **from)
{
    cJSON *empty = cJSON_IsArray(*from) ? cJSON_CreateArray() : cJSON_CreateObject();
    if (!empty)
        return NULL;
    cJSON *t = *from;
    *from = empty;
    return t;
}

cJSON *pa_findings_take_json(const pa_tu_info *tu, pa_report *r)
{
    cJSON *doc = cJSON_CreateObject();
    if (!doc)
        return NULL;
    cJSON_AddStringToObject(doc, "schema", PA_SCHEMA_FINDINGS);
    cJSON *tool = cJSON_AddObjectToObject(doc, "tool");
    cJSON_AddStringToObject(tool, "name", "perfadvise");
    cJSON_AddStringToObject(tool, "version", PA_VERSION);
    cJSON_AddStringToObject(tool, "llvm", tu->llvm_version ? tu->llvm_version : "unknown");
    cJSON *t = cJSON_AddObjectToObject(doc, "tu");
    cJSON_AddStringToObject(t, "source", tu->source ? tu->source : "");
    if (tu->directory)
        cJSON_AddStringToObject(t, "directory", tu->directory);
    else
        cJSON_AddNullToObject(t, "directory");
    if (tu->flags_hash)
        cJSON_AddStringToObject(t, "flags_hash", tu->flags_hash);
    cJSON_AddBoolToObject(t, "debug_info", tu->debug_info);
    cJSON_AddBoolToObject(t, "optnone", tu->optnone);
    cJSON *arr = cJSON_AddArrayToObject(doc, "findings");
    if (!tool || !t || !arr)
        goto fail;
    for (size_t i = 0; r && i < r->count; i++) {
        cJSON *f = finding_to_json(&r->items[i]);
        if (!f)
            goto fail;
        cJSON_AddItemToArray(arr, f);
    }
    cJSON *edges = r ? take(&r->lock_edges) : cJSON_CreateArray();
    cJSON *sections = r ? take(&r->lock_sections) : cJSON_CreateArray();
    cJSON *sums = r ? take(&r->summaries) : cJSON_CreateObject();
    if (!edges || !sections || !sums) {
        cJSON_Delete(edges);
        cJSON_Delete(sections);
        cJSON_Delete(sums);
        goto fail;
    }
    cJSON_AddItemToObject(doc, "lock_edges", edges);
    cJSON_AddItemToObject(doc, "lock_sections", sections);
    cJSON_AddItemToObject(doc, "summaries", sums);
    /* Only C++ files with member locks have any: C files stay as they were. */
    if (r && r->member_names && cJSON_GetArraySize(r->member_names) > 0)
        cJSON_AddItemToObject(doc, "member_names", take(&r->member_names));
    /* Only files with a re-entered lock have any. */
    if (r && r->api_locks && cJSON_GetArraySize(r->api_locks) > 0)
        cJSON_AddItemToObject(doc, "api_locks", take(&r->api_locks));
    return doc;
fail:
    cJSON_Delete(doc);
    return NULL;
}

static int mkdir_p(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path)
        return -1;
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return -1;
        path[i] = saved;
    }
    return 0;
}

/* FNV-1a over the strings, each with its NUL as separator. */
static unsigned long long hash_strings(const char *const *s, size_t n)
{
    uint64_t h = PA_HASH_INIT;
    for (size_t i = 0; i < n; i++) {
        const char *p = s[i] ? s[i] : "";
        h = pa_hash_bytes(h, p, strlen(p) + 1);
    }
    return (unsigned long long)h;
}

int pa_findings_write_json(const char *dir, const pa_tu_info *tu, const char *json, size_t json_len,
                           char *path_out, size_t path_len, char *err, size_t err_len)
{
    char final_path[4096], tmp_path[4200];
    char *text = NULL;
    FILE *fp = NULL;
    if (mkdir_p(dir) != 0) {
        snprintf(err, err_len, "cannot create findings directory '%s': %s", dir, strerror(errno));
        return -1;
    }
    const char *src = tu->source && *tu->source ? tu->source : "unknown";
    const char *base = pa_path_basename(src, src);
    const char *parts[] = {tu->source, tu->directory, tu->triple, tu->flags_hash};
    snprintf(final_path, sizeof final_path, "%s/%s.%016llx.json", dir, base,
             hash_strings(parts, tu->flags_hash ? 4 : 3));
    snprintf(tmp_path, sizeof tmp_path, "%s.tmp.%ld", final_path, (long)getpid());
    size_t len = 0;
    text = pa_json_pretty(json, json_len, &len);
    if (!text) {
        snprintf(err, err_len, "out of memory while writing '%s'", final_path);
        goto fail;
    }
    fp = fopen(tmp_path, "w");
    if (!fp) {
        snprintf(err, err_len, "cannot write '%s': %s", tmp_path, strerror(errno));
        goto fail;
    }
    if (fwrite(text, 1, len, fp) != len || fputc('\n', fp) == EOF) {
        snprintf(err, err_len, "cannot write '%s': %s", tmp_path, strerror(errno));
        goto fail;
    }
    if (fclose(fp) != 0) {
        fp = NULL;
        snprintf(err, err_len, "cannot write '%s': %s", tmp_path, strerror(errno));
        goto fail;
    }
    fp = NULL;
    if (rename(tmp_path, final_path) != 0) {
        snprintf(err, err_len, "cannot rename '%s' to '%s': %s", tmp_path, final_path, strerror(errno));
        goto fail;
    }
    if (path_out)
        snprintf(path_out, path_len, "%s", final_path);
    free(text);
    return 0;
fail:
    if (fp)
        fclose(fp);
    remove(tmp_path);
    free(text);
    return -1;
}
