/* advisor/flags.c — `perfadvise flags`: the exact compiler flags that turn
 * perfadvise on, alone or for a given compiler command line (what it lacks:
 * optimisation, -g, the plugin, the early load -mllvm options need).
 *   make CFLAGS="-O2 -g $(perfadvise flags --output-dir $PWD/perfadvise)"
 *   perfadvise flags -- gcc -O0 -c foo.c */
#define _GNU_SOURCE
#include "commands.h"
#include "escape_text.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage_flags =
    "usage: perfadvise flags [options] [-- COMPILER [ARGS...]]\n"
    "\n"
    "Print, on one line of standard output, the compiler flags that turn\n"
    "perfadvise on: -fpass-plugin=LIB, plus the early-load form\n"
    "-Xclang -load -Xclang LIB that clang-19 needs before it accepts the\n"
    "plugin's -mllvm options.\n"
    "\n"
    "With a compiler command line after --, print only what that command\n"
    "lacks (-O2 when it does not optimise, -g when it has no debug information,\n"
    "the plugin flags, the early load when it passes -mllvm -perfadvise-*\n"
    "options) and explain each addition on standard error; a compiler that is\n"
    "not clang-19 gets a warning.\n"
    "\n"
    "options:\n"
    "      --output-dir DIR  findings files go to DIR (made absolute):\n"
    "                        adds -mllvm -perfadvise-output=DIR and the early load\n"
    "      --early           always print the early-load form\n"
    "      --remarks         also print findings as compiler remarks\n"
    "                        (-Rpass-missed=perfadvise)\n"
    "      --command         with a command: print the whole command with the\n"
    "                        flags added (and clang-19 in place of another compiler)\n"
    "  -h, --help            this help\n"
    "\n"
    "exit status: 0 ok, 2 usage, 5 plugin not found.\n";

typedef struct flags_opts {
    const char *output_dir;
    bool early, remarks, command;
    int cmd_first; /* index of the compiler in argv, or 0 */
} flags_opts;

static int usage(const char *what, const char *arg)
{
    return adv_usage_error("flags ", what, arg);
}

static void note(const char *level, const char *what)
{
    fprintf(stderr, "perfadvise: %s: %s\n", level, what);
}

/* What the command already has. */
typedef struct cmd_facts {
    bool optimised, debug, plugin, early, perfadvise_mllvm, syntax_only, cxx;
    const char *compiler;
} cmd_facts;

static void inspect(char **w, int n, cmd_facts *f)
{
    memset(f, 0, sizeof *f);
    int first = 0;
    while (first < n - 1 && adv_is_compiler_wrapper(w[first]))
        first++;
    f->compiler = w[first];
    f->cxx = strstr(adv_tool_name(w[first]), "++") != NULL;
    for (int i = first + 1; i < n; i++) {
        const char *a = w[i];
        if (a[0] == '-' && a[1] == 'O')
            f->optimised = strcmp(a, "-O0") != 0 && strcmp(a, "-Og") != 0;
        else if (a[0] == '-' && a[1] == 'g' && strncmp(a, "-gcc", 4) != 0)
            f->debug = strcmp(a, "-g0") != 0;
        else if (strncmp(a, "-fpass-plugin=", 14) == 0 && strstr(a, "perfadvise"))
            f->plugin = true;
        else if (strcmp(a, "-Xclang") == 0 && i + 3 < n && strcmp(w[i + 1], "-load") == 0 &&
                 strstr(w[i + 3], "perfadvise"))
            f->early = true;
        else if (strcmp(a, "-mllvm") == 0 && i + 1 < n && strncmp(w[i + 1], "-perfadvise-", 12) == 0)
            f->perfadvise_mllvm = true;
        else if (strcmp(a, "-fsyntax-only") == 0)
            f->syntax_only = true;
        else if (strcmp(a, "-x") == 0 && i + 1 < n && strncmp(w[i + 1], "c++", 3) == 0)
            f->cxx = true;
    }
}

/* Is the compiler clang of the plugin's major? Warn when not (or unknown).
 * Returns true when it is. */
static bool check_compiler(const char *compiler)
{
    char out[4096];
    char exe[PATH_MAX], version[] = "--version";
    snprintf(exe, sizeof exe, "%s", compiler);
    char *argv[] = {exe, version, NULL};
    int rc = adv_run_capture(argv, out, sizeof out);
    char msg[600];
    if (rc != 0) {
        snprintf(msg, sizeof msg, "cannot run '%s --version'; perfadvise needs clang-19", compiler);
        note("warning", msg);
        return false;
    }
    const char *v = strstr(out, "clang version ");
    if (v && strncmp(v + 14, "19.", 3) == 0)
        return true;
    char first[200];
    size_t n = strcspn(out, "\n");
    snprintf(first, sizeof first, "%.*s", (int)(n < sizeof first - 1 ? n : sizeof first - 1), out);
    snprintf(msg, sizeof msg,
             "'%s' is not clang 19 (%s): the plugin loads only into clang-19; compile with clang-19 "
             "(CC=clang-19 CXX=clang++-19), or keep this compiler and run `perfadvise scan` on the "
             "build's compile_commands.json",
             compiler, first);
    note("warning", msg);
    return false;
}

static int push_plugin_flags(adv_argv *add, const char *plugin, bool early, const char *outdir)
{
    char buf[PATH_MAX + 64];
    if (early) {
        if (adv_argv_push(add, "-Xclang") || adv_argv_push(add, "-load") || adv_argv_push(add, "-Xclang") ||
            adv_argv_push(add, plugin))
            return -1;
    }
    snprintf(buf, sizeof buf, "-fpass-plugin=%s", plugin);
    if (adv_argv_push(add, buf))
        return -1;
    if (outdir) {
        snprintf(buf, sizeof buf, "-perfadvise-output=%s", outdir);
        if (adv_argv_push(add, "-mllvm") || adv_argv_push(add, buf))
            return -1;
    }
    return 0;
}

static void print_words(char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(' ', stdout);
        adv_shell_quote(stdout, w[i]);
    }
    fputc('\n', stdout);
}

int adv_cmd_flags(int argc, char **argv)
{
    flags_opts o;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            if (i + 1 >= argc)
                return usage("missing the compiler command after", "--");
            o.cmd_first = i + 1;
            break;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_flags, stdout);
            return ADV_RC_OK;
        } else if (strcmp(a, "--early") == 0) {
            o.early = true;
        } else if (strcmp(a, "--remarks") == 0) {
            o.remarks = true;
        } else if (strcmp(a, "--command") == 0) {
            o.command = true;
        } else if (strncmp(a, "--output-dir", 12) == 0 && (a[12] == '\0' || a[12] == '=')) {
            if (a[12] == '=')
                o.output_dir = a + 13;
            else if (i + 1 < argc)
                o.output_dir = argv[++i];
            else
                return usage("missing value for", a);
            if (!*o.output_dir)
                return usage("--output-dir takes a directory", NULL);
        } else {
            return usage(a[0] == '-' ? "unknown option" : "unexpected argument (a command goes after --)", a);
        }
    }
    if (o.command && !o.cmd_first)
        return usage("--command needs a compiler command after --", NULL);
    char plugin[PATH_MAX], outdir[PATH_MAX];
    if (adv_find_plugin(plugin, sizeof plugin) != 0)
        return ADV_RC_ERROR;
    if (o.output_dir) {
        /* Absolute, so that every directory a build compiles in agrees. */
        char cwd[PATH_MAX];
        if (o.output_dir[0] == '/' || !getcwd(cwd, sizeof cwd))
            snprintf(outdir, sizeof outdir, "%s", o.output_dir);
        else
            snprintf(outdir, sizeof outdir, "%s/%s", cwd, o.output_dir);
    }
    adv_argv add = {NULL, 0, 0};
    int rc = ADV_RC_ERROR;
    if (!o.cmd_first) {
        if (push_plugin_flags(&add, plugin, o.early || o.output_dir, o.output_dir ? outdir : NULL) != 0 ||
            (o.remarks && adv_argv_push(&add, "-Rpass-missed=perfadvise") != 0))
            goto done;
        print_words(add.v, add.n);
        rc = ADV_RC_OK;
        goto done;
    }
    char **cmd = argv + o.cmd_first;
    int ncmd = argc - o.cmd_first;
    cmd_facts f;
    inspect(cmd, ncmd, &f);
    bool is_clang19 = check_compiler(f.compiler);
    char clang[PATH_MAX];
    if (!is_clang19 && o.command) {
        /* The short name when it is on PATH: the command stays readable. */
        const char *name = f.cxx ? "clang++-19" : "clang-19";
        if (adv_which(name, clang, sizeof clang) == 0 || adv_find_clang(f.cxx, clang, sizeof clang) != 0)
            snprintf(clang, sizeof clang, "%s", name);
        fprintf(stderr, "perfadvise: note: %s in place of %s\n", clang, f.compiler);
    }
    if (f.syntax_only)
        note("warning", "-fsyntax-only stops before the optimiser, so the plugin never runs: "
                        "compile with -c (-o /dev/null when only the findings matter)");
    if (!f.optimised) {
        note("note", "adding -O2: the analyses see the optimised code (loops, inlining, trip counts)");
        if (adv_argv_push(&add, "-O2") != 0)
            goto done;
    }
    if (!f.debug) {
        note("note", "adding -g: without debug information findings have no source location");
        if (adv_argv_push(&add, "-g") != 0)
            goto done;
    }
    bool early = (o.early || o.output_dir || f.perfadvise_mllvm) && !f.early;
    if (f.perfadvise_mllvm && !f.early)
        note("note", "adding -Xclang -load -Xclang LIB: clang parses -mllvm options before it loads "
                     "-fpass-plugin plugins, so the plugin's options need it loaded early");
    if (!f.plugin || early || o.output_dir) {
        adv_argv plug = {NULL, 0, 0};
        if (push_plugin_flags(&plug, plugin, early, o.output_dir ? outdir : NULL) != 0) {
            adv_argv_free(&plug);
            goto done;
        }
        for (size_t i = 0; i < plug.n; i++) {
            bool dup = f.plugin && strncmp(plug.v[i], "-fpass-plugin=", 14) == 0;
            if (!dup && adv_argv_push(&add, plug.v[i]) != 0) {
                adv_argv_free(&plug);
                goto done;
            }
        }
        adv_argv_free(&plug);
    }
    if (o.remarks && adv_argv_push(&add, "-Rpass-missed=perfadvise") != 0)
        goto done;
    if (add.n == 0)
        note("note", "nothing to add: this command already runs perfadvise");
    if (o.command) {
        adv_argv full = {NULL, 0, 0};
        int ok = 0;
        for (int i = 0; i < ncmd && ok == 0; i++)
            ok = adv_argv_push(&full, cmd[i] == f.compiler && !is_clang19 ? clang : cmd[i]);
        for (size_t i = 0; i < add.n && ok == 0; i++)
            ok = adv_argv_push(&full, add.v[i]);
        if (ok == 0)
            print_words(full.v, full.n);
        adv_argv_free(&full);
        if (ok != 0)
            goto done;
    } else {
        print_words(add.v, add.n);
    }
    rc = fflush(stdout) == 0 ? ADV_RC_OK : ADV_RC_ERROR;
done:
    adv_argv_free(&add);
    return rc;
}
