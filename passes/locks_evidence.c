/* passes/locks_evidence.c — wording and JSON shared by lock findings (see
 * locks_evidence.h). Tested by tests/test_locks.c. */
#include "locks_evidence.h"

#include "util.h"

#include <stdio.h>
#include <string.h>

const char *lk_fn_text(const char *name, const char *if_null, char *buf, size_t n)
{
    if (!name) {
        snprintf(buf, n, "%s", if_null ? if_null : "?");
        return buf;
    }
    /* As the report shows a C++ function: RocksDB's messages carried whole
     * template signatures (std::set<std::pair<int, unsigned long>, ...>
     * ::emplace<int&, unsigned long&>(int&, unsigned long&)); the full name
     * stays in the evidence (callee). */
    return pa_call_text(name, buf, n);
}

const pa_loc *lk_op_loc(const pa_function *f, int op)
{
    static const pa_loc none = {NULL, 0, 0};
    const pa_op *o = pa_op_at(f, op);
    return o ? &o->loc : &none;
}

const char *lk_confidence_name(lk_confidence c)
{
    return c == LK_CONF_HIGH ? "high" : c == LK_CONF_MEDIUM ? "medium" : "low";
}

void lk_json_confidence(cJSON *ev, lk_confidence c, const char *reason)
{
    pa_json_add_confidence(ev, lk_confidence_name(c), reason);
}

void lk_json_acquired(cJSON *arr, const char *cls, const pa_loc *loc)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return;
    cJSON_AddStringToObject(o, "class", cls);
    pa_json_add_loc(o, "location", loc);
    cJSON_AddItemToArray(arr, o);
}
