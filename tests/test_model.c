/* tests/test_model.c — the program model builder, catalogue and report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "analyze.h"
#include "catalog.h"
#include "findings.h"
#include "lock_names.h"
#include "model_builders.h"

static void root_should_sum_constant_offsets(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 1, 1);
    int base = 0; /* the ARG */
    int d1 = pa_model_add_value(f, PA_VAL_DERIVED);
    f->values[d1].base = base;
    f->values[d1].offset = 8;
    int d2 = pa_model_add_value(f, PA_VAL_DERIVED);
    f->values[d2].base = d1;
    f->values[d2].offset = 4;
    int64_t off = -1;
    assert_int_equal(pa_value_root(f, d2, &off), base);
    assert_int_equal(off, 12);
    f->values[d1].offset = PA_UNKNOWN_SIZE;
    pa_value_root(f, d2, &off);
    assert_true(off == PA_UNKNOWN_SIZE);
    pa_model_free(m);
}

static void a_value_should_have_no_lock_facts_until_given_a_copy(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 1, 1);
    int a = pa_model_add_value(f, PA_VAL_GLOBAL), b = pa_model_add_value(f, PA_VAL_UNKNOWN);
    /* Never NULL: a value without facts points to the shared empty class. */
    assert_ptr_equal(f->values[a].cls, &pa_lock_class_none);
    assert_int_equal(f->values[a].cls->kind, PA_CLASS_NONE);
    assert_int_equal(f->values[a].cls->param_index, PA_NONE);
    pa_lock_class cls = pa_lock_class_none;
    cls.kind = PA_CLASS_GLOBAL;
    cls.symbol = "big_lock";
    assert_int_equal(pa_model_set_class(f, a, &cls), 0);
    cls.symbol = "changed later"; /* the value holds a copy */
    assert_int_equal(f->values[a].cls->kind, PA_CLASS_GLOBAL);
    assert_string_equal(f->values[a].cls->symbol, "big_lock");
    assert_ptr_equal(f->values[b].cls, &pa_lock_class_none);
    assert_int_equal(pa_model_set_class(f, (int)f->nvalues, &cls), -1);
    assert_int_equal(pa_model_set_class(f, -1, &cls), -1);
    pa_model_free(m);
}

static void catalogue_should_classify_allocators_locks_and_blocking_calls(void **state)
{
    (void)state;
    assert_int_equal(pa_catalog_lookup("malloc")->role, PA_CAT_ALLOC);
    assert_int_equal(pa_catalog_lookup("_Znwm")->allocator, PA_ALLOCATOR_NEW);
    assert_int_equal(pa_catalog_lookup("_ZdlPvm")->role, PA_CAT_FREE);
    assert_int_equal(pa_catalog_lookup("pthread_mutex_trylock")->role, PA_CAT_TRYLOCK);
    assert_true(pa_catalog_lookup("pthread_rwlock_rdlock")->shared);
    assert_int_equal(pa_catalog_lookup("usleep")->role, PA_CAT_BLOCKING);
    assert_null(pa_catalog_lookup("my_function"));
    assert_null(pa_catalog_lookup(""));
    assert_null(pa_catalog_lookup(NULL));
    /* Thread starters: the index of the start routine's argument. */
    assert_int_equal(pa_catalog_thread_start_arg("pthread_create"), 2);
    assert_int_equal(pa_catalog_thread_start_arg("thrd_create"), 1);
    assert_int_equal(pa_catalog_thread_start_arg("uv_thread_create"), 1);
    assert_int_equal(pa_catalog_thread_start_arg("uv_thread_create_ex"), 2);
    assert_int_equal(pa_catalog_thread_start_arg("g_thread_new"), 1);
    assert_int_equal(pa_catalog_thread_start_arg("g_thread_try_new"), 1);
    assert_int_equal(pa_catalog_thread_start_arg("pthread_join"), -1);
    assert_int_equal(pa_catalog_thread_start_arg(NULL), -1);
}

static void project_catalogue_should_add_entries_that_builtins_override(void **state)
{
    (void)state;
    pa_catalog c;
    memset(&c, 0, sizeof c);
    pa_cat_entry e;
    memset(&e, 0, sizeof e);
    e.name = "app_alloc";
    e.role = PA_CAT_ALLOC;
    e.allocator = PA_ALLOCATOR_PROJECT;
    e.size_arg = 1;
    e.line = 3;
    assert_non_null(pa_catalog_add(&c, &e));
    e.name = "malloc"; /* a project cannot redefine the C library */
    e.role = PA_CAT_LOCK;
    assert_non_null(pa_catalog_add(&c, &e));
    e.name = "ns::Mutex::Lock";
    assert_non_null(pa_catalog_add(&c, &e));
    e.name = "app_alloc"; /* the first entry of a name counts */
    e.size_arg = 7;
    assert_int_equal(pa_catalog_add(&c, &e)->size_arg, 1);
    assert_int_equal(c.count, 3);
    assert_true(c.has_qualified);
    /* Hooks in fields are looked up only when some name could be one. */
    assert_false(c.has_dotted);
    e.name = "parser.mem.malloc_fcn";
    assert_non_null(pa_catalog_add(&c, &e));
    assert_true(c.has_dotted);
    assert_int_equal(pa_catalog_find(&c, "app_alloc")->allocator, PA_ALLOCATOR_PROJECT);
    assert_int_equal(pa_catalog_find(&c, "malloc")->role, PA_CAT_ALLOC);
    assert_int_equal(pa_catalog_find_project(&c, "malloc")->role, PA_CAT_LOCK);
    assert_null(pa_catalog_find(&c, "app_free"));
    assert_int_equal(pa_catalog_find(NULL, "free")->role, PA_CAT_FREE);
    pa_catalog copy;
    memset(&copy, 0, sizeof copy);
    assert_int_equal(pa_catalog_copy(&copy, &c), 0);
    pa_catalog_clear(&c);
    assert_int_equal(pa_catalog_find(&copy, "app_alloc")->line, 3);
    pa_catalog_clear(&copy);
    assert_string_equal(pa_cat_role_name(PA_CAT_REALLOC), "reallocator");
}

static void catalogue_should_tell_lock_types_from_struct_fields(void **state)
{
    (void)state;
    assert_true(pa_catalog_names_lock_type("pthread_mutex_t"));
    assert_true(pa_catalog_names_lock_type("__gthread_mutex_t.__data"));
    assert_true(pa_catalog_names_lock_type("class std::recursive_mutex"));
    assert_true(pa_catalog_names_lock_type("union pthread_rwlock_t"));
    assert_false(pa_catalog_names_lock_type("struct conn.lock"));
    assert_false(pa_catalog_names_lock_type("mutexes.a"));
    assert_false(pa_catalog_names_lock_type(NULL));
}

static void catalogue_should_tell_vendored_directories_by_whole_components(void **state)
{
    (void)state;
    assert_true(pa_catalog_vendored_file("/src/duckdb/third_party/concurrentqueue/concurrentqueue.h", NULL));
    assert_true(pa_catalog_vendored_file("third-party/folly/Likely.h", NULL));
    assert_true(pa_catalog_vendored_file("/p/vendor/lib.c", NULL));
    assert_true(pa_catalog_vendored_file("a/3rdparty/b/c.h", NULL));
    assert_false(pa_catalog_vendored_file("/src/my_third_party_glue/x.c", NULL));
    assert_false(pa_catalog_vendored_file("/src/vendors/x.c", NULL));
    assert_false(pa_catalog_vendored_file("/src/third_party.c", NULL));
    assert_false(pa_catalog_vendored_file("vendor", NULL));
    assert_false(pa_catalog_vendored_file(NULL, NULL));
    /* Below the compilation directory only: where the project is checked
     * out is no vendored library. */
    assert_false(pa_catalog_vendored_file("/builds/vendor/app/src/queue.c", "/builds/vendor/app"));
    assert_false(pa_catalog_vendored_file("/builds/vendor/app/src/queue.c", "/builds/vendor/app/"));
    assert_true(pa_catalog_vendored_file("/builds/vendor/app/third_party/q/q.h", "/builds/vendor/app"));
    assert_true(pa_catalog_vendored_file("/x/third_party/q.h", "/builds/app"));
}

static const char *class_name(pa_lock_class c, char *buf)
{
    return pa_lock_class_name(&c, "/src/file.c", "f", buf, PA_LOCK_NAME_SIZE);
}

static void lock_class_names_should_come_from_the_facts(void **state)
{
    (void)state;
    char buf[PA_LOCK_NAME_SIZE];
    const int N = PA_NONE;
    assert_string_equal(
        class_name((pa_lock_class){.kind = PA_CLASS_GLOBAL, .symbol = "g", .param_index = N}, buf),
        "g");
    assert_string_equal(class_name((pa_lock_class){.kind = PA_CLASS_GLOBAL,
                                                   .symbol = "g",
                                                   .is_static = true,
                                                   .param_index = N,
                                                   .offset = 8},
                                   buf),
                        "file.c:g+8");
    assert_string_equal(class_name((pa_lock_class){.kind = PA_CLASS_GLOBAL,
                                                   .symbol = "g",
                                                   .field = "g.lock",
                                                   .param_index = N,
                                                   .offset = 8},
                                   buf),
                        "g.lock");
    assert_string_equal(class_name((pa_lock_class){.kind = PA_CLASS_GLOBAL,
                                                   .symbol = "gp",
                                                   .is_static = true,
                                                   .loaded_from_global = true,
                                                   .param_index = N,
                                                   .offset = -8},
                                   buf),
                        "*gp-8");
    assert_string_equal(class_name((pa_lock_class){.kind = PA_CLASS_FIELD,
                                                   .field = "struct conn.lock",
                                                   .param_index = 0,
                                                   .offset = 8},
                                   buf),
                        "struct conn.lock");
    assert_string_equal(
        class_name((pa_lock_class){.kind = PA_CLASS_PARAM, .param_index = 1, .offset = -8}, buf),
        "param#1-8");
    assert_string_equal(class_name((pa_lock_class){.kind = PA_CLASS_LOCAL,
                                                   .local = "m",
                                                   .param_index = N,
                                                   .offset = PA_UNKNOWN_SIZE},
                                   buf),
                        "f:m+?");
    assert_string_equal(
        class_name((pa_lock_class){.kind = PA_CLASS_UNKNOWN, .param_index = N, .offset = 16}, buf),
        "unknown lock in f()+16");
    assert_string_equal(pa_lock_param_name(0, 8, true, 4, buf, sizeof buf), "*(param#0+8)+4");
    assert_string_equal(pa_lock_param_name2(1, 0, 8, 0, buf, sizeof buf), "*(*(param#1)+8)");
    assert_string_equal(pa_lock_member_name("g", "struct s.lock", buf, sizeof buf), "g.lock");
    assert_true(pa_lock_field_is_member("struct conn.lock"));
    assert_false(pa_lock_field_is_member("pthread_mutex_t.__data"));
}

static void disable_list_should_name_analyses_and_reject_unknown_ones(void **state)
{
    (void)state;
    pa_analyze_options o = {0};
    char bad[16];
    assert_int_equal(pa_analyze_parse_disable("locks,escape", &o, bad, sizeof bad), 0);
    assert_true(o.skip_locks && o.skip_escape && !o.skip_loopalloc);
    assert_int_equal(pa_analyze_parse_disable(NULL, &o, bad, sizeof bad), 0);
    assert_int_equal(pa_analyze_parse_disable("loopalloc,,nope", &o, bad, sizeof bad), -1);
    assert_string_equal(bad, "nope");
    assert_true(o.skip_loopalloc);
}

static void dedupe_should_keep_the_first_finding_of_each_id(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 0, 1);
    int v;
    int a = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 16, &v);
    int b = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 16, &v);
    tb_loc(f, a, "a.c", 7);
    tb_loc(f, b, "a.c", 9);
    pa_report r;
    assert_int_equal(pa_report_init(&r), 0);
    pa_report_add(&r, PA_F_LOOP_ALLOC, f, a, "first");
    pa_report_add(&r, PA_F_LOOP_ALLOC, f, b, "other site");
    pa_report_add(&r, PA_F_LOOP_ALLOC, f, a, "peeled copy");
    pa_report_add(&r, PA_F_HEAP_ESCAPE, f, a, "other kind");
    assert_int_equal(pa_report_dedupe(&r), 1);
    assert_int_equal(r.count, 3);
    assert_string_equal(r.items[0].message, "first");
    assert_string_equal(r.items[1].message, "other site");
    assert_string_equal(r.items[2].message, "other kind");
    pa_report_free(&r);
    pa_model_free(m);
}

static void block_reaches_should_follow_edges_only(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 0, 3);
    unsigned char seen[3];
    assert_true(pa_block_reaches(f, 0, 2, seen));
    assert_false(pa_block_reaches(f, 2, 0, seen));
    assert_false(pa_block_reaches(f, 1, 1, seen));
    assert_int_equal(pa_model_add_succ(f, 2, 1), 0);
    assert_true(pa_block_reaches(f, 1, 1, seen));
    pa_model_free(m);
}

static void single_pred_should_be_unique_and_count_only_the_loop(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 0, 3); /* 0 -> 1 -> 2 */
    assert_int_equal(pa_block_single_pred(f, 1, PA_NONE), 0);
    assert_int_equal(pa_block_single_pred(f, 0, PA_NONE), PA_NONE);
    assert_int_equal(pa_model_add_succ(f, 2, 1), 0); /* a loop 1 <-> 2 */
    assert_int_equal(pa_block_single_pred(f, 1, PA_NONE), PA_NONE);
    int loop = pa_model_add_loop(f, PA_NONE);
    assert_true(loop >= 0);
    f->loops[loop].header = 1;
    f->blocks[1].loop = loop;
    f->blocks[2].loop = loop;
    /* Inside the loop, the header's only predecessor is the latch. */
    assert_int_equal(pa_block_single_pred(f, 1, loop), 2);
    pa_model_free(m);
}

static void finding_id_should_be_stable_and_depend_on_location(void **state)
{
    (void)state;
    pa_loc a = {"src/x.c", 10, 3}, b = {"/other/dir/x.c", 10, 3}, c = {"src/x.c", 11, 3};
    char ia[17], ib[17], ic[17];
    pa_finding_id(PA_F_LOOP_ALLOC, "f", &a, ia);
    pa_finding_id(PA_F_LOOP_ALLOC, "f", &b, ib);
    pa_finding_id(PA_F_LOOP_ALLOC, "f", &c, ic);
    assert_string_equal(ia, ib); /* same file name from another build directory */
    assert_string_not_equal(ia, ic);
    assert_int_equal(strlen(ia), 16);
}

static void report_should_keep_findings_with_formatted_messages(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 0, 1);
    int v;
    int op = tb_alloc(f, 0, PA_ALLOCATOR_MALLOC, 16, &v);
    tb_loc(f, op, "a.c", 7);
    pa_report r;
    assert_int_equal(pa_report_init(&r), 0);
    pa_finding *fd = pa_report_add(&r, PA_F_HEAP_TO_STACK, f, op, "malloc(%d) could be a stack array", 16);
    assert_non_null(fd);
    cJSON_AddNumberToObject(fd->evidence, "bytes", 16);
    assert_string_equal(r.items[0].message, "malloc(16) could be a stack array");
    assert_int_equal(r.items[0].loc.line, 7);
    assert_int_equal(pa_report_count_kind(&r, PA_F_HEAP_TO_STACK), 1);
    assert_int_equal(pa_kind_from_string("heap-to-stack"), PA_F_HEAP_TO_STACK);
    assert_int_equal(pa_kind_from_string("nope"), PA_F_KIND_COUNT);
    pa_report_free(&r);
    pa_model_free(m);
}

/* pa_report_find_summary answers what cJSON_GetObjectItemCaseSensitive
 * does, also for summaries appended behind its back and for equal names. */
static void summary_index_should_find_what_a_linear_search_finds(void **state)
{
    (void)state;
    pa_report r;
    assert_int_equal(pa_report_init(&r), 0);
    cJSON *a = pa_report_summary_named(&r, "a");
    assert_non_null(a);
    assert_ptr_equal(pa_report_summary_named(&r, "a"), a);
    /* Appended directly (the driver's merge, the call profile's writers). */
    cJSON *b = cJSON_AddObjectToObject(r.summaries, "b");
    cJSON *b2 = cJSON_AddObjectToObject(r.summaries, "b");
    assert_ptr_not_equal(b, b2);
    assert_ptr_equal(pa_report_find_summary(&r, "b"), b);
    assert_ptr_equal(pa_report_find_summary(&r, "b"), cJSON_GetObjectItemCaseSensitive(r.summaries, "b"));
    assert_null(pa_report_find_summary(&r, "c"));
    cJSON *c = pa_report_summary_named(&r, "c");
    assert_ptr_equal(pa_report_find_summary(&r, "c"), c);
    assert_int_equal(cJSON_GetArraySize(r.summaries), 4);
    assert_null(pa_report_find_summary(&r, NULL));
    pa_report_free(&r);
}

static void message_function_name_should_drop_parameters_only(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"rocksdb::DB::AddFile(rocksdb::ColumnFamilyHandle*, std::vector<rocksdb::ExternalSstFileInfo, "
         "std::allocator<rocksdb::ExternalSstFileInfo>> const&, bool, bool)",
         "rocksdb::DB::AddFile()"},
        {"leveldb::(anonymous namespace)::Repairer::Run()", "leveldb::(anonymous namespace)::Repairer::Run()"},
        {"squares(int)", "squares()"},
        {"fill", "fill()"},
        {"std::function<void (int)>::operator()(int) const", "std::function<void (int)>::operator()()"},
        {"ns::Key::operator<(ns::Key const&) const", "ns::Key::operator<()"},
        {"run()::{lambda(int)#1}::operator()(int) const", "run()::{lambda(int)#1}::operator()()"},
        {"void std::sort<int*>(int*, int*)", "void std::sort<int*>()"},
        {"static initializer of a.cc", "static initializer of a.cc()"},
    };
    char out[256];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pa_message_function_name(out, sizeof out, cases[i][0]);
        assert_string_equal(out, cases[i][1]);
    }
    pa_message_function_name(out, sizeof out, NULL);
    assert_string_equal(out, "?()");
    pa_message_function_name(out, 6, "abcdefgh(int)");
    assert_string_equal(out, "abcde");
}

/* Findings kept apart per function, found callees first, reach the report
 * in the order the ranges give, after what it already held; the source
 * report keeps none (its free must not free them twice: ASan). */
static void taken_ranges_should_reach_the_report_in_their_order(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("a.c");
    pa_function *f = tb_function(m, "f", 0, 1);
    pa_report out, found;
    assert_int_equal(pa_report_init(&out), 0);
    assert_int_equal(pa_report_init(&found), 0);
    pa_report_add(&out, PA_F_LOOP_ALLOC, f, PA_NONE, "already there");
    pa_report_add(&found, PA_F_HEAP_ESCAPE, f, PA_NONE, "callee");
    pa_report_add(&found, PA_F_HEAP_ESCAPE, f, PA_NONE, "caller 1");
    pa_report_add(&found, PA_F_HEAP_ESCAPE, f, PA_NONE, "caller 2");
    size_t first[] = {1, 3, 0}, count[] = {2, 0, 1}; /* caller's two, an empty one, callee */
    assert_int_equal(pa_report_take_ranges(&out, &found, first, count, 3), 0);
    assert_int_equal(found.count, 0);
    assert_int_equal(out.count, 4);
    assert_string_equal(out.items[0].message, "already there");
    assert_string_equal(out.items[1].message, "caller 1");
    assert_string_equal(out.items[2].message, "caller 2");
    assert_string_equal(out.items[3].message, "callee");
    pa_report_free(&found);
    pa_report_free(&out);
    pa_model_free(m);
}

/* The indexed lookup answers as a scan of the table in order would: the
 * first entry of each name, NULL for names it lacks. */
/* The model's arrays: block lists that grow past each power of two keep
 * their order, pooled arguments and inputs survive later allocations and
 * replacement, and a pooled array larger than a chunk is served whole. */
static void model_arrays_should_keep_what_was_appended(void **state)
{
    (void)state;
    pa_module *m = pa_model_new("pool.c");
    assert_non_null(m);
    pa_function *f = pa_model_add_function(m, "f", 0);
    assert_non_null(f);
    int b0 = pa_model_add_block(f), b1 = pa_model_add_block(f);
    assert_int_equal(b1, 1);
    for (int i = 0; i < 300; i++) {
        assert_int_equal(pa_model_add_op(f, i % 3 == 0 ? b1 : b0, PA_OP_CALL), i);
        assert_int_equal(pa_model_add_succ(f, b0, i), i < 2 ? 0 : -1);
    }
    assert_int_equal(f->blocks[b1].nops, 100);
    assert_int_equal(f->blocks[b0].nops, 200);
    for (size_t k = 0; k < 100; k++)
        assert_int_equal(f->blocks[b1].ops[k], (int)(3 * k));
    assert_int_equal(f->blocks[b0].nsuccs, 2);
    int args[3] = {7, PA_NONE, 9};
    unsigned flags[3] = {PA_ARG_CONST, 0, PA_ARG_NOCAPTURE};
    int64_t consts[3] = {42, 0, 0};
    assert_int_equal(pa_model_set_args(f, 5, args, flags, consts, 3), 0);
    const int *kept = f->ops[5].args;
    assert_int_equal((uintptr_t)f->ops[5].arg_const % _Alignof(int64_t), 0);
    /* A pooled array bigger than a chunk, then more small ones. */
    char *big = pa_model_alloc(f, 200000);
    assert_non_null(big);
    memset(big, 0xab, 200000);
    for (int i = 0; i < 2000; i++)
        assert_int_equal(pa_model_set_args(f, 6, args, NULL, NULL, 3), 0);
    assert_ptr_equal(f->ops[5].args, kept);
    assert_int_equal(f->ops[5].args[0], 7);
    assert_int_equal(f->ops[5].args[1], PA_NONE);
    assert_int_equal(f->ops[5].arg_flags[2], PA_ARG_NOCAPTURE);
    assert_int_equal(f->ops[5].arg_const[0], 42);
    assert_int_equal(f->ops[6].arg_flags[0], 0);
    assert_int_equal(f->ops[6].arg_const[2], 0);
    assert_int_equal(pa_model_set_args(f, 6, NULL, NULL, NULL, 0), 0);
    assert_null(f->ops[6].args);
    assert_int_equal(f->ops[6].nargs, 0);
    int v = pa_model_add_value(f, PA_VAL_MERGE);
    int in[2] = {1, 2}, from[2] = {b0, b1};
    assert_int_equal(pa_model_set_inputs(f, v, in, 2), 0);
    assert_int_equal(pa_model_set_input_blocks(f, v, from, 2), 0);
    assert_int_equal(pa_model_set_input_blocks(f, v, from, 1), -1);
    assert_int_equal(f->values[v].inputs[1], 2);
    assert_int_equal(f->values[v].in_blocks[1], b1);
    assert_int_equal((unsigned char)big[199999], 0xab);
    pa_model_free(m);
}

static void catalogue_lookup_should_find_the_first_entry_of_each_name(void **state)
{
    (void)state;
    size_t n = 0;
    for (; pa_catalog_at(n); n++) {
        const pa_cat_entry *first = NULL;
        for (size_t k = 0; !first && k <= n; k++)
            if (strcmp(pa_catalog_at(k)->name, pa_catalog_at(n)->name) == 0)
                first = pa_catalog_at(k);
        assert_ptr_equal(pa_catalog_lookup(pa_catalog_at(n)->name), first);
    }
    assert_true(n > 100);
    assert_null(pa_catalog_lookup("mallocx"));
    assert_null(pa_catalog_lookup("malloc "));
    assert_null(pa_catalog_lookup("m"));
    assert_null(pa_catalog_lookup(""));
    assert_null(pa_catalog_lookup(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_arrays_should_keep_what_was_appended),
        cmocka_unit_test(catalogue_lookup_should_find_the_first_entry_of_each_name),
        cmocka_unit_test(catalogue_should_tell_vendored_directories_by_whole_components),
        cmocka_unit_test(taken_ranges_should_reach_the_report_in_their_order),
        cmocka_unit_test(root_should_sum_constant_offsets),
        cmocka_unit_test(single_pred_should_be_unique_and_count_only_the_loop),
        cmocka_unit_test(catalogue_should_classify_allocators_locks_and_blocking_calls),
        cmocka_unit_test(project_catalogue_should_add_entries_that_builtins_override),
        cmocka_unit_test(catalogue_should_tell_lock_types_from_struct_fields),
        cmocka_unit_test(lock_class_names_should_come_from_the_facts),
        cmocka_unit_test(disable_list_should_name_analyses_and_reject_unknown_ones),
        cmocka_unit_test(dedupe_should_keep_the_first_finding_of_each_id),
        cmocka_unit_test(block_reaches_should_follow_edges_only),
        cmocka_unit_test(finding_id_should_be_stable_and_depend_on_location),
        cmocka_unit_test(report_should_keep_findings_with_formatted_messages),
        cmocka_unit_test(message_function_name_should_drop_parameters_only),
        cmocka_unit_test(summary_index_should_find_what_a_linear_search_finds),
        cmocka_unit_test(a_value_should_have_no_lock_facts_until_given_a_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
