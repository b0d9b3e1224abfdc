/* advisor/commands.h — the advisor's subcommands that live outside main.c:
 * `perfadvise scan` (advisor/scan.c) and `perfadvise flags` (advisor/flags.c),
 * and the helpers they share (advisor/toolchain.c): where the plugin and
 * clang-19 are, shell words, running a child process. */
#ifndef ADV_COMMANDS_H
#define ADV_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit statuses: the same values as adv_exit in advisor/main.c
 * (docs/advisor.md, EXIT STATUS). */
enum {
    ADV_RC_OK = 0,
    ADV_RC_FAIL_ON = 1,
    ADV_RC_USAGE = 2,
    ADV_RC_SKIPPED = 3,
    ADV_RC_NO_INPUT = 4,
    ADV_RC_ERROR = 5,
};

/* Check the report options ARGV[0..ARGC) (paths allowed) as `perfadvise
 * report` would, naming COMMAND ("scan ") in the hint of a usage error.
 * Returns -1 when they are valid, else the exit status to return (the
 * message is printed). */
typedef int (*adv_report_options_check)(int argc, char **argv, const char *command);

/* perfadvise scan ARGS (argv[0] is "scan"): returns an exit status. The
 * options it passes on to the report are checked with check_report before
 * anything is compiled. */
int adv_cmd_scan(int argc, char **argv, adv_report_options_check check_report);
/* perfadvise flags ARGS (argv[0] is "flags"): returns an exit status. */
int adv_cmd_flags(int argc, char **argv);

/* Print "perfadvise: WHAT 'ARG'" (ARG escaped for the terminal, left out
 * when NULL) and the hint "try 'perfadvise COMMAND--help'" (COMMAND with
 * its trailing space, "" for the top level) on stderr. Returns
 * ADV_RC_USAGE. */
int adv_usage_error(const char *command, const char *what, const char *arg);

/* A NULL-terminated, growable list of owned strings. */
typedef struct adv_argv {
    char **v;
    size_t n, cap;
} adv_argv;

/* Append a copy of s (or of its first len bytes with adv_argv_pushn).
 * Returns 0, or -1 when out of memory (the list is unchanged). */
int adv_argv_push(adv_argv *a, const char *s);
int adv_argv_pushn(adv_argv *a, const char *s, size_t len);
void adv_argv_free(adv_argv *a);

/* Split a command line into words the way a POSIX shell does for plain
 * words: blanks separate, '...' is literal, "..." keeps \" \\ \$ \` escapes,
 * a backslash outside quotes escapes the next character. No expansion.
 * Returns 0, -1 when out of memory, -2 on an unterminated quote. */
int adv_shell_split(const char *line, adv_argv *out);

/* Write s to out so that a POSIX shell reads it back as one word. */
void adv_shell_quote(FILE *out, const char *s);

/* The plugin: $PERFADVISE_PLUGIN, else libperfadvise.so in ../lib, ../lib64
 * or ../lib/perfadvise next to this executable. Writes the absolute path.
 * Returns 0, or -1 after printing why on stderr. */
int adv_find_plugin(char *out, size_t len);

/* This executable's absolute path. Returns 0, or -1. */
int adv_self_exe(char *out, size_t len);

/* A clang of the plugin's LLVM major: `clang-19` (or `clang++-19` with cxx)
 * on PATH, else the LLVM install the advisor was built with. Writes its
 * path. Returns 0, or -1 when neither exists. */
int adv_find_clang(bool cxx, char *out, size_t len);

/* Search PATH for an executable named name (a name with a slash is checked
 * as is). Returns 0 and writes its path, or -1. */
int adv_which(const char *name, char *out, size_t len);

/* Run argv (argv[0] searched on PATH) with stdin from /dev/null and its
 * standard output and error captured, at most cap-1 bytes, NUL-terminated.
 * Returns the exit status (128+signal when killed), or -1 when it could not
 * be started. */
int adv_run_capture(char *const *argv, char *buf, size_t cap);

/* The basename of a compiler path with any version suffix kept
 * ("/usr/bin/clang-19" -> "clang-19"). */
const char *adv_tool_name(const char *path);

/* True for compiler wrappers that run the next word (ccache, sccache,
 * distcc, icecc). */
bool adv_is_compiler_wrapper(const char *path);

#endif
