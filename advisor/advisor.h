/* advisor/advisor.h — the advisor's data: every finding of a build after
 * loading and de-duplication, the raw lock edges and function summaries the
 * whole-program joins need, and each finding's score. Exercised by
 * `perfadvise report build/` (advisor/main.c). */
#ifndef ADV_ADVISOR_H
#define ADV_ADVISOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "contract.h" /* PA_VERSION, schemas, pa_loc, finding kinds */
#include "kinds.h"    /* pa_level, pa_effort, the kind table */
#include "util.h"     /* pa_map */

/* How one finding was scored (advisor/score.c, docs/scoring.md). Reasons
 * are static strings. Every pass over the findings (and every page the
 * loader touches) scales with this struct, so what can be worked out again
 * is not kept: the return on effort (adv_score_return), the bases of the
 * estimate (from the kind and the fields below, in score.c) and the
 * evidence's trip_text and confidence_reason (adv_finding_evidence_string). */
typedef struct adv_score {
    double trip;             /* innermost trip count used, 0 when not in a loop */
    double executions;       /* estimated executions per call of the function */
    double unit_ns;          /* estimated cost of one execution */
    double multiplier;       /* contention / quadratic factor (1 when none) */
    double cost_ns;          /* executions * unit_ns * multiplier (* calls) */
    double cost_per_call_ns; /* cost_ns before the static profile scaled it */
    double calls;            /* calls of the function per call of a root (static profile,
                                advisor/profile.c); 1 without one. cost_ns includes it */
    long priority;
    const char *impact_reason;
    const char *effort_reason;
    const char *risk_reason;
    const char *profile_basis; /* where calls comes from and why it is rare, or NULL */
    unsigned loop_depth;       /* evidence loop_depth (capped) */
    bool trip_assumed;         /* trip count unknown: ADV_ASSUMED_TRIP used */
    bool from_compiler;        /* executions from the evidence's executions_per_call */
    bool guesses_capped;       /* impact capped at Medium for compounded guessed loop counts:
                                  its return on effort reads adv_score_ranked_cost */
    pa_level impact;
    pa_effort effort;
    pa_level risk;
    int confidence; /* pa_level from the evidence, -1 when it states none */
} adv_score;

typedef struct adv_finding {
    char id[17];
    int kind; /* pa_finding_kind; PA_F_KIND_COUNT for a kind this advisor does not know */
    const char *kind_name;
    const char *remark; /* "missed", "analysis", "warning" */
    const char *function;
    const char *function_demangled;
    const char *message;
    pa_loc loc;
    pa_loc origin;      /* file NULL when not inlined from a header */
    unsigned tu;         /* index into adv_set.tus of the first TU reporting it */
    unsigned tu_count;   /* how many TUs reported the same id */
    bool cross_tu;       /* made by the advisor's whole-program join */
    bool folded;         /* one defect with a higher-ranked finding, listed in its entry */
    /* adv_is_test_code's answer, worked out once by the loader thread that
     * prepared the finding (the main thread asked it ~120,000 times on the
     * bench): ADV_TEST_UNKNOWN (0, so any finding made elsewhere asks the
     * names), ADV_TEST_NO or ADV_TEST_YES. Fits in padding. */
    unsigned char test_code;
    bool scored; /* score is filled (adv_score_finding); here, in padding, not after
                    error_path: 8 bytes less a finding */
    bool candidate; /* a loop-alloc whose evidence names callee_elsewhere: the
                       cross-TU join (fresh_join.c) keeps or drops it. In padding */
    const char *shown_file;     /* loc.file as the report shows it (relative to the root), or NULL */
    const char *shown_function; /* function_demangled shortened for reading, or NULL */
    /* The evidence object: loaded findings keep it packed (evidence.h) and
     * get a tree, owned here, only when adv_finding_evidence builds one;
     * findings the advisor makes own a tree from the start. */
    cJSON *evidence;
    const unsigned char *evidence_packed; /* in the set's arena, or NULL */
    const char *error_path; /* where its error path ends (profile.h), or NULL */
    adv_score score;
} adv_finding;

enum { ADV_TEST_UNKNOWN = 0, ADV_TEST_NO = 1, ADV_TEST_YES = 2 };

typedef struct adv_tu {
    const char *path;      /* findings file */
    const char *source;    /* tu.source */
    const char *directory; /* tu.directory, may be NULL */
} adv_tu;

typedef struct adv_lock_edge {
    const char *outer, *inner;
    const char *function;
    const char *callee; /* NULL unless via_call */
    pa_loc loc, outer_loc;
    const char **held; /* every lock held at the acquisition (the outer one included) */
    size_t nheld;
    unsigned tu;
    bool via_call;
} adv_lock_edge;

/* One function's critical sections of one lock class (lock_sections). */
typedef struct adv_section {
    const char *cls;
    const char *prim;
    const char *function, *demangled;
    pa_loc loc;
    unsigned tu;
    double sections, read_only, shared, executions;
    bool in_loop;
} adv_section;

typedef struct adv_call_under_lock {
    const char *callee;
    const char **held;
    size_t nheld;
    pa_loc loc;
    uint32_t nonnull_args; /* bit i: pointer argument i is known not to be NULL there */
} adv_call_under_lock;

/* A call made on most iterations of a loop, handed a new element each time,
 * to a function of another TU (the summary's loop_calls). */
typedef struct adv_loop_call {
    const char *callee;
    pa_loc loc;
    uint32_t invariant_args; /* bit i: argument i is the same on every iteration */
    uint32_t zero_args;      /* bit i: argument i is the constant 0 */
    const char *trips;       /* "n iterations", "unknown trip count" */
    double executions;       /* executions_per_call of the call, < 0 unknown */
    int loop_depth;
    bool calls_back; /* the loop also calls through a function pointer */
    bool batched;    /* each pass takes a batch of what remains (pa_loop.batched) */
    /* The loop's other named calls (loop_callees) and the share of its
     * iterations that make each: whether one of them waits somewhere in
     * the program (lockgraph.c). callees_truncated: the list is cut. */
    const char **callees;
    double *callee_share;
    size_t ncallees;
    bool callees_truncated;
} adv_loop_call;

/* A lock a function takes and releases on most of its calls (lock_calls). */
typedef struct adv_lock_call {
    const char *cls;
    int param; /* reached from this parameter, -1 a named lock */
    int needs_param; /* taken only when this parameter is non-zero, -1 */
    double chance;
} adv_lock_call;

typedef struct adv_summary {
    const char *name;
    const char *demangled;
    unsigned tu;
    const char **locks;
    size_t nlocks;
    int *lock_null_param; /* per lock: taken only when this parameter is NULL
                             (the summary's locks_if_null), -1 always; NULL: none */
    const char **calls;
    size_t ncalls;
    adv_call_under_lock *cul;
    size_t ncul;
    adv_loop_call *loop_calls;
    size_t nloop_calls;
    adv_lock_call *lock_calls;
    size_t nlock_calls;
    bool may_block;
    double block_chance; /* chance per call of reaching the blocking call its TU knows
                            (1 when may_block and the file does not say), 0 none */
} adv_summary;

/* A function of external linkage whose summary says it returns fresh
 * memory on every path and builds no structure (returns_allocation, not
 * builds_structure): what confirms another TU's loop-alloc candidate
 * (evidence callee_elsewhere, advisor/fresh_join.c). */
typedef struct adv_fresh_fn {
    const char *name; /* interned */
    unsigned tu;
    /* Fresh only if these functions of other TUs are (returns_fresh_from):
     * interned names in the set's arena; none for returns_allocation. */
    const char **from;
    unsigned nfrom;
    bool null_answer; /* returns NULL as an answer on some paths (returns_null_answer):
                         fresh memory on some calls only */
} adv_fresh_fn;

/* A member lock's name where its class is only declared, and its name
 * (findings files' member_names): display only, never a join key. */
typedef struct adv_member_name {
    const char *opaque; /* "rocksdb::DBImpl::<byte 2040>" */
    const char *member; /* "rocksdb::DBImpl::log_write_mutex_" */
} adv_member_name;

struct adv_arena;
struct adv_profile;

/* Everything loaded from a build. Strings live in the arena. */
typedef struct adv_set {
    adv_finding *items;
    size_t count, cap;
    adv_tu *tus;
    size_t ntus, cap_tus;
    adv_lock_edge *edges;
    size_t nedges, cap_edges;
    adv_summary *sums;
    size_t nsums, cap_sums;
    adv_section *sections;
    size_t nsections, cap_sections;
    adv_fresh_fn *fresh_fns;
    size_t nfresh_fns, cap_fresh_fns;
    adv_member_name *member_names;
    size_t nmember_names, cap_member_names;
    /* Lock classes some file saw taken again by the callees of their
     * holders (findings files' api_locks), each once. */
    const char **api_locks;
    size_t napi_locks, cap_api_locks;
    size_t candidates; /* findings with candidate set */
    size_t duplicates; /* findings merged into an earlier one with the same id */
    size_t invalid_utf8; /* bytes of invalid UTF-8 in the files loaded (shown as '?') */
    size_t scored_prefix; /* items[0..scored_prefix) are known to be scored */
    struct adv_arena *arena;
    struct adv_profile
        *profile; /* static profile from the summaries (advisor/profile.h), or NULL */
    pa_map ids; /* hash of id -> index into items (look up with adv_set_find) */
} adv_set;

/* A report: the set, plus the filtered and ordered view the renderers print. */
typedef struct adv_summary_stats {
    size_t files_loaded, files_skipped;
    size_t findings;            /* in the view, before --top */
    size_t by_impact[3];        /* indexed by pa_level */
    size_t listed;              /* after --top */
    size_t hidden_unsure;       /* below --confidence, not in the view */
    size_t hidden_tests;        /* in test or mock code without --tests */
    size_t suppressed;          /* silenced by a perfadvise: ignore comment */
    const char *root;           /* paths are shown relative to it ("" none) */
    int score;                  /* 0..100, docs/scoring.md */
    const char *status;         /* "PASS" or "NEEDS_OPTIMIZATION" */
} adv_summary_stats;

struct adv_lockgraph;

typedef struct adv_report {
    const adv_set *set;
    adv_finding **view; /* sorted by priority; first stats.listed are rendered */
    size_t nview;
    adv_summary_stats stats;
    const struct adv_lockgraph *graph; /* may be NULL */
} adv_report;

/* The file and function name a report shows (advisor/names.h). */
static inline const char *adv_file_of(const adv_finding *f)
{
    return f->shown_file ? f->shown_file : f->loc.file;
}

static inline const char *adv_function_of(const adv_finding *f)
{
    return f->shown_function ? f->shown_function : f->function_demangled;
}

#endif
