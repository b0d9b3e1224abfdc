/* advisor/score.c — the scoring model (docs/scoring.md is its specification:
 * change both together). Impact comes from an estimate of nanoseconds per
 * call of the enclosing function; effort and risk from the kind of change the
 * fix needs; priority orders the report.
 * Exercised by tests/test_adv_score.c and `perfadvise explain ID`. */
#include "score.h"

#include "escape_text.h"
#include "evidence.h"
#include "json_get.h"
#include "kinds.h"
#include "merge.h"
#include "numfmt.h"
#include "profile.h"
#include "util.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const level_names[] = {"low", "medium", "high"};
static const char *const level_titles[] = {"Low", "Medium", "High"};
static const char *const effort_names[] = {"hours", "days", "weeks"};
static const char *const effort_titles[] = {"Hours", "Days", "Weeks"};
static const double effort_factor[] = {1.0, 2.0, 4.0};
static const double risk_factor[] = {1.0, 1.5, 2.0};

const char *adv_level_name(pa_level l) { return (unsigned)l <= PA_LEVEL_HIGH ? level_names[l] : "?"; }
const char *adv_level_title(pa_level l) { return (unsigned)l <= PA_LEVEL_HIGH ? level_titles[l] : "?"; }
const char *adv_effort_name(pa_effort e) { return (unsigned)e <= PA_EFFORT_WEEKS ? effort_names[e] : "?"; }
const char *adv_effort_title(pa_effort e)
{
    return (unsigned)e <= PA_EFFORT_WEEKS ? effort_titles[e] : "?";
}

int adv_level_parse(const char *s)
{
    for (int i = 0; i <= PA_LEVEL_HIGH; i++)
        if (s && strcmp(s, level_names[i]) == 0)
            return i;
    return -1;
}

/* A non-negative finite number from the evidence, or -1 when absent/bad. */
static double ev_num(const cJSON *ev, const char *key)
{
    const cJSON *it = adv_json_get(ev, key);
    if (!adv_json_is_number(it) || !isfinite(it->valuedouble) || it->valuedouble < 0)
        return -1;
    return it->valuedouble;
}

static const char *ev_str(const cJSON *ev, const char *key)
{
    const cJSON *it = adv_json_get(ev, key);
    return adv_json_is_string(it) ? it->valuestring : NULL;
}

static bool is_correctness(const adv_finding *f)
{
    return pa_kind_row_or_unknown(f->kind)->correctness;
}

int adv_finding_confidence(const adv_finding *f)
{
    return adv_level_parse(adv_finding_evidence_string(f, "confidence"));
}

/* A lock finding the plugin was unsure of is an analysis remark in the
 * compiler's output, but still a finding: --confidence low lists it. */
bool adv_is_actionable(const adv_finding *f)
{
    if (f->cross_tu || (f->remark && strcmp(f->remark, "missed") == 0))
        return true;
    return f->remark && strcmp(f->remark, "analysis") == 0 && adv_finding_confidence(f) >= 0;
}

static void estimate_executions(const adv_finding *f, adv_score *sc)
{
    const cJSON *ev = f->evidence;
    double depth = ev_num(ev, "loop_depth");
    double epc = ev_num(ev, "executions_per_call");
    double trip = ev_num(ev, "trip_count");
    double max_trip = ev_num(ev, "max_trip_count");
    /* Unknown trip count: assume ADV_ASSUMED_TRIP, but never more than a
     * known upper bound (max_trip_count 8 means at most 8). */
    if (trip <= 0 && max_trip > 0 && max_trip < ADV_ASSUMED_TRIP)
        trip = max_trip;
    sc->loop_depth = depth > 0 ? (unsigned)(depth > 16 ? 16 : depth) : 0;
    if (epc >= 0) {
        /* Taken as it is, however small: 0.0044 is a block on a rare path,
         * not an unknown. */
        sc->executions = epc;
        sc->trip = trip > 0 ? trip : 0;
        sc->from_compiler = true;
    } else if (sc->loop_depth == 0) {
        sc->executions = 1;
    } else {
        /* No frequency from the compiler: the innermost trip count (or 100),
         * and 10 per outer level, at most 100 for all outer levels together:
         * a nesting depth must not turn into an unbounded power. */
        sc->trip_assumed = trip <= 0;
        sc->trip = trip > 0 ? trip : ADV_ASSUMED_TRIP;
        double outer = pow(ADV_OUTER_TRIP, (double)sc->loop_depth - 1);
        if (outer > ADV_OUTER_MAX)
            outer = ADV_OUTER_MAX;
        sc->executions = sc->trip * outer;
    }
    if (sc->executions > 1e12)
        sc->executions = 1e12;
}

/* Cost of one execution and the multiplier, from the kind's row. */
static void estimate_cost(const adv_finding *f, adv_score *sc)
{
    const pa_kind_row *row = pa_kind_row_or_unknown(f->kind);
    const cJSON *ev = f->evidence;
    double bytes = ev_num(ev, "bytes");
    sc->unit_ns = row->unit_ns + row->unit_ns_per_byte * (bytes > 0 ? bytes : 0);
    sc->multiplier = 1;
    switch (row->multiplier) {
    case PA_MULT_HELD_LOCKS: {
        double held = 0;
        const cJSON *h = adv_json_get(ev, "held");
        if (adv_json_is_array(h))
            held = cJSON_GetArraySize(h);
        if (held < 1)
            held = 1;
        sc->multiplier = 1 + held;
        break;
    }
    case PA_MULT_QUADRATIC_COPY: {
        /* Growth by a constant copies the whole buffer each time: the average
         * copy is inc * executions / 2 bytes at 0.05 ns per byte. */
        double inc = ev_num(ev, "increment_bytes");
        if (inc <= 0)
            inc = 64;
        sc->multiplier = 1 + 0.05 * inc * sc->executions / 2 / 60;
        break;
    }
    case PA_MULT_NONE: break;
    }
    if (row->once_basis)
        sc->executions = 1;
    sc->cost_ns = sc->executions * sc->unit_ns * sc->multiplier;
    if (!isfinite(sc->cost_ns) || sc->cost_ns > 1e15)
        sc->cost_ns = 1e15;
}

/* Where the executions come from: worked out again from the kind and the
 * score, as estimate_executions and estimate_cost chose them. */
static const char *exec_basis(const adv_finding *f)
{
    const adv_score *sc = &f->score;
    const char *once = pa_kind_row_or_unknown(f->kind)->once_basis;
    if (once)
        return once;
    if (sc->from_compiler)
        return sc->executions < 1
                   ? "the compiler's block-frequency estimate (executions_per_call): "
                     "a path taken on a minority of calls"
                   : "the compiler's block-frequency estimate (executions_per_call)";
    if (sc->loop_depth == 0)
        return "not in a loop: once per call";
    return sc->trip_assumed
               ? "loop nesting: trip count unknown, 100 assumed, x10 per outer level (at most x100)"
               : "loop nesting: innermost trip count, x10 per outer level (at most x100)";
}

static const char *unit_basis(const adv_finding *f)
{
    return pa_kind_row_or_unknown(f->kind)->unit_basis;
}

static const char *multiplier_basis(const adv_finding *f)
{
    switch (pa_kind_row_or_unknown(f->kind)->multiplier) {
    case PA_MULT_HELD_LOCKS: return "1 + locks held: every waiter waits as long";
    case PA_MULT_QUADRATIC_COPY:
        return "quadratic copying: 1 + 0.05 ns/byte x increment x executions / 2 / 60 ns";
    case PA_MULT_NONE: break;
    }
    return "none";
}

/* The return on effort: the cost a fix saves per unit of effort and risk,
 * in orders of magnitude. The effort and risk divide the cost, not its
 * logarithm: dividing the logarithm made a Medium risk worth a factor of
 * ~60 in cost at 10 us, so within an impact level a lock taken per
 * iteration of a 279 us loop ranked below a 27 us allocation under a lock
 * (librdkafka). */
/* An estimate capped for compounded guesses was High by its guesses: it
 * ranks at Medium's top (the High threshold), not above a Medium finding
 * whose cost is known to be larger (one capped for its confidence) by the
 * size of its guesses. Among capped estimates the sort still goes by the
 * estimate (adv_compare_findings): a larger guess is still more likely hot. */
#define ADV_CAPPED_NS ADV_HIGH_NS

double adv_score_ranked_cost(const adv_score *sc)
{
    return sc->guesses_capped && sc->cost_ns > ADV_CAPPED_NS ? ADV_CAPPED_NS : sc->cost_ns;
}

double adv_score_return(const adv_score *sc)
{
    double cost = adv_score_ranked_cost(sc);
    double m = log10(1 + cost / (effort_factor[sc->effort] * risk_factor[sc->risk]));
    return m > 10 ? 10 : m;
}

/* Correctness kinds rank by how sure the analysis is, not by kind: a
 * deadlock it cannot prove is not the first thing to read. */
static void rate_correctness(adv_score *sc)
{
    switch (sc->confidence) {
    case PA_LEVEL_LOW:
        sc->impact = PA_LEVEL_LOW;
        sc->impact_reason = "a correctness hazard the analysis is unsure of (confidence low)";
        break;
    case PA_LEVEL_MEDIUM:
        sc->impact = PA_LEVEL_MEDIUM;
        sc->impact_reason = "a correctness hazard that depends on a callee's summary or on a "
                            "join across translation units (confidence medium)";
        break;
    default:
        sc->impact = PA_LEVEL_HIGH;
        sc->impact_reason = "a correctness hazard (deadlock or lost lock) shown on every path";
        break;
    }
}

static bool has_prefix(const char *s, const char *p)
{
    while (*p)
        if (*s++ != *p++)
            return false;
    return true;
}

/* Whether s holds "_Test::TestBody" or "_unittest": one pass, looking
 * only after each '_' (the names of 100,000 findings came through two
 * strstr calls each). */
static bool has_test_name(const char *s)
{
    for (const char *u = strchr(s, '_'); u; u = strchr(u + 1, '_'))
        if (has_prefix(u + 1, "Test::TestBody") || has_prefix(u + 1, "unittest"))
            return true;
    return false;
}

/* Whether a path holds "/test/" or "/tests/", looking after each '/'. */
static bool has_test_dir(const char *path)
{
    for (const char *d = strchr(path, '/'); d; d = strchr(d + 1, '/'))
        if (has_prefix(d + 1, "test/") || has_prefix(d + 1, "tests/"))
            return true;
    return false;
}

/* The same questions of the bytes s[0..n). */
static bool span_has_prefix(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0;
}

static bool span_has_suffix(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s + n - k, p, k) == 0;
}

static bool span_has(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == p[0] && memcmp(s + i, p, k) == 0)
            return true;
    return false;
}

/* Test and mock code by the naming conventions projects use for it (a
 * unit test compiled into the library, a mock broker): true findings
 * there are not on a user's path. */
bool adv_is_test_function(const char *fn)
{
    if (!fn)
        return false;
    const char *last = fn;
    for (const char *p = fn; *p && *p != '('; p++)
        if (p[0] == ':' && p[1] == ':')
            last = p + 2;
    /* TEST_: a test-only hook of the class under test (LevelDB's
     * DBImpl::TEST_CompactRange, the Chromium convention). */
    return has_prefix(last, "unittest") || has_prefix(last, "unit_test") ||
           has_prefix(last, "ut_") || has_prefix(last, "test_") || has_prefix(last, "TEST_") ||
           has_prefix(fn, "unittest") ||
           has_prefix(fn, "ut_") || has_prefix(fn, "test_") || has_test_name(fn);
}

bool adv_is_test_file(const char *file)
{
    if (!file)
        return false;
    if (has_test_dir(file))
        return true;
    /* The base name without its extension, looked at in place: its first
     * 255 bytes, up to the last '.' among them (what a copy into a
     * 256-byte buffer cut at its last '.' held; no copy per call). */
    const char *stem = pa_path_basename(file, "");
    size_t n = 0;
    while (n < 255 && stem[n])
        n++;
    for (size_t i = n; i > 0; i--)
        if (stem[i - 1] == '.') {
            n = i - 1;
            break;
        }
    return span_has_prefix(stem, n, "test_") || span_has_suffix(stem, n, "_test") ||
           span_has_suffix(stem, n, "_unittest") || span_has_suffix(stem, n, "test") ||
           span_has(stem, n, "_mock") || span_has_prefix(stem, n, "mock");
}

static bool test_code_of_names(const adv_finding *f)
{
    return adv_is_test_function(f->function_demangled ? f->function_demangled : f->function) ||
           adv_is_test_file(f->loc.file);
}

bool adv_is_test_code(const adv_finding *f)
{
    if (f->test_code != ADV_TEST_UNKNOWN)
        return f->test_code == ADV_TEST_YES;
    return test_code_of_names(f);
}

void adv_remember_test_code(adv_finding *f)
{
    f->test_code = test_code_of_names(f) ? ADV_TEST_YES : ADV_TEST_NO;
}

/* A cost estimate is only as good as the fact under it: an unsure lock
 * finding never ranks above its confidence. */
static void cap_by_confidence(adv_score *sc)
{
    if (sc->confidence < 0 || (int)sc->impact <= sc->confidence)
        return;
    sc->impact = (pa_level)sc->confidence;
    sc->impact_reason = sc->confidence == PA_LEVEL_LOW
                            ? "capped at Low: the analysis is unsure of the finding (confidence low)"
                            : "capped at Medium: the finding depends on a callee's summary "
                              "(confidence medium)";
}

static void rate_impact(const adv_finding *f, adv_score *sc)
{
    if (!adv_is_actionable(f)) {
        sc->impact = PA_LEVEL_LOW;
        sc->impact_reason = "a supporting fact, not an actionable finding";
        return;
    }
    if (is_correctness(f)) {
        rate_correctness(sc);
        return;
    }
    bool per_root = sc->calls != 1; /* scaled by the static profile */
    if (sc->cost_ns >= ADV_HIGH_NS) {
        sc->impact = PA_LEVEL_HIGH;
        sc->impact_reason = per_root ? "estimated cost >= 20000 ns per call of a root"
                                     : "estimated cost >= 20000 ns per call";
    } else if (sc->cost_ns >= ADV_MEDIUM_NS) {
        sc->impact = PA_LEVEL_MEDIUM;
        sc->impact_reason = per_root ? "estimated cost >= 1000 ns per call of a root"
                                     : "estimated cost >= 1000 ns per call";
    } else {
        sc->impact = PA_LEVEL_LOW;
        sc->impact_reason = per_root ? "estimated cost < 1000 ns per call of a root"
                                     : "estimated cost < 1000 ns per call";
    }
    cap_by_confidence(sc);
    if (adv_is_test_code(f) && sc->impact > PA_LEVEL_LOW) {
        sc->impact = PA_LEVEL_LOW;
        sc->impact_reason = "test or mock code (by its file or function name): not on a user's path";
    }
}

/* Heap-to-stack: the risk is the stack the array takes. */
static void refine_stack_bytes(const adv_finding *f, adv_score *sc)
{
    double bytes = ev_num(f->evidence, "bytes");
    if (bytes >= 0 && bytes <= 4096)
        return;
    if (bytes > 65536) {
        sc->risk = PA_LEVEL_HIGH;
        sc->risk_reason = "over 64 KiB on the stack can overflow a thread's stack";
    } else {
        sc->risk = PA_LEVEL_MEDIUM;
        sc->risk_reason = "size unknown or over 4 KiB: check the thread stack size";
    }
}

/* Loop allocation: batching, or reusing a buffer that escapes, is more than
 * a local hoist. */
static void refine_loop_ownership(const adv_finding *f, adv_score *sc)
{
    const char *advice = ev_str(f->evidence, "advice");
    const char *via = ev_str(f->evidence, "via");
    if (!((advice && strcmp(advice, "batch") == 0) || via))
        return;
    sc->effort = PA_EFFORT_DAYS;
    sc->effort_reason = via ? "the buffer escapes: reuse needs an ownership change"
                            : "batching changes the loop's structure";
    sc->risk = PA_LEVEL_MEDIUM;
    sc->risk_reason = "buffer lifetime changes: behaviour change if anything keeps it";
}

/* A cycle the advisor found across translation units. */
static void refine_whole_program(const adv_finding *f, adv_score *sc)
{
    if (!f->cross_tu)
        return;
    sc->effort = PA_EFFORT_WEEKS;
    sc->effort_reason = "lock-hierarchy redesign across translation units";
}

static void rate_effort_and_risk(const adv_finding *f, adv_score *sc)
{
    const pa_kind_row *row = pa_kind_row_or_unknown(f->kind);
    sc->effort = row->effort;
    sc->effort_reason = row->effort_reason;
    sc->risk = row->risk;
    sc->risk_reason = row->risk_reason;
    switch (row->refine) {
    case PA_REFINE_STACK_BYTES: refine_stack_bytes(f, sc); break;
    case PA_REFINE_LOOP_OWNERSHIP: refine_loop_ownership(f, sc); break;
    case PA_REFINE_WHOLE_PROGRAM: refine_whole_program(f, sc); break;
    case PA_REFINE_NONE: break;
    }
}

/* Impact and priority from the cost per call, scaled by the static profile
 * when s has one. Reads no evidence: run again for every finding once the
 * whole program's profile is known. */
static void rank_with(adv_finding *f, adv_set *s, adv_set *mem, int node)
{
    adv_score *sc = &f->score;
    sc->cost_ns = sc->cost_per_call_ns;
    sc->guesses_capped = false;
    adv_profile_scale_node(s, mem, f, sc, node);
    rate_impact(f, sc);
    adv_profile_cap_node(s, mem, f, sc, node);
    double roi = floor(100.0 * adv_score_return(sc));
    if (roi > 999)
        roi = 999;
    sc->priority = 1000L * ((long)sc->impact + 1) + (long)roi;
}

static void rank_in(adv_finding *f, adv_set *s)
{
    rank_with(f, s, s, adv_profile_node(s, f));
}

void adv_score_finding(adv_finding *f)
{
    adv_score *sc = &f->score;
    memset(sc, 0, sizeof *sc);
    sc->calls = 1;
    sc->confidence = adv_finding_confidence(f);
    estimate_executions(f, sc);
    estimate_cost(f, sc);
    sc->cost_per_call_ns = sc->cost_ns;
    rate_effort_and_risk(f, sc);
    rank_in(f, NULL);
    f->scored = true;
}

/* ---- ranking a large set on two threads ------------------------------------
 * Ranking against the profile is per finding, but it makes texts: a node's
 * profile text the first time one of its findings needs it (shared by all
 * of them), and a finding's own when it is on an error path or capped.
 * So it runs in three passes, each split in two halves, one on a helper
 * thread: look up every finding's node (reads only the profile); make the
 * texts of the nodes that show one, each node in one half (so every
 * finding later reads them); rank. The helper's texts go to a set of its
 * own, which s adopts (the same strings, in other places: the report
 * shows the same bytes). */

/* Below this many findings one thread ranks them all (a thread costs more). */
#define RANK_SPLIT_MIN 1024

typedef struct rank_half {
    adv_set *s;
    adv_set *mem;    /* where this half's texts go: s, or the helper's own set */
    int *nodes;      /* each finding's node */
    const int *todo; /* the nodes whose texts are made ahead */
    size_t lo, hi;   /* this half's findings */
    size_t tlo, thi; /* this half's todo entries */
    int pass;
} rank_half;

static void *rank_pass(void *arg)
{
    rank_half *h = arg;
    adv_finding *items = h->s->items;
    switch (h->pass) {
    case 0:
        for (size_t i = h->lo; i < h->hi; i++)
            h->nodes[i] = adv_profile_node(h->s, &items[i]);
        break;
    case 1:
        for (size_t t = h->tlo; t < h->thi; t++)
            adv_profile_make_basis(h->s, h->mem, h->todo[t]);
        break;
    default:
        for (size_t i = h->lo; i < h->hi; i++)
            rank_with(&items[i], h->s, h->mem, h->nodes[i]);
        break;
    }
    return NULL;
}

/* Pass `pass` over both halves: h[1] on a helper thread (here, after h[0],
 * when none starts), h[0] here. */
static void run_halves(rank_half h[2], int pass)
{
    h[0].pass = h[1].pass = pass;
    pthread_t t;
    bool threaded = pthread_create(&t, NULL, rank_pass, &h[1]) == 0;
    rank_pass(&h[0]);
    if (threaded)
        pthread_join(t, NULL);
    else
        rank_pass(&h[1]);
}

/* Rank every finding of s against its built profile on two threads.
 * Returns 0, or -1 (out of memory, nothing ranked: rank on one thread). */
static int rank_split(adv_set *s)
{
    size_t n = s->count, nn = adv_profile_count(s);
    int *nodes = malloc(n * sizeof *nodes);
    int *todo = malloc((nn ? nn : 1) * sizeof *todo);
    unsigned char *seen = calloc(nn ? nn : 1, 1);
    adv_set mem;
    bool have_mem = adv_set_init(&mem) == 0;
    if (!nodes || !todo || !seen || !have_mem) {
        if (have_mem)
            adv_set_free(&mem);
        free(nodes);
        free(todo);
        free(seen);
        return -1;
    }
    rank_half h[2];
    memset(h, 0, sizeof h);
    h[0].s = h[1].s = s;
    h[0].mem = s;
    h[1].mem = &mem;
    h[0].nodes = h[1].nodes = nodes;
    h[0].todo = h[1].todo = todo;
    h[0].hi = h[1].lo = n / 2;
    h[1].hi = n;
    run_halves(h, 0);
    size_t nt = 0; /* each node once, in the order findings first meet it */
    for (size_t i = 0; i < n; i++) {
        int v = nodes[i];
        if (adv_profile_shows_basis(&s->items[i], v) && !seen[v]) {
            seen[v] = 1;
            todo[nt++] = v;
        }
    }
    h[0].thi = h[1].tlo = nt / 2;
    h[1].thi = nt;
    run_halves(h, 1);
    run_halves(h, 2);
    adv_set_adopt_memory(s, &mem);
    adv_set_free(&mem);
    free(nodes);
    free(todo);
    free(seen);
    return 0;
}

static bool rank_on_two_threads(const adv_set *s)
{
    return s->profile && s->count >= RANK_SPLIT_MIN && sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

void adv_score_set(adv_set *s)
{
    /* Loaded findings were scored as they loaded, while their evidence was
     * a tree (a pass over 100,000 findings only to skip them is not free).
     * The static profile needs every file's calls: with one, each finding
     * is ranked again against it, from the cost per call it kept. */
    adv_profile_build(s);
    if (rank_on_two_threads(s)) {
        /* Scoring reads only the finding: all of it first, then ranking. */
        for (size_t i = 0; i < s->count; i++)
            if (!s->items[i].scored)
                adv_score_finding(&s->items[i]);
        if (rank_split(s) == 0) {
            s->scored_prefix = s->count;
            return;
        }
    }
    for (size_t i = s->profile ? 0 : s->scored_prefix; i < s->count; i++) {
        if (!s->items[i].scored)
            adv_score_finding(&s->items[i]);
        if (s->profile)
            rank_in(&s->items[i], s);
    }
    s->scored_prefix = s->count;
}

static int cmp_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

int adv_compare_findings(const void *pa, const void *pb)
{
    const adv_finding *a = *(const adv_finding *const *)pa;
    const adv_finding *b = *(const adv_finding *const *)pb;
    if (a->score.priority != b->score.priority)
        return a->score.priority > b->score.priority ? -1 : 1;
    if (a->score.cost_ns != b->score.cost_ns)
        return a->score.cost_ns > b->score.cost_ns ? -1 : 1;
    int c = cmp_str(a->loc.file, b->loc.file);
    if (c)
        return c;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    if (a->loc.column != b->loc.column)
        return a->loc.column < b->loc.column ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* ---- sorting the view on two threads ---------------------------------------- */

/* Below this many findings qsort alone sorts them (a thread costs more). */
#define SORT_SPLIT_MIN 4096

typedef struct sort_half {
    adv_finding **base;
    size_t n;
} sort_half;

static void *sort_half_main(void *arg)
{
    sort_half *h = arg;
    qsort(h->base, h->n, sizeof *h->base, adv_compare_findings);
    return NULL;
}

void adv_sort_findings(adv_finding **view, size_t n)
{
    adv_finding **tmp = n >= SORT_SPLIT_MIN && sysconf(_SC_NPROCESSORS_ONLN) >= 2
                            ? malloc(n * sizeof *tmp)
                            : NULL;
    pthread_t t;
    sort_half h = {view + n / 2, n - n / 2};
    if (!tmp || pthread_create(&t, NULL, sort_half_main, &h) != 0) {
        free(tmp);
        qsort(view, n, sizeof *view, adv_compare_findings);
        return;
    }
    qsort(view, n / 2, sizeof *view, adv_compare_findings);
    pthread_join(t, NULL);
    /* Merge the sorted halves: no two findings compare equal (their ids
     * differ), so this is the order one qsort gives. */
    size_t i = 0, j = n / 2, k = 0;
    while (i < n / 2 && j < n)
        tmp[k++] = adv_compare_findings(&view[i], &view[j]) <= 0 ? view[i++] : view[j++];
    while (i < n / 2)
        tmp[k++] = view[i++];
    while (j < n)
        tmp[k++] = view[j++];
    memcpy(view, tmp, n * sizeof *view);
    free(tmp);
}

void adv_summarize(adv_finding *const *view, size_t n, size_t listed, adv_summary_stats *st)
{
    memset(st->by_impact, 0, sizeof st->by_impact);
    st->findings = n;
    st->listed = listed;
    double penalty = 0;
    bool needs = false;
    for (size_t i = 0; i < n; i++) {
        const adv_finding *f = view[i];
        st->by_impact[f->score.impact]++;
        if (!adv_is_actionable(f))
            continue;
        static const double weight[] = {1, 3, 10};
        penalty += weight[f->score.impact];
        needs |= f->score.impact >= PA_LEVEL_MEDIUM;
    }
    st->score = (int)floor(100.0 / (1.0 + penalty / 50.0) + 0.5);
    st->status = needs ? "NEEDS_OPTIMIZATION" : "PASS";
}

/* "%.3g <unit>" of ns in s, ms, us or ns. */
static void human_ns(double ns, char *buf, size_t n)
{
    double v = ns;
    const char *unit = " ns";
    if (ns >= 1e9) {
        v = ns / 1e9;
        unit = " s";
    } else if (ns >= 1e6) {
        v = ns / 1e6;
        unit = " ms";
    } else if (ns >= 1e3) {
        v = ns / 1e3;
        unit = " us";
    }
    size_t len = adv_fmt_g(v, 3, buf, n);
    if (len + strlen(unit) < n)
        memcpy(buf + len, unit, strlen(unit) + 1);
}

/* The estimate is printed unescaped by every renderer: keep the one string
 * from the evidence (a symbolic trip count such as "(n + -1)" or
 * "min(a, b)") to characters no medium interprets. */
static void safe_symbol(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (; *in && k + 1 < n; in++) {
        char c = *in;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == ' ' || c == '+' || c == '-' || c == '.' || c == '(' || c == ')' ||
                  c == ',';
        out[k++] = ok ? c : '?';
    }
    out[k] = '\0';
}

/* A count as a reader checks it: whole above 100, two significant digits
 * below ("~0.23", not "~0" next to a cost that is not zero). */
static void count_text(double x, char *buf, size_t n)
{
    if (x >= 100)
        adv_fmt_f0(x, buf, n);
    else
        adv_fmt_g(x, 2, buf, n);
}

/* Appends to a string of known length: the estimate's pieces without a
 * format parse (it is made for every finding listed). */
typedef struct strbuf {
    char *buf;
    size_t n, len; /* capacity, length; text past the capacity is dropped */
} strbuf;

static void sb_write(strbuf *b, const char *s, size_t k);

static void sb_put(strbuf *b, const char *s)
{
    sb_write(b, s, strlen(s));
}

/* Bytes s[0..k) (appended as sb_put appends a string of that length). */
static void sb_write(strbuf *b, const char *s, size_t k)
{
    if (b->len + 1 >= b->n)
        return;
    if (k > b->n - 1 - b->len)
        k = b->n - 1 - b->len;
    memcpy(b->buf + b->len, s, k);
    b->len += k;
    b->buf[b->len] = '\0';
}

/* A string literal, its length known when compiled. */
#define sb_lit(b, lit) sb_write((b), "" lit, sizeof(lit) - 1)

static void sb_f0(strbuf *b, double x)
{
    char num[320]; /* %.0f of the largest double: 309 digits */
    adv_fmt_f0(x, num, sizeof num);
    sb_put(b, num);
}

void adv_estimate_text(const adv_finding *f, char *buf, size_t n)
{
    const adv_score *sc = &f->score;
    char cost[32], execs[32]; /* the sizes they always had: a huge count is cut there */
    count_text(sc->executions, execs, sizeof execs);
    human_ns(sc->cost_ns, cost, sizeof cost);
    /* With the static profile the cost is per call of a root of the call
     * graph, the function's executions times its calls. */
    char count[32] = "";
    bool profiled = sc->calls != 1 && !is_correctness(f);
    if (profiled)
        count_text(sc->calls, count, sizeof count);
    const char *per = profiled ? "per call of a root" : "per call";
    const char *mult = sc->multiplier > 1 ? " x contention/copying" : "";
    strbuf b = {buf, n, 0};
    if (n)
        buf[0] = '\0';
    if (sc->unit_ns == 0) {
        sb_lit(&b, "no run-time cost estimate (");
        sb_put(&b, unit_basis(f));
        sb_lit(&b, ")");
        return;
    }
    if (is_correctness(f)) {
        sb_put(&b, unit_basis(f));
        return;
    }
    /* "~E executions per call[ (loop depth D, trip count ...)] x U ns[ x
     * contention/copying][ x ~C calls (static profile)] ~ COST per call[ of
     * a root]" */
    sb_lit(&b, "~");
    sb_put(&b, execs);
    sb_lit(&b, " executions per call");
    if (sc->loop_depth > 0) {
        char text[41], depth[24];
        const char *trip_text = adv_finding_evidence_string(f, "trip_text");
        safe_symbol(trip_text ? trip_text : "unknown", text, sizeof text);
        adv_fmt_uint(sc->loop_depth, depth);
        sb_lit(&b, " (loop depth ");
        sb_put(&b, depth);
        sb_lit(&b, ", ");
        /* The piece was cut at 95 bytes when it had a buffer of its own. */
        char trip[96];
        strbuf t = {trip, sizeof trip, 0};
        trip[0] = '\0';
        sb_lit(&t, "trip count ");
        if (sc->from_compiler && sc->trip <= 0) {
            sb_put(&t, text);
            sb_lit(&t, ", compiler estimate");
        } else if (sc->from_compiler) {
            sb_f0(&t, sc->trip);
            sb_lit(&t, ", compiler estimate");
        } else {
            sb_put(&t, sc->trip_assumed ? "unknown, assumed " : "");
            sb_f0(&t, sc->trip);
        }
        sb_put(&b, trip);
        sb_lit(&b, ")");
    }
    sb_lit(&b, " x ");
    sb_f0(&b, sc->unit_ns);
    sb_lit(&b, " ns");
    sb_put(&b, mult);
    if (profiled) {
        /* The piece was cut at 63 bytes when it had a buffer of its own. */
        char calls[64];
        strbuf c = {calls, sizeof calls, 0};
        calls[0] = '\0';
        sb_lit(&c, " x ~");
        sb_put(&c, count);
        sb_lit(&c, " calls (static profile)");
        sb_put(&b, calls);
    }
    sb_lit(&b, " ~ ");
    sb_put(&b, cost);
    sb_lit(&b, " ");
    sb_put(&b, per);
}

void adv_score_explain(FILE *out, const adv_finding *f, const adv_set *s)
{
    const adv_score *sc = &f->score;
    fprintf(out, "finding %s  %s  ", f->id, f->kind_name);
    adv_put_term(out, f->loc.file ? f->loc.file : "?");
    fprintf(out, ":%u:%u  ", f->loc.line, f->loc.column);
    adv_put_term(out, f->function_demangled);
    fprintf(out, "()\n  message:  ");
    adv_put_term(out, f->message);
    fprintf(out, "\n\nimpact: %s\n", adv_level_name(sc->impact));
    fprintf(out, "  executions per call  %.6g   (%s)\n", sc->executions, exec_basis(f));
    if (sc->loop_depth)
        fprintf(out, "  loop depth           %u, innermost trip count %.6g%s\n", sc->loop_depth,
                sc->trip, sc->trip_assumed ? " (assumed)" : "");
    fprintf(out, "  cost per execution   %.6g ns   (%s)\n", sc->unit_ns, unit_basis(f));
    fprintf(out, "  multiplier           x%.6g   (%s)\n", sc->multiplier, multiplier_basis(f));
    if (sc->calls != 1 && !is_correctness(f))
        fprintf(out,
                "  calls                x%.6g   (static profile: calls of the function per call "
                "of a root of the call graph)\n",
                sc->calls);
    if (sc->profile_basis) {
        fputs("  profile              ", out);
        adv_put_term(out, sc->profile_basis);
        fputc('\n', out);
    }
    if (sc->calls != 1 && !is_correctness(f))
        fprintf(
            out,
            "  estimated cost       %.6g ns per call of a root = executions x cost x multiplier "
            "x calls\n",
            sc->cost_ns);
    else
        fprintf(out, "  estimated cost       %.6g ns per call = executions x cost x multiplier\n",
                sc->cost_ns);
    fprintf(out, "  rule                 %s -> %s\n", sc->impact_reason, adv_level_title(sc->impact));
    if (sc->confidence >= 0) {
        fprintf(out, "  confidence           %s", adv_level_name((pa_level)sc->confidence));
        const char *why = adv_finding_evidence_string(f, "confidence_reason");
        if (why) {
            fputs("   (", out);
            adv_put_term(out, why);
            fputc(')', out);
        }
        fputc('\n', out);
    }
    fprintf(out, "\neffort: %s   (%s)\n", adv_effort_name(sc->effort), sc->effort_reason);
    fprintf(out, "risk:   %s   (%s)\n", adv_level_name(sc->risk), sc->risk_reason);
    double e = effort_factor[sc->effort], r = risk_factor[sc->risk];
    fprintf(out,
            "\npriority: %ld = 1000 x (impact %d) + min(999, floor(100 x R))\n"
            "  R = log10(1 + cost / (e x r)) = %.3f; e = %g (%s); r = %g (%s)%s\n",
            sc->priority, (int)sc->impact + 1, adv_score_return(sc), e, adv_effort_name(sc->effort), r,
            adv_level_name(sc->risk),
            sc->guesses_capped && sc->cost_ns > ADV_CAPPED_NS
                ? "; cost read as 20000 ns (the High threshold): the estimate is capped "
                  "for compounded guesses"
                : "");
    if (f->tu_count > 1)
        fprintf(out, "\nreported by %u translation units (same id: code in a shared header)\n",
                f->tu_count);
    if (f->cross_tu)
        fprintf(out, "\nfound by the advisor's whole-program lock graph (no single TU saw it)\n");
    if (s && f->tu < s->ntus) {
        fprintf(out, "first reported in ");
        adv_put_term(out, s->tus[f->tu].path);
        fputc('\n', out);
    }
    fprintf(out, "\nformulas: docs/scoring.md\n");
}
