/* tests/test_adv_profile.c — the static profile across the program
 * (advisor/profile.c, docs/scoring.md "Static profile"): call frequencies
 * propagated from the roots through summaries of several TUs. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adv_test_util.h"
#include "profile.h"
#include "score.h"

/* One findings document: one loop-alloc finding in `fn` (id), summaries. */
static void load_doc(adv_set *s, const char *src, const char *id, const char *fn,
                     const char *evidence, const char *summaries)
{
    char finding[1024], doc[8192], err[256];
    adv_test_finding(finding, sizeof finding, id, "loop-alloc", fn, 10, evidence);
    snprintf(doc, sizeof doc,
             "{\"schema\":\"perfadvise-findings/1\",\"tool\":{\"name\":\"perfadvise\"},"
             "\"tu\":{\"source\":\"%s\",\"directory\":\"/src\",\"debug_info\":true},"
             "\"findings\":[%s],\"lock_edges\":[],\"summaries\":%s}",
             src, id ? finding : "", summaries);
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
}

static adv_finding *by_function(adv_set *s, const char *fn)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->items[i].function, fn) == 0)
            return &s->items[i];
    fail_msg("no finding in %s", fn);
    return NULL;
}

#define EV "{\"loop_depth\":1,\"executions_per_call\":10,\"bytes\":64}"

static void
profile_should_rank_a_function_called_from_a_hot_loop_in_another_tu_above_one_called_once(
    void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    /* a.c: hot() and once() allocate alike; b.c: main calls once() once
     * and run() once; run() calls hot() 1000 times. */
    load_doc(&s, "a.c", "00000000000000a1", "hot", EV, "{}");
    load_doc(&s, "a.c", "00000000000000a2", "once", EV, "{}");
    load_doc(&s, "b.c", NULL, NULL, NULL,
             "{\"main\":{\"file\":\"b.c\",\"call_sites\":["
             "{\"callee\":\"once\",\"executions_per_call\":1,\"line\":5},"
             "{\"callee\":\"run\",\"executions_per_call\":1,\"line\":6}]},"
             "\"run\":{\"file\":\"b.c\",\"call_sites\":["
             "{\"callee\":\"hot\",\"executions_per_call\":1000,\"line\":12}]}}");
    adv_score_set(&s);
    adv_finding *hot = by_function(&s, "hot"), *once = by_function(&s, "once");
    assert_true(fabs(hot->score.calls - 1000) < 1e-9);
    assert_true(fabs(once->score.calls - 1) < 1e-9);
    assert_int_equal(hot->score.impact, PA_LEVEL_HIGH);
    assert_int_equal(once->score.impact, PA_LEVEL_LOW);
    assert_true(hot->score.priority > 2 * once->score.priority);
    assert_non_null(strstr(hot->score.profile_basis, "~1000 times per call of run() at b.c:12"));
    assert_non_null(strstr(hot->score.profile_basis, "run() ~1 times per call of main() at b.c:6"));
    assert_non_null(strstr(hot->score.profile_basis, "main() runs once per program"));
    adv_set_free(&s);
}

/* A summary's members are found as cJSON finds them: the first of a key
 * counts (the main thread reads them in one walk). */
static void profile_should_read_the_first_of_a_summarys_repeated_keys(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    load_doc(&s, "a.c", "00000000000000d1", "hot", EV, "{}");
    load_doc(&s, "b.c", NULL, NULL, NULL,
             "{\"main\":{\"call_sites\":[{\"callee\":\"run\",\"executions_per_call\":1,\"line\":6}]},"
             "\"run\":{\"file\":\"b.c\",\"call_sites\":["
             "{\"callee\":\"hot\",\"executions_per_call\":1000,\"line\":12}],"
             "\"file\":\"z.c\",\"call_sites\":[{\"callee\":\"hot\",\"executions_per_call\":1}],"
             "\"cold\":false,\"cold\":true}}");
    adv_score_set(&s);
    adv_finding *hot = by_function(&s, "hot");
    assert_true(fabs(hot->score.calls - 1000) < 1e-9);
    assert_non_null(strstr(hot->score.profile_basis, "~1000 times per call of run() at b.c:12"));
    assert_null(strstr(hot->score.profile_basis, "cold"));
    adv_set_free(&s);
}

/* A thread's start routine counts per iteration of its loop (summary
 * thread_loop); the same function called from the program counts per call
 * of its caller as any other. */
static void profile_should_count_a_threads_root_per_iteration_of_its_loop(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    load_doc(&s, "a.c", "00000000000000e1", "serve", EV, "{}");
    load_doc(&s, "a.c", "00000000000000e2", "step", EV, "{}");
    load_doc(&s, "a.c", "00000000000000e3", "poll_step", EV, "{}");
    load_doc(&s, "b.c", NULL, NULL, NULL,
             "{\"worker\":{\"file\":\"b.c\",\"static\":true,\"thread_start\":\"pthread_create\","
             "\"thread_loop\":500,\"call_sites\":["
             "{\"callee\":\"serve\",\"executions_per_call\":1000,\"sites\":2,\"line\":7}]},"
             "\"helper\":{\"file\":\"b.c\",\"thread_start\":\"thrd_create\",\"thread_loop\":40,"
             "\"call_sites\":[{\"callee\":\"step\",\"executions_per_call\":40,\"line\":9}]},"
             "\"main\":{\"file\":\"b.c\",\"call_sites\":["
             "{\"callee\":\"helper\",\"executions_per_call\":1,\"line\":12}]},"
             "\"poller\":{\"file\":\"b.c\",\"thread_start\":\"my_spawn\",\"thread_loop\":10,"
             "\"call_sites\":[{\"callee\":\"poll_step\",\"executions_per_call\":10,\"line\":15}]}}");
    adv_score_set(&s);
    adv_finding *serve = by_function(&s, "serve"), *step = by_function(&s, "step");
    /* A starter this advisor does not know by name (a newer plugin's). */
    adv_finding *poll = by_function(&s, "poll_step");
    assert_true(fabs(poll->score.calls - 1) < 1e-9);
    assert_non_null(strstr(poll->score.profile_basis,
                           "poller() is a thread's start routine (a thread-start function): counted "
                           "once per iteration of its loop (~10 per call)"));
    assert_true(fabs(serve->score.calls - 2) < 1e-9);
    assert_non_null(strstr(serve->score.profile_basis,
                           "worker() is a thread's start routine (pthread_create): counted once per "
                           "iteration of its loop (~500 per call)"));
    /* helper() is also called by main: not a root, its loop multiplies. */
    assert_true(fabs(step->score.calls - 40) < 1e-9);
    assert_null(strstr(step->score.profile_basis, "thread"));
    adv_set_free(&s);
}

static void profile_should_not_count_calls_from_test_code(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    /* unittest_parse() calls parse() 1000 times; nothing else calls it. */
    load_doc(&s, "a.c", "0000000000000011", "parse", EV,
             "{\"unittest_parse\":{\"call_sites\":[{\"callee\":\"parse\",\"executions_per_call\":1000}]}}");
    adv_score_set(&s);
    adv_finding *f = by_function(&s, "parse");
    assert_true(f->score.calls == 1);
    assert_int_equal(f->score.impact, PA_LEVEL_LOW);
    assert_non_null(strstr(f->score.profile_basis, "no callers in the program"));
    adv_set_free(&s);
}

/* A test hook named TEST_ (LevelDB's DBImpl::TEST_NewInternalIterator, the
 * Chromium convention) is test code too: its calls are not the program's
 * path, and the real caller is the one the text names. */
static void profile_should_not_count_calls_from_test_hooks(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    load_doc(&s, "a.cc", "0000000000000012", "_ZN2db6DBImpl11NewIteratorEv", EV,
             "{\"_ZN2db6DBImpl15TEST_NewIteratorEv\":{\"demangled\":\"db::DBImpl::TEST_NewIterator()\","
             "\"call_sites\":[{\"callee\":\"_ZN2db6DBImpl11NewIteratorEv\",\"executions_per_call\":1000}]},"
             "\"_ZN2db6DBImpl3GetEv\":{\"demangled\":\"db::DBImpl::Get()\","
             "\"call_sites\":[{\"callee\":\"_ZN2db6DBImpl11NewIteratorEv\",\"executions_per_call\":1}]}}");
    adv_score_set(&s);
    adv_finding *f = by_function(&s, "_ZN2db6DBImpl11NewIteratorEv");
    assert_true(f->score.calls == 1);
    assert_non_null(strstr(f->score.profile_basis, "per call of db::DBImpl::Get()"));
    assert_null(strstr(f->score.profile_basis, "TEST_"));
    adv_set_free(&s);
}

static void profile_should_cap_recursion(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    /* walk() calls itself 0.9 times per call: 10x by the geometric series,
     * more with a higher rate; the cap keeps it at 10x what enters. */
    load_doc(&s, "a.c", "00000000000000b1", "walk", EV,
             "{\"main\":{\"call_sites\":[{\"callee\":\"walk\",\"executions_per_call\":2}]},"
             "\"walk\":{\"call_sites\":[{\"callee\":\"walk\",\"executions_per_call\":50},"
             "{\"callee\":\"other\",\"executions_per_call\":1}]},"
             "\"other\":{\"call_sites\":[{\"callee\":\"walk\",\"executions_per_call\":3}]}}");
    adv_score_set(&s);
    adv_finding *f = by_function(&s, "walk");
    assert_true(f->score.calls <= ADV_PROFILE_CYCLE_CAP * 2 + 1e-9);
    assert_true(f->score.calls >= 2);
    adv_set_free(&s);
}

/* A function that only the other members of a recursion cycle call has no
 * call from outside it to show: the text says so (it read "runs ~N times
 * per call of a root: " and nothing more). */
static void profile_should_name_a_cycle_when_only_the_cycle_calls_a_function(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    load_doc(&s, "a.c", "00000000000000b2", "inner", EV,
             "{\"main\":{\"call_sites\":[{\"callee\":\"outer\",\"executions_per_call\":2}]},"
             "\"outer\":{\"call_sites\":[{\"callee\":\"inner\",\"executions_per_call\":0.5}]},"
             "\"inner\":{\"call_sites\":[{\"callee\":\"outer\",\"executions_per_call\":0.5}]}}");
    adv_score_set(&s);
    adv_finding *f = by_function(&s, "inner");
    assert_non_null(f->score.profile_basis);
    assert_non_null(strstr(f->score.profile_basis,
                           "inner() is called only from inside a cycle of recursive calls"));
    assert_null(strstr(f->score.profile_basis, "root: ;"));
    assert_true(f->score.calls >= 1);
    adv_set_free(&s);
}

static void profile_should_keep_static_functions_per_translation_unit(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    /* Two static helper()s: a.c's is called 500 times, b.c's once. */
    load_doc(&s, "a.c", "00000000000000c1", "helper", EV,
             "{\"helper\":{\"static\":true},"
             "\"fa\":{\"call_sites\":[{\"callee\":\"helper\",\"executions_per_call\":500}]}}");
    load_doc(&s, "b.c", "00000000000000c2", "helper", EV,
             "{\"helper\":{\"static\":true},"
             "\"fb\":{\"call_sites\":[{\"callee\":\"helper\",\"executions_per_call\":1}]}}");
    adv_score_set(&s);
    adv_finding *a = adv_set_find(&s, "00000000000000c1"),
                *b = adv_set_find(&s, "00000000000000c2");
    assert_true(fabs(a->score.calls - 500) < 1e-9);
    assert_true(fabs(b->score.calls - 1) < 1e-9);
    adv_set_free(&s);
}

static void profile_should_rank_cold_code_and_what_only_it_reaches_low(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    /* report() is cold; fmt() is reached only from it; warm() from an
     * ordinary root; setup() only from an init root; unlikely() only
     * through a branch taken 0.0005 times per call. */
    const char *sum =
        "{\"report\":{\"cold\":true,\"call_sites\":["
        "{\"callee\":\"fmt\",\"executions_per_call\":100}]},"
        "\"api\":{\"call_sites\":[{\"callee\":\"warm\",\"executions_per_call\":100},"
        "{\"callee\":\"unlikely\",\"executions_per_call\":0.0005}]},"
        "\"lib_init\":{\"call_sites\":[{\"callee\":\"setup\",\"executions_per_call\":100}]}}";
    /* Known trip counts: no guessed loop caps the warm one at Medium. */
    const char *big = "{\"loop_depth\":2,\"trip_count\":30,\"executions_per_call\":1000,\"bytes\":64}";
    load_doc(&s, "a.c", "00000000000000d1", "report", big, sum);
    load_doc(&s, "b.c", "00000000000000d2", "fmt", big, "{}");
    load_doc(&s, "c.c", "00000000000000d3", "warm", big, "{}");
    load_doc(&s, "d.c", "00000000000000d4", "setup", big, "{}");
    load_doc(&s, "e.c", "00000000000000d5", "unlikely",
             "{\"loop_depth\":2,\"executions_per_call\":1e7}", "{}");
    adv_score_set(&s);
    assert_int_equal(by_function(&s, "report")->score.impact, PA_LEVEL_LOW);
    assert_non_null(strstr(by_function(&s, "report")->score.impact_reason, "marked cold"));
    assert_int_equal(by_function(&s, "fmt")->score.impact, PA_LEVEL_LOW);
    assert_int_equal(by_function(&s, "setup")->score.impact, PA_LEVEL_LOW);
    assert_non_null(strstr(by_function(&s, "setup")->score.profile_basis, "initialises"));
    assert_int_equal(by_function(&s, "unlikely")->score.impact, PA_LEVEL_LOW);
    /* The non-finding direction: the warm one keeps its rank. */
    assert_int_equal(by_function(&s, "warm")->score.impact, PA_LEVEL_HIGH);
    adv_set_free(&s);
}

/* An initialisation root runs once per program, a run-time root once per
 * request: an init call counts as ADV_PROFILE_INIT_WEIGHT of a call, so a
 * function the set-up calls 100 times but an API function once ranks by the
 * API's call (LevelDB's VersionSet::Builder, reached 0.13 times per
 * DB::Open and ~0.16 times per background compaction). */
static void profile_should_weigh_an_init_root_as_a_fraction_of_a_call(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    const char *sum = "{\"api\":{\"call_sites\":[{\"callee\":\"both\",\"executions_per_call\":1}]},"
                      "\"lib_init\":{\"call_sites\":[{\"callee\":\"both\",\"executions_per_call\":100},"
                      "{\"callee\":\"setup\",\"executions_per_call\":1}]}}";
    load_doc(&s, "a.c", "00000000000000e1", "both", EV, sum);
    load_doc(&s, "b.c", "00000000000000e2", "setup", EV, "{}");
    adv_score_set(&s);
    const adv_score *both = &by_function(&s, "both")->score, *setup = &by_function(&s, "setup")->score;
    assert_true(fabs(both->calls - (1 + 100 * ADV_PROFILE_INIT_WEIGHT)) < 1e-9);
    assert_non_null(strstr(both->profile_basis, "per call of api()"));
    assert_true(fabs(setup->calls - ADV_PROFILE_INIT_WEIGHT) < 1e-12);
    assert_non_null(strstr(setup->profile_basis, "lib_init() is a root that initialises: runs once per program"));
    /* The non-finding direction: main runs once per program and is the hot path. */
    adv_set_free(&s);
    assert_int_equal(adv_set_init(&s), 0);
    load_doc(&s, "c.c", "00000000000000e3", "work", EV,
             "{\"main\":{\"call_sites\":[{\"callee\":\"work\",\"executions_per_call\":100}]}}");
    adv_score_set(&s);
    assert_true(fabs(by_function(&s, "work")->score.calls - 100) < 1e-9);
    adv_set_free(&s);
}

static void profile_should_cap_an_estimate_of_compounded_guesses_at_medium(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    /* One unknown-trip loop in each function: guessed() has its own and two
     * loop edges above it (3 guesses); known() a known trip count and one
     * loop edge (1); sites() an edge of 3 call instructions, 3 calls: no
     * loop (1 guess, its own). */
    const char *sum =
        "{\"api\":{\"call_sites\":[{\"callee\":\"mid\",\"executions_per_call\":20},"
        "{\"callee\":\"known\",\"executions_per_call\":20},"
        "{\"callee\":\"sites\",\"executions_per_call\":3,\"sites\":3}]},"
        "\"mid\":{\"call_sites\":[{\"callee\":\"guessed\",\"executions_per_call\":20}]}}";
    load_doc(&s, "a.c", "00000000000000e1", "guessed",
             "{\"loop_depth\":1,\"executions_per_call\":20,\"bytes\":64}", sum);
    load_doc(&s, "b.c", "00000000000000e2", "known",
             "{\"loop_depth\":1,\"trip_count\":400,\"executions_per_call\":400,\"bytes\":64}", "{}");
    load_doc(&s, "c.c", "00000000000000e3", "sites",
             "{\"loop_depth\":1,\"executions_per_call\":4000,\"bytes\":64}", "{}");
    adv_score_set(&s);
    adv_finding *g = by_function(&s, "guessed"), *k = by_function(&s, "known"),
                *t = by_function(&s, "sites");
    assert_int_equal(adv_profile_guesses(&s, g, &g->score), 3);
    assert_int_equal(g->score.impact, PA_LEVEL_MEDIUM);
    assert_non_null(strstr(g->score.impact_reason, "multiplies 3 loop counts the compiler guessed"));
    assert_non_null(strstr(g->score.profile_basis, "capped at Medium"));
    assert_int_equal(adv_profile_guesses(&s, k, &k->score), 1);
    assert_int_equal(k->score.impact, PA_LEVEL_HIGH);
    assert_int_equal(adv_profile_guesses(&s, t, &t->score), 1);
    assert_int_equal(t->score.impact, PA_LEVEL_HIGH);
    adv_set_free(&s);
}

/* A capped estimate does not outrank by the size of its guesses: a
 * constructor reached through a chain of guessed loops (DuckDB's
 * StructColumnData, "~3.7 million calls per root") ranks at Medium's top,
 * below a Medium finding whose count is known and whose cost is larger (one
 * capped for its confidence), above one whose known cost is Medium's; two
 * capped estimates have the same priority, the larger sorted first. */
static void profile_should_rank_a_capped_estimate_no_higher_than_its_band(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    const char *sum =
        "{\"api\":{\"call_sites\":[{\"callee\":\"mid\",\"executions_per_call\":20},"
        "{\"callee\":\"mid2\",\"executions_per_call\":20}]},"
        "\"mid\":{\"call_sites\":[{\"callee\":\"guessed\",\"executions_per_call\":20}]},"
        "\"mid2\":{\"call_sites\":[{\"callee\":\"guessed_more\",\"executions_per_call\":20}]}}";
    load_doc(&s, "a.c", "00000000000000a1", "guessed",
             "{\"loop_depth\":1,\"executions_per_call\":20,\"bytes\":64}", sum);
    load_doc(&s, "b.c", "00000000000000a2", "guessed_more",
             "{\"loop_depth\":1,\"executions_per_call\":2000,\"bytes\":64}", "{}");
    /* Roots (no callers) with known counts: 160 x 60 ns, Medium; 4000 x 60
     * ns, High by cost but capped for its confidence. */
    load_doc(&s, "c.c", "00000000000000a3", "known_medium",
             "{\"loop_depth\":1,\"trip_count\":160,\"executions_per_call\":160,\"bytes\":64}", "{}");
    load_doc(&s, "d.c", "00000000000000a4", "known_unsure",
             "{\"loop_depth\":1,\"trip_count\":4000,\"executions_per_call\":4000,\"bytes\":64,"
             "\"confidence\":\"medium\"}",
             "{}");
    adv_score_set(&s);
    adv_finding *g = by_function(&s, "guessed"), *m = by_function(&s, "guessed_more"),
                *k = by_function(&s, "known_medium"), *u = by_function(&s, "known_unsure");
    assert_int_equal(k->score.impact, PA_LEVEL_MEDIUM);
    assert_int_equal(u->score.impact, PA_LEVEL_MEDIUM);
    assert_false(k->score.guesses_capped || u->score.guesses_capped);
    assert_true(k->score.cost_ns < ADV_HIGH_NS && u->score.cost_ns > ADV_HIGH_NS);
    assert_true(m->score.cost_ns > u->score.cost_ns); /* the guess is larger */
    const adv_finding *mu[2] = {m, u}, *gk[2] = {g, k};
    assert_true(adv_compare_findings(&mu[1], &mu[0]) < 0); /* the known larger cost first */
    assert_true(adv_compare_findings(&gk[0], &gk[1]) < 0); /* above a known Medium cost */
    assert_int_equal(g->score.impact, PA_LEVEL_MEDIUM);
    assert_int_equal(m->score.impact, PA_LEVEL_MEDIUM);
    assert_true(g->score.guesses_capped && m->score.guesses_capped);
    assert_true(m->score.cost_ns > 50 * g->score.cost_ns && g->score.cost_ns > ADV_HIGH_NS);
    assert_int_equal(g->score.priority, m->score.priority);
    const adv_finding *gm[2] = {g, m};
    assert_true(adv_compare_findings(&gm[1], &gm[0]) < 0); /* the larger estimate first */
    /* Not capped, the same cost reads higher. */
    adv_score known = g->score;
    known.guesses_capped = false;
    assert_true(adv_score_return(&known) > adv_score_return(&g->score));
    adv_set_free(&s);
}

static void profile_should_cap_a_root_whose_own_loop_counts_are_all_guessed(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    /* Roots (no callers: counted once): three nested loops of unknown trip
     * count are three guesses multiplied even with no call chain above
     * (LibSass's selector_append, ~872 per call from 3 guessed levels);
     * two such loops stay High. */
    const char *roots = "{\"deep\":{\"call_sites\":[]},\"shallow\":{\"call_sites\":[]}}";
    load_doc(&s, "a.c", "00000000000000f1", "deep",
             "{\"loop_depth\":3,\"executions_per_call\":8000,\"bytes\":64}", roots);
    load_doc(&s, "b.c", "00000000000000f2", "shallow",
             "{\"loop_depth\":2,\"executions_per_call\":8000,\"bytes\":64}", "{}");
    adv_score_set(&s);
    adv_finding *d = by_function(&s, "deep"), *w = by_function(&s, "shallow");
    assert_true(fabs(d->score.calls - 1) < 1e-9);
    assert_int_equal(adv_profile_guesses(&s, d, &d->score), 3);
    assert_int_equal(d->score.impact, PA_LEVEL_MEDIUM);
    assert_non_null(strstr(d->score.impact_reason, "multiplies 3 loop counts the compiler guessed"));
    assert_int_equal(adv_profile_guesses(&s, w, &w->score), 2);
    assert_int_equal(w->score.impact, PA_LEVEL_HIGH);
    adv_set_free(&s);
}

static void profile_should_rank_an_error_path_low_and_say_where_it_ends(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    load_doc(&s, "a.c", "00000000000000e1", "parse",
             "{\"loop_depth\":2,\"executions_per_call\":1000,\"bytes\":64,"
             "\"error_path\":{\"ends_in\":\"error-return\",\"what\":\"return -1\","
             "\"location\":{\"file\":\"src/a.c\",\"line\":42,\"column\":5}}}",
             "{}");
    load_doc(&s, "b.c", "00000000000000e2", "parse2",
             "{\"loop_depth\":2,\"executions_per_call\":1000,\"bytes\":64}", "{}");
    adv_score_set(&s);
    adv_finding *f = by_function(&s, "parse");
    assert_int_equal(f->score.impact, PA_LEVEL_LOW);
    assert_non_null(
        strstr(f->score.profile_basis, "on an error path that ends in return -1 at a.c:42"));
    assert_int_equal(by_function(&s, "parse2")->score.impact, PA_LEVEL_HIGH);
    assert_null(by_function(&s, "parse2")->score.profile_basis);
    adv_set_free(&s);
}

/* A C++ callee the error path ends in is named as the report names
 * functions: "Sass::error()", not its signature with "()" after it (or a
 * signature cut short, "basic_string<char, std::char_trait()"). */
static void profile_should_name_a_cxx_error_call_shortly(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    load_doc(&s, "a.cpp", "00000000000000e3", "parse",
             "{\"loop_depth\":1,\"executions_per_call\":10,\"bytes\":64,"
             "\"error_path\":{\"ends_in\":\"error-call\",\"what\":"
             "\"Sass::error(std::__cxx11::basic_string<char, std::char_traits<char>, "
             "std::allocator<char> >, Sass::SourceSpan)\","
             "\"location\":{\"file\":\"src/a.cpp\",\"line\":7,\"column\":5}}}",
             "{}");
    /* The name as the plugin writes it, cut short inside its parameters. */
    load_doc(&s, "b.cpp", "00000000000000e4", "parse_cut",
             "{\"loop_depth\":1,\"executions_per_call\":10,\"bytes\":64,"
             "\"error_path\":{\"ends_in\":\"error-call\",\"what\":"
             "\"Sass::error(std::__cxx11::basic_string<char, std::char_trait\","
             "\"location\":{\"file\":\"src/b.cpp\",\"line\":9,\"column\":5}}}",
             "{}");
    adv_score_set(&s);
    adv_finding *f = by_function(&s, "parse");
    assert_non_null(f->score.profile_basis);
    assert_non_null(
        strstr(f->score.profile_basis, "on an error path that ends in Sass::error() at a.cpp:7"));
    f = by_function(&s, "parse_cut");
    assert_non_null(
        strstr(f->score.profile_basis, "on an error path that ends in Sass::error() at b.cpp:9"));
    adv_set_free(&s);
}

static void profile_should_change_nothing_without_call_sites(void **state)
{
    (void)state;
    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    load_doc(&s, "a.c", "00000000000000f1", "fn", EV, "{\"fn\":{\"calls\":[\"x\"]}}");
    adv_score_set(&s);
    assert_null(s.profile);
    assert_true(s.items[0].score.calls == 1);
    assert_null(s.items[0].score.profile_basis);
    adv_set_free(&s);
}

/* One document: `copies` findings in each of four functions (a capped
 * estimate, a plain one, one on an error path, one in cold code) and the
 * summaries that rank them. */
static void load_ranking_doc(adv_set *s, size_t copies)
{
    static const char *const fns[] = {"guessed", "known", "failing", "chilly"};
    static const char *const evs[] = {
        "{\"loop_depth\":1,\"executions_per_call\":20,\"bytes\":64}",
        "{\"loop_depth\":1,\"trip_count\":400,\"executions_per_call\":400,\"bytes\":64}",
        "{\"loop_depth\":2,\"executions_per_call\":1000,\"bytes\":64,"
        "\"error_path\":{\"ends_in\":\"error-return\",\"what\":\"return -1\","
        "\"location\":{\"file\":\"src/a.c\",\"line\":42,\"column\":5}}}",
        "{\"loop_depth\":1,\"executions_per_call\":50,\"bytes\":64}",
    };
    size_t cap = 4 * copies * 1024 + 4096, len = 0;
    char *doc = malloc(cap), finding[1024], id[17], err[256];
    assert_non_null(doc);
    len += (size_t)snprintf(doc, cap,
                            "{\"schema\":\"perfadvise-findings/1\",\"tool\":{\"name\":\"perfadvise\"},"
                            "\"tu\":{\"source\":\"a.c\",\"directory\":\"/src\",\"debug_info\":true},"
                            "\"findings\":[");
    for (size_t i = 0; i < 4 * copies; i++) {
        snprintf(id, sizeof id, "%016zx", i + 1);
        adv_test_finding(finding, sizeof finding, id, "loop-alloc", fns[i % 4],
                         (unsigned)(10 + i / 4), evs[i % 4]);
        len += (size_t)snprintf(doc + len, cap - len, "%s%s", i ? "," : "", finding);
    }
    snprintf(doc + len, cap - len, "%s",
             "],\"lock_edges\":[],\"summaries\":"
             "{\"api\":{\"call_sites\":[{\"callee\":\"mid\",\"executions_per_call\":20},"
             "{\"callee\":\"known\",\"executions_per_call\":20,\"line\":7},"
             "{\"callee\":\"failing\",\"executions_per_call\":20},"
             "{\"callee\":\"chilly\",\"executions_per_call\":20}]},"
             "\"mid\":{\"call_sites\":[{\"callee\":\"guessed\",\"executions_per_call\":20}]},"
             "\"chilly\":{\"cold\":true,\"call_sites\":[]}}}");
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
    free(doc);
}

static void assert_same_text(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

/* A large set is ranked on two threads (score.c, rank_split), a small one
 * on one: every finding's rank and texts are the same. */
static void profile_should_rank_a_large_set_as_it_ranks_a_small_one(void **state)
{
    (void)state;
    adv_set big, small;
    assert_int_equal(adv_set_init(&big), 0);
    assert_int_equal(adv_set_init(&small), 0);
    load_ranking_doc(&big, 1000);
    load_ranking_doc(&small, 1);
    adv_score_set(&big);
    adv_score_set(&small);
    assert_int_equal(big.count, 4000);
    for (size_t i = 0; i < big.count; i++) {
        const adv_score *b = &big.items[i].score, *w = &small.items[i % 4].score;
        assert_string_equal(big.items[i].function, small.items[i % 4].function);
        assert_true(b->calls == w->calls);
        assert_true(b->cost_ns == w->cost_ns);
        assert_int_equal(b->impact, w->impact);
        assert_int_equal(b->priority, w->priority);
        assert_same_text(b->impact_reason, w->impact_reason);
        assert_same_text(b->profile_basis, w->profile_basis);
    }
    /* The four cases are all there: capped, plain, error path, cold. */
    assert_non_null(strstr(small.items[0].score.impact_reason, "capped at Medium"));
    assert_int_equal(small.items[1].score.impact, PA_LEVEL_HIGH);
    assert_non_null(strstr(small.items[2].score.profile_basis, "on an error path"));
    assert_non_null(strstr(small.items[3].score.impact_reason, "marked cold"));
    adv_set_free(&big);
    adv_set_free(&small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            profile_should_rank_a_function_called_from_a_hot_loop_in_another_tu_above_one_called_once),
        cmocka_unit_test(profile_should_not_count_calls_from_test_code),
        cmocka_unit_test(profile_should_count_a_threads_root_per_iteration_of_its_loop),
        cmocka_unit_test(profile_should_read_the_first_of_a_summarys_repeated_keys),
        cmocka_unit_test(profile_should_cap_recursion),
        cmocka_unit_test(profile_should_not_count_calls_from_test_hooks),
        cmocka_unit_test(profile_should_name_a_cxx_error_call_shortly),
        cmocka_unit_test(profile_should_name_a_cycle_when_only_the_cycle_calls_a_function),
        cmocka_unit_test(profile_should_keep_static_functions_per_translation_unit),
        cmocka_unit_test(profile_should_rank_cold_code_and_what_only_it_reaches_low),
        cmocka_unit_test(profile_should_weigh_an_init_root_as_a_fraction_of_a_call),
        cmocka_unit_test(profile_should_cap_an_estimate_of_compounded_guesses_at_medium),
        cmocka_unit_test(profile_should_rank_a_capped_estimate_no_higher_than_its_band),
        cmocka_unit_test(profile_should_cap_a_root_whose_own_loop_counts_are_all_guessed),
        cmocka_unit_test(profile_should_rank_an_error_path_low_and_say_where_it_ends),
        cmocka_unit_test(profile_should_change_nothing_without_call_sites),
        cmocka_unit_test(profile_should_rank_a_large_set_as_it_ranks_a_small_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
