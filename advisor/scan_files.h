/* advisor/scan_files.h — the findings files `perfadvise scan` owns, so that a
 * scan replaces the previous scan's results instead of adding to them.
 *   perfadvise scan -p build   (advisor/scan.c calls begin, then finish) */
#ifndef ADV_SCAN_FILES_H
#define ADV_SCAN_FILES_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* The manifest, a hidden file of the findings directory (the report skips
 * hidden files; JSON, though not named *.json so that no tool globbing
 * findings files picks it up): one entry per findings file the last scan wrote. */
#define ADV_SCAN_MANIFEST ".perfadvise-scan.manifest"
#define ADV_SCAN_MANIFEST_SCHEMA "perfadvise-scan-manifest/1"

typedef struct adv_scan_files {
    char dir[PATH_MAX];     /* the findings directory (absolute) */
    char staging[PATH_MAX]; /* where this scan's compiles write: a fresh hidden
                               directory inside dir, so every file in it is ours */
    size_t written;         /* files moved into dir by adv_scan_files_finish */
    size_t removed;         /* stale files of the previous scan it removed */
} adv_scan_files;

/* Create the staging directory inside findings_dir (which must exist).
 * Returns 0, or -1 with errno set. */
int adv_scan_files_begin(adv_scan_files *s, const char *findings_dir);

/* Move every findings file from the staging directory into the findings
 * directory and remove the staging directory. When complete (every
 * translation unit of the database was run), also remove the files the
 * previous scan's manifest lists that this scan did not write again, but
 * only those that are still the very file the scan wrote (same inode and
 * modification time): a file someone else wrote or replaced is never
 * touched. Then record what this scan owns in the manifest (when not
 * complete, the previous entries still owned stay in it). Returns 0, or -1
 * with errno set when a file could not be moved or the manifest written. */
int adv_scan_files_finish(adv_scan_files *s, bool complete);

/* Remove the staging directory and what the compiles left in it, without
 * touching the findings directory (the scan stopped before running). */
void adv_scan_files_abort(adv_scan_files *s);

#endif
