/* advisor/json_get.h — cJSON_GetObjectItemCaseSensitive, faster: the
 * loader looks up ~35 keys per finding in objects of ~10 members, and
 * comparing the first byte before calling strcmp skips most calls. Same
 * result: the first member with that exact key, or NULL (obj NULL too). */
#ifndef ADV_JSON_GET_H
#define ADV_JSON_GET_H

#include <cjson/cJSON.h>
#include <string.h>

static inline cJSON *adv_json_get(const cJSON *obj, const char *key)
{
    if (!obj || !key)
        return NULL;
    for (cJSON *c = obj->child; c; c = c->next)
        if (c->string && c->string[0] == key[0] && strcmp(c->string, key) == 0)
            return c;
    return NULL;
}

#endif
