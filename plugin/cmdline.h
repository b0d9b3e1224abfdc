/* plugin/cmdline.h — a hash of the compiler flags that shape a translation
 * unit's code, so that the same source compiled twice with different flags
 * (a static and a shared build, two configurations) gets two findings files
 * and two identities, while the same compile run through ccache or written
 * to another object path gets the same one. docs/findings-format.md. */
#ifndef PA_CMDLINE_H
#define PA_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

/* Hash of args[0..n) (argv without the program name) after dropping what
 * does not change the generated code or the findings: the output and
 * dependency-file names (-o, -MF, -MT, -MQ, -MJ, -MD, -MMD, -MP,
 * -dependency-file), -c and -S, diagnostics and remark options (-W..., except
 * -Wa, -Wl, -Wp; -w; -R...; colour; -fmessage-length), the way the plugin is
 * loaded (-fpass-plugin=, -load, -Xclang -load -Xclang X) and its own
 * -mllvm -perfadvise-* options, and the argument naming `source`. */
uint64_t pa_cmdline_flags_hash(const char *const *args, size_t n, const char *source);

/* The same for this process's command line (/proc/self/cmdline: clang's
 * driver, whose cc1 runs in the same process, or `clang -cc1`). Writes 16
 * lowercase hex digits and a NUL into out[17]. Returns 0, or -1 when the
 * command line cannot be read (out is then the hash of an empty one). */
int pa_cmdline_self_flags_hash(const char *source, char out[17]);

#endif
