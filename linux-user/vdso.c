/*
 * vdso.c: the vDSO that the kernel maps into x86 processes, and glibc
 * uses for clock_gettime, gettimeofday, time, getcpu (and, on i386, for
 * its system call entry __kernel_vsyscall, AT_SYSINFO).  The image is a
 * real ELF shared object built at build time from <target>/vdso.S
 * (vdso.lds, <target>/vdso.ver) and embedded by vdso-image.py; its
 * functions make the system calls themselves.  It is copied into fresh
 * guest pages, then made read+exec.
 */
#include <sys/mman.h>

#include "linux-user/vdso.h"

static uint64_t vdso_start, vdso_end;

#ifdef TARGET_X86
extern const unsigned char vdso_image[];
extern const size_t vdso_image_size;

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
#if TARGET_ABI_BITS == 32
    /* e_entry (at the same offset in both ELF classes) names
     * __kernel_vsyscall. */
    abi_ulong entry;
    memcpy(&entry, vdso_image + 24, sizeof(entry));
    *sysinfo = base + entry;
#endif
    return true;
}
#else
bool vdso_map(abi_ulong *ehdr, abi_ulong *sysinfo, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    *ehdr = *sysinfo = 0;
    return true;
}
#endif

bool vdso_range(uint64_t *start, uint64_t *end)
{
    *start = vdso_start;
    *end = vdso_end;
    return vdso_end != 0;
}
