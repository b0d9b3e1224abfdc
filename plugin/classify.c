/* plugin/classify.c — which catalogue entry a called function has: the
 * built-in table, the project's configuration file (by linkage name, by C++
 * qualified name, or a global function pointer called through), or what its
 * IR attributes say (allockind, allocsize, a noalias return from
 * __attribute__((malloc))). Entries found the slow way are added to the
 * module's catalogue under the linkage name, so later lookups by name (the
 * analyses in passes/) see them. docs/config.md, "Attributes". */
#include "classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* LLVM's AllocFnKind bits (llvm/IR/Attributes.h). */
enum { ALLOCKIND_ALLOC = 1u << 0, ALLOCKIND_REALLOC = 1u << 1, ALLOCKIND_FREE = 1u << 2 };

static unsigned attr_kind(const char *name)
{
    return LLVMGetEnumAttributeKindForName(name, strlen(name));
}

/* Library functions LLVM itself marks with a noalias return (InferFunctionAttrs)
 * that hand out a handle, not memory a program would allocate once before a
 * loop. The allocators among them are in the built-in table. */
static bool noalias_library_handle(const char *name)
{
    static const char *const names[] = {"fopen",   "fopen64",   "fdopen",  "freopen",   "freopen64",
                                        "tmpfile", "tmpfile64", "opendir", "fdopendir", "popen"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static bool has_pointer_param(LLVMValueRef fn)
{
    LLVMTypeRef ty = LLVMGlobalGetValueType(fn);
    unsigned n = LLVMCountParamTypes(ty);
    if (n == 0 || n > 64)
        return n > 64;
    LLVMTypeRef params[64];
    LLVMGetParamTypes(ty, params);
    for (unsigned i = 0; i < n; i++)
        if (LLVMGetTypeKind(params[i]) == LLVMPointerTypeKind)
            return true;
    return false;
}

/* The entry the attributes of fn describe; false when none. */
static bool from_attributes(LLVMValueRef fn, const char *name, pa_cat_entry *e)
{
    LLVMTypeRef ty = LLVMGlobalGetValueType(fn);
    bool returns_pointer = LLVMGetTypeKind(LLVMGetReturnType(ty)) == LLVMPointerTypeKind;
    unsigned nparams = LLVMCountParamTypes(ty);
    int size = PA_NONE, count = PA_NONE;
    LLVMAttributeRef as = LLVMGetEnumAttributeAtIndex(
        fn, (LLVMAttributeIndex)LLVMAttributeFunctionIndex, attr_kind("allocsize"));
    if (as) {
        uint64_t v = LLVMGetEnumAttributeValue(as);
        uint64_t elem = v >> 32, num = v & 0xffffffffu;
        if (elem < nparams)
            size = (int)elem;
        if (num != 0xffffffffu && num < nparams)
            count = (int)num;
    }
    memset(e, 0, sizeof *e);
    e->name = name;
    e->size_arg = size;
    e->size_arg2 = count;
    e->ptr_arg = PA_NONE;
    LLVMAttributeRef ak = LLVMGetEnumAttributeAtIndex(
        fn, (LLVMAttributeIndex)LLVMAttributeFunctionIndex, attr_kind("allockind"));
    if (ak) {
        uint64_t kind = LLVMGetEnumAttributeValue(ak);
        int ptr = PA_NONE;
        for (unsigned i = 0; i < nparams; i++)
            if (LLVMGetEnumAttributeAtIndex(fn, i + 1, attr_kind("allocptr")))
                ptr = (int)i;
        if (kind & ALLOCKIND_FREE) {
            e->role = PA_CAT_FREE;
            e->ptr_arg = ptr == PA_NONE ? 0 : ptr;
            return nparams > 0;
        }
        if ((kind & ALLOCKIND_REALLOC) && ptr != PA_NONE && returns_pointer) {
            e->role = PA_CAT_REALLOC;
            e->allocator = PA_ALLOCATOR_REALLOC;
            e->ptr_arg = ptr;
            e->size_arg2 = PA_NONE;
            return true;
        }
        if ((kind & ALLOCKIND_ALLOC) && returns_pointer) {
            e->role = PA_CAT_ALLOC;
            e->allocator = PA_ALLOCATOR_PROJECT;
            return true;
        }
        return false;
    }
    if (!returns_pointer)
        return false;
    e->role = PA_CAT_ALLOC;
    e->allocator = PA_ALLOCATOR_PROJECT;
    /* __attribute__((malloc)): a noalias return. Only on declarations: the
     * optimiser infers noalias returns for defined functions too, and those
     * are read as forwarding wrappers (passes/alloc_wrappers.c). */
    if (LLVMIsDeclaration(fn) &&
        LLVMGetEnumAttributeAtIndex(fn, LLVMAttributeReturnIndex, attr_kind("noalias")) &&
        !noalias_library_handle(name))
        return true;
    /* __attribute__((alloc_size)) alone: an allocator when it takes no
     * pointer; with one it may resize it (realloc) or carve from an arena. */
    return as && size != PA_NONE && !has_pointer_param(fn);
}

/* "ns::Class::fn" of a demangled "ret ns::Class::fn(args) const". */
static void qualified_name(const char *demangled, char *out, size_t n)
{
    size_t len = strlen(demangled);
    /* The parameter list: the last '(' at template depth 0. */
    size_t open = len;
    int depth = 0, parens = 0;
    for (size_t i = len; i-- > 0;) {
        char ch = demangled[i];
        if (ch == ')')
            parens++;
        else if (ch == '(' && --parens == 0 && depth == 0) {
            open = i;
            break;
        } else if (ch == '>')
            depth++;
        else if (ch == '<')
            depth--;
    }
    /* A return type before the name (templates): after the last space at depth 0. */
    size_t start = 0;
    depth = 0;
    for (size_t i = 0; i < open; i++) {
        char ch = demangled[i];
        if (ch == '<' || ch == '(')
            depth++;
        else if (ch == '>' || ch == ')')
            depth--;
        else if (ch == ' ' && depth == 0)
            start = i + 1;
    }
    snprintf(out, n, "%.*s", (int)(open - start), demangled + start);
}

/* The configuration entry for a C++ function named by its qualified name. */
static const pa_cat_entry *by_qualified_name(pa_classifier *k, const char *mangled)
{
    if (!k->catalog->has_qualified || strncmp(mangled, "_Z", 2) != 0)
        return NULL;
    char *d = pa_bridge_demangle(mangled);
    if (!d)
        return NULL;
    char q[512];
    qualified_name(d, q, sizeof q);
    free(d);
    return pa_catalog_find_project(k->catalog, q);
}

/* "struct parser.mem.malloc_fcn" -> "parser.mem.malloc_fcn": a
 * configuration entry is one word. Returns true. */
static bool drop_tag_word(char *name)
{
    const char *rest = pa_skip_type_tags(name);
    memmove(name, rest, strlen(rest) + 1);
    return true;
}

/* Name of a global function pointer (or a field of a global) that an
 * indirect call loads its callee from: "app_malloc", "sqlite3Config.m.xMalloc". */
static bool hook_name(pa_classifier *k, LLVMValueRef called, char *out, size_t n)
{
    if (!called || !LLVMIsALoadInst(called))
        return false;
    LLVMValueRef addr = LLVMGetOperand(called, 0);
    /* The ways below that name a field through debug info ("type.field",
     * always with a '.') cost a walk of the pointer's debug records per
     * call: sqlite3.c's calls through method tables made that a tenth of
     * the plugin's time. No dotted entry, no match. */
    bool fields_named = k->catalog && k->catalog->has_dotted;
    if (addr && LLVMIsAGlobalVariable(addr)) {
        /* The first member of a global table of hooks, loaded from the
         * global itself (libgit2's git__allocator.gmalloc); else, or
         * without debug info, the global (pa_classify_call tries that too). */
        if (fields_named && LLVMGetTypeKind(LLVMGlobalGetValueType(addr)) == LLVMStructTypeKind &&
            pa_bridge_scalar_field_name(k->b, addr, 0, out, n) == 1)
            return true;
        size_t len = 0;
        const char *g = LLVMGetValueName2(addr, &len);
        return g && len > 0 && snprintf(out, n, "%.*s", (int)len, g) > 0;
    }
    int64_t off = 0;
    if (addr && LLVMIsAGetElementPtrInst(addr) && !fields_named)
        return false;
    if (addr && LLVMIsAArgument(addr) && !fields_named)
        return false;
    if (addr && LLVMIsAGetElementPtrInst(addr)) {
        /* A field of an object reached through a pointer (Expat's
         * parser->m_mem.malloc_fcn): "parser.m_mem.malloc_fcn", named by
         * the pointer's struct type as debug info gives it. */
        LLVMValueRef base = LLVMGetOperand(addr, 0);
        return base && pa_bridge_gep_offset(k->b, addr, &off) &&
               pa_bridge_scalar_field_name(k->b, base, off, out, n) == 1 && drop_tag_word(out);
    }
    if (addr && LLVMIsAArgument(addr))
        /* The first field of an object a parameter points to (ms->malloc_fcn). */
        return pa_bridge_scalar_field_name(k->b, addr, 0, out, n) == 1 && drop_tag_word(out);
    if (!addr || !LLVMIsAConstantExpr(addr) || LLVMGetConstOpcode(addr) != LLVMGetElementPtr)
        return false;
    LLVMValueRef base = LLVMGetOperand(addr, 0);
    if (!base || !LLVMIsAGlobalVariable(base) || !pa_bridge_gep_offset(k->b, addr, &off))
        return false;
    return pa_bridge_field_name(k->b, base, off, 0, out, n) == 1;
}

const pa_cat_entry *pa_classify_call(pa_classifier *k, LLVMValueRef called, const char **name)
{
    *name = NULL;
    if (!called)
        return NULL;
    if (!LLVMIsAFunction(called) && !LLVMIsAGlobalAlias(called)) {
        /* Through a function pointer: only a hook the configuration names. */
        char buf[512];
        if (!k->catalog || k->catalog->count == 0 || !hook_name(k, called, buf, sizeof buf))
            return NULL;
        const pa_cat_entry *e = pa_catalog_find_project(k->catalog, buf);
        /* A table's first member named by the global alone (`hk` for
         * `hk.alloc(n)`, as before member paths were asked). */
        LLVMValueRef addr = LLVMGetOperand(called, 0);
        if (!e && addr && LLVMIsAGlobalVariable(addr) && strchr(buf, '.')) {
            size_t len = 0;
            const char *g = LLVMGetValueName2(addr, &len);
            if (g && len > 0 && snprintf(buf, sizeof buf, "%.*s", (int)len, g) > 0)
                e = pa_catalog_find_project(k->catalog, buf);
        }
        if (e)
            *name = e->name;
        return e;
    }
    size_t len = 0;
    const char *fname = LLVMGetValueName2(called, &len);
    *name = fname;
    if (!fname || !*fname)
        return NULL;
    const pa_cat_entry *e = pa_catalog_find(k->catalog, fname);
    if (e || !k->catalog || !LLVMIsAFunction(called) || LLVMGetIntrinsicID(called) != 0)
        return e;
    /* The slow ways, once per callee: the result is added under fname. */
    if (pa_map_get(&k->tried, pa_map_ptr_key(called), NULL))
        return NULL;
    if (pa_map_put(&k->tried, pa_map_ptr_key(called), 1) != 0)
        return NULL;
    pa_cat_entry derived;
    const pa_cat_entry *q = by_qualified_name(k, fname);
    if (q) {
        derived = *q;
        derived.name = fname;
    } else if (!from_attributes(called, fname, &derived)) {
        return NULL;
    }
    return pa_catalog_add(k->catalog, &derived);
}

void pa_classifier_free(pa_classifier *k) { pa_map_free(&k->tried); }
