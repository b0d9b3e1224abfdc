/* passes/locks_sym.c — which mutex is this? Lock classes interned per module,
 * and symbolic locks: a lock operand resolved through -O0 stack slots, guard
 * objects and parameters, and substituted at call sites; names come from
 * lock_names.c. The bottom layer of the lock nesting analysis
 * (passes/locks.c); tested by tests/test_locks.c. */
#include "locks_sym.h"

#include "lock_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- class table -------------------------------------------------------- */

typedef struct class_key {
    const lk_classes *t;
    const char *name;
} class_key;

static bool class_named(const void *ctx, intptr_t id)
{
    const class_key *k = ctx;
    return strcmp(k->t->items[id].name, k->name) == 0;
}

int lk_class_intern(lk_classes *t, const char *name, pa_class_kind kind)
{
    if (!name)
        name = "unknown lock";
    uint64_t key = pa_hash_str(name);
    class_key k = {t, name};
    intptr_t found;
    if (pa_map_find(&t->by_name, key, class_named, &k, &found))
        return (int)found;
    lk_class *items = pa_array_reserve(t->items, &t->cap, t->n + 1, sizeof *items);
    if (!items)
        return -1;
    t->items = items;
    char shown[PA_LOCK_NAME_SIZE];
    pa_lock_display_name(name, kind, shown, sizeof shown);
    char *copy = malloc(strlen(name) + 1), *display = malloc(strlen(shown) + 1);
    if (!copy || !display || pa_map_add(&t->by_name, key, (intptr_t)t->n) != 0) {
        free(copy);
        free(display);
        return -1;
    }
    strcpy(copy, name);
    strcpy(display, shown);
    int id = (int)t->n++;
    t->items[id] = (lk_class){copy, display, kind, false, false, PA_UNKNOWN_SIZE};
    return id;
}

void lk_classes_free(lk_classes *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].name);
        free(t->items[i].display);
    }
    free(t->items);
    pa_map_free(&t->by_name);
    memset(t, 0, sizeof *t);
}

const char *lk_class_name(const lk_classes *t, int id)
{
    return id >= 0 && (size_t)id < t->n ? t->items[id].display : "unknown lock";
}

const char *lk_class_key(const lk_classes *t, int id)
{
    return id >= 0 && (size_t)id < t->n ? t->items[id].name : "unknown lock";
}

pa_class_kind lk_class_kind(const lk_classes *t, int id)
{
    return id >= 0 && (size_t)id < t->n ? t->items[id].kind : PA_CLASS_UNKNOWN;
}

bool lk_class_recursive(const lk_classes *t, int id)
{
    return id >= 0 && (size_t)id < t->n && t->items[id].recursive;
}

void lk_class_set_recursive(lk_classes *t, int id)
{
    if (id >= 0 && (size_t)id < t->n)
        t->items[id].recursive = true;
}

const char *lk_sym_display(const lk_classes *t, const lk_sym *s)
{
    pa_class_kind k = lk_class_kind(t, s->cls);
    if (s->shown > 0 && (k == PA_CLASS_PARAM || k == PA_CLASS_UNKNOWN))
        return lk_class_name(t, s->shown - 1);
    return lk_class_name(t, s->cls);
}

bool lk_class_reentered(const lk_classes *t, int id)
{
    return id >= 0 && (size_t)id < t->n && t->items[id].reentered;
}

void lk_class_set_reentered(lk_classes *t, int id)
{
    if (id >= 0 && (size_t)id < t->n)
        t->items[id].reentered = true;
}

bool lk_sym_same(const lk_sym *a, const lk_sym *b)
{
    if (a->element || b->element) {
        if (a->element != b->element || a->index < 0 || a->index != b->index)
            return false;
        /* Two members of one element (&p[i].a, &p[i].b) are at one unknown
         * offset from the parameter: their names tell them apart. */
        if (a->cls >= 0 && b->cls >= 0 && a->cls != b->cls)
            return false;
    }
    if (a->param >= 0 || b->param >= 0)
        return a->param == b->param && a->off0 == b->off0 && a->deref == b->deref &&
               (!a->deref || a->off1 == b->off1) && a->deref2 == b->deref2 &&
               (!a->deref2 || a->off2 == b->off2);
    return a->cls == b->cls && a->object == b->object;
}

bool lk_sym_known(const lk_classes *t, const lk_sym *s)
{
    if (s->param >= 0)
        return true;
    pa_class_kind k = lk_class_kind(t, s->cls);
    return k == PA_CLASS_GLOBAL || k == PA_CLASS_FIELD || k == PA_CLASS_LOCAL;
}

int lk_symlist_find(const lk_symlist *l, const lk_sym *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (lk_sym_same(&l->items[i], s))
            return (int)i;
    return -1;
}

int lk_symlist_add(pa_arena *arena, lk_symlist *l, const lk_sym *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (lk_sym_same(&l->items[i], s))
            return 0;
    if (l->n == LK_MAX_LIST)
        return 0;
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? 2 * l->cap : 2;
        if (cap > LK_MAX_LIST)
            cap = LK_MAX_LIST;
        lk_sym *items = pa_arena_alloc(arena, cap * sizeof *items, _Alignof(lk_sym));
        if (!items)
            return -1;
        if (l->n)
            memcpy(items, l->items, l->n * sizeof *items);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = *s;
    return 1;
}

void lk_class_note_offset(lk_classes *t, int id, int64_t offset)
{
    if (id >= 0 && (size_t)id < t->n && offset != PA_UNKNOWN_SIZE && offset >= 0 &&
        t->items[id].kind == PA_CLASS_FIELD && t->items[id].offset == PA_UNKNOWN_SIZE)
        t->items[id].offset = offset;
}

/* The type a member lock's name starts with, as its length in `key`
 * ("class rocksdb::DBImpl.mutex_" -> "class rocksdb::DBImpl"), or 0: not a
 * member, or a name already opaque ("<byte"). */
static size_t member_type(const char *key)
{
    if (!key || strstr(key, "<byte"))
        return 0;
    const char *dot = strchr(key, '.');
    return dot ? (size_t)(dot - key) : 0;
}

/* Is `name` the class of one of the critical sections? */
static bool taken(const cJSON *sections, const char *name)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, sections)
    {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "class");
        if (cJSON_IsString(c) && strcmp(c->valuestring, name) == 0)
            return true;
    }
    return false;
}

int lk_classes_member_names(const lk_classes *t, const cJSON *sections, cJSON **out)
{
    for (size_t i = 0; i < t->n; i++) {
        const lk_class *c = &t->items[i];
        size_t type_len = c->kind == PA_CLASS_FIELD && c->offset != PA_UNKNOWN_SIZE
                              ? member_type(c->name)
                              : 0;
        if (type_len == 0 || type_len > 400 || !taken(sections, c->display))
            continue;
        char key[PA_LOCK_NAME_SIZE], opaque[PA_LOCK_NAME_SIZE];
        snprintf(key, sizeof key, "%.*s.<byte %lld>", (int)type_len, c->name,
                 (long long)c->offset);
        pa_lock_display_name(key, PA_CLASS_FIELD, opaque, sizeof opaque);
        if (!*out && !(*out = cJSON_CreateArray()))
            return -1;
        bool seen = false;
        const cJSON *it;
        cJSON_ArrayForEach(it, *out)
        {
            const cJSON *o = cJSON_GetObjectItemCaseSensitive(it, "opaque");
            seen = seen || (cJSON_IsString(o) && strcmp(o->valuestring, opaque) == 0);
        }
        if (seen)
            continue;
        cJSON *pair = cJSON_CreateObject();
        if (!pair || !cJSON_AddStringToObject(pair, "opaque", opaque) ||
            !cJSON_AddStringToObject(pair, "member", c->display) ||
            !cJSON_AddItemToArray(*out, pair)) {
            cJSON_Delete(pair);
            return -1;
        }
    }
    return 0;
}

/* ---- naming ------------------------------------------------------------- */

/* The debug-info field a class record designates when it is a struct member
 * ("struct conn.lock"), else NULL. */
static const char *member_field(const pa_lock_class *c)
{
    return c->kind == PA_CLASS_FIELD && pa_lock_field_is_member(c->field) ? c->field : NULL;
}

static int64_t add_off(int64_t a, int64_t b)
{
    return a == PA_UNKNOWN_SIZE || b == PA_UNKNOWN_SIZE ? PA_UNKNOWN_SIZE : a + b;
}

static int intern(lk_fn *fc, const char *name, pa_class_kind kind)
{
    int id = lk_class_intern(&fc->mc->classes, name, kind);
    if (id < 0)
        fc->mc->oom = true;
    return id;
}

static lk_sym concrete(lk_fn *fc, const char *name, pa_class_kind kind, int object)
{
    lk_sym s;
    memset(&s, 0, sizeof s);
    s.cond_param = -1;
    s.cls = intern(fc, name, kind);
    s.param = PA_NONE;
    s.object = kind == PA_CLASS_GLOBAL ? PA_NONE : object;
    return s;
}

/* The concrete lock a class record names, in fc's function. */
static lk_sym concrete_class(lk_fn *fc, const pa_lock_class *cls, size_t name_size, int object)
{
    char name[600];
    pa_lock_class_name(cls, fc->mc->m->source_file, fc->f->demangled, name,
                       name_size < sizeof name ? name_size : sizeof name);
    return concrete(fc, name, cls->kind, object);
}

static lk_sym unknown_lock(lk_fn *fc, int object)
{
    pa_lock_class cls = {.kind = PA_CLASS_UNKNOWN, .param_index = PA_NONE};
    return concrete_class(fc, &cls, PA_LOCK_NAME_SIZE, object);
}

/* field: the struct member the pointer is known to designate, or NULL. */
static lk_sym param_sym(lk_fn *fc, int param, int64_t off0, bool deref, int64_t off1,
                        const char *field)
{
    char name[PA_LOCK_NAME_SIZE];
    lk_sym s;
    memset(&s, 0, sizeof s);
    s.cond_param = -1;
    s.param = param;
    s.off0 = off0;
    s.deref = deref;
    s.off1 = deref ? off1 : 0;
    s.object = PA_NONE;
    if (field) {
        s.cls = intern(fc, field, PA_CLASS_FIELD);
        return s;
    }
    pa_lock_param_name(param, off0, deref, off1, name, sizeof name);
    s.cls = intern(fc, name, PA_CLASS_PARAM);
    return s;
}

/* *(*(param+off0)+off1)+off2: the mutex of a guard object reached through
 * a pointer the parameter holds. */
static lk_sym param_sym2(lk_fn *fc, int param, int64_t off0, int64_t off1, int64_t off2,
                         const char *field)
{
    lk_sym s = param_sym(fc, param, off0, true, off1, field);
    s.deref2 = true;
    s.off2 = off2;
    if (!field) {
        char name[PA_LOCK_NAME_SIZE];
        pa_lock_param_name2(param, off0, off1, off2, name, sizeof name);
        s.cls = intern(fc, name, PA_CLASS_PARAM);
    }
    return s;
}

/* s + off: the lock at a byte offset inside what s designates. field is the
 * struct member the final pointer is known to designate, or NULL. */
static lk_sym offset_sym(lk_fn *fc, lk_sym s, int64_t off, const char *field)
{
    if (off == 0)
        return s;
    if (s.param >= 0 && s.deref2) {
        lk_sym r = param_sym2(fc, s.param, s.off0, s.off1, add_off(s.off2, off), field);
        r.prim = s.prim;
        r.shared = s.shared;
        r.recursive = s.recursive;
        return r;
    }
    if (s.param >= 0) {
        lk_sym r = param_sym(fc, s.param, s.deref ? s.off0 : add_off(s.off0, off), s.deref,
                             s.deref ? add_off(s.off1, off) : 0, field);
        r.prim = s.prim;
        r.shared = s.shared;
        r.recursive = s.recursive;
        return r;
    }
    char name[600];
    const lk_classes *t = &fc->mc->classes;
    pa_class_kind kind = lk_class_kind(t, s.cls);
    const char *base = lk_class_key(t, s.cls);
    s.shown = 0; /* the member names the pointer, not what lies past it */
    if (field) {
        if (kind == PA_CLASS_GLOBAL) {
            s.cls =
                intern(fc, pa_lock_member_name(base, field, name, sizeof name), PA_CLASS_GLOBAL);
        } else {
            s.cls = intern(fc, field, PA_CLASS_FIELD);
        }
        return s;
    }
    s.cls = intern(fc, pa_lock_offset_name(base, off, name, sizeof name), kind);
    return s;
}

/* ---- per-function facts ------------------------------------------------- */

int lk_forward(lk_fn *fc, int value)
{
    const pa_function *f = fc->f;
    for (int steps = 0; steps < LK_RESOLVE_DEPTH && pa_value_ok(f, value); steps++) {
        const pa_value *v = &f->values[value];
        if (v->kind != PA_VAL_LOAD || !pa_value_ok(f, v->base))
            break;
        int next = fc->slot_value ? fc->slot_value[v->base] : PA_NONE;
        if (next < 0 || next == value)
            break;
        value = next;
    }
    return value;
}

lk_loc lk_resolve_loc(lk_fn *fc, int value, int depth)
{
    lk_loc l = {LK_LOC_NONE, PA_NONE, 0};
    const pa_function *f = fc->f;
    if (depth > LK_RESOLVE_DEPTH || !pa_value_ok(f, value))
        return l;
    int64_t off = 0;
    int root = pa_value_root(f, value, &off);
    if (!pa_value_ok(f, root))
        return l;
    const pa_value *r = &f->values[root];
    l.off = off;
    l.base = root;
    switch (r->kind) {
    case PA_VAL_ARG:
        l.kind = LK_LOC_ARG;
        l.base = r->param_index;
        return l;
    case PA_VAL_STACK: l.kind = LK_LOC_STACK; return l;
    case PA_VAL_GLOBAL: l.kind = LK_LOC_GLOBAL; return l;
    case PA_VAL_CALL: {
        /* A getter's result (unique_ptr's _M_ptr(): a pointer into its
         * parameter): where that argument points, plus the offset. */
        const pa_op *call = pa_op_at(f, r->def_op);
        int callee = call ? lk_callee(fc->mc, call) : PA_NONE;
        const lk_summary *cs = callee >= 0 ? &fc->mc->sums[callee] : NULL;
        if (cs && cs->has_ret && cs->ret.param >= 0 && !cs->ret.deref &&
            (size_t)cs->ret.param < call->nargs) {
            lk_loc sub = lk_resolve_loc(fc, call->args[cs->ret.param], depth + 1);
            if (sub.kind != LK_LOC_NONE && sub.kind != LK_LOC_OTHER) {
                sub.off = add_off(sub.off, add_off(cs->ret.off0, off));
                return sub;
            }
        }
        l.kind = LK_LOC_OTHER;
        return l;
    }
    case PA_VAL_LOAD: {
        int fw = lk_forward(fc, root);
        if (fw != root) {
            lk_loc sub = lk_resolve_loc(fc, fw, depth + 1);
            sub.off = add_off(sub.off, off);
            return sub;
        }
        l.kind = LK_LOC_OTHER;
        return l;
    }
    default: l.kind = LK_LOC_OTHER; return l;
    }
}

bool lk_points_to_stack(lk_fn *fc, int value)
{
    return lk_resolve_loc(fc, value, 0).kind == LK_LOC_STACK;
}

/* Stack slots written exactly once with a pointer and never passed on:
 * the -O0 home of a parameter or local (`this.addr`). */
static int compute_slots(lk_fn *fc)
{
    const pa_function *f = fc->f;
    fc->slot_value = malloc((f->nvalues ? f->nvalues : 1) * sizeof *fc->slot_value);
    if (!fc->slot_value)
        return -1;
    for (size_t i = 0; i < f->nvalues; i++)
        fc->slot_value[i] = PA_NONE;
    const int MULTI = -2;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind == PA_OP_STORE && pa_value_ok(f, o->addr) &&
            f->values[o->addr].kind == PA_VAL_STACK) {
            int *slot = &fc->slot_value[o->addr];
            *slot = (*slot == PA_NONE && pa_value_ok(f, o->stored)) ? o->stored : MULTI;
        }
        if (o->kind != PA_OP_LOAD && o->kind != PA_OP_STORE)
            for (size_t a = 0; a < o->nargs; a++)
                if (pa_value_ok(f, o->args[a]) && f->values[o->args[a]].kind == PA_VAL_STACK)
                    fc->slot_value[o->args[a]] = MULTI;
    }
    for (size_t i = 0; i < f->nvalues; i++)
        if (fc->slot_value[i] == MULTI)
            fc->slot_value[i] = PA_NONE;
    return 0;
}

static int push_write(lk_fn *fc, lk_write w)
{
    lk_write *p = pa_array_reserve(fc->writes, &fc->cap_writes, fc->nwrites + 1, sizeof *p);
    if (!p)
        return -1;
    fc->writes = p;
    fc->writes[fc->nwrites++] = w;
    return 0;
}

/* A write into an object (base_kind OTHER: through a pointer this function
 * made or got) whose pointer is stored in a parameter's or a stack slot's
 * memory is a write at one more dereference from there: the guard object a
 * helper allocates, fills with the mutex and hands back in a unique_ptr. */
static int derive_object_writes(lk_fn *fc)
{
    const pa_function *f = fc->f;
    size_t n = fc->nwrites;
    /* The values stored whole in a parameter's or stack slot's memory:
     * only writes into those objects are looked at (most functions have
     * none, and a C function's stores through pointers are many). */
    uint64_t *kept = NULL;
    for (size_t j = 0; j < n; j++) {
        const lk_write *w = &fc->writes[j];
        if (w->deref || w->src_off != 0 || !pa_value_ok(f, w->src) ||
            (w->base_kind != LK_LOC_ARG && w->base_kind != LK_LOC_STACK))
            continue;
        if (!kept && !(kept = calloc((f->nvalues + 63) / 64, sizeof *kept)))
            return -1;
        kept[(size_t)w->src / 64] |= 1ull << ((size_t)w->src % 64);
    }
    if (!kept)
        return 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const lk_write inner = fc->writes[i];
        if (inner.base_kind != LK_LOC_OTHER || inner.deref || inner.off == PA_UNKNOWN_SIZE ||
            !pa_value_ok(f, inner.base) ||
            !(kept[(size_t)inner.base / 64] & (1ull << ((size_t)inner.base % 64))))
            continue;
        for (size_t j = 0; j < n; j++) {
            const lk_write outer = fc->writes[j];
            if (outer.deref || outer.src != inner.base || outer.src_off != 0 ||
                outer.off == PA_UNKNOWN_SIZE ||
                (outer.base_kind != LK_LOC_ARG && outer.base_kind != LK_LOC_STACK))
                continue;
            lk_write w = inner;
            w.base_kind = outer.base_kind;
            w.base = outer.base;
            w.off = outer.off;
            w.deref = true;
            w.off1 = inner.off;
            if (push_write(fc, w) != 0) {
                rc = -1;
                break;
            }
        }
    }
    free(kept);
    return rc;
}

/* The guard objects callees hand back (lk_guard): a write of the lock they
 * hold, one dereference out from the slot the guard's pointer goes to.
 * Made once every plain write is known, since naming the lock in this
 * function (lk_subst) looks at them. */
static int guard_writes(lk_fn *fc)
{
    const pa_function *f = fc->f;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        int callee = o->kind == PA_OP_CALL ? lk_callee(fc->mc, o) : PA_NONE;
        const lk_summary *s = callee >= 0 ? &fc->mc->sums[callee] : NULL;
        if (!s || !s->has_guard || s->guard.param < 0 || (size_t)s->guard.param >= o->nargs)
            continue;
        lk_loc l = lk_resolve_loc(fc, o->args[s->guard.param], 0);
        if (l.kind != LK_LOC_ARG && l.kind != LK_LOC_STACK)
            continue;
        lk_write w = {.base_kind = l.kind, .base = l.base, .off = add_off(l.off, s->guard.off0),
                      .src = PA_NONE, .deref = true, .off1 = s->guard.off1, .has_sym = true,
                      .sym = lk_subst(fc, (int)i, &s->guard.lock)};
        if (push_write(fc, w) != 0)
            return -1;
    }
    return 0;
}

/* Pointer stores, and stores callees make through their parameters, so
 * that a load of a guard object's field finds the mutex stored there. */
static int compute_writes(lk_fn *fc)
{
    const pa_function *f = fc->f;
    bool guards = false;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind == PA_OP_STORE && pa_value_ok(f, o->stored)) {
            lk_loc l = lk_resolve_loc(fc, o->addr, 0);
            if (l.kind == LK_LOC_NONE)
                continue;
            if (push_write(fc, (lk_write){.base_kind = l.kind, .base = l.base, .off = l.off,
                                          .src = o->stored,
                                          .src_field = member_field(f->values[o->stored].cls)}) != 0)
                return -1;
        } else if (o->kind == PA_OP_CALL) {
            int callee = lk_callee(fc->mc, o);
            if (callee < 0)
                continue;
            const lk_summary *s = &fc->mc->sums[callee];
            for (size_t k = 0; k < s->npstores; k++) {
                const lk_pstore *p = &s->pstores[k];
                if (p->dst_param < 0 || (size_t)p->dst_param >= o->nargs || p->src_param < 0 ||
                    (size_t)p->src_param >= o->nargs)
                    continue;
                lk_loc l = lk_resolve_loc(fc, o->args[p->dst_param], 0);
                if (l.kind == LK_LOC_NONE || !pa_value_ok(f, o->args[p->src_param]))
                    continue;
                l.off = add_off(l.off, p->dst_off);
                int src = o->args[p->src_param];
                const char *field = p->src_field;
                if (!field && p->src_off == 0)
                    field = member_field(f->values[src].cls);
                if (push_write(fc, (lk_write){.base_kind = l.kind, .base = l.base, .off = l.off,
                                              .src = src, .src_off = p->src_off,
                                              .src_field = field}) != 0)
                    return -1;
            }
            guards |= s->has_guard;
        }
    }
    if (guards && guard_writes(fc) != 0)
        return -1;
    return derive_object_writes(fc);
}

/* The one write ever made at l in this function, or NULL. */
static const lk_write *unique_writer(lk_fn *fc, lk_loc l)
{
    if (l.kind == LK_LOC_NONE || l.kind == LK_LOC_OTHER || l.off == PA_UNKNOWN_SIZE)
        return NULL;
    const lk_write *found = NULL;
    for (size_t i = 0; i < fc->nwrites; i++) {
        const lk_write *w = &fc->writes[i];
        if (w->base_kind != l.kind || w->base != l.base || w->deref)
            continue;
        if (w->off == PA_UNKNOWN_SIZE)
            return NULL;
        if (w->off != l.off)
            continue;
        if (found && (found->src != w->src || found->src_off != w->src_off))
            return NULL;
        found = w;
    }
    return found;
}

/* Is value v one whose own fields this function writes (an object it
 * fills, so that a pointer to it stored somewhere explains that slot)? */
static bool object_written(const lk_fn *fc, int v)
{
    for (size_t i = 0; i < fc->nwrites; i++)
        if (fc->writes[i].base_kind == LK_LOC_OTHER && !fc->writes[i].deref && fc->writes[i].base == v)
            return true;
    return false;
}

/* The one write into the object whose pointer sits at l, at off1 into it:
 * every deref write there agrees, and every pointer this function stores
 * at l is to an object it fills itself (none from elsewhere, whose mutex
 * could be another). NULL when there is no such write. */
static const lk_write *unique_deref_writer(lk_fn *fc, lk_loc l, int64_t off1)
{
    if ((l.kind != LK_LOC_ARG && l.kind != LK_LOC_STACK) || l.off == PA_UNKNOWN_SIZE ||
        off1 == PA_UNKNOWN_SIZE)
        return NULL;
    const lk_write *found = NULL;
    for (size_t i = 0; i < fc->nwrites; i++) {
        const lk_write *w = &fc->writes[i];
        if (w->base_kind != l.kind || w->base != l.base)
            continue;
        if (w->off == PA_UNKNOWN_SIZE)
            return NULL;
        if (w->off != l.off)
            continue;
        if (!w->deref) {
            if (w->src_off != 0 || !object_written(fc, w->src))
                return NULL;
            continue;
        }
        if (w->off1 != off1)
            continue;
        if (found && (found->has_sym != w->has_sym ||
                      (w->has_sym ? !lk_sym_same(&found->sym, &w->sym)
                                  : found->src != w->src || found->src_off != w->src_off)))
            return NULL;
        found = w;
    }
    return found;
}

/* The lock a write put at a location, plus `off` into it. */
static lk_sym written_sym(lk_fn *fc, const lk_write *w, int64_t off, const char *field, int depth)
{
    if (w->has_sym)
        return offset_sym(fc, w->sym, off, field);
    lk_sym s = lk_resolve(fc, w->src, depth);
    if (w->src_off != 0)
        s = offset_sym(fc, s, w->src_off, w->src_field);
    return offset_sym(fc, s, off, field);
}

size_t lk_param_stores(lk_fn *fc, lk_pstore *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < fc->nwrites && n < max; i++) {
        const lk_write *w = &fc->writes[i];
        if (w->base_kind != LK_LOC_ARG || w->off == PA_UNKNOWN_SIZE || w->deref)
            continue;
        lk_loc src = lk_resolve_loc(fc, w->src, 0);
        if (src.kind != LK_LOC_ARG || src.off == PA_UNKNOWN_SIZE)
            continue;
        out[n++] = (lk_pstore){w->base, w->off, src.base, add_off(src.off, w->src_off),
                               w->src_field};
    }
    return n;
}

bool lk_leaves_guard(lk_fn *fc, const lk_symlist *leaves, lk_guard *out)
{
    for (size_t i = 0; i < fc->nwrites && leaves->n > 0; i++) {
        const lk_write *w = &fc->writes[i];
        if (!w->deref || w->base_kind != LK_LOC_ARG || w->off == PA_UNKNOWN_SIZE ||
            w->off1 == PA_UNKNOWN_SIZE)
            continue;
        lk_loc at = {LK_LOC_ARG, w->base, w->off};
        if (unique_deref_writer(fc, at, w->off1) != w)
            continue;
        lk_sym held = written_sym(fc, w, 0, NULL, 0);
        held.object = PA_NONE;
        held.index = PA_NONE;
        int k = lk_symlist_find(leaves, &held);
        if (k >= 0) {
            *out = (lk_guard){w->base, w->off, w->off1, leaves->items[k]};
            return true;
        }
    }
    return false;
}

int lk_fn_init(lk_fn *fc, lk_module *mc, int index)
{
    memset(fc, 0, sizeof *fc);
    fc->mc = mc;
    fc->index = index;
    fc->f = mc->m->functions[index];
    if (compute_slots(fc) != 0 || compute_writes(fc) != 0) {
        lk_fn_free(fc);
        return -1;
    }
    return 0;
}

void lk_fn_free(lk_fn *fc)
{
    free(fc->slot_value);
    free(fc->writes);
    free(fc->null_cond_root);
    free(fc->null_implied_root);
    fc->slot_value = NULL;
    fc->writes = NULL;
    fc->null_cond_root = fc->null_implied_root = NULL;
    fc->nwrites = fc->cap_writes = 0;
}

#define LK_TEST_STEPS 4 /* values looked at: the tested one and three it is made from */

int lk_tested_value(const pa_function *f, int v)
{
    for (int steps = 0; steps < LK_TEST_STEPS; steps++) {
        const pa_value *val = pa_value_at(f, v);
        if (!val)
            return PA_NONE;
        if (val->kind != PA_VAL_ARITH || val->ninputs < 1)
            return v;
        v = val->inputs[0];
    }
    return PA_NONE;
}

/* ---- resolution --------------------------------------------------------- */

static lk_sym global_sym(lk_fn *fc, const pa_value *v, const pa_value *root, int64_t off)
{
    if (v->cls->kind == PA_CLASS_GLOBAL)
        return concrete_class(fc, v->cls, PA_LOCK_NAME_SIZE, PA_NONE);
    pa_lock_class cls = {.kind = PA_CLASS_GLOBAL,
                         .symbol = root->name,
                         .is_static = root->is_static,
                         .param_index = PA_NONE,
                         .offset = off};
    return concrete_class(fc, &cls, 600, PA_NONE);
}

static lk_sym local_sym(lk_fn *fc, const pa_value *v, const pa_value *root, int rootid, int64_t off)
{
    if (v->cls->kind == PA_CLASS_LOCAL)
        return concrete_class(fc, v->cls, PA_LOCK_NAME_SIZE, rootid);
    pa_lock_class cls = {
        .kind = PA_CLASS_LOCAL, .local = root->name, .param_index = PA_NONE, .offset = off};
    return concrete_class(fc, &cls, 600, rootid);
}

/* Is l (where a pointer was loaded from) inside an object whose own
 * pointer was loaded from a parameter's or stack slot's memory? Then
 * *outer is that memory: the unique_ptr holding a guard object. */
static bool through_loaded_pointer(lk_fn *fc, lk_loc l, lk_loc *outer, int depth)
{
    const pa_function *f = fc->f;
    if (l.kind != LK_LOC_OTHER || l.off == PA_UNKNOWN_SIZE || !pa_value_ok(f, l.base) ||
        f->values[l.base].kind != PA_VAL_LOAD || depth > LK_RESOLVE_DEPTH)
        return false;
    *outer = lk_resolve_loc(fc, f->values[l.base].base, depth + 1);
    return (outer->kind == LK_LOC_ARG || outer->kind == LK_LOC_STACK) &&
           outer->off != PA_UNKNOWN_SIZE;
}

/* The lock at *(*(outer) + off1) + off2: what the one write into that
 * object put there, else relative to the parameter outer is in. False
 * when neither names it. A lock whose member name is known keeps that
 * name instead of a parameter-relative one (C's `p->db->mutex` is
 * 'sqlite3::mutex' everywhere, through whatever pointers it is reached). */
static bool deref2_sym(lk_fn *fc, lk_loc outer, int64_t off1, int64_t off2, const char *field,
                       int depth, lk_sym *out)
{
    const lk_write *w = unique_deref_writer(fc, outer, off1);
    if (w) {
        *out = written_sym(fc, w, off2, field, depth + 1);
        return true;
    }
    if (outer.kind == LK_LOC_ARG && off1 != PA_UNKNOWN_SIZE && !field) {
        *out = param_sym2(fc, outer.base, outer.off, off1, off2, field);
        return true;
    }
    return false;
}

/* s, shown as the member its pointer was loaded from where nothing else
 * names it (v's class facts: pa_lock_class.home). */
static lk_sym shown_as_home(lk_fn *fc, lk_sym s, const pa_value *v)
{
    if (v->cls->home) {
        int id = intern(fc, v->cls->home, PA_CLASS_FIELD);
        if (id >= 0)
            s.shown = id + 1;
    }
    return s;
}

/* A lock pointer loaded from memory: follow the one store that put it there,
 * else name it relative to the parameter it was loaded from. */
static lk_sym loaded_sym(lk_fn *fc, const pa_value *v, int root, int64_t off, int depth)
{
    const pa_function *f = fc->f;
    const char *field = member_field(v->cls);
    int fw = lk_forward(fc, root);
    if (fw != root)
        return offset_sym(fc, lk_resolve(fc, fw, depth + 1), off, field);
    lk_loc l = lk_resolve_loc(fc, f->values[root].base, depth + 1);
    const lk_write *w = unique_writer(fc, l);
    if (w)
        return written_sym(fc, w, off, field, depth + 1);
    if (l.kind == LK_LOC_ARG)
        return shown_as_home(fc, param_sym(fc, l.base, l.off, true, off, field), v);
    if (v->cls->kind == PA_CLASS_GLOBAL)
        return concrete_class(fc, v->cls, PA_LOCK_NAME_SIZE, PA_NONE);
    if (field)
        return concrete(fc, field, PA_CLASS_FIELD, root);
    return shown_as_home(fc, unknown_lock(fc, root), v);
}

/* A lock at an unknown offset: an element of an array. Its index is the
 * first variable index on the way to the root (&locks[i] -> i). */
static void mark_element(const pa_function *f, int value, lk_sym *s)
{
    s->element = true;
    s->index = PA_NONE;
    for (size_t steps = 0; steps <= f->nvalues && pa_value_ok(f, value); steps++) {
        const pa_value *v = &f->values[value];
        if (v->kind != PA_VAL_DERIVED)
            break;
        if (v->offset == PA_UNKNOWN_SIZE) {
            s->index = v->index;
            break;
        }
        value = v->base;
    }
}

lk_sym lk_resolve(lk_fn *fc, int value, int depth)
{
    const pa_function *f = fc->f;
    if (depth > LK_RESOLVE_DEPTH || !pa_value_ok(f, value))
        return unknown_lock(fc, PA_NONE);
    const pa_value *v = &f->values[value];
    const char *field = member_field(v->cls);
    int64_t off = 0;
    int root = pa_value_root(f, value, &off);
    if (!pa_value_ok(f, root))
        return unknown_lock(fc, PA_NONE);
    const pa_value *r = &f->values[root];
    lk_sym s;
    switch (r->kind) {
    case PA_VAL_ARG: s = param_sym(fc, r->param_index, off, false, 0, field); break;
    case PA_VAL_GLOBAL: s = global_sym(fc, v, r, off); break;
    case PA_VAL_STACK: s = local_sym(fc, v, r, root, off); break;
    case PA_VAL_LOAD: s = loaded_sym(fc, v, root, off, depth); break;
    case PA_VAL_CALL: {
        /* The result of a getter: the lock its summary says it returns. */
        const pa_op *call = pa_op_at(f, r->def_op);
        int callee = call ? lk_callee(fc->mc, call) : PA_NONE;
        if (callee >= 0 && fc->mc->sums[callee].has_ret && depth < LK_RESOLVE_DEPTH) {
            s = offset_sym(fc, lk_subst(fc, r->def_op, &fc->mc->sums[callee].ret), off, field);
            break;
        }
        if (v->cls->kind == PA_CLASS_GLOBAL) /* a getter called with constants */
            s = concrete_class(fc, v->cls, PA_LOCK_NAME_SIZE, PA_NONE);
        else
            s = field ? concrete(fc, field, PA_CLASS_FIELD, root) : unknown_lock(fc, root);
        break;
    }
    default: s = field ? concrete(fc, field, PA_CLASS_FIELD, root) : unknown_lock(fc, root); break;
    }
    /* The front end made the member's name and its offset together (the
     * field at that offset of the root's type, for a parameter or a stack
     * object): where the class is only declared elsewhere, that offset
     * names it (lk_classes_member_names). Not for a loaded root: a handle
     * named after the member it was loaded from (a project lock's
     * `my_lock(db->mu)`) is at offset 0 of the handle, not of the class. */
    if (field && (r->kind == PA_VAL_ARG || r->kind == PA_VAL_STACK) && s.cls >= 0 &&
        strcmp(lk_class_key(&fc->mc->classes, s.cls), field) == 0)
        lk_class_note_offset(&fc->mc->classes, s.cls, v->cls->offset);
    /* The extractor knows recursive mutexes by debug type or initializer
     * (std::recursive_mutex at -O2 is a plain pthread_mutex_lock). */
    if (v->cls->recursive && s.param < 0)
        lk_class_set_recursive(&fc->mc->classes, s.cls);
    if (off == PA_UNKNOWN_SIZE)
        mark_element(f, value, &s);
    return s;
}

/* s, the caller's name for the lock the callee loaded through the
 * caller's own parameter memory (the same slot, seen from the caller):
 * shown as the member the callee loaded it from. Not where the caller
 * follows a store of its own (the slot is then another member) or knows
 * nothing (every unknown lock of the call would show the callee's name). */
static lk_sym same_slot_shown(lk_sym s, const lk_sym *cs)
{
    if (!s.shown)
        s.shown = cs->shown;
    return s;
}

lk_sym lk_subst(lk_fn *fc, int op, const lk_sym *cs)
{
    lk_sym s;
    const pa_function *f = fc->f;
    const pa_op *o = &f->ops[op];
    const lk_classes *t = &fc->mc->classes;
    /* The callee's class names a struct member: keep that name here. */
    const char *field = lk_class_kind(t, cs->cls) == PA_CLASS_FIELD &&
                                pa_lock_field_is_member(lk_class_key(t, cs->cls))
                            ? lk_class_key(t, cs->cls)
                            : NULL;
    if (cs->param < 0) {
        s = *cs;
        s.object = PA_NONE; /* the callee's objects mean nothing here */
        return s;
    }
    if ((size_t)cs->param >= o->nargs || !pa_value_ok(f, o->args[cs->param])) {
        s = unknown_lock(fc, PA_NONE);
    } else if (!cs->deref) {
        s = offset_sym(fc, lk_resolve(fc, o->args[cs->param], 0), cs->off0, field);
        if (cs->off0 == 0 && field && s.param < 0 && lk_class_kind(t, s.cls) != PA_CLASS_GLOBAL)
            s.cls = intern(fc, field, PA_CLASS_FIELD);
    } else if (cs->deref2) {
        lk_loc l = lk_resolve_loc(fc, o->args[cs->param], 0);
        l.off = add_off(l.off, cs->off0);
        if (!deref2_sym(fc, l, cs->off1, cs->off2, field, 0, &s))
            s = field ? concrete(fc, field, PA_CLASS_FIELD, PA_NONE) : unknown_lock(fc, PA_NONE);
    } else {
        lk_loc l = lk_resolve_loc(fc, o->args[cs->param], 0);
        l.off = add_off(l.off, cs->off0);
        const lk_write *w = unique_writer(fc, l);
        lk_loc outer;
        if (w)
            s = written_sym(fc, w, cs->off1, field, 0);
        else if (l.kind == LK_LOC_ARG)
            s = same_slot_shown(param_sym(fc, l.base, l.off, true, cs->off1, field), cs);
        else if (through_loaded_pointer(fc, l, &outer, 0) &&
                 deref2_sym(fc, outer, l.off, cs->off1, field, 0, &s))
            ;
        else if (field)
            s = concrete(fc, field, PA_CLASS_FIELD, PA_NONE);
        else
            s = unknown_lock(fc, PA_NONE);
    }
    s.prim = cs->prim;
    s.shared = cs->shared;
    s.recursive = cs->recursive || s.recursive;
    if (cs->element && !s.element) {
        s.element = true;
        s.index = PA_NONE; /* some element of the caller's array: which, unknown */
    }
    return s;
}

/* ---- recursive mutexes by attribute -------------------------------------- */

#define PA_PTHREAD_MUTEX_RECURSIVE 1 /* glibc's value (and _NP alias) */

static bool sets_recursive_type(const pa_op *o)
{
    return o->callee && strcmp(o->callee, "pthread_mutexattr_settype") == 0 && o->nargs >= 2 &&
           (o->arg_flags[1] & PA_ARG_CONST) && o->arg_const[1] == PA_PTHREAD_MUTEX_RECURSIVE;
}

static bool inits_mutex(const pa_op *o)
{
    return o->callee && strcmp(o->callee, "pthread_mutex_init") == 0 && o->nargs >= 2;
}

/* What one init of a member class says: a member is recursive for every
 * object of its type only when every init of it in the module makes it so. */
typedef struct member_init {
    int cls;
    bool recursive;
} member_init;

typedef struct member_inits {
    member_init *items;
    size_t n, cap;
} member_inits;

static void note_member_init(lk_module *mc, member_inits *v, int cls, bool recursive)
{
    member_init *items = pa_array_reserve(v->items, &v->cap, v->n + 1, sizeof *items);
    if (!items) {
        mc->oom = true;
        return;
    }
    v->items = items;
    v->items[v->n++] = (member_init){cls, recursive};
}

static bool is_block(const pa_function *f, int b, int goal)
{
    (void)f;
    return b == goal;
}

/* Does every path from the entry to block `to` pass block `by` (by
 * dominates to)? Out of memory answers no. */
static bool block_dominates(const pa_function *f, int by, int to)
{
    return by == to || by == 0 || !pa_block_reaches_avoiding(f, 0, by, PA_NONE, is_block, to);
}

/* Function `index`'s pthread_mutex_init calls: a global or local lock
 * initialised with an attribute set PTHREAD_MUTEX_RECURSIVE here is
 * recursive; a member's init is noted in v, recursive only when the
 * attribute is set so on every path to the init: not under a flag (`if
 * (recursive) pthread_mutexattr_settype(...)`), while an error check of
 * the call (`if (pthread_mutexattr_settype(...)) return -1;`) keeps it so. */
static void mark_recursive_in(lk_module *mc, int index, member_inits *v)
{
    const pa_function *f = mc->m->functions[index];
    lk_loc attrs[8];
    int attr_block[8];
    size_t nattrs = 0;
    bool any_init = false;
    for (size_t i = 0; i < f->nops && !any_init; i++)
        any_init = inits_mutex(&f->ops[i]);
    if (!any_init)
        return;
    lk_fn fc;
    if (lk_fn_init(&fc, mc, index) != 0) {
        mc->oom = true;
        return;
    }
    for (size_t i = 0; i < f->nops && nattrs < 8; i++) {
        const pa_op *o = &f->ops[i];
        if (sets_recursive_type(o)) {
            attr_block[nattrs] = o->block;
            attrs[nattrs++] = lk_resolve_loc(&fc, o->args[0], 0);
        }
    }
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (!inits_mutex(o))
            continue;
        lk_loc a = lk_resolve_loc(&fc, o->args[1], 0);
        bool matched = false, unconditional = false;
        for (size_t k = 0; k < nattrs; k++) {
            if (a.kind == LK_LOC_NONE || a.kind != attrs[k].kind || a.base != attrs[k].base ||
                a.off != attrs[k].off)
                continue;
            matched = true;
            unconditional |= block_dominates(f, attr_block[k], o->block);
        }
        lk_sym s = lk_resolve(&fc, o->args[0], 0);
        /* A member (conn_init(db): &db->mutex) is the type's: every object's
         * init counts. Another parameter-relative lock names no class of
         * its own. */
        if (lk_class_kind(&mc->classes, s.cls) == PA_CLASS_FIELD)
            note_member_init(mc, v, s.cls, matched && unconditional);
        else if (s.param < 0 && matched)
            lk_class_set_recursive(&mc->classes, s.cls);
    }
    lk_fn_free(&fc);
}

void lk_find_recursive_inits(lk_module *mc)
{
    member_inits v = {NULL, 0, 0};
    for (size_t i = 0; i < mc->m->nfunctions; i++)
        if (mc->m->functions[i] && mc->m->functions[i]->is_definition)
            mark_recursive_in(mc, (int)i, &v);
    for (size_t i = 0; i < v.n; i++) {
        if (!v.items[i].recursive)
            continue;
        bool every = true;
        for (size_t k = 0; k < v.n && every; k++)
            every = v.items[k].cls != v.items[i].cls || v.items[k].recursive;
        if (every)
            lk_class_set_recursive(&mc->classes, v.items[i].cls);
    }
    free(v.items);
}
