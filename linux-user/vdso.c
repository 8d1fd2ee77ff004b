/*
 * vdso.c: the vDSO that the kernel maps into every process.  glibc uses
 * it for clock_gettime, gettimeofday, time, getcpu (and, on i386, for its
 * system call entry __kernel_vsyscall, AT_SYSINFO); on ppc, signal
 * handlers return through its trampolines, whose CFI lets unwinders step
 * out of a handler.  The image is a real ELF shared object built at build
 * time from <target>/vdso.S (with a linker script and <target>/vdso.ver)
 * and embedded by vdso-image.py; its functions make the system calls
 * themselves.  It is copied into fresh guest pages, then made read+exec.
 */
#include <elf.h>
#include <sys/mman.h>

#include "linux-user/vdso.h"

#if TARGET_ABI_BITS == 32
typedef Elf32_Ehdr VdsoEhdr;
typedef Elf32_Shdr VdsoShdr;
typedef Elf32_Sym VdsoSym;
#else
typedef Elf64_Ehdr VdsoEhdr;
typedef Elf64_Shdr VdsoShdr;
typedef Elf64_Sym VdsoSym;
#endif

extern const unsigned char vdso_image[];
extern const size_t vdso_image_size;

static uint64_t vdso_start, vdso_end;

bool vdso_map(abi_ulong *ehdr, abi_ulong *sysinfo, char *err, size_t err_size)
{
    uint64_t len = (vdso_image_size + TARGET_PAGE_SIZE - 1)
                   & ~(uint64_t)(TARGET_PAGE_SIZE - 1);
    int64_t r = guest_mmap(0, len, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r < 0) {
        snprintf(err, err_size, "cannot map the vDSO: %s", strerror((int)-r));
        return false;
    }
    abi_ulong base = (abi_ulong)r;
    memcpy(g2h(base), vdso_image, vdso_image_size);
    guest_mprotect(base, len, PROT_READ | PROT_EXEC);
    vdso_start = base;
    vdso_end = base + len;
    *ehdr = base;
    *sysinfo = 0;
#if defined(TARGET_X86) && TARGET_ABI_BITS == 32
    /* e_entry names __kernel_vsyscall. */
    VdsoEhdr e;
    memcpy(&e, vdso_image, sizeof(e));
    *sysinfo = base + tget(e.e_entry);
#endif
    return true;
}

bool vdso_range(uint64_t *start, uint64_t *end)
{
    *start = vdso_start;
    *end = vdso_end;
    return vdso_end != 0;
}

/* Section i of the image's header table. */
static VdsoShdr image_section(const VdsoEhdr *e, unsigned i)
{
    VdsoShdr s;
    memcpy(&s, vdso_image + tget(e->e_shoff) + (size_t)i * sizeof(s),
           sizeof(s));
    return s;
}

abi_ulong vdso_symbol(const char *name)
{
    VdsoEhdr e;
    memcpy(&e, vdso_image, sizeof(e));
    for (unsigned i = 0; vdso_end && i < tget(e.e_shnum); i++) {
        VdsoShdr sym_sec = image_section(&e, i);
        if (tget(sym_sec.sh_type) != SHT_DYNSYM) {
            continue;
        }
        VdsoShdr str_sec = image_section(&e, tget(sym_sec.sh_link));
        const char *strtab = (const char *)vdso_image + tget(str_sec.sh_offset);
        size_t count = tget(sym_sec.sh_size) / sizeof(VdsoSym);
        for (size_t k = 1; k < count; k++) {
            VdsoSym sym;
            memcpy(&sym, vdso_image + tget(sym_sec.sh_offset) + k * sizeof(sym),
                   sizeof(sym));
            if (strcmp(strtab + tget(sym.st_name), name) == 0) {
                return (abi_ulong)(vdso_start + tget(sym.st_value));
            }
        }
    }
    return 0;
}
