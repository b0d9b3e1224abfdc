/* passes/loopalloc_string.h — a std::string that a loop body declares and
 * builds from empty by appends. libstdc++ keeps a string's growth out of
 * line (_M_append, _M_mutate, _M_replace_aux, reserve): no allocator call is
 * in the loop, yet the string is constructed again on every iteration (its
 * data pointer set back to its inline buffer), and once its text passes the
 * 15 bytes it holds inline each rebuild allocates. Declared before the loop
 * and clear()ed, it keeps its capacity. Read from libstdc++'s layout (the
 * data pointer at offset 0, the inline buffer at 16); libc++ strings are
 * not recognised. Used by loopalloc.c.
 * Exercised by: lit/loopalloc_cxx_string_build.cpp, ctest -R unit.test_loopalloc */
#ifndef PA_LOOPALLOC_STRING_H
#define PA_LOOPALLOC_STRING_H

#include "model.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct pa_loopalloc_string_build {
    int loop;           /* the loop whose body constructs the string */
    int init_op;        /* the construction: its data pointer set to its inline buffer */
    int object;         /* root value of the stack object holding the string */
    int64_t offset;     /* the string's offset in that object */
    bool sure;          /* the appends of every iteration pass the 15 inline bytes */
    const char *member; /* what the growth call is to a reader ("append") */
} pa_loopalloc_string_build;

/* A call of libstdc++'s std::string::_M_create: the buffer of a string
 * constructed or copied longer than its inline bytes (not inlined at -O2). */
bool pa_loopalloc_string_create_call(const pa_op *o);

typedef enum pa_loopalloc_string_answer {
    PA_STRING_NOT_STRING, /* op grows no string on the stack that it can tell */
    PA_STRING_NOT_REBUILT, /* the string op grows is none of the below: no growth of it is */
    PA_STRING_NOT_FIRST,  /* the string may be, but not from op: not its first growth,
                             or the appends after op stay inline or end in a move */
    PA_STRING_REBUILT,    /* op is the first growth of such a string: *b filled */
} pa_loopalloc_string_answer;

/* The ops of one function that can construct, copy into or hand away a
 * string (pointer stores; calls that copy into a string, take an rvalue or
 * swap), listed once per function: each string looks at these, not at
 * every op. Zero-initialised before the function's first question; freed
 * with pa_loopalloc_string_ops_free. */
typedef struct pa_loopalloc_string_ops {
    int *ops;
    size_t n;
    bool made;
} pa_loopalloc_string_ops;

void pa_loopalloc_string_ops_free(pa_loopalloc_string_ops *s);

/* The stack object (and offset in it) of the string a growth call grows,
 * or false. */
bool pa_loopalloc_string_place(const pa_function *f, int op, int *object, int64_t *offset);

/* Is op the first growth of a std::string that its function declares, that
 * a loop around op constructs empty on every iteration (the innermost such
 * loop), that nothing copied into first (the copy's _M_create is an
 * allocation of its own), that is neither moved nor swapped away (built
 * for a container: it allocates by design) and whose appends may pass the
 * inline bytes? The answer says whether another growth of the same string
 * can be asked about at all (a caller asks once per string). */
pa_loopalloc_string_answer pa_loopalloc_string_built_per_iteration(const pa_function *f, int op,
                                                                   pa_loopalloc_string_ops *ops,
                                                                   pa_loopalloc_string_build *b);

#endif
