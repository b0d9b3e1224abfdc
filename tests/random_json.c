/* tests/random_json.c — see random_json.h. */
#include "random_json.h"

static unsigned long long rng_state = 88172645463325252ull;

unsigned long long pa_test_next64(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

unsigned pa_test_next_rand(unsigned n)
{
    return (unsigned)(pa_test_next64() % n);
}

void pa_test_random_string(char *buf, size_t cap, const char *pool, size_t npool)
{
    size_t n = pa_test_next_rand((unsigned)cap - 1);
    for (size_t i = 0; i < n; i++)
        buf[i] = pool[pa_test_next_rand((unsigned)npool)];
    buf[n] = '\0';
}

cJSON *pa_test_random_tree(int depth, double (*make_number)(void), const char *pool, size_t npool)
{
    char s[24];
    switch (pa_test_next_rand(depth > 4 ? 5 : 8)) {
    case 0: pa_test_random_string(s, sizeof s, pool, npool); return cJSON_CreateString(s);
    case 1:
    case 4: return cJSON_CreateNumber(make_number());
    case 2: return cJSON_CreateBool(pa_test_next_rand(2) == 1);
    case 3: return cJSON_CreateNull();
    case 5:
    case 6: {
        cJSON *o = cJSON_CreateObject();
        unsigned n = pa_test_next_rand(5);
        for (unsigned i = 0; i < n; i++) {
            pa_test_random_string(s, sizeof s, pool, npool);
            cJSON_AddItemToObject(o, s, pa_test_random_tree(depth + 1, make_number, pool, npool));
        }
        return o;
    }
    default: {
        cJSON *a = cJSON_CreateArray();
        unsigned n = pa_test_next_rand(5);
        for (unsigned i = 0; i < n; i++)
            cJSON_AddItemToArray(a, pa_test_random_tree(depth + 1, make_number, pool, npool));
        return a;
    }
    }
}
