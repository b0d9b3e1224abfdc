/* advisor/member_names.c — member locks named where their class is only
 * declared (see member_names.h). */
#include "member_names.h"

#include "evidence.h"
#include "merge.h"

#include <stdlib.h>
#include <string.h>

#define OPAQUE_MARK "<byte "

typedef struct name_key {
    const adv_set *s;
    const char *text;
    size_t len;
} name_key;

static bool same_opaque(const void *ctx, intptr_t i)
{
    const name_key *k = ctx;
    const char *o = k->s->member_names[i].opaque;
    return strlen(o) == k->len && memcmp(o, k->text, k->len) == 0;
}

/* The member's name for text[0..len), or NULL. */
static const char *member_of(const adv_set *s, const pa_map *index, const char *text, size_t len)
{
    name_key k = {s, text, len};
    intptr_t i;
    return pa_map_find(index, pa_hash_bytes(PA_HASH_INIT, text, len), same_opaque, &k, &i)
               ? s->member_names[i].member
               : NULL;
}

int adv_member_names_index(const adv_set *s, pa_map *index)
{
    for (size_t i = 0; i < s->nmember_names; i++) {
        const char *o = s->member_names[i].opaque;
        name_key k = {s, o, strlen(o)};
        uint64_t h = pa_hash_str(o);
        /* The first file's name wins; one definition rule: all agree. */
        if (!pa_map_find(index, h, same_opaque, &k, NULL) && pa_map_add(index, h, (intptr_t)i) != 0)
            return -1;
    }
    return 0;
}

/* Where the quoted name holding the mark at `mark` starts (after its
 * opening quote) and ends (at its closing quote), or false. */
static bool quoted_name(const char *text, const char *mark, const char **start, const char **end)
{
    const char *b = mark;
    while (b > text && b[-1] != '\'')
        b--;
    const char *e = strchr(mark, '\'');
    if (b == text || !e)
        return false;
    *start = b;
    *end = e;
    return true;
}

const char *adv_member_names_in(adv_set *s, const pa_map *index, const char *text)
{
    if (!text || !strstr(text, OPAQUE_MARK))
        return text;
    size_t cap = 0, n = 0;
    char *out = NULL;
    const char *copied = text; /* text before this is in out */
    for (const char *m = strstr(text, OPAQUE_MARK); m; m = strstr(m + 1, OPAQUE_MARK)) {
        const char *start, *end, *member;
        if (!quoted_name(text, m, &start, &end) || start < copied ||
            !(member = member_of(s, index, start, (size_t)(end - start))))
            continue;
        size_t before = (size_t)(start - copied), mlen = strlen(member);
        char *grown = pa_array_reserve(out, &cap, n + before + mlen + strlen(end) + 1, 1);
        if (!grown) {
            free(out);
            return NULL;
        }
        out = grown;
        memcpy(out + n, copied, before);
        memcpy(out + n + before, member, mlen);
        n += before + mlen;
        copied = end;
        m = end;
    }
    if (!out)
        return text;
    strcpy(out + n, copied);
    const char *kept = adv_set_strdup(s, out);
    free(out);
    return kept;
}

/* Each string value of the tree under `node` that is an opaque name the
 * index knows becomes the member's name (lock_class, held, acquired_at's
 * class and held). *changed tells whether any did. 0, or -1 on out of
 * memory. */
static int name_values(const adv_set *s, const pa_map *index, cJSON *node, bool *changed)
{
    for (cJSON *c = node ? node->child : NULL; c; c = c->next) {
        if (cJSON_IsString(c) && c->valuestring && strstr(c->valuestring, OPAQUE_MARK)) {
            const char *member = member_of(s, index, c->valuestring, strlen(c->valuestring));
            if (member) {
                if (!cJSON_SetValuestring(c, member))
                    return -1;
                *changed = true;
            }
        } else if ((cJSON_IsObject(c) || cJSON_IsArray(c)) &&
                   name_values(s, index, c, changed) != 0) {
            return -1;
        }
    }
    return 0;
}

/* The same for one finding's evidence. A loaded finding's stays packed:
 * a tree is built only when the packed bytes hold an opaque name, packed
 * again when a name changed, and dropped. */
static int name_evidence(adv_set *s, const pa_map *index, adv_finding *f)
{
    bool had_tree = f->evidence != NULL;
    if (!had_tree && !adv_evidence_packed_contains(f->evidence_packed, OPAQUE_MARK))
        return 0;
    cJSON *ev = adv_finding_evidence(f);
    if (!ev)
        return -1;
    bool changed = false;
    int rc = name_values(s, index, ev, &changed);
    if (had_tree)
        return rc;
    if (rc == 0 && changed) {
        const unsigned char *packed = adv_evidence_pack(s, ev);
        if (packed)
            f->evidence_packed = packed;
        else
            rc = -1;
    }
    cJSON_Delete(f->evidence);
    f->evidence = NULL;
    return rc;
}

int adv_name_members(adv_set *s)
{
    if (s->nmember_names == 0)
        return 0;
    pa_map index;
    memset(&index, 0, sizeof index);
    int rc = adv_member_names_index(s, &index);
    for (size_t i = 0; rc == 0 && i < s->count; i++) {
        const char *named = adv_member_names_in(s, &index, s->items[i].message);
        if (!named)
            rc = -1;
        else
            s->items[i].message = named;
        if (rc == 0)
            rc = name_evidence(s, &index, &s->items[i]);
    }
    pa_map_free(&index);
    return rc;
}
