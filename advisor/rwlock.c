/* advisor/rwlock.c — read-write lock candidates over the whole build. One
 * function shows too little (a reader here, the writers elsewhere), so the
 * plugin only records each function's sections and the judgement is made
 * here, once per class, with the read and write counts in the finding.
 * Exercised by lit/advisor_rwlock.test and tests/test_adv_rwlock.c. */
#define _POSIX_C_SOURCE 200809L
#include "rwlock.h"

#include "kinds.h"
#include "merge.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rw_class {
    const char *cls;
    double sections, read_only, shared;
    bool in_loop;        /* some section of the class is taken inside a loop */
    bool reader_writer;  /* already a reader-writer or spin lock */
    size_t primary;      /* index of the section the finding is reported at */
    size_t nreaders;     /* functions with read-only sections */
} rw_class;

typedef struct class_match {
    const rw_class *classes;
    const char *cls;
} class_match;

static bool class_named(const void *ctx, intptr_t val)
{
    const class_match *m = ctx;
    return strcmp(m->classes[val].cls, m->cls) == 0;
}

static bool reader_writer_prim(const char *prim)
{
    return strstr(prim, "rwlock") || strstr(prim, "shared") || strstr(prim, "spin");
}

static int cmp_section_loc(const adv_section *a, const adv_section *b)
{
    int c = strcmp(a->loc.file ? a->loc.file : "", b->loc.file ? b->loc.file : "");
    if (c)
        return c;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    return strcmp(a->function, b->function);
}

/* The reported section: a read-only one, preferably taken in a loop (that
 * is where readers queue), then the first in the source. */
static bool better_primary(const adv_section *cand, const adv_section *cur)
{
    bool cr = cand->read_only > 0, ur = cur->read_only > 0;
    if (cr != ur)
        return cr;
    if (cand->in_loop != cur->in_loop)
        return cand->in_loop;
    return cmp_section_loc(cand, cur) < 0;
}

static void absorb_section(rw_class *c, const adv_set *s, size_t i)
{
    const adv_section *sec = &s->sections[i];
    c->sections += sec->sections;
    c->read_only += sec->read_only;
    c->shared += sec->shared;
    c->in_loop |= sec->in_loop;
    c->reader_writer |= reader_writer_prim(sec->prim);
    if (sec->read_only > 0)
        c->nreaders++;
    if (better_primary(sec, &s->sections[c->primary]))
        c->primary = i;
}

static bool candidate(const rw_class *c)
{
    return !c->reader_writer && c->shared == 0 && c->in_loop &&
           c->read_only >= ADV_RW_MIN_READERS && c->read_only * 4 >= c->sections * 3;
}

/* "lookup(), sum() and 2 more" from the read-only sections of the class. */
static void reader_names(const adv_set *s, const char *cls, char *buf, size_t n)
{
    size_t used = 0, listed = 0, more = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->nsections; i++) {
        const adv_section *sec = &s->sections[i];
        if (sec->read_only <= 0 || strcmp(sec->cls, cls) != 0)
            continue;
        if (listed == 3) {
            more++;
            continue;
        }
        const char *name = sec->demangled ? sec->demangled : sec->function;
        int w = snprintf(buf + used, n - used, "%s%s%s", listed ? ", " : "", name,
                         strchr(name, '(') ? "" : "()");
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
        listed++;
    }
    if (more && used < n)
        snprintf(buf + used, n - used, " and %zu more", more);
}

static cJSON *class_evidence(const adv_set *s, const rw_class *c)
{
    const adv_section *p = &s->sections[c->primary];
    cJSON *ev = cJSON_CreateObject();
    cJSON *fns = ev ? cJSON_AddArrayToObject(ev, "sections_by_function") : NULL;
    if (!fns) {
        cJSON_Delete(ev);
        return NULL;
    }
    cJSON_AddStringToObject(ev, "lock_class", c->cls);
    cJSON_AddStringToObject(ev, "prim", p->prim);
    cJSON_AddNumberToObject(ev, "sections", c->sections);
    cJSON_AddNumberToObject(ev, "read_only", c->read_only);
    cJSON_AddNumberToObject(ev, "writing", c->sections - c->read_only);
    cJSON_AddBoolToObject(ev, "in_loop", c->in_loop);
    if (p->executions > 0)
        cJSON_AddNumberToObject(ev, "executions_per_call", p->executions);
    cJSON_AddStringToObject(ev, "confidence", "medium");
    cJSON_AddStringToObject(ev, "confidence_reason",
                            "read-only is judged per critical section from the loads and "
                            "stores the compiler sees; measure before switching");
    for (size_t i = 0; i < s->nsections; i++) {
        const adv_section *sec = &s->sections[i];
        if (strcmp(sec->cls, c->cls) != 0)
            continue;
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(fns, o)) {
            cJSON_Delete(o);
            cJSON_Delete(ev);
            return NULL;
        }
        cJSON_AddStringToObject(o, "function", sec->demangled ? sec->demangled : sec->function);
        cJSON_AddItemToObject(o, "location", adv_loc_to_json(&sec->loc));
        cJSON_AddNumberToObject(o, "sections", sec->sections);
        cJSON_AddNumberToObject(o, "read_only", sec->read_only);
        cJSON_AddBoolToObject(o, "in_loop", sec->in_loop);
    }
    return ev;
}

static int report_class(adv_set *s, const rw_class *c)
{
    const adv_section *p = &s->sections[c->primary];
    adv_finding f;
    memset(&f, 0, sizeof f);
    pa_finding_id(PA_F_RWLOCK_CANDIDATE, p->function, &p->loc, f.id);
    if (adv_set_find(s, f.id))
        return 0;
    char readers[256], msg[768];
    reader_names(s, c->cls, readers, sizeof readers);
    double writing = c->sections - c->read_only;
    snprintf(msg, sizeof msg,
             "'%s' guards %.0f critical sections in this build and %.0f of them only read "
             "(%s); %.0f write%s; it is taken inside a loop: a reader-writer lock lets the "
             "readers run in parallel",
             c->cls, c->sections, c->read_only, readers, writing, writing == 1 ? "s" : "");
    f.kind = PA_F_RWLOCK_CANDIDATE;
    f.kind_name = pa_kind_row_of(PA_F_RWLOCK_CANDIDATE)->kind;
    f.remark = "missed";
    f.function = p->function;
    f.function_demangled = p->demangled ? p->demangled : p->function;
    f.loc = p->loc;
    f.tu = p->tu;
    f.tu_count = 1;
    f.message = adv_set_strdup(s, msg);
    f.evidence = class_evidence(s, c);
    if (!f.message || !f.evidence) {
        cJSON_Delete(f.evidence);
        return -1;
    }
    return adv_set_add_finding(s, &f) ? 1 : -1;
}

int adv_rwlock_candidates(adv_set *s)
{
    rw_class *classes = NULL;
    size_t nclasses = 0, cap = 0;
    pa_map ids;
    memset(&ids, 0, sizeof ids);
    int added = 0;
    for (size_t i = 0; i < s->nsections && added >= 0; i++) {
        const adv_section *sec = &s->sections[i];
        class_match m = {classes, sec->cls};
        intptr_t idx;
        if (!pa_map_find(&ids, pa_hash_str(sec->cls), class_named, &m, &idx)) {
            rw_class *grown = pa_array_reserve(classes, &cap, nclasses + 1, sizeof *grown);
            if (!grown || pa_map_add(&ids, pa_hash_str(sec->cls), (intptr_t)nclasses) != 0) {
                if (grown)
                    classes = grown;
                added = -1;
                break;
            }
            classes = grown;
            memset(&classes[nclasses], 0, sizeof classes[nclasses]);
            classes[nclasses].cls = sec->cls;
            classes[nclasses].primary = i;
            idx = (intptr_t)nclasses++;
        }
        absorb_section(&classes[idx], s, i);
    }
    for (size_t c = 0; c < nclasses && added >= 0; c++) {
        if (!candidate(&classes[c]))
            continue;
        int rc = report_class(s, &classes[c]);
        added = rc < 0 ? -1 : added + rc;
    }
    pa_map_free(&ids);
    free(classes);
    return added;
}
