/* plugin/driver.h — one module run of the plugin: extract, analyse, emit
 * remarks, write the findings file. Called from PerfAdvisePass.cpp.
 * Exercised by: clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise -c foo.c */
#ifndef PA_DRIVER_H
#define PA_DRIVER_H

#include "bridge.h"

#include <llvm-c/Core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where in the optimisation pipeline a run happens (docs/architecture.md,
 * "Two points in the pipeline"). */
typedef enum pa_phase {
    PA_PHASE_ALL = 0, /* opt -passes=perfadvise: every analysis on the IR given */
    PA_PHASE_EARLY,   /* after early simplification, before inlining: locks */
    PA_PHASE_LATE,    /* at the end of the optimiser: allocations; writes the file */
} pa_phase;

/* Analyse module M in phase `phase`. The early phase keeps its report for
 * the late phase of the same module, which merges it and writes the
 * findings file. Never fails the compile: internal trouble becomes a
 * warning remark and an empty findings file. */
void pa_plugin_run_module(LLVMModuleRef M, pa_bridge *b, pa_phase phase);

/* Called after a crash inside pa_plugin_run_module was recovered: warn once
 * and leave an empty findings file (with an internal-error entry); after an
 * early-phase crash the late phase writes it. */
void pa_plugin_recover_after_crash(LLVMModuleRef M, pa_bridge *b, pa_phase phase);

#ifdef __cplusplus
}
#endif

#endif
