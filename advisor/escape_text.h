/* advisor/escape_text.h — escaping of untrusted strings (file paths, symbol
 * names, messages from findings files) for each output medium. */
#ifndef ADV_ESCAPE_TEXT_H
#define ADV_ESCAPE_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Replace invalid UTF-8 sequences of s[0..n) in place with '?'. Returns n. */
size_t adv_utf8_sanitize(char *s, size_t n);
/* How many bytes of s[0..n) adv_utf8_sanitize would replace (0: valid). */
size_t adv_utf8_invalid_count(const char *s, size_t n);

/* Every function below shows, never passes through, two kinds of
 * character: control characters (C0, DEL, C1; ESC among them) print as
 * \xNN bytes, and the Unicode bidirectional controls and separators that
 * reorder or break displayed text ("Trojan Source": U+202A..U+202E,
 * U+2066..U+2069, U+200E, U+200F, U+061C, U+2028, U+2029) as \uNNNN. */

/* Terminal: a string can never move the cursor, change colours, set the
 * title or display in another order than it is stored. */
void adv_put_term(FILE *out, const char *s);
/* How many bytes at the start of s adv_put_term copies as they are before
 * the first it may escape: strlen(s) when it writes s unchanged. */
size_t adv_term_plain_len(const char *s);
/* HTML / XML text and attribute values: & < > " ' and the characters above
 * (newline as &#10;, tab kept). */
void adv_put_html(FILE *out, const char *s);
/* Markdown inline text: punctuation Markdown or HTML would interpret is
 * backslash-escaped or turned into entities; newlines become spaces. */
void adv_put_md(FILE *out, const char *s);
/* Markdown code span: `...` with a fence longer than any backtick run. */
void adv_put_md_code(FILE *out, const char *s);
/* Longest run of backticks in s (to pick a code-block fence). */
size_t adv_backtick_run(const char *s);
/* One line of a code block (a source excerpt): control characters except
 * tab, and the bidirectional ones, escaped as above. */
void adv_put_code_line(FILE *out, const char *s, size_t n);

#endif
