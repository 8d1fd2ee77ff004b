/*
 * guest-mem.c: the guest address space.  All of it is reserved PROT_NONE
 * at startup, so a guest address can only ever reach host memory inside
 * the reservation; guest mappings replace parts of it with MAP_FIXED.  A
 * byte per guest page records what the guest mapped there, for address
 * selection, pointer checks in system calls, and instruction fetch.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/user.h"

#define PAGE_BITS 12
#define PAGE_MASK_LOW ((abi_ulong)TARGET_PAGE_SIZE - 1)
#define NUM_PAGES (GUEST_SPACE_SIZE >> PAGE_BITS)

_Static_assert(TARGET_PAGE_SIZE == 1u << PAGE_BITS, "page size");

/* Declared by tcg/exec.h; the mode that owns the address space sets it. */
uintptr_t tcg_guest_base;

static uint8_t page_flags[NUM_PAGES];
static abi_ulong mmap_next = TARGET_MMAP_BASE;
static abi_ulong brk_start, brk_cur;

bool guest_mem_init(uint64_t base)
{
    if (sysconf(_SC_PAGESIZE) != TARGET_PAGE_SIZE ||
        (base & (TARGET_PAGE_SIZE - 1))) {
        errno = EINVAL;
        return false;
    }
    void *p = mmap((void *)(uintptr_t)base, GUEST_SPACE_SIZE, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                       (base ? MAP_FIXED_NOREPLACE : 0),
                   -1, 0);
    if (p == MAP_FAILED) {
        return false;
    }
    tcg_guest_base = (uintptr_t)p;
    return true;
}

static uint64_t page_round_up(uint64_t x)
{
    return (x + PAGE_MASK_LOW) & ~(uint64_t)PAGE_MASK_LOW;
}

static void set_flags(abi_ulong start, uint64_t len, int flags)
{
    memset(&page_flags[start >> PAGE_BITS], flags, len >> PAGE_BITS);
}

/* True if any page of the range has any of the flags. */
static bool range_has(abi_ulong start, uint64_t len, int flags)
{
    for (uint64_t p = start >> PAGE_BITS; p < (start + len) >> PAGE_BITS;
         p++) {
        if (page_flags[p] & flags) {
            return true;
        }
    }
    return false;
}

static bool range_all(abi_ulong start, uint64_t len, int flags)
{
    for (uint64_t p = start >> PAGE_BITS; p < (start + len) >> PAGE_BITS;
         p++) {
        if ((page_flags[p] & flags) != flags) {
            return false;
        }
    }
    return true;
}

bool guest_access_ok(abi_ulong addr, uint64_t len, int need)
{
    if (len == 0) {
        return true;
    }
    uint64_t end = (uint64_t)addr + len;
    if (end > GUEST_SPACE_SIZE) {
        return false;
    }
    abi_ulong first = addr & ~PAGE_MASK_LOW;
    return range_all(first, page_round_up(end) - first, need | PAGE_MAPPED);
}

void *guest_ptr(abi_ulong addr, uint64_t len, int need)
{
    return guest_access_ok(addr, len, need) ? g2h(addr) : NULL;
}

void *guest_buf(abi_ulong addr, uint64_t len)
{
    return (uint64_t)addr + len <= GUEST_SPACE_SIZE ? g2h(addr) : NULL;
}

const char *guest_string(abi_ulong addr)
{
    uint64_t a = addr;
    for (;;) {
        if (a >= GUEST_SPACE_SIZE ||
            (page_flags[a >> PAGE_BITS] & (PAGE_MAPPED | PAGE_READ)) !=
                (PAGE_MAPPED | PAGE_READ)) {
            return NULL;
        }
        /* Scan to the end of this page. */
        uint64_t page_end = (a | PAGE_MASK_LOW) + 1;
        const char *h = g2h((abi_ulong)a);
        const char *nul = memchr(h, 0, page_end - a);
        if (nul) {
            return g2h(addr);
        }
        a = page_end;
    }
}

const void *translator_code_ptr(CPUCommon *env, uint64_t pc, size_t len)
{
    if (pc >= GUEST_SPACE_SIZE || len == 0) {
        return NULL;
    }
    return guest_access_ok((abi_ulong)pc, len, PAGE_READ | PAGE_EXEC)
               ? g2h((abi_ulong)pc)
               : NULL;
}

static int page_flags_for_prot(int prot)
{
    return PAGE_MAPPED | (prot & PROT_READ ? PAGE_READ : 0) |
           (prot & PROT_WRITE ? PAGE_WRITE : 0) |
           (prot & PROT_EXEC ? PAGE_EXEC : 0);
}

/* Host protection for a guest protection: guest code is read by the
 * translator, never executed by the host. */
static int host_prot(int prot)
{
    int h = prot & (PROT_READ | PROT_WRITE);
    if (prot & PROT_EXEC) {
        h |= PROT_READ;
    }
    return h;
}

/* Give a range back to the reservation. */
static int release_range(abi_ulong start, uint64_t len)
{
    void *p = mmap(g2h(start), len, PROT_NONE,
                   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    return p == MAP_FAILED ? -errno : 0;
}

/* Translated code of pages that change or go away must not run again. */
static void invalidate_code(abi_ulong start, uint64_t len)
{
    if (range_has(start, len, PAGE_EXEC)) {
        tb_flush();
    }
}

/* First free range of len bytes at or above from, below the task size;
 * 0 if none. */
static abi_ulong find_free(abi_ulong from, uint64_t len)
{
    uint64_t run = 0;
    for (uint64_t a = from; a + TARGET_PAGE_SIZE <= TARGET_TASK_SIZE;
         a += TARGET_PAGE_SIZE) {
        if (page_flags[a >> PAGE_BITS]) {
            run = 0;
            continue;
        }
        run += TARGET_PAGE_SIZE;
        if (run >= len) {
            return (abi_ulong)(a + TARGET_PAGE_SIZE - run);
        }
    }
    return 0;
}

static abi_ulong choose_address(abi_ulong hint, uint64_t len)
{
    if (hint && hint + len <= TARGET_TASK_SIZE &&
        !range_has(hint, len, PAGE_MAPPED)) {
        return hint;
    }
    abi_ulong a = find_free(mmap_next, len);
    if (!a) {
        a = find_free(TARGET_PAGE_SIZE * 16, len);
    }
    return a;
}

int64_t guest_mmap(abi_ulong addr, uint64_t len, int prot, int flags, int fd,
                   uint64_t offset)
{
    if (len == 0 || (offset & PAGE_MASK_LOW) ||
        !(flags & (MAP_SHARED | MAP_PRIVATE))) {
        return -EINVAL;
    }
    len = page_round_up(len);
    if (len > TARGET_TASK_SIZE) {
        return -ENOMEM;
    }
    abi_ulong start;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr & PAGE_MASK_LOW) {
            return -EINVAL;
        }
        if ((uint64_t)addr + len > TARGET_TASK_SIZE) {
            return -ENOMEM;
        }
        if ((flags & MAP_FIXED_NOREPLACE) && range_has(addr, len, PAGE_MAPPED)) {
            return -EEXIST;
        }
        start = addr;
    } else {
        start = choose_address(addr & ~PAGE_MASK_LOW, len);
        if (!start) {
            return -ENOMEM;
        }
    }
    int hflags = MAP_FIXED |
                 (flags & (MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS |
                           MAP_NORESERVE));
    void *p = mmap(g2h(start), len, host_prot(prot), hflags,
                   (flags & MAP_ANONYMOUS) ? -1 : fd, (off_t)offset);
    if (p == MAP_FAILED) {
        return -errno;
    }
    invalidate_code(start, len);
    set_flags(start, len, page_flags_for_prot(prot));
    if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
        mmap_next = start + len;
    }
    return start;
}

int guest_munmap(abi_ulong addr, uint64_t len)
{
    if ((addr & PAGE_MASK_LOW) || len == 0) {
        return -EINVAL;
    }
    len = page_round_up(len);
    if ((uint64_t)addr + len > GUEST_SPACE_SIZE) {
        return -EINVAL;
    }
    int r = release_range(addr, len);
    if (r < 0) {
        return r;
    }
    invalidate_code(addr, len);
    set_flags(addr, len, 0);
    return 0;
}

int guest_mprotect(abi_ulong addr, uint64_t len, int prot)
{
    if (addr & PAGE_MASK_LOW) {
        return -EINVAL;
    }
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) {
        return -EINVAL;
    }
    len = page_round_up(len);
    if ((uint64_t)addr + len > GUEST_SPACE_SIZE) {
        return -ENOMEM;
    }
    if (!range_all(addr, len, PAGE_MAPPED)) {
        return -ENOMEM;
    }
    if (mprotect(g2h(addr), len, host_prot(prot)) < 0) {
        return -errno;
    }
    invalidate_code(addr, len);
    set_flags(addr, len, page_flags_for_prot(prot));
    return 0;
}

int64_t guest_mremap(abi_ulong old_addr, uint64_t old_len, uint64_t new_len,
                     int flags, abi_ulong new_addr)
{
    if ((old_addr & PAGE_MASK_LOW) || new_len == 0 ||
        (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))) {
        return -EINVAL;
    }
    old_len = page_round_up(old_len);
    new_len = page_round_up(new_len);
    if ((uint64_t)old_addr + old_len > TARGET_TASK_SIZE ||
        new_len > TARGET_TASK_SIZE || old_len == 0 ||
        !range_all(old_addr, old_len, PAGE_MAPPED)) {
        return -EFAULT;
    }
    int pflags = page_flags[old_addr >> PAGE_BITS];
    if (flags & MREMAP_FIXED) {
        /* Moving onto a caller-chosen address: not needed by libc yet. */
        return -EINVAL;
    }
    if (new_len <= old_len) {
        if (new_len < old_len) {
            int r = guest_munmap(old_addr + new_len, old_len - new_len);
            if (r < 0) {
                return r;
            }
        }
        return old_addr;
    }
    abi_ulong tail = old_addr + old_len;
    uint64_t grow = new_len - old_len;
    if ((uint64_t)tail + grow <= TARGET_TASK_SIZE &&
        !range_has(tail, grow, PAGE_MAPPED)) {
        /* Grow in place: hand the reserved tail back to the host first. */
        munmap(g2h(tail), grow);
        if (mremap(g2h(old_addr), old_len, new_len, 0) != MAP_FAILED) {
            set_flags(tail, grow, pflags);
            return old_addr;
        }
        int e = errno;
        release_range(tail, grow);
        return -e;
    }
    if (!(flags & MREMAP_MAYMOVE)) {
        return -ENOMEM;
    }
    abi_ulong dest = choose_address(0, new_len);
    if (!dest) {
        return -ENOMEM;
    }
    if (mremap(g2h(old_addr), old_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED,
               g2h(dest)) == MAP_FAILED) {
        return -errno;
    }
    release_range(old_addr, old_len);
    invalidate_code(old_addr, old_len);
    set_flags(old_addr, old_len, 0);
    set_flags(dest, new_len, pflags);
    mmap_next = dest + new_len;
    return dest;
}

void guest_brk_init(abi_ulong brk)
{
    brk_start = brk_cur = (abi_ulong)page_round_up(brk);
}

abi_ulong guest_brk(abi_ulong new_brk)
{
    if (new_brk < brk_start) {
        return brk_cur;
    }
    uint64_t old_top = page_round_up(brk_cur);
    uint64_t new_top = page_round_up(new_brk);
    if (new_top > old_top) {
        if (new_top > TARGET_TASK_SIZE ||
            range_has((abi_ulong)old_top, new_top - old_top, PAGE_MAPPED)) {
            return brk_cur;
        }
        int64_t r = guest_mmap((abi_ulong)old_top, new_top - old_top,
                               PROT_READ | PROT_WRITE,
                               MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (r < 0) {
            return brk_cur;
        }
    } else if (new_top < old_top) {
        guest_munmap((abi_ulong)new_top, old_top - new_top);
    }
    brk_cur = new_brk;
    return brk_cur;
}
