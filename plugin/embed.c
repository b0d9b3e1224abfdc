/* plugin/embed.c — embed the findings document in the object file as
 * module-level assembly:
 *
 *     .pushsection .perfadvise,""
 *     .ascii "perfadvise-embedded/1 1234\n{\"schema\":...}\n"
 *     .popsection
 *
 * Flags "" make a section without SHF_ALLOC: no segment maps it, so it costs
 * nothing at run time, and linkers (ld.bfd, gold, lld, also with
 * --gc-sections) concatenate the objects' sections into the executable or
 * shared library, where `perfadvise report` reads them back. A global with
 * an explicit section would be SHF_ALLOC; one marked !exclude would be
 * SHF_EXCLUDE, which linkers drop. */
#include "embed.h"

#include "bridge.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool pa_embed_wanted(LLVMModuleRef M)
{
    int opt = pa_bridge_option_embed();
    if (opt >= 0)
        return opt != 0 && pa_bridge_module_is_elf(M);
    const char *env = getenv("PERFADVISE_EMBED");
    if (env && strcmp(env, "0") == 0)
        return false;
    return pa_bridge_module_is_elf(M);
}

enum { ASCII_CHUNK = 200 }; /* bytes per .ascii line */
static const char ascii_open[] = "\t.ascii \"", ascii_close[] = "\"\n";

/* What put_ascii writes for n bytes at most: every byte escaped. */
static size_t ascii_bound(size_t n)
{
    size_t lines = n / ASCII_CHUNK + 1;
    return lines * (sizeof ascii_open - 1 + sizeof ascii_close - 1) + 4 * n;
}

/* One .ascii line per chunk of bytes: printable ASCII as is, the rest as
 * three-digit octal escapes (understood by LLVM's assembler and GNU as).
 * Writes into out, which has room for ascii_bound(n) bytes; returns the
 * end. The findings of sqlite3.c are megabytes: one pass, no per-piece
 * growth checks. */
static char *put_ascii(char *out, const unsigned char *data, size_t n)
{
    static const char digits[] = "01234567";
    for (size_t at = 0; at < n; at += ASCII_CHUNK) {
        size_t end = at + ASCII_CHUNK < n ? at + ASCII_CHUNK : n;
        memcpy(out, ascii_open, sizeof ascii_open - 1);
        out += sizeof ascii_open - 1;
        for (size_t i = at; i < end; i++) {
            unsigned char c = data[i];
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                *out++ = (char)c;
            } else if (c == '"' || c == '\\') {
                *out++ = '\\';
                *out++ = (char)c;
            } else {
                *out++ = '\\';
                *out++ = digits[(c >> 6) & 7];
                *out++ = digits[(c >> 3) & 7];
                *out++ = digits[c & 7];
            }
        }
        memcpy(out, ascii_close, sizeof ascii_close - 1);
        out += sizeof ascii_close - 1;
    }
    return out;
}

char *pa_embed_asm_json(const char *json, size_t jlen, size_t *len)
{
    static const char push[] = "\t.pushsection " PA_EMBED_SECTION ",\"\"\n";
    static const char pop[] = "\t.popsection\n";
    char head[64];
    int hlen = snprintf(head, sizeof head, "%s %zu\n", PA_EMBED_MAGIC, jlen);
    if (hlen < 0 || (size_t)hlen >= sizeof head || jlen > (SIZE_MAX - 4096) / 5)
        return NULL;
    size_t cap = sizeof push + ascii_bound((size_t)hlen) + ascii_bound(jlen) + ascii_bound(1) + sizeof pop;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    char *out = text;
    memcpy(out, push, sizeof push - 1);
    out += sizeof push - 1;
    out = put_ascii(out, (const unsigned char *)head, (size_t)hlen);
    out = put_ascii(out, (const unsigned char *)json, jlen);
    out = put_ascii(out, (const unsigned char *)"\n", 1);
    memcpy(out, pop, sizeof pop);
    *len = (size_t)(out - text) + sizeof pop - 1;
    return text;
}

int pa_embed_json(LLVMModuleRef M, const char *json, size_t jlen, char *err, size_t errlen)
{
    size_t len = 0;
    char *text = pa_embed_asm_json(json, jlen, &len);
    if (!text) {
        snprintf(err, errlen, "out of memory while embedding the findings in the object file");
        return -1;
    }
    LLVMAppendModuleInlineAsm(M, text, len);
    free(text);
    return 0;
}
