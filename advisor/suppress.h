/* advisor/suppress.h — findings a user has checked and silenced with a
 * comment in the source: `perfadvise: ignore [KIND[,KIND...]]` on the
 * reported line or the line above it (docs/advisor.md, SUPPRESSION). */
#ifndef ADV_SUPPRESS_H
#define ADV_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "advisor.h"
#include "source.h"

/* Does `text` (n bytes, one source line) carry an ignore comment that
 * covers `kind`? A comment naming no kind covers every kind. */
bool adv_line_ignores(const char *text, size_t n, const char *kind);

/* Is f silenced by a comment at its line or the line above? dir is the
 * TU's compilation directory (relative file names), may be NULL. */
bool adv_suppressed(adv_source_cache *cache, const adv_finding *f, const char *dir);

#endif
