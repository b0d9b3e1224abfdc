/* advisor/inputs.c — one input of `perfadvise report` into the set, each
 * translation unit's document once (inputs.h). */
#define _POSIX_C_SOURCE 200809L
#include "inputs.h"

#include "objread.h"
#include "open_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- identity -------------------------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t w, uint64_t k1, uint64_t k2)
{
    h ^= w * k1;
    h = (h << 31) | (h >> 33);
    return h * k2;
}

adv_doc_id adv_doc_identity(const char *json, size_t n)
{
    static const uint64_t k1 = 0x9e3779b97f4a7c15ull, k2 = 0xbf58476d1ce4e5b9ull;
    static const uint64_t k3 = 0x94d049bb133111ebull, k4 = 0xff51afd7ed558ccdull;
    uint64_t a = 0x243f6a8885a308d3ull, b = 0x13198a2e03707344ull, w = 0;
    size_t len = 0;
    unsigned k = 0;
    bool in_string = false, escaped = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)json[i];
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            continue;
        } else if (c == '"') {
            in_string = true;
        }
        w = (w << 8) | c;
        len++;
        if (++k == 8) {
            a = mix(a, w, k1, k2);
            b = mix(b, w, k3, k4);
            w = 0;
            k = 0;
        }
    }
    a = mix(a, w ^ (uint64_t)len, k1, k2);
    b = mix(b, w + (uint64_t)len, k3, k4);
    a ^= a >> 29;
    b ^= b >> 32;
    adv_doc_id id = {a, b, len};
    return id;
}

void adv_inputs_free(adv_inputs *in)
{
    if (!in)
        return;
    pa_map_free(&in->seen);
    free(in->ids);
    memset(in, 0, sizeof *in);
}

typedef struct id_match {
    const adv_inputs *in;
    const adv_doc_id *id;
} id_match;

static bool same_id(const void *ctx, intptr_t val)
{
    const id_match *m = ctx;
    const adv_doc_id *o = &m->in->ids[val];
    return o->a == m->id->a && o->b == m->id->b && o->len == m->id->len;
}

static bool known(const adv_inputs *in, const adv_doc_id *id)
{
    id_match m = {in, id};
    return pa_map_find(&in->seen, id->a, same_id, &m, NULL);
}

/* Returns 0, or -2 on out of memory. */
static int remember(adv_inputs *in, const adv_doc_id *id)
{
    adv_doc_id *ids = pa_array_reserve(in->ids, &in->cap, in->nids + 1, sizeof *ids);
    if (!ids)
        return -2;
    in->ids = ids;
    in->ids[in->nids] = *id;
    if (pa_map_add(&in->seen, id->a, (intptr_t)in->nids) != 0)
        return -2;
    in->nids++;
    return 0;
}

/* ---- one document ------------------------------------------------------------ */

typedef struct load_ctx {
    adv_set *s;
    adv_inputs *in;
    const char *path;
    adv_warn_fn warn;
    void *wctx;
    bool oom;
} load_ctx;

static void say(load_ctx *c, const char *member, const char *what)
{
    if (!c->warn)
        return;
    if (!member) {
        c->warn(c->wctx, c->path, what);
        return;
    }
    size_t len = strlen(c->path) + strlen(member) + 3;
    char *name = malloc(len);
    if (!name) {
        c->warn(c->wctx, c->path, what);
        return;
    }
    snprintf(name, len, "%s(%s)", c->path, member);
    c->warn(c->wctx, name, what);
    free(name);
}

static int load_doc(load_ctx *c, const char *member, const char *json, size_t n, bool object)
{
    /* Only a document that loaded is remembered: two broken copies are
     * both reported. */
    bool compare = object || c->in->hash_files;
    adv_doc_id id = {0, 0, 0};
    if (compare)
        id = adv_doc_identity(json, n);
    if (compare && known(c->in, &id)) {
        c->in->duplicates++;
        return 0;
    }
    char name[4200], err[512];
    if (member)
        snprintf(name, sizeof name, "%s(%s)", c->path, member);
    else
        snprintf(name, sizeof name, "%s", c->path);
    int rc = adv_load_buffer(c->s, json, n, name, err, sizeof err);
    if (rc == -2) {
        c->oom = true;
        return -2;
    }
    if (rc != 0) {
        say(c, member, err);
        c->in->skipped++;
        return 0;
    }
    if (compare && remember(c->in, &id) != 0) {
        c->oom = true;
        return -2;
    }
    c->in->loaded++;
    return 0;
}

static int on_doc(void *ctx, const char *member, const char *json, size_t len)
{
    return load_doc(ctx, member, json, len, true);
}

static void on_problem(void *ctx, const char *member, const char *what)
{
    load_ctx *c = ctx;
    say(c, member, what);
    c->in->skipped++;
}

/* ---- one input ------------------------------------------------------------- */

static int load_json_file(load_ctx *c, int fd, size_t size)
{
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return -2;
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r < 0) {
                char msg[300];
                snprintf(msg, sizeof msg, "read error: %s", strerror(errno));
                say(c, NULL, msg);
                c->in->skipped++;
                free(buf);
                return 0;
            }
            break;
        }
        got += (size_t)r;
    }
    int rc = load_doc(c, NULL, buf, got, false);
    free(buf);
    return rc == -2 ? -2 : 0;
}

int adv_input_load(adv_set *s, adv_inputs *in, const char *path, bool named, adv_warn_fn warn,
                   void *ctx)
{
    load_ctx c = {s, in, path, warn, ctx, false};
    /* Only a regular file is opened: a FIFO or a device never blocks us. */
    struct stat st;
    const char *why = NULL;
    int fd = adv_open_regular(path, &st, &why);
    if (fd < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open: %s", why ? why : "unknown error");
        say(&c, NULL, msg);
        in->skipped++;
        return 0;
    }
    unsigned char head[8];
    ssize_t nhead = pread(fd, head, sizeof head, 0);
    adv_obj_format f = nhead > 0 ? adv_obj_sniff(head, (size_t)nhead) : ADV_OBJ_UNKNOWN;
    if (f == ADV_OBJ_UNKNOWN) {
        int rc = 0;
        if ((unsigned long long)st.st_size > ADV_LOAD_MAX_BYTES) {
            char msg[100];
            snprintf(msg, sizeof msg, "file larger than %u MB",
                     ADV_LOAD_MAX_BYTES / (1024u * 1024u));
            say(&c, NULL, msg);
            in->skipped++;
        } else {
            rc = load_json_file(&c, fd, (size_t)st.st_size);
        }
        close(fd);
        return rc;
    }
    close(fd);
    adv_obj_visitor v = {on_doc, on_problem, &c};
    char err[300];
    size_t before = in->loaded + in->duplicates, skipped = in->skipped;
    long got = adv_obj_scan_file(path, &v, err, sizeof err);
    if (c.oom)
        return -2;
    if (got == -1 && err[0]) {
        say(&c, NULL, err);
        in->skipped++;
    } else if (got == 0 && named && in->loaded + in->duplicates == before &&
               in->skipped == skipped) {
        say(&c, NULL,
            "no embedded perfadvise findings (compiled without the plugin, or with "
            "PERFADVISE_EMBED=0?)");
        in->skipped++;
    }
    return 0;
}
