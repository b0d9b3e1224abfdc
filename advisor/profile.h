/* advisor/profile.h — the static profile across the program: the call graph
 * joined from every translation unit's summaries (call_sites, cold,
 * static), call frequencies propagated from its roots, and what they do to a
 * finding's score (docs/scoring.md, "Static profile"). Exercised by
 * tests/test_adv_profile.c and lit/advisor_profile_rank.c. */
#ifndef ADV_PROFILE_H
#define ADV_PROFILE_H

#include "advisor.h"

/* Upper bounds of the propagation: calls of a function per call of a root,
 * and what a cycle (recursion) may multiply its entry calls by. */
#define ADV_PROFILE_MAX_CALLS 1e9
#define ADV_PROFILE_CYCLE_CAP 10.0
/* A call site at most this many times per call of its caller is an
 * unlikely branch (__builtin_expect, a call of a cold function, an abort
 * path): it does not make its callee warm. */
#define ADV_PROFILE_UNLIKELY 0.001
/* What one call of an initialisation root (a static initialiser, foo_init,
 * *_open) counts for against one call of a run-time root (an API function,
 * a thread, a callback): it runs once per program, they run once per
 * request. Without it a function set-up calls 100 times ranked as 100
 * calls per request (docs/scoring.md). main keeps 1: it is the hot path. */
#define ADV_PROFILE_INIT_WEIGHT 0.001
#define ADV_PROFILE_INIT_WEIGHT_TEXT "0.001"
/* An estimate that multiplies this many loop counts the compiler guessed
 * (the finding's own unknown-trip loops and the loop edges of its call
 * chain) is not trusted for High impact. */
#define ADV_PROFILE_GUESS_LIMIT 3

struct adv_profile;

/* The members of a summary that say whether it returns fresh memory, which
 * adv_profile_import finds in the same walk as its own (the first of each
 * key; NULL when absent) for the loop-alloc join (load.c, fresh_join.c):
 * one walk of each of ~67,000 summaries instead of two. */
typedef struct adv_fresh_members {
    const cJSON *returns, *from, *null_answer, *is_static, *structure;
} adv_fresh_members;

/* Read the profile keys of one summary (sj, keyed by linkage name) of TU
 * `tu` into s->profile, and its fresh-memory members into *fresh.
 * Summaries without them cost a few lookups. Returns 0, or -1 on out of
 * memory. */
int adv_profile_import(adv_set *s, const cJSON *sj, unsigned tu, adv_fresh_members *fresh);

/* Resolve the call graph and propagate call frequencies. Call once, after
 * loading, before scoring. Returns 0, or -1 on out of memory (the profile is
 * then dropped: findings score as without one). */
int adv_profile_build(adv_set *s);

/* "on an error path that ends in ... at file:line" when the evidence has
 * an error_path (kept in the set, read at load while the evidence is a
 * tree), else NULL. */
const char *adv_profile_error_path_text(adv_set *s, const cJSON *evidence);

/* s may be NULL (scoring as a finding loads: no profile yet); then only
 * the finding's error path counts.
 * Scale sc's cost by the calls of f's function per call of a root and say
 * where the estimate comes from (sc->calls, sc->profile_basis). Before the
 * impact is rated. */
void adv_profile_scale(adv_set *s, const adv_finding *f, adv_score *sc);

/* Rank Low what the profile says is rarely run: a cold function, a
 * function reached only from cold code, unlikely branches or
 * initialisation, and an error path (evidence error_path). After the
 * impact is rated; correctness kinds keep theirs. */
void adv_profile_cap(adv_set *s, const adv_finding *f, adv_score *sc);

/* How many guessed loop counts f's estimate multiplies: its own loop nest
 * when the trip count is unknown, plus the loop edges along the largest
 * contribution of its call chain. */
unsigned adv_profile_guesses(adv_set *s, const adv_finding *f, const adv_score *sc);

/* The profile node of f's function, or -1 (no profile, not in it; s may
 * be NULL); and the two calls above with it looked up once by the caller
 * (ranking a whole set looked every finding's function up twice), the
 * texts they make (a finding's own profile or cap text) copied into mem's
 * arena: s's own, or, ranking a set on several threads (score.c), a
 * thread's own set, which s adopts after (adv_set_adopt_memory). They read
 * the profile and write nothing else in it once every node they meet has
 * its text (adv_profile_make_basis). */
int adv_profile_node(const adv_set *s, const adv_finding *f);
void adv_profile_scale_node(adv_set *s, adv_set *mem, const adv_finding *f, adv_score *sc,
                            int node);
void adv_profile_cap_node(adv_set *s, adv_set *mem, const adv_finding *f, adv_score *sc,
                          int node);
/* Whether ranking f at node (adv_profile_node) shows node's text; then
 * adv_profile_make_basis makes it ahead, into mem's arena (each node on
 * one thread). */
bool adv_profile_shows_basis(const adv_finding *f, int node);
void adv_profile_make_basis(adv_set *s, adv_set *mem, int node);
/* The chance per call that function `name` (as seen from TU tu: its static
 * one, else the global) blocks somewhere in the program: what its own TU
 * knows (the summary's block_chance) or through the functions it calls, in
 * any TU. Builds the profile if needed. -1 when there is no profile or the
 * function is not in it (out of memory included). */
double adv_profile_wait_chance(adv_set *s, const char *name, unsigned tu);
/* The number of nodes (node ids are below it); 0 without a profile. */
size_t adv_profile_count(const adv_set *s);

void adv_profile_free(struct adv_profile *p);
/* Room in p's name index for n functions (adv_set_presize; NULL is
 * fine). Returns 0, or -1 on out of memory. */
int adv_profile_reserve(struct adv_profile *p, size_t n);

#endif
