/* advisor/objread.h — read the findings documents the plugin embeds in object
 * files (section .perfadvise, docs/findings-format.md "Embedded in object
 * files") out of ELF objects, executables and shared libraries (32/64-bit,
 * either byte order) and ar archives (GNU and BSD names). Every offset and
 * size read from the file is checked: a truncated or malformed input gives a
 * problem message, never a read out of bounds.
 * Exercised by tests/test_adv_objread.c and `perfadvise report lib.a prog`. */
#ifndef ADV_OBJREAD_H
#define ADV_OBJREAD_H

#include <stdbool.h>
#include <stddef.h>

#define ADV_OBJ_SECTION ".perfadvise"
#define ADV_OBJ_MAGIC "perfadvise-embedded/"
#define ADV_OBJ_VERSION 1

typedef enum adv_obj_format {
    ADV_OBJ_UNKNOWN = 0, /* not an object this reader knows: maybe a findings file */
    ADV_OBJ_ELF,
    ADV_OBJ_AR,
    ADV_OBJ_THIN_AR, /* members stored outside the archive */
    ADV_OBJ_BITCODE, /* LLVM bitcode (-flto): findings are embedded at link time */
    ADV_OBJ_MACHO,
    ADV_OBJ_COFF_OR_PE,
} adv_obj_format;

/* What the first bytes of a file (at least 8 for a sure answer) say. */
adv_obj_format adv_obj_sniff(const void *head, size_t n);

/* Whether a directory walk should look inside a file of this name: *.o,
 * *.obj, *.a, *.so and *.so.N... (executables are read when named). */
bool adv_obj_name_wanted(const char *name);

typedef struct adv_obj_visitor {
    /* One embedded findings document (JSON, not NUL-terminated). member is
     * the archive member it came from, or NULL. A non-zero return stops the
     * scan and is returned by the scan function. */
    int (*doc)(void *ctx, const char *member, const char *json, size_t len);
    /* One problem, member as above; the scan goes on where it can. */
    void (*problem)(void *ctx, const char *member, const char *what);
    void *ctx;
} adv_obj_visitor;

/* Split the contents of a .perfadvise section into its documents. Returns
 * the number of documents passed to v->doc, or the callback's stop value
 * when it is negative. */
long adv_obj_split(const unsigned char *data, size_t n, const char *member,
                   const adv_obj_visitor *v);

/* Scan an ELF file or ar archive held in buf[0..n). Returns the number of
 * documents found (0 when there is no .perfadvise section), -1 when buf is
 * not an object this reader can read (the reason passed to v->problem), or
 * the doc callback's negative stop value. */
long adv_obj_scan(const unsigned char *buf, size_t n, const adv_obj_visitor *v);

/* adv_obj_scan of the file at path (mapped, not read). Returns as
 * adv_obj_scan; -1 also when the file cannot be opened or is not a regular
 * file, with the reason in err. */
long adv_obj_scan_file(const char *path, const adv_obj_visitor *v, char *err, size_t errlen);

#endif
