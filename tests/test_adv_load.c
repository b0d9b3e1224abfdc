/* tests/test_adv_load.c — loading and validating findings files (advisor/load.c),
 * including fuzz-style corrupt inputs. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adv_test_util.h"
#include "evidence.h"

static char err[512];

static int setup(void **state)
{
    adv_set *s = malloc(sizeof *s);
    if (!s || adv_set_init(s) != 0)
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    adv_set_free(*state);
    free(*state);
    return 0;
}

static void load_should_accept_a_valid_document(void **state)
{
    adv_set *s = *state;
    char f[512], doc[1024];
    adv_test_finding(f, sizeof f, "0123456789abcdef", "loop-alloc", "render", 42,
                     "{\"loop_depth\":2,\"bytes\":64}");
    snprintf(doc, sizeof doc, ADV_DOC_HEAD "\"findings\":[%s],\"lock_edges\":[],\"summaries\":{}}", f);
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
    assert_int_equal(s->count, 1);
    assert_string_equal(s->items[0].kind_name, "loop-alloc");
    assert_int_equal(s->items[0].loc.line, 42);
    assert_string_equal(s->items[0].loc.file, "src/a.c");
    assert_non_null(cJSON_GetObjectItemCaseSensitive(adv_finding_evidence(&s->items[0]), "loop_depth"));
    assert_int_equal(s->ntus, 1);
    assert_string_equal(s->tus[0].directory, "/src");
}

static void load_should_name_the_field_when_a_line_is_not_a_number(void **state)
{
    adv_set *s = *state;
    char a[512], b[512], doc[2048];
    adv_test_finding(a, sizeof a, "0123456789abcdef", "loop-alloc", "f", 1, NULL);
    snprintf(b, sizeof b,
             "{\"id\":\"0123456789abcdee\",\"kind\":\"loop-alloc\",\"function\":\"g\","
             "\"location\":{\"file\":\"a.c\",\"line\":\"7\",\"column\":1},\"message\":\"m\"}");
    snprintf(doc, sizeof doc, ADV_DOC_HEAD "\"findings\":[%s,%s,%s,%s]}", a, a, a, b);
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), -1);
    assert_string_equal(err, "findings[3].location.line: expected a number, found a string");
    assert_int_equal(s->count, 0); /* nothing of a bad file is kept */
}

static void load_should_reject_a_missing_field(void **state)
{
    const char *doc = ADV_DOC_HEAD "\"findings\":[{\"id\":\"0123456789abcdef\",\"function\":\"f\","
                                   "\"location\":{\"line\":1,\"column\":1},\"message\":\"m\"}]}";
    assert_int_equal(adv_test_load(*state, doc, err, sizeof err), -1);
    assert_string_equal(err, "findings[0].kind: missing (expected a string)");
}

static void load_should_reject_another_schema_version(void **state)
{
    const char *doc = "{\"schema\":\"perfadvise-findings/2\",\"findings\":[]}";
    assert_int_equal(adv_test_load(*state, doc, err, sizeof err), -1);
    assert_non_null(strstr(err, "unsupported version \"perfadvise-findings/2\""));
    assert_int_equal(adv_test_load(*state, "{\"findings\":[]}", err, sizeof err), -1);
    assert_non_null(strstr(err, "schema: missing"));
    assert_int_equal(adv_test_load(*state, "{\"schema\":7,\"findings\":[]}", err, sizeof err), -1);
    assert_string_equal(err, "schema: expected a string, found a number");
}

static void load_should_report_truncation(void **state)
{
    char f[512], doc[1024];
    adv_test_finding(f, sizeof f, "0123456789abcdef", "loop-alloc", "f", 1, NULL);
    snprintf(doc, sizeof doc, ADV_DOC_HEAD "\"findings\":[%s]}", f);
    for (size_t cut = 1; cut < strlen(doc); cut += 7) {
        char *part = malloc(cut);
        assert_non_null(part);
        memcpy(part, doc, cut);
        assert_int_equal(adv_load_buffer(*state, part, cut, "t.json", err, sizeof err), -1);
        free(part);
    }
    assert_int_equal(adv_load_buffer(*state, doc, strlen(doc) - 3, "t.json", err, sizeof err), -1);
    assert_string_equal(err, "invalid JSON: unexpected end of file (truncated?)");
}

static void load_should_reject_empty_and_blank_files(void **state)
{
    assert_int_equal(adv_load_buffer(*state, "", 0, "e.json", err, sizeof err), -1);
    assert_string_equal(err, "empty file");
    assert_int_equal(adv_test_load(*state, " \n\t", err, sizeof err), -1);
    assert_string_equal(err, "file holds only white space");
}

static void load_should_reject_wrong_types_everywhere(void **state)
{
    static const char *const docs[] = {
        "[]",
        "\"perfadvise-findings/1\"",
        ADV_DOC_HEAD "\"findings\":{}}",
        ADV_DOC_HEAD "\"findings\":[7]}",
        ADV_DOC_HEAD "\"findings\":[],\"lock_edges\":[{\"outer\":1,\"inner\":\"b\"}]}",
        ADV_DOC_HEAD "\"findings\":[],\"lock_edges\":{}}",
        ADV_DOC_HEAD "\"findings\":[],\"summaries\":{\"f\":{\"locks\":[1]}}}",
        ADV_DOC_HEAD "\"findings\":[],\"summaries\":{\"f\":{\"calls_under_lock\":[{\"held\":[]}]}}}",
        ADV_DOC_HEAD "\"findings\":[],\"summaries\":[]}",
        "{\"schema\":\"perfadvise-findings/1\",\"tu\":[],\"findings\":[]}",
        ADV_DOC_HEAD "\"findings\":[{\"id\":\"XYZ\",\"kind\":\"k\",\"function\":\"f\","
                     "\"location\":{\"line\":1,\"column\":1},\"message\":\"m\"}]}",
        ADV_DOC_HEAD "\"findings\":[{\"id\":\"0123456789abcdef\",\"kind\":\"<b>\",\"function\":\"f\","
                     "\"location\":{\"line\":1,\"column\":1},\"message\":\"m\"}]}",
        ADV_DOC_HEAD "\"findings\":[{\"id\":\"0123456789abcdef\",\"kind\":\"k\",\"function\":\"f\","
                     "\"location\":{\"line\":1,\"column\":1},\"message\":\"m\",\"evidence\":[]}]}",
        ADV_DOC_HEAD "\"findings\":[]} trailing",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        err[0] = '\0';
        assert_int_equal(adv_test_load(*state, docs[i], err, sizeof err), -1);
        assert_true(err[0] != '\0');
    }
    assert_int_equal(((adv_set *)*state)->count, 0);
}

static void load_should_reject_huge_and_negative_numbers(void **state)
{
    static const char *const lines[] = {"1e300", "-1", "4294967296", "1.5", "1e999"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char doc[1024];
        snprintf(doc, sizeof doc,
                 ADV_DOC_HEAD "\"findings\":[{\"id\":\"0123456789abcdef\",\"kind\":\"k\","
                              "\"function\":\"f\",\"location\":{\"line\":%s,\"column\":1},"
                              "\"message\":\"m\"}]}",
                 lines[i]);
        assert_int_equal(adv_test_load(*state, doc, err, sizeof err), -1);
        assert_non_null(strstr(err, "findings[0].location.line"));
    }
}

static void load_should_refuse_deep_nesting_without_recursing(void **state)
{
    size_t depth = 200000;
    char *doc = malloc(2 * depth + 1);
    assert_non_null(doc);
    memset(doc, '[', depth);
    memset(doc + depth, ']', depth);
    doc[2 * depth] = '\0';
    assert_int_equal(adv_test_load(*state, doc, err, sizeof err), -1);
    assert_string_equal(err, "JSON nested deeper than 64 levels");
    /* Brackets inside strings do not count. */
    char f[512], ok[1024];
    adv_test_finding(f, sizeof f, "0123456789abcdef", "loop-alloc", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 1, NULL);
    snprintf(ok, sizeof ok, ADV_DOC_HEAD "\"findings\":[%s]}", f);
    assert_int_equal(adv_test_load(*state, ok, err, sizeof err), 0);
    free(doc);
}

static void load_should_make_non_utf8_strings_valid(void **state)
{
    adv_set *s = *state;
    char f[512], doc[1024];
    adv_test_finding(f, sizeof f, "0123456789abcdef", "loop-alloc", "bad\xff\xfe\xc3name", 1,
                     "{\"callee\":\"x\xc0\xafy\"}");
    snprintf(doc, sizeof doc, ADV_DOC_HEAD "\"findings\":[%s]}", f);
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
    assert_string_equal(s->items[0].function, "bad???name");
    assert_string_equal(
        cJSON_GetObjectItemCaseSensitive(adv_finding_evidence(&s->items[0]), "callee")->valuestring,
        "x??y");
}

static void load_should_ignore_unknown_keys_and_accept_unknown_kinds(void **state)
{
    adv_set *s = *state;
    char f[512], doc[1024];
    adv_test_finding(f, sizeof f, "0123456789abcdef", "future-kind", "f", 1, NULL);
    snprintf(doc, sizeof doc, ADV_DOC_HEAD "\"new_key\":[1,2],\"findings\":[%s]}", f);
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
    assert_int_equal(s->count, 1);
    assert_string_equal(s->items[0].kind_name, "future-kind");
}

static void load_should_drop_trylock_and_parameter_edges(void **state)
{
    adv_set *s = *state;
    const char *doc =
        ADV_DOC_HEAD "\"findings\":[],\"lock_edges\":["
                     "{\"outer\":\"a\",\"inner\":\"b\",\"function\":\"f\"},"
                     "{\"outer\":\"b\",\"inner\":\"a\",\"function\":\"g\",\"trylock\":true},"
                     "{\"outer\":\"param#0\",\"inner\":\"a\",\"function\":\"h\"},"
                     "{\"outer\":\"x\",\"inner\":\"a\",\"outer_kind\":\"unknown\",\"function\":\"h\"}]}";
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
    assert_int_equal(s->nedges, 1);
    assert_string_equal(s->edges[0].outer, "a");
}

static void load_should_survive_random_bytes(void **state)
{
    unsigned seed = 12345;
    char buf[256];
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 255) + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = "{}[]\",:0123456789eE.-truefalsnl\\u \xff"[(seed >> 16) % 36];
        }
        adv_load_buffer(*state, buf, n, "r.json", err, sizeof err);
    }
}

static void packed_evidence_should_unpack_to_the_same_tree(void **state)
{
    adv_set *s = *state;
    static const char *const docs[] = {
        "{}",
        "{\"n\":[0,-0,255,256,-1,2147483647,2147483648,-2147483648,-2147483649,0.5,1e-300],"
        "\"loop_depth\":2,\"trip_count\":null,\"executions_per_call\":12.345678901234567,"
        "\"bytes\":4096,\"big\":1e300,\"neg\":-3,\"in_loop\":true,\"kept\":false,"
        "\"held\":[\"g_a\",\"g_b\"],\"empty\":[],\"nested\":{\"a\":[{\"b\":[[],{}]}]},"
        "\"held\":\"a duplicate key\",\"text\":\"caf\\u00e9 \\\"q\\\" \\n\",\"\":0}",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        cJSON *tree = cJSON_Parse(docs[i]);
        assert_non_null(tree);
        const unsigned char *packed = adv_evidence_pack(s, tree);
        assert_non_null(packed);
        cJSON *back = adv_evidence_unpack(packed);
        char *a = cJSON_PrintUnformatted(tree), *b = cJSON_PrintUnformatted(back);
        assert_string_equal(a, b);
        cJSON_free(a);
        cJSON_free(b);
        cJSON_Delete(back);
        cJSON_Delete(tree);
    }
    cJSON *tree = cJSON_Parse(docs[1]);
    const unsigned char *packed = adv_evidence_pack(s, tree);
    /* Whole numbers pack small: far less than the JSON text. */
    cJSON *small = cJSON_Parse("{\"loop_depth\":1,\"bytes\":64,\"allocator\":\"malloc\"}");
    const unsigned char *p2 = adv_evidence_pack(s, small);
    assert_memory_equal(p2 + 5, "\x01" "b\x01" "\x04" "b@" "\x02" "smalloc", 15);
    cJSON_Delete(small);
    /* Lookups find the first member of that name, as cJSON does. */
    assert_null(adv_evidence_packed_string(packed, "held"));
    assert_string_equal(adv_evidence_packed_last_string(packed, "held"), "g_b");
    assert_string_equal(adv_evidence_packed_string(packed, "text"), "caf\xc3\xa9 \"q\" \n");
    assert_null(adv_evidence_packed_string(packed, "bytes"));
    assert_null(adv_evidence_packed_string(packed, "missing"));
    assert_null(adv_evidence_packed_last_string(packed, "empty"));
    cJSON_Delete(tree);
}

static void loaded_findings_should_be_scored_and_keep_evidence_packed(void **state)
{
    adv_set *s = *state;
    char f[512], doc[1024];
    adv_test_finding(f, sizeof f, "0123456789abcdef", "loop-alloc", "render", 42,
                     "{\"loop_depth\":2,\"trip_text\":\"n\",\"confidence\":\"high\","
                     "\"confidence_reason\":\"why\"}");
    snprintf(doc, sizeof doc, ADV_DOC_HEAD "\"findings\":[%s,%s]}", f, f);
    assert_int_equal(adv_test_load(s, doc, err, sizeof err), 0);
    assert_int_equal(s->count, 1);
    adv_finding *x = &s->items[0];
    assert_int_equal(x->tu_count, 2);
    assert_true(x->scored);
    assert_null(x->evidence);
    assert_non_null(x->evidence_packed);
    assert_string_equal(adv_finding_evidence_string(x, "trip_text"), "n");
    assert_string_equal(adv_finding_evidence_string(x, "confidence_reason"), "why");
    assert_int_equal(x->score.confidence, PA_LEVEL_HIGH);
    assert_string_equal(adv_finding_evidence_string(x, "confidence"), "high");
    cJSON *ev = adv_finding_evidence(x);
    assert_ptr_equal(ev, x->evidence);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(ev, "loop_depth")->valueint, 2);
    assert_string_equal(adv_finding_evidence_string(x, "confidence"), "high");
}

/* A document prepared by the thread that parsed it, into memory of its own
 * that the set adopts (advisor/inputs.c's loader threads), imports as one
 * loaded whole: the same findings, scores, repaired names, shared
 * (interned) function names and de-duplicated ids. */
static void prepared_documents_should_import_like_loaded_ones(void **state)
{
    adv_set *s = *state;
    char a[512], b[512], c[512], docs[2][4096];
    adv_test_finding(a, sizeof a, "0123456789abcdef", "loop-alloc", "render", 4,
                     "{\"loop_depth\":2,\"bytes\":64,\"confidence\":\"high\"}");
    adv_test_finding(b, sizeof b, "0123456789abcdee", "made-up-kind", "bad\xff", 5, NULL);
    adv_test_finding(c, sizeof c, "0123456789abcded", "loop-alloc", "render", 6, NULL);
    snprintf(docs[0], sizeof docs[0], ADV_DOC_HEAD "\"findings\":[%s,%s]}", a, b);
    snprintf(docs[1], sizeof docs[1], ADV_DOC_HEAD "\"findings\":[%s,%s]}", c, a);
    adv_set whole, mem;
    assert_int_equal(adv_set_init(&whole), 0);
    assert_int_equal(adv_set_init(&mem), 0);
    adv_parsed *p = adv_parsed_new();
    assert_non_null(p);
    for (int d = 0; d < 2; d++) {
        assert_int_equal(adv_test_load(&whole, docs[d], err, sizeof err), 0);
        assert_int_equal(adv_parse_text(p, docs[d], strlen(docs[d])), 0);
        assert_int_equal(adv_parsed_prepare(p, &mem), 0);
        assert_int_equal(adv_parsed_import(s, p, "test.json", err, sizeof err), 0);
    }
    adv_parsed_free(p); /* the prepared strings live in mem, not in the tree */
    adv_set_adopt_memory(s, &mem);
    adv_set_free(&mem);
    assert_int_equal(s->count, 3);
    assert_int_equal(whole.count, 3);
    assert_int_equal(s->duplicates, 1);
    for (size_t i = 0; i < s->count; i++) {
        const adv_finding *x = &s->items[i], *y = &whole.items[i];
        assert_string_equal(x->id, y->id);
        assert_string_equal(x->kind_name, y->kind_name);
        assert_string_equal(x->remark, y->remark);
        assert_string_equal(x->function, y->function);
        assert_string_equal(x->function_demangled, y->function_demangled);
        assert_string_equal(x->message, y->message);
        assert_string_equal(x->loc.file, y->loc.file);
        assert_int_equal(x->tu, y->tu);
        assert_int_equal(x->tu_count, y->tu_count);
        assert_true(x->scored);
        assert_int_equal(x->score.priority, y->score.priority);
        assert_true(x->score.cost_ns == y->score.cost_ns);
    }
    assert_string_equal(s->items[1].function, "bad?");
    assert_ptr_equal(s->items[0].function, s->items[2].function); /* interned */
    assert_int_equal(s->items[0].tu_count, 2);
    assert_string_equal(adv_finding_evidence_string(&s->items[0], "confidence"), "high");
    adv_set_free(&whole);
}

static void collect_should_find_findings_files_and_skip_temporaries(void **state)
{
    (void)state;
    char dir[] = "/tmp/adv_collect_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[512];
    const char *names[] = {"a.c.0123456789abcdef.json", "b.c.0123456789abcdef.json.tmp.77",
                           "compile_commands.json", "c.json"};
    const char *texts[] = {"{}", "{", "[]", "{\"schema\":\"perfadvise-findings/1\"}"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fputs(texts[i], fp);
        fclose(fp);
    }
    /* The same files again under other names: a symbolic and a hard link
     * (listed once each, by device and inode), and a link to a folder. */
    char target[512], link_path[512];
    snprintf(target, sizeof target, "%s/c.json", dir);
    snprintf(link_path, sizeof link_path, "%s/d.json", dir);
    assert_int_equal(symlink(target, link_path), 0);
    snprintf(target, sizeof target, "%s/a.c.0123456789abcdef.json", dir);
    snprintf(link_path, sizeof link_path, "%s/e.c.0123456789abcdef.json", dir);
    assert_int_equal(link(target, link_path), 0);
    snprintf(link_path, sizeof link_path, "%s/f.c.0123456789abcdef.json", dir);
    assert_int_equal(symlink("/tmp", link_path), 0);
    adv_pathlist l = {NULL, 0, 0};
    const char *args[] = {dir, dir, "/nonexistent/perfadvise"};
    assert_int_equal(adv_collect_inputs(args, 3, &l, NULL, NULL), 1);
    assert_int_equal(l.count, 2); /* listed once although given twice and linked */
    assert_non_null(strstr(l.paths[0], "a.c.0123456789abcdef.json"));
    assert_non_null(strstr(l.paths[1], "c.json"));
    adv_pathlist_free(&l);
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    const char *links[] = {"d.json", "e.c.0123456789abcdef.json", "f.c.0123456789abcdef.json"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, links[i]);
        remove(path);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(load_should_accept_a_valid_document, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_name_the_field_when_a_line_is_not_a_number, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_reject_a_missing_field, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_reject_another_schema_version, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_report_truncation, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_reject_empty_and_blank_files, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_reject_wrong_types_everywhere, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_reject_huge_and_negative_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_refuse_deep_nesting_without_recursing, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_make_non_utf8_strings_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_ignore_unknown_keys_and_accept_unknown_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_drop_trylock_and_parameter_edges, setup, teardown),
        cmocka_unit_test_setup_teardown(load_should_survive_random_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(packed_evidence_should_unpack_to_the_same_tree, setup, teardown),
        cmocka_unit_test_setup_teardown(loaded_findings_should_be_scored_and_keep_evidence_packed, setup, teardown),
        cmocka_unit_test_setup_teardown(prepared_documents_should_import_like_loaded_ones, setup, teardown),
        cmocka_unit_test(collect_should_find_findings_files_and_skip_temporaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
