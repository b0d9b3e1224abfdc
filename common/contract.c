/* common/contract.c — finding ids and remark-type names (contract.h). */
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
