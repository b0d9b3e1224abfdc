/* passes/fd_facts.c — descriptors made non-blocking in this translation
 * unit (libusb's netlink socket: socket(PF_NETLINK, SOCK_RAW |
 * SOCK_NONBLOCK, ...) kept in a static, read by recvmsg under
 * linux_hotplug_lock; it returns EAGAIN instead of waiting). The flag
 * values are Linux's (x86, ARM, RISC-V; not Alpha, MIPS, PA-RISC, SPARC,
 * whose O_NONBLOCK differs): a front end for another ABI would pass them
 * in. */
#include "fd_facts.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

enum {
    FD_O_NONBLOCK = 04000,    /* also SOCK_NONBLOCK */
    FD_F_SETFL = 4,
    FD_MSG_DONTWAIT = 0x40,
};

/* The argument holding the open flags of a call that makes a descriptor,
 * or -1 when name makes none. */
static int flags_arg_of_opener(const char *name)
{
    if (strcmp(name, "socket") == 0 || strcmp(name, "open") == 0 || strcmp(name, "open64") == 0)
        return 1;
    if (strcmp(name, "openat") == 0 || strcmp(name, "openat64") == 0)
        return 2;
    if (strcmp(name, "accept4") == 0)
        return 3;
    return -1;
}

bool pa_fd_facts_names_opener(const char *name)
{
    return name && (flags_arg_of_opener(name) >= 0 || strcmp(name, "fcntl") == 0 ||
                    strcmp(name, "fcntl64") == 0);
}

/* Does argument a of o carry O_NONBLOCK: a constant with the bit, or an
 * `x | O_NONBLOCK` (an arithmetic value with such a constant operand)? */
static bool arg_has_nonblock(const pa_function *f, const pa_op *o, int a)
{
    if (a < 0 || (size_t)a >= o->nargs)
        return false;
    if (o->arg_flags && (o->arg_flags[a] & PA_ARG_CONST) && o->arg_const)
        return (o->arg_const[a] & FD_O_NONBLOCK) != 0;
    const pa_value *v = pa_value_at(f, o->args ? o->args[a] : PA_NONE);
    if (!v || v->kind != PA_VAL_ARITH || v->arith != PA_ARITH_OTHER)
        return false;
    for (size_t i = 0; i < v->ninputs && i < 2; i++) {
        const pa_value *in = pa_value_at(f, v->inputs[i]);
        if (in && in->kind == PA_VAL_CONST && (in->offset & FD_O_NONBLOCK))
            return true;
    }
    return false;
}

/* The global a value is loaded from or is (its name), or NULL. */
static const char *global_of(const pa_function *f, int v, bool loaded)
{
    const pa_value *val = pa_value_at(f, v);
    if (loaded) {
        if (!val || val->kind != PA_VAL_LOAD)
            return NULL;
        v = val->base;
    }
    int64_t off = 0;
    const pa_value *g = pa_value_at(f, pa_value_root(f, v, &off));
    return g && g->kind == PA_VAL_GLOBAL && off == 0 ? g->name : NULL;
}

static bool known(const pa_fd_facts *k, const char *name)
{
    for (size_t i = 0; name && i < k->n; i++)
        if (strcmp(k->names[i], name) == 0)
            return true;
    return false;
}

static int add_name(pa_fd_facts *k, const char *name)
{
    if (!name || known(k, name))
        return 0;
    const char **p = pa_array_reserve(k->names, &k->cap, k->n + 1, sizeof *p);
    if (!p)
        return -1;
    k->names = p;
    k->names[k->n++] = name;
    return 0;
}

/* The global op (a store or an fcntl) makes non-blocking, or NULL. */
static const char *made_nonblocking(const pa_function *f, const pa_op *o)
{
    if (o->kind == PA_OP_STORE) {
        const pa_value *src = pa_value_at(f, o->stored);
        const pa_op *call = src && src->kind == PA_VAL_CALL ? pa_op_at(f, src->def_op) : NULL;
        if (!call || !call->callee || call->result != o->stored)
            return NULL;
        int a = flags_arg_of_opener(call->callee);
        return a >= 0 && arg_has_nonblock(f, call, a) ? global_of(f, o->addr, false) : NULL;
    }
    if (o->kind == PA_OP_CALL && o->callee &&
        (strcmp(o->callee, "fcntl") == 0 || strcmp(o->callee, "fcntl64") == 0) && o->nargs >= 3 &&
        o->arg_flags && (o->arg_flags[1] & PA_ARG_CONST) && o->arg_const &&
        o->arg_const[1] == FD_F_SETFL && arg_has_nonblock(f, o, 2))
        return global_of(f, o->args ? o->args[0] : PA_NONE, true);
    return NULL;
}

int pa_fd_facts_find(const pa_module *m, pa_fd_facts *k)
{
    memset(k, 0, sizeof *k);
    for (size_t i = 0; m && i < m->nfunctions; i++) {
        const pa_function *f = m->functions[i];
        for (size_t j = 0; j < f->nops; j++)
            if (add_name(k, made_nonblocking(f, &f->ops[j])) != 0)
                return -1;
    }
    return 0;
}

void pa_fd_facts_free(pa_fd_facts *k)
{
    free(k->names);
    memset(k, 0, sizeof *k);
}

/* The argument holding send/recv flags, or -1. */
static int msg_flags_arg(const char *name)
{
    if (strcmp(name, "recv") == 0 || strcmp(name, "__recv_chk") == 0 || strcmp(name, "send") == 0 ||
        strcmp(name, "recvfrom") == 0 || strcmp(name, "sendto") == 0)
        return strcmp(name, "__recv_chk") == 0 ? 4 : 3;
    if (strcmp(name, "recvmsg") == 0 || strcmp(name, "sendmsg") == 0)
        return 2;
    return -1;
}

bool pa_fd_call_never_waits(const pa_fd_facts *k, const pa_function *f, const pa_op *o)
{
    if (!o || !o->callee || o->nargs == 0)
        return false;
    int fa = msg_flags_arg(o->callee);
    if (fa >= 0 && (size_t)fa < o->nargs && o->arg_flags && (o->arg_flags[fa] & PA_ARG_CONST) &&
        o->arg_const && (o->arg_const[fa] & FD_MSG_DONTWAIT))
        return true;
    return k && known(k, global_of(f, o->args ? o->args[0] : PA_NONE, true));
}
