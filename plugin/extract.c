/* plugin/extract.c — LLVM IR to program model, defensively: every value or
 * instruction it does not understand becomes an explicit UNKNOWN.
 * Exercised by: PERFADVISE_DUMP_MODEL=1 clang-19 -O2 -g -fpass-plugin=libperfadvise.so -c foo.c */
#include "extract.h"

#include "analyze.h"
#include "arena.h"
#include "catalog.h"
#include "classify.h"
#include "fd_facts.h"
#include "lock_names.h"
#include "util.h"

#include <llvm-c/DebugInfo.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper derivation chains than this are UNKNOWN: bounds the recursion. */
#define EX_MAX_VALUE_DEPTH 64

typedef struct ex_ctx {
    pa_module *m;
    pa_bridge *b;
    LLVMModuleRef M;
    pa_map files;  /* scope metadata -> interned path */
    pa_map values; /* per function: LLVM value -> value id */
    pa_map blocks; /* per function: LLVM block -> block id */
    pa_function *f;
    LLVMValueRef fn;
    bool any_debug_loc;
    bool lock_classes; /* record lock-class facts (the lock analysis runs on this model) */
    bool allocation_facts; /* record what only the allocation analyses read (powers of two) */
    bool loops_for_allocations; /* skip loops where no allocation analysis needs them */
    bool every_loop_fact;       /* trip counts of loops without calls too */
    const char *user_file_last; /* is_user_file's last path (model strings never change) */
    bool user_file_last_is;
    pa_classifier cls; /* catalogue entries of callees (built-in, configuration, attributes) */
    pa_map allocating; /* defined function -> 1: calls an allocator directly (a wrapper may) */
    pa_map stores_in;  /* per function: inlined call site -> 1: the callee's own code stores */
    bool stores_scanned; /* stores_in is filled for the current function */
    pa_map wrapper_names; /* DISubprogram -> 1 named allocator, 2 not one */
    pa_map callee_names;  /* callee -> its callee_name (model strings), made once */
    /* The direct calls relevant_functions saw, kept for the call profile so
     * that it need not walk every instruction of the module again (on
     * sqlite3.c that walk was most of the profile's time): per function
     * (calls_of: function -> index + 1 of its first call), its calls in
     * order, NULL-callee terminated. */
    bool keep_calls;
    pa_map calls_of;
    struct seen_call *calls;
    size_t ncalls, cap_calls;
    pa_map inlined_static; /* DISubprogram inlined away and local -> its profile + 1 */
    /* The function being read grows its values, ops and blocks here: arrays
     * kept from function to function, so doubling them copies and touches
     * new memory once for the module; each function keeps an exact copy
     * (keep_exact_arrays). */
    struct {
        pa_value *values;
        size_t cap_values;
        pa_op *ops;
        size_t cap_ops;
        pa_block *blocks;
        size_t cap_blocks;
    } scratch;
    bool oom;
} ex_ctx;

/* The block of the model for bb, or PA_NONE. */
static int model_block(ex_ctx *c, LLVMBasicBlockRef bb)
{
    intptr_t b;
    return pa_map_get(&c->blocks, pa_map_ptr_key(bb), &b) ? (int)b : PA_NONE;
}

typedef struct seen_call {
    LLVMValueRef inst, callee; /* callee NULL: the end of a function's calls */
    size_t block;              /* index of the instruction's block */
} seen_call;

static bool is_pointer(LLVMValueRef v)
{
    return v && LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMPointerTypeKind;
}

static bool is_integer(LLVMValueRef v)
{
    return v && LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMIntegerTypeKind;
}

static const char *value_name(ex_ctx *c, LLVMValueRef v)
{
    size_t len = 0;
    const char *n = LLVMGetValueName2(v, &len);
    if (!n || len == 0)
        return NULL;
    return pa_model_strn(c->m, n, len);
}

/* ---- locations ----------------------------------------------------------- */

/* Path of the file of a debug scope: directory joined with the file name
 * unless the name is absolute. Cached per scope and per file. */
static const char *scope_file(ex_ctx *c, LLVMMetadataRef scope)
{
    if (!scope)
        return NULL;
    intptr_t hit;
    if (pa_map_get(&c->files, pa_map_ptr_key(scope), &hit))
        return (const char *)hit;
    const char *path = NULL;
    LLVMMetadataRef file = LLVMDIScopeGetFile(scope);
    /* One string per file (a DIFile is a scope too, keyed the same way):
     * is_user_file's cache then hits across the scopes of a file. */
    if (file && file != scope && pa_map_get(&c->files, pa_map_ptr_key(file), &hit)) {
        path = (const char *)hit;
        file = NULL;
    } else if (file && file != scope) {
        path = scope_file(c, file);
        file = NULL;
    }
    if (file) {
        unsigned nlen = 0, dlen = 0;
        const char *name = LLVMDIFileGetFilename(file, &nlen);
        const char *dir = LLVMDIFileGetDirectory(file, &dlen);
        if (name && nlen > 0) {
            if (name[0] == '/' || !dir || dlen == 0) {
                path = pa_model_strn(c->m, name, nlen);
            } else {
                char *buf = malloc((size_t)dlen + nlen + 2);
                if (buf) {
                    memcpy(buf, dir, dlen);
                    buf[dlen] = '/';
                    memcpy(buf + dlen + 1, name, nlen);
                    buf[dlen + 1 + nlen] = '\0';
                    path = pa_model_str(c->m, buf);
                    free(buf);
                }
            }
        }
    }
    if (pa_map_put(&c->files, pa_map_ptr_key(scope), (intptr_t)path) != 0)
        c->oom = true;
    return path;
}

/* System and toolchain headers are not "the user's own file". */
static bool is_user_file_uncached(const char *path)
{
    if (!path)
        return false;
    static const char *const system_prefixes[] = {"/usr/include/", "/usr/lib/", "/usr/local/include/",
                                                  "/usr/lib64/", "/lib/"};
    for (size_t i = 0; i < sizeof system_prefixes / sizeof system_prefixes[0]; i++)
        if (strncmp(path, system_prefixes[i], strlen(system_prefixes[i])) == 0)
            return false;
    return strstr(path, "/include/c++/") == NULL;
}

/* Asked for nearly every instruction's location, mostly of one file in a
 * row: the answer for the last path (a model string) is kept. */
static bool is_user_file(ex_ctx *c, const char *path)
{
    if (!path || path != c->user_file_last) {
        c->user_file_last = path;
        c->user_file_last_is = is_user_file_uncached(path);
    }
    return c->user_file_last_is;
}

/* Clang's name for the function that runs one file's static initialisers. */
#define STATIC_INIT_PREFIX "_GLOBAL__sub_I_"

static void loc_of(ex_ctx *c, LLVMMetadataRef dl, pa_loc *out)
{
    out->line = LLVMDILocationGetLine(dl);
    out->column = LLVMDILocationGetColumn(dl);
    out->file = scope_file(c, LLVMDILocationGetScope(dl));
}

/* Operand `i` of a debug-info node, read through the generic MDNode view:
 * the C API has no getter for a scope's parent or a subprogram's name. */
static LLVMMetadataRef md_operand(LLVMValueRef node, unsigned i)
{
    unsigned n = LLVMGetMDNodeNumOperands(node);
    if (i >= n || n > 32)
        return NULL;
    LLVMValueRef ops[32];
    LLVMGetMDNodeOperands(node, ops);
    return ops[i] ? LLVMValueAsMetadata(ops[i]) : NULL;
}

/* The name of the function a debug scope lies in (DISubprogram's `name`,
 * e.g. "reserve" or "push_back"): lexical blocks are walked up through
 * their scope operand (1); a subprogram's name is operand 2. */
static const char *scope_function_name(ex_ctx *c, LLVMValueRef inst, LLVMMetadataRef scope)
{
    LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(inst));
    for (int hops = 0; scope && hops < 16; hops++) {
        LLVMMetadataKind k = LLVMGetMetadataKind(scope);
        LLVMValueRef node = LLVMMetadataAsValue(ctx, scope);
        if (k == LLVMDISubprogramMetadataKind) {
            LLVMMetadataRef name = md_operand(node, 2);
            unsigned len = 0;
            const char *s = name ? LLVMGetMDString(LLVMMetadataAsValue(ctx, name), &len) : NULL;
            return s && len > 0 ? pa_model_strn(c->m, s, len) : NULL;
        }
        if (k != LLVMDILexicalBlockMetadataKind && k != LLVMDILexicalBlockFileMetadataKind)
            return NULL;
        scope = md_operand(node, 1);
    }
    return NULL;
}

/* Report at the outermost location in the user's own file; keep the
 * innermost (header) one as the origin when the code was inlined, and the
 * name of the function the reported line calls (`entry`: "reserve" when the
 * allocation is std::vector::reserve's, inlined). */
static void locate(ex_ctx *c, LLVMValueRef inst, pa_loc *loc, pa_loc *origin, unsigned *depth,
                   const char **entry, pa_loc *inner, unsigned *inner_depth)
{
    memset(loc, 0, sizeof *loc);
    memset(origin, 0, sizeof *origin);
    *depth = 0;
    if (entry)
        *entry = NULL;
    if (inner)
        memset(inner, 0, sizeof *inner);
    LLVMMetadataRef dl = LLVMInstructionGetDebugLoc(inst);
    if (!dl)
        return;
    c->any_debug_loc = true;
    pa_loc chain_loc[32];
    LLVMMetadataRef chain_md[32];
    unsigned n = 0;
    for (LLVMMetadataRef cur = dl; cur && n < 32; cur = LLVMDILocationGetInlinedAt(cur)) {
        chain_md[n] = cur;
        loc_of(c, cur, &chain_loc[n++]);
    }
    /* The outermost location in a user file with a real line. Line 0 is a
     * compiler-made frame (the artificial _GLOBAL__sub_I_ that calls a static
     * initialiser): no user can find it, so look one frame further in. When
     * the function itself lives in a header, fall back to the innermost. */
    unsigned pick = 0;
    for (unsigned i = n; i-- > 0;)
        if (is_user_file(c, chain_loc[i].file) && chain_loc[i].line > 0) {
            pick = i;
            break;
        }
    *loc = chain_loc[pick];
    *depth = pick;
    /* The innermost user frame, when a user function was inlined into the
     * reported line: where the code really is when the loop is the callee's. */
    for (unsigned i = 0; inner && i < pick; i++)
        if (is_user_file(c, chain_loc[i].file) && chain_loc[i].line > 0) {
            *inner = chain_loc[i];
            if (inner_depth)
                *inner_depth = i;
            break;
        }
    if (n > 1)
        *origin = chain_loc[0];
    /* Only for a library call (the frame inside is a header's): the one
     * place the name is read, and it keeps the cost off inlined user code. */
    if (entry && pick > 0 && !is_user_file(c, chain_loc[pick - 1].file))
        *entry = scope_function_name(c, inst, LLVMDILocationGetScope(chain_md[pick - 1]));
}

/* ---- allocator wrapper frames --------------------------------------------- */

/* The DISubprogram a debug scope lies in, through lexical blocks, or NULL. */
static LLVMMetadataRef scope_subprogram(LLVMContextRef ctx, LLVMMetadataRef scope)
{
    for (int hops = 0; scope && hops < 16; hops++) {
        LLVMMetadataKind k = LLVMGetMetadataKind(scope);
        if (k == LLVMDISubprogramMetadataKind)
            return scope;
        if (k != LLVMDILexicalBlockMetadataKind && k != LLVMDILexicalBlockFileMetadataKind)
            return NULL;
        scope = md_operand(LLVMMetadataAsValue(ctx, scope), 1);
    }
    return NULL;
}

/* When an allocation was inlined from a std::vector growth member
 * (_M_realloc_insert, libc++'s __push_back_slow_path), that member's name:
 * the new buffer of a vector that doubles, which the call site alone (an
 * operator new from new_allocator.h) cannot tell from a list's node. Read
 * from the linkage names of the inlined frames' subprograms. */
static const char *inlined_vector_growth(ex_ctx *c, LLVMValueRef inst, unsigned *steps_to_member)
{
    LLVMMetadataRef dl = LLVMInstructionGetDebugLoc(inst);
    if (!dl || !LLVMDILocationGetInlinedAt(dl))
        return NULL;
    LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(inst));
    unsigned steps = 0;
    for (LLVMMetadataRef cur = dl; cur && steps < 32; cur = LLVMDILocationGetInlinedAt(cur), steps++) {
        LLVMMetadataRef scope = LLVMDILocationGetScope(cur);
        if (scope && is_user_file(c, scope_file(c, scope)))
            break; /* the user's own frames: past the library code */
        LLVMMetadataRef sp = scope_subprogram(ctx, scope);
        LLVMMetadataRef link = sp ? md_operand(LLVMMetadataAsValue(ctx, sp), 3) : NULL;
        unsigned len = 0;
        const char *s = link ? LLVMGetMDString(LLVMMetadataAsValue(ctx, link), &len) : NULL;
        if (s && len > 0) {
            char *name = malloc((size_t)len + 1); /* an MDString is not NUL-terminated */
            if (name) {
                memcpy(name, s, len);
                name[len] = '\0';
            }
            const char *member = name ? pa_catalog_vector_growth_member(name) : NULL;
            free(name);
            if (member) {
                *steps_to_member = steps + 1; /* the frame that called it: push_back */
                return member;
            }
        }
    }
    return NULL;
}

/* The name a subprogram's function has (its linkage name, else its name:
 * C), copied into buf; NULL when it has none or it does not fit. */
static const char *subprogram_name(LLVMContextRef ctx, LLVMMetadataRef sp, char *buf, size_t n)
{
    LLVMValueRef node = LLVMMetadataAsValue(ctx, sp);
    unsigned len = 0;
    const char *s = NULL;
    LLVMMetadataRef linkage = md_operand(node, 3), plain = md_operand(node, 2);
    if (linkage)
        s = LLVMGetMDString(LLVMMetadataAsValue(ctx, linkage), &len);
    if ((!s || len == 0) && plain)
        s = LLVMGetMDString(LLVMMetadataAsValue(ctx, plain), &len);
    if (!s || len == 0 || len >= n)
        return NULL;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

/* Is the function a frame lies in named an allocator or reallocator: in
 * the configuration file, the built-in table, or by its attributes when it
 * is still defined here (sqlite3_realloc64, inlined into its callers)? */
static bool frame_named_allocator(ex_ctx *c, LLVMContextRef ctx, LLVMMetadataRef frame)
{
    LLVMMetadataRef sp = scope_subprogram(ctx, LLVMDILocationGetScope(frame));
    if (!sp)
        return false;
    intptr_t known;
    if (pa_map_get(&c->wrapper_names, pa_map_ptr_key(sp), &known))
        return known == 1;
    bool named = false;
    char buf[256];
    if (subprogram_name(ctx, sp, buf, sizeof buf)) {
        LLVMValueRef fn = LLVMGetNamedFunction(c->M, buf);
        const char *cname = NULL;
        const pa_cat_entry *e = fn ? pa_classify_call(&c->cls, fn, &cname)
                                   : pa_catalog_find(c->cls.catalog, buf);
        named = e && (e->role == PA_CAT_ALLOC || e->role == PA_CAT_REALLOC);
    }
    if (pa_map_put(&c->wrapper_names, pa_map_ptr_key(sp), named ? 1 : 2) != 0)
        c->oom = true;
    return named;
}

/* Does a location lie in the inlined call whose call site is `site` (in the
 * callee's own code or deeper)? */
static bool within_call(LLVMMetadataRef dl, LLVMMetadataRef site)
{
    for (int hops = 0; dl && hops < 32; hops++, dl = LLVMDILocationGetInlinedAt(dl))
        if (LLVMDILocationGetInlinedAt(dl) == site)
            return true;
    return false;
}

/* Does the function's own code (not its callees') inlined at `site` store
 * to memory? Every store of the current function is looked at once. */
static bool inlined_code_stores(ex_ctx *c, LLVMMetadataRef site)
{
    if (!c->stores_scanned) {
        c->stores_scanned = true;
        for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(c->fn); bb; bb = LLVMGetNextBasicBlock(bb))
            for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) {
                LLVMOpcode op = LLVMGetInstructionOpcode(in);
                if (op != LLVMStore && op != LLVMAtomicRMW && op != LLVMAtomicCmpXchg)
                    continue;
                LLVMMetadataRef dl = LLVMInstructionGetDebugLoc(in);
                LLVMMetadataRef at = dl ? LLVMDILocationGetInlinedAt(dl) : NULL;
                if (at && pa_map_put(&c->stores_in, pa_map_ptr_key(at), 1) != 0)
                    c->oom = true;
            }
    }
    return pa_map_get(&c->stores_in, pa_map_ptr_key(site), NULL);
}

/* Does the value of call `inst` leave the inlined call at `site`: used by
 * code outside it (the caller's), through phis, selects and casts? That is
 * what returning it looks like once inlined. */
static bool handed_back(LLVMValueRef inst, LLVMMetadataRef site)
{
    LLVMValueRef work[32];
    size_t n = 0, seen = 0;
    work[n++] = inst;
    while (n > 0 && seen < 64) {
        LLVMValueRef v = work[--n];
        for (LLVMUseRef u = LLVMGetFirstUse(v); u && seen < 64; u = LLVMGetNextUse(u), seen++) {
            LLVMValueRef user = LLVMGetUser(u);
            if (!LLVMIsAInstruction(user))
                continue;
            LLVMMetadataRef dl = LLVMInstructionGetDebugLoc(user);
            if (dl && !within_call(dl, site))
                return true;
            LLVMOpcode op = LLVMGetInstructionOpcode(user);
            bool through = op == LLVMPHI || op == LLVMSelect || op == LLVMBitCast ||
                           op == LLVMAddrSpaceCast || op == LLVMFreeze;
            if (through && n < sizeof work / sizeof work[0])
                work[n++] = user;
        }
    }
    return false;
}

/* An allocation inlined from an allocator wrapper is the wrapper's caller's:
 * the innermost frame is skipped while its function is named an allocator
 * (configuration, built-in table, attributes) or only forwards to one (its
 * own inlined code stores nothing and hands the result back). The user's
 * line is then the helper's call of the wrapper, not the wrapper's body
 * (sqlite3_realloc64's `return sqlite3Realloc(p, n)`). Resets o->inner to
 * the innermost user frame outside wrappers (none when that is o->loc). */
static void skip_wrapper_frames(ex_ctx *c, LLVMValueRef inst, pa_op *o)
{
    LLVMMetadataRef dl = LLVMInstructionGetDebugLoc(inst);
    if (!dl || !o->inner.file)
        return;
    LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(inst));
    LLVMMetadataRef chain[32];
    unsigned n = 0;
    for (LLVMMetadataRef cur = dl; cur && n < 32; cur = LLVMDILocationGetInlinedAt(cur))
        chain[n++] = cur;
    unsigned pick = o->inline_depth; /* the frame o->loc was taken from */
    if (pick >= n)
        return;
    /* The inline chain, for the finding's evidence, and one slot past it
     * for the innermost user frame before any is skipped (pa_op.frames). */
    o->frames = pa_model_alloc(c->f, (pick + 2) * sizeof *o->frames);
    if (!o->frames) {
        c->oom = true;
        return;
    }
    o->nframes = (unsigned short)(pick + 1); /* pick < 32 */
    for (unsigned i = 0; i <= pick; i++)
        loc_of(c, chain[i], &o->frames[i]);
    o->frames[pick + 1] = o->inner;
    unsigned j = 0;
    while (j < pick && j + 1 < n &&
           (frame_named_allocator(c, ctx, chain[j]) ||
            (!inlined_code_stores(c, chain[j + 1]) && handed_back(inst, chain[j + 1]))))
        j++;
    if (j == 0)
        return;
    memset(&o->inner, 0, sizeof o->inner);
    o->inner_depth = 0;
    for (unsigned i = j; i < pick; i++) {
        pa_loc at;
        loc_of(c, chain[i], &at);
        if (is_user_file(c, at.file) && at.line > 0) {
            o->inner = at;
            o->inner_depth = i;
            break;
        }
    }
}

/* ---- values -------------------------------------------------------------- */

static int new_value(ex_ctx *c, LLVMValueRef v, pa_value_kind kind)
{
    int id = pa_model_add_value(c->f, kind);
    if (id == PA_NONE) {
        c->oom = true;
        return PA_NONE;
    }
    c->f->values[id].handle = v;
    c->f->values[id].is_pointer = is_pointer(v);
    if (LLVMIsAInstruction(v))
        c->f->values[id].def_block = model_block(c, LLVMGetInstructionParent(v));
    if (pa_map_put(&c->values, pa_map_ptr_key(v), id) != 0)
        c->oom = true;
    return id;
}

static int64_t gep_offset(ex_ctx *c, LLVMValueRef gep)
{
    int64_t off = 0;
    return pa_bridge_gep_offset(c->b, gep, &off) ? off : PA_UNKNOWN_SIZE;
}

static int ex_value(ex_ctx *c, LLVMValueRef v, int depth);

static int derived(ex_ctx *c, LLVMValueRef v, LLVMValueRef base, int64_t offset, int depth)
{
    int id = new_value(c, v, PA_VAL_DERIVED);
    if (id == PA_NONE)
        return PA_NONE;
    int b = ex_value(c, base, depth + 1);
    c->f->values[id].base = b;
    c->f->values[id].offset = offset;
    return id;
}

/* A GEP: base + constant offset, or with a variable index the value of
 * that index, so that &locks[i] and &locks[j] can be told apart. */
static int gep_value(ex_ctx *c, LLVMValueRef v, int depth)
{
    int64_t off = gep_offset(c, v);
    int id = derived(c, v, LLVMGetOperand(v, 0), off, depth);
    if (id == PA_NONE || off != PA_UNKNOWN_SIZE)
        return id;
    int n = LLVMGetNumOperands(v);
    for (int i = 1; i < n; i++) {
        LLVMValueRef idx = LLVMGetOperand(v, (unsigned)i);
        if (LLVMIsAConstantInt(idx))
            continue;
        int iv = ex_value(c, idx, depth + 1);
        if (iv != PA_NONE)
            c->f->values[id].index = iv;
        break;
    }
    return id;
}

static int merge(ex_ctx *c, LLVMValueRef v, bool is_phi, int depth)
{
    int id = new_value(c, v, PA_VAL_MERGE);
    if (id == PA_NONE)
        return PA_NONE;
    unsigned n = is_phi ? LLVMCountIncoming(v) : 2;
    int *in = malloc((n ? n : 1) * sizeof *in);
    if (!in) {
        c->oom = true;
        return id;
    }
    for (unsigned i = 0; i < n; i++) {
        LLVMValueRef x = is_phi ? LLVMGetIncomingValue(v, i) : LLVMGetOperand(v, i + 1);
        in[i] = ex_value(c, x, depth + 1);
    }
    if (pa_model_set_inputs(c->f, id, in, n) != 0)
        c->oom = true;
    /* Where each input comes from: a constant on a phi is the entry value
     * or what the loop sets, told apart only by its block. */
    for (unsigned i = 0; is_phi && i < n; i++)
        in[i] = model_block(c, LLVMGetIncomingBlock(v, i));
    if (is_phi && n > 0 && !c->oom && pa_model_set_input_blocks(c->f, id, in, n) != 0)
        c->oom = true;
    free(in);
    return id;
}

static bool ptrtoint_only_measures(LLVMValueRef inst);

/* Integer arithmetic feeding allocation sizes: x + 16, n * 2, zext n. */
static int arith(ex_ctx *c, LLVMValueRef v, pa_arith_op op, unsigned noperands, int depth)
{
    int id = new_value(c, v, PA_VAL_ARITH);
    if (id == PA_NONE)
        return PA_NONE;
    c->f->values[id].arith = op;
    int in[2] = {PA_NONE, PA_NONE};
    for (unsigned i = 0; i < noperands && i < 2; i++)
        in[i] = ex_value(c, LLVMGetOperand(v, i), depth + 1);
    if (pa_model_set_inputs(c->f, id, in, noperands < 2 ? noperands : 2) != 0)
        c->oom = true;
    return id;
}

static int instruction_value(ex_ctx *c, LLVMValueRef v, int depth)
{
    switch (LLVMGetInstructionOpcode(v)) {
    case LLVMAdd: return arith(c, v, PA_ARITH_ADD, 2, depth);
    case LLVMSub: return arith(c, v, PA_ARITH_SUB, 2, depth);
    case LLVMMul: return arith(c, v, PA_ARITH_MUL, 2, depth);
    case LLVMShl: return arith(c, v, PA_ARITH_SHL, 2, depth);
    case LLVMLShr:
    case LLVMAShr: return arith(c, v, PA_ARITH_SHR, 2, depth);
    case LLVMUDiv:
    case LLVMSDiv: return arith(c, v, PA_ARITH_DIV, 2, depth);
    case LLVMZExt:
    case LLVMSExt:
    case LLVMTrunc: return arith(c, v, PA_ARITH_CAST, 1, depth);
    case LLVMAnd:
    case LLVMOr:
    case LLVMXor: return arith(c, v, PA_ARITH_OTHER, 2, depth);
    case LLVMPtrToInt:
        /* (end - begin) << 1: a capacity kept as two pointers is read
         * through their addresses; only a measuring use is modelled, so
         * the pointer is not published by it. */
        if (ptrtoint_only_measures(v))
            return arith(c, v, PA_ARITH_ADDR, 1, depth);
        return new_value(c, v, PA_VAL_UNKNOWN);
    case LLVMAlloca: {
        int id = new_value(c, v, PA_VAL_STACK);
        char name[256];
        if (id != PA_NONE && pa_bridge_variable_name(v, name, sizeof name))
            c->f->values[id].name = pa_model_str(c->m, name);
        /* Asked only of objects (a std::string, a struct holding one):
         * the analyses that read it look at nothing else. */
        if (id != PA_NONE && LLVMGetTypeKind(LLVMGetAllocatedType(v)) == LLVMStructTypeKind)
            c->f->values[id].own_variable = pa_bridge_holds_own_variable(v) != 0;
        return id;
    }
    case LLVMGetElementPtr:
        return gep_value(c, v, depth);
    case LLVMBitCast:
    case LLVMAddrSpaceCast:
    case LLVMFreeze:
        return derived(c, v, LLVMGetOperand(v, 0), 0, depth);
    case LLVMPHI:
        return merge(c, v, true, depth);
    case LLVMSelect:
        return merge(c, v, false, depth);
    case LLVMLoad: {
        int id = new_value(c, v, PA_VAL_LOAD);
        if (id != PA_NONE) {
            int b = ex_value(c, LLVMGetOperand(v, 0), depth + 1);
            c->f->values[id].base = b;
        }
        return id;
    }
    case LLVMCall:
    case LLVMInvoke:
        /* Kind and def_op are finalised when the call itself is extracted. */
        return new_value(c, v, PA_VAL_CALL);
    default:
        return new_value(c, v, PA_VAL_UNKNOWN);
    }
}

static int constexpr_value(ex_ctx *c, LLVMValueRef v, int depth)
{
    switch (LLVMGetConstOpcode(v)) {
    case LLVMGetElementPtr:
        return derived(c, v, LLVMGetOperand(v, 0), gep_offset(c, v), depth);
    case LLVMBitCast:
    case LLVMAddrSpaceCast:
        return derived(c, v, LLVMGetOperand(v, 0), 0, depth);
    default:
        return new_value(c, v, PA_VAL_UNKNOWN);
    }
}

/* Model value for an LLVM value, created on first use. */
static int ex_value(ex_ctx *c, LLVMValueRef v, int depth)
{
    if (!v || c->oom)
        return PA_NONE;
    intptr_t hit;
    if (pa_map_get(&c->values, pa_map_ptr_key(v), &hit))
        return (int)hit;
    if (depth > EX_MAX_VALUE_DEPTH)
        return new_value(c, v, PA_VAL_UNKNOWN);
    if (LLVMIsAGlobalVariable(v) || LLVMIsAGlobalAlias(v)) {
        int id = new_value(c, v, PA_VAL_GLOBAL);
        if (id != PA_NONE) {
            LLVMLinkage l = LLVMGetLinkage(v);
            c->f->values[id].name = value_name(c, v);
            c->f->values[id].is_static = l == LLVMInternalLinkage || l == LLVMPrivateLinkage;
        }
        return id;
    }
    if (LLVMIsAFunction(v)) {
        int id = new_value(c, v, PA_VAL_FUNCTION);
        if (id != PA_NONE)
            c->f->values[id].name = value_name(c, v);
        return id;
    }
    if (LLVMIsAConstantPointerNull(v) || LLVMIsUndef(v) || LLVMIsPoison(v)) {
        return new_value(c, v, PA_VAL_CONST);
    }
    if (LLVMIsAConstantInt(v)) {
        int id = new_value(c, v, PA_VAL_CONST);
        if (id != PA_NONE && LLVMGetIntTypeWidth(LLVMTypeOf(v)) <= 64)
            c->f->values[id].offset = LLVMConstIntGetSExtValue(v);
        return id;
    }
    if (LLVMIsAInstruction(v))
        return instruction_value(c, v, depth);
    if (LLVMIsAConstantExpr(v))
        return constexpr_value(c, v, depth);
    return new_value(c, v, PA_VAL_UNKNOWN);
}

/* ---- lock classes -------------------------------------------------------- */

/* glibc x86-64: pthread_mutex_t.__data.__kind is the int at byte 16, and
 * PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP sets it to PTHREAD_MUTEX_RECURSIVE (1). */
#define EX_MUTEX_KIND_OFFSET 16
#define EX_MUTEX_KIND_RECURSIVE 1

static bool names_recursive_type(const char *type)
{
    return strstr(type, "recursive_mutex") || strstr(type, "recursive_timed_mutex") ||
           strstr(type, "__recursive_mutex_base") || strstr(type, "__gthread_recursive_mutex_t");
}

/* Is the mutex at root+off recursive, by debug type or by initializer? */
static bool lock_is_recursive(ex_ctx *c, const pa_value *root, int64_t off, int through_slot)
{
    LLVMValueRef rh = (LLVMValueRef)root->handle;
    if (!rh || off == PA_UNKNOWN_SIZE)
        return false;
    char type[256];
    bool typed = pa_bridge_object_type_name(c->b, rh, off, through_slot, type, sizeof type);
    if (typed && names_recursive_type(type))
        return true;
    if (root->kind != PA_VAL_GLOBAL || (typed && !pa_catalog_names_lock_type(type)))
        return false;
    int64_t kind = 0;
    return pa_bridge_global_int_at(c->b, rh, off + EX_MUTEX_KIND_OFFSET, 4, &kind) &&
           kind == EX_MUTEX_KIND_RECURSIVE;
}

/* Where a lock inside an array is (&t->locks[i], &t->buckets[i].lock,
 * &jobs[i].mu): the root, the constant offset of the array from it, the
 * offset of the lock inside one element (-1 unknown), and whether the
 * array is reached through a pointer to its elements (jobs a job_t *)
 * rather than inside the root's object. */
typedef struct array_element {
    int root;
    int64_t array_off;
    int64_t in_element;
    bool through_pointer;
    LLVMValueRef gep; /* the GEP with the variable index */
} array_element;

/* Returns false when the pointer is not such an element or the array's
 * offset is not constant. */
static bool array_of_element(ex_ctx *c, int value, array_element *out)
{
    const pa_function *f = c->f;
    int cur = value;
    int64_t after = 0; /* constant offsets walked before the variable index */
    for (size_t steps = 0; steps <= f->nvalues && pa_value_ok(f, cur); steps++) {
        const pa_value *v = &f->values[cur];
        if (v->kind != PA_VAL_DERIVED)
            return false;
        if (v->offset == PA_UNKNOWN_SIZE) {
            int64_t prefix = 0, base_off = 0, in_element = 0;
            int indexes_pointer = 0;
            if (v->index == PA_NONE || !v->handle ||
                !pa_bridge_gep_array_offset(c->b, (LLVMValueRef)v->handle, &prefix, &in_element,
                                            &indexes_pointer))
                return false;
            out->root = pa_value_root(f, v->base, &base_off);
            if (base_off == PA_UNKNOWN_SIZE || !pa_value_ok(f, out->root))
                return false;
            out->array_off = base_off + prefix;
            out->in_element = in_element < 0 ? -1 : in_element + after;
            out->through_pointer = indexes_pointer != 0;
            out->gep = (LLVMValueRef)v->handle;
            return true;
        }
        after += v->offset;
        cur = v->base;
    }
    return false;
}

/* The name of the lock an array element holds: the element's member where
 * the array is reached through a pointer to its elements ('job_t::mu', the
 * name the lock has where a job_t * is handed in), else the array's own
 * member, one class for its elements ('table::locks[]'). */
static bool element_lock_name(ex_ctx *c, LLVMValueRef root, const array_element *e, char *field, size_t size)
{
    if (e->through_pointer && e->array_off == 0 && e->in_element >= 0 &&
        pa_bridge_element_field_name(c->b, root, e->gep, e->in_element, field, size) &&
        pa_lock_field_is_member(field))
        return true;
    if (!pa_bridge_field_name(c->b, root, e->array_off, 0, field, size - 2))
        return false;
    strcat(field, "[]");
    return true;
}

/* Record the facts about the mutex a pointer designates (DESIGN.md, "Lock
 * classes"); passes/lock_names.c makes the name from them. */
/* A project lock function's argument is the lock itself, usually an opaque
 * handle loaded from where the program keeps it (`mem0.mutex`,
 * `db->mutex`): name it by that home, not by the first member of the
 * handle's type (every SQLite mutex would be `sqlite3_mutex::mutex`).
 * Returns false when the home is not a named member or global. */
static bool name_loaded_handle(ex_ctx *c, const pa_value *r, pa_lock_class *cls)
{
    if (r->kind != PA_VAL_LOAD || r->base < 0)
        return false;
    int64_t boff = 0;
    int broot = pa_value_root(c->f, r->base, &boff);
    const pa_value *bv = pa_value_at(c->f, broot);
    char field[400];
    if (!bv || !bv->handle || boff == PA_UNKNOWN_SIZE)
        return false;
    bool named = pa_bridge_field_name(c->b, (LLVMValueRef)bv->handle, boff, 0, field, sizeof field) &&
                 pa_lock_field_is_member(field);
    /* A global's first member is named like the global itself ("mem0"):
     * the global is the home then. */
    if (!named && (bv->kind != PA_VAL_GLOBAL || boff != 0))
        return false;
    cls->field = named ? pa_model_str(c->m, field) : NULL;
    if (named && !cls->field) {
        c->oom = true;
        return false;
    }
    if (bv->kind == PA_VAL_GLOBAL) {
        cls->kind = PA_CLASS_GLOBAL;
        cls->symbol = bv->name;
        cls->is_static = bv->is_static;
        cls->loaded_from_global = true;
    } else {
        cls->kind = PA_CLASS_FIELD;
    }
    return true;
}

/* A project lock's handle returned by a getter called with constant
 * arguments (SQLite's sqlite3MutexAlloc(SQLITE_MUTEX_STATIC_VFS1)): one
 * lock per distinct call, named by it, "sqlite3MutexAlloc(11)". */
static bool name_getter_handle(ex_ctx *c, const pa_value *r, pa_lock_class *cls)
{
    const pa_op *call = r->kind == PA_VAL_CALL ? pa_op_at(c->f, r->def_op) : NULL;
    if (!call || !call->callee || call->nargs > 4 || (call->call_flags & PA_CALL_INDIRECT))
        return false;
    char name[200];
    int len = snprintf(name, sizeof name, "%.150s(", call->callee);
    for (size_t i = 0; i < call->nargs; i++) {
        if (!call->arg_flags || !(call->arg_flags[i] & PA_ARG_CONST) || !call->arg_const)
            return false;
        len += snprintf(name + len, sizeof name - (size_t)len, "%s%lld", i ? ", " : "",
                        (long long)call->arg_const[i]);
    }
    snprintf(name + len, sizeof name - (size_t)len, ")");
    cls->kind = PA_CLASS_GLOBAL;
    cls->symbol = pa_model_str(c->m, name);
    if (!cls->symbol) {
        c->oom = true;
        return false;
    }
    return true;
}

/* The project's struct member a lock's pointer is loaded from (base,
 * at boff), for messages only (pa_lock_class.home), cut before the first
 * name the implementation reserves (a path that went on into a library
 * type's internals). NULL when debug info does not say, when the member
 * belongs to the standard library (a guard's `_M_device` holds whatever
 * mutex its caller chose), or when the pointer is kept in a global or
 * local variable (named by the variable, not by a type's member). */
static const char *pointer_home(ex_ctx *c, const pa_value *base, int64_t boff)
{
    char field[400];
    if (!base || !base->handle || boff == PA_UNKNOWN_SIZE || base->kind == PA_VAL_GLOBAL ||
        base->kind == PA_VAL_STACK ||
        !pa_bridge_member_name(c->b, (LLVMValueRef)base->handle, boff, field, sizeof field))
        return NULL;
    for (char *dot = strchr(field, '.'); dot; dot = strchr(dot + 1, '.'))
        if (dot[1] == '_' && (dot[2] == '_' || (dot[2] >= 'A' && dot[2] <= 'Z'))) {
            *dot = '\0';
            break;
        }
    if (!pa_lock_field_is_member(field) || strncmp(pa_skip_type_tags(field), "std::", 5) == 0)
        return NULL;
    const char *home = pa_model_str(c->m, field);
    if (!home)
        c->oom = true;
    return home;
}

/* Value `value` gets the lock facts cls. */
static void set_class(ex_ctx *c, int value, const pa_lock_class *cls)
{
    if (pa_model_set_class(c->f, value, cls) != 0)
        c->oom = true;
}

static void classify_lock(ex_ctx *c, int value, bool handle)
{
    if (!pa_value_ok(c->f, value) || c->f->values[value].cls->kind != PA_CLASS_NONE)
        return;
    pa_lock_class cls = pa_lock_class_none;
    int64_t off = 0;
    int root = pa_value_root(c->f, value, &off);
    cls.offset = off;
    if (!pa_value_ok(c->f, root)) {
        cls.kind = PA_CLASS_UNKNOWN;
        set_class(c, value, &cls);
        return;
    }
    const pa_value *r = &c->f->values[root];
    if (handle && off == 0 && (name_loaded_handle(c, r, &cls) || name_getter_handle(c, r, &cls))) {
        set_class(c, value, &cls);
        return;
    }
    LLVMValueRef rh = (LLVMValueRef)r->handle;
    char field[400];
    bool has_field = off != PA_UNKNOWN_SIZE && rh && pa_bridge_field_name(c->b, rh, off, 0, field, sizeof field);
    array_element element;
    if (off == PA_UNKNOWN_SIZE && rh && array_of_element(c, value, &element) && element.root == root &&
        element_lock_name(c, rh, &element, field, sizeof field))
        has_field = true;
    const char *field_text = has_field ? pa_model_str(c->m, field) : NULL;
    if (has_field && !field_text) {
        c->oom = true;
        return;
    }
    bool member = has_field && pa_lock_field_is_member(field_text);
    cls.recursive = lock_is_recursive(c, r, off, 0);
    cls.field = field_text;
    switch (r->kind) {
    case PA_VAL_GLOBAL:
        cls.kind = PA_CLASS_GLOBAL;
        cls.symbol = r->name;
        cls.is_static = r->is_static;
        break;
    case PA_VAL_ARG:
        cls.kind = member ? PA_CLASS_FIELD : PA_CLASS_PARAM;
        cls.param_index = r->param_index;
        break;
    case PA_VAL_STACK:
        cls.kind = PA_CLASS_LOCAL;
        cls.local = r->name;
        break;
    default:
        if (member) {
            cls.kind = PA_CLASS_FIELD;
            break;
        }
        cls.field = NULL; /* internals of the lock type say nothing here */
        cls.kind = PA_CLASS_UNKNOWN;
        if (r->kind == PA_VAL_LOAD && r->base >= 0 && off != PA_UNKNOWN_SIZE) {
            /* A lock reached through a loaded pointer: *g (global holding the
             * pointer), or at -O0 a parameter kept in its stack slot
             * (`load ptr %c.addr`), named from the slot's declared type. */
            int64_t boff = 0;
            int broot = pa_value_root(c->f, r->base, &boff);
            const pa_value *bv = pa_value_at(c->f, broot);
            if (bv && bv->kind == PA_VAL_STACK && boff == 0 && bv->handle &&
                pa_bridge_field_name(c->b, (LLVMValueRef)bv->handle, off, 1, field, sizeof field) &&
                pa_lock_field_is_member(field)) {
                cls.field = pa_model_str(c->m, field);
                if (!cls.field) {
                    c->oom = true;
                    return;
                }
                cls.kind = PA_CLASS_FIELD;
                cls.loaded_from_slot = true;
                cls.recursive = cls.recursive || lock_is_recursive(c, bv, off, 1);
                break;
            }
            if (bv && bv->kind == PA_VAL_GLOBAL && boff == 0) {
                cls.kind = PA_CLASS_GLOBAL;
                cls.symbol = bv->name;
                cls.is_static = bv->is_static;
                cls.loaded_from_global = true;
                break;
            }
            if (off == 0)
                cls.home = pointer_home(c, bv, boff);
        }
        break;
    }
    set_class(c, value, &cls);
}

/* ---- ops ----------------------------------------------------------------- */

static int add_op(ex_ctx *c, int block, pa_op_kind kind, LLVMValueRef inst)
{
    int op = pa_model_add_op(c->f, block, kind);
    if (op == PA_NONE) {
        c->oom = true;
        return PA_NONE;
    }
    pa_op *o = &c->f->ops[op];
    o->handle = inst;
    locate(c, inst, &o->loc, &o->origin, &o->inline_depth, &o->entry, &o->inner, &o->inner_depth);
    return op;
}

static bool const_int(LLVMValueRef v, int64_t *out)
{
    if (!v || !LLVMIsAConstantInt(v) || LLVMGetIntTypeWidth(LLVMTypeOf(v)) > 64)
        return false;
    *out = LLVMConstIntGetSExtValue(v);
    return true;
}

/* Is pointer argument a of call inst set to an integer constant by a store
 * just before the call in the same block (nothing but stores and debug or
 * lifetime intrinsics between)? An in/out size the callee reads. */
static bool pointee_set_to_const(LLVMValueRef inst, LLVMValueRef a, int64_t *out)
{
    for (LLVMValueRef i = LLVMGetPreviousInstruction(inst); i; i = LLVMGetPreviousInstruction(i)) {
        LLVMOpcode op = LLVMGetInstructionOpcode(i);
        if (op == LLVMStore) {
            if (LLVMGetOperand(i, 1) == a)
                return const_int(LLVMGetOperand(i, 0), out);
            continue;
        }
        if (op == LLVMCall) {
            LLVMValueRef fn = LLVMGetCalledValue(i);
            if (fn && LLVMIsAFunction(fn) && LLVMGetIntrinsicID(fn) != 0)
                continue;
        }
        return false;
    }
    return false;
}

static pa_op_kind op_kind_for(const pa_cat_entry *e)
{
    if (!e)
        return PA_OP_CALL;
    switch (e->role) {
    case PA_CAT_ALLOC:
    case PA_CAT_REALLOC: return PA_OP_ALLOC;
    case PA_CAT_FREE: return PA_OP_FREE;
    case PA_CAT_LOCK: return PA_OP_LOCK;
    case PA_CAT_TRYLOCK: return PA_OP_TRYLOCK;
    case PA_CAT_UNLOCK: return PA_OP_UNLOCK;
    default: return PA_OP_CALL;
    }
}

/* Intrinsics with no effect an analysis cares about. */
static bool ignorable_intrinsic(const char *name)
{
    static const char *const prefixes[] = {"llvm.dbg.", "llvm.lifetime.", "llvm.assume",
                                           "llvm.experimental.noalias.scope.decl",
                                           "llvm.invariant.", "llvm.pseudoprobe", "llvm.prefetch",
                                           "llvm.var.annotation", "llvm.ptr.annotation",
                                           "llvm.objectsize", "llvm.is.constant", "llvm.expect",
                                           "llvm.donothing", "llvm.trap", "llvm.ubsantrap"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* p - q and p < q compile to ptrtoint feeding sub/icmp: the address is
 * only measured, not kept. Anything else done with the integer (inttoptr,
 * a store, a call) may rebuild or publish the pointer. */
static bool integer_only_measures(LLVMValueRef inst, int depth)
{
    for (LLVMUseRef u = LLVMGetFirstUse(inst); u; u = LLVMGetNextUse(u)) {
        LLVMValueRef user = LLVMGetUser(u);
        if (!LLVMIsAInstruction(user))
            return false;
        LLVMOpcode op = LLVMGetInstructionOpcode(user);
        if (op == LLVMSub || op == LLVMICmp)
            continue;
        /* An address carried round a loop (the begin of a buffer reloaded
         * from the new one) is measured once it arrives. A phi reached
         * again is already being checked: its other uses decide. */
        if (op != LLVMPHI || depth >= 4)
            return false;
        if (user != inst && !integer_only_measures(user, depth + 1))
            return false;
    }
    return true;
}

static bool ptrtoint_only_measures(LLVMValueRef inst)
{
    return integer_only_measures(inst, 0);
}

static void use_pointer_operands(ex_ctx *c, LLVMValueRef inst, int block)
{
    if (LLVMGetInstructionOpcode(inst) == LLVMPtrToInt && ptrtoint_only_measures(inst))
        return;
    int ops[8];
    size_t n = 0;
    int nops = LLVMGetNumOperands(inst);
    for (int i = 0; i < nops && n < 8; i++) {
        LLVMValueRef o = LLVMGetOperand(inst, (unsigned)i);
        if (is_pointer(o) && !LLVMIsAFunction(o) && !LLVMIsAConstantPointerNull(o))
            ops[n++] = ex_value(c, o, 0);
    }
    if (n == 0)
        return;
    int op = add_op(c, block, PA_OP_USE, inst);
    if (op != PA_NONE && pa_model_set_args(c->f, op, ops, NULL, NULL, n) != 0)
        c->oom = true;
}

static void fill_alloc(pa_op *o, const pa_cat_entry *e, LLVMValueRef inst)
{
    o->allocator = e->allocator;
    int64_t a = 0, b = 0;
    if (e->size_arg >= 0 && (size_t)e->size_arg < o->nargs) {
        LLVMValueRef sz = LLVMGetOperand(inst, (unsigned)e->size_arg);
        if (e->size_arg2 >= 0 && (size_t)e->size_arg2 < o->nargs) {
            LLVMValueRef sz2 = LLVMGetOperand(inst, (unsigned)e->size_arg2);
            if (const_int(sz, &a) && const_int(sz2, &b) && a >= 0 && b >= 0 &&
                (b == 0 || a <= INT64_MAX / b))
                o->alloc_size = a * b;
        } else if (const_int(sz, &a) && a >= 0) {
            o->alloc_size = a;
        }
        o->size_value = o->args[e->size_arg];
    }
    if (e->role == PA_CAT_REALLOC)
        o->realloc_src = e->ptr_arg >= 0 && (size_t)e->ptr_arg < o->nargs ? o->args[e->ptr_arg] : PA_NONE;
    else if (e->ptr_arg >= 0)
        o->ptr_arg = e->ptr_arg; /* out-parameter allocators */
}

/* A loaded integer scaled up (`cap * 2`, `cap << 1`, `cap + cap / 2`):
 * stored back, it is a capacity grown geometrically
 * (pa_growth_doubles_kept_capacity). Only these integer stores are
 * modelled, so the model stays small. */
static bool scaled_loaded_integer(LLVMValueRef v, unsigned depth)
{
    if (depth > 2)
        return false;
    if (is_integer(v) && LLVMIsAPHINode(v) && LLVMCountIncoming(v) <= 4) {
        /* `cap ? cap * 2 : 16` */
        bool scaled = false;
        for (unsigned i = 0; i < LLVMCountIncoming(v); i++) {
            LLVMValueRef in = LLVMGetIncomingValue(v, i);
            if (LLVMIsAConstantInt(in))
                continue;
            if (!scaled_loaded_integer(in, depth + 1))
                return false;
            scaled = true;
        }
        return scaled;
    }
    if (is_integer(v) && LLVMIsASelectInst(v))
        return (LLVMIsAConstantInt(LLVMGetOperand(v, 1)) || scaled_loaded_integer(LLVMGetOperand(v, 1), depth + 1)) &&
               (LLVMIsAConstantInt(LLVMGetOperand(v, 2)) || scaled_loaded_integer(LLVMGetOperand(v, 2), depth + 1)) &&
               !(LLVMIsAConstantInt(LLVMGetOperand(v, 1)) && LLVMIsAConstantInt(LLVMGetOperand(v, 2)));
    if (!is_integer(v) || !LLVMIsABinaryOperator(v))
        return false;
    LLVMOpcode op = LLVMGetInstructionOpcode(v);
    if (op != LLVMMul && op != LLVMShl && op != LLVMAdd)
        return false;
    for (unsigned i = 0; i < 2; i++) {
        LLVMValueRef x = LLVMGetOperand(v, i);
        if (LLVMIsACastInst(x))
            x = LLVMGetOperand(x, 0);
        if (LLVMIsALoadInst(x))
            return true;
    }
    return false;
}

/* Argument i of a blocking I/O call (its descriptor) or of fcntl (the
 * descriptor and the flags it sets): whether the I/O may wait depends on
 * them (passes/fd_facts.c). */
static bool descriptor_argument(const pa_cat_entry *e, const char *name, unsigned i)
{
    return (e && e->role == PA_CAT_BLOCKING && !e->wait_held && i == 0) ||
           (name && strcmp(name, "fcntl") == 0);
}

/* A callee's name and its demangled form as the model keeps them. */
typedef struct callee_name {
    const char *name, *demangled;
} callee_name;

/* The model's copy of a C++ symbol's demangled name; NULL for any other
 * name, or when demangling fails. */
static const char *model_demangled(ex_ctx *c, const char *name)
{
    if (!name || strncmp(name, "_Z", 2) != 0)
        return NULL;
    char *d = pa_bridge_demangle(name);
    if (!d)
        return NULL;
    const char *kept = pa_model_str(c->m, d);
    free(d);
    return kept;
}

static callee_name callee_name_copy(ex_ctx *c, const char *name)
{
    callee_name n = {pa_model_str(c->m, name), model_demangled(c, name)};
    if (!n.demangled)
        n.demangled = n.name;
    return n;
}

/* The model's copies of a called function's name, made once per callee:
 * a C++ file calls the same functions from many places (operator delete
 * from ~1,000 sites of RocksDB's db_impl.cc), and demangling each call's
 * callee was a tenth of the plugin's instructions there. */
static callee_name callee_name_of(ex_ctx *c, LLVMValueRef callee, const char *name)
{
    intptr_t hit;
    if (callee && pa_map_get(&c->callee_names, pa_map_ptr_key(callee), &hit))
        return *(const callee_name *)hit;
    callee_name n = callee_name_copy(c, name);
    callee_name *kept = callee ? pa_arena_alloc(c->m->strings, sizeof *kept, _Alignof(callee_name)) : NULL;
    if (kept) {
        *kept = n;
        if (pa_map_put(&c->callee_names, pa_map_ptr_key(callee), (intptr_t)kept) != 0)
            c->oom = true;
    }
    return n;
}

static void ex_call(ex_ctx *c, LLVMValueRef inst, int block)
{
    LLVMValueRef written = LLVMGetCalledValue(inst);
    LLVMValueRef callee = pa_bridge_aliased_function(written);
    const char *name = NULL;
    unsigned call_flags = 0;
    if (callee && LLVMIsAInlineAsm(callee)) {
        use_pointer_operands(c, inst, block);
        return;
    }
    if (callee && (LLVMIsAFunction(callee) || LLVMIsAGlobalAlias(callee))) {
        size_t len = 0;
        name = LLVMGetValueName2(callee, &len);
        if (LLVMIsAFunction(callee) && LLVMGetIntrinsicID(callee) != 0) {
            if (ignorable_intrinsic(name))
                return;
            call_flags |= PA_CALL_INTRINSIC;
        }
        if (LLVMIsAFunction(callee) && !LLVMIsDeclaration(callee))
            call_flags |= PA_CALL_DEFINED_HERE;
    } else {
        call_flags |= PA_CALL_INDIRECT;
    }
    const pa_cat_entry *e = NULL;
    if (!(call_flags & PA_CALL_INTRINSIC)) {
        /* For a call through a configured hook, name becomes the hook's. */
        const char *cname = NULL;
        /* The name written first: a configuration may name the alias. */
        e = pa_classify_call(&c->cls, written, &cname);
        if (!e && callee != written)
            e = pa_classify_call(&c->cls, callee, &cname);
        if (cname)
            name = cname;
    }
    int op = add_op(c, block, op_kind_for(e), inst);
    if (op == PA_NONE)
        return;

    /* The arguments are filled in place: they live in the module's pool and
     * do not move when ex_value grows the function's arrays. */
    unsigned nargs = LLVMGetNumArgOperands(inst);
    if (pa_model_set_args(c->f, op, NULL, NULL, NULL, nargs) != 0) {
        c->oom = true;
        return;
    }
    int *args = c->f->ops[op].args;
    unsigned *flags = c->f->ops[op].arg_flags;
    int64_t *consts = c->f->ops[op].arg_const;
    for (unsigned i = 0; i < nargs; i++) {
        LLVMValueRef a = LLVMGetOperand(inst, i);
        if (const_int(a, &consts[i]))
            flags[i] |= PA_ARG_CONST;
        if (is_pointer(a)) {
            args[i] = ex_value(c, a, 0);
            flags[i] |= pa_bridge_call_arg_flags(inst, i);
            if (!(flags[i] & PA_ARG_CONST) && pointee_set_to_const(inst, a, &consts[i]))
                flags[i] |= PA_ARG_POINTEE_CONST;
        } else if (e && (e->role == PA_CAT_ALLOC || e->role == PA_CAT_REALLOC) && is_integer(a)) {
            args[i] = ex_value(c, a, 0); /* the size, for growth patterns */
        } else if (!e && (call_flags & PA_CALL_DEFINED_HERE) && is_integer(a) && !c->lock_classes) {
            args[i] = ex_value(c, a, 0); /* a size a forwarding wrapper passes on */
        } else if (is_integer(a) && LLVMIsAArgument(a)) {
            args[i] = ex_value(c, a, 0); /* a flag passed on: stop(q, lock) */
        } else if (is_integer(a) && descriptor_argument(e, name, i)) {
            args[i] = ex_value(c, a, 0); /* may the I/O wait (passes/fd_facts.c)? */
        } else if ((call_flags & PA_CALL_DEFINED_HERE) && scaled_loaded_integer(a, 0)) {
            args[i] = ex_value(c, a, 0); /* a doubled capacity handed to a realloc wrapper */
        }
    }
    pa_op *o = &c->f->ops[op];
    /* A direct call's name is its callee's; a hook's is the entry's. */
    callee_name cn = name && !(call_flags & PA_CALL_INDIRECT) ? callee_name_of(c, callee, name)
                                                               : callee_name_copy(c, name);
    o->callee = cn.name;
    o->callee_demangled = cn.demangled;
    o->call_flags = call_flags | pa_bridge_call_flags(inst);
    if (LLVMGetInstructionOpcode(inst) == LLVMInvoke)
        o->call_flags |= PA_CALL_INVOKE;
    if (e) {
        o->prim = e->prim;
        o->shared = e->shared;
        if (e->role == PA_CAT_ALLOC || e->role == PA_CAT_REALLOC) {
            fill_alloc(o, e, inst);
            skip_wrapper_frames(c, inst, o);
            if (e->role == PA_CAT_ALLOC && o->origin.file) {
                unsigned steps = 0;
                o->inlined_growth = inlined_vector_growth(c, inst, &steps);
                o->growth_steps = (unsigned short)steps; /* at most 32 */
            }
        } else {
            o->ptr_arg = e->ptr_arg;
        }
    } else if (!c->lock_classes && o->callee && o->inner.file && is_pointer(inst) &&
               !(o->call_flags & (PA_CALL_DEFINED_HERE | PA_CALL_INDIRECT | PA_CALL_INTRINSIC))) {
        /* A function of another file whose pointer the allocation phase may
         * take for fresh memory (a loop-alloc candidate): inlined through a
         * same-file wrapper that only hands it back, its line is the
         * wrapper's caller's, as for an allocation (AffixMgr::encode_flag's
         * `return pHMgr->encode_flag(f)` is not where a loop calls it). */
        skip_wrapper_frames(c, inst, o);
    }

    /* The result: allocations, pointers, and integers a branch may test. */
    LLVMTypeKind rk = LLVMGetTypeKind(LLVMTypeOf(inst));
    if (rk == LLVMPointerTypeKind || rk == LLVMIntegerTypeKind) {
        int v = ex_value(c, inst, 0);
        if (v != PA_NONE) {
            c->f->ops[op].result = v;
            c->f->values[v].def_op = op;
            if (c->f->ops[op].kind == PA_OP_ALLOC && c->f->ops[op].ptr_arg == PA_NONE)
                c->f->values[v].kind = PA_VAL_ALLOC;
        }
    }

    /* Name the locks: lock operands, condition-wait mutexes, and pointer
     * arguments of calls that summaries may resolve (lock wrappers). */
    o = &c->f->ops[op];
    if (!c->lock_classes)
        return;
    if (o->ptr_arg >= 0 && (size_t)o->ptr_arg < o->nargs && o->kind != PA_OP_ALLOC)
        classify_lock(c, o->args[o->ptr_arg], o->prim == PA_PRIM_PROJECT);
    if (!e && !(call_flags & PA_CALL_INTRINSIC))
        for (unsigned i = 0; i < nargs; i++)
            if (args[i] != PA_NONE && c->f->values[args[i]].is_pointer)
                classify_lock(c, args[i], false);
}

static void ex_store(ex_ctx *c, LLVMValueRef inst, int block, unsigned value_idx, unsigned addr_idx)
{
    LLVMValueRef val = LLVMGetOperand(inst, value_idx);
    LLVMValueRef addr = LLVMGetOperand(inst, addr_idx);
    int a = ex_value(c, addr, 0);
    /* Pointers, integer call results kept in a local (-O0 code keeps a
     * trylock's result in a stack slot before testing it), capacities
     * scaled up, and integer zeros (a length reset, `a->size = 0`: an
     * array emptied for reuse keeps its capacity). */
    bool modelled = is_pointer(val) ||
                    (is_integer(val) && (LLVMIsACallInst(val) || LLVMIsAInvokeInst(val))) ||
                    scaled_loaded_integer(val, 0) ||
                    (LLVMIsAConstantInt(val) && LLVMGetIntTypeWidth(LLVMTypeOf(val)) <= 64 &&
                     LLVMConstIntGetZExtValue(val) == 0);
    int s = modelled ? ex_value(c, val, 0) : PA_NONE;
    int op = add_op(c, block, PA_OP_STORE, inst);
    if (op == PA_NONE)
        return;
    c->f->ops[op].addr = a;
    c->f->ops[op].stored = s;
}

static void ex_instruction(ex_ctx *c, LLVMValueRef inst, int block)
{
    switch (LLVMGetInstructionOpcode(inst)) {
    case LLVMCall:
    case LLVMInvoke:
    case LLVMCallBr:
        ex_call(c, inst, block);
        return;
    case LLVMStore:
        ex_store(c, inst, block, 0, 1);
        return;
    case LLVMAtomicRMW:
        ex_store(c, inst, block, 1, 0);
        return;
    case LLVMAtomicCmpXchg:
        ex_store(c, inst, block, 2, 0);
        return;
    case LLVMLoad: {
        int a = ex_value(c, LLVMGetOperand(inst, 0), 0);
        int op = add_op(c, block, PA_OP_LOAD, inst);
        if (op == PA_NONE)
            return;
        c->f->ops[op].addr = a;
        if (is_pointer(inst)) {
            int v = ex_value(c, inst, 0);
            if (v != PA_NONE) {
                c->f->ops[op].result = v;
                c->f->values[v].def_op = op;
            }
        }
        return;
    }
    case LLVMRet: {
        int op = add_op(c, block, PA_OP_RET, inst);
        if (op != PA_NONE && LLVMGetNumOperands(inst) > 0 && is_pointer(LLVMGetOperand(inst, 0)))
            c->f->ops[op].ret_value = ex_value(c, LLVMGetOperand(inst, 0), 0);
        return;
    }
    /* Pure derivations: modelled as values when something uses them. */
    case LLVMGetElementPtr:
    case LLVMBitCast:
    case LLVMAddrSpaceCast:
    case LLVMPHI:
    case LLVMSelect:
    case LLVMICmp:
    case LLVMFreeze:
    case LLVMAlloca:
    case LLVMIntToPtr:
    case LLVMBr:
    case LLVMSwitch:
    case LLVMUnreachable:
    case LLVMResume:
    case LLVMLandingPad:
    case LLVMFence:
        return;
    default:
        /* ptrtoint, vectors, aggregates, va_arg...: unknown uses. */
        use_pointer_operands(c, inst, block);
        return;
    }
}

/* Is cmp an icmp of a value with zero or null? That value (the left one
 * when the right is zero), or NULL. */
static LLVMValueRef compared_with_zero(LLVMValueRef cmp)
{
    if (!cmp || !LLVMIsAICmpInst(cmp))
        return NULL;
    LLVMValueRef l = LLVMGetOperand(cmp, 0), r = LLVMGetOperand(cmp, 1);
    int64_t k = 1;
    if (LLVMIsAConstantPointerNull(r) || (const_int(r, &k) && k == 0))
        return l;
    if (LLVMIsAConstantPointerNull(l) || (const_int(l, &k) && k == 0))
        return r;
    return NULL;
}

/* Is cmp an `x == 0` (want_eq) or `x != 0` test of a non-constant x?
 * Returns x. */
static LLVMValueRef zero_test_of(LLVMValueRef cmp, bool want_eq)
{
    LLVMValueRef x = compared_with_zero(cmp);
    if (!x || LLVMIsAConstant(x) || LLVMGetICmpPredicate(cmp) != (want_eq ? LLVMIntEQ : LLVMIntNE))
        return NULL;
    return x;
}

/* A condition the optimiser folded from `x == 0 || b` (`select i1 %a, i1
 * true, i1 %b` or `or i1`) or `x != 0 && b` (`select i1 %a, i1 %b, i1
 * false` or `and i1`): x, and the successor a zero x takes (0 for the or,
 * 1 for the and). Only that way holds: the other successor says nothing
 * of x. NULL when cond is no such condition. */
static LLVMValueRef zero_implies_successor(LLVMValueRef cond, int *succ)
{
    if (!cond || !LLVMIsAInstruction(cond))
        return NULL;
    LLVMOpcode op = LLVMGetInstructionOpcode(cond);
    LLVMValueRef a, b;
    int64_t k = -1;
    bool is_or;
    if (op == LLVMSelect) {
        a = LLVMGetOperand(cond, 0);
        LLVMValueRef t = LLVMGetOperand(cond, 1), e = LLVMGetOperand(cond, 2);
        if (const_int(t, &k) && k != 0) {
            is_or = true;
            b = e;
        } else if (const_int(e, &k) && k == 0) {
            is_or = false;
            b = t;
        } else {
            return NULL;
        }
    } else if ((op == LLVMOr || op == LLVMAnd) && LLVMGetNumOperands(cond) == 2) {
        is_or = op == LLVMOr;
        a = LLVMGetOperand(cond, 0);
        b = LLVMGetOperand(cond, 1);
    } else {
        return NULL;
    }
    if (LLVMGetIntTypeWidth(LLVMTypeOf(cond)) != 1)
        return NULL;
    LLVMValueRef x = zero_test_of(a, is_or);
    if (!x)
        x = zero_test_of(b, is_or);
    *succ = is_or ? 0 : 1;
    return x;
}

/* `!b` as the front end writes it before InstCombine (`xor i1 %b, true`):
 * b, or NULL when v is no such negation. */
static LLVMValueRef negation_of(LLVMValueRef v)
{
    int64_t k = 0;
    if (!v || !LLVMIsAInstruction(v) || LLVMGetInstructionOpcode(v) != LLVMXor ||
        LLVMGetIntTypeWidth(LLVMTypeOf(v)) != 1)
        return NULL;
    LLVMValueRef a = LLVMGetOperand(v, 0), b = LLVMGetOperand(v, 1);
    if (const_int(b, &k) && k != 0)
        return a;
    if (const_int(a, &k) && k != 0)
        return b;
    return NULL;
}

/* `x < 0` or `x > 0` (true: x is not zero), `x >= 0` or `x <= 0` (false:
 * it is not): the successor on which x cannot be zero, or -1. */
static int sign_test_nonzero_succ(LLVMIntPredicate p)
{
    switch (p) {
    case LLVMIntSLT:
    case LLVMIntSGT: return 0;
    case LLVMIntSGE:
    case LLVMIntSLE: return 1;
    default: return -1;
    }
}

/* The integer a comparison tests by sign against zero (`r < 0`, `0 > r`,
 * through the widening of `long r = lock(m)`), with the successor on
 * which it is not zero; NULL when cmp is no such test. */
static LLVMValueRef sign_tested(LLVMValueRef cmp, int *nonzero_succ)
{
    if (!cmp || !LLVMIsAICmpInst(cmp))
        return NULL;
    LLVMValueRef x = compared_with_zero(cmp);
    if (!x)
        return NULL;
    /* The same test with zero on the left (`0 > r`) has the other
     * predicate; its successors are the same. */
    int succ = sign_test_nonzero_succ(LLVMGetICmpPredicate(cmp));
    for (int i = 0; i < 2 && LLVMIsAInstruction(x) &&
                    (LLVMGetInstructionOpcode(x) == LLVMSExt || LLVMGetInstructionOpcode(x) == LLVMZExt);
         i++)
        x = LLVMGetOperand(x, 0);
    if (succ < 0 || LLVMIsAConstant(x) || !is_integer(x))
        return NULL;
    *nonzero_succ = succ;
    return x;
}

/* `llvm.ctpop(x)`: x, else NULL. */
static LLVMValueRef popcount_of(LLVMValueRef v)
{
    if (!v || !LLVMIsACallInst(v))
        return NULL;
    LLVMValueRef callee = LLVMGetCalledValue(v);
    size_t len = 0;
    const char *name = callee && LLVMIsAFunction(callee) ? LLVMGetValueName2(callee, &len) : NULL;
    return name && strncmp(name, "llvm.ctpop.", 11) == 0 ? LLVMGetOperand(v, 0) : NULL;
}

/* Does cmp test whether an integer is zero or a power of two (`!(n & (n -
 * 1))`, which InstCombine turns into `ctpop(n) < 2`; `ctpop(n) == 1`)? The
 * integer, with the successor taken when it is; NULL otherwise. */
static LLVMValueRef pow2_tested(LLVMValueRef cmp, int *succ)
{
    if (!cmp || !LLVMIsAICmpInst(cmp))
        return NULL;
    LLVMIntPredicate p = LLVMGetICmpPredicate(cmp);
    LLVMValueRef l = LLVMGetOperand(cmp, 0), r = LLVMGetOperand(cmp, 1), x = popcount_of(l);
    int64_t k = -1;
    if (x && const_int(r, &k)) {
        if ((p == LLVMIntULT && k == 2) || (p == LLVMIntULE && k == 1) || (p == LLVMIntEQ && k == 1))
            *succ = 0;
        else if ((p == LLVMIntUGT && k == 1) || (p == LLVMIntUGE && k == 2) || (p == LLVMIntNE && k == 1))
            *succ = 1;
        else
            return NULL;
        return x;
    }
    /* n & (n - 1) compared with zero, before InstCombine; after two
     * appends in a row, (m + 1) & m, the count after the first. */
    LLVMValueRef masked = compared_with_zero(cmp);
    if (!masked || (p != LLVMIntEQ && p != LLVMIntNE) || !LLVMIsAInstruction(masked) ||
        LLVMGetInstructionOpcode(masked) != LLVMAnd)
        return NULL;
    for (int i = 0; i < 2; i++) {
        LLVMValueRef a = LLVMGetOperand(masked, (unsigned)i), b = LLVMGetOperand(masked, (unsigned)(1 - i));
        bool b_is_a_less_one = LLVMIsAInstruction(b) && LLVMGetInstructionOpcode(b) == LLVMAdd &&
                               LLVMGetOperand(b, 0) == a && const_int(LLVMGetOperand(b, 1), &k) && k == -1;
        bool a_is_b_plus_one = LLVMIsAInstruction(a) && LLVMGetInstructionOpcode(a) == LLVMAdd &&
                               LLVMGetOperand(a, 0) == b && const_int(LLVMGetOperand(a, 1), &k) && k == 1;
        if (b_is_a_less_one || a_is_b_plus_one) {
            *succ = p == LLVMIntEQ ? 0 : 1;
            return a;
        }
    }
    return NULL;
}

/* Record what a conditional branch tests against zero, for trylock success
 * edges, checked locks and null checks. */
static void ex_branch_condition(ex_ctx *c, LLVMValueRef term, int block)
{
    if (LLVMGetInstructionOpcode(term) != LLVMBr || !LLVMIsConditional(term))
        return;
    LLVMValueRef cond = LLVMGetCondition(term);
    /* `if (!ok)` and `bool ok = !lock(m); ... if (ok)` before InstCombine:
     * the negated condition with the successors swapped. */
    bool swapped = false;
    LLVMValueRef inner = cond;
    for (int i = 0; i < 4 && negation_of(inner); i++) {
        inner = negation_of(inner);
        swapped = !swapped;
    }
    int nonzero_succ, pow2_succ;
    /* Each phase records what its analyses read: the powers of two for the
     * allocation analyses, the sign tests of lock results for the locks. */
    LLVMValueRef pow2_x = c->allocation_facts ? pow2_tested(inner, &pow2_succ) : NULL;
    if (pow2_x && is_integer(pow2_x)) {
        c->f->blocks[block].pow2_value = ex_value(c, pow2_x, 0);
        c->f->blocks[block].pow2_succ = swapped ? 1 - pow2_succ : pow2_succ;
        c->f->blocks[block].narrow_test |= LLVMGetIntTypeWidth(LLVMTypeOf(pow2_x)) < 32;
    }
    /* Only a call's result can say whether a lock was taken: the other
     * sign tests (`n > 0`) would only add their values to the model. */
    LLVMValueRef signed_x = c->lock_classes ? sign_tested(inner, &nonzero_succ) : NULL;
    if (signed_x && (LLVMIsACallInst(signed_x) || LLVMIsAInvokeInst(signed_x))) {
        c->f->blocks[block].nonzero_value = ex_value(c, signed_x, 0);
        c->f->blocks[block].nonzero_succ = swapped ? 1 - nonzero_succ : nonzero_succ;
    }
    /* A negated comparison of two values stays what it was: its operands
     * (cmp_lhs, cmp_rhs) say nothing of which way is which. */
    if (swapped && LLVMIsAICmpInst(inner) &&
        !(compared_with_zero(inner) &&
          (LLVMGetICmpPredicate(inner) == LLVMIntEQ || LLVMGetICmpPredicate(inner) == LLVMIntNE)))
        swapped = false;
    else
        cond = inner;
    int tested = PA_NONE, zero_succ = PA_NONE;
    if (cond && LLVMIsAICmpInst(cond)) {
        LLVMIntPredicate p = LLVMGetICmpPredicate(cond);
        LLVMValueRef other = compared_with_zero(cond);
        if (other && (p == LLVMIntEQ || p == LLVMIntNE)) {
            tested = ex_value(c, other, 0);
            zero_succ = p == LLVMIntEQ ? 0 : 1;
            c->f->blocks[block].narrow_test |= is_integer(other) && LLVMGetIntTypeWidth(LLVMTypeOf(other)) < 32;
        } else {
            LLVMValueRef l = LLVMGetOperand(cond, 0), r = LLVMGetOperand(cond, 1);
            c->f->blocks[block].cmp_lhs = LLVMIsAConstant(l) ? PA_NONE : ex_value(c, l, 0);
            c->f->blocks[block].cmp_rhs = LLVMIsAConstant(r) ? PA_NONE : ex_value(c, r, 0);
        }
    } else if (cond && !LLVMIsAConstant(cond)) {
        /* A bool: a call's result, a flag parameter, a loaded field. */
        tested = ex_value(c, cond, 0); /* false is "zero" */
        zero_succ = 1;
        int succ;
        LLVMValueRef x = zero_implies_successor(cond, &succ);
        if (x) {
            c->f->blocks[block].zero_implied_value = ex_value(c, x, 0);
            c->f->blocks[block].zero_implied_succ = swapped ? 1 - succ : succ;
        }
    }
    c->f->blocks[block].cond_value = tested;
    c->f->blocks[block].zero_succ = zero_succ >= 0 && swapped ? 1 - zero_succ : zero_succ;
}

/* Does the block only choose where to go next (phis, compares, markers,
 * then the terminator)? */
static bool only_dispatches(LLVMBasicBlockRef bb, LLVMValueRef term)
{
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i && i != term; i = LLVMGetNextInstruction(i)) {
        LLVMOpcode op = LLVMGetInstructionOpcode(i);
        /* A bool kept in memory is an i8 until InstCombine: `trunc i8
         * %flag to i1` before the branch, `xor i1 %b, true` for `!b`. */
        if (op == LLVMPHI || op == LLVMICmp || op == LLVMTrunc || op == LLVMZExt || negation_of(i))
            continue;
        LLVMValueRef callee = LLVMIsACallInst(i) ? LLVMGetCalledValue(i) : NULL;
        size_t len = 0;
        const char *name = callee && LLVMIsAFunction(callee) ? LLVMGetValueName2(callee, &len) : NULL;
        if (name && (strncmp(name, "llvm.lifetime.", 14) == 0 || strncmp(name, "llvm.dbg.", 9) == 0))
            continue;
        return false;
    }
    return true;
}

#define PA_DISPATCH_HOPS 4

/* The blocks an edge has been followed through: block[i] was entered from
 * block[i-1] (block[0] is where the edge starts). */
typedef struct dispatch_path {
    LLVMBasicBlockRef block[PA_DISPATCH_HOPS + 2];
    int n;
} dispatch_path;

/* The low `width` bits of k, zero-extended. */
static int64_t low_bits(int64_t k, unsigned width)
{
    return width >= 64 ? k : (int64_t)((uint64_t)k & ((UINT64_C(1) << width) - 1));
}

/* The constant v has on this path: a constant, or a phi of a block on the
 * path whose incoming value from the block before it is (recursively) one,
 * seen through the casts and negations of a bool (`trunc i8 %flag to i1`,
 * `!flag`). `steps` bounds the walk (phis of a loop may name each other). */
static bool value_on_path_within(const dispatch_path *p, LLVMValueRef v, int64_t *k, int steps)
{
    for (; steps >= 0 && v; steps--) {
        if (const_int(v, k))
            return true;
        LLVMOpcode op = LLVMIsAInstruction(v) ? LLVMGetInstructionOpcode(v) : LLVMRet;
        if (op == LLVMTrunc || op == LLVMZExt) {
            LLVMValueRef from = LLVMGetOperand(v, 0);
            unsigned width = LLVMGetIntTypeWidth(LLVMTypeOf(op == LLVMTrunc ? v : from));
            if (!is_integer(from) || !value_on_path_within(p, from, k, steps - 1))
                return false;
            *k = low_bits(*k, width);
            return true;
        }
        if (negation_of(v)) {
            if (!value_on_path_within(p, negation_of(v), k, steps - 1))
                return false;
            *k = low_bits(*k, 1) ^ 1;
            return true;
        }
        if (!LLVMIsAPHINode(v))
            return false;
        LLVMBasicBlockRef bb = LLVMGetInstructionParent(v);
        int at = -1;
        for (int i = p->n - 1; i >= 1 && at < 0; i--)
            if (p->block[i] == bb)
                at = i;
        if (at < 0)
            return false;
        LLVMValueRef next = NULL;
        for (unsigned i = 0; i < LLVMCountIncoming(v) && !next; i++)
            if (LLVMGetIncomingBlock(v, i) == p->block[at - 1])
                next = LLVMGetIncomingValue(v, i);
        v = next;
    }
    return false;
}

static bool value_on_path(const dispatch_path *p, LLVMValueRef v, int64_t *k)
{
    return value_on_path_within(p, v, k, PA_DISPATCH_HOPS);
}

static LLVMBasicBlockRef switch_target(const dispatch_path *p, LLVMValueRef sw)
{
    int64_t k, v;
    if (!value_on_path(p, LLVMGetOperand(sw, 0), &k))
        return NULL;
    /* Operands: condition, default, then (value, destination) pairs. */
    unsigned n = (unsigned)LLVMGetNumOperands(sw);
    for (unsigned i = 2; i + 1 < n; i += 2)
        if (const_int(LLVMGetOperand(sw, i), &v) && v == k)
            return LLVMValueAsBasicBlock(LLVMGetOperand(sw, i + 1));
    return LLVMGetSwitchDefaultDest(sw);
}

static LLVMBasicBlockRef branch_target(const dispatch_path *p, LLVMValueRef br)
{
    if (!LLVMIsConditional(br))
        return LLVMGetSuccessor(br, 0); /* a block of phis on the way to the switch */
    LLVMValueRef cond = LLVMGetCondition(br);
    int64_t k, other;
    bool taken;
    if (value_on_path(p, cond, &k)) {
        taken = k != 0;
    } else if (cond && LLVMIsAICmpInst(cond) &&
               (LLVMGetICmpPredicate(cond) == LLVMIntEQ || LLVMGetICmpPredicate(cond) == LLVMIntNE) &&
               value_on_path(p, LLVMGetOperand(cond, 0), &k) &&
               value_on_path(p, LLVMGetOperand(cond, 1), &other)) {
        taken = (k == other) == (LLVMGetICmpPredicate(cond) == LLVMIntEQ);
    } else {
        return NULL;
    }
    return LLVMGetSuccessor(br, taken ? 0 : 1);
}

/* clang sends several exits of a scope through blocks that branch on phis
 * of constants (the cleanup destination), and each predecessor's constant
 * picks one exit. A path-insensitive dataflow would otherwise let every
 * entry leave by every exit: a `goto done` made with the lock held would
 * also "return" by the exit taken after an unlock. Follow the edge through
 * such blocks (a few in a row at most) to where it really goes. */
static LLVMBasicBlockRef thread_successor(LLVMBasicBlockRef from, LLVMBasicBlockRef to)
{
    dispatch_path p = {{from, to}, 2};
    /* Only a resolved choice moves the edge; blocks that merely pass on
     * (phis, then `br`) keep their place and their line. */
    LLVMBasicBlockRef decided = p.block[1];
    for (int hop = 0; hop < PA_DISPATCH_HOPS; hop++) {
        LLVMBasicBlockRef at = p.block[p.n - 1];
        LLVMValueRef term = LLVMGetBasicBlockTerminator(at);
        if (!term || !only_dispatches(at, term))
            break;
        LLVMOpcode opc = LLVMGetInstructionOpcode(term);
        bool choice = opc == LLVMSwitch || (opc == LLVMBr && LLVMIsConditional(term));
        LLVMBasicBlockRef next = opc == LLVMSwitch ? switch_target(&p, term)
                                 : opc == LLVMBr   ? branch_target(&p, term)
                                                   : NULL;
        if (!next)
            break;
        for (int i = 0; i < p.n; i++)
            if (p.block[i] == next)
                return decided; /* a loop of dispatch blocks: leave it to the dataflow */
        p.block[p.n++] = next;
        if (choice)
            decided = next;
    }
    return decided;
}

/* A branch on a constant (`br i1 true`: EarlyCSE folded the cleanup
 * destination before the CFG was simplified again) has one successor. */
static LLVMBasicBlockRef constant_branch_target(LLVMValueRef term)
{
    int64_t k;
    if (LLVMGetInstructionOpcode(term) == LLVMBr && LLVMIsConditional(term) &&
        const_int(LLVMGetCondition(term), &k))
        return LLVMGetSuccessor(term, k != 0 ? 0 : 1);
    return NULL;
}

/* An integer constant returned (an i1 is a bool, not an error code). */
static bool returned_const(LLVMValueRef v, int64_t *out)
{
    return v && LLVMIsAConstantInt(v) && LLVMGetIntTypeWidth(LLVMTypeOf(v)) > 1 &&
           const_int(v, out);
}

/* What the function returns when it leaves from bb: `ret C`, or a branch
 * into a block that only returns a phi whose incoming value from bb is C
 * (the shared `return rc;` block of -O2 code). */
static void ex_exit_const(ex_ctx *c, LLVMBasicBlockRef bb, LLVMValueRef term, int block)
{
    pa_block *b = &c->f->blocks[block];
    int64_t k;
    LLVMOpcode opc = LLVMGetInstructionOpcode(term);
    if (opc == LLVMRet) {
        if (LLVMGetNumOperands(term) > 0 && returned_const(LLVMGetOperand(term, 0), &k)) {
            b->exit_const_known = true;
            b->exit_const = k;
        }
        return;
    }
    if (opc != LLVMBr)
        return;
    for (unsigned i = 0, n = LLVMGetNumSuccessors(term); i < n; i++) {
        LLVMBasicBlockRef to = LLVMGetSuccessor(term, i);
        LLVMValueRef first = LLVMGetFirstInstruction(to);
        LLVMValueRef ret = LLVMGetBasicBlockTerminator(to);
        if (!first || !ret || LLVMGetInstructionOpcode(ret) != LLVMRet ||
            LLVMGetNumOperands(ret) == 0)
            continue;
        LLVMValueRef phi = LLVMGetOperand(ret, 0);
        if (!LLVMIsAPHINode(phi) || LLVMGetInstructionParent(phi) != to)
            continue;
        for (unsigned j = 0, m = LLVMCountIncoming(phi); j < m; j++)
            if (LLVMGetIncomingBlock(phi, j) == bb &&
                returned_const(LLVMGetIncomingValue(phi, j), &k)) {
                b->exit_const_known = true;
                b->exit_const = k;
                return;
            }
    }
}

/* The value whose zero-ness an integer has, looking through what keeps or
 * flips it: zext/sext, `icmp eq/ne X, 0`, `xor i1 X, true`. *negated says
 * the integer is non-zero exactly when that value is zero. */
static LLVMValueRef truth_of(LLVMValueRef v, bool *negated)
{
    *negated = false;
    for (int step = 0; step < 8 && v && LLVMIsAInstruction(v); step++) {
        LLVMOpcode op = LLVMGetInstructionOpcode(v);
        int64_t k;
        if (op == LLVMZExt || op == LLVMSExt) {
            v = LLVMGetOperand(v, 0);
        } else if (op == LLVMICmp && (LLVMGetICmpPredicate(v) == LLVMIntEQ ||
                                      LLVMGetICmpPredicate(v) == LLVMIntNE)) {
            LLVMValueRef l = LLVMGetOperand(v, 0), r = LLVMGetOperand(v, 1);
            LLVMValueRef x = const_int(r, &k) && k == 0 ? l : const_int(l, &k) && k == 0 ? r : NULL;
            if (!x)
                break;
            *negated ^= LLVMGetICmpPredicate(v) == LLVMIntEQ;
            v = x;
        } else if (op == LLVMXor && LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMIntegerTypeKind &&
                   LLVMGetIntTypeWidth(LLVMTypeOf(v)) == 1 &&
                   const_int(LLVMGetOperand(v, 1), &k) && k != 0) {
            *negated = !*negated;
            v = LLVMGetOperand(v, 0);
        } else {
            break;
        }
    }
    return v;
}

/* Record what a returned integer's zero-ness is that of, when it is a
 * call's result (a trylock, a wrapper): the sense in which a trylock wrapper
 * says it took the lock. */
static void set_exit_truth(ex_ctx *c, int block, LLVMValueRef ret)
{
    int64_t k;
    if (!ret || LLVMGetTypeKind(LLVMTypeOf(ret)) != LLVMIntegerTypeKind || const_int(ret, &k))
        return;
    bool negated;
    LLVMValueRef t = truth_of(ret, &negated);
    if (!t || !LLVMIsACallInst(t) || LLVMGetTypeKind(LLVMTypeOf(t)) != LLVMIntegerTypeKind)
        return;
    int v = ex_value(c, t, 0);
    if (v == PA_NONE)
        return;
    c->f->blocks[block].exit_truth = v;
    c->f->blocks[block].exit_truth_negated = negated;
}

/* ex_exit_const's counterpart for a returned value that is no constant. */
static void ex_exit_truth(ex_ctx *c, LLVMBasicBlockRef bb, LLVMValueRef term, int block)
{
    LLVMOpcode opc = LLVMGetInstructionOpcode(term);
    if (c->f->blocks[block].exit_const_known)
        return;
    if (opc == LLVMRet) {
        if (LLVMGetNumOperands(term) > 0)
            set_exit_truth(c, block, LLVMGetOperand(term, 0));
        return;
    }
    if (opc != LLVMBr || LLVMIsConditional(term))
        return;
    LLVMBasicBlockRef to = LLVMGetSuccessor(term, 0);
    LLVMValueRef ret = LLVMGetBasicBlockTerminator(to);
    if (!ret || LLVMGetInstructionOpcode(ret) != LLVMRet || LLVMGetNumOperands(ret) == 0)
        return;
    LLVMValueRef phi = LLVMGetOperand(ret, 0);
    if (!LLVMIsAPHINode(phi) || LLVMGetInstructionParent(phi) != to)
        return;
    for (unsigned j = 0, m = LLVMCountIncoming(phi); j < m; j++)
        if (LLVMGetIncomingBlock(phi, j) == bb) {
            set_exit_truth(c, block, LLVMGetIncomingValue(phi, j));
            return;
        }
}

static void ex_terminator(ex_ctx *c, LLVMBasicBlockRef bb, int block)
{
    LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);
    if (!term)
        return;
    LLVMBasicBlockRef only = constant_branch_target(term);
    unsigned n = only ? 1 : LLVMGetNumSuccessors(term);
    for (unsigned i = 0; i < n; i++) {
        intptr_t to;
        LLVMBasicBlockRef succ = thread_successor(bb, only ? only : LLVMGetSuccessor(term, i));
        if (pa_map_get(&c->blocks, pa_map_ptr_key(succ), &to) &&
            pa_model_add_succ(c->f, block, (int)to) != 0)
            c->oom = true;
    }
    LLVMOpcode opc = LLVMGetInstructionOpcode(term);
    /* resume leaves the function by exception: an exit like return. */
    c->f->blocks[block].returns = opc == LLVMRet || opc == LLVMResume;
    c->f->blocks[block].resumes = opc == LLVMResume;
    c->f->blocks[block].unreachable = opc == LLVMUnreachable;
    pa_loc origin;
    unsigned depth;
    locate(c, term, &c->f->blocks[block].term_loc, &origin, &depth, NULL,
           &c->f->blocks[block].term_inner, NULL);
    c->f->blocks[block].term_origin_file = origin.file;
    c->f->blocks[block].term_depth = (unsigned char)(depth < 0xff ? depth : 0xff);
    ex_branch_condition(c, term, block);
    ex_exit_const(c, bb, term, block);
    ex_exit_truth(c, bb, term, block);
}

/* ---- functions ----------------------------------------------------------- */

/* Is op o a call of a function of the module that calls an allocator
 * itself (a forwarding wrapper may be one: its calls in a loop are
 * allocations)? */
static bool calls_allocating(ex_ctx *c, const pa_op *o)
{
    if (c->allocating.count == 0 || o->kind != PA_OP_CALL || !(o->call_flags & PA_CALL_DEFINED_HERE) ||
        !o->handle)
        return false;
    LLVMValueRef callee = pa_bridge_aliased_function(LLVMGetCalledValue((LLVMValueRef)o->handle));
    return callee && pa_map_get(&c->allocating, pa_map_ptr_key(callee), NULL);
}

/* For the allocation phase, the blocks whose loops the analyses read (an
 * allocation, a free, string building, a call of a function that
 * allocates): ScalarEvolution's trip counts for the other loops (half of
 * the loops of sqlite3.c) would be read by nobody. NULL otherwise, or when
 * every loop is wanted: the bridge's own choice, loops with a call. */
static unsigned char *loop_reading_blocks(ex_ctx *c)
{
    if (!c->loops_for_allocations || c->every_loop_fact)
        return NULL;
    const pa_function *f = c->f;
    unsigned char *wanted = calloc(f->nblocks ? f->nblocks : 1, 1);
    if (!wanted)
        return NULL;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->block >= 0 && (size_t)o->block < f->nblocks &&
            (pa_analyze_allocation_reads_loop_of(o) || calls_allocating(c, o)))
            wanted[o->block] = 1;
    }
    return wanted;
}

/* Is v the smaller of a and b: `llvm.umin(a, b)`, `llvm.smin`, or the
 * select `a < b ? a : b` (either order; the comparison's direction
 * checked, so a max is none) that code not yet combined keeps? */
static bool min_of(LLVMValueRef v, LLVMValueRef a, LLVMValueRef b)
{
    if (LLVMIsASelectInst(v)) {
        LLVMValueRef cond = LLVMGetOperand(v, 0), x = LLVMGetOperand(v, 1), y = LLVMGetOperand(v, 2);
        if (!LLVMIsAICmpInst(cond))
            return false;
        LLVMValueRef l = LLVMGetOperand(cond, 0), r = LLVMGetOperand(cond, 1);
        if (!((l == a && r == b) || (l == b && r == a)))
            return false;
        switch (LLVMGetICmpPredicate(cond)) {
        case LLVMIntULT: case LLVMIntULE: case LLVMIntSLT: case LLVMIntSLE:
            return x == l && y == r; /* l < r ? l : r */
        case LLVMIntUGT: case LLVMIntUGE: case LLVMIntSGT: case LLVMIntSGE:
            return x == r && y == l; /* l > r ? r : l */
        default:
            return false;
        }
    }
    if (!LLVMIsACallInst(v) || LLVMGetNumArgOperands(v) != 2)
        return false;
    LLVMValueRef fn = LLVMGetCalledValue(v);
    if (!fn || !LLVMIsAFunction(fn) || LLVMGetIntrinsicID(fn) == 0)
        return false;
    size_t len = 0;
    const char *name = LLVMGetValueName2(fn, &len);
    if (!name || (strncmp(name, "llvm.umin.", 10) != 0 && strncmp(name, "llvm.smin.", 10) != 0))
        return false;
    LLVMValueRef x = LLVMGetOperand(v, 0), y = LLVMGetOperand(v, 1);
    return (x == a && y == b) || (x == b && y == a);
}

/* Does fn, defined here, return the smaller of its two integer
 * parameters on its one return (a min helper the inliner has not yet
 * inlined when the lock analysis runs: DuckDB's `MinValue<idx_t>(a, b)`)? */
static bool returns_min_of_params(LLVMValueRef fn)
{
    if (!fn || !LLVMIsAFunction(fn) || LLVMIsDeclaration(fn) || LLVMCountParams(fn) != 2 ||
        LLVMCountBasicBlocks(fn) != 1)
        return false;
    LLVMValueRef ret = LLVMGetBasicBlockTerminator(LLVMGetEntryBasicBlock(fn));
    if (!ret || LLVMGetInstructionOpcode(ret) != LLVMRet || LLVMGetNumOperands(ret) != 1)
        return false;
    LLVMValueRef a = LLVMGetParam(fn, 0), b = LLVMGetParam(fn, 1);
    return is_integer(a) && is_integer(b) && min_of(LLVMGetOperand(ret, 0), a, b);
}

/* The other operand when v is the smaller of phi and it (min_of, or a call
 * of a helper that returns the smaller of its arguments), else NULL. */
static LLVMValueRef min_room_of_phi(LLVMValueRef v, LLVMValueRef phi)
{
    if (LLVMIsASelectInst(v)) {
        LLVMValueRef room = LLVMGetOperand(v, 1) == phi ? LLVMGetOperand(v, 2) : LLVMGetOperand(v, 1);
        return min_of(v, phi, room) ? room : NULL;
    }
    if (!LLVMIsACallInst(v) || LLVMGetNumArgOperands(v) != 2)
        return NULL;
    LLVMValueRef x = LLVMGetOperand(v, 0), y = LLVMGetOperand(v, 1);
    if (x != phi && y != phi)
        return NULL;
    LLVMValueRef room = x == phi ? y : x;
    return min_of(v, x, y) || returns_min_of_params(LLVMGetCalledValue(v)) ? room : NULL;
}

#define EX_ROOM_DEPTH 4       /* operands followed from a batch's room to a phi of the loop */
#define EX_MIN_BATCH 16       /* a constant room below this is no batch */

/* Does the room a pass takes come from something that changes per element:
 * a phi of the loop's header (`s->len` of the element walked, `s` a phi)?
 * Then the loop walks elements, whatever it takes of each. */
static bool room_follows_element(LLVMValueRef v, LLVMBasicBlockRef header, unsigned depth)
{
    if (!LLVMIsAInstruction(v) || depth > EX_ROOM_DEPTH)
        return false;
    if (LLVMIsAPHINode(v))
        return LLVMGetInstructionParent(v) == header;
    int n = LLVMGetNumOperands(v);
    for (int k = 0; k < n && k < 4; k++)
        if (room_follows_element(LLVMGetOperand(v, (unsigned)k), header, depth + 1))
            return true;
    return false;
}

#define EX_EXIT_TEST_USES 16 /* uses of a value looked at for the loop's exit test */
#define EX_EXIT_HOPS 3        /* blocks followed from a branch to where the loop is left */
#define EX_MAX_EXITS 8        /* exit blocks a batch test may lead to */

/* Where the way from block `from` into `to` leaves loop: `to` itself, or
 * through unconditional branches and a switch on a phi whose value that
 * way is a constant (the dispatch of `break` and `continue` before the
 * optimiser threads it: `switch (cleanup.dest)`); PA_NONE when it stays. */
static int leads_out(ex_ctx *c, LLVMBasicBlockRef from, LLVMBasicBlockRef to, int loop, unsigned hops)
{
    int tb = model_block(c, to);
    if (tb == PA_NONE)
        return PA_NONE;
    if (!pa_block_in_loop(c->f, tb, loop))
        return tb;
    LLVMValueRef term = LLVMGetBasicBlockTerminator(to);
    if (!term || hops >= EX_EXIT_HOPS)
        return PA_NONE;
    if (LLVMIsABranchInst(term) && !LLVMIsConditional(term))
        return leads_out(c, to, LLVMGetSuccessor(term, 0), loop, hops + 1);
    if (!LLVMIsASwitchInst(term))
        return PA_NONE;
    LLVMValueRef cond = LLVMGetOperand(term, 0);
    if (!LLVMIsAPHINode(cond) || LLVMGetInstructionParent(cond) != to)
        return PA_NONE;
    LLVMValueRef taken = NULL;
    for (unsigned i = 0; i < LLVMCountIncoming(cond); i++)
        if (LLVMGetIncomingBlock(cond, i) == from)
            taken = LLVMGetIncomingValue(cond, i);
    if (!taken || !LLVMIsAConstantInt(taken))
        return PA_NONE;
    /* Operands: the condition, the default destination, then value and destination pairs. */
    LLVMBasicBlockRef dest = LLVMGetSwitchDefaultDest(term);
    unsigned nops = (unsigned)LLVMGetNumOperands(term);
    for (unsigned k = 2; k + 1 < nops; k += 2)
        if (LLVMGetOperand(term, k) == taken)
            dest = LLVMValueAsBasicBlock(LLVMGetOperand(term, k + 1));
    return leads_out(c, to, dest, loop, hops + 1);
}

/* The blocks outside loop that a branch of the loop on a comparison of v
 * leads to (at most EX_MAX_EXITS, in exits[]); their number. */
static size_t loop_exit_tests(ex_ctx *c, LLVMValueRef v, int loop, int *exits, size_t n)
{
    unsigned seen = 0;
    for (LLVMUseRef u = LLVMGetFirstUse(v); u && seen < EX_EXIT_TEST_USES; u = LLVMGetNextUse(u), seen++) {
        LLVMValueRef cmp = LLVMGetUser(u);
        if (!LLVMIsAICmpInst(cmp))
            continue;
        unsigned seen_br = 0;
        for (LLVMUseRef w = LLVMGetFirstUse(cmp); w && seen_br < EX_EXIT_TEST_USES;
             w = LLVMGetNextUse(w), seen_br++) {
            LLVMValueRef br = LLVMGetUser(w);
            int from = LLVMIsABranchInst(br) && LLVMIsConditional(br)
                           ? model_block(c, LLVMGetInstructionParent(br))
                           : PA_NONE;
            if (from == PA_NONE || !pa_block_in_loop(c->f, from, loop))
                continue;
            for (unsigned k = 0; k < LLVMGetNumSuccessors(br) && n < EX_MAX_EXITS; k++) {
                int out = leads_out(c, LLVMGetInstructionParent(br), LLVMGetSuccessor(br, k), loop, 0);
                if (out != PA_NONE)
                    exits[n++] = out;
            }
        }
    }
    return n;
}

/* Does every normal way out of loop lead into one of exits[]? A way out
 * into a crash (`unreachable`) or an exception's landing pad does not
 * count: a loop left by the batch test or a trap is still a batch loop,
 * one also left by its own index (`for (i = 0; i < n; i++)`) is not. */
static bool only_exits(const pa_function *f, int loop, const int *exits, size_t n)
{
    for (size_t b = 0; b < f->nblocks; b++) {
        if (!pa_block_in_loop(f, (int)b, loop))
            continue;
        for (size_t k = 0; k < f->blocks[b].nsuccs; k++) {
            int t = f->blocks[b].succs[k];
            if (!pa_block_ok(f, t) || pa_block_in_loop(f, t, loop) || f->blocks[t].unreachable ||
                f->blocks[t].eh_pad)
                continue;
            bool listed = false;
            for (size_t i = 0; i < n && !listed; i++)
                listed = exits[i] == t;
            if (!listed)
                return false;
        }
    }
    return true;
}

/* Does each pass of loop take a batch of what remains and stop when
 * nothing does: an integer phi of the header that comes back as
 * `remaining - min(remaining, room)`, where room neither follows the
 * element walked nor is a small constant, and every normal way out of the
 * loop is a test of it (DuckDB's RowGroupCollection::Append, a write loop
 * copying up to the buffer's free room)? Such a loop runs once per batch,
 * not per element. */
static bool drains_in_batches(ex_ctx *c, int loop, LLVMBasicBlockRef header)
{
    for (LLVMValueRef phi = LLVMGetFirstInstruction(header); phi && LLVMIsAPHINode(phi);
         phi = LLVMGetNextInstruction(phi)) {
        if (!is_integer(phi))
            continue;
        for (unsigned i = 0; i < LLVMCountIncoming(phi); i++) {
            int from = model_block(c, LLVMGetIncomingBlock(phi, i));
            LLVMValueRef next = LLVMGetIncomingValue(phi, i);
            if (from == PA_NONE || !pa_block_in_loop(c->f, from, loop) || !LLVMIsAInstruction(next) ||
                LLVMGetInstructionOpcode(next) != LLVMSub || LLVMGetOperand(next, 0) != phi)
                continue;
            LLVMValueRef room = min_room_of_phi(LLVMGetOperand(next, 1), phi);
            if (!room || room_follows_element(room, header, 0) ||
                (LLVMIsAConstantInt(room) && LLVMConstIntGetZExtValue(room) < EX_MIN_BATCH))
                continue;
            int exits[EX_MAX_EXITS];
            size_t n = loop_exit_tests(c, next, loop, exits, 0);
            n = loop_exit_tests(c, phi, loop, exits, n);
            if (n > 0 && only_exits(c->f, loop, exits, n))
                return true;
        }
    }
    return false;
}

static void ex_loops(ex_ctx *c)
{
    pa_bridge_block *bi = NULL;
    pa_bridge_loop *li = NULL;
    size_t nloops = 0;
    unsigned char *wanted = loop_reading_blocks(c);
    int rc = pa_bridge_function_loops(c->b, c->fn, c->every_loop_fact, wanted, &bi, &li, &nloops);
    free(wanted);
    if (rc != 0)
        return; /* frequencies stay 1.0 and nothing is in a loop: weaker, not wrong */
    for (size_t i = 0; i < nloops; i++) {
        int id = pa_model_add_loop(c->f, li[i].parent);
        if (id == PA_NONE) {
            c->oom = true;
            break;
        }
        pa_loop *l = &c->f->loops[id];
        l->depth = li[i].depth;
        l->trip_count = (int64_t)li[i].trip_count;
        l->max_trip_count = (int64_t)li[i].max_trip_count;
        l->trip_text = li[i].trip_text[0] ? pa_model_str(c->m, li[i].trip_text) : NULL;
        l->max_trip_text = li[i].max_trip_text[0] ? pa_model_str(c->m, li[i].max_trip_text) : NULL;
        intptr_t hb;
        if (pa_map_get(&c->blocks, pa_map_ptr_key(li[i].header), &hb)) {
            l->header = (int)hb;
            LLVMValueRef first = LLVMGetFirstInstruction(li[i].header);
            for (; first; first = LLVMGetNextInstruction(first)) {
                pa_loc origin;
                unsigned depth;
                locate(c, first, &l->loc, &origin, &depth, NULL, &l->inner, NULL);
                l->inline_depth = depth;
                if (l->loc.line)
                    break;
            }
        }
    }
    for (size_t i = 0; i < c->f->nblocks; i++) {
        c->f->blocks[i].loop = bi[i].loop;
        c->f->blocks[i].loop_depth = bi[i].depth;
        c->f->blocks[i].freq = bi[i].freq;
    }
    for (size_t i = 0; i < nloops && i < c->f->nloops; i++)
        if (c->f->loops[i].trip_count == 0 && c->f->loops[i].header != PA_NONE)
            c->f->loops[i].batched = drains_in_batches(c, (int)i, li[i].header);
    free(bi);
    free(li);
}

static bool has_fn_attribute(LLVMValueRef fn, const char *attr)
{
    unsigned kind = LLVMGetEnumAttributeKindForName(attr, strlen(attr));
    return kind && LLVMGetEnumAttributeAtIndex(fn, (LLVMAttributeIndex)LLVMAttributeFunctionIndex, kind) != NULL;
}

/* Is parameter i declared never NULL (nonnull, or dereferenceable: a C++
 * reference or `this`)? */
static bool param_never_null(LLVMValueRef fn, unsigned i)
{
    if (LLVMGetTypeKind(LLVMTypeOf(LLVMGetParam(fn, i))) != LLVMPointerTypeKind)
        return false;
    static const char *const attrs[] = {"nonnull", "dereferenceable"};
    for (size_t k = 0; k < sizeof attrs / sizeof *attrs; k++) {
        unsigned kind = LLVMGetEnumAttributeKindForName(attrs[k], strlen(attrs[k]));
        if (kind && LLVMGetEnumAttributeAtIndex(fn, (LLVMAttributeIndex)(i + 1), kind) != NULL)
            return true;
    }
    return false;
}

static bool param_is_sret(LLVMValueRef fn, unsigned i)
{
    unsigned kind = LLVMGetEnumAttributeKindForName("sret", 4);
    return kind && LLVMGetEnumAttributeAtIndex(fn, (LLVMAttributeIndex)(i + 1), kind) != NULL;
}

static bool is_eh_pad(LLVMBasicBlockRef bb)
{
    LLVMValueRef first = LLVMGetFirstInstruction(bb);
    while (first && LLVMGetInstructionOpcode(first) == LLVMPHI)
        first = LLVMGetNextInstruction(first);
    return first && (LLVMIsALandingPadInst(first) || LLVMIsACleanupPadInst(first) ||
                     LLVMIsACatchPadInst(first) || LLVMIsACatchSwitchInst(first));
}

/* Does f make such a call (calls_allocating)? */
static bool calls_allocating_function(ex_ctx *c, const pa_function *f)
{
    for (size_t i = 0; i < f->nops && c->allocating.count > 0; i++)
        if (calls_allocating(c, &f->ops[i]))
            return true;
    return false;
}

static void read_function(ex_ctx *c, LLVMValueRef fn, pa_function *f)
{
    size_t len = 0;
    const char *name = LLVMGetValueName2(fn, &len);
    unsigned nparams = f->nparams;
    c->f = f;
    c->fn = fn;
    f->handle = fn;
    if (name && strncmp(name, STATIC_INIT_PREFIX, strlen(STATIC_INIT_PREFIX)) == 0 &&
        name[strlen(STATIC_INIT_PREFIX)]) {
        /* The per-file function that runs a TU's static initialisers. */
        char readable[512];
        snprintf(readable, sizeof readable, "static initializer of %s", name + strlen(STATIC_INIT_PREFIX));
        f->demangled = pa_model_str(c->m, readable);
    } else {
        const char *d = model_demangled(c, name);
        if (d)
            f->demangled = d;
    }
    f->optnone = has_fn_attribute(fn, "optnone");
    f->cold = has_fn_attribute(fn, "cold");
    LLVMLinkage linkage = LLVMGetLinkage(fn);
    f->is_static = linkage == LLVMInternalLinkage || linkage == LLVMPrivateLinkage;
    LLVMMetadataRef sp = LLVMGetSubprogram(fn);
    if (sp) {
        f->loc.line = LLVMDISubprogramGetLine(sp);
        f->loc.file = scope_file(c, sp);
    }
    pa_map_clear(&c->values);
    pa_map_clear(&c->blocks);
    pa_map_clear(&c->stores_in);
    c->stores_scanned = false;
    for (unsigned i = 0; i < nparams; i++) {
        LLVMValueRef p = LLVMGetParam(fn, i);
        int v = new_value(c, p, PA_VAL_ARG);
        if (v == PA_NONE)
            return;
        f->values[v].param_index = (int)i;
        f->values[v].nonnull = param_never_null(fn, i);
        f->values[v].sret = param_is_sret(fn, i);
        char vname[256];
        if (pa_bridge_variable_name(p, vname, sizeof vname))
            f->values[v].name = pa_model_str(c->m, vname);
    }
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
        int id = pa_model_add_block(f);
        if (id == PA_NONE || pa_map_put(&c->blocks, pa_map_ptr_key(bb), id) != 0) {
            c->oom = true;
            return;
        }
        f->blocks[id].eh_pad = is_eh_pad(bb);
    }
    int block = 0;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb && !c->oom; bb = LLVMGetNextBasicBlock(bb), block++) {
        for (LLVMValueRef inst = LLVMGetFirstInstruction(bb); inst && !c->oom; inst = LLVMGetNextInstruction(inst))
            ex_instruction(c, inst, block);
        ex_terminator(c, bb, block);
    }
    if (!c->oom && (!c->loops_for_allocations || pa_analyze_allocation_needs_loops(f) ||
                    calls_allocating_function(c, f)))
        ex_loops(c);
}

/* An exact-size copy of n elements of `from` (NULL when n is 0), or NULL
 * with *oom set. */
static void *exact_copy(const void *from, size_t n, size_t elem, bool *oom)
{
    if (n == 0)
        return NULL;
    void *to = malloc(n * elem);
    if (!to) {
        *oom = true;
        return NULL;
    }
    memcpy(to, from, n * elem);
    return to;
}

/* f's values, ops and blocks move out of the scratch arrays into arrays of
 * their exact size; the scratch arrays, as grown, serve the next function. */
static void keep_exact_arrays(ex_ctx *c, pa_function *f)
{
    c->scratch.values = f->values;
    c->scratch.cap_values = f->cap_values;
    c->scratch.ops = f->ops;
    c->scratch.cap_ops = f->cap_ops;
    c->scratch.blocks = f->blocks;
    c->scratch.cap_blocks = f->cap_blocks;
    bool oom = false;
    f->values = exact_copy(c->scratch.values, f->nvalues, sizeof *f->values, &oom);
    f->ops = exact_copy(c->scratch.ops, f->nops, sizeof *f->ops, &oom);
    f->blocks = exact_copy(c->scratch.blocks, f->nblocks, sizeof *f->blocks, &oom);
    if (oom) {
        /* The model is dropped; what it frees must be its own. */
        free(f->values);
        free(f->ops);
        free(f->blocks);
        f->values = NULL;
        f->ops = NULL;
        f->blocks = NULL;
        f->nvalues = f->nops = f->nblocks = 0;
        c->oom = true;
    }
    f->cap_values = f->nvalues;
    f->cap_ops = f->nops;
    f->cap_blocks = f->nblocks;
}

static void ex_function(ex_ctx *c, LLVMValueRef fn)
{
    size_t len = 0;
    const char *name = LLVMGetValueName2(fn, &len);
    pa_function *f = pa_model_add_function(c->m, name, LLVMCountParams(fn));
    if (!f) {
        c->oom = true;
        return;
    }
    f->values = c->scratch.values;
    f->cap_values = c->scratch.cap_values;
    f->ops = c->scratch.ops;
    f->cap_ops = c->scratch.cap_ops;
    f->blocks = c->scratch.blocks;
    f->cap_blocks = c->scratch.cap_blocks;
    read_function(c, fn, f);
    keep_exact_arrays(c, f);
}

/* ---- which functions the lock analysis can see ---------------------------- */

/* What a call or invoke instruction calls (a function, or the pointer an
 * indirect call goes through); NULL for any other instruction. */
static LLVMValueRef called_value(LLVMValueRef inst)
{
    return LLVMIsACallInst(inst) || LLVMIsAInvokeInst(inst) ? LLVMGetCalledValue(inst) : NULL;
}

/* The function a call instruction reaches directly, or NULL. */
static LLVMValueRef direct_callee(LLVMValueRef inst)
{
    LLVMValueRef callee = pa_bridge_aliased_function(called_value(inst));
    return callee && LLVMIsAFunction(callee) ? callee : NULL;
}

static bool takes_locks(ex_ctx *c, LLVMValueRef callee)
{
    size_t len = 0;
    const char *cname = NULL;
    const char *name = LLVMGetValueName2(callee, &len);
    const pa_cat_entry *e = pa_classify_call(&c->cls, callee, &cname);
    /* Mutex set-up too: a recursive attribute is found where it is set. */
    if (name && (strcmp(name, "pthread_mutex_init") == 0 || strcmp(name, "pthread_mutexattr_settype") == 0))
        return true;
    return e && (e->role == PA_CAT_LOCK || e->role == PA_CAT_TRYLOCK || e->role == PA_CAT_UNLOCK ||
                 (e->role == PA_CAT_BLOCKING && e->ptr_arg >= 0));
}

/* Does a call to callee open a descriptor or set its flags (whether a
 * read under a lock may wait: passes/fd_facts.c)? Only the calling
 * function is needed. */
static bool sets_descriptor_flags(ex_ctx *c, LLVMValueRef callee)
{
    (void)c;
    size_t len = 0;
    const char *name = LLVMGetValueName2(callee, &len);
    return name && pa_fd_facts_names_opener(name);
}

/* Does a call to callee allocate or free (what the allocation analyses
 * follow through callers and callees)? */
static bool touches_heap(ex_ctx *c, LLVMValueRef callee)
{
    const char *name = NULL;
    const pa_cat_entry *e = pa_classify_call(&c->cls, callee, &name);
    return e && (e->role == PA_CAT_ALLOC || e->role == PA_CAT_REALLOC || e->role == PA_CAT_FREE);
}

/* Does a call to callee build a string or a container (strcat, strlen in
 * a loop, std::string or std::vector growth out of line)? Only the calling
 * function is looked at. */
static bool builds_strings(ex_ctx *c, LLVMValueRef callee)
{
    (void)c;
    size_t len = 0;
    const char *name = LLVMGetValueName2(callee, &len);
    return name && (strstr(name, "strcat") || strstr(name, "strncat") || strstr(name, "wcscat") ||
                    strstr(name, "wcsncat") || strcmp(name, "strlen") == 0 ||
                    pa_catalog_names_library_growth(name));
}

/* Append one call (callee NULL: the end of a function) to c->calls. */
static int keep_call(ex_ctx *c, LLVMValueRef in, LLVMValueRef callee, size_t block)
{
    seen_call *a = pa_array_reserve(c->calls, &c->cap_calls, c->ncalls + 1, sizeof *a);
    if (!a)
        return -1;
    c->calls = a;
    a[c->ncalls++] = (seen_call){in, callee, block};
    return 0;
}

/* The module's direct calls among its defined functions, as
 * relevant_functions reads them: a dense id per defined function, the
 * callees of each (CSR: calls[first[id]..first[id + 1]]), and what its own
 * calls pick. */
typedef struct rel_graph {
    pa_map index;             /* function -> dense id */
    pa_map kinds;             /* callee -> 1 seed, 2 self seed, 3 neither */
    LLVMValueRef *fns;        /* dense id -> function */
    size_t n;
    int *calls, *first;
    size_t ncalls;
    unsigned char *state; /* 1: calls a seed (then: reaches one), 2: kept */
    unsigned char *self;  /* calls a self seed: kept alone */
    unsigned char *dir;   /* calls a seed, or (3 levels) a function that does */
    /* The allocation phase's reading: a function that returns what a
     * function of another file returned is kept too, for its summary's
     * returns_fresh_from (the advisor's cross-TU loop-alloc join). */
    bool returners;
} rel_graph;

typedef bool (*rel_seed_fn)(ex_ctx *c, LLVMValueRef callee);

static void rel_graph_free(rel_graph *g)
{
    pa_map_free(&g->index);
    pa_map_free(&g->kinds);
    free(g->fns);
    free(g->calls);
    free(g->first);
    free(g->state);
    free(g->self);
    free(g->dir);
}

/* Dense ids for the defined functions. Returns -1 on OOM. */
static int rel_graph_init(rel_graph *g, LLVMModuleRef M)
{
    size_t cap = 0;
    for (LLVMValueRef fn = LLVMGetFirstFunction(M); fn; fn = LLVMGetNextFunction(fn)) {
        if (LLVMIsDeclaration(fn))
            continue;
        LLVMValueRef *p = pa_array_reserve(g->fns, &cap, g->n + 1, sizeof *p);
        if (!p)
            return -1;
        g->fns = p;
        if (pa_map_put(&g->index, pa_map_ptr_key(fn), (intptr_t)g->n) != 0)
            return -1;
        g->fns[g->n++] = fn;
    }
    size_t n = g->n ? g->n : 1;
    g->first = calloc(n + 1, sizeof *g->first);
    g->state = calloc(n, 1);
    g->self = calloc(n, 1);
    g->dir = calloc(n, 1);
    return g->first && g->state && g->self && g->dir ? 0 : -1;
}

/* Is the value of inst (a call) returned: a `ret` of it, or of a phi or
 * select it feeds? */
static bool result_returned(LLVMValueRef inst)
{
    for (LLVMUseRef u = LLVMGetFirstUse(inst); u; u = LLVMGetNextUse(u)) {
        LLVMValueRef user = LLVMGetUser(u);
        if (LLVMIsAReturnInst(user))
            return true;
        if (!LLVMIsAPHINode(user) && !LLVMIsASelectInst(user))
            continue;
        for (LLVMUseRef m = LLVMGetFirstUse(user); m; m = LLVMGetNextUse(m))
            if (LLVMIsAReturnInst(LLVMGetUser(m)))
                return true;
    }
    return false;
}

/* g->returners: a call of a function of another file whose pointer result
 * the caller returns keeps the caller alone (its callers need no reading
 * for it). */
static void rel_note_returned_result(rel_graph *g, size_t i, LLVMValueRef inst, LLVMValueRef callee)
{
    if (!g->returners || g->self[i] || !inst || !LLVMIsDeclaration(callee) ||
        LLVMGetTypeKind(LLVMGetReturnType(LLVMGlobalGetValueType(callee))) != LLVMPointerTypeKind)
        return;
    if (LLVMGetIntrinsicID(callee) == 0 && result_returned(inst))
        g->self[i] = 1;
}

/* What the function i's direct call to callee says of i. Names are looked
 * up once per callee, not once per call. Returns -1 on OOM. */
static int rel_note_callee(ex_ctx *c, rel_graph *g, size_t i, LLVMValueRef callee, rel_seed_fn seed,
                           rel_seed_fn self_seed)
{
    intptr_t kind;
    if (!pa_map_get(&g->kinds, pa_map_ptr_key(callee), &kind)) {
        kind = seed(c, callee) ? 1 : self_seed && self_seed(c, callee) ? 2 : 3;
        if (pa_map_put(&g->kinds, pa_map_ptr_key(callee), kind) != 0)
            return -1;
    }
    if (kind == 1)
        g->state[i] = g->dir[i] = 1;
    else if (kind == 2)
        g->self[i] = 1;
    return 0;
}

/* A call through a configured hook (a global function pointer) picked by
 * seed marks its caller. */
static void rel_note_hook(ex_ctx *c, rel_graph *g, size_t i, LLVMValueRef called, rel_seed_fn seed)
{
    if (called && c->cls.catalog && c->cls.catalog->count > 0 && LLVMIsALoadInst(called) && seed(c, called))
        g->state[i] = 1;
}

/* The graph from every instruction of the module, in order; the walk
 * also keeps the calls for the call profile (c->keep_calls). */
static int rel_graph_by_walk(ex_ctx *c, rel_graph *g, rel_seed_fn seed, rel_seed_fn self_seed)
{
    size_t capcalls = 0;
    for (size_t i = 0; i < g->n; i++) {
        g->first[i] = (int)g->ncalls;
        size_t block = 0;
        if (c->keep_calls && pa_map_put(&c->calls_of, pa_map_ptr_key(g->fns[i]), (intptr_t)c->ncalls + 1) != 0)
            return -1;
        for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(g->fns[i]); bb; bb = LLVMGetNextBasicBlock(bb), block++)
            for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) {
                LLVMValueRef called = called_value(in);
                if (!called)
                    continue;
                LLVMValueRef target = pa_bridge_aliased_function(called);
                LLVMValueRef callee = LLVMIsAFunction(target) ? target : NULL;
                if (callee && c->keep_calls && keep_call(c, in, callee, block) != 0)
                    return -1;
                if (!callee) {
                    rel_note_hook(c, g, i, called, seed);
                    continue;
                }
                intptr_t id;
                if (rel_note_callee(c, g, i, callee, seed, self_seed) != 0)
                    return -1;
                rel_note_returned_result(g, i, in, callee);
                if (!pa_map_get(&g->index, pa_map_ptr_key(callee), &id))
                    continue;
                int *p = pa_array_reserve(g->calls, &capcalls, g->ncalls + 1, sizeof *p);
                if (!p)
                    return -1;
                g->calls = p;
                g->calls[g->ncalls++] = (int)id;
            }
        if (c->keep_calls && keep_call(c, NULL, NULL, 0) != 0)
            return -1;
    }
    g->first[g->n] = (int)g->ncalls;
    return 0;
}

/* The calling function of a use of callee when it is a direct call of it,
 * else NULL. Only the use as the called operand (a call's last operand)
 * counts: `f(f)` is one call. */
static LLVMValueRef caller_of_call_use(LLVMUseRef u, LLVMValueRef callee)
{
    LLVMValueRef user = LLVMGetUser(u);
    if (called_value(user) != callee || LLVMGetOperandUse(user, (unsigned)LLVMGetNumOperands(user) - 1) != u)
        return NULL;
    return LLVMGetBasicBlockParent(LLVMGetInstructionParent(user));
}

/* c->calls (and c->calls_of) for the call profile: each defined
 * function's direct calls in program order (calls[], as
 * pa_bridge_direct_calls orders them: grouped by caller in the module's
 * order), as rel_graph_by_walk keeps them. Returns -1 on OOM. */
static int keep_calls_in_order(ex_ctx *c, const rel_graph *g, const pa_bridge_call *calls, size_t ncalls)
{
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (pa_map_put(&c->calls_of, pa_map_ptr_key(g->fns[i]), (intptr_t)c->ncalls + 1) != 0)
            return -1;
        for (; k < ncalls && calls[k].caller == g->fns[i]; k++)
            if (keep_call(c, calls[k].inst, calls[k].callee, calls[k].block) != 0)
                return -1;
        if (keep_call(c, NULL, NULL, 0) != 0)
            return -1;
    }
    return 0;
}

/* When `load` is a load whose value some call calls: what seed says of
 * that hook marks the calling function. */
static void rel_note_called_load(ex_ctx *c, rel_graph *g, LLVMValueRef load, rel_seed_fn seed)
{
    if (!LLVMIsALoadInst(load))
        return;
    for (LLVMUseRef lu = LLVMGetFirstUse(load); lu; lu = LLVMGetNextUse(lu)) {
        intptr_t caller_id;
        LLVMValueRef caller = caller_of_call_use(lu, load);
        if (caller && pa_map_get(&g->index, pa_map_ptr_key(caller), &caller_id))
            rel_note_hook(c, g, (size_t)caller_id, load, seed);
    }
}

/* The same graph from the use lists of the module's functions (and of the
 * configured hooks): only the calls are visited, not every instruction. On
 * sqlite3.c without a configuration the walk was a quarter of the plugin's
 * time, most of it waiting for memory (docs/performance.md). The edges of
 * a function come in another order than the walk's; what
 * relevant_functions computes from them is a set and does not depend on
 * it. Returns 1 when hooks named through fields (dotted entries) may be
 * called: only the walk finds those. */
static int rel_graph_by_uses(ex_ctx *c, rel_graph *g, LLVMModuleRef M, rel_seed_fn seed,
                             rel_seed_fn self_seed)
{
    if (c->cls.catalog && c->cls.catalog->has_dotted)
        return 1;
    struct rel_edge {
        int from, to;
    } *edges = NULL;
    int *at = NULL; /* per caller: where its next edge goes in g->calls */
    size_t nedges = 0, capedges = 0;
    pa_bridge_call *calls = NULL;
    size_t ncalls = 0;
    int rc = -1;
    if (pa_bridge_direct_calls(c->b, c->keep_calls, &calls, &ncalls) != 0)
        goto done;
    LLVMValueRef last_caller = NULL;
    intptr_t caller_id = 0;
    bool caller_known = false;
    for (size_t k = 0; k < ncalls; k++) {
        intptr_t callee_id;
        if (calls[k].caller != last_caller) {
            last_caller = calls[k].caller;
            caller_known = pa_map_get(&g->index, pa_map_ptr_key(last_caller), &caller_id);
        }
        if (!caller_known)
            continue; /* not in a defined function: nothing to mark */
        if (rel_note_callee(c, g, (size_t)caller_id, calls[k].callee, seed, self_seed) != 0)
            goto done;
        rel_note_returned_result(g, (size_t)caller_id, calls[k].inst, calls[k].callee);
        if (!pa_map_get(&g->index, pa_map_ptr_key(calls[k].callee), &callee_id))
            continue;
        struct rel_edge *e = pa_array_reserve(edges, &capedges, nedges + 1, sizeof *e);
        if (!e)
            goto done;
        edges = e;
        edges[nedges++] = (struct rel_edge){(int)caller_id, (int)callee_id};
    }
    /* Calls through a global function pointer a configuration entry names:
     * loads of the global that are called. */
    for (LLVMValueRef gv = LLVMGetFirstGlobal(M); gv && c->cls.catalog && c->cls.catalog->count > 0;
         gv = LLVMGetNextGlobal(gv)) {
        size_t len = 0;
        const char *name = LLVMGetValueName2(gv, &len);
        if (!name || !pa_catalog_find_project(c->cls.catalog, name))
            continue;
        for (LLVMUseRef u = LLVMGetFirstUse(gv); u; u = LLVMGetNextUse(u)) {
            LLVMValueRef user = LLVMGetUser(u);
            /* hook_name also reads a load through a constant GEP of it. */
            if (LLVMIsAConstantExpr(user) && LLVMGetConstOpcode(user) == LLVMGetElementPtr) {
                for (LLVMUseRef gu = LLVMGetFirstUse(user); gu; gu = LLVMGetNextUse(gu))
                    rel_note_called_load(c, g, LLVMGetUser(gu), seed);
            } else {
                rel_note_called_load(c, g, user, seed);
            }
        }
    }
    /* Edges grouped by caller (a counting sort). */
    g->calls = malloc((nedges ? nedges : 1) * sizeof *g->calls);
    at = malloc((g->n ? g->n : 1) * sizeof *at);
    if (!g->calls || !at)
        goto done;
    for (size_t k = 0; k < nedges; k++)
        g->first[edges[k].from + 1]++;
    for (size_t i = 0; i < g->n; i++)
        g->first[i + 1] += g->first[i];
    memcpy(at, g->first, g->n * sizeof *at);
    for (size_t k = 0; k < nedges; k++)
        g->calls[at[edges[k].from]++] = edges[k].to;
    g->ncalls = nedges;
    if (c->keep_calls && keep_calls_in_order(c, g, calls, ncalls) != 0)
        goto done;
    rc = 0;
done:
    free(edges);
    free(at);
    free(calls);
    return rc;
}

/* Functions whose calls `seed` picks, their callers (transitively: a lock
 * may be held there, an allocation wrapper called) and everything those
 * call (whose summaries say what happens to the lock or the pointer), plus
 * functions whose calls `self_seed` (may be NULL) picks, alone. The rest
 * cannot change a finding, and a code base that reaches its locks or its
 * allocator through function pointers (SQLite) is then read in a fraction
 * of the time. Marks keep[fn] = 1, and direct[fn] = 1 (when given) for the
 * functions that call a seed, or a function that does, up to 3 levels.
 * Returns -1 on OOM. */
static int relevant_functions(ex_ctx *c, LLVMModuleRef M, rel_seed_fn seed, rel_seed_fn self_seed, pa_map *keep,
                              pa_map *direct)
{
    rel_graph g;
    memset(&g, 0, sizeof g);
    int rc = -1;
    if (rel_graph_init(&g, M) != 0)
        goto done;
    g.returners = seed == touches_heap;
    /* The walk only when it is needed: to find hooks the use lists cannot
     * (it then also keeps the calls for the profile). */
    int by_uses = rel_graph_by_uses(c, &g, M, seed, self_seed);
    if (by_uses < 0 || (by_uses == 1 && rel_graph_by_walk(c, &g, seed, self_seed) != 0))
        goto done;
    size_t n = g.n;
    const int *first = g.first, *calls = g.calls;
    unsigned char *state = g.state, *dir = g.dir;
    /* Wrappers of wrappers, a few levels deep. */
    for (int round = 0; direct && round < 3; round++) {
        for (size_t i = 0; i < n; i++)
            for (int k = first[i]; !dir[i] && k < first[i + 1]; k++)
                if (dir[calls[k]] == 1)
                    dir[i] = 2; /* found in this round */
        for (size_t i = 0; i < n; i++)
            dir[i] = dir[i] ? 1 : 0;
    }
    for (size_t i = 0; direct && i < n; i++)
        if (dir[i] && pa_map_put(direct, pa_map_ptr_key(g.fns[i]), 1) != 0)
            goto done;
    /* Callers of lock takers, to a fixpoint (bounded by n rounds). */
    for (size_t round = 0, changed = 1; changed && round <= n; round++) {
        changed = 0;
        for (size_t i = 0; i < n; i++)
            for (int k = first[i]; !state[i] && k < first[i + 1]; k++)
                if (state[calls[k]]) {
                    state[i] = 1;
                    changed = 1;
                }
    }
    /* Everything they call, transitively. */
    int *stack = malloc((n ? n : 1) * sizeof *stack);
    size_t sp = 0;
    if (!stack)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (state[i] == 1) {
            state[i] = 2;
            stack[sp++] = (int)i;
        }
    while (sp > 0) {
        int i = stack[--sp];
        for (int k = first[i]; k < first[i + 1]; k++)
            if (state[calls[k]] != 2) {
                state[calls[k]] = 2;
                stack[sp++] = calls[k];
            }
    }
    free(stack);
    rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (state[i] == 2 || g.self[i])
            rc = pa_map_put(keep, pa_map_ptr_key(g.fns[i]), 1);
done:
    rel_graph_free(&g);
    return rc;
}

/* ---- the call profile: every function's calls, for the advisor ---------- */

/* A callee worth a call-graph edge: a named function that is neither an
 * intrinsic, a catalogued library function, nor a library declaration the
 * compiler knows (nofree, as LLVM marks the C library's functions) or one
 * that never returns. Asked once per callee (cache: callee -> 1 yes, 2 no). */
static bool profiled_callee(pa_map *cache, LLVMValueRef callee)
{
    intptr_t kind;
    if (pa_map_get(cache, pa_map_ptr_key(callee), &kind))
        return kind == 1;
    size_t len = 0;
    const char *name = LLVMGetValueName2(callee, &len);
    bool yes = name && *name && LLVMGetIntrinsicID(callee) == 0;
    if (yes && LLVMIsDeclaration(callee))
        yes = !pa_catalog_lookup(name) && !has_fn_attribute(callee, "nofree") &&
              !has_fn_attribute(callee, "noreturn");
    pa_map_put(cache, pa_map_ptr_key(callee), yes ? 1 : 2); /* out of memory: asked again */
    return yes;
}

/* One entry of a function's call profile: its callee (a module names each
 * function once, so pointers tell callees apart without comparing names)
 * and its most frequent call. */
typedef struct profile_entry {
    LLVMValueRef callee, best;
} profile_entry;

/* Record a call of profile p to `callee` at `in`, block frequency f; e[i]
 * belongs to p's i-th entry. Returns 0, or -1 on out of memory. */
static int profile_call(ex_ctx *c, int p, LLVMValueRef callee, LLVMValueRef in, double f,
                        profile_entry **e, size_t *cap)
{
    pa_call_profile *pr = &c->m->profiles[p];
    for (size_t i = 0; i < pr->ncalls; i++) {
        if ((*e)[i].callee != callee)
            continue;
        /* pa_model_profile_call's update, without its search by name. */
        if (pa_call_site_count(&pr->calls[i], f, NULL))
            (*e)[i].best = in;
        return 0;
    }
    size_t n = pr->ncalls, len = 0;
    profile_entry *a = pa_array_reserve(*e, cap, n + 1, sizeof *a);
    if (!a)
        return -1;
    *e = a;
    if (pa_model_profile_call(c->m, p, LLVMGetValueName2(callee, &len), f, NULL) != 0)
        return -1;
    a[n].callee = callee;
    a[n].best = in;
    return 0;
}

/* What one function's profile is built from: its calls in order. */
typedef struct profile_walk {
    ex_ctx *c;
    int p;              /* the profile */
    LLVMValueRef fn;
    size_t nblocks;
    double *freq;       /* per block, computed at the first profiled call */
    profile_entry *e;   /* per entry of the profile */
    size_t cap;
    pa_map *cache;      /* profiled_callee's */
    pa_map inlined;     /* inlined call sites (DILocation) already counted */
} profile_walk;

/* The block frequencies of w's function, computed the first time a call
 * needs them: only for functions that call something, and only where there
 * is more than one block. false on out of memory. */
static bool walk_freqs(profile_walk *w)
{
    if (w->freq)
        return true;
    w->freq = malloc((w->nblocks ? w->nblocks : 1) * sizeof *w->freq);
    if (!w->freq)
        return false;
    if (w->nblocks < 2 || pa_bridge_block_freqs(w->c->b, w->fn, w->freq, w->nblocks) != 0)
        for (size_t i = 0; i < w->nblocks; i++)
            w->freq[i] = 1.0; /* one block, or unknown: once per call */
    return true;
}

/* How often block runs per call (*freq). The entry block runs once per
 * call by construction (the estimate starts there with 1, and no edge
 * enters it), so a function whose calls are all there needs no estimate.
 * false on out of memory. */
static bool block_freq(profile_walk *w, size_t block, double *freq)
{
    if (block == 0 && !w->freq) {
        *freq = 1.0;
        return true;
    }
    if (!walk_freqs(w))
        return false;
    *freq = block < w->nblocks ? w->freq[block] : 1.0;
    return true;
}

static void profile_one(profile_walk *w, LLVMValueRef in, LLVMValueRef callee, size_t block)
{
    ex_ctx *c = w->c;
    if (c->oom || !profiled_callee(w->cache, callee))
        return;
    double freq;
    if (block >= w->nblocks || !block_freq(w, block, &freq) ||
        profile_call(c, w->p, callee, in, freq, &w->e, &w->cap) != 0)
        c->oom = true;
}

/* A call profile for a static function inlined into every caller, so that
 * its summary says `static` (the advisor keys it by its translation unit,
 * as the lock phase's findings in it are). Once per subprogram. */
static void profile_inlined_static(ex_ctx *c, LLVMMetadataRef sp, const char *name)
{
    intptr_t known;
    if (pa_map_get(&c->inlined_static, pa_map_ptr_key(sp), &known) ||
        !pa_bridge_subprogram_is_local(sp))
        return;
    int p = pa_model_add_profile(c->m, name);
    if (p == PA_NONE || pa_map_put(&c->inlined_static, pa_map_ptr_key(sp), p + 1) != 0) {
        c->oom = true;
        return;
    }
    pa_call_profile *pr = &c->m->profiles[p];
    pr->is_static = true;
    pr->file = scope_file(c, sp);
    const char *d = model_demangled(c, name);
    if (d)
        pr->demangled = d;
}

/* Pass 1 over a function's calls: the inlined instances (their inlined-at
 * DILocations) whose code holds a call, `in`'s and those around it, marked
 * 0 (not yet located) in w->inlined. Only those can hold a finding: every
 * finding is at a call. */
static void mark_inlined(profile_walk *w, LLVMValueRef in)
{
    LLVMMetadataRef dl = LLVMInstructionGetDebugLoc(in);
    unsigned steps = 0;
    for (LLVMMetadataRef at = dl ? LLVMDILocationGetInlinedAt(dl) : NULL; at && steps < 32;
         at = LLVMDILocationGetInlinedAt(at), steps++) {
        intptr_t seen;
        if (pa_map_get(&w->inlined, pa_map_ptr_key(at), &seen))
            break; /* marked before, with the instances around it */
        if (pa_map_put(&w->inlined, pa_map_ptr_key(at), 0) != 0) {
            w->c->oom = true;
            return;
        }
    }
}

/* One inlined instance of a user function as a call of it, at `freq`. A
 * function that still has a body here is left out: its own call sites
 * already count its callees. */
static void profile_inlined_call(profile_walk *w, LLVMMetadataRef cur, LLVMMetadataRef at, double freq)
{
    ex_ctx *c = w->c;
    LLVMContextRef ctx = LLVMGetModuleContext(c->M);
    LLVMMetadataRef sp = scope_subprogram(ctx, LLVMDILocationGetScope(cur));
    char name[512];
    if (!sp || !is_user_file(c, scope_file(c, sp)) || !subprogram_name(ctx, sp, name, sizeof name))
        return;
    LLVMValueRef body = LLVMGetNamedFunction(c->M, name);
    if (body && !LLVMIsDeclaration(body))
        return;
    pa_loc loc;
    loc_of(c, at, &loc);
    pa_call_profile *pr = &c->m->profiles[w->p];
    size_t before = pr->ncalls;
    if (pa_model_profile_call(c->m, w->p, name, freq, &loc) != 0) {
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < pr->ncalls; i++)
        if (strcmp(pr->calls[i].callee, name) == 0)
            pr->calls[i].inlined = true;
    if (pr->ncalls > before) {
        /* Its entry, in step with the profile's (located already). */
        profile_entry *a = pa_array_reserve(w->e, &w->cap, pr->ncalls, sizeof *a);
        if (!a) {
            c->oom = true;
            return;
        }
        w->e = a;
        a[before] = (profile_entry){NULL, NULL};
    }
    profile_inlined_static(c, sp, name);
}

/* Pass 2: the user functions inlined into w's function, as calls of them.
 * A function inlined away keeps no call sites of its own (they are its
 * callers'), yet the lock analysis, which reads the module before
 * inlining, reports in it. Each marked instance counts once, at the
 * frequency of its first instruction in layout order: its entry, or
 * earlier when code was hoisted out of a loop around it (an estimate too
 * low, never one that counts the instance's own loops as its calls). */
static void profile_inlined(profile_walk *w)
{
    ex_ctx *c = w->c;
    if (c->oom || w->inlined.count == 0)
        return;
    LLVMMetadataRef last = NULL; /* the last instruction's inlined-at: its chain is done */
    size_t block = 0, left = w->inlined.count; /* marked, not yet located: none left, the walk ends */
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(w->fn); bb && !c->oom && block < w->nblocks && left > 0;
         bb = LLVMGetNextBasicBlock(bb), block++)
        for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in && !c->oom && left > 0;
             in = LLVMGetNextInstruction(in)) {
            LLVMMetadataRef dl = LLVMInstructionGetDebugLoc(in);
            LLVMMetadataRef at0 = dl ? LLVMDILocationGetInlinedAt(dl) : NULL;
            if (!at0 || at0 == last)
                continue;
            last = at0;
            unsigned steps = 0;
            for (LLVMMetadataRef cur = dl, at = at0; at && steps < 32;
                 cur = at, at = LLVMDILocationGetInlinedAt(at), steps++) {
                intptr_t state;
                if (!pa_map_get(&w->inlined, pa_map_ptr_key(at), &state))
                    continue; /* holds no call */
                if (state == 1)
                    break; /* located, with the instances around it */
                if (pa_map_put(&w->inlined, pa_map_ptr_key(at), 1) != 0) {
                    c->oom = true;
                    return;
                }
                left--;
                double freq;
                if (!block_freq(w, block, &freq)) {
                    c->oom = true;
                    return;
                }
                profile_inlined_call(w, cur, at, freq);
            }
        }
}

/* The library thread starter (pa_catalog_thread_start_arg) that `call`
 * hands the value at use u as its start routine, or NULL. */
static const char *starter_taking(LLVMValueRef call, LLVMUseRef u)
{
    LLVMValueRef callee = direct_callee(call);
    if (!callee)
        return NULL;
    size_t len = 0;
    const char *name = LLVMGetValueName2(callee, &len);
    int arg = pa_catalog_thread_start_arg(name);
    return arg >= 0 && (unsigned)arg < LLVMGetNumArgOperands(call) &&
                   LLVMGetOperandUse(call, (unsigned)arg) == u
               ? name
               : NULL;
}

/* The operand index of use u in `call`'s arguments, or -1. */
static int argument_index(LLVMValueRef call, LLVMUseRef u)
{
    unsigned n = LLVMGetNumArgOperands(call);
    for (unsigned i = 0; i < n; i++)
        if (LLVMGetOperandUse(call, i) == u)
            return (int)i;
    return -1;
}

/* The library function that starts fn as a thread, as the module's string,
 * or NULL: a call that passes fn as its start routine, directly or through
 * a function of this file that hands its parameter on to one (a project's
 * `spawn(fn, arg)` wrapper that was not inlined). Only uses are visited: a
 * function's address is taken at a few places. */
static const char *thread_starter(ex_ctx *c, LLVMValueRef fn)
{
    for (LLVMUseRef u = LLVMGetFirstUse(fn); u; u = LLVMGetNextUse(u)) {
        LLVMValueRef user = LLVMGetUser(u);
        LLVMValueRef callee = direct_callee(user);
        if (!callee || callee == fn)
            continue;
        const char *name = starter_taking(user, u);
        int k = name || LLVMIsDeclaration(callee) ? -1 : argument_index(user, u);
        if (k >= 0 && (unsigned)k < LLVMCountParams(callee))
            for (LLVMUseRef pu = LLVMGetFirstUse(LLVMGetParam(callee, (unsigned)k)); pu && !name;
                 pu = LLVMGetNextUse(pu))
                name = starter_taking(LLVMGetUser(pu), pu);
        if (name)
            return pa_model_str(c->m, name);
    }
    return NULL;
}

/* How often the busiest outermost loop of fn runs its header per call
 * (the compiler's estimate): a thread's service loop, whose iterations the
 * advisor counts instead of the thread's one call. 0 without a loop or
 * without the analyses. */
static double outermost_loop_runs(ex_ctx *c, LLVMValueRef fn)
{
    pa_bridge_block *blocks = NULL;
    pa_bridge_loop *loops = NULL;
    size_t nloops = 0;
    if (pa_bridge_function_loops(c->b, fn, true, NULL, &blocks, &loops, &nloops) != 0)
        return 0;
    double most = 0;
    size_t block = 0;
    /* A loop's header has that loop as its innermost one. */
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb), block++) {
        int l = blocks[block].loop;
        if (l >= 0 && (size_t)l < nloops && loops[l].depth == 1 && loops[l].header == bb &&
            blocks[block].freq > most)
            most = blocks[block].freq;
    }
    free(blocks);
    free(loops);
    return isfinite(most) ? most : 0;
}

static void ex_call_profile(ex_ctx *c, LLVMValueRef fn, pa_map *cache)
{
    size_t len = 0;
    int p = pa_model_add_profile(c->m, LLVMGetValueName2(fn, &len));
    if (p == PA_NONE) {
        c->oom = true;
        return;
    }
    pa_call_profile *pr = &c->m->profiles[p];
    LLVMLinkage linkage = LLVMGetLinkage(fn);
    pr->is_static = linkage == LLVMInternalLinkage || linkage == LLVMPrivateLinkage;
    pr->cold = has_fn_attribute(fn, "cold");
    pr->thread_start = thread_starter(c, fn);
    if (pr->thread_start)
        pr->thread_loop = outermost_loop_runs(c, fn);
    /* The advisor names callers in its profile text by their summaries:
     * a C++ function the analyses did not read still needs its name. */
    const char *d = model_demangled(c, pr->name);
    if (d)
        pr->demangled = d;
    LLVMMetadataRef sp = LLVMGetSubprogram(fn);
    if (sp)
        pr->file = scope_file(c, sp);
    profile_walk w = {c, p, fn, LLVMCountBasicBlocks(fn), NULL, NULL, 0, cache, {0}};
    intptr_t kept = 0;
    if (pa_map_get(&c->calls_of, pa_map_ptr_key(fn), &kept)) {
        /* The calls relevant_functions saw: no second walk of the code. */
        for (const seen_call *sc = &c->calls[kept - 1]; sc->callee && !c->oom; sc++) {
            profile_one(&w, sc->inst, sc->callee, sc->block);
            mark_inlined(&w, sc->inst);
        }
    } else {
        size_t block = 0;
        for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb && !c->oom; bb = LLVMGetNextBasicBlock(bb), block++)
            for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in && !c->oom; in = LLVMGetNextInstruction(in)) {
                LLVMValueRef callee = direct_callee(in);
                if (callee) {
                    profile_one(&w, in, callee, block);
                    mark_inlined(&w, in);
                }
            }
    }
    profile_inlined(&w);
    pr = &c->m->profiles[p];
    /* Locations once per callee, for the most frequent site (an inlined
     * callee's is its inlined call site, set already). */
    for (size_t i = 0; w.e && i < pr->ncalls && !c->oom; i++) {
        if (!w.e[i].best)
            continue;
        pa_loc origin;
        unsigned depth;
        locate(c, w.e[i].best, &pr->calls[i].loc, &origin, &depth, NULL, NULL, NULL);
    }
    free(w.e);
    free(w.freq);
    pa_map_free(&w.inlined);
}

int pa_extract_module(LLVMModuleRef M, pa_bridge *b, const pa_extract_options *opts,
                      pa_module **out)
{
    *out = NULL;
    size_t len = 0;
    const char *src = LLVMGetSourceFileName(M, &len);
    char *srcz = malloc(len + 1);
    if (!srcz)
        return -1;
    memcpy(srcz, src ? src : "", len);
    srcz[len] = '\0';
    pa_module *m = pa_model_new(srcz);
    free(srcz);
    if (!m)
        return -1;
    ex_ctx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.b = b;
    c.M = M;
    c.lock_classes = !opts || opts->lock_classes;
    c.allocation_facts = !opts || !opts->only_lock_relevant;
    c.loops_for_allocations = opts && opts->loops_for_allocations;
    c.every_loop_fact = !opts || opts->every_loop_fact;
    /* The module's catalogue: the configuration's entries, then what the
     * classifier finds (attributes, C++ names) as it reads the calls. */
    m->catalog = calloc(1, sizeof *m->catalog);
    if (!m->catalog || (opts && pa_catalog_copy(m->catalog, opts->catalog) != 0))
        c.oom = true;
    c.cls.catalog = m->catalog;
    c.cls.b = b;
    pa_map keep = {0}, profiled = {0};
    bool filter = opts && (opts->only_lock_relevant || opts->only_allocation_relevant);
    /* The last walk of every function keeps its calls for the profile. */
    c.keep_calls = opts && opts->call_profile && !opts->only_allocation_relevant;
    if (!c.oom && opts && opts->only_lock_relevant &&
        relevant_functions(&c, M, takes_locks, sets_descriptor_flags, &keep, NULL) != 0)
        c.oom = true;
    c.keep_calls = opts && opts->call_profile;
    if (!c.oom && opts && opts->only_allocation_relevant &&
        relevant_functions(&c, M, touches_heap, builds_strings, &keep, &c.allocating) != 0)
        c.oom = true;
    for (LLVMValueRef fn = LLVMGetFirstFunction(M); fn && !c.oom; fn = LLVMGetNextFunction(fn)) {
        if (LLVMIsDeclaration(fn))
            continue;
        if (!filter || pa_map_get(&keep, pa_map_ptr_key(fn), NULL))
            ex_function(&c, fn);
        else if (LLVMGetSubprogram(fn))
            c.any_debug_loc = true; /* skipped, but the file has debug info */
        /* After the function: its block frequencies are then computed. */
        if (opts && opts->call_profile && !c.oom)
            ex_call_profile(&c, fn, &profiled);
    }
    pa_map_free(&keep);
    pa_map_free(&c.allocating);
    pa_classifier_free(&c.cls);
    pa_map_free(&profiled);
    pa_map_free(&c.calls_of);
    pa_map_free(&c.inlined_static);
    free(c.calls);
    m->has_debug_info = c.any_debug_loc;
    pa_map_free(&c.files);
    pa_map_free(&c.values);
    pa_map_free(&c.blocks);
    pa_map_free(&c.stores_in);
    pa_map_free(&c.wrapper_names);
    pa_map_free(&c.callee_names);
    free(c.scratch.values);
    free(c.scratch.ops);
    free(c.scratch.blocks);
    if (!c.oom && pa_model_link_calls(m) != 0)
        c.oom = true;
    if (c.oom) {
        pa_model_free(m);
        return -1;
    }
    *out = m;
    return 0;
}
