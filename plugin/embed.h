/* plugin/embed.h — the translation unit's findings document embedded in its
 * object file: a non-allocated ELF section `.perfadvise` (never loaded at run
 * time, kept by linkers in executables and shared libraries), so a ccache hit
 * or a rebuild in another directory keeps the findings with the object.
 * Format: docs/findings-format.md, "Embedded in object files". */
#ifndef PA_EMBED_H
#define PA_EMBED_H

#include <llvm-c/Core.h>
#include <stdbool.h>
#include <stddef.h>

/* The section name and the header of each embedded document: the line
 * "perfadvise-embedded/1 <bytes>\n", then that many bytes of JSON, then "\n". */
#define PA_EMBED_SECTION ".perfadvise"
#define PA_EMBED_MAGIC "perfadvise-embedded/1"

/* Whether to embed: -mllvm -perfadvise-embed=0|1 wins over PERFADVISE_EMBED
 * (0 turns it off); on by default when the target writes ELF objects. */
bool pa_embed_wanted(LLVMModuleRef M);

/* The module-level assembly that holds the findings document json (printed
 * unformatted, jlen bytes), malloc'd and NUL-terminated, its length in *len;
 * NULL on out of memory. */
char *pa_embed_asm_json(const char *json, size_t jlen, size_t *len);

/* Append the document json (unformatted, jlen bytes) to M's module assembly.
 * Returns 0, or -1 with a message in err. */
int pa_embed_json(LLVMModuleRef M, const char *json, size_t jlen, char *err, size_t errlen);

#endif
