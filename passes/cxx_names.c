/* passes/cxx_names.c — demangled C++ standard-library names (see
 * cxx_names.h). */
#include "cxx_names.h"

#include <string.h>

const char *pa_cxx_before_template_args(const char *d, const char *at)
{
    const char *p = at;
    if (p > d && p[-1] == '>') {
        int depth = 0;
        do {
            p--;
            depth += *p == '>' ? 1 : *p == '<' ? -1 : 0;
        } while (p > d && depth > 0);
    }
    return p;
}

/* Where the class that owns the member at `member` (a "::" in d) starts:
 * back over its template arguments to the start of its qualified name. A
 * template member's demangled name begins with its return type
 * (`int& std::vector<int>::emplace_back<int>(int&&)`): the class starts
 * after the space, parenthesis, comma or '<' before it. */
static const char *owner_class(const char *d, const char *member)
{
    const char *p = pa_cxx_before_template_args(d, member);
    while (p > d && p[-1] != ' ' && p[-1] != '(' && p[-1] != ',' && p[-1] != '<')
        p--;
    return p;
}

/* One walk of demangled function d outside template arguments, up to its
 * parameters: where they start (the '(' or the end), where the qualified
 * name starts (past the return type, at the last space), and where its
 * last component starts (past that name's last "::"). */
typedef struct name_parts {
    const char *qualified, *member, *params;
} name_parts;

static name_parts split_name(const char *d)
{
    name_parts n = {d, d, d};
    int angle = 0;
    const char *p = d;
    for (; *p && !(*p == '(' && angle == 0); p++) {
        if (*p == '<')
            angle++;
        else if (*p == '>' && angle > 0)
            angle--;
        else if (*p == ' ' && angle == 0)
            n.qualified = n.member = p + 1;
        else if (angle == 0 && p[0] == ':' && p[1] == ':')
            n.member = p + 2;
    }
    n.params = p;
    return n;
}

const char *pa_cxx_qualified_name(const char *d)
{
    return split_name(d).qualified;
}

const char *pa_cxx_member_name(const char *d, size_t *len)
{
    const char *name = split_name(d).member;
    *len = strcspn(name, "<(");
    return name;
}

const char *pa_cxx_parameters(const char *d)
{
    return split_name(d).params;
}

bool pa_cxx_in_std(const char *d)
{
    return d && strncmp(pa_cxx_qualified_name(d), "std::", 5) == 0;
}

bool pa_cxx_std_internal(const char *d)
{
    if (!pa_cxx_in_std(d))
        return false;
    const char *q = pa_cxx_qualified_name(d);
    return strncmp(q, "std::_", 6) == 0 || strstr(q, "::_M_") || strstr(q, "::__");
}

const char *pa_cxx_container_insert_class(const char *d)
{
    static const char *const classes[] = {"std::vector<", "std::deque<", "std::__cxx11::list<",
                                          "std::list<", "std::map<", "std::set<", "std::multimap<",
                                          "std::multiset<", "std::unordered_map<",
                                          "std::unordered_set<", "std::unordered_multimap<",
                                          "std::unordered_multiset<"};
    /* Each member with the "::" before it and the '(' or '<' after it; the
     * first of this list the name holds decides, at its first place. */
    static const char *const members[] = {"push_back(", "emplace_back(", "emplace_back<",
                                          "push_front(", "emplace_front(", "emplace_front<",
                                          "emplace(", "emplace<", "emplace_hint(",
                                          "emplace_hint<", "insert(", "insert<",
                                          "operator[](", "try_emplace(", "try_emplace<"};
    enum { NMEMBERS = sizeof members / sizeof *members };
    if (!d)
        return NULL;
    /* One pass over the "::"s, not a search of the whole name per member:
     * asked of every call of a C++ function by the lock analysis's growth
     * reading, 15 searches were a tenth of the plugin's instructions on
     * RocksDB's db_impl.cc. */
    const char *found = NULL;
    size_t best = NMEMBERS;
    for (const char *p = strstr(d, "::"); p && best > 0; p = strstr(p + 1, "::")) {
        const char *name = p + 2;
        if (*name != 'p' && *name != 'e' && *name != 'i' && *name != 'o' && *name != 't')
            continue; /* the first letter of every member above */
        for (size_t i = 0; i < best; i++)
            if (strncmp(name, members[i], strlen(members[i])) == 0) {
                best = i;
                found = p;
                break;
            }
    }
    if (!found)
        return NULL;
    const char *cls = owner_class(d, found);
    for (size_t k = 0; k < sizeof classes / sizeof *classes; k++)
        if (strncmp(cls, classes[k], strlen(classes[k])) == 0)
            return cls;
    return NULL;
}
