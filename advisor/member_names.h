/* advisor/member_names.h — member locks named where their class is only
 * declared. Clang describes a C++ class with a vtable only in the file that
 * emits the vtable, so other files name its members by byte offset
 * ('rocksdb::DBImpl::<byte 2040>'). A file that describes the class lists
 * each member lock it takes in its findings file's member_names; after
 * every join (the names stay join keys as they are), the messages a user
 * reads get the member's name. Display only.
 * Exercised by: lit/advisor_member_names.cpp, ctest -R unit.test_adv_names */
#ifndef ADV_MEMBER_NAMES_H
#define ADV_MEMBER_NAMES_H

#include "advisor.h"

/* Rewrite each finding's message: every quoted opaque name the set's
 * member_names know becomes the member's name. 0, or -1 on out of memory
 * (messages rewritten so far stay). */
int adv_name_members(adv_set *s);

/* The same for one text: a copy in the set's arena with the names
 * replaced, `text` itself when none is known, NULL on out of memory. */
const char *adv_member_names_in(adv_set *s, const pa_map *index, const char *text);

/* The set's member_names by opaque name (pa_hash_str -> index), for
 * adv_member_names_in. 0, or -1 on out of memory. */
int adv_member_names_index(const adv_set *s, pa_map *index);

#endif
