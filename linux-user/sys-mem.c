/*
 * sys-mem.c: memory system calls, on top of guest-mem.c's address space.
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/user.h"

/* Guest mmap flags to host ones: only NORESERVE and LOCKED move. */
static int mmap_flags_to_host(uint32_t f)
{
    int h = (int)(f & (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |
                       MAP_FIXED_NOREPLACE | MAP_STACK |
                       MAP_POPULATE | MAP_NONBLOCK | MAP_DENYWRITE |
                       MAP_EXECUTABLE));
    if (f & TARGET_MAP_NORESERVE) {
        h |= MAP_NORESERVE;
    }
    return h;
}

static int64_t do_mmap(const uint64_t *a, uint64_t offset)
{
    return guest_mmap((abi_ulong)a[0], (abi_ulong)a[1], (int)a[2],
                      mmap_flags_to_host((uint32_t)a[3]), (int)(abi_long)a[4],
                      offset);
}

static int64_t sys_mmap(const uint64_t *a)
{
    return do_mmap(a, (abi_ulong)a[5]);
}

static int64_t sys_mmap2(const uint64_t *a)
{
    return do_mmap(a, (uint64_t)(abi_ulong)a[5] * 4096);
}

/* i386's mmap (90): one pointer to the six arguments. */
static int64_t sys_old_mmap(const uint64_t *a)
{
    abi_ulong block[6];
    if (copy_from_guest(block, (abi_ulong)a[0], sizeof(block)) < 0) {
        return -EFAULT;
    }
    uint64_t args[SYSCALL_ARGS];
    for (int i = 0; i < 6; i++) {
        args[i] = tget(block[i]);
    }
    return sys_mmap(args);
}

static int64_t sys_munmap(const uint64_t *a)
{
    return guest_munmap((abi_ulong)a[0], (abi_ulong)a[1]);
}

static int64_t sys_mprotect(const uint64_t *a)
{
    return guest_mprotect((abi_ulong)a[0], (abi_ulong)a[1], (int)a[2]);
}

static int64_t sys_mremap(const uint64_t *a)
{
    return guest_mremap((abi_ulong)a[0], (abi_ulong)a[1], (abi_ulong)a[2],
                        (int)a[3], (abi_ulong)a[4]);
}

static int64_t sys_brk(const uint64_t *a)
{
    return guest_brk((abi_ulong)a[0]);
}

static int64_t sys_madvise(const uint64_t *a)
{
    abi_ulong addr = (abi_ulong)a[0], len = (abi_ulong)a[1];
    int advice = (int)a[2];
    if (addr & (TARGET_PAGE_SIZE - 1)) {
        return -EINVAL;
    }
    /* Host and guest pages coincide, so the advice means the same thing
     * there; only ranges the guest really mapped are passed on. */
    if (!guest_access_ok(addr, len, 0)) {
        return -ENOMEM;
    }
    return madvise(g2h(addr), len, advice) < 0 ? -errno : 0;
}

static int64_t sys_msync(const uint64_t *a)
{
    abi_ulong addr = (abi_ulong)a[0], len = (abi_ulong)a[1];
    if (!guest_access_ok(addr, len, 0)) {
        return -ENOMEM;
    }
    return msync(g2h(addr), len, (int)a[2]) < 0 ? -errno : 0;
}

/* mlock family: host and guest pages coincide, so the range is locked as
 * it is; only ranges the guest really mapped are passed on.  Raw system
 * calls, as ASan's interceptors of the libc functions do nothing. */
static int64_t sys_mlock(const uint64_t *a)
{
    abi_ulong addr = (abi_ulong)a[0], len = (abi_ulong)a[1];
    if (!guest_access_ok(addr, len, 0)) {
        return -ENOMEM;
    }
    return host_ret(syscall(SYS_mlock, g2h(addr), len));
}

static int64_t sys_mlock2(const uint64_t *a)
{
    abi_ulong addr = (abi_ulong)a[0], len = (abi_ulong)a[1];
    if (!guest_access_ok(addr, len, 0)) {
        return -ENOMEM;
    }
    /* MLOCK_ONFAULT has the same value everywhere. */
    return syscall(SYS_mlock2, g2h(addr), len, (unsigned)a[2]) < 0 ? -errno
                                                                  : 0;
}

static int64_t sys_munlock(const uint64_t *a)
{
    abi_ulong addr = (abi_ulong)a[0], len = (abi_ulong)a[1];
    if (!guest_access_ok(addr, len, 0)) {
        return -ENOMEM;
    }
    return host_ret(syscall(SYS_munlock, g2h(addr), len));
}

/* mlockall locks mimic's own memory too (the translation cache), as the
 * guest's process is all of it. */
static int64_t sys_mlockall(const uint64_t *a)
{
    uint32_t f = (uint32_t)a[0];
    if (f & ~(uint32_t)(TARGET_MCL_CURRENT | TARGET_MCL_FUTURE |
                        TARGET_MCL_ONFAULT)) {
        return -EINVAL;
    }
    int h = (f & TARGET_MCL_CURRENT ? MCL_CURRENT : 0) |
            (f & TARGET_MCL_FUTURE ? MCL_FUTURE : 0) |
            (f & TARGET_MCL_ONFAULT ? MCL_ONFAULT : 0);
    return host_ret(syscall(SYS_mlockall, h));
}

static int64_t sys_munlockall(const uint64_t *a)
{
    (void)a;
    return host_ret(syscall(SYS_munlockall));
}

/* mincore: one byte per page, bit 0 = resident, as the host sees it. */
static int64_t sys_mincore(const uint64_t *a)
{
    abi_ulong addr = (abi_ulong)a[0], len = (abi_ulong)a[1];
    if (addr & (TARGET_PAGE_SIZE - 1)) {
        return -EINVAL;
    }
    if (!guest_access_ok(addr, len, 0)) {
        return -ENOMEM;
    }
    uint64_t pages = ((uint64_t)len + TARGET_PAGE_SIZE - 1) / TARGET_PAGE_SIZE;
    unsigned char *vec = guest_ptr((abi_ulong)a[2], pages, PAGE_WRITE);
    if (!vec && pages) {
        return -EFAULT;
    }
    return mincore(g2h(addr), len, vec) < 0 ? -errno : 0;
}

const SyscallDef sys_mem_defs[] = {
    { "brk", sys_brk, "p", 'p' },
    { "mmap", sys_mmap, "puPMdx", 'p' },
    { "mmap2", sys_mmap2, "puPMdx", 'p' },
    { "old_mmap", sys_old_mmap, "p", 'p' },
    { "munmap", sys_munmap, "pu", 'd' },
    { "mprotect", sys_mprotect, "puP", 'd' },
    { "mremap", sys_mremap, "puuxp", 'p' },
    { "madvise", sys_madvise, "pud", 'd' },
    { "msync", sys_msync, "pux", 'd' },
    { "mlock", sys_mlock, "pu", 'd' },
    { "mlock2", sys_mlock2, "pux", 'd' },
    { "munlock", sys_munlock, "pu", 'd' },
    { "mlockall", sys_mlockall, "x", 'd' },
    { "munlockall", sys_munlockall, "", 'd' },
    { "mincore", sys_mincore, "pup", 'd' },
    { NULL, NULL, NULL, 0 },
};
