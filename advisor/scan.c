/* advisor/scan.c — `perfadvise scan`: analyse a build made with any compiler.
 * Reads compile_commands.json, re-runs each translation unit through clang-19
 * with the plugin only to analyse it (-c -o /dev/null, -O2 -g), N at a time,
 * drops the flags clang does not know (one note each), then reports.
 *   bear -- make CC=gcc && perfadvise scan -p . -j4 --format html -o report.html */
#define _GNU_SOURCE
#include "commands.h"
#include "escape_text.h"
#include "scan_files.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SCAN_MAX_ATTEMPTS 3            /* first run + retries without unknown flags */
#define SCAN_MAX_DB (512u * 1024 * 1024) /* largest compile_commands.json read */
#define SCAN_MAX_STDERR (256u * 1024)    /* clang output kept per translation unit */

static const char *const usage_scan =
    "usage: perfadvise scan [options] [REPORT OPTIONS...]\n"
    "\n"
    "Analyse a build made with any compiler (gcc, an older clang, a cross\n"
    "compiler): read BUILD_DIR/compile_commands.json, compile each translation\n"
    "unit again with clang-19 and the perfadvise plugin only to analyse it\n"
    "(-c -o /dev/null, at -O2 unless the build optimises, with -g), write the\n"
    "findings files into a directory, then run `perfadvise report` on them.\n"
    "Flags clang-19 does not know are dropped, with one note per flag.\n"
    "Each scan replaces the previous one's results: the findings files the\n"
    "previous scan wrote there and this one did not (a source removed from\n"
    "the database or renamed) are deleted; no other file is.\n"
    "\n"
    "options:\n"
    "  -p, --build-dir DIR   the build directory holding compile_commands.json,\n"
    "                        or that file itself (default: the current directory)\n"
    "  -j, --jobs N          run N compiles at once (default: the number of CPUs)\n"
    "      --findings-dir DIR  where the findings files go\n"
    "                        (default: BUILD_DIR/perfadvise-scan)\n"
    "      --clang PATH      the C compiler to analyse with (default: clang-19)\n"
    "      --clangxx PATH    the C++ compiler (default: clang++-19)\n"
    "      --no-report       only write the findings files\n"
    "      --no-progress     no progress line on standard error\n"
    "  -v, --verbose         print each clang command and its full output on failure\n"
    "  -h, --help            this help\n"
    "\n"
    "Every other option goes to `perfadvise report` (--format, -o, --fail-on,\n"
    "--top, --root, ...; see perfadvise report --help).\n"
    "\n"
    "exit status: that of perfadvise report; 3 also when a translation unit\n"
    "could not be analysed; 2 usage; 4 nothing to analyse; 5 error (no\n"
    "compile_commands.json, clang-19 or plugin not found).\n";

typedef struct scan_job {
    const char *directory; /* in the parsed database */
    const char *file;
    adv_argv words; /* the compile command without wrappers; words.v[0] is the compiler */
    bool cxx;
    unsigned attempts;
    int stderr_fd;
    pid_t pid;
} scan_job;

typedef struct scan_ctx {
    const char *build_dir;
    const char *findings_dir;
    char findings_abs[PATH_MAX];
    char plugin_flag[PATH_MAX + 32];
    char clang[PATH_MAX], clangxx[PATH_MAX];
    const char *clang_opt, *clangxx_opt;
    long jobs;
    bool progress, tty, verbose, report;
    bool line_open; /* a \r progress line is on the terminal */
    adv_argv dropped;        /* flags removed from every command */
    adv_argv report_args;    /* options passed to perfadvise report */
    size_t done, total, failed, skipped;
} scan_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void say(scan_ctx *c, const char *level, const char *fmt, ...)
{
    if (c->line_open) {
        fputs("\r\033[K", stderr);
        c->line_open = false;
    }
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "perfadvise: %s%s", level, *level ? ": " : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static char scan_cwd[PATH_MAX];

/* A job's file as the user reads it: relative to the current directory
 * when it is below it. */
static const char *shown(const scan_job *j)
{
    size_t n = strlen(scan_cwd);
    if (n > 1 && j->file[0] == '/' && strncmp(j->file, scan_cwd, n) == 0 && j->file[n] == '/')
        return j->file + n + 1;
    return j->file;
}

/* ---- the compilation database ------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > SCAN_MAX_DB) {
        errno = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
        goto done;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf)
        goto done;
    *len = fread(buf, 1, (size_t)st.st_size, fp);
    buf[*len] = '\0';
done:
    fclose(fp);
    return buf;
}

/* C++ by the compiler's name, -x, or the file's extension. -1: neither C
 * nor C++ (assembly, Fortran, ...): not analysed. */
static int language_of(const adv_argv *w, const char *file)
{
    for (size_t i = 1; i + 1 < w->n; i++)
        if (strcmp(w->v[i], "-x") == 0) {
            const char *l = w->v[i + 1];
            if (strcmp(l, "c") == 0 || strcmp(l, "objective-c") == 0)
                return 0;
            if (strncmp(l, "c++", 3) == 0 || strcmp(l, "objective-c++") == 0)
                return 1;
            return -1;
        }
    const char *dot = strrchr(file, '.');
    const char *ext = dot ? dot + 1 : "";
    static const char *const c_ext[] = {"c", "i", "m"};
    static const char *const cxx_ext[] = {"cc", "cpp", "cxx", "c++", "cp", "C", "CC", "CPP", "ii", "mm", "cppm", "ixx"};
    int lang = -1;
    for (size_t i = 0; i < sizeof c_ext / sizeof *c_ext; i++)
        if (strcmp(ext, c_ext[i]) == 0)
            lang = 0;
    for (size_t i = 0; i < sizeof cxx_ext / sizeof *cxx_ext; i++)
        if (strcmp(ext, cxx_ext[i]) == 0)
            lang = 1;
    if (lang == 0 && strstr(adv_tool_name(w->v[0]), "++"))
        lang = 1;
    return lang;
}

/* Fill jobs from the database. Returns 0, or an exit status. */
static int load_database(scan_ctx *c, cJSON **db_out, scan_job **jobs_out, size_t *njobs)
{
    char path[PATH_MAX];
    struct stat st;
    if (stat(c->build_dir, &st) == 0 && S_ISDIR(st.st_mode))
        snprintf(path, sizeof path, "%s/compile_commands.json", c->build_dir);
    else
        snprintf(path, sizeof path, "%s", c->build_dir);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) {
        fputs("perfadvise: error: cannot read ", stderr);
        adv_put_term(stderr, path);
        fprintf(stderr, ": %s\nperfadvise: hint: CMake writes it with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, "
                        "Meson always, Make through `bear -- make`\n", strerror(errno));
        return ADV_RC_ERROR;
    }
    const char *end = NULL;
    cJSON *db = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    free(text);
    if (!cJSON_IsArray(db)) {
        fputs("perfadvise: error: ", stderr);
        adv_put_term(stderr, path);
        fputs(": not a JSON compilation database (an array of {directory, file, arguments|command})\n", stderr);
        cJSON_Delete(db);
        return ADV_RC_ERROR;
    }
    size_t n = (size_t)cJSON_GetArraySize(db);
    scan_job *jobs = calloc(n ? n : 1, sizeof *jobs);
    if (!jobs) {
        cJSON_Delete(db);
        return ADV_RC_ERROR;
    }
    size_t k = 0, index = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, db)
    {
        index++;
        const char *dir = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "directory"));
        const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "file"));
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(e, "arguments");
        const char *command = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "command"));
        scan_job *j = &jobs[k];
        adv_argv raw = {NULL, 0, 0};
        int bad = !dir || !file || (!cJSON_IsArray(args) && !command);
        if (!bad && cJSON_IsArray(args)) {
            const cJSON *a;
            cJSON_ArrayForEach(a, args)
            {
                const char *s = cJSON_GetStringValue(a);
                if (!s || adv_argv_push(&raw, s) != 0)
                    bad = 1;
            }
        } else if (!bad) {
            int rc = adv_shell_split(command, &raw);
            if (rc == -1)
                bad = 1;
            else if (rc == -2)
                bad = 2;
        }
        size_t first = 0;
        while (!bad && first < raw.n && adv_is_compiler_wrapper(raw.v[first]))
            first++;
        if (!bad && first >= raw.n)
            bad = 1;
        for (size_t i = first; !bad && i < raw.n; i++)
            if (adv_argv_push(&j->words, raw.v[i]) != 0)
                bad = 1;
        adv_argv_free(&raw);
        if (bad) {
            say(c, "warning", "compile_commands.json entry %zu: %s; skipped", index,
                bad == 2 ? "unterminated quote in \"command\"" : "no directory, file and command");
            adv_argv_free(&j->words);
            c->skipped++;
            continue;
        }
        const char *tool = adv_tool_name(j->words.v[0]);
        int lang = language_of(&j->words, file);
        if (strcmp(tool, "cl") == 0 || strcmp(tool, "cl.exe") == 0 || strncmp(tool, "clang-cl", 8) == 0 ||
            lang < 0) {
            if (c->verbose)
                say(c, "note", "%s: not C or C++ (or an MSVC command line); skipped", file);
            adv_argv_free(&j->words);
            c->skipped++;
            continue;
        }
        j->directory = dir;
        j->file = file;
        j->cxx = lang == 1;
        j->stderr_fd = -1;
        k++;
    }
    *db_out = db;
    *jobs_out = jobs;
    *njobs = k;
    return ADV_RC_OK;
}

/* ---- one command ------------------------------------------------------- */

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Flags that must not reach the analysis compile: outputs, dependency files,
 * -Werror, LTO and instrumentation (the analysis sees the code as shipped). */
static bool drop_always(const char *a)
{
    static const char *const exact[] = {"-c", "-S", "-E", "-fsyntax-only", "-emit-llvm", "-M", "-MM",
                                        "-MD", "-MMD", "-MP", "-MG", "-Werror", "-pedantic-errors",
                                        "-fno-lto", "-ffat-lto-objects", "-fwhole-program-vtables",
                                        "--coverage", "-fprofile-arcs", "-ftest-coverage", "-ftime-trace"};
    static const char *const prefix[] = {"-MF", "-MT", "-MQ", "-Wp,-M", "-Werror=", "-flto", "-save-temps",
                                         "-fpass-plugin=", "-fplugin=", "-fplugin-arg-", "-fsanitize",
                                         "-fno-sanitize", "-fprofile-generate", "-fprofile-instr-generate",
                                         "-ftime-trace=", "-fdump-"};
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (strcmp(a, exact[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof prefix / sizeof *prefix; i++)
        if (has_prefix(a, prefix[i]))
            return true;
    if (a[0] == '-' && a[1] == 'g' && !has_prefix(a, "-gcc"))
        return true; /* -g*, replaced by -g */
    if (a[0] == '-' && a[1] == 'o' && a[2] && !has_prefix(a, "-obj"))
        return true; /* -oFILE */
    return false;
}

static bool in_list(const adv_argv *list, const char *s)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->v[i], s) == 0)
            return true;
    return false;
}

/* The analysis command for a job. Returns 0, or -1 when out of memory. */
static int build_command(const scan_ctx *c, const scan_job *j, adv_argv *out)
{
    const adv_argv *w = &j->words;
    const char *opt = NULL;
    if (adv_argv_push(out, j->cxx ? c->clangxx : c->clang) != 0)
        return -1;
    for (size_t i = 1; i < w->n; i++) {
        const char *a = w->v[i];
        if (in_list(&c->dropped, a))
            continue;
        if (strcmp(a, "-o") == 0 || strcmp(a, "-MF") == 0 || strcmp(a, "-MT") == 0 || strcmp(a, "-MQ") == 0) {
            i++;
            continue;
        }
        if (strcmp(a, "-Xclang") == 0 && i + 3 < w->n && strcmp(w->v[i + 1], "-load") == 0 &&
            strcmp(w->v[i + 2], "-Xclang") == 0) {
            i += 3; /* an earlier perfadvise (or other plugin) load */
            continue;
        }
        if (strcmp(a, "-mllvm") == 0 && i + 1 < w->n && has_prefix(w->v[i + 1], "-perfadvise-")) {
            i++;
            continue;
        }
        if (a[0] == '-' && a[1] == 'O') {
            opt = a;
            continue;
        }
        if (drop_always(a))
            continue;
        if (adv_argv_push(out, a) != 0)
            return -1;
    }
    if (!opt || strcmp(opt, "-O0") == 0 || strcmp(opt, "-Og") == 0)
        opt = "-O2";
    const char *tail[] = {opt, "-g", c->plugin_flag, "-c", "-o", "/dev/null"};
    for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
        if (adv_argv_push(out, tail[i]) != 0)
            return -1;
    return 0;
}

/* Start a job: its stderr goes to an unlinked temporary file. */
static int spawn(scan_ctx *c, scan_job *j)
{
    adv_argv cmd = {NULL, 0, 0};
    if (build_command(c, j, &cmd) != 0)
        return -1;
    if (c->verbose) {
        if (c->line_open) {
            fputs("\r\033[K", stderr);
            c->line_open = false;
        }
        fputs("perfadvise: (cd ", stderr);
        adv_shell_quote(stderr, j->directory);
        fputs(" &&", stderr);
        for (size_t i = 0; i < cmd.n; i++) {
            fputc(' ', stderr);
            adv_shell_quote(stderr, cmd.v[i]);
        }
        fputs(")\n", stderr);
    }
    const char *tmpdir = getenv("TMPDIR");
    char tmpl[PATH_MAX];
    snprintf(tmpl, sizeof tmpl, "%s/perfadvise-scan-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkostemp(tmpl, O_CLOEXEC);
    if (fd < 0) {
        adv_argv_free(&cmd);
        return -1;
    }
    unlink(tmpl);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd);
        adv_argv_free(&cmd);
        return -1;
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 1);
        }
        dup2(fd, 2);
        if (chdir(j->directory) != 0) {
            fprintf(stderr, "error: cannot enter directory '%s': %s\n", j->directory, strerror(errno));
            _exit(126);
        }
        execv(cmd.v[0], cmd.v);
        fprintf(stderr, "error: cannot run '%s': %s\n", cmd.v[0], strerror(errno));
        _exit(127);
    }
    adv_argv_free(&cmd);
    j->pid = pid;
    j->stderr_fd = fd;
    j->attempts++;
    return 0;
}

static char *read_stderr(int fd)
{
    char *buf = malloc(SCAN_MAX_STDERR + 1);
    size_t n = 0;
    if (!buf)
        return NULL;
    if (lseek(fd, 0, SEEK_SET) == 0) {
        ssize_t r;
        while (n < SCAN_MAX_STDERR && (r = read(fd, buf + n, SCAN_MAX_STDERR - n)) > 0)
            n += (size_t)r;
    }
    buf[n] = '\0';
    return buf;
}

/* The flag quoted after marker on each line of clang's output, one note per
 * new flag; only flags of this command count. Returns how many there were. */
static size_t collect_unknown(scan_ctx *c, const scan_job *j, const char *out, const char *marker,
                              const char *why)
{
    size_t added = 0, mlen = strlen(marker);
    for (const char *p = strstr(out, marker); p; p = strstr(p + 1, marker)) {
        const char *flag = p + mlen, *q = strchr(flag, '\'');
        const char *eol = strchr(flag, '\n');
        if (!q || (eol && q > eol) || q == flag)
            continue;
        char name[512];
        size_t len = (size_t)(q - flag) < sizeof name - 1 ? (size_t)(q - flag) : sizeof name - 1;
        memcpy(name, flag, len);
        name[len] = '\0';
        if (!in_list(&j->words, name))
            continue;
        added++; /* another job may have dropped it already: retry all the same */
        if (in_list(&c->dropped, name) || adv_argv_push(&c->dropped, name) != 0)
            continue;
        say(c, "note", "dropped '%s' (first in %s): %s", name, shown(j), why);
    }
    return added;
}

/* The first line of clang's output that says error (for the warning). */
static void first_error(const char *out, char *line, size_t len)
{
    const char *e = strstr(out, "error:");
    if (!e) {
        snprintf(line, len, "%s", "");
        return;
    }
    const char *bol = e;
    while (bol > out && bol[-1] != '\n')
        bol--;
    const char *eol = strchr(e, '\n');
    size_t n = eol ? (size_t)(eol - bol) : strlen(bol);
    snprintf(line, len, ": %.*s", (int)(n < len ? n : len - 3), bol);
}

/* A job finished. Returns true when it must run again without new flags. */
static bool finished(scan_ctx *c, scan_job *j, int status)
{
    char *out = read_stderr(j->stderr_fd);
    close(j->stderr_fd);
    j->stderr_fd = -1;
    j->pid = 0;
    const char *text = out ? out : "";
    const char *clang = adv_tool_name(j->cxx ? c->clangxx : c->clang);
    char why[160];
    snprintf(why, sizeof why, "%s does not know it", clang);
    size_t fatal = collect_unknown(c, j, text, "error: unknown argument: '", why) +
                   collect_unknown(c, j, text, "error: unknown argument '", why) +
                   collect_unknown(c, j, text, "error: unsupported option '", why);
    collect_unknown(c, j, text, "warning: unknown warning option '", why);
    snprintf(why, sizeof why, "%s ignores this optimisation flag", clang);
    collect_unknown(c, j, text, "warning: optimization flag '", why);
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok && fatal && j->attempts < SCAN_MAX_ATTEMPTS) {
        free(out);
        return true;
    }
    c->done++;
    if (!ok) {
        c->failed++;
        char line[400];
        first_error(text, line, sizeof line);
        if (WIFEXITED(status))
            say(c, "warning", "%s: %s could not analyse it (exit %d)%s", shown(j), clang, WEXITSTATUS(status), line);
        else
            say(c, "warning", "%s: %s stopped by signal %d", shown(j), clang, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        if (c->verbose && *text)
            fputs(text, stderr);
    }
    if (c->progress) {
        if (c->tty) {
            fprintf(stderr, "\rperfadvise: scan [%zu/%zu] ", c->done, c->total);
            adv_put_term(stderr, shown(j));
            fputs("\033[K", stderr);
            c->line_open = true;
        } else {
            fprintf(stderr, "perfadvise: scan [%zu/%zu] ", c->done, c->total);
            adv_put_term(stderr, shown(j));
            fputc('\n', stderr);
        }
    }
    free(out);
    return false;
}

/* Run every job, c->jobs at a time. Returns 0, or -1 when a process could
 * not be started. */
static int run_jobs(scan_ctx *c, scan_job *jobs, size_t n)
{
    size_t *queue = malloc((n * SCAN_MAX_ATTEMPTS + 1) * sizeof *queue);
    if (!queue)
        return -1;
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < n; i++)
        queue[tail++] = i;
    long running = 0;
    int rc = 0;
    while (head < tail || running > 0) {
        while (rc == 0 && running < c->jobs && head < tail) {
            scan_job *j = &jobs[queue[head++]];
            if (spawn(c, j) != 0) {
                say(c, "error", "cannot start a compile: %s", strerror(errno));
                rc = -1;
                break;
            }
            running++;
        }
        if (running == 0)
            break;
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            rc = -1;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            if (jobs[i].pid != pid)
                continue;
            running--;
            if (finished(c, &jobs[i], status))
                queue[tail++] = i;
            break;
        }
    }
    if (c->line_open) {
        fputs("\r\033[K", stderr);
        c->line_open = false;
    }
    free(queue);
    return rc;
}

/* ---- the report -------------------------------------------------------- */

static int run_report(scan_ctx *c)
{
    char self[PATH_MAX];
    if (adv_self_exe(self, sizeof self) != 0) {
        say(c, "error", "cannot find this program to run the report");
        return ADV_RC_ERROR;
    }
    adv_argv argv = {NULL, 0, 0};
    int rc = ADV_RC_ERROR;
    if (adv_argv_push(&argv, "perfadvise") != 0 || adv_argv_push(&argv, "report") != 0)
        goto done;
    for (size_t i = 0; i < c->report_args.n; i++)
        if (adv_argv_push(&argv, c->report_args.v[i]) != 0)
            goto done;
    if (adv_argv_push(&argv, "--") != 0 || adv_argv_push(&argv, c->findings_abs) != 0)
        goto done;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        goto done;
    if (pid == 0) {
        execv(self, argv.v);
        _exit(ADV_RC_ERROR);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            goto done;
    rc = WIFEXITED(status) ? WEXITSTATUS(status) : ADV_RC_ERROR;
done:
    adv_argv_free(&argv);
    return rc;
}

/* ---- options ----------------------------------------------------------- */

static int mkdir_p(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = saved;
        if (!saved)
            return 0;
    }
}

static int usage(const char *what, const char *arg)
{
    return adv_usage_error("scan ", what, arg);
}

/* Value of --opt=value, -jN, or the next argument; NULL when missing. */
static const char *value_of(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=')
        return arg + n + 1;
    if (arg[n] != '\0')
        return arg + n; /* -j4, -pDIR */
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool is_option(const char *arg, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '\0' || arg[n] == '=')
        return true;
    return name[1] != '-'; /* short options take joined values */
}

static int parse(scan_ctx *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_scan, stdout);
            return ADV_RC_OK;
        } else if (is_option(a, "-p") || is_option(a, "--build-dir")) {
            if (!(v = value_of(argc, argv, &i, a[1] == 'p' ? "-p" : "--build-dir")))
                return usage("missing value for", a);
            c->build_dir = v;
        } else if (is_option(a, "-j") || is_option(a, "--jobs")) {
            if (!(v = value_of(argc, argv, &i, a[1] == 'j' ? "-j" : "--jobs")))
                return usage("missing value for", a);
            char *end;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (!*v || *end || errno || n < 1 || n > 1024)
                return usage("--jobs takes a number from 1 to 1024, not", v);
            c->jobs = n;
        } else if (is_option(a, "--findings-dir")) {
            if (!(v = value_of(argc, argv, &i, "--findings-dir")))
                return usage("missing value for", a);
            c->findings_dir = v;
        } else if (is_option(a, "--clang")) {
            if (!(v = value_of(argc, argv, &i, "--clang")))
                return usage("missing value for", a);
            c->clang_opt = v;
        } else if (is_option(a, "--clangxx")) {
            if (!(v = value_of(argc, argv, &i, "--clangxx")))
                return usage("missing value for", a);
            c->clangxx_opt = v;
        } else if (strcmp(a, "--no-report") == 0) {
            c->report = false;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            c->verbose = true;
        } else {
            if (strcmp(a, "--no-progress") == 0)
                c->progress = false;
            if (adv_argv_push(&c->report_args, a) != 0)
                return ADV_RC_ERROR;
        }
    }
    return -1;
}

static int find_compiler(const char *given, bool cxx, char *out, size_t len)
{
    if (given ? adv_which(given, out, len) == 0 : adv_find_clang(cxx, out, len) == 0)
        return 0;
    fputs("perfadvise: error: ", stderr);
    adv_put_term(stderr, given ? given : cxx ? "clang++-19" : "clang-19");
    fputs(given ? " not found or not executable\n"
                : " not found on PATH nor in the LLVM the advisor was built with; install clang-19 "
                  "or pass --clang/--clangxx\n",
          stderr);
    return -1;
}

int adv_cmd_scan(int argc, char **argv, adv_report_options_check check_report)
{
    scan_ctx c;
    memset(&c, 0, sizeof c);
    c.build_dir = ".";
    c.progress = true;
    c.report = true;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    c.jobs = cpus > 0 ? cpus : 1;
    cJSON *db = NULL;
    scan_job *jobs = NULL;
    size_t njobs = 0;
    int rc = parse(&c, argc, argv);
    if (rc < 0 && check_report)
        rc = check_report((int)c.report_args.n, c.report_args.v, "scan ");
    if (rc >= 0)
        goto done;
    rc = ADV_RC_ERROR;
    c.tty = isatty(STDERR_FILENO) != 0;
    if (!getcwd(scan_cwd, sizeof scan_cwd))
        scan_cwd[0] = '\0';
    char plugin[PATH_MAX];
    if (adv_find_plugin(plugin, sizeof plugin) != 0)
        goto done;
    snprintf(c.plugin_flag, sizeof c.plugin_flag, "-fpass-plugin=%s", plugin);
    if (find_compiler(c.clang_opt, false, c.clang, sizeof c.clang) != 0 ||
        find_compiler(c.clangxx_opt, true, c.clangxx, sizeof c.clangxx) != 0)
        goto done;
    if ((rc = load_database(&c, &db, &jobs, &njobs)) != ADV_RC_OK)
        goto done;
    rc = ADV_RC_ERROR;
    char dir[PATH_MAX];
    if (c.findings_dir) {
        snprintf(dir, sizeof dir, "%s", c.findings_dir);
    } else {
        /* Beside compile_commands.json: BUILD_DIR, or the file's directory. */
        struct stat st;
        snprintf(dir, sizeof dir, "%s", c.build_dir);
        if (stat(c.build_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            char *slash = strrchr(dir, '/');
            if (slash)
                *slash = '\0';
            else
                snprintf(dir, sizeof dir, ".");
        }
        size_t n = strlen(dir);
        snprintf(dir + n, sizeof dir - n, "/perfadvise-scan");
    }
    if (mkdir_p(dir) != 0 || !realpath(dir, c.findings_abs)) {
        fputs("perfadvise: error: cannot create the findings directory ", stderr);
        adv_put_term(stderr, dir);
        fprintf(stderr, ": %s\n", strerror(errno));
        goto done;
    }
    if (njobs == 0) {
        say(&c, "error", "no C or C++ translation unit in the compilation database (%zu entries skipped)", c.skipped);
        rc = ADV_RC_NO_INPUT;
        goto done;
    }
    /* The compiles write into a staging directory of the scan's own, so the
     * scan knows which files it wrote (scan_files.h). */
    adv_scan_files owned;
    if (adv_scan_files_begin(&owned, c.findings_abs) != 0) {
        fputs("perfadvise: error: cannot create a directory in ", stderr);
        adv_put_term(stderr, c.findings_abs);
        fprintf(stderr, ": %s\n", strerror(errno));
        goto done;
    }
    if (setenv("PERFADVISE_OUTPUT_DIR", owned.staging, 1) != 0) {
        adv_scan_files_abort(&owned);
        goto done;
    }
    c.total = njobs;
    if (c.jobs > (long)njobs)
        c.jobs = (long)njobs;
    int ran = run_jobs(&c, jobs, njobs);
    if (adv_scan_files_finish(&owned, ran == 0) != 0) {
        fputs("perfadvise: warning: could not move every findings file into ", stderr);
        adv_put_term(stderr, c.findings_abs);
        fprintf(stderr, " or record them in its %s: %s\n", ADV_SCAN_MANIFEST, strerror(errno));
    }
    if (ran != 0)
        goto done;
    fputs("perfadvise: scan: ", stderr);
    fprintf(stderr, "%zu of %zu translation units analysed", c.done - c.failed, c.total);
    if (c.failed)
        fprintf(stderr, ", %zu failed", c.failed);
    if (c.skipped)
        fprintf(stderr, ", %zu skipped (not C or C++)", c.skipped);
    if (c.dropped.n)
        fprintf(stderr, ", %zu unknown flag%s dropped", c.dropped.n, c.dropped.n == 1 ? "" : "s");
    if (owned.removed)
        fprintf(stderr, ", %zu findings file%s of the previous scan removed", owned.removed,
                owned.removed == 1 ? "" : "s");
    fputs("; findings in ", stderr);
    adv_put_term(stderr, c.findings_abs);
    fputc('\n', stderr);
    rc = c.report ? run_report(&c) : ADV_RC_OK;
    if (rc == ADV_RC_OK && c.failed)
        rc = ADV_RC_SKIPPED;
done:
    for (size_t i = 0; i < njobs; i++)
        adv_argv_free(&jobs[i].words);
    free(jobs);
    cJSON_Delete(db);
    adv_argv_free(&c.dropped);
    adv_argv_free(&c.report_args);
    return rc;
}
