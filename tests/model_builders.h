/* tests/model_builders.h — short-hands for hand-building program models in
 * unit tests. Every helper aborts the test on out of memory. */
#ifndef PA_TEST_MODEL_BUILDERS_H
#define PA_TEST_MODEL_BUILDERS_H

#include "model.h"

/* A function with n blocks chained 0 -> 1 -> ... -> n-1; the last returns. */
pa_function *tb_function(pa_module *m, const char *name, unsigned nparams, int nblocks);
/* A call op to a catalogued or plain function with pointer args; returns op id. */
int tb_call(pa_function *f, int block, const char *callee, const int *args, size_t nargs);
/* An allocation op (malloc-like) of size bytes; *value receives the result id. */
int tb_alloc(pa_function *f, int block, pa_allocator a, int64_t size, int *value);
/* A value of kind with the given name (GLOBAL/ARG...). */
int tb_value(pa_function *f, pa_value_kind kind, const char *name);
/* Set a location on op (file borrowed: pass a literal). */
void tb_loc(pa_function *f, int op, const char *file, unsigned line);

#endif
