/* advisor/inputs.c — one input of `perfadvise report` into the set, each
 * translation unit's document once (inputs.h). */
#define _POSIX_C_SOURCE 200809L
#include "inputs.h"

#include "merge.h"
#include "objread.h"
#include "open_input.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
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

/* One document: its text json[0..n), or parsed already (then json is NULL
 * and id its identity, when compared). */
static int load_doc_with(load_ctx *c, const char *member, const char *json, size_t n, bool object,
                         adv_parsed *parsed, const adv_doc_id *parsed_id)
{
    /* Only a document that loaded is remembered: two broken copies are
     * both reported. */
    bool compare = object || c->in->hash_files;
    adv_doc_id id = {0, 0, 0};
    if (compare)
        id = parsed ? *parsed_id : adv_doc_identity(json, n);
    if (compare && known(c->in, &id)) {
        c->in->duplicates++;
        return 0;
    }
    char name[4200], err[512];
    if (member)
        snprintf(name, sizeof name, "%s(%s)", c->path, member);
    else
        snprintf(name, sizeof name, "%s", c->path);
    int rc = parsed ? adv_parsed_import(c->s, parsed, name, err, sizeof err)
                    : adv_load_buffer(c->s, json, n, name, err, sizeof err);
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

static int load_doc(load_ctx *c, const char *member, const char *json, size_t n, bool object)
{
    return load_doc_with(c, member, json, n, object, NULL, NULL);
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

/* ---- reading and parsing ahead ------------------------------------------ */

/* What the loader thread made of one path: the outcomes adv_input_load can
 * tell before it touches the set, in the same order of checks. */
typedef enum pf_what {
    PF_OBJECT,      /* not JSON: the caller loads it with adv_input_load */
    PF_OPEN_FAILED, /* why */
    PF_TOO_LARGE,
    PF_READ_ERROR,  /* error */
    PF_PARSED,      /* parsed (valid or not, prepared when valid), id when compared */
    PF_NO_MEMORY,
} pf_what;

typedef struct pf_slot {
    pf_what what;
    const char *why;
    int error;
    char *buf;
    size_t cap;
    adv_doc_id id;
    adv_parsed *parsed;
    /* The strings and evidence of the findings prepared here (a set used
     * for its arena only, adv_parsed_prepare), handed to the caller's set
     * by adv_prefetch_stop: a document's memory must outlive its import. */
    adv_set mem;
    /* The path this slot holds next (filled for turn, taken, turn +=
     * PF_AHEAD) and whether it is prepared and not yet taken. Sequentially
     * consistent atomics, so that a thread that sees them sees the slot's
     * contents, and a thread about to sleep and one about to wake it never
     * both miss each other (each stores, then loads what the other stores). */
    atomic_size_t turn;
    atomic_bool ready;
    atomic_uint loaders_asleep; /* on cv, until turn is theirs */
    pthread_cond_t cv;
} pf_slot;

/* Documents read and parsed ahead of the one being imported: enough to
 * ride over a large file and to keep both loader threads busy while the
 * main thread imports a batch, few enough that memory stays that of a
 * handful of files. */
#define PF_AHEAD 8u
/* The main thread, when the next document is not ready, sleeps until this
 * many in a row are (or the rest): it imports faster than two threads
 * parse, and waking it for each one was 2,000 sleeps and wake-ups for
 * 2,000 files. At most PF_AHEAD. */
#define PF_BATCH 4u
/* Loader threads: each takes the next path, reads, parses and prepares it
 * (the import's per-document half), so with two the main thread's ordered
 * half is what bounds loading on a free second core. */
#define PF_THREADS 2u

/* The thread that sleeps and the one that wakes it hold mu for that only:
 * a document that is ready, or a slot that is free, is taken without it. */
struct adv_prefetch {
    char *const *paths;
    size_t n;
    atomic_size_t next; /* the next path a loader thread takes */
    bool hash_files;
    pf_slot slots[PF_AHEAD];
    pthread_t threads[PF_THREADS];
    size_t nthreads;
    pthread_mutex_t mu;
    pthread_cond_t main_cv;
    /* The first path of the batch the main thread sleeps for; SIZE_MAX: awake. */
    atomic_size_t main_wants;
    atomic_bool stop;
};
static void pf_prepare(adv_prefetch *pf, pf_slot *sl, const char *path)
{
    struct stat st;
    sl->why = NULL;
    int fd = adv_open_regular(path, &st, &sl->why);
    if (fd < 0) {
        sl->what = PF_OPEN_FAILED;
        return;
    }
    unsigned char head[8];
    ssize_t nhead = pread(fd, head, sizeof head, 0);
    adv_obj_format f = nhead > 0 ? adv_obj_sniff(head, (size_t)nhead) : ADV_OBJ_UNKNOWN;
    if (f != ADV_OBJ_UNKNOWN) {
        sl->what = PF_OBJECT;
    } else if ((unsigned long long)st.st_size > ADV_LOAD_MAX_BYTES) {
        sl->what = PF_TOO_LARGE;
    } else {
        size_t size = (size_t)st.st_size, got = 0;
        sl->what = PF_NO_MEMORY;
        if (sl->cap < size + 1) {
            free(sl->buf);
            sl->cap = size + 1 > 256u * 1024u ? size + 1 : 256u * 1024u;
            if (!(sl->buf = malloc(sl->cap))) {
                sl->cap = 0;
                close(fd);
                return;
            }
        }
        while (got < size) {
            ssize_t r = read(fd, sl->buf + got, size - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                sl->what = PF_READ_ERROR;
                sl->error = errno;
                close(fd);
                return;
            }
            if (r == 0)
                break;
            got += (size_t)r;
        }
        sl->buf[got] = '\0';
        if (pf->hash_files)
            sl->id = adv_doc_identity(sl->buf, got);
        if (!sl->parsed && !(sl->parsed = adv_parsed_new())) {
            close(fd);
            return;
        }
        adv_parse_text(sl->parsed, sl->buf, got);
        if (!sl->mem.arena && adv_set_init(&sl->mem) != 0) {
            close(fd);
            return;
        }
        if (adv_parsed_prepare(sl->parsed, &sl->mem) == -2) {
            close(fd);
            return;
        }
        sl->what = PF_PARSED;
    }
    close(fd);
}

/* Whether paths first.. (PF_BATCH of them, or the rest) are prepared. */
static bool batch_ready(adv_prefetch *pf, size_t first)
{
    size_t end = pf->n - first < PF_BATCH ? pf->n : first + PF_BATCH;
    for (size_t k = first; k < end; k++) {
        pf_slot *sl = &pf->slots[k % PF_AHEAD];
        if (atomic_load(&sl->turn) != k || !atomic_load(&sl->ready))
            return false;
    }
    return true;
}

/* Sleep until sl's turn is path i (or the loading stops). */
static void wait_for_turn(adv_prefetch *pf, pf_slot *sl, size_t i)
{
    pthread_mutex_lock(&pf->mu);
    atomic_fetch_add(&sl->loaders_asleep, 1u);
    while (atomic_load(&sl->turn) != i && !atomic_load(&pf->stop))
        pthread_cond_wait(&sl->cv, &pf->mu);
    atomic_fetch_sub(&sl->loaders_asleep, 1u);
    pthread_mutex_unlock(&pf->mu);
}

/* A loader thread: paths are taken in order, each into its slot once the
 * main thread has taken what the slot held before (its turn). */
static void *pf_main(void *arg)
{
    adv_prefetch *pf = arg;
    while (!atomic_load(&pf->stop)) {
        size_t i = atomic_fetch_add(&pf->next, 1u);
        if (i >= pf->n)
            break;
        pf_slot *sl = &pf->slots[i % PF_AHEAD];
        if (atomic_load(&sl->turn) != i)
            wait_for_turn(pf, sl, i);
        if (atomic_load(&pf->stop))
            break;
        pf_prepare(pf, sl, pf->paths[i]);
        atomic_store(&sl->ready, true);
        size_t want = atomic_load(&pf->main_wants);
        if (want != SIZE_MAX && batch_ready(pf, want)) {
            pthread_mutex_lock(&pf->mu);
            pthread_cond_signal(&pf->main_cv);
            pthread_mutex_unlock(&pf->mu);
        }
    }
    return NULL;
}

/* The first n slots' conditions, the main thread's and the mutex. */
static void destroy_conds(adv_prefetch *pf, size_t n)
{
    for (size_t k = 0; k < n; k++)
        pthread_cond_destroy(&pf->slots[k].cv);
    pthread_cond_destroy(&pf->main_cv);
    pthread_mutex_destroy(&pf->mu);
}

/* One loader thread per core beside the main thread's, up to PF_THREADS. */
static size_t pf_thread_count(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = cores > 1 ? (size_t)cores : 1;
    return n < PF_THREADS ? n : PF_THREADS;
}

adv_prefetch *adv_prefetch_start(char *const *paths, size_t n, bool hash_files)
{
    adv_prefetch *pf = calloc(1, sizeof *pf);
    if (!pf)
        return NULL;
    pf->paths = paths;
    pf->n = n;
    pf->hash_files = hash_files;
    atomic_init(&pf->next, 0);
    atomic_init(&pf->main_wants, SIZE_MAX);
    atomic_init(&pf->stop, false);
    if (pthread_mutex_init(&pf->mu, NULL) != 0) {
        free(pf);
        return NULL;
    }
    if (pthread_cond_init(&pf->main_cv, NULL) != 0) {
        pthread_mutex_destroy(&pf->mu);
        free(pf);
        return NULL;
    }
    for (size_t k = 0; k < PF_AHEAD; k++) {
        atomic_init(&pf->slots[k].turn, k);
        atomic_init(&pf->slots[k].ready, false);
        atomic_init(&pf->slots[k].loaders_asleep, 0u);
        if (pthread_cond_init(&pf->slots[k].cv, NULL) != 0) {
            destroy_conds(pf, k);
            free(pf);
            return NULL;
        }
    }
    adv_load_threads_begin();
    size_t want = pf_thread_count();
    while (pf->nthreads < want &&
           pthread_create(&pf->threads[pf->nthreads], NULL, pf_main, pf) == 0)
        pf->nthreads++;
    if (!pf->nthreads) {
        adv_load_threads_end();
        destroy_conds(pf, PF_AHEAD);
        free(pf);
        return NULL;
    }
    return pf;
}

void adv_prefetch_stop(adv_prefetch *pf, adv_set *s)
{
    if (!pf)
        return;
    pthread_mutex_lock(&pf->mu);
    atomic_store(&pf->stop, true);
    for (size_t k = 0; k < PF_AHEAD; k++)
        pthread_cond_broadcast(&pf->slots[k].cv);
    pthread_mutex_unlock(&pf->mu);
    for (size_t t = 0; t < pf->nthreads; t++)
        pthread_join(pf->threads[t], NULL);
    adv_load_threads_end();
    for (size_t i = 0; i < PF_AHEAD; i++) {
        free(pf->slots[i].buf);
        adv_parsed_free(pf->slots[i].parsed);
        if (s && pf->slots[i].mem.arena)
            adv_set_adopt_memory(s, &pf->slots[i].mem);
        adv_set_free(&pf->slots[i].mem);
    }
    destroy_conds(pf, PF_AHEAD);
    free(pf);
}

int adv_input_load_prefetched(adv_set *s, adv_inputs *in, adv_prefetch *pf, size_t i, bool named,
                              adv_warn_fn warn, void *ctx)
{
    const char *path = pf->paths[i];
    pf_slot *sl = &pf->slots[i % PF_AHEAD];
    if (!atomic_load(&sl->ready)) {
        pthread_mutex_lock(&pf->mu);
        atomic_store(&pf->main_wants, i);
        while (!batch_ready(pf, i))
            pthread_cond_wait(&pf->main_cv, &pf->mu);
        atomic_store(&pf->main_wants, SIZE_MAX);
        pthread_mutex_unlock(&pf->mu);
    }
    load_ctx c = {s, in, path, warn, ctx, false};
    int rc = 0;
    switch (sl->what) {
    case PF_OBJECT:
        rc = adv_input_load(s, in, path, named, warn, ctx);
        break;
    case PF_OPEN_FAILED: {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open: %s", sl->why ? sl->why : "unknown error");
        say(&c, NULL, msg);
        in->skipped++;
        break;
    }
    case PF_TOO_LARGE: {
        char msg[100];
        snprintf(msg, sizeof msg, "file larger than %u MB", ADV_LOAD_MAX_BYTES / (1024u * 1024u));
        say(&c, NULL, msg);
        in->skipped++;
        break;
    }
    case PF_READ_ERROR: {
        char msg[300];
        snprintf(msg, sizeof msg, "read error: %s", strerror(sl->error));
        say(&c, NULL, msg);
        in->skipped++;
        break;
    }
    case PF_PARSED:
        rc = load_doc_with(&c, NULL, NULL, 0, false, sl->parsed, &sl->id) == -2 ? -2 : 0;
        adv_parsed_clear(sl->parsed);
        break;
    default:
        rc = -2;
        break;
    }
    atomic_store(&sl->ready, false);
    atomic_store(&sl->turn, i + PF_AHEAD);
    if (atomic_load(&sl->loaders_asleep)) {
        pthread_mutex_lock(&pf->mu);
        pthread_cond_broadcast(&sl->cv);
        pthread_mutex_unlock(&pf->mu);
    }
    return rc;
}
