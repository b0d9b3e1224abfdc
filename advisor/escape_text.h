/* advisor/escape_text.h — escaping of untrusted strings (file paths, symbol
 * names, messages from findings files) for each output medium. */
#ifndef ADV_ESCAPE_TEXT_H
#define ADV_ESCAPE_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Replace invalid UTF-8 sequences of s[0..n) in place with '?'. Returns n. */
size_t adv_utf8_sanitize(char *s, size_t n);

/* Terminal: control characters (C0, DEL, C1) and ESC print as \xNN, so a
 * string can never move the cursor, change colours or set the title. */
void adv_put_term(FILE *out, const char *s);
/* HTML / XML text and attribute values: & < > " ' and control characters. */
void adv_put_html(FILE *out, const char *s);
/* Markdown inline text: punctuation Markdown or HTML would interpret is
 * backslash-escaped or turned into entities; newlines become spaces. */
void adv_put_md(FILE *out, const char *s);
/* Markdown code span: `...` with a fence longer than any backtick run. */
void adv_put_md_code(FILE *out, const char *s);
/* Longest run of backticks in s (to pick a code-block fence). */
size_t adv_backtick_run(const char *s);
/* One line of a code block: control characters (except tab) become \xNN. */
void adv_put_code_line(FILE *out, const char *s, size_t n);

#endif
