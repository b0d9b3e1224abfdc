/* advisor/toolchain.c — what `perfadvise scan` and `perfadvise flags` share:
 * where the plugin and clang-19 are, shell words, running a child.
 *   perfadvise flags -- gcc -O0 -c foo.c */
#define _GNU_SOURCE
#include "commands.h"
#include "escape_text.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int adv_usage_error(const char *command, const char *what, const char *arg)
{
    fputs("perfadvise: ", stderr);
    fputs(what, stderr);
    if (arg) {
        fputs(" '", stderr);
        adv_put_term(stderr, arg);
        fputc('\'', stderr);
    }
    fprintf(stderr, "\nperfadvise: try 'perfadvise %s--help'\n", command ? command : "");
    return ADV_RC_USAGE;
}

#ifndef PA_LLVM_MAJOR
#define PA_LLVM_MAJOR 19
#endif
#ifndef PA_LLVM_BINDIR
#define PA_LLVM_BINDIR "/usr/lib/llvm-19/bin"
#endif
#define STR2(x) #x
#define STR(x) STR2(x)

int adv_argv_pushn(adv_argv *a, const char *s, size_t len)
{
    if (a->n + 2 > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        char **v = realloc(a->v, cap * sizeof *v);
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    a->v[a->n++] = copy;
    a->v[a->n] = NULL;
    return 0;
}

int adv_argv_push(adv_argv *a, const char *s)
{
    return adv_argv_pushn(a, s, strlen(s));
}

void adv_argv_free(adv_argv *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

int adv_shell_split(const char *line, adv_argv *out)
{
    size_t len = strlen(line);
    char *word = malloc(len + 1);
    if (!word)
        return -1;
    int rc = 0;
    const char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        size_t n = 0;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            if (*p == '\'') {
                const char *end = strchr(p + 1, '\'');
                if (!end) {
                    rc = -2;
                    goto done;
                }
                memcpy(word + n, p + 1, (size_t)(end - p - 1));
                n += (size_t)(end - p - 1);
                p = end + 1;
            } else if (*p == '"') {
                p++;
                while (*p && *p != '"') {
                    if (*p == '\\' && p[1] && strchr("\"\\$`\n", p[1]))
                        p++;
                    word[n++] = *p++;
                }
                if (*p != '"') {
                    rc = -2;
                    goto done;
                }
                p++;
            } else if (*p == '\\' && p[1]) {
                word[n++] = p[1];
                p += 2;
            } else {
                word[n++] = *p++;
            }
        }
        if (adv_argv_pushn(out, word, n) != 0) {
            rc = -1;
            goto done;
        }
    }
done:
    free(word);
    return rc;
}

void adv_shell_quote(FILE *out, const char *s)
{
    bool plain = *s != '\0';
    for (const char *p = s; *p && plain; p++)
        plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+./:,@%^", *p) != NULL;
    if (plain) {
        fputs(s, out);
        return;
    }
    fputc('\'', out);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", out);
        else
            fputc(*p, out);
    }
    fputc('\'', out);
}

int adv_self_exe(char *out, size_t len)
{
    if (len < 2)
        return -1;
    ssize_t n = readlink("/proc/self/exe", out, len - 1);
    if (n <= 0)
        return -1;
    out[n] = '\0';
    return 0;
}

int adv_find_plugin(char *out, size_t len)
{
    const char *env = getenv("PERFADVISE_PLUGIN");
    char exe[PATH_MAX], cand[PATH_MAX + 64], real[PATH_MAX];
    if (env && *env) {
        if (access(env, R_OK) != 0) {
            fputs("perfadvise: error: PERFADVISE_PLUGIN=", stderr);
            adv_put_term(stderr, env);
            fprintf(stderr, ": %s\n", strerror(errno));
            return -1;
        }
        snprintf(out, len, "%s", realpath(env, real) ? real : env);
        return 0;
    }
    if (adv_self_exe(exe, sizeof exe) != 0) {
        fputs("perfadvise: error: cannot find this program's directory; set PERFADVISE_PLUGIN\n", stderr);
        return -1;
    }
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    static const char *const rel[] = {"../lib/libperfadvise.so", "../lib64/libperfadvise.so",
                                      "../lib/perfadvise/libperfadvise.so"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        snprintf(cand, sizeof cand, "%s/%s", exe, rel[i]);
        if (access(cand, R_OK) == 0 && realpath(cand, real)) {
            snprintf(out, len, "%s", real);
            return 0;
        }
    }
    fputs("perfadvise: error: libperfadvise.so not found next to ", stderr);
    adv_put_term(stderr, exe);
    fputs(" (looked in ../lib, ../lib64, ../lib/perfadvise); set PERFADVISE_PLUGIN\n", stderr);
    return -1;
}

int adv_which(const char *name, char *out, size_t len)
{
    if (strchr(name, '/')) {
        if (access(name, X_OK) != 0)
            return -1;
        snprintf(out, len, "%s", name);
        return 0;
    }
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        char cand[PATH_MAX];
        if (n > 0 && n + strlen(name) + 2 <= sizeof cand) {
            snprintf(cand, sizeof cand, "%.*s/%s", (int)n, path, name);
            if (access(cand, X_OK) == 0) {
                snprintf(out, len, "%s", cand);
                return 0;
            }
        }
        path += n + (colon != NULL);
    }
    return -1;
}

int adv_find_clang(bool cxx, char *out, size_t len)
{
    const char *name = cxx ? "clang++-" STR(PA_LLVM_MAJOR) : "clang-" STR(PA_LLVM_MAJOR);
    if (adv_which(name, out, len) == 0)
        return 0;
    char cand[PATH_MAX];
    snprintf(cand, sizeof cand, "%s/%s", PA_LLVM_BINDIR, cxx ? "clang++" : "clang");
    return adv_which(cand, out, len);
}

int adv_run_capture(char *const *argv, char *buf, size_t cap)
{
    int fds[2];
    if (cap == 0 || pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    size_t n = 0;
    char sink[4096];
    for (;;) {
        ssize_t r = n + 1 < cap ? read(fds[0], buf + n, cap - 1 - n) : read(fds[0], sink, sizeof sink);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (n + 1 < cap)
            n += (size_t)r;
    }
    buf[n] = '\0';
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status) == 127 && n == 0 ? -1 : WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

const char *adv_tool_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

bool adv_is_compiler_wrapper(const char *path)
{
    static const char *const wrappers[] = {"ccache", "sccache", "distcc", "icecc", "buildcache"};
    const char *name = adv_tool_name(path);
    for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++)
        if (strcmp(name, wrappers[i]) == 0)
            return true;
    return false;
}
