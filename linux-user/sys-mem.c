/*
 * sys-mem.c: memory system calls, on top of guest-mem.c's address space.
 */
#include <errno.h>
#include <sys/mman.h>

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
    { NULL, NULL, NULL, 0 },
};
