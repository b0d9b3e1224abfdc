/* advisor/json_get.h — cJSON_GetObjectItemCaseSensitive, faster: the
 * loader looks up ~35 keys per finding in objects of ~10 members, and
 * comparing the first byte before calling strcmp skips most calls. Same
 * result: the first member with that exact key, or NULL (obj NULL too). */
#ifndef ADV_JSON_GET_H
#define ADV_JSON_GET_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static inline cJSON *adv_json_get(const cJSON *obj, const char *key)
{
    if (!obj || !key)
        return NULL;
    for (cJSON *c = obj->child; c; c = c->next)
        if (c->string == key ||
            (c->string && c->string[0] == key[0] && (!key[0] || c->string[1] == key[1]) &&
             strcmp(c->string, key) == 0))
            return c;
    return NULL;
}

/* cJSON_IsString and the others, inline: the loader threads asked them
 * about two million nodes each through the library's exported functions.
 * The same tests as cJSON 1.7's (a NULL item is none of them). */
static inline bool adv_json_type_is(const cJSON *it, int type)
{
    return it && (it->type & 0xFF) == type;
}
static inline bool adv_json_is_string(const cJSON *it) { return adv_json_type_is(it, cJSON_String); }
static inline bool adv_json_is_object(const cJSON *it) { return adv_json_type_is(it, cJSON_Object); }
static inline bool adv_json_is_array(const cJSON *it) { return adv_json_type_is(it, cJSON_Array); }
static inline bool adv_json_is_number(const cJSON *it) { return adv_json_type_is(it, cJSON_Number); }
static inline bool adv_json_is_null(const cJSON *it) { return adv_json_type_is(it, cJSON_NULL); }
static inline bool adv_json_is_true(const cJSON *it) { return adv_json_type_is(it, cJSON_True); }
static inline bool adv_json_is_false(const cJSON *it) { return adv_json_type_is(it, cJSON_False); }
static inline bool adv_json_is_bool(const cJSON *it)
{
    return it && (it->type & (cJSON_True | cJSON_False)) != 0;
}

/* A name's length and pa_hash_str, worked out by the loader thread that
 * parsed the document (load.c, adv_parsed_prepare) so that the thread that
 * imports in order interns it without reading it again. Kept in fields
 * cJSON leaves unused on string and object nodes: valueint holds the
 * length + 1 (0: no memo), valuedouble the hash's bits. A string node's
 * memo is its value's, an object node's its key's. Only for valid UTF-8
 * (what adv_set_intern would copy and repair has none). */
static inline void adv_json_memo_set(cJSON *node, size_t len, uint64_t hash)
{
    if (len >= (size_t)INT32_MAX)
        return;
    node->valueint = (int)len + 1;
    memcpy(&node->valuedouble, &hash, sizeof hash);
}

static inline bool adv_json_memo(const cJSON *node, size_t *len, uint64_t *hash)
{
    if (!node || !(adv_json_is_string(node) || adv_json_is_object(node)) || node->valueint <= 0)
        return false;
    *len = (size_t)node->valueint - 1;
    memcpy(hash, &node->valuedouble, sizeof *hash);
    return true;
}

#endif
