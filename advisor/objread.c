/* advisor/objread.c — embedded findings out of ELF files and ar archives
 * (objread.h). The ELF reader needs only the section headers and the
 * section-name string table; the archive reader walks member headers and
 * hands each ELF member to the ELF reader. */
#define _POSIX_C_SOURCE 200809L
#include "objread.h"

#include "load.h" /* ADV_LOAD_MAX_BYTES */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
problem(const adv_obj_visitor *v, const char *member, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (v && v->problem)
        v->problem(v->ctx, member, msg);
}

/* ---- sniffing ------------------------------------------------------------ */

adv_obj_format adv_obj_sniff(const void *head, size_t n)
{
    const unsigned char *p = head;
    if (n >= 4 && memcmp(p, "\177ELF", 4) == 0)
        return ADV_OBJ_ELF;
    if (n >= 8 && memcmp(p, "!<arch>\n", 8) == 0)
        return ADV_OBJ_AR;
    if (n >= 8 && memcmp(p, "!<thin>\n", 8) == 0)
        return ADV_OBJ_THIN_AR;
    if (n >= 4 && ((memcmp(p, "BC\xc0\xde", 4) == 0) || memcmp(p, "\xde\xc0\x17\x0b", 4) == 0))
        return ADV_OBJ_BITCODE;
    if (n >= 4) {
        uint32_t m =
            (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        if (m == 0xfeedfaceu || m == 0xfeedfacfu || m == 0xcefaedfeu || m == 0xcffaedfeu ||
            m == 0xcafebabeu || m == 0xbebafecau)
            return ADV_OBJ_MACHO;
    }
    if (n >= 2 && p[0] == 'M' && p[1] == 'Z')
        return ADV_OBJ_COFF_OR_PE;
    return ADV_OBJ_UNKNOWN;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool adv_obj_name_wanted(const char *name)
{
    if (ends_with(name, ".o") || ends_with(name, ".obj") || ends_with(name, ".a") ||
        ends_with(name, ".so"))
        return true;
    /* libfoo.so.1, libfoo.so.1.2.3 */
    const char *so = strstr(name, ".so.");
    if (!so)
        return false;
    for (const char *c = so + 4; *c; c++)
        if (!((*c >= '0' && *c <= '9') || *c == '.'))
            return false;
    return true;
}

/* ---- the documents of a section ------------------------------------------ */

static bool is_gap(unsigned char c)
{
    return c == '\0' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Decimal number of at most `max_digits` digits at data[*pos]; false when
 * there is none. */
static bool read_decimal(const unsigned char *data, size_t n, size_t *pos, unsigned max_digits,
                         size_t *out)
{
    size_t v = 0;
    unsigned digits = 0;
    while (*pos < n && data[*pos] >= '0' && data[*pos] <= '9') {
        if (++digits > max_digits)
            return false;
        v = v * 10 + (size_t)(data[*pos] - '0');
        (*pos)++;
    }
    *out = v;
    return digits > 0;
}

long adv_obj_split(const unsigned char *data, size_t n, const char *member,
                   const adv_obj_visitor *v)
{
    static const char magic[] = ADV_OBJ_MAGIC;
    const size_t mlen = sizeof magic - 1;
    long count = 0;
    size_t pos = 0;
    for (;;) {
        while (pos < n && is_gap(data[pos]))
            pos++; /* linkers may pad between the objects' sections */
        if (pos >= n)
            break;
        size_t at = pos, version = 0, len = 0;
        if (n - pos < mlen || memcmp(data + pos, magic, mlen) != 0) {
            problem(v, member, "section %s: unexpected bytes at offset %zu (no %s header)",
                    ADV_OBJ_SECTION, at, ADV_OBJ_MAGIC);
            break;
        }
        pos += mlen;
        if (!read_decimal(data, n, &pos, 4, &version) || pos >= n || data[pos++] != ' ' ||
            !read_decimal(data, n, &pos, 12, &len) || pos >= n || data[pos++] != '\n') {
            problem(v, member, "section %s: malformed %s header at offset %zu", ADV_OBJ_SECTION,
                    ADV_OBJ_MAGIC, at);
            break;
        }
        if (len > n - pos) {
            problem(v, member,
                    "section %s: truncated: the document at offset %zu says %zu bytes, %zu remain",
                    ADV_OBJ_SECTION, at, len, n - pos);
            break;
        }
        if (version != ADV_OBJ_VERSION) {
            problem(v, member,
                    "section %s: the document at offset %zu is %s%zu; this perfadvise reads %s%d",
                    ADV_OBJ_SECTION, at, ADV_OBJ_MAGIC, version, ADV_OBJ_MAGIC, ADV_OBJ_VERSION);
        } else if (len > ADV_LOAD_MAX_BYTES) {
            problem(v, member, "section %s: the document at offset %zu is larger than %u MB",
                    ADV_OBJ_SECTION, at, ADV_LOAD_MAX_BYTES / (1024u * 1024u));
        } else {
            int rc = v && v->doc ? v->doc(v->ctx, member, (const char *)data + pos, len) : 0;
            if (rc < 0)
                return rc;
            count++;
        }
        pos += len;
    }
    return count;
}

/* ---- ELF ------------------------------------------------------------------ */

typedef struct elf {
    const unsigned char *p;
    size_t n;
    bool be, is64;
} elf;

static uint64_t rd(const elf *e, size_t off, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        unsigned shift = e->be ? 8u * (bytes - 1 - i) : 8u * i;
        v |= (uint64_t)e->p[off + i] << shift;
    }
    return v;
}

typedef struct shdr {
    uint64_t name, type, flags, offset, size, link;
} shdr;

enum { SHT_NOBITS = 8, SHF_COMPRESSED = 0x800, SHN_XINDEX = 0xffff };

/* Section header i; the caller checked that the table lies in the file. */
static shdr section(const elf *e, uint64_t shoff, uint64_t entsize, uint64_t i)
{
    size_t at = (size_t)(shoff + i * entsize);
    shdr s;
    s.name = rd(e, at, 4);
    s.type = rd(e, at + 4, 4);
    if (e->is64) {
        s.flags = rd(e, at + 8, 8);
        s.offset = rd(e, at + 24, 8);
        s.size = rd(e, at + 32, 8);
        s.link = rd(e, at + 40, 4);
    } else {
        s.flags = rd(e, at + 8, 4);
        s.offset = rd(e, at + 16, 4);
        s.size = rd(e, at + 20, 4);
        s.link = rd(e, at + 24, 4);
    }
    return s;
}

static bool fits(uint64_t off, uint64_t size, size_t n) { return off <= n && size <= n - off; }

static long scan_elf(const unsigned char *buf, size_t n, const char *member,
                     const adv_obj_visitor *v)
{
    if (n < 16) {
        problem(v, member, "truncated ELF file (%zu bytes)", n);
        return -1;
    }
    elf e = {buf, n, buf[5] == 2, buf[4] == 2};
    if ((buf[4] != 1 && buf[4] != 2) || (buf[5] != 1 && buf[5] != 2)) {
        problem(v, member, "malformed ELF header (class %u, data encoding %u)", buf[4], buf[5]);
        return -1;
    }
    size_t ehsize = e.is64 ? 64 : 52;
    if (n < ehsize) {
        problem(v, member, "truncated ELF header (%zu of %zu bytes)", n, ehsize);
        return -1;
    }
    uint64_t shoff = e.is64 ? rd(&e, 0x28, 8) : rd(&e, 0x20, 4);
    uint64_t entsize = rd(&e, e.is64 ? 0x3a : 0x2e, 2);
    uint64_t shnum = rd(&e, e.is64 ? 0x3c : 0x30, 2);
    uint64_t shstrndx = rd(&e, e.is64 ? 0x3e : 0x32, 2);
    if (shoff == 0)
        return 0; /* no section headers (stripped to the bone) */
    uint64_t minent = e.is64 ? 64 : 40;
    if (entsize < minent) {
        problem(v, member,
                "malformed ELF header: section header size %llu (expected at least %llu)",
                (unsigned long long)entsize, (unsigned long long)minent);
        return -1;
    }
    if (!fits(shoff, entsize, n)) {
        problem(v, member, "truncated ELF file: section headers at offset %llu, file has %zu bytes",
                (unsigned long long)shoff, n);
        return -1;
    }
    /* More than 0xff00 sections: the real count and string table index
     * live in section 0. */
    shdr zero = section(&e, shoff, entsize, 0);
    if (shnum == 0)
        shnum = zero.size;
    if (shstrndx == SHN_XINDEX)
        shstrndx = zero.link;
    if (shnum > (uint64_t)n / entsize || !fits(shoff, shnum * entsize, n)) {
        problem(v, member,
                "truncated ELF file: %llu section headers at offset %llu, file has %zu bytes",
                (unsigned long long)shnum, (unsigned long long)shoff, n);
        return -1;
    }
    if (shstrndx >= shnum) {
        problem(v, member, "malformed ELF header: section name table index %llu of %llu sections",
                (unsigned long long)shstrndx, (unsigned long long)shnum);
        return -1;
    }
    shdr strs = section(&e, shoff, entsize, shstrndx);
    if (strs.type == SHT_NOBITS || !fits(strs.offset, strs.size, n)) {
        problem(v, member,
                "truncated ELF file: section name table (offset %llu, %llu bytes) past the end "
                "(%zu bytes)",
                (unsigned long long)strs.offset, (unsigned long long)strs.size, n);
        return -1;
    }
    static const char want[] = ADV_OBJ_SECTION;
    long count = 0;
    for (uint64_t i = 1; i < shnum; i++) {
        shdr s = section(&e, shoff, entsize, i);
        if (s.name >= strs.size || strs.size - s.name < sizeof want ||
            memcmp(buf + strs.offset + s.name, want, sizeof want) != 0)
            continue;
        if (s.type == SHT_NOBITS) {
            problem(v, member, "section %s holds no data (SHT_NOBITS)", ADV_OBJ_SECTION);
            continue;
        }
        if (s.flags & SHF_COMPRESSED) {
            problem(v, member, "section %s is compressed, which perfadvise cannot read",
                    ADV_OBJ_SECTION);
            continue;
        }
        if (!fits(s.offset, s.size, n)) {
            problem(v, member,
                    "truncated ELF file: section %s (offset %llu, %llu bytes) ends past the end of "
                    "the file (%zu bytes)",
                    ADV_OBJ_SECTION, (unsigned long long)s.offset, (unsigned long long)s.size, n);
            continue;
        }
        long got = adv_obj_split(buf + s.offset, (size_t)s.size, member, v);
        if (got < 0)
            return got;
        count += got;
    }
    return count;
}

/* ---- ar ------------------------------------------------------------------ */

enum { AR_HDR = 60 };

/* The member's name into out: GNU short ("foo.o/"), GNU long ("/123" into
 * the "//" table), BSD long ("#1/20": the name starts the data). *skip is
 * how many data bytes the name takes (BSD). False when malformed. */
static bool member_name(const unsigned char *hdr, const unsigned char *longnames, size_t nlong,
                        const unsigned char *data, size_t size, char *out, size_t outlen,
                        size_t *skip)
{
    *skip = 0;
    size_t len = 16;
    while (len > 0 && hdr[len - 1] == ' ')
        len--;
    const unsigned char *name = hdr;
    if (len >= 2 && hdr[0] == '/' && hdr[1] >= '0' && hdr[1] <= '9') {
        size_t pos = 1, off = 0;
        const unsigned char *h = hdr;
        if (!read_decimal(h, 16, &pos, 10, &off) || !longnames || off >= nlong)
            return false;
        name = longnames + off;
        len = 0;
        while (off + len < nlong && name[len] != '\n')
            len++;
        if (len > 0 && name[len - 1] == '/')
            len--; /* "name/\n" */
    } else if (len >= 4 && memcmp(hdr, "#1/", 3) == 0) {
        size_t pos = 3, l = 0;
        if (!read_decimal(hdr, 16, &pos, 10, &l) || l > size)
            return false;
        name = data;
        len = strnlen((const char *)data, l);
        *skip = l;
    } else if (len > 0 && hdr[len - 1] == '/') {
        len--; /* GNU short name */
    }
    if (len >= outlen)
        len = outlen - 1;
    for (size_t i = 0; i < len; i++)
        out[i] = (name[i] >= 0x20 && name[i] < 0x7f) ? (char)name[i] : '?';
    out[len] = '\0';
    return true;
}

static long scan_ar(const unsigned char *buf, size_t n, const adv_obj_visitor *v)
{
    const unsigned char *longnames = NULL;
    size_t nlong = 0, pos = 8, bitcode = 0;
    long count = 0;
    while (pos < n) {
        if (buf[pos] == '\n' && (pos & 1)) {
            pos++; /* padding to an even offset */
            continue;
        }
        if (n - pos < AR_HDR) {
            problem(v, NULL, "truncated archive: member header at offset %zu (%zu of %d bytes)",
                    pos, n - pos, AR_HDR);
            break;
        }
        const unsigned char *hdr = buf + pos;
        size_t spos = 48, size = 0;
        if (hdr[58] != '`' || hdr[59] != '\n' || !read_decimal(hdr, 58, &spos, 10, &size)) {
            problem(v, NULL, "malformed archive: bad member header at offset %zu", pos);
            break;
        }
        size_t data = pos + AR_HDR;
        char name[256];
        size_t skip = 0;
        bool named = member_name(hdr, longnames, nlong, buf + data,
                                 n - data < size ? n - data : size, name, sizeof name, &skip);
        if (size > n - data) {
            problem(v, named ? name : NULL,
                    "truncated archive: member at offset %zu says %zu bytes, %zu remain", pos, size,
                    n - data);
            break;
        }
        if (memcmp(hdr, "//", 2) == 0 && (hdr[2] == ' ' || hdr[2] == '/')) {
            longnames = buf + data;
            nlong = size;
        } else if (!named) {
            problem(v, NULL, "malformed archive: bad member name at offset %zu", pos);
        } else if (name[0] != '\0' && strcmp(name, "/SYM64") != 0 &&
                   strncmp(name, "__.SYMDEF", 9) != 0) {
            const unsigned char *m = buf + data + skip;
            size_t msize = size - skip;
            adv_obj_format f = adv_obj_sniff(m, msize);
            if (f == ADV_OBJ_ELF) {
                long got = scan_elf(m, msize, name, v);
                if (got < -1)
                    return got;
                if (got > 0)
                    count += got;
            } else if (f == ADV_OBJ_BITCODE) {
                bitcode++;
            }
        }
        pos = data + size + (size & 1);
    }
    if (bitcode)
        problem(
            v, NULL,
            "%zu members are LLVM bitcode (-flto): their findings are embedded when the program is "
            "linked; read the linked program or the findings files",
            bitcode);
    return count;
}

long adv_obj_scan(const unsigned char *buf, size_t n, const adv_obj_visitor *v)
{
    switch (adv_obj_sniff(buf, n)) {
    case ADV_OBJ_ELF: return scan_elf(buf, n, NULL, v);
    case ADV_OBJ_AR: return scan_ar(buf, n, v);
    case ADV_OBJ_THIN_AR:
        problem(v, NULL, "thin archive: its members live in other files; name the objects instead");
        return -1;
    case ADV_OBJ_BITCODE:
        problem(v, NULL,
                "LLVM bitcode (-flto): the findings are embedded when the program is linked; read "
                "the linked program or the findings file");
        return -1;
    case ADV_OBJ_MACHO:
        problem(v, NULL,
                "Mach-O object: perfadvise embeds findings only in ELF objects; use the findings "
                "files");
        return -1;
    case ADV_OBJ_COFF_OR_PE:
        problem(
            v, NULL,
            "PE/COFF file: perfadvise embeds findings only in ELF objects; use the findings files");
        return -1;
    default:
        problem(v, NULL, "not an ELF object, executable, shared library or ar archive");
        return -1;
    }
}

long adv_obj_scan_file(const char *path, const adv_obj_visitor *v, char *err, size_t errlen)
{
    /* O_NONBLOCK: a FIFO named by mistake must not hang the open. */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "not a regular file");
        close(fd);
        return -1;
    }
    if (st.st_size == 0) {
        snprintf(err, errlen, "empty file");
        close(fd);
        return -1;
    }
    if ((unsigned long long)st.st_size > (unsigned long long)SIZE_MAX) {
        snprintf(err, errlen, "file too large to map");
        close(fd);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        snprintf(err, errlen, "cannot map: %s", strerror(errno));
        return -1;
    }
    if (err && errlen)
        err[0] = '\0';
    long rc = adv_obj_scan(map, size, v);
    munmap(map, size);
    return rc;
}
