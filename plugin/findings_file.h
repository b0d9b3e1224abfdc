/* plugin/findings_file.h — write the per-TU findings file
 * (docs/findings-format.md) atomically: temp file + rename. */
#ifndef PA_FINDINGS_FILE_H
#define PA_FINDINGS_FILE_H

#include "findings.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct pa_tu_info {
    const char *source;    /* module source path */
    const char *directory; /* compilation directory or NULL */
    const char *triple;    /* target triple, part of the file name hash */
    const char *flags_hash; /* 16 hex digits (plugin/cmdline.h) or NULL; part of the name */
    const char *llvm_version;
    bool debug_info;
    bool optnone;
} pa_tu_info;

/* The findings document as a cJSON tree (caller deletes), NULL on out of
 * memory. r may be NULL for an empty findings list. r's lock edges, lock
 * sections and summaries move into the document (r keeps empty ones; free
 * r as usual): the writer frees r next, and copying sqlite3.c's summaries
 * cost more than printing them. */
cJSON *pa_findings_take_json(const pa_tu_info *tu, pa_report *r);

/* Write the findings document json (printed unformatted, json_len bytes)
 * into dir (created if missing, like mkdir -p) as
 * <source basename>.<hash>.json, the hash of source, directory, triple and
 * flags hash. On failure returns -1 and puts a message
 * naming the path and the reason in err; returns 0 on success and the
 * final path in path_out (may be NULL). The file has cJSON_Print's layout
 * (common/json_pretty.h) without a second print of the tree. */
int pa_findings_write_json(const char *dir, const pa_tu_info *tu, const char *json, size_t json_len,
                           char *path_out, size_t path_len, char *err, size_t err_len);

#endif
