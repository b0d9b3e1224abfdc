/* tests/random_json.h — random JSON trees for tests that compare a printer
 * of ours with cJSON's own (test_json_pretty.c, test_json_print.c): one
 * deterministic generator (xorshift), so every run checks the same trees. */
#ifndef PA_TEST_RANDOM_JSON_H
#define PA_TEST_RANDOM_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* The next 64 random bits, and a number below n (n > 0). */
unsigned long long pa_test_next64(void);
unsigned pa_test_next_rand(unsigned n);

/* A string of fewer than cap bytes drawn from the first npool bytes of pool. */
void pa_test_random_string(char *buf, size_t cap, const char *pool, size_t npool);

/* A tree of objects, arrays, strings (from pool), numbers (from
 * make_number), booleans and nulls, at most about 5 levels below depth. */
cJSON *pa_test_random_tree(int depth, double (*make_number)(void), const char *pool, size_t npool);

#endif
