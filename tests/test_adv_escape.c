/* tests/test_adv_escape.c — untrusted strings come out inert in every medium
 * (advisor/escape_text.c and the renderers): a function name and file path
 * carrying <script>, quotes, newlines and terminal escape sequences. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adv_test_util.h"
#include "escape_text.h"
#include "lockgraph.h"
#include "render.h"
#include "score.h"

#define EVIL_FN "<script>alert(1)</script>\\\"'\\n\\u001b[31mRED\\u001b]0;t\\u0007"
#define EVIL_FILE "src/<img src=x onerror=alert(2)>\\\"`|.c"

typedef int (*render_fn)(FILE *, const adv_report *, const adv_render_opts *);

/* Render report r with fn (default options); returns a malloc'd string. */
static char *render_report(render_fn fn, adv_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    adv_render_opts o = {false, 2};
    assert_int_equal(fn(out, r, &o), 0);
    fclose(out);
    return buf;
}

/* Render the hostile fixture with fn; returns a malloc'd string. */
static char *render_evil(render_fn fn)
{
    adv_set s;
    char err[256], doc[2048];
    assert_int_equal(adv_set_init(&s), 0);
    snprintf(doc, sizeof doc,
             ADV_DOC_HEAD "\"findings\":[{\"id\":\"0123456789abcdef\",\"kind\":\"loop-alloc\","
                          "\"function\":\"%s\",\"function_demangled\":\"%s\","
                          "\"location\":{\"file\":\"%s\",\"line\":3,\"column\":1},"
                          "\"message\":\"<b>x</b> \\u001b[2J\\r\\nnext\",\"evidence\":"
                          "{\"loop_depth\":1,\"acquired_at\":[{\"class\":\"<c>\",\"function\":\"%s\","
                          "\"location\":{\"file\":\"%s\",\"line\":4,\"column\":1}}]}}],"
                          "\"lock_edges\":[{\"outer\":\"</svg><script>a()</script>\",\"inner\":\"b&\","
                          "\"function\":\"g\"},{\"outer\":\"b&\",\"inner\":\"</svg><script>a()</script>\","
                          "\"function\":\"h\"}]}",
             EVIL_FN, EVIL_FN, EVIL_FILE, EVIL_FN, EVIL_FILE);
    assert_int_equal(adv_test_load(&s, doc, err, sizeof err), 0);
    adv_lockgraph g;
    assert_int_equal(adv_lockgraph_build(&s, &g), 0);
    assert_true(adv_lockgraph_report_cycles(&s, &g) >= 0);
    adv_score_set(&s);
    adv_finding *view[1] = {&s.items[0]};
    adv_report r;
    memset(&r, 0, sizeof r);
    r.set = &s;
    r.view = view;
    r.nview = 1;
    r.graph = &g;
    adv_summarize(view, 1, 1, &r.stats);
    char *buf = render_report(fn, &r);
    adv_lockgraph_free(&g);
    adv_set_free(&s);
    return buf;
}

static bool has_raw_control(const char *s, bool allow_newline)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && !(allow_newline && c == '\n')) || c == 0x7f)
            return true;
    }
    return false;
}

static void text_should_never_emit_terminal_escapes(void **state)
{
    (void)state;
    char *out = render_evil(adv_render_text);
    assert_false(has_raw_control(out, true));
    assert_non_null(strstr(out, "\\x1b[31mRED"));
    assert_non_null(strstr(out, "\\x0a")); /* the newline inside the name is shown, not obeyed */
    free(out);
}

static void html_should_escape_markup_quotes_and_controls(void **state)
{
    (void)state;
    char *out = render_evil(adv_render_html);
    assert_null(strstr(out, "<script>alert"));
    assert_null(strstr(out, "<img"));
    assert_null(strstr(out, "</svg><script>"));
    assert_non_null(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"));
    assert_null(strstr(out, "\x1b"));
    /* exactly one script element: ours */
    const char *first = strstr(out, "<script>");
    assert_non_null(first);
    assert_null(strstr(first + 1, "<script>"));
    assert_non_null(strstr(out, "<svg"));
    free(out);
}

static void markdown_should_escape_markup_and_controls(void **state)
{
    (void)state;
    char *out = render_evil(adv_render_markdown);
    assert_null(strstr(out, "\x1b"));
    assert_null(strstr(out, "<b>x</b>"));
    assert_non_null(strstr(out, "&lt;b&gt;x&lt;/b&gt;"));
    /* outside code spans, raw HTML never appears */
    assert_null(strstr(out, "| <script>"));
    free(out);
}

static void json_and_sarif_should_be_valid_json_with_the_strings_intact(void **state)
{
    (void)state;
    render_fn fns[] = {adv_render_json, adv_render_sarif};
    for (int i = 0; i < 2; i++) {
        char *out = render_evil(fns[i]);
        assert_false(has_raw_control(out, true));
        cJSON *doc = cJSON_Parse(out);
        assert_non_null(doc);
        char *again = cJSON_PrintUnformatted(doc);
        assert_non_null(strstr(again, "<script>alert(1)</script>"));
        cJSON_free(again);
        cJSON_Delete(doc);
        free(out);
    }
}

static void put_term_should_escape_c1_controls_and_keep_utf8(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    adv_put_term(out, "caf\xc3\xa9 \xc2\x9b" "31m \x7f");
    fclose(out);
    assert_string_equal(buf, "caf\xc3\xa9 \\xc2\\x9b31m \\x7f");
    free(buf);
}

/* Render s with put into a new string. */
static char *put_to_string(void (*put)(FILE *, const char *), const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    put(out, s);
    fclose(out);
    return buf;
}

static void every_medium_should_show_bidi_controls_as_code_points(void **state)
{
    (void)state;
    /* RLO ... PDF around "resu", an LRI/PDI pair, U+2028, U+061C; an
     * ordinary accented letter and U+2010 (a hyphen, not a control) stay. */
    const char *s = "check\xe2\x80\xaeresu\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9 "
                    "\xe2\x80\xa8\xd8\x9c caf\xc3\xa9\xe2\x80\x90";
    void (*puts_[])(FILE *, const char *) = {adv_put_term, adv_put_html, adv_put_md, adv_put_md_code};
    for (size_t i = 0; i < sizeof puts_ / sizeof puts_[0]; i++) {
        char *out = put_to_string(puts_[i], s);
        assert_non_null(strstr(out, "\\u202eresu\\u202c"));
        assert_non_null(strstr(out, "\\u2066x\\u2069"));
        assert_non_null(strstr(out, "\\u2028\\u061c"));
        assert_non_null(strstr(out, "caf\xc3\xa9\xe2\x80\x90"));
        assert_null(strstr(out, "\xe2\x80\xae"));
        free(out);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    adv_put_code_line(out, s, strlen(s));
    adv_put_code_line(out, "\xe2\x80\xae", 2); /* cut short: not a whole character */
    fclose(out);
    assert_non_null(strstr(buf, "check\\u202eresu\\u202c \\u2066x\\u2069 \\u2028\\u061c"));
    assert_int_equal(buf[len - 1], '\x80');
    free(buf);
}

static void utf8_invalid_count_should_count_the_bytes_sanitize_replaces(void **state)
{
    (void)state;
    char s[] = "ascii only, long enough for the word loop \xff then \xe2\x82 and \xc3\xa9 ok";
    size_t n = strlen(s);
    assert_int_equal(adv_utf8_invalid_count("plain ascii text of some length", 31), 0);
    assert_int_equal(adv_utf8_invalid_count(s, n), 3);
    adv_utf8_sanitize(s, n);
    assert_int_equal(adv_utf8_invalid_count(s, n), 0);
    assert_non_null(strstr(s, "loop ? then ?? and \xc3\xa9 ok"));
}

/* adv_put_term skips plain text sixteen bytes at a time: every byte that
 * may start an escape, at every place in runs of 0-40 plain bytes, is
 * escaped as it is alone, the plain text around it kept. */
static void put_term_should_escape_at_every_place_in_long_runs(void **state)
{
    (void)state;
    static const char *const seqs[] = {"\x1b", "\x7f", "\xc2\x9b", "\xe2\x80\xae", "\xd8\x9c",
                                       "\xc3\xa9", "\t", "\xc2\xa0", "\xe2\x82\xac"};
    static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP";
    for (size_t len = 0; len <= 40; len++) {
        for (size_t k = 0; k <= len; k++) {
            for (size_t q = 0; q < sizeof seqs / sizeof *seqs; q++) {
                char s[96], want[256];
                snprintf(s, sizeof s, "%.*s%s%.*s", (int)k, plain, seqs[q], (int)(len - k),
                         plain + k);
                char *alone = put_to_string(adv_put_term, seqs[q]);
                snprintf(want, sizeof want, "%.*s%s%.*s", (int)k, plain, alone, (int)(len - k),
                         plain + k);
                free(alone);
                char *got = put_to_string(adv_put_term, s);
                assert_string_equal(got, want);
                free(got);
            }
        }
    }
}

/* The text renderer copies a string's plain prefix itself and hands the
 * rest to adv_put_term: the prefix ends at the first byte that may start
 * an escape (found sixteen bytes at a time), at every place in runs of
 * 0-40 bytes, and a string with none is written unchanged. */
static void term_plain_len_should_end_where_an_escape_may_start(void **state)
{
    (void)state;
    static const char *const seqs[] = {"\x1b",         "\x7f",     "\xc2\x9b", "\xe2\x80\xae",
                                       "\xd8\x9c",     "\xc3\xa9", "\t",       "\xc2\xa0",
                                       "\xe2\x82\xac", ""};
    static const bool stops[] = {true, true, true, true, true, false, true, true, true, false};
    static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP";
    for (size_t len = 0; len <= 40; len++) {
        for (size_t k = 0; k <= len; k++) {
            for (size_t q = 0; q < sizeof seqs / sizeof *seqs; q++) {
                char s[96];
                snprintf(s, sizeof s, "%.*s%s%.*s", (int)k, plain, seqs[q], (int)(len - k),
                         plain + k);
                size_t got = adv_term_plain_len(s);
                assert_int_equal(got, stops[q] ? k : strlen(s));
                if (!s[got]) {
                    char *put = put_to_string(adv_put_term, s);
                    assert_string_equal(put, s);
                    free(put);
                }
            }
        }
    }
}

/* Sanitize skips ASCII eight bytes at a time, and 32 at a time in long
 * texts: a bad byte, a cut sequence and a whole one at every place in
 * runs of 0-72 bytes, alone and after 300 plain bytes (every place of a
 * 32-byte block), and a sequence cut by the end of the text, are found as
 * before. */
static void utf8_sanitize_should_find_bad_bytes_at_every_place(void **state)
{
    (void)state;
    static const char *const seqs[] = {"\xff", "\xe2\x82", "\xc3\xa9", "\xf0\x9f\x98\x80", "\xc3"};
    static const char *const want[] = {"?", "??", "\xc3\xa9", "\xf0\x9f\x98\x80", "?"};
    static const char lower[] = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789";
    static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    char pad[301];
    memset(pad, 'x', 300);
    pad[300] = '\0';
    for (int padded = 0; padded < 2; padded++) {
        const char *lead = padded ? pad : "";
        for (size_t len = 0; len <= 72; len++) {
            for (size_t k = 0; k <= len; k++) {
                for (size_t q = 0; q < sizeof seqs / sizeof *seqs; q++) {
                    char s[512], expect[512];
                    size_t n = (size_t)snprintf(s, sizeof s, "%s%.*s%s%.*s", lead, (int)k, lower,
                                                seqs[q], (int)(len - k), upper);
                    snprintf(expect, sizeof expect, "%s%.*s%s%.*s", lead, (int)k, lower, want[q],
                             (int)(len - k), upper);
                    /* The last one cut by the end of the text: only when last. */
                    if (q == 4 && k < len)
                        continue;
                    size_t bad = adv_utf8_invalid_count(s, n);
                    adv_utf8_sanitize(s, n);
                    assert_string_equal(s, expect);
                    assert_int_equal(bad, (q == 0 || q == 4) ? 1 : q == 1 ? 2 : 0);
                }
            }
        }
    }
}

static void md_code_should_use_a_longer_fence_than_the_content(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    adv_put_md_code(out, "a``b");
    fclose(out);
    assert_string_equal(buf, "``` a``b ```");
    free(buf);
}

/* A long text report is formatted on two threads in blocks (render_text.c):
 * every entry still comes out once, whole and in rank order, as the
 * first entries do when rendered alone (--top). */
enum { LONG_N = 3000 };

/* LONG_N findings in s, ranked, entry k at a.c line k; view in that order. */
static void make_long_report(adv_set *s, adv_finding **view, adv_report *r)
{
    assert_int_equal(adv_set_init(s), 0);
    for (unsigned i = 0; i < LONG_N; i++) {
        adv_finding f;
        memset(&f, 0, sizeof f);
        snprintf(f.id, sizeof f.id, "%016x", i);
        f.kind = PA_F_LOOP_ALLOC;
        f.kind_name = "loop-alloc";
        f.remark = "missed";
        f.function = f.function_demangled = "fn";
        f.message = "m";
        f.loc.file = "a.c";
        f.loc.line = i + 1;
        assert_non_null(adv_set_add_finding(s, &f));
    }
    adv_score_set(s);
    for (unsigned i = 0; i < LONG_N; i++)
        view[i] = &s->items[i];
    memset(r, 0, sizeof *r);
    r->set = s;
    r->view = view;
    r->nview = LONG_N;
    adv_summarize(view, LONG_N, LONG_N, &r->stats);
}

/* The same in JSON (entries in blocks on two threads, render_entries.c):
 * one valid document, every finding once, in rank order. */
static void long_json_report_should_list_every_entry_in_order(void **state)
{
    (void)state;
    adv_set s;
    static adv_finding *view[LONG_N];
    adv_report r;
    make_long_report(&s, view, &r);
    char *buf = render_report(adv_render_json, &r);
    cJSON *doc = cJSON_Parse(buf);
    assert_non_null(doc);
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc, "findings");
    assert_int_equal(cJSON_GetArraySize(findings), LONG_N);
    int k = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, findings)
    {
        k++;
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(f, "rank")->valueint, k);
        const cJSON *loc = cJSON_GetObjectItemCaseSensitive(f, "location");
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(loc, "line")->valueint, k);
    }
    cJSON_Delete(doc);
    free(buf);
    adv_set_free(&s);
}

static void long_text_report_should_list_every_entry_in_order(void **state)
{
    (void)state;
    enum { N = LONG_N };
    adv_set s;
    static adv_finding *view[N];
    adv_report r;
    make_long_report(&s, view, &r);
    adv_render_opts o = {false, 2};
    char *whole = NULL, *head = NULL;
    size_t wlen = 0, hlen = 0;
    for (int pass = 0; pass < 2; pass++) {
        adv_summarize(view, N, pass ? 1 : N, &r.stats);
        FILE *out = open_memstream(pass ? &head : &whole, pass ? &hlen : &wlen);
        assert_non_null(out);
        assert_int_equal(adv_render_text(out, &r, &o), 0);
        fclose(out);
    }
    /* Entry k is "#k ... a.c:k ..." and follows entry k - 1. */
    const char *at = whole;
    char want[64];
    for (unsigned k = 1; k <= N; k++) {
        snprintf(want, sizeof want, "\n#%-3u", k);
        const char *e = strstr(at, want);
        assert_non_null(e);
        snprintf(want, sizeof want, "a.c:%u ", k);
        const char *next = strstr(e + 1, "\n#");
        const char *loc = strstr(e, want);
        assert_true(loc && (!next || loc < next));
        at = e + 1;
    }
    /* The first entry and the summary line, as a one-entry report has them. */
    const char *cut = strstr(head, "\n... ");
    assert_non_null(cut);
    size_t summary = (size_t)(strchr(whole, '\n') - whole);
    assert_memory_equal(whole + summary, head + (strchr(head, '\n') - head),
                        (size_t)(cut - strchr(head, '\n')));
    free(whole);
    free(head);
    adv_set_free(&s);
}

/* How a long report marks entry k (rank) and shows its line (a.c:k). */
typedef void (*entry_marks)(char *rank, char *line, size_t n, unsigned k);

static void md_marks(char *rank, char *line, size_t n, unsigned k)
{
    snprintf(rank, n, "\n## %u. ", k);
    snprintf(line, n, "` a.c:%u:0 `", k);
}

static void html_marks(char *rank, char *line, size_t n, unsigned k)
{
    snprintf(rank, n, "<tr data-rank=\"%u\" ", k);
    snprintf(line, n, "data-line=\"%u\"", k);
}

/* Entry k of a long report, found by its own marker with its own line
 * before the next entry's marker, after entry k - 1. */
static void assert_entries_in_order(const char *report, entry_marks marks)
{
    const char *at = report;
    char rank[64], line[64], next_rank[64], next_line[64];
    for (unsigned k = 1; k <= LONG_N; k++) {
        marks(rank, line, sizeof rank, k);
        const char *e = strstr(at, rank);
        assert_non_null(e);
        marks(next_rank, next_line, sizeof next_rank, k + 1);
        const char *next = strstr(e + 1, next_rank);
        const char *loc = strstr(e, line);
        assert_true(loc && (!next || loc < next));
        at = e + 1;
    }
}

/* Markdown sections and HTML rows are formatted in blocks on two threads
 * too, each thread with its own source cache (render_entries.c). */
static void long_markdown_and_html_reports_should_list_every_entry_in_order(void **state)
{
    (void)state;
    adv_set s;
    static adv_finding *view[LONG_N];
    adv_report r;
    make_long_report(&s, view, &r);
    char *md = render_report(adv_render_markdown, &r);
    assert_entries_in_order(md, md_marks);
    char *html = render_report(adv_render_html, &r);
    assert_entries_in_order(html, html_marks);
    free(md);
    free(html);
    adv_set_free(&s);
}

/* SARIF results too: one valid log, every result once, in rank order,
 * each naming its rule. */
static void long_sarif_report_should_list_every_result_in_order(void **state)
{
    (void)state;
    adv_set s;
    static adv_finding *view[LONG_N];
    adv_report r;
    make_long_report(&s, view, &r);
    char *buf = render_report(adv_render_sarif, &r);
    cJSON *doc = cJSON_Parse(buf);
    assert_non_null(doc);
    const cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "runs"), 0);
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(run, "results");
    assert_int_equal(cJSON_GetArraySize(results), LONG_N);
    int k = 0;
    const cJSON *res;
    cJSON_ArrayForEach(res, results)
    {
        k++;
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(res, "ruleIndex")->valueint, 0);
        const cJSON *loc = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, "locations"), 0);
        const cJSON *region = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(loc, "physicalLocation"), "region");
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(region, "startLine")->valueint, k);
    }
    cJSON_Delete(doc);
    free(buf);
    adv_set_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_should_never_emit_terminal_escapes),
        cmocka_unit_test(long_text_report_should_list_every_entry_in_order),
        cmocka_unit_test(long_json_report_should_list_every_entry_in_order),
        cmocka_unit_test(long_markdown_and_html_reports_should_list_every_entry_in_order),
        cmocka_unit_test(long_sarif_report_should_list_every_result_in_order),
        cmocka_unit_test(html_should_escape_markup_quotes_and_controls),
        cmocka_unit_test(markdown_should_escape_markup_and_controls),
        cmocka_unit_test(json_and_sarif_should_be_valid_json_with_the_strings_intact),
        cmocka_unit_test(put_term_should_escape_c1_controls_and_keep_utf8),
        cmocka_unit_test(md_code_should_use_a_longer_fence_than_the_content),
        cmocka_unit_test(every_medium_should_show_bidi_controls_as_code_points),
        cmocka_unit_test(utf8_invalid_count_should_count_the_bytes_sanitize_replaces),
        cmocka_unit_test(utf8_sanitize_should_find_bad_bytes_at_every_place),
        cmocka_unit_test(put_term_should_escape_at_every_place_in_long_runs),
        cmocka_unit_test(term_plain_len_should_end_where_an_escape_may_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
