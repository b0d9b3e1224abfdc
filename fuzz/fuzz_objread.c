/* fuzz/fuzz_objread.c — libFuzzer target for the object reader: arbitrary
 * bytes as an ELF file or ar archive (advisor/objread.c); every document
 * found is loaded into a set as `perfadvise report` would (advisor/load.c).
 *   cmake --build build --target fuzz_objread && build/fuzz/fuzz_objread CORPUS */
#include "load.h"
#include "merge.h"
#include "objread.h"

#include <stddef.h>
#include <stdint.h>

static int on_doc(void *ctx, const char *member, const char *json, size_t len)
{
    char err[256];
    (void)member;
    adv_load_buffer(ctx, json, len, "fuzz.o", err, sizeof err);
    return 0;
}

static void on_problem(void *ctx, const char *member, const char *what)
{
    (void)ctx;
    (void)member;
    (void)what;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    adv_set s;
    if (adv_set_init(&s) != 0)
        return 0;
    adv_obj_visitor v = {on_doc, on_problem, &s};
    adv_obj_scan(data, size, &v);
    adv_set_free(&s);
    return 0;
}
