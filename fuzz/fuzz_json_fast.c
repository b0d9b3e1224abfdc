/* fuzz/fuzz_json_fast.c — libFuzzer target, differential: whatever the fast
 * reader of findings files (advisor/json_fast.c) takes, cJSON must take too
 * and build the same tree from; what it declines is cJSON's alone.
 *   build/fuzz/fuzz_json_fast -max_total_time=60 lit/Inputs/advisor */
#include "json_fast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every block the reader asked for, freed after each input. */
typedef struct blocks {
    void *list[1 << 16];
    size_t n;
} blocks;

static void *take(void *ctx, size_t n)
{
    blocks *b = ctx;
    if (b->n == sizeof b->list / sizeof b->list[0])
        return NULL;
    void *p = malloc(n);
    if (p)
        b->list[b->n++] = p;
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static blocks b;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    b.n = 0;
    cJSON *fast = adv_json_fast_parse(text, size, 64, take, &b);
    if (fast) {
        const char *end = NULL;
        cJSON *want = cJSON_ParseWithLengthOpts(text, size + 1, &end, 1);
        if (!want || !adv_json_tree_equal(fast, want))
            abort(); /* the fast reader took what cJSON reads otherwise */
        cJSON_Delete(want);
    }
    for (size_t i = 0; i < b.n; i++)
        free(b.list[i]);
    free(text);
    return 0;
}
