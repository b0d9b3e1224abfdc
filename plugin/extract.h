/* plugin/extract.h — build the program model (passes/model.h) from LLVM IR,
 * through the LLVM-C API plus the narrow bridge of llvm/bridge.h.
 * Exercised by: PERFADVISE_DUMP_MODEL=1 clang-19 -O2 -g -fpass-plugin=libperfadvise.so -c foo.c */
#ifndef PA_EXTRACT_H
#define PA_EXTRACT_H

#include "bridge.h"
#include "model.h"

#include <llvm-c/Core.h>

/* Translate every defined function of M. On success returns 0 and *out owns
 * a new model (free with pa_model_free). Returns -1 on out of memory, with
 * *out NULL. Anything not understood becomes an UNKNOWN value or a USE op. */
int pa_extract_module(LLVMModuleRef M, pa_bridge *b, pa_module **out);

#endif
