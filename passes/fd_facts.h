/* passes/fd_facts.h — which descriptors this translation unit makes
 * non-blocking, so that a read or write on them under a lock is not
 * reported as a wait (blocking-under-lock). */
#ifndef PA_FD_FACTS_H
#define PA_FD_FACTS_H

#include "model.h"

#include <stdbool.h>

/* Globals (by name) whose descriptor is opened non-blocking in the module:
 * stored from socket(.., SOCK_NONBLOCK, ..), accept4(.., SOCK_NONBLOCK),
 * open(.., O_NONBLOCK) / openat, or given O_NONBLOCK by fcntl(F_SETFL). */
typedef struct pa_fd_facts {
    const char **names; /* borrowed from the module's strings */
    size_t n, cap;
} pa_fd_facts;

/* Fill k from every function of m. Returns 0, or -1 on out of memory (k
 * then holds what was found so far; free it either way). */
int pa_fd_facts_find(const pa_module *m, pa_fd_facts *k);
void pa_fd_facts_free(pa_fd_facts *k);

/* Does call o (a catalogued blocking I/O call) never wait: its descriptor
 * is a global of k, or its flags say MSG_DONTWAIT? */
bool pa_fd_call_never_waits(const pa_fd_facts *k, const pa_function *f, const pa_op *o);

/* Is `name` a function whose calls make or change a descriptor's mode
 * (the extractor keeps such functions for the lock analysis)? */
bool pa_fd_facts_names_opener(const char *name);

#endif
