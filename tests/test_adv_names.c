/* tests/test_adv_names.c — readable paths and C++ names (advisor/names.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "evidence.h"
#include "member_names.h"
#include "merge.h"
#include "names.h"
#include "util.h"

static void normalize_should_drop_dots_and_fold_parents(void **state)
{
    (void)state;
    char b[256];
    assert_string_equal(adv_path_normalize("./src/a.c", b, sizeof b), "src/a.c");
    assert_string_equal(adv_path_normalize("/w/p/src/../include/x.h", b, sizeof b), "/w/p/include/x.h");
    assert_string_equal(adv_path_normalize("/w//p/./a.c", b, sizeof b), "/w/p/a.c");
    assert_string_equal(adv_path_normalize("../up/a.c", b, sizeof b), "../up/a.c");
    assert_string_equal(adv_path_normalize("a/../../b.c", b, sizeof b), "../b.c");
    assert_string_equal(adv_path_normalize("/..", b, sizeof b), "/");
}

static void paths_should_be_shown_under_their_common_root(void **state)
{
    (void)state;
    char root[256] = "/w/p/src/db/a.cc";
    adv_path_common_dir(root, "/w/p/src/util/b.cc");
    assert_string_equal(root, "/w/p/src");
    adv_path_common_dir(root, "/w/p/include/c.h");
    assert_string_equal(root, "/w/p");
    assert_string_equal(adv_path_under("/w/p/include/c.h", root), "include/c.h");
    assert_string_equal(adv_path_under("/other/c.h", root), "/other/c.h");
    assert_string_equal(adv_path_under("/w/pq/c.h", root), "/w/pq/c.h");
}

static void cxx_names_should_lose_parameters_and_template_arguments(void **state)
{
    (void)state;
    char b[256];
    assert_string_equal(pa_short_function("leveldb::DBImpl::Write(leveldb::WriteOptions const&, "
                                           "leveldb::WriteBatch*)", b, sizeof b),
                        "leveldb::DBImpl::Write");
    assert_string_equal(pa_short_function("rocksdb::DeadlockInfoBufferTempl<rocksdb::DeadlockPath>"
                                           "::Resize(unsigned int)", b, sizeof b),
                        "rocksdb::DeadlockInfoBufferTempl<...>::Resize");
    assert_string_equal(pa_short_function("bool rocksdb::WorkQueue<std::pair<int, int>>::push<int>"
                                           "(int&&)", b, sizeof b),
                        "rocksdb::WorkQueue<...>::push<...>");
    assert_string_equal(pa_short_function("ns::T::get() const", b, sizeof b), "ns::T::get");
    assert_string_equal(pa_short_function("rd_kafka_broker_serve", b, sizeof b), "rd_kafka_broker_serve");
    assert_string_equal(pa_short_function("ns::X::operator()(int)", b, sizeof b), "ns::X::operator()");
}

static void cxx_operators_should_keep_their_angle_brackets(void **state)
{
    (void)state;
    char b[256];
    assert_string_equal(pa_short_function("ns::Key::operator<(ns::Key const&) const", b, sizeof b),
                        "ns::Key::operator<");
    assert_string_equal(pa_short_function("std::ostream& ns::operator<<(std::ostream&, ns::Foo const&)",
                                          b, sizeof b),
                        "ns::operator<<");
    assert_string_equal(pa_short_function("ns::Foo::operator<=>(ns::Foo const&) const", b, sizeof b),
                        "ns::Foo::operator<=>");
    assert_string_equal(pa_short_function("ns::Ptr<int>::operator->() const", b, sizeof b),
                        "ns::Ptr<...>::operator->");
    assert_string_equal(pa_short_function("ns::Foo::operator unsigned long() const", b, sizeof b),
                        "ns::Foo::operator unsigned long");
    assert_string_equal(pa_short_function("std::map<int, int, std::less<int>>::operator[](int const&)",
                                          b, sizeof b),
                        "std::map<...>::operator[]");
    /* A templated operator: the operator, then its template arguments. */
    assert_string_equal(pa_short_function("rocksdb::EventLoggerStream& rocksdb::EventLoggerStream::"
                                          "operator<<<char [4]>(char const (&) [4])",
                                          b, sizeof b),
                        "rocksdb::EventLoggerStream::operator<<<...>");
    /* An identifier ending in "operator" is no operator. */
    assert_string_equal(pa_short_function("ns::my_operator<int>::run()", b, sizeof b),
                        "ns::my_operator<...>::run");
}

static void short_names_should_fit_the_buffer(void **state)
{
    (void)state;
    /* "<...>" lands at the buffer's end: it is left out, never written past. */
    for (size_t n = 1; n <= 16; n++) {
        char b[16 + 1];
        memset(b, 'X', sizeof b);
        pa_short_function("ab::c<int>::f()", b, n);
        assert_true(strlen(b) < n);
        assert_int_equal(b[n], 'X');
    }
    char b[10];
    assert_string_equal(pa_short_function("ab::c<int>::f()", b, sizeof b), "ab::c");
}

/* A set that knows one member lock: 'ns::DB::<byte 2040>' is
 * 'ns::DB::log_write_mutex_'. */
static void set_with_one_member_name(adv_set *s)
{
    assert_int_equal(adv_set_init(s), 0);
    adv_member_name mn = {adv_set_intern(s, "ns::DB::<byte 2040>"),
                          adv_set_intern(s, "ns::DB::log_write_mutex_")};
    assert_int_equal(adv_set_add_member_name(s, &mn), 0);
}

/* A member lock's opaque name, quoted in a message, becomes the member's
 * name the describing file listed; an unknown one stays as it is. */
static void opaque_member_names_should_be_replaced_where_known(void **state)
{
    (void)state;
    adv_set s;
    set_with_one_member_name(&s);
    pa_map index;
    memset(&index, 0, sizeof index);
    assert_int_equal(adv_member_names_index(&s, &index), 0);
    const char *plain = "no lock named here";
    assert_ptr_equal(adv_member_names_in(&s, &index, plain), plain);
    const char *text = "f() locks 'ns::DB::<byte 2040>' while holding 'ns::DB::<byte 8>' and "
                       "'ns::DB::<byte 2040>'";
    assert_string_equal(adv_member_names_in(&s, &index, text),
                        "f() locks 'ns::DB::log_write_mutex_' while holding 'ns::DB::<byte 8>' and "
                        "'ns::DB::log_write_mutex_'");
    /* A prefix of a known name is not that name. */
    const char *other = "locks 'x::ns::DB::<byte 2040>'";
    assert_ptr_equal(adv_member_names_in(&s, &index, other), other);
    pa_map_free(&index);
    adv_set_free(&s);
}

/* After the joins the evidence names the member too: a loaded finding's
 * packed evidence is packed again with the member's name; one without an
 * opaque name is not unpacked, nor is an unknown opaque name changed. */
static void opaque_member_names_should_be_replaced_in_evidence(void **state)
{
    (void)state;
    adv_set s;
    set_with_one_member_name(&s);
    const char *with = "{\"lock_class\":\"ns::DB::<byte 2040>\",\"held\":[\"ns::DB::<byte 8>\","
                       "\"ns::DB::<byte 2040>\"],\"acquired_at\":[{\"class\":\"ns::DB::<byte 2040>\"}]}";
    const char *without = "{\"lock_class\":\"ns::DB::mu_\",\"bytes\":12}";
    const char *ids[] = {"a", "b"}, *texts[] = {with, without};
    for (int i = 0; i < 2; i++) {
        cJSON *ev = cJSON_Parse(texts[i]);
        assert_non_null(ev);
        adv_finding f;
        memset(&f, 0, sizeof f);
        snprintf(f.id, sizeof f.id, "%s", ids[i]);
        f.message = "m";
        f.evidence_packed = adv_evidence_pack(&s, ev);
        cJSON_Delete(ev);
        assert_non_null(adv_set_add_finding(&s, &f));
    }
    assert_true(adv_evidence_packed_contains(s.items[0].evidence_packed, "<byte "));
    assert_false(adv_evidence_packed_contains(s.items[1].evidence_packed, "<byte "));
    const unsigned char *untouched = s.items[1].evidence_packed;
    assert_int_equal(adv_name_members(&s), 0);
    assert_null(s.items[0].evidence);
    assert_ptr_equal(s.items[1].evidence_packed, untouched);
    assert_null(s.items[1].evidence);
    char *named = cJSON_PrintUnformatted(adv_finding_evidence(&s.items[0]));
    assert_string_equal(named, "{\"lock_class\":\"ns::DB::log_write_mutex_\",\"held\":[\"ns::DB::<byte "
                               "8>\",\"ns::DB::log_write_mutex_\"],\"acquired_at\":[{\"class\":\"ns::DB::"
                               "log_write_mutex_\"}]}");
    cJSON_free(named);
    adv_set_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalize_should_drop_dots_and_fold_parents),
        cmocka_unit_test(paths_should_be_shown_under_their_common_root),
        cmocka_unit_test(cxx_names_should_lose_parameters_and_template_arguments),
        cmocka_unit_test(cxx_operators_should_keep_their_angle_brackets),
        cmocka_unit_test(short_names_should_fit_the_buffer),
        cmocka_unit_test(opaque_member_names_should_be_replaced_where_known),
        cmocka_unit_test(opaque_member_names_should_be_replaced_in_evidence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
