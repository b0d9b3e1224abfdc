/* advisor/names.h — how paths and function names are shown in a report:
 * paths normalised and relative to the project root, C++ names without
 * their parameter lists and template arguments (the full name stays in
 * the JSON's function_demangled). */
#ifndef ADV_NAMES_H
#define ADV_NAMES_H

#include <stddef.h>

/* Lexically normalise path into out (n bytes): no "." components, ".."
 * folded into its parent where there is one, no repeated '/'. Returns out. */
char *adv_path_normalize(const char *path, char *out, size_t n);

/* path relative to root (both normalised, root without a trailing '/'),
 * or path itself when it is not under root. Points into path. */
const char *adv_path_under(const char *path, const char *root);

/* The longest directory that contains both a and b ("" when none). a is
 * shortened in place to it. */
void adv_path_common_dir(char *a, const char *b);

/* C++ names are shortened by pa_short_function (common/util.h), which the
 * plugin's messages share. */

#endif
