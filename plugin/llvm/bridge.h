/* plugin/llvm/bridge.h — the narrow C functions that PerfAdvisePass.cpp exports
 * for what LLVM-C 19 lacks: LoopInfo, ScalarEvolution, BlockFrequencyInfo,
 * debug records and composite-type members, call-site capture facts, remark
 * emission and the plugin's command-line options. Everything else the
 * extractor does through the LLVM-C API. All functions are exception-free and
 * never abort; on failure they return the documented "unknown" answer. */
#ifndef PA_BRIDGE_H
#define PA_BRIDGE_H

#include "contract.h" /* pa_remark_type */

#include <llvm-c/Core.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One module run: gives access to the function analyses. Opaque to C. */
typedef struct pa_bridge pa_bridge;

typedef struct pa_bridge_loop {
    int parent;              /* index in the loop array, -1 for outermost */
    unsigned depth;          /* 1 = outermost */
    LLVMBasicBlockRef header;
    uint64_t trip_count;     /* exact constant trip count, 0 when unknown */
    uint64_t max_trip_count; /* constant upper bound, 0 when unknown */
    char trip_text[64];      /* symbolic trip count ("n"), "" when unknown */
    char max_trip_text[64];  /* symbolic upper bound ("n") when the exact count is unknown */
} pa_bridge_loop;

typedef struct pa_bridge_block {
    int loop;       /* innermost loop index, -1 outside loops */
    unsigned depth; /* loop depth, 0 outside loops */
    double freq;    /* executions per function entry (the static estimate, scaled by known trip counts) */
} pa_bridge_block;

/* Loop structure and frequencies of a defined function (LoopInfo and
 * ScalarEvolution for the loops, the static estimate of
 * pa_bridge_block_freqs for the frequencies). blocks[] is indexed
 * like LLVMGetBasicBlocks' order and has LLVMCountBasicBlocks entries; loops[]
 * is ordered parents before children. Both malloc'd, caller frees. Returns 0,
 * or -1 (nothing allocated) when the analyses are unavailable.
 * Unless every_loop, a loop without a call (in it or in a loop inside it;
 * intrinsics are not calls here) gets no trip counts (0, no texts) and
 * leaves its blocks' frequencies unscaled by its count: every reader of
 * those facts (findings, the call profile, the lock analysis) reads them
 * at a call. wanted_blocks (NULL, or one byte per block) narrows that to
 * the loops around a block marked non-zero: the allocation phase reads
 * loops only around allocations. */
int pa_bridge_function_loops(pa_bridge *b, LLVMValueRef fn, bool every_loop, const unsigned char *wanted_blocks,
                             pa_bridge_block **blocks, pa_bridge_loop **loops, size_t *nloops);

/* Constant byte offset of a GEP (instruction or constant expression) from its
 * pointer operand. Returns 1 and sets *offset when constant, else 0. */
/* Block frequencies alone: freqs[i] = executions of the i-th block
 * (LLVMGetBasicBlocks' order) per function entry, for n =
 * LLVMCountBasicBlocks entries: BlockFrequencyInfo's estimate made on
 * arrays (staticBlockFreqs: BranchProbabilityInfo's heuristics, loops
 * scaled as BlockFrequencyInfo scales them, at most 3 levels deep) without
 * building LoopInfo (its dominator tree cost ~100,000 instructions per
 * function): cheap enough for every function of a module. The same
 * estimate as pa_bridge_function_loops' freq, without its trip counts.
 * Returns 0, or -1 when the analyses are unavailable or n does not match
 * (freqs untouched). */
int pa_bridge_block_freqs(pa_bridge *b, LLVMValueRef fn, double *freqs, size_t n);

/* The test that a callee's name reports an error (pa_profile_error_call_name,
 * kept in passes/ so that every front end reads names alike): the static
 * estimate above gives a block that calls such a function, or that returns
 * a negative integer constant, a cold call's share. NULL: no name reports
 * one. Set before the module run's first estimate. */
void pa_bridge_set_error_report_test(pa_bridge *b, bool (*reports_error)(const char *name));

int pa_bridge_gep_offset(pa_bridge *b, LLVMValueRef gep, int64_t *offset);

/* A GEP with a variable index (&t->locks[i]): the constant byte offset of
 * the array it indexes, from the GEP's pointer operand (the offset of
 * t->locks), and the constant offset the later indices add inside one
 * element (&t->jobs[i].mu: mu's; -1 when a later index is variable too).
 * *indexes_pointer is 1 when the variable index is the GEP's first, over a
 * struct type: the pointer operand points at an element of an array of
 * structs (`&jobs[i]`, jobs a job_t *), not into an object. Returns 1, or
 * 0 when the GEP has no variable index. */
int pa_bridge_gep_array_offset(pa_bridge *b, LLVMValueRef gep, int64_t *offset, int64_t *in_element,
                               int *indexes_pointer);

/* Name of the object at byte `offset` inside what `base` points to, from
 * debug info: "struct conn.lock" for a pointer whose variable (#dbg_value,
 * #dbg_declare, parameter type) points to struct conn, or that was loaded
 * from a field of such a type (h->b: the field's declared type); a C struct
 * with a typedef is named by the typedef ("rd_kafka_broker_t.rkb_lock"), a
 * C++ class by its qualified name ("class leveldb::DBImpl.mutex_");
 * "g.lock" for a field of global g; "g" for global g itself. through_slot: base is a stack slot
 * that holds the pointer (-O0 code: `load ptr %c.addr`). Returns 1 when a
 * name was written, 0 when debug info does not say. */
int pa_bridge_field_name(pa_bridge *b, LLVMValueRef base, int64_t offset, int through_slot, char *buf,
                         size_t bufsize);
/* As pa_bridge_field_name, for an element of an array base points to that
 * gep indexes: only when base's debug type is that element's (its size is
 * the size gep steps by), so that a pointer cast to another type
 * (`(job_t *)head`) does not name a member of the wrong type. */
int pa_bridge_element_field_name(pa_bridge *b, LLVMValueRef base, LLVMValueRef gep, int64_t offset, char *buf,
                                 size_t bufsize);

/* As pa_bridge_field_name, down to the scalar member at that offset: a
 * struct member that starts there is entered (`parser.mem.malloc_fcn`, not
 * `parser.mem`), for function pointers kept in a nested suite of hooks. */
int pa_bridge_scalar_field_name(pa_bridge *b, LLVMValueRef base, int64_t offset, char *buf, size_t bufsize);

/* The member that starts at byte `offset` inside what `base` points to,
 * as pa_bridge_field_name names it, also at offset 0 of a declared
 * variable ("struct conn.mutex", "class app::Set.catalog_lock": the member
 * a pointer is loaded from, not a lock of its own); 1 when written. */
int pa_bridge_member_name(pa_bridge *b, LLVMValueRef base, int64_t offset, char *buf, size_t bufsize);

/* Debug-info type name of that same object ("class recursive_mutex",
 * "pthread_mutex_t"); 1 when written. */
int pa_bridge_object_type_name(pa_bridge *b, LLVMValueRef base, int64_t offset, int through_slot, char *buf,
                               size_t bufsize);

/* Integer of `bytes` bytes at `offset` in a global's constant initializer
 * (e.g. a mutex's kind field). 1 and *out when known. */
int pa_bridge_global_int_at(pa_bridge *b, LLVMValueRef global, int64_t offset, unsigned bytes, int64_t *out);

/* Whether a DISubprogram is local to its unit (a static function, an
 * anonymous namespace's): 1 yes, 0 no or not a subprogram. The C API reads
 * no subprogram flags. */
int pa_bridge_subprogram_is_local(LLVMMetadataRef sp);

/* One direct call of the module: a call or invoke whose called operand is
 * a function. */
typedef struct pa_bridge_call {
    LLVMValueRef caller; /* the function the call is in */
    LLVMValueRef inst;
    LLVMValueRef callee;
    size_t block; /* index of inst's block in its function (ordered only) */
} pa_bridge_call;

/* Every direct call of the module, from its functions' use lists: only the
 * calls are visited, not every instruction (a walk of every instruction
 * waits on memory for each; docs/performance.md). ordered: grouped by
 * caller in the module's function order, each caller's calls in program
 * order with their block index, as a walk of the code meets them;
 * otherwise in use-list order, block 0. The same visit notes the blocks
 * with a cold call for the block frequencies, which then need no visit of
 * their own. *calls is malloc'd (NULL when none), the caller frees it.
 * Returns 0, or -1 on out of memory or without a module. */
int pa_bridge_direct_calls(pa_bridge *b, int ordered, pa_bridge_call **calls, size_t *ncalls);

/* Source variable name of a value from its debug records, or 0. */
int pa_bridge_variable_name(LLVMValueRef v, char *buf, size_t bufsize);
/* 1 when the stack slot `alloca` holds a variable its own function
 * declares in the source (a dbg.declare, or an assignment-tracking marker,
 * of a variable whose scope is that function's and is no compiler-made
 * `this`): not an expression's temporary, nor a local of an inlined
 * callee. 0 otherwise or without debug info. */
int pa_bridge_holds_own_variable(LLVMValueRef alloca);

/* Capture and memory facts of a call: PA_ARG_NOCAPTURE / PA_ARG_READONLY /
 * PA_ARG_RETURNED for
 * argument i, PA_CALL_READS_ONLY / PA_CALL_NO_MEMORY / PA_CALL_NORETURN for
 * the call (values from passes/model.h). */
unsigned pa_bridge_call_arg_flags(LLVMValueRef call, unsigned i);
unsigned pa_bridge_call_flags(LLVMValueRef call);

/* The function a call target names: v itself, or the function an alias
 * stands for. C++ calls a constructor or destructor defined in the file
 * through its complete-object alias (`_ZN3BufC1Em = alias _ZN3BufC2Em`),
 * which is no Function. An interposable alias (weak: a default the link
 * may replace) and any other value are returned as they are. */
LLVMValueRef pa_bridge_aliased_function(LLVMValueRef v);

/* Demangled name (llvm::demangle); malloc'd, caller frees; NULL on failure. */
char *pa_bridge_demangle(const char *mangled);

/* Emit an optimization remark at `where`, an instruction (using the
 * DILocation `inline_depth` steps up its inlinedAt chain) or a function (its
 * DISubprogram line): a missed or analysis remark, or for
 * PA_REMARK_WARNING a -Wpass-failed warning. */
void pa_bridge_remark(pa_bridge *b, LLVMValueRef where, unsigned inline_depth, pa_remark_type type,
                      const char *pass, const char *name, const char *message);

/* A finding as a compiler diagnostic tagged [-W<flag>] at `where` (located
 * as pa_bridge_remark does). A warning is printed to stderr in clang's (and
 * GCC's) format by perfadvise itself, so clang's -Werror does not count it;
 * an error (error != 0) goes through LLVM's diagnostics and fails the
 * compile. */
void pa_bridge_diagnostic(pa_bridge *b, LLVMValueRef where, unsigned inline_depth, int error,
                          const char *flag, const char *message);

/* -mllvm -perfadvise-warnings / -perfadvise-warnings-as-errors: 0 off,
 * 1 warnings, 2 errors; -1 when neither was given. */
int pa_bridge_option_warnings(void);
/* -mllvm -perfadvise-output=DIR, or NULL when not given. */
const char *pa_bridge_option_output_dir(void);
/* -mllvm -perfadvise-locks-at=early|late, or NULL when not given. */
const char *pa_bridge_option_locks_at(void);
/* -mllvm -perfadvise-heap-to-stack-max=N (bytes), or -1 when not given. */
long pa_bridge_option_stack_max(void);
/* -mllvm -perfadvise-embed=0|1: 1 or 0 when given, -1 when not. */
int pa_bridge_option_embed(void);
/* 1 when M's target triple writes ELF objects (llvm::Triple::isOSBinFormatELF). */
int pa_bridge_module_is_elf(LLVMModuleRef M);
/* -mllvm -perfadvise-config=FILE, or NULL when not given. */
const char *pa_bridge_option_config(void);
/* Target triple / data layout checks are done in C; LLVM version string. */
const char *pa_bridge_llvm_version(void);

#ifdef __cplusplus
}
#endif

#endif
