/* tests/test_adv_objread.c — embedded findings read from ELF files and ar
 * archives (advisor/objread.c), including truncated and malformed inputs, and
 * the de-duplication of one translation unit seen in several inputs
 * (advisor/inputs.c). The objects are built byte by byte here. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adv_test_util.h"
#include "inputs.h"
#include "objread.h"

/* ---- what a scan saw ------------------------------------------------------- */

typedef struct seen {
    int docs;
    char doc[8][256];
    char member[8][64];
    int problems;
    char problem[8][320];
} seen;

static int on_doc(void *ctx, const char *member, const char *json, size_t len)
{
    seen *s = ctx;
    if (s->docs < 8) {
        snprintf(s->doc[s->docs], sizeof s->doc[0], "%.*s", (int)len, json);
        snprintf(s->member[s->docs], sizeof s->member[0], "%s", member ? member : "");
    }
    s->docs++;
    return 0;
}

static void on_problem(void *ctx, const char *member, const char *what)
{
    seen *s = ctx;
    if (s->problems < 8)
        snprintf(s->problem[s->problems], sizeof s->problem[0], "%s: %s", member ? member : "-",
                 what);
    s->problems++;
}

static long scan(const unsigned char *buf, size_t n, seen *s)
{
    memset(s, 0, sizeof *s);
    adv_obj_visitor v = {on_doc, on_problem, s};
    return adv_obj_scan(buf, n, &v);
}

/* ---- building ELF files ---------------------------------------------------- */

static void wr(unsigned char *p, size_t off, uint64_t v, unsigned bytes, bool be)
{
    for (unsigned i = 0; i < bytes; i++)
        p[off + (be ? bytes - 1 - i : i)] = (unsigned char)(v >> (8 * i));
}

/* An ELF relocatable file with sections: null, .shstrtab, .perfadvise
 * holding data[0..len). Returns its size. */
static size_t build_elf(unsigned char *out, size_t cap, bool is64, bool be, const char *data,
                        size_t len)
{
    static const char names[] = "\0.shstrtab\0.perfadvise";
    size_t eh = is64 ? 64 : 52, ent = is64 ? 64 : 40;
    size_t strs = eh, sec = strs + sizeof names, shoff = (sec + len + 7) & ~(size_t)7;
    size_t total = shoff + 3 * ent;
    assert_true(total <= cap);
    memset(out, 0, total);
    memcpy(out, "\177ELF", 4);
    out[4] = is64 ? 2 : 1;
    out[5] = be ? 2 : 1;
    out[6] = 1;
    wr(out, 16, 1, 2, be); /* ET_REL */
    if (is64) {
        wr(out, 40, shoff, 8, be);
        wr(out, 58, ent, 2, be);
        wr(out, 60, 3, 2, be);
        wr(out, 62, 1, 2, be);
    } else {
        wr(out, 32, shoff, 4, be);
        wr(out, 46, ent, 2, be);
        wr(out, 48, 3, 2, be);
        wr(out, 50, 1, 2, be);
    }
    memcpy(out + strs, names, sizeof names);
    memcpy(out + sec, data, len);
    for (int i = 1; i < 3; i++) {
        size_t at = shoff + (size_t)i * ent;
        uint64_t name = i == 1 ? 1 : 11, off = i == 1 ? strs : sec,
                 size = i == 1 ? sizeof names : len;
        wr(out, at, name, 4, be);
        wr(out, at + 4, i == 1 ? 3 : 1, 4, be); /* SHT_STRTAB, SHT_PROGBITS */
        if (is64) {
            wr(out, at + 24, off, 8, be);
            wr(out, at + 32, size, 8, be);
        } else {
            wr(out, at + 16, off, 4, be);
            wr(out, at + 20, size, 4, be);
        }
    }
    return total;
}

#define DOC_A "{\"a\":1}"
#define DOC_B "{\"b\":[2,3]}"
/* Two documents as two objects linked together leave them: a gap of NULs
 * between them. */
static const char two_docs[] =
    ADV_OBJ_MAGIC "1 7\n" DOC_A "\n\0\0\0" ADV_OBJ_MAGIC "1 11\n" DOC_B "\n";

static unsigned char obj[4096];

static void elf_should_yield_every_document_in_either_class_and_byte_order(void **state)
{
    (void)state;
    seen s;
    for (int is64 = 0; is64 < 2; is64++)
        for (int be = 0; be < 2; be++) {
            size_t n = build_elf(obj, sizeof obj, is64, be, two_docs, sizeof two_docs - 1);
            assert_int_equal(scan(obj, n, &s), 2);
            assert_int_equal(s.problems, 0);
            assert_string_equal(s.doc[0], DOC_A);
            assert_string_equal(s.doc[1], DOC_B);
            assert_string_equal(s.member[0], "");
        }
}

static void elf_without_the_section_should_yield_nothing_quietly(void **state)
{
    (void)state;
    seen s;
    size_t n = build_elf(obj, sizeof obj, true, false, two_docs, sizeof two_docs - 1);
    obj[64 + 11 + 1] = 'X'; /* rename .perfadvise to .Xerfadvise */
    assert_int_equal(scan(obj, n, &s), 0);
    assert_int_equal(s.problems, 0);
}

static void elf_truncated_anywhere_should_report_and_never_read_past_the_end(void **state)
{
    (void)state;
    seen s;
    size_t n = build_elf(obj, sizeof obj, true, false, two_docs, sizeof two_docs - 1);
    for (size_t cut = 0; cut < n; cut++) {
        /* A private copy of exactly `cut` bytes: ASan catches any overread. */
        unsigned char *p = malloc(cut ? cut : 1);
        assert_non_null(p);
        memcpy(p, obj, cut);
        long rc = scan(p, cut, &s);
        assert_true(rc == -1 || s.problems > 0);
        free(p);
    }
    size_t full = n;
    /* The section headers come last: cutting them is reported as such. */
    scan(obj, full - 10, &s);
    assert_non_null(strstr(s.problem[0], "truncated ELF file"));
    scan(obj, 30, &s);
    assert_non_null(strstr(s.problem[0], "truncated ELF header"));
}

static void elf_with_bad_offsets_should_name_the_problem(void **state)
{
    (void)state;
    seen s;
    size_t n = build_elf(obj, sizeof obj, true, false, two_docs, sizeof two_docs - 1);
    size_t shoff = (size_t)(obj[40] | obj[41] << 8);
    /* .perfadvise's offset far past the end */
    unsigned char bad[4096];
    memcpy(bad, obj, n);
    wr(bad, shoff + 2 * 64 + 24, 0x7fffffffffffull, 8, false);
    assert_int_equal(scan(bad, n, &s), 0);
    assert_int_equal(s.problems, 1);
    assert_non_null(strstr(s.problem[0], "section .perfadvise (offset"));
    /* size so large that offset + size wraps around */
    memcpy(bad, obj, n);
    wr(bad, shoff + 2 * 64 + 32, UINT64_MAX - 10, 8, false);
    assert_int_equal(scan(bad, n, &s), 0);
    assert_non_null(strstr(s.problem[0], "ends past the end of the file"));
    /* the section name table index out of range */
    memcpy(bad, obj, n);
    wr(bad, 62, 9, 2, false);
    assert_int_equal(scan(bad, n, &s), -1);
    assert_non_null(strstr(s.problem[0], "section name table index 9 of 3"));
    /* a section header entry smaller than the format's */
    memcpy(bad, obj, n);
    wr(bad, 58, 8, 2, false);
    assert_int_equal(scan(bad, n, &s), -1);
    assert_non_null(strstr(s.problem[0], "section header size 8"));
    /* a count of sections far beyond the file */
    memcpy(bad, obj, n);
    wr(bad, 60, 0xfff0, 2, false);
    assert_int_equal(scan(bad, n, &s), -1);
    assert_non_null(strstr(s.problem[0], "65520 section headers"));
    /* an unknown class */
    memcpy(bad, obj, n);
    bad[4] = 7;
    assert_int_equal(scan(bad, n, &s), -1);
    assert_non_null(strstr(s.problem[0], "malformed ELF header (class 7"));
    /* a name offset past the name table: skipped, no crash */
    memcpy(bad, obj, n);
    wr(bad, shoff + 2 * 64, 0xffffffffu, 4, false);
    assert_int_equal(scan(bad, n, &s), 0);
}

static void elf_randomly_corrupted_should_never_crash(void **state)
{
    (void)state;
    seen s;
    size_t n = build_elf(obj, sizeof obj, true, false, two_docs, sizeof two_docs - 1);
    unsigned seed = 7;
    unsigned char *p = malloc(n);
    assert_non_null(p);
    for (int round = 0; round < 5000; round++) {
        memcpy(p, obj, n);
        for (int k = 0; k < 4; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            seed = seed * 1103515245u + 12345u;
            p[at] = (unsigned char)(seed >> 16);
        }
        scan(p, n, &s);
    }
    free(p);
}

/* ---- the documents of a section --------------------------------------------- */

static long split(const char *data, size_t n, seen *s)
{
    memset(s, 0, sizeof *s);
    adv_obj_visitor v = {on_doc, on_problem, s};
    return adv_obj_split((const unsigned char *)data, n, "m.o", &v);
}

static void split_should_report_malformed_and_truncated_documents(void **state)
{
    (void)state;
    seen s;
    static const char garbage[] = "hello";
    assert_int_equal(split(garbage, 5, &s), 0);
    assert_string_equal(
        s.problem[0],
        "m.o: section .perfadvise: unexpected bytes at offset 0 (no perfadvise-embedded/ header)");
    static const char no_len[] = ADV_OBJ_MAGIC "1 x\n{}";
    assert_int_equal(split(no_len, sizeof no_len - 1, &s), 0);
    assert_non_null(strstr(s.problem[0], "malformed perfadvise-embedded/ header at offset 0"));
    static const char too_long[] = ADV_OBJ_MAGIC "1 7\n" DOC_A "\n" ADV_OBJ_MAGIC "1 50\n{\"b\":2}";
    assert_int_equal(split(too_long, sizeof too_long - 1, &s), 1);
    assert_string_equal(s.doc[0], DOC_A);
    assert_non_null(
        strstr(s.problem[0], "truncated: the document at offset 32 says 50 bytes, 7 remain"));
    static const char huge[] = ADV_OBJ_MAGIC "1 99999999999999999999\n";
    assert_int_equal(split(huge, sizeof huge - 1, &s), 0);
    assert_int_equal(s.problems, 1);
    /* The header cut in the middle. */
    assert_int_equal(split(two_docs, 10, &s), 0);
    assert_int_equal(s.problems, 1);
    assert_int_equal(split(two_docs, 23, &s), 0);
    assert_int_equal(s.problems, 1);
}

static void split_should_skip_a_newer_version_and_go_on(void **state)
{
    (void)state;
    seen s;
    static const char mixed[] = ADV_OBJ_MAGIC "2 5\nxxxxx\n" ADV_OBJ_MAGIC "1 7\n" DOC_A "\n";
    assert_int_equal(split(mixed, sizeof mixed - 1, &s), 1);
    assert_string_equal(s.doc[0], DOC_A);
    assert_non_null(strstr(
        s.problem[0], "is perfadvise-embedded/2; this perfadvise reads perfadvise-embedded/1"));
}

/* ---- archives --------------------------------------------------------------- */

static size_t ar_member(unsigned char *out, size_t at, const char *name, const void *data,
                        size_t len)
{
    char hdr[61];
    snprintf(hdr, sizeof hdr, "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name, "0", "0", "0", "644", len);
    memcpy(out + at, hdr, 60);
    memcpy(out + at + 60, data, len);
    at += 60 + len;
    if (len & 1)
        out[at++] = '\n';
    return at;
}

static unsigned char ar[16384];

/* lib.a: a symbol table, a GNU long-name table, a member with a long name,
 * one with a short name, a BSD #1/ member, and a text member. */
static size_t build_ar(void)
{
    unsigned char elf1[2048], elf2[2048];
    static const char one[] = ADV_OBJ_MAGIC "1 7\n" DOC_A "\n";
    static const char two[] = ADV_OBJ_MAGIC "1 11\n" DOC_B "\n";
    size_t n1 = build_elf(elf1, sizeof elf1, true, false, one, sizeof one - 1);
    size_t n2 = build_elf(elf2, sizeof elf2, false, true, two, sizeof two - 1);
    static const char longnames[] = "a_rather_long_object_name.o/\n";
    size_t at = 8;
    memcpy(ar, "!<arch>\n", 8);
    at = ar_member(ar, at, "/", "\0\0\0\0", 4);
    at = ar_member(ar, at, "//", longnames, sizeof longnames - 1);
    at = ar_member(ar, at, "/0", elf1, n1);
    at = ar_member(ar, at, "short.o/", elf2, n2);
    unsigned char bsd[2100];
    memcpy(bsd, "bsd_name.o\0\0", 12);
    memcpy(bsd + 12, elf1, n1);
    at = ar_member(ar, at, "#1/12", bsd, 12 + n1);
    at = ar_member(ar, at, "README/", "text", 4);
    return at;
}

static void archive_should_yield_each_member_s_documents_with_its_name(void **state)
{
    (void)state;
    seen s;
    size_t n = build_ar();
    assert_int_equal(scan(ar, n, &s), 3);
    assert_int_equal(s.problems, 0);
    assert_string_equal(s.member[0], "a_rather_long_object_name.o");
    assert_string_equal(s.doc[0], DOC_A);
    assert_string_equal(s.member[1], "short.o");
    assert_string_equal(s.doc[1], DOC_B);
    assert_string_equal(s.member[2], "bsd_name.o");
}

static void archive_truncated_or_malformed_should_report_and_keep_what_came_before(void **state)
{
    (void)state;
    seen s;
    size_t n = build_ar();
    for (size_t cut = 8; cut < n; cut++) {
        unsigned char *p = malloc(cut);
        assert_non_null(p);
        memcpy(p, ar, cut);
        long rc = scan(p, cut, &s);
        assert_true(rc >= 0 && rc <= 3);
        free(p);
    }
    /* Cut inside the first object member. */
    assert_int_equal(scan(ar, 8 + 64 + 60 + 30 + 60 + 100, &s), 0);
    assert_non_null(
        strstr(s.problem[0], "a_rather_long_object_name.o: truncated archive: member at offset"));
    /* A broken header magic. */
    unsigned char bad[16384];
    memcpy(bad, ar, n);
    bad[8 + 58] = 'x';
    assert_int_equal(scan(bad, n, &s), 0);
    assert_non_null(strstr(s.problem[0], "malformed archive: bad member header at offset 8"));
    /* A long name pointing past the table. */
    memcpy(bad, ar, n);
    size_t member = 8 + 64 + 60 + 30;
    memcpy(bad + member, "/999            ", 16);
    assert_int_equal(scan(bad, n, &s), 2);
    assert_non_null(strstr(s.problem[0], "bad member name"));
}

static void sniff_should_tell_formats_apart(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(adv_obj_sniff("BC\xc0\xde....", 8), ADV_OBJ_BITCODE);
    assert_int_equal(adv_obj_sniff("!<thin>\n", 8), ADV_OBJ_THIN_AR);
    assert_int_equal(adv_obj_sniff("{\"schema", 8), ADV_OBJ_UNKNOWN);
    assert_int_equal(adv_obj_sniff("\xcf\xfa\xed\xfe", 4), ADV_OBJ_MACHO);
    assert_int_equal(scan((const unsigned char *)"BC\xc0\xde....", 8, &s), -1);
    assert_non_null(strstr(s.problem[0], "LLVM bitcode (-flto)"));
    assert_int_equal(scan((const unsigned char *)"!<thin>\n", 8, &s), -1);
    assert_non_null(strstr(s.problem[0], "thin archive"));
    assert_true(adv_obj_name_wanted("x.o") && adv_obj_name_wanted("libx.a") &&
                adv_obj_name_wanted("libx.so") && adv_obj_name_wanted("libx.so.1.2"));
    assert_false(adv_obj_name_wanted("x.c") || adv_obj_name_wanted("x.json") ||
                 adv_obj_name_wanted("libx.so.old"));
}

/* ---- identity and de-duplication -------------------------------------------- */

static void identity_should_ignore_layout_but_not_content(void **state)
{
    (void)state;
    static const char flat[] = "{\"a\":\"x y\",\"b\":[1,2]}";
    static const char pretty[] = "{\n\t\"a\":\t\"x y\",\n\t\"b\":\t[1, 2]\n}\n";
    static const char other[] = "{\"a\":\"xy\",\"b\":[1,2]}";
    adv_doc_id a = adv_doc_identity(flat, sizeof flat - 1);
    adv_doc_id b = adv_doc_identity(pretty, sizeof pretty - 1);
    adv_doc_id c = adv_doc_identity(other, sizeof other - 1);
    assert_true(a.a == b.a && a.b == b.b && a.len == b.len);
    assert_false(a.a == c.a && a.b == c.b && a.len == c.len);
}

static int warnings;
static void count_warning(void *ctx, const char *path, const char *problem)
{
    (void)ctx;
    (void)path;
    (void)problem;
    warnings++;
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    fclose(fp);
}

static void inputs_should_count_one_tu_once_across_file_object_and_archive(void **state)
{
    (void)state;
    char dir[] = "/tmp/adv_objread_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char f[512], pretty[2048], flat[2048], section[2200], path[3][600];
    adv_test_finding(f, sizeof f, "0123456789abcdef", "loop-alloc", "render", 42, NULL);
    snprintf(flat, sizeof flat, ADV_DOC_HEAD "\"findings\":[%s]}", f);
    /* The findings file is indented; the embedded copy is not. */
    snprintf(pretty, sizeof pretty, "{\n\t\"schema\":\t\"perfadvise-findings/1\",\n%s\n",
             flat + 34);
    snprintf(section, sizeof section, ADV_OBJ_MAGIC "1 %zu\n%s\n", strlen(flat), flat);
    size_t n = build_elf(obj, sizeof obj, true, false, section, strlen(section));
    snprintf(path[0], sizeof path[0], "%s/a.c.0123456789abcdef.json", dir);
    snprintf(path[1], sizeof path[1], "%s/a.o", dir);
    snprintf(path[2], sizeof path[2], "%s/b.o", dir);
    write_file(path[0], pretty, strlen(pretty));
    write_file(path[1], obj, n);
    /* b.o: the same TU built with other flags is another TU. */
    char *other = strstr(flat, "\"debug_info\"");
    assert_non_null(other);
    char flat2[2100];
    snprintf(flat2, sizeof flat2, "%.*s\"flags_hash\":\"00000000000000aa\",%s", (int)(other - flat),
             flat, other);
    snprintf(section, sizeof section, ADV_OBJ_MAGIC "1 %zu\n%s\n", strlen(flat2), flat2);
    n = build_elf(obj, sizeof obj, true, false, section, strlen(section));
    write_file(path[2], obj, n);

    adv_set s;
    assert_int_equal(adv_set_init(&s), 0);
    adv_inputs in;
    memset(&in, 0, sizeof in);
    in.hash_files = true; /* objects among the inputs */
    warnings = 0;
    for (int i = 0; i < 3; i++)
        assert_int_equal(adv_input_load(&s, &in, path[i], true, count_warning, NULL), 0);
    assert_int_equal(adv_input_load(&s, &in, path[1], true, count_warning, NULL), 0);
    assert_int_equal(warnings, 0);
    assert_int_equal(in.loaded, 2);
    assert_int_equal(in.duplicates, 2);
    assert_int_equal(s.ntus, 2);
    /* An object without the section, named on the command line, is worth a warning. */
    n = build_elf(obj, sizeof obj, true, false, "", 0);
    obj[64 + 11 + 1] = 'X';
    write_file(path[1], obj, n);
    assert_int_equal(adv_input_load(&s, &in, path[1], true, count_warning, NULL), 0);
    assert_int_equal(warnings, 1);
    assert_int_equal(adv_input_load(&s, &in, path[1], false, count_warning, NULL), 0);
    assert_int_equal(warnings, 1);
    adv_inputs_free(&in);
    adv_set_free(&s);
    for (int i = 0; i < 3; i++)
        remove(path[i]);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(elf_should_yield_every_document_in_either_class_and_byte_order),
        cmocka_unit_test(elf_without_the_section_should_yield_nothing_quietly),
        cmocka_unit_test(elf_truncated_anywhere_should_report_and_never_read_past_the_end),
        cmocka_unit_test(elf_with_bad_offsets_should_name_the_problem),
        cmocka_unit_test(elf_randomly_corrupted_should_never_crash),
        cmocka_unit_test(split_should_report_malformed_and_truncated_documents),
        cmocka_unit_test(split_should_skip_a_newer_version_and_go_on),
        cmocka_unit_test(archive_should_yield_each_member_s_documents_with_its_name),
        cmocka_unit_test(archive_truncated_or_malformed_should_report_and_keep_what_came_before),
        cmocka_unit_test(sniff_should_tell_formats_apart),
        cmocka_unit_test(identity_should_ignore_layout_but_not_content),
        cmocka_unit_test(inputs_should_count_one_tu_once_across_file_object_and_archive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
