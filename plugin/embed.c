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
#include "util.h"

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

typedef struct sbuf {
    char *p;
    size_t n, cap;
    bool oom;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    char *p = pa_array_reserve(b->p, &b->cap, b->n + n + 1, 1);
    if (!p) {
        b->oom = true;
        return;
    }
    b->p = p;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_s(sbuf *b, const char *s) { put(b, s, strlen(s)); }

/* One .ascii line per chunk of bytes: printable ASCII as is (a run at a
 * time), the rest as three-digit octal escapes (understood by LLVM's
 * assembler and GNU as). */
static void put_ascii(sbuf *b, const unsigned char *data, size_t n)
{
    static const size_t chunk = 200;
    for (size_t at = 0; at < n; at += chunk) {
        size_t end = at + chunk < n ? at + chunk : n;
        puts_s(b, "\t.ascii \"");
        for (size_t i = at; i < end;) {
            size_t run = i;
            while (run < end && data[run] >= 0x20 && data[run] < 0x7f && data[run] != '"' &&
                   data[run] != '\\')
                run++;
            if (run > i) {
                put(b, (const char *)data + i, run - i);
                i = run;
                continue;
            }
            unsigned char c = data[i++];
            char esc[5];
            if (c == '"' || c == '\\') {
                esc[0] = '\\';
                esc[1] = (char)c;
                put(b, esc, 2);
            } else {
                snprintf(esc, sizeof esc, "\\%03o", (unsigned)c);
                put(b, esc, 4);
            }
        }
        puts_s(b, "\"\n");
    }
}

char *pa_embed_asm_json(const char *json, size_t jlen, size_t *len)
{
    char head[64];
    snprintf(head, sizeof head, "%s %zu\n", PA_EMBED_MAGIC, jlen);
    sbuf b = {NULL, 0, 0, false};
    puts_s(&b, "\t.pushsection " PA_EMBED_SECTION ",\"\"\n");
    put_ascii(&b, (const unsigned char *)head, strlen(head));
    put_ascii(&b, (const unsigned char *)json, jlen);
    put_ascii(&b, (const unsigned char *)"\n", 1);
    puts_s(&b, "\t.popsection\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    *len = b.n;
    return b.p;
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
