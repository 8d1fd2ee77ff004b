/*
 * elfload.c: load a statically linked guest ELF into the guest address
 * space.  Every header field is checked before use: a malformed file is
 * an error message, never a crash.  Segment contents are read into fresh
 * anonymous mappings, so bss (including the partial page after the file
 * data) is zero and a truncated file cannot cause SIGBUS later.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux-user/user.h"

#if TARGET_ABI_BITS == 32
typedef Elf32_Ehdr ElfEhdr;
typedef Elf32_Phdr ElfPhdr;
#else
typedef Elf64_Ehdr ElfEhdr;
typedef Elf64_Phdr ElfPhdr;
#endif

#define MAX_PHNUM 512
#define PAGE_LOW ((uint64_t)TARGET_PAGE_SIZE - 1)

typedef struct Loader {
    int fd;
    uint64_t file_size;
    char *err;
    size_t err_size;
} Loader;

__attribute__((format(printf, 2, 3)))
static bool fail(Loader *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->err, l->err_size, fmt, ap);
    va_end(ap);
    return false;
}

static bool read_at(Loader *l, void *buf, size_t len, uint64_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = pread(l->fd, (char *)buf + done, len - done,
                          (off_t)(off + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += n;
    }
    return true;
}

/* Convert header fields from the file's byte order. */
static void swap_ehdr(ElfEhdr *e)
{
    e->e_type = tget(e->e_type);
    e->e_machine = tget(e->e_machine);
    e->e_version = tget(e->e_version);
    e->e_entry = tget(e->e_entry);
    e->e_phoff = tget(e->e_phoff);
    e->e_shoff = tget(e->e_shoff);
    e->e_flags = tget(e->e_flags);
    e->e_ehsize = tget(e->e_ehsize);
    e->e_phentsize = tget(e->e_phentsize);
    e->e_phnum = tget(e->e_phnum);
    e->e_shentsize = tget(e->e_shentsize);
    e->e_shnum = tget(e->e_shnum);
    e->e_shstrndx = tget(e->e_shstrndx);
}

static void swap_phdr(ElfPhdr *p)
{
    p->p_type = tget(p->p_type);
    p->p_offset = tget(p->p_offset);
    p->p_vaddr = tget(p->p_vaddr);
    p->p_paddr = tget(p->p_paddr);
    p->p_filesz = tget(p->p_filesz);
    p->p_memsz = tget(p->p_memsz);
    p->p_flags = tget(p->p_flags);
    p->p_align = tget(p->p_align);
}

static const char *machine_name(unsigned m)
{
    switch (m) {
    case EM_386: return "i386";
    case EM_X86_64: return "x86-64";
    case EM_PPC: return "PowerPC";
    case EM_PPC64: return "PowerPC64";
    case EM_ARM: return "ARM";
    case EM_AARCH64: return "AArch64";
    case EM_MIPS: return "MIPS";
    case EM_RISCV: return "RISC-V";
    case EM_S390: return "S/390";
    case EM_SPARC: return "SPARC";
    default: return NULL;
    }
}

static bool check_ehdr(Loader *l, ElfEhdr *e)
{
    unsigned char ident[EI_NIDENT];
    if (l->file_size < SELFMAG || !read_at(l, ident, SELFMAG, 0) ||
        memcmp(ident, ELFMAG, SELFMAG) != 0) {
        return fail(l, "not an ELF file");
    }
    if (l->file_size < EI_NIDENT || !read_at(l, ident, EI_NIDENT, 0)) {
        return fail(l, "truncated ELF header");
    }
    if (ident[EI_CLASS] != TARGET_ELF_CLASS) {
        return fail(l, "wrong ELF class: %s (expected %d-bit)",
                    ident[EI_CLASS] == ELFCLASS64   ? "64-bit"
                    : ident[EI_CLASS] == ELFCLASS32 ? "32-bit"
                                                    : "invalid",
                    TARGET_ABI_BITS);
    }
    if (ident[EI_DATA] != TARGET_ELF_DATA) {
        return fail(l, "wrong byte order: %s (expected %s)",
                    ident[EI_DATA] == ELFDATA2LSB   ? "little-endian"
                    : ident[EI_DATA] == ELFDATA2MSB ? "big-endian"
                                                    : "invalid",
                    TARGET_ELF_DATA == ELFDATA2MSB ? "big-endian"
                                                   : "little-endian");
    }
    if (l->file_size < sizeof(*e) || !read_at(l, e, sizeof(*e), 0)) {
        return fail(l, "truncated ELF header");
    }
    swap_ehdr(e);
    if (e->e_machine != TARGET_ELF_MACHINE) {
        const char *name = machine_name(e->e_machine);
        if (name) {
            return fail(l, "wrong machine: %s (expected %s)", name,
                        machine_name(TARGET_ELF_MACHINE));
        }
        return fail(l, "wrong machine: %u (expected %s)", e->e_machine,
                    machine_name(TARGET_ELF_MACHINE));
    }
    if (e->e_type != ET_EXEC && e->e_type != ET_DYN) {
        return fail(l, "not an executable (ELF type %u)", e->e_type);
    }
    if (e->e_phentsize != sizeof(ElfPhdr)) {
        return fail(l, "bad program header size %u", e->e_phentsize);
    }
    if (e->e_phnum == 0) {
        return fail(l, "no program headers");
    }
    if (e->e_phnum > MAX_PHNUM) {
        return fail(l, "too many program headers (%u)", e->e_phnum);
    }
    if ((uint64_t)e->e_phoff + (uint64_t)e->e_phnum * sizeof(ElfPhdr) >
        l->file_size) {
        return fail(l, "program headers past end of file");
    }
    return true;
}

/* Check the segments; fills lo and hi with the page range they span. */
static bool check_segments(Loader *l, const ElfEhdr *e, const ElfPhdr *ph,
                           uint64_t *lo, uint64_t *hi)
{
    uint64_t prev_end = 0;
    int nload = 0;
    *lo = UINT64_MAX;
    *hi = 0;
    for (unsigned i = 0; i < e->e_phnum; i++) {
        const ElfPhdr *p = &ph[i];
        if (p->p_type == PT_INTERP) {
            return fail(l, "dynamically linked programs are not supported "
                           "yet (issue 4)");
        }
        if (p->p_type != PT_LOAD) {
            continue;
        }
        if (p->p_filesz > p->p_memsz) {
            return fail(l, "segment %u: file size larger than memory size", i);
        }
        if (p->p_offset + (uint64_t)p->p_filesz > l->file_size ||
            p->p_offset + (uint64_t)p->p_filesz < p->p_offset) {
            return fail(l, "segment %u: data past end of file", i);
        }
        if ((p->p_vaddr & PAGE_LOW) != (p->p_offset & PAGE_LOW)) {
            return fail(l, "segment %u: address and file offset not "
                           "congruent modulo the page size", i);
        }
        uint64_t end = (uint64_t)p->p_vaddr + p->p_memsz;
        if (end > TARGET_TASK_SIZE) {
            return fail(l, "segment %u: address out of range", i);
        }
        if (nload && p->p_vaddr < prev_end) {
            return fail(l, "segment %u: overlaps or precedes the previous "
                           "segment", i);
        }
        prev_end = end;
        nload++;
        if (p->p_memsz == 0) {
            continue;
        }
        uint64_t seg_lo = p->p_vaddr & ~PAGE_LOW;
        uint64_t seg_hi = (end + PAGE_LOW) & ~PAGE_LOW;
        if (seg_lo < *lo) {
            *lo = seg_lo;
        }
        if (seg_hi > *hi) {
            *hi = seg_hi;
        }
    }
    if (*hi == 0) {
        return fail(l, "no loadable segments");
    }
    bool entry_ok = false;
    for (unsigned i = 0; i < e->e_phnum; i++) {
        const ElfPhdr *p = &ph[i];
        if (p->p_type == PT_LOAD && (p->p_flags & PF_X) &&
            e->e_entry >= p->p_vaddr &&
            e->e_entry < (uint64_t)p->p_vaddr + p->p_memsz) {
            entry_ok = true;
        }
    }
    if (!entry_ok) {
        return fail(l, "entry point 0x%llx is outside the executable "
                       "segments", (unsigned long long)e->e_entry);
    }
    return true;
}

static int segment_prot(const ElfPhdr *p)
{
    return (p->p_flags & PF_R ? PROT_READ : 0) |
           (p->p_flags & PF_W ? PROT_WRITE : 0) |
           (p->p_flags & PF_X ? PROT_EXEC : 0);
}

/* One writable mapping for the whole image: at its link address, or for
 * a static-pie where the address space has room (TARGET_ET_DYN_BASE if
 * free); *bias is the load address minus the link address. */
static bool reserve_image(Loader *l, const ElfEhdr *e, uint64_t lo,
                          uint64_t hi, uint64_t *bias)
{
    bool dyn = e->e_type == ET_DYN;
    if (dyn && hi - lo > TARGET_TASK_SIZE - TARGET_ET_DYN_BASE) {
        return fail(l, "program too large");
    }
    int64_t r = guest_mmap((abi_ulong)(dyn ? TARGET_ET_DYN_BASE : lo), hi - lo,
                           PROT_READ | PROT_WRITE,
                           (dyn ? 0 : MAP_FIXED_NOREPLACE) | MAP_PRIVATE |
                               MAP_ANONYMOUS,
                           -1, 0);
    if (r < 0) {
        return fail(l, "cannot map the program: %s", strerror((int)-r));
    }
    *bias = dyn ? (uint64_t)r - lo : 0;
    return true;
}

/* The contents, then per-page protections (pages shared by two segments
 * get both). */
static bool map_segments(Loader *l, const ElfEhdr *e, const ElfPhdr *ph,
                         uint64_t lo, uint64_t hi, uint64_t bias)
{
    size_t npages = (hi - lo) / TARGET_PAGE_SIZE;
    uint8_t *prot = calloc(npages, 1);
    if (!prot) {
        return fail(l, "out of memory");
    }
    for (unsigned i = 0; i < e->e_phnum; i++) {
        const ElfPhdr *p = &ph[i];
        if (p->p_type != PT_LOAD || p->p_memsz == 0) {
            continue;
        }
        if (p->p_filesz &&
            !read_at(l, g2h((abi_ulong)(p->p_vaddr + bias)), p->p_filesz,
                     p->p_offset)) {
            free(prot);
            return fail(l, "segment %u: read error", i);
        }
        uint64_t first = ((p->p_vaddr & ~PAGE_LOW) - lo) / TARGET_PAGE_SIZE;
        uint64_t last = (((uint64_t)p->p_vaddr + p->p_memsz + PAGE_LOW) &
                         ~PAGE_LOW) - lo;
        for (uint64_t pg = first; pg < last / TARGET_PAGE_SIZE; pg++) {
            prot[pg] |= segment_prot(p);
        }
    }
    size_t run = 0;
    for (size_t pg = 1; pg <= npages; pg++) {
        if (pg == npages || prot[pg] != prot[run]) {
            guest_mprotect((abi_ulong)(lo + bias + run * TARGET_PAGE_SIZE),
                           (pg - run) * TARGET_PAGE_SIZE, prot[run]);
            run = pg;
        }
    }
    free(prot);
    return true;
}

/* Guest address of the program headers (AT_PHDR), or 0 if not loaded. */
static uint64_t find_phdr_addr(const ElfEhdr *e, const ElfPhdr *ph)
{
    for (unsigned i = 0; i < e->e_phnum; i++) {
        if (ph[i].p_type == PT_PHDR) {
            return ph[i].p_vaddr;
        }
    }
    for (unsigned i = 0; i < e->e_phnum; i++) {
        const ElfPhdr *p = &ph[i];
        if (p->p_type == PT_LOAD && e->e_phoff >= p->p_offset &&
            e->e_phoff < (uint64_t)p->p_offset + p->p_filesz) {
            return p->p_vaddr + (e->e_phoff - p->p_offset);
        }
    }
    return 0;
}

static bool load(Loader *l, ImageInfo *info)
{
    ElfEhdr e;
    if (!check_ehdr(l, &e)) {
        return false;
    }
    ElfPhdr *ph = calloc(e.e_phnum, sizeof(*ph));
    if (!ph) {
        return fail(l, "out of memory");
    }
    bool ok = read_at(l, ph, e.e_phnum * sizeof(*ph), e.e_phoff);
    if (!ok) {
        free(ph);
        return fail(l, "cannot read program headers");
    }
    for (unsigned i = 0; i < e.e_phnum; i++) {
        swap_phdr(&ph[i]);
    }
    uint64_t lo, hi;
    ok = check_segments(l, &e, ph, &lo, &hi);
    uint64_t bias = 0;
    if (ok) {
        ok = reserve_image(l, &e, lo, hi, &bias);
    }
    if (ok) {
        ok = map_segments(l, &e, ph, lo, hi, bias);
    }
    if (ok) {
        info->entry = (abi_ulong)(e.e_entry + bias);
        uint64_t phdr = find_phdr_addr(&e, ph);
        info->phdr = phdr ? (abi_ulong)(phdr + bias) : 0;
        info->phnum = e.e_phnum;
        info->phent = e.e_phentsize;
        info->brk = (abi_ulong)(hi + bias);
        info->exec_stack = false;
        for (unsigned i = 0; i < e.e_phnum; i++) {
            if (ph[i].p_type == PT_GNU_STACK) {
                info->exec_stack = (ph[i].p_flags & PF_X) != 0;
            }
        }
        guest_brk_init(info->brk);
    }
    free(ph);
    return ok;
}

bool elf_load(const char *path, ImageInfo *info, char *err, size_t err_size)
{
    Loader l = { .err = err, .err_size = err_size };
    l.fd = open(path, O_RDONLY | O_CLOEXEC);
    if (l.fd < 0) {
        return fail(&l, "%s", strerror(errno));
    }
    struct stat st;
    bool ok;
    if (fstat(l.fd, &st) < 0) {
        ok = fail(&l, "%s", strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        ok = fail(&l, "%s", strerror(EISDIR));
    } else if (!S_ISREG(st.st_mode)) {
        ok = fail(&l, "not a regular file");
    } else {
        l.file_size = (uint64_t)st.st_size;
        ok = load(&l, info);
    }
    close(l.fd);
    return ok;
}
