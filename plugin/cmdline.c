/* plugin/cmdline.c — the flags hash of a translation unit (cmdline.h). */
#include "cmdline.h"

#include "util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_any(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* How many arguments at args[i] to drop (0: keep args[i]). */
static size_t dropped(const char *const *args, size_t n, size_t i, const char *source)
{
    static const char *const alone[] = {"-c",
                                        "-S",
                                        "-MD",
                                        "-MMD",
                                        "-MP",
                                        "-w",
                                        "-fcolor-diagnostics",
                                        "-fno-color-diagnostics",
                                        "-fdiagnostics-color",
                                        "-fno-diagnostics-color",
                                        NULL};
    static const char *const with_value[] = {
        "-o", "-MF", "-MT", "-MQ", "-MJ", "-dependency-file", "-load", NULL};
    const char *a = args[i];
    if (source && *source && strcmp(a, source) == 0)
        return 1;
    if (is_any(a, alone))
        return 1;
    if (is_any(a, with_value))
        return i + 1 < n ? 2 : 1;
    if (strcmp(a, "-mllvm") == 0 && i + 1 < n && starts(args[i + 1], "-perfadvise-"))
        return 2;
    if (strcmp(a, "-Xclang") == 0 && i + 3 < n && strcmp(args[i + 1], "-load") == 0 &&
        strcmp(args[i + 2], "-Xclang") == 0)
        return 4;
    if (starts(a, "-o") && !starts(a, "-obj"))
        return 1; /* -ofile */
    if (starts(a, "-MF") || starts(a, "-MT") || starts(a, "-MQ") || starts(a, "-MJ"))
        return 1;
    if (starts(a, "-W") && !starts(a, "-Wa,") && !starts(a, "-Wl,") && !starts(a, "-Wp,"))
        return 1;
    if (starts(a, "-R") || starts(a, "-fpass-plugin=") || starts(a, "-fdiagnostics-color=") ||
        starts(a, "-fmessage-length"))
        return 1;
    return 0;
}

uint64_t pa_cmdline_flags_hash(const char *const *args, size_t n, const char *source)
{
    uint64_t h = PA_HASH_INIT;
    for (size_t i = 0; i < n;) {
        size_t skip = dropped(args, n, i, source);
        if (skip) {
            i += skip;
            continue;
        }
        h = pa_hash_bytes(h, args[i], strlen(args[i]) + 1);
        i++;
    }
    return h;
}

int pa_cmdline_self_flags_hash(const char *source, char out[17])
{
    char *buf = NULL;
    const char **args = NULL;
    size_t len = 0, cap = 0, nargs = 0, acap = 0;
    int rc = -1;
    FILE *fp = fopen("/proc/self/cmdline", "rb");
    if (fp) {
        for (;;) {
            char *p = pa_array_reserve(buf, &cap, len + 4096 + 1, 1);
            if (!p)
                break;
            buf = p;
            size_t got = fread(buf + len, 1, 4096, fp);
            len += got;
            if (got < 4096) {
                rc = ferror(fp) ? -1 : 0;
                break;
            }
        }
        fclose(fp);
    }
    if (rc == 0) {
        buf[len] = '\0';
        /* NUL-separated; skip argv[0], the compiler's own path. */
        size_t start = strlen(buf) + 1;
        for (size_t at = start; at < len; at += strlen(buf + at) + 1) {
            const char **a = pa_array_reserve(args, &acap, nargs + 1, sizeof *a);
            if (!a) {
                rc = -1;
                break;
            }
            args = a;
            args[nargs++] = buf + at;
        }
    }
    uint64_t h = pa_cmdline_flags_hash(args, rc == 0 ? nargs : 0, source);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
    free(args);
    free(buf);
    return rc;
}
