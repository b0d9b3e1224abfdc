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

/* Analyse module M. Never fails the compile: internal trouble becomes a
 * warning remark and an empty findings file. */
void pa_plugin_run_module(LLVMModuleRef M, pa_bridge *b);

/* Called after a crash inside pa_plugin_run_module was recovered: warn once
 * and leave an empty findings file (with an internal-error entry). */
void pa_plugin_recover_after_crash(LLVMModuleRef M, pa_bridge *b);

#ifdef __cplusplus
}
#endif

#endif
