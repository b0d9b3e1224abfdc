/* passes/cxx_names.h — reading the demangled names of C++ standard-library
 * functions: where a template member's name starts past its return type,
 * the class that owns a member, whether a function is the library's own
 * (namespace std), and which container member inserts an element. The
 * analyses ask these of call ops' callee_demangled strings.
 * Exercised by: ctest -R unit.test_loopalloc, unit.test_locks */
#ifndef PA_CXX_NAMES_H
#define PA_CXX_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* Where the template arguments that end just before `at` (a '>' at at[-1])
 * begin, at their '<'; `at` itself when there are none. */
const char *pa_cxx_before_template_args(const char *d, const char *at);

/* Where the qualified name of demangled function d starts: past the return
 * type a template function's name begins with
 * ("std::_Rb_tree_iterator<...> std::_Rb_tree<...>::_M_emplace_hint_unique<...>(...)"). */
const char *pa_cxx_qualified_name(const char *d);

/* The unqualified name of demangled function d ("_M_emplace_hint_unique"
 * of "std::_Rb_tree<...>::_M_emplace_hint_unique<...>(...)"): a pointer into
 * d, its length in *len (up to its template arguments or parameters). */
const char *pa_cxx_member_name(const char *d, size_t *len);

/* Where the parameter list of demangled function d starts (its '(',
 * outside template arguments), or its end when it has none. */
const char *pa_cxx_parameters(const char *d);

/* Is demangled function d one of namespace std (the library's own)? */
bool pa_cxx_in_std(const char *d);

/* Is demangled function d one of the standard library's own internals (a
 * name reserved to the implementation: std::_Rb_tree_insert_and_rebalance,
 * std::__detail::..., a member named _M_...)? Never the project's code,
 * unlike a specialisation it writes in namespace std
 * (std::hash<Foo>::operator()). */
bool pa_cxx_std_internal(const char *d);

/* The class (a pointer into d, at "std::map<..." say) of a standard
 * container member that inserts (an element, a range or a node handle):
 * push_back, emplace_back, push_front, emplace_front, emplace,
 * emplace_hint, insert, operator[],
 * try_emplace of std::vector, deque, list, map, set, multimap, multiset,
 * unordered_map, unordered_set and the unordered multi ones. NULL otherwise. */
const char *pa_cxx_container_insert_class(const char *d);

#endif
