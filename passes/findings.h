/* passes/findings.h — what the analyses produce for one translation unit:
 * findings (one struct each), nested lock-acquisition edges and per-function
 * summaries. plugin/ turns a pa_report into remarks and the JSON findings file
 * (docs/findings-format.md). Evidence and summaries are cJSON objects so each
 * analysis can add its own facts without a schema change in C. */
#ifndef PA_FINDINGS_H
#define PA_FINDINGS_H

#include "contract.h"
#include "kinds.h"
#include "model.h"
#include "util.h" /* pa_map */

#include <cjson/cJSON.h>

typedef struct pa_finding {
    pa_finding_kind kind;
    const char *function;           /* linkage name (borrowed from the model) */
    const char *function_demangled; /* borrowed */
    pa_loc loc;                     /* borrowed strings */
    pa_loc origin;                  /* header location when inlined; file NULL otherwise */
    unsigned inline_depth;
    void *handle;  /* instruction for the remark (op handle), may be NULL */
    const pa_function *fn; /* the reporting function in the model that made it, or NULL */
    int op;                /* the op it was reported at in fn, or PA_NONE */
    char *message; /* owned: one line, what + why + fix */
    cJSON *evidence; /* owned object: facts behind the finding */
    char id[17];     /* stable hex id, set by pa_report_add */
} pa_finding;

typedef struct pa_report {
    pa_finding *items;
    size_t count, cap;
    cJSON *lock_edges;    /* owned array; see docs/findings-format.md */
    cJSON *lock_sections; /* owned array: critical sections per class and function */
    cJSON *summaries;  /* owned object: function name -> summary object */
    cJSON *member_names; /* owned array or NULL (none): C++ member locks' names for the
                            files where their class is only declared (lock analysis) */
    cJSON *api_locks;    /* owned array or NULL (none): lock classes the callees of their
                            holders take again (lock analysis; the advisor's cycles) */
    /* summaries by name (pa_report_find_summary): the first of equal names,
     * as cJSON_GetObjectItemCaseSensitive finds it. Children appended by
     * anyone are indexed at the next lookup; none may be removed while the
     * report is still looked up in (the driver's merge removes them from a
     * report it then frees). */
    pa_map summary_index;
    const cJSON *summary_indexed; /* the last child indexed, or NULL */
} pa_report;

/* A candidate only the advisor can confirm, with what another file's
 * summary says (a loop-alloc whose callee is defined elsewhere: evidence
 * callee_elsewhere). It is written to the findings file but is no remark:
 * at compile time it may be false. */
bool pa_finding_is_candidate(const pa_finding *fd);

/* Initialise an empty report. Returns 0, or -1 on out of memory. */
int pa_report_init(pa_report *r);
void pa_report_free(pa_report *r);

/* Append a finding for function f at op (op may be PA_NONE: the function's
 * location is used). The message is printf-formatted. The evidence object is
 * created empty; fill it through the returned pointer, which stays valid
 * until the next pa_report_add. Returns NULL on out of memory. */
pa_finding *pa_report_add(pa_report *r, pa_finding_kind kind, const pa_function *f, int op,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Move the findings of `from` into `to`, range k being from's items
 * first[k] .. first[k] + count[k], ranges in the order given: an analysis
 * that finds in another order than it reports (callees first) keeps each
 * function's findings apart and hands them over in the module's order.
 * The ranges cover each of from's findings once; from keeps its summaries
 * and sections but no findings. Returns 0, or -1 on out of memory (nothing
 * moved). */
int pa_report_take_ranges(pa_report *to, pa_report *from, const size_t *first, const size_t *count,
                          size_t nranges);

/* Summary object for function f, created on first use. NULL on out of memory. */
cJSON *pa_report_summary(pa_report *r, const pa_function *f);
/* The same by name. */
cJSON *pa_report_summary_named(pa_report *r, const char *name);
/* The summary named `name`, or NULL: cJSON_GetObjectItemCaseSensitive on
 * r->summaries through a hash index (a linear search per function made the
 * lock analysis's summaries a third of its time on sqlite3.c). */
cJSON *pa_report_find_summary(pa_report *r, const char *name);

/* Add a location object {file,line,column} under key. Returns the object or NULL. */
cJSON *pa_json_add_loc(cJSON *obj, const char *key, const pa_loc *loc);

/* Add the trip-count facts of loop l: trip_count (number or null),
 * trip_text, max_trip_count (only a useful bound), max_trip_text. */
void pa_json_add_trip(cJSON *ev, const pa_loop *l);

/* Mark a finding's evidence with how sure the analysis is ("high",
 * "medium", "low") and why. A low one is shown as an analysis remark and the
 * advisor lists it only on request (--confidence low). */
void pa_json_add_confidence(cJSON *ev, const char *level, const char *reason);
/* The same, replacing a confidence an analysis gave before (a later pass
 * that knows more: a lock entered again, an error path). */
void pa_json_replace_confidence(cJSON *ev, const char *level, const char *reason);

/* An execution estimate as the findings file stores it: six significant
 * digits, so 0.0044 stays 0.0044 (never 0) and 20.000000000000423 prints
 * as 20. Non-finite or negative input is returned unchanged. */
double pa_estimate_digits(double x);

/* A function's name as a message shows it: the readable (demangled) name
 * without its parameter list, then "()" (`rocksdb::DB::AddFile()`, not the
 * whole signature; template arguments stay). The full name is the
 * finding's `function_demangled`. */
void pa_message_function_name(char *out, size_t n, const char *name);

/* The same name without the "()" (a callee named before its arguments). */
void pa_function_name_without_parameters(char *out, size_t n, const char *name);

/* Add the loop facts of block b of f: loop_depth, executions_per_call (the
 * block's estimated frequency, pa_estimate_digits; null when not finite)
 * and pa_json_add_trip of its innermost loop. Out-of-range ids add nothing. */
void pa_json_add_loop_facts(cJSON *ev, const pa_function *f, int block);

/* Drop findings whose id repeats an earlier one (the optimiser may peel or
 * duplicate an instruction: one source site, one finding), keeping the
 * first. Returns how many were dropped, or -1 on out of memory. */
long pa_report_dedupe(pa_report *r);

/* Number of findings of a kind (tests and summaries). */
size_t pa_report_count_kind(const pa_report *r, pa_finding_kind kind);

#endif
