/*
 * elfload.c: load a guest ELF, and for a dynamically linked one its
 * interpreter (PT_INTERP, the dynamic loader), into the guest address
 * space.  Every header field is checked before use: a malformed file is
 * an error message, never a crash.  Segment contents are read into fresh
 * anonymous mappings, so bss (including the partial page after the file
 * data) is zero and a truncated file cannot cause SIGBUS later.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
    bool is_interp;     /* loading the dynamic loader of the program */
    char *interp;       /* the program's PT_INTERP path (malloc'd) */
    const char *path;   /* the file, for /proc/self/maps */
    bool missing;       /* the file does not exist */
} Loader;

/* What one loaded image looks like in guest memory. */
typedef struct Image {
    uint64_t entry, phdr, lo, hi; /* load bias applied */
    uint64_t start_code, end_code, start_data, end_data;
    unsigned phnum, phent;
    bool exec_stack;
} Image;

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

/* The interpreter path of segment p: a NUL-terminated absolute path. */
static bool read_interp(Loader *l, const ElfPhdr *p)
{
    if (l->is_interp) {
        return fail(l, "the interpreter asks for an interpreter itself");
    }
    if (l->interp) {
        return fail(l, "more than one PT_INTERP segment");
    }
    if (p->p_filesz < 2 || p->p_filesz > PATH_MAX ||
        p->p_offset + (uint64_t)p->p_filesz > l->file_size) {
        return fail(l, "bad PT_INTERP segment");
    }
    char *s = malloc(p->p_filesz);
    if (!s) {
        return fail(l, "out of memory");
    }
    if (!read_at(l, s, p->p_filesz, p->p_offset) ||
        s[p->p_filesz - 1] != 0 || strlen(s) != p->p_filesz - 1 ||
        s[0] != '/') {
        free(s);
        return fail(l, "bad interpreter path in PT_INTERP");
    }
    l->interp = s;
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
        if (p->p_type == PT_INTERP && !read_interp(l, p)) {
            return false;
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
        if (end > guest_task_size) {
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
 * a position-independent program where the address space has room
 * (TARGET_ET_DYN_BASE if free); a position-independent interpreter goes
 * where mmap would put it, as the kernel does.  *bias is the load address
 * minus the link address. */
static bool reserve_image(Loader *l, const ElfEhdr *e, uint64_t lo,
                          uint64_t hi, uint64_t *bias)
{
    bool dyn = e->e_type == ET_DYN;
    uint64_t hint = !dyn ? lo : l->is_interp ? 0 : TARGET_ET_DYN_BASE;
    if (dyn && hi - lo > guest_task_size - TARGET_ET_DYN_BASE) {
        return fail(l, "program too large");
    }
    int64_t r = guest_mmap((abi_ulong)hint, hi - lo,
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

/* A segment's file bytes into place.  Its whole pages map the file itself
 * (MAP_PRIVATE), as the kernel's loader does, so pages the program never
 * touches take no memory (cc1's 30 MB of code); the partial pages at
 * either end, which may hold another segment or the zeroed .bss, are
 * read.  Reading it all is the fallback. */
static bool place_segment(Loader *l, const ElfPhdr *p, uint64_t bias)
{
    uint64_t va = p->p_vaddr + bias, end = va + p->p_filesz;
    uint64_t first = (va + PAGE_LOW) & ~PAGE_LOW, last = end & ~PAGE_LOW;

    if (last > first && sysconf(_SC_PAGESIZE) == TARGET_PAGE_SIZE) {
        void *want = g2h((abi_ulong)first);
        void *got = mmap(want, last - first, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_FIXED, l->fd,
                         (off_t)(p->p_offset + (first - va)));
        if (got == want) {
            return read_at(l, g2h((abi_ulong)va), first - va, p->p_offset) &&
                   read_at(l, g2h((abi_ulong)last), end - last,
                           p->p_offset + (last - va));
        }
        /* A failed MAP_FIXED may have dropped the reservation there. */
        if (mmap(want, last - first, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != want) {
            return false;
        }
    }
    return read_at(l, g2h((abi_ulong)va), p->p_filesz, p->p_offset);
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
        if (p->p_filesz && !place_segment(l, p, bias)) {
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

static bool load(Loader *l, Image *img)
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
        img->entry = e.e_entry + bias;
        uint64_t phdr = find_phdr_addr(&e, ph);
        img->phdr = phdr ? phdr + bias : 0;
        img->phnum = e.e_phnum;
        img->phent = e.e_phentsize;
        img->lo = lo + bias;
        img->hi = hi + bias;
        img->exec_stack = false;
        for (unsigned i = 0; i < e.e_phnum; i++) {
            if (ph[i].p_type == PT_GNU_STACK) {
                img->exec_stack = (ph[i].p_flags & PF_X) != 0;
            }
            if (ph[i].p_type == PT_LOAD && ph[i].p_filesz) {
                proc_add_file_range(ph[i].p_vaddr + bias, ph[i].p_filesz,
                                    ph[i].p_offset, l->path);
            }
        }
        /* As the kernel counts them: text up to the end of the last
         * executable segment's file data, data from there to the end of
         * the last segment's. */
        img->start_code = img->lo;
        img->end_code = img->start_data = img->end_data = img->lo;
        for (unsigned i = 0; i < e.e_phnum; i++) {
            uint64_t end = ph[i].p_vaddr + bias + ph[i].p_filesz;
            if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) &&
                end > img->end_code) {
                img->end_code = end;
            }
            if (ph[i].p_type == PT_LOAD && end > img->end_data) {
                img->end_data = end;
            }
        }
        img->start_data = img->end_code;
        if (img->end_data < img->start_data) {
            img->end_data = img->start_data;
        }
    }
    free(ph);
    return ok;
}

/* Open path and load it; false with the reason in l->err. */
static bool load_file(Loader *l, const char *path, Image *img)
{
    l->path = path;
    l->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (l->fd < 0) {
        l->missing = errno == ENOENT;
        return fail(l, "%s", strerror(errno));
    }
    struct stat st;
    bool ok;
    if (fstat(l->fd, &st) < 0) {
        ok = fail(l, "%s", strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        ok = fail(l, "%s", strerror(EISDIR));
    } else if (!S_ISREG(st.st_mode)) {
        ok = fail(l, "not a regular file");
    } else {
        l->file_size = (uint64_t)st.st_size;
        ok = load(l, img);
    }
    close(l->fd);
    return ok;
}

/* Load the interpreter named by the program: under the sysroot first,
 * then on the host (as qemu-user does). */
static bool load_interp(Loader *l, Image *img)
{
    char buf[PATH_MAX];
    const char *path = user_path(l->interp, buf, sizeof(buf));
    char err[256];
    Loader il = { .err = err, .err_size = sizeof(err), .is_interp = true };
    if (load_file(&il, path, img)) {
        return true;
    }
    if (il.missing && user_ld_prefix) {
        return fail(l, "interpreter %s: not found in the sysroot %s nor on "
                       "the host", l->interp, user_ld_prefix);
    }
    if (il.missing) {
        return fail(l, "interpreter %s: %s (give a sysroot with -L or "
                       "MIMIC_LD_PREFIX)", path, err);
    }
    return fail(l, "interpreter %s: %s", path, err);
}

bool elf_load(const char *path, ImageInfo *info, char *err, size_t err_size)
{
    Loader l = { .err = err, .err_size = err_size };
    Image prog, interp = { 0 };
    bool ok = load_file(&l, path, &prog);
    if (ok && l.interp) {
        ok = load_interp(&l, &interp);
    }
    free(l.interp);
    if (!ok) {
        return false;
    }
    info->prog_entry = (abi_ulong)prog.entry;
    info->entry = (abi_ulong)(interp.hi ? interp.entry : prog.entry);
    info->interp_base = (abi_ulong)interp.lo;
    info->phdr = (abi_ulong)prog.phdr;
    info->phnum = prog.phnum;
    info->phent = prog.phent;
    info->brk = (abi_ulong)prog.hi;
    info->exec_stack = prog.exec_stack;
    info->start_code = (abi_ulong)prog.start_code;
    info->end_code = (abi_ulong)prog.end_code;
    info->start_data = (abi_ulong)prog.start_data;
    info->end_data = (abi_ulong)prog.end_data;
    guest_brk_init(info->brk);
    return true;
}
