/* tests/test_adv_lockgraph.c — the whole-program lock-order graph
 * (advisor/lockgraph.c): cross-TU cycles found, single-TU cycles and trylocks
 * left alone, summaries resolved across TUs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "adv_test_util.h"
#include "lockgraph.h"

static char err[512];

/* A TU document with the given lock_edges and summaries JSON. */
static void load_tu(adv_set *s, const char *src, const char *edges, const char *sums)
{
    char doc[4096];
    snprintf(doc, sizeof doc,
             "{\"schema\":\"perfadvise-findings/1\",\"tu\":{\"source\":\"%s\"},\"findings\":[],"
             "\"lock_edges\":[%s],\"summaries\":{%s}}",
             src, edges ? edges : "", sums ? sums : "");
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
}

static void edge_json(char *buf, size_t n, const char *outer, const char *inner, const char *fn,
                      const char *file, unsigned line, bool trylock)
{
    snprintf(buf, n,
             "{\"outer\":\"%s\",\"inner\":\"%s\",\"function\":\"%s\",\"location\":{\"file\":\"%s\","
             "\"line\":%u,\"column\":5},\"trylock\":%s}",
             outer, inner, fn, file, line, trylock ? "true" : "false");
}

static size_t count_kind(const adv_set *s, const char *kind)
{
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++)
        n += strcmp(s->items[i].kind_name, kind) == 0;
    return n;
}

static int run(adv_set *s, adv_lockgraph *g)
{
    assert_int_equal(adv_lockgraph_build(s, g), 0);
    return adv_lockgraph_report_cycles(s, g);
}

static void lockgraph_should_report_a_cycle_spanning_two_tus_once_with_every_site(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    char e1[512], e2[512];
    assert_int_equal(adv_set_init(&s), 0);
    edge_json(e1, sizeof e1, "cache_lock", "index_lock", "cache_evict", "cache.c", 16, false);
    edge_json(e2, sizeof e2, "index_lock", "cache_lock", "index_rebuild", "index.c", 16, false);
    load_tu(&s, "cache.c", e1, NULL);
    load_tu(&s, "index.c", e2, NULL);
    assert_int_equal(run(&s, &g), 1);
    assert_int_equal(g.cross_cycles, 1);
    assert_int_equal(count_kind(&s, "lock-order-inversion"), 1);
    const adv_finding *f = &s.items[0];
    assert_true(f->cross_tu);
    assert_string_equal(f->function, "cache_evict"); /* the first site in the source */
    const cJSON *cycle = cJSON_GetObjectItemCaseSensitive(f->evidence, "cycle");
    assert_int_equal(cJSON_GetArraySize(cycle), 2);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f->evidence, "acquired_at")), 2);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f->evidence, "translation_units")), 2);
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

static void lockgraph_should_leave_a_single_tu_cycle_to_the_plugin(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    char e1[512], e2[512], both[1100];
    assert_int_equal(adv_set_init(&s), 0);
    edge_json(e1, sizeof e1, "m1", "m2", "f1", "s.c", 10, false);
    edge_json(e2, sizeof e2, "m2", "m1", "f2", "s.c", 20, false);
    snprintf(both, sizeof both, "%s,%s", e1, e2);
    load_tu(&s, "s.c", both, NULL);
    assert_int_equal(run(&s, &g), 0);
    assert_int_equal(g.cycles, 1);
    assert_int_equal(g.cross_cycles, 0);
    assert_int_equal(s.count, 0);
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

static void lockgraph_should_ignore_trylock_edges(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    char e1[512], e2[512];
    assert_int_equal(adv_set_init(&s), 0);
    edge_json(e1, sizeof e1, "a", "b", "f", "a.c", 1, false);
    edge_json(e2, sizeof e2, "b", "a", "g", "b.c", 2, true);
    load_tu(&s, "a.c", e1, NULL);
    load_tu(&s, "b.c", e2, NULL);
    assert_int_equal(run(&s, &g), 0);
    assert_int_equal(g.cycles, 0);
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

static void lockgraph_should_resolve_a_locking_callee_defined_in_another_tu(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    char e[512];
    assert_int_equal(adv_set_init(&s), 0);
    /* worker.c: worker() holds g_a and calls helper_b() (defined in helper.c). */
    load_tu(&s, "worker.c", NULL,
            "\"worker\":{\"locks\":[\"g_a\"],\"calls_under_lock\":[{\"callee\":\"helper_b\","
            "\"held\":[\"g_a\"],\"location\":{\"file\":\"worker.c\",\"line\":12,\"column\":9}}]}");
    /* helper.c: helper_b() calls deep_b() which takes g_b (transitive);
     * other() takes g_a while holding g_b. */
    edge_json(e, sizeof e, "g_b", "g_a", "other", "helper.c", 30, false);
    load_tu(&s, "helper.c", e,
            "\"helper_b\":{\"calls\":[\"deep_b\"]},\"deep_b\":{\"locks\":[\"g_b\"]}");
    assert_int_equal(run(&s, &g), 1);
    /* Reported at helper.c:30 (first in the source), worker.c:12 related. */
    assert_string_equal(s.items[0].function, "other");
    const cJSON *acq = cJSON_GetObjectItemCaseSensitive(s.items[0].evidence, "acquired_at");
    bool at_worker = false;
    const cJSON *a;
    cJSON_ArrayForEach(a, acq)
    at_worker |= strcmp(cJSON_GetObjectItemCaseSensitive(a, "function")->valuestring, "worker") == 0;
    assert_true(at_worker);
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

static void lockgraph_should_doubt_a_field_cycle_joined_through_a_summary(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    char e[512];
    assert_int_equal(adv_set_init(&s), 0);
    /* q.c: purge() holds one queue's lock and calls timer_start() (timer.c),
     * which takes the timers' lock; timer.c takes a queue lock under the
     * timers' lock: the same classes, maybe not the same queue. */
    load_tu(&s, "q.c", NULL,
            "\"purge\":{\"locks\":[\"q_t::lock\"],\"calls_under_lock\":[{\"callee\":"
            "\"timer_start\",\"held\":[\"q_t::lock\"],\"location\":{\"file\":\"q.c\","
            "\"line\":5,\"column\":9}}]}");
    edge_json(e, sizeof e, "timers_t::lock", "q_t::lock", "timer_start", "timer.c", 9, false);
    load_tu(&s, "timer.c", e, "\"timer_start\":{\"locks\":[\"timers_t::lock\"]}");
    assert_int_equal(run(&s, &g), 1);
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(s.items[0].evidence, "confidence");
    assert_string_equal(conf->valuestring, "low");
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

/* conn.c takes vfs_lock under conn::mutex (an API lock of its file);
 * vfs.c's set_tempdir() takes conn::mutex under vfs_lock. With
 * `reentered`, conn.c also calls set_tempdir() while it holds conn::mutex. */
static void load_api_cycle(adv_set *s, bool reentered)
{
    char e1[512], e2[512], doc[4096];
    edge_json(e1, sizeof e1, "conn::mutex", "vfs_lock", "exec_sql", "conn.c", 16, false);
    edge_json(e2, sizeof e2, "vfs_lock", "conn::mutex", "set_tempdir", "vfs.c", 9, false);
    snprintf(doc, sizeof doc,
             "{\"schema\":\"perfadvise-findings/1\",\"tu\":{\"source\":\"conn.c\"},\"findings\":[],"
             "\"lock_edges\":[%s],\"api_locks\":[\"conn::mutex\"],\"summaries\":{\"prepare\":{"
             "\"locks\":[\"conn::mutex\"],\"calls\":[\"%s\"],\"calls_under_lock\":[{\"callee\":"
             "\"%s\",\"held\":[\"conn::mutex\"],\"location\":{\"file\":\"conn.c\",\"line\":5,"
             "\"column\":9}}]}}}",
             e1, reentered ? "set_tempdir" : "open_file", reentered ? "set_tempdir" : "open_file");
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
    load_tu(s, "vfs.c", e2, NULL);
}

/* An API lock (a file's api_locks) in a cycle whose reverse order runs
 * inside a call made while it is held: a re-entry that orders nothing. */
static void lockgraph_should_doubt_a_cycle_through_a_reentered_api_lock(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    assert_int_equal(adv_set_init(&s), 0);
    load_api_cycle(&s, true);
    assert_true(adv_set_is_api_lock(&s, "conn::mutex"));
    assert_false(adv_set_is_api_lock(&s, "vfs_lock"));
    assert_int_equal(run(&s, &g), 1);
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(s.items[0].evidence, "confidence");
    assert_string_equal(conf->valuestring, "low");
    const cJSON *why = cJSON_GetObjectItemCaseSensitive(s.items[0].evidence, "confidence_reason");
    assert_non_null(strstr(why->valuestring, "'conn::mutex' is taken again by the callees"));
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

/* The same cycle where nothing holding the API lock calls the function
 * that takes it under the other lock: two threads can deadlock. */
static void lockgraph_should_trust_a_cycle_through_an_api_lock_taken_cold(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    assert_int_equal(adv_set_init(&s), 0);
    load_api_cycle(&s, false);
    assert_int_equal(run(&s, &g), 1);
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(s.items[0].evidence, "confidence");
    assert_string_equal(conf->valuestring, "high");
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

/* Two files' static functions of one name are two functions: conn.c's
 * helper() is called under conn::mutex, vfs.c's takes it under vfs_lock
 * cold; the cycle stays high. */
static void lockgraph_should_not_take_one_static_function_for_another(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    char e1[512], e2[512], doc[4096];
    assert_int_equal(adv_set_init(&s), 0);
    edge_json(e1, sizeof e1, "conn::mutex", "vfs_lock", "exec_sql", "conn.c", 16, false);
    edge_json(e2, sizeof e2, "vfs_lock", "conn::mutex", "helper", "vfs.c", 9, false);
    snprintf(doc, sizeof doc,
             "{\"schema\":\"perfadvise-findings/1\",\"tu\":{\"source\":\"conn.c\"},\"findings\":[],"
             "\"lock_edges\":[%s],\"api_locks\":[\"conn::mutex\"],\"summaries\":{\"exec_sql\":{"
             "\"locks\":[\"conn::mutex\"],\"calls_under_lock\":[{\"callee\":\"helper\",\"held\":"
             "[\"conn::mutex\"],\"location\":{\"file\":\"conn.c\",\"line\":5,\"column\":9}}]},"
             "\"helper\":{\"static\":true,\"locks\":[\"conn::mutex\"]}}}",
             e1);
    assert_int_equal(adv_test_load(&s, doc, err, sizeof err), 0);
    load_tu(&s, "vfs.c", e2, "\"helper\":{\"static\":true,\"locks\":[\"vfs_lock\",\"conn::mutex\"]}");
    assert_int_equal(run(&s, &g), 1);
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(s.items[0].evidence, "confidence");
    assert_string_equal(conf->valuestring, "high");
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

static void lockgraph_should_find_a_three_lock_cycle_once(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    char e[512];
    assert_int_equal(adv_set_init(&s), 0);
    edge_json(e, sizeof e, "x", "y", "f", "1.c", 1, false);
    load_tu(&s, "1.c", e, NULL);
    edge_json(e, sizeof e, "y", "z", "g", "2.c", 2, false);
    load_tu(&s, "2.c", e, NULL);
    edge_json(e, sizeof e, "z", "x", "h", "3.c", 3, false);
    load_tu(&s, "3.c", e, NULL);
    /* a chain that closes no cycle */
    edge_json(e, sizeof e, "x", "w", "k", "4.c", 4, false);
    load_tu(&s, "4.c", e, NULL);
    assert_int_equal(run(&s, &g), 1);
    assert_int_equal(g.cycles, 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s.items[0].evidence, "cycle")), 3);
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

static void lockgraph_should_not_duplicate_a_site_the_plugin_reported(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    char e1[512], e2[512], f[512], doc[2048];
    assert_int_equal(adv_set_init(&s), 0);
    edge_json(e1, sizeof e1, "p", "q", "fp", "p.c", 7, false);
    edge_json(e2, sizeof e2, "q", "p", "fq", "q.c", 8, false);
    load_tu(&s, "q.c", e2, NULL);
    /* p.c carries a lock-order-inversion finding at the very site (same id). */
    char id[17];
    {
        adv_set tmp;
        adv_lockgraph tg;
        assert_int_equal(adv_set_init(&tmp), 0);
        load_tu(&tmp, "p.c", e1, NULL);
        load_tu(&tmp, "q.c", e2, NULL);
        assert_int_equal(run(&tmp, &tg), 1);
        for (size_t i = 0; i < tmp.count; i++)
            if (strcmp(tmp.items[i].function, "fp") == 0)
                memcpy(id, tmp.items[i].id, sizeof id);
        adv_lockgraph_free(&tg);
        adv_set_free(&tmp);
    }
    adv_test_finding(f, sizeof f, id, "lock-order-inversion", "fp", 7, NULL);
    snprintf(doc, sizeof doc,
             "{\"schema\":\"perfadvise-findings/1\",\"findings\":[%s],\"lock_edges\":[%s]}", f, e1);
    assert_int_equal(adv_test_load(&s, doc, err, sizeof err), 0);
    assert_int_equal(run(&s, &g), 0); /* the cycle's first site is already reported */
    assert_int_equal(count_kind(&s, "lock-order-inversion"), 1);
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

static void lockgraph_should_stay_bounded_on_a_dense_graph(void **state)
{
    (void)state;
    adv_set s;
    adv_lockgraph g;
    assert_int_equal(adv_set_init(&s), 0);
    /* A complete digraph on 12 classes, each edge in its own TU. */
    for (int a = 0; a < 12; a++)
        for (int b = 0; b < 12; b++) {
            if (a == b)
                continue;
            char e[512], o[8], i[8], src[16];
            snprintf(o, sizeof o, "L%d", a);
            snprintf(i, sizeof i, "L%d", b);
            snprintf(src, sizeof src, "t%d_%d.c", a, b);
            edge_json(e, sizeof e, o, i, "f", src, (unsigned)(a * 12 + b + 1), false);
            load_tu(&s, src, e, NULL);
        }
    assert_true(run(&s, &g) > 0);
    assert_true(g.truncated);
    assert_true(g.cycles <= ADV_LG_MAX_CYCLES);
    adv_lockgraph_free(&g);
    adv_set_free(&s);
}

/* setter.c: set_opt() takes g_b only for a NULL first argument, wrap()
 * passes its own on (the same condition, in its own summary), other() takes
 * g_a inside g_b. worker.c holds g_a and calls both with `args` as the
 * calls' nonnull_args (NULL: no such key). */
static int null_only_cycles(const char *args, const char *if_null)
{
    adv_set s;
    adv_lockgraph g;
    char e[512], w[1024], t[1024];
    assert_int_equal(adv_set_init(&s), 0);
    char extra[128] = "";
    if (args)
        snprintf(extra, sizeof extra, ",\"nonnull_args\":%s", args);
    snprintf(w, sizeof w,
             "\"worker\":{\"locks\":[\"g_a\"],\"calls_under_lock\":["
             "{\"callee\":\"set_opt\",\"held\":[\"g_a\"],\"location\":{\"file\":\"worker.c\",\"line\":12,\"column\":9}%s},"
             "{\"callee\":\"wrap\",\"held\":[\"g_a\"],\"location\":{\"file\":\"worker.c\",\"line\":14,\"column\":9}%s}]}",
             extra, extra);
    load_tu(&s, "worker.c", NULL, w);
    edge_json(e, sizeof e, "g_b", "g_a", "other", "setter.c", 30, false);
    snprintf(t, sizeof t,
             "\"set_opt\":{\"locks\":[\"g_b\"],\"locks_if_null\":%s},"
             "\"wrap\":{\"locks\":[\"g_b\"],\"locks_if_null\":%s,\"calls\":[\"set_opt\"]}",
             if_null, if_null);
    load_tu(&s, "setter.c", e, t);
    int cycles = run(&s, &g);
    adv_lockgraph_free(&g);
    adv_set_free(&s);
    return cycles;
}

static void lockgraph_should_skip_a_null_only_lock_for_a_non_null_argument(void **state)
{
    (void)state;
    assert_int_equal(null_only_cycles("[0]", "{\"g_b\":0}"), 0);
    /* The argument may be NULL, or another one is non-NULL: the edge. */
    assert_int_equal(null_only_cycles(NULL, "{\"g_b\":0}"), 1);
    assert_int_equal(null_only_cycles("[1]", "{\"g_b\":0}"), 1);
    /* Malformed values are ignored: the lock counts as today. */
    assert_int_equal(null_only_cycles("[-1,99,\"x\"]", "{\"g_b\":\"x\"}"), 1);
    assert_int_equal(null_only_cycles("[0]", "{\"g_b\":-3}"), 1);
}

static void lockgraph_should_not_join_parameter_relative_or_unknown_locks(void **state)
{
    (void)state;
    /* Each TU's function holds its own parameter's lock under the same
     * text and calls the other TU's function that takes g_a: two different
     * locks written alike, no cycle. A global on both sides is one. */
    static const char *const local_names[] = {"*(param#0)", "*(param#0+168)", "param#1+8",
                                              "unknown lock in f()", "unknown lock",
                                              "rocksdb::DBImpl::<byte 1696>", NULL};
    for (size_t i = 0; local_names[i]; i++) {
        adv_set s;
        adv_lockgraph g;
        char a[512], b[512];
        assert_int_equal(adv_set_init(&s), 0);
        snprintf(a, sizeof a,
                 "\"a_then_q\":{\"locks\":[\"g_a\"],\"calls_under_lock\":[{\"callee\":"
                 "\"q_drain\",\"held\":[\"g_a\"],\"location\":{\"file\":\"a.c\",\"line\":3,"
                 "\"column\":1}}]},\"take_a\":{\"locks\":[\"g_a\"]}");
        snprintf(b, sizeof b,
                 "\"q_drain\":{\"locks\":[\"%s\"]},\"pool_run\":{\"locks\":[\"%s\"],"
                 "\"calls_under_lock\":[{\"callee\":\"take_a\",\"held\":[\"%s\"],"
                 "\"location\":{\"file\":\"b.c\",\"line\":9,\"column\":1}}]}",
                 local_names[i], local_names[i], local_names[i]);
        load_tu(&s, "a.c", NULL, a);
        load_tu(&s, "b.c", NULL, b);
        assert_int_equal(run(&s, &g), 0);
        assert_false(pa_lock_class_whole_program(local_names[i]));
        adv_lockgraph_free(&g);
        adv_set_free(&s);
    }
    assert_true(pa_lock_class_whole_program("g_a"));
    assert_true(pa_lock_class_whole_program("rd_kafka_t::rk_timers.rkts_lock"));
    assert_true(pa_lock_class_whole_program("*mem0.mutex"));
    assert_true(pa_lock_class_whole_program("Pool<byte *>::mu"));
    assert_false(pa_lock_class_whole_program("Pool<byte *>::<byte 16>"));
    assert_false(pa_lock_class_whole_program("table::<byte 8>[]"));
    assert_false(pa_lock_class_whole_program(""));
    assert_false(pa_lock_class_whole_program(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lockgraph_should_report_a_cycle_spanning_two_tus_once_with_every_site),
        cmocka_unit_test(lockgraph_should_leave_a_single_tu_cycle_to_the_plugin),
        cmocka_unit_test(lockgraph_should_ignore_trylock_edges),
        cmocka_unit_test(lockgraph_should_resolve_a_locking_callee_defined_in_another_tu),
        cmocka_unit_test(lockgraph_should_doubt_a_field_cycle_joined_through_a_summary),
        cmocka_unit_test(lockgraph_should_find_a_three_lock_cycle_once),
        cmocka_unit_test(lockgraph_should_not_duplicate_a_site_the_plugin_reported),
        cmocka_unit_test(lockgraph_should_stay_bounded_on_a_dense_graph),
        cmocka_unit_test(lockgraph_should_skip_a_null_only_lock_for_a_non_null_argument),
        cmocka_unit_test(lockgraph_should_not_join_parameter_relative_or_unknown_locks),
        cmocka_unit_test(lockgraph_should_doubt_a_cycle_through_a_reentered_api_lock),
        cmocka_unit_test(lockgraph_should_trust_a_cycle_through_an_api_lock_taken_cold),
        cmocka_unit_test(lockgraph_should_not_take_one_static_function_for_another),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
