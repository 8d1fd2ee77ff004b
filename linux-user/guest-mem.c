/*
 * guest-mem.c: the guest address space.  A 32-bit guest's 4 GiB are
 * reserved PROT_NONE at startup (at host address 0 when that is free, so
 * guest addresses are host addresses), so a guest address can only ever
 * reach host memory inside the reservation; guest mappings replace parts
 * of it with MAP_FIXED.  A 64-bit guest cannot have such a reservation: its
 * addresses are host addresses, the host kernel chooses where mappings go,
 * and fixed mappings may only replace what the guest itself mapped.  In
 * both cases the page map (page-map.c) records what the guest mapped
 * where, for address selection, pointer checks in system calls, and
 * instruction fetch.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/user.h"

#define PAGE_MASK_LOW ((abi_ulong)TARGET_PAGE_SIZE - 1)
#define RESERVED (TARGET_ABI_BITS == 32)

/* Declared by tcg/exec.h; the mode that owns the address space sets it. */
uintptr_t tcg_guest_base;

static abi_ulong mmap_next = TARGET_MMAP_BASE;

uint64_t guest_task_size = TARGET_TASK_SIZE;
/* 32-bit guests: no guest mapping starts below this (the host's
 * mmap_min_addr, as the kernel enforces for a native process). */
static uint64_t guest_min_addr;
static abi_ulong brk_start, brk_cur;

/*
 * Threads: an mmap-family call holds the page map lock from start to end
 * (calls nest: brk maps).  Translated code of changed pages is dropped
 * after the lock is released: that waits for every thread to leave
 * generated code, and one may be translating, which reads the map.
 */
static __thread int mem_call_depth;

/* This thread's guest range whose translated code must go before it runs
 * guest code again ([lo, hi), empty if equal); see drop_stale_code. */
static __thread uint64_t stale_lo, stale_hi;
/* A write from guest code left its TB (guest_code_write_leave): the
 * instruction at this pc runs again, alone. */
static __thread bool stale_write_retry;
static __thread uint64_t stale_write_pc;

static void mark_stale(uint64_t start, uint64_t len)
{
    if (stale_lo == stale_hi) {
        stale_lo = start;
        stale_hi = start + len;
        return;
    }
    stale_lo = start < stale_lo ? start : stale_lo;
    stale_hi = start + len > stale_hi ? start + len : stale_hi;
}

static void drop_stale_code(void);

static uint64_t page_round_up(uint64_t x)
{
    return (x + PAGE_MASK_LOW) & ~(uint64_t)PAGE_MASK_LOW;
}

static void mem_call_begin(void)
{
    page_map_lock();
    mem_call_depth++;
}

static void mem_call_end(void)
{
    bool last = --mem_call_depth == 0;
    page_map_unlock();
    if (last) {
        drop_stale_code();
    }
}

/*
 * The lowest address the kernel places a mapping at by itself: its
 * mmap_min_addr, or the security modules' minimum if that is higher (a
 * hint below it is raised to it, so a one-page hint of the first page
 * lands there).  /proc's value when the probe lands elsewhere.
 */
static uint64_t host_mmap_min_addr(void)
{
    void *p = mmap((void *)(uintptr_t)TARGET_PAGE_SIZE, TARGET_PAGE_SIZE,
                   PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p != MAP_FAILED) {
        munmap(p, TARGET_PAGE_SIZE);
        if ((uintptr_t)p < (1u << 20)) {
            return (uintptr_t)p;
        }
    }
    unsigned long long v = 65536;
    FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
    if (f) {
        if (fscanf(f, "%llu", &v) != 1) {
            v = 65536;
        }
        fclose(f);
    }
    return page_round_up(v ? v : TARGET_PAGE_SIZE);
}

/*
 * Guest base 0: the space is reserved at host address 0 (from the lowest
 * mappable page up), so a guest address is its own host address and
 * translated code indexes memory with it directly (no base register; a
 * 32-bit effective address wraps at 4 GiB as the guest's does).  Fails
 * when the host has something there (a non-PIE mimic, valgrind,
 * ASan's shadow): the caller then lets the kernel place the space.
 */
static bool reserve_at_zero(void)
{
    void *want = (void *)(uintptr_t)guest_min_addr;
    void *p = mmap(want, GUEST_SPACE_SIZE - guest_min_addr, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                       MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (p == MAP_FAILED) {
        return false;
    }
    if (p != want) { /* a kernel without MAP_FIXED_NOREPLACE */
        munmap(p, GUEST_SPACE_SIZE - guest_min_addr);
        return false;
    }
    tcg_guest_base = 0;
    return true;
}

bool guest_mem_init(uint64_t base, uint64_t limit)
{
    if (sysconf(_SC_PAGESIZE) != TARGET_PAGE_SIZE ||
        (base & (TARGET_PAGE_SIZE - 1))) {
        errno = EINVAL;
        return false;
    }
    /* -R: the guest maps nothing above limit; the whole space stays
     * reserved, so no guest address reaches outside it anyway. */
    if (limit) {
        limit &= ~(uint64_t)PAGE_MASK_LOW;
        if (limit < 16 * TARGET_PAGE_SIZE || !RESERVED) {
            errno = EINVAL;
            return false;
        }
        if (limit < guest_task_size) {
            guest_task_size = limit;
        }
        if (mmap_next >= guest_task_size) {
            mmap_next = (abi_ulong)(guest_task_size / 4) & ~PAGE_MASK_LOW;
        }
    }
    if (!RESERVED) {
        if (base) {
            errno = EINVAL; /* guest addresses are host addresses */
            return false;
        }
        tcg_guest_base = 0;
        return true;
    }
    guest_min_addr = host_mmap_min_addr();
    if (mmap_next < guest_min_addr) {
        mmap_next = (abi_ulong)guest_min_addr;
    }
    if (!base && reserve_at_zero()) {
        return true;
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

static void set_flags(abi_ulong start, uint64_t len, int flags)
{
    page_map_set(start, len, flags);
}

/* True if any page of the range has any of the flags. */
static bool range_has(abi_ulong start, uint64_t len, int flags)
{
    return page_map_any(start, len, flags);
}

static bool range_all(abi_ulong start, uint64_t len, int flags)
{
    return page_map_all(start, len, flags);
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

/* g2h(addr) for a range found good, which is NULL for an empty one at
 * guest address 0 under guest base 0: something else then, as a host
 * call given that range touches no byte of it. */
static void *good_range_ptr(abi_ulong addr)
{
    static char empty_range;
    void *p = g2h(addr);
    return p ? p : &empty_range;
}

void *guest_ptr(abi_ulong addr, uint64_t len, int need)
{
    return guest_access_ok(addr, len, need) ? good_range_ptr(addr) : NULL;
}

/* ---- self-modifying code ---------------------------------------------- */

/*
 * A guest page the translator read code from, and that the guest may
 * write, is made read-only on the host (PAGE_CODE_RO) before its bytes
 * are read, so every page with TBs is either read-only for the guest or
 * protected.  The guest's next write to it faults.  From guest code, the
 * fault handler leaves the TB at the writing instruction
 * (guest_code_write_leave); before the thread runs guest code again, an
 * exclusive section drops the TBs of that page alone and makes it
 * writable (drop_stale_code), and the instruction runs again in a TB of
 * its own that is not kept and does not protect the page again, so the
 * write lands and the next instruction is translated afresh, even when it
 * was in the TB that wrote (tb_run_insn_once).  Another thread cannot
 * see the write before the TBs are gone.  A write by mimic itself (a
 * signal frame) makes the page writable at once and drops its TBs before
 * the thread runs guest code again; a host kernel write (read() into such
 * a page) would get EFAULT instead: guest_buf drops the code first.
 */
static int host_prot_of_flags(int flags)
{
    return (flags & (PAGE_READ | PAGE_EXEC) ? PROT_READ : 0) |
           (flags & PAGE_WRITE ? PROT_WRITE : 0);
}

static void protect_code_pages(abi_ulong start, uint64_t len)
{
    page_map_lock();
    for (uint64_t p = start & ~(uint64_t)PAGE_MASK_LOW; p < start + len;
         p += TARGET_PAGE_SIZE) {
        int f = page_map_flags(p);
        if ((f & PAGE_WRITE) && !(f & PAGE_CODE_RO) &&
            mprotect(g2h((abi_ulong)p), TARGET_PAGE_SIZE,
                     host_prot_of_flags(f) & ~PROT_WRITE) == 0) {
            page_map_set(p, TARGET_PAGE_SIZE, f | PAGE_CODE_RO);
        }
    }
    page_map_unlock();
}

static bool has_code_pages(uint64_t start, uint64_t len)
{
    return page_map_any(start & ~PAGE_MASK_LOW, len + (start & PAGE_MASK_LOW),
                        PAGE_CODE_RO);
}

static void unprotect_code_pages(uint64_t start, uint64_t len)
{
    page_map_lock();
    if (has_code_pages(start, len)) {
        for (uint64_t p = start & ~(uint64_t)PAGE_MASK_LOW; p < start + len;
             p += TARGET_PAGE_SIZE) {
            int f = page_map_flags(p);
            if (f & PAGE_CODE_RO) {
                mprotect(g2h((abi_ulong)p), TARGET_PAGE_SIZE,
                         host_prot_of_flags(f));
                page_map_set(p, TARGET_PAGE_SIZE, f & ~PAGE_CODE_RO);
            }
        }
    }
    page_map_unlock();
}

/* The stale range's TBs go and its protected pages become writable, in
 * one exclusive section.  Never with the page map lock held (a thread
 * that translates needs it to leave generated code). */
static void drop_stale_code(void)
{
    if (stale_lo == stale_hi) {
        return;
    }
    uint64_t lo = stale_lo, hi = stale_hi;
    stale_lo = stale_hi = 0;
    start_exclusive();
    tb_invalidate_range(lo, hi - lo);
    unprotect_code_pages(lo, hi - lo);
    end_exclusive();
}

CodeWriteFault guest_code_write_fault(abi_ulong addr)
{
    int f = page_map_flags(addr & ~PAGE_MASK_LOW);
    if (f & PAGE_CODE_RO) {
        return CODE_WRITE_PROTECTED;
    }
    /* Another thread made it writable since the write faulted. */
    return (f & (PAGE_MAPPED | PAGE_WRITE)) == (PAGE_MAPPED | PAGE_WRITE)
               ? CODE_WRITE_RETRY
               : CODE_WRITE_NONE;
}

void guest_code_write_leave(abi_ulong addr, uint64_t pc)
{
    mark_stale(addr & ~PAGE_MASK_LOW, TARGET_PAGE_SIZE);
    stale_write_pc = pc;
    stale_write_retry = true;
}

void guest_code_write_now(abi_ulong addr)
{
    unprotect_code_pages(addr, 1);
    mark_stale(addr & ~PAGE_MASK_LOW, TARGET_PAGE_SIZE);
    if (user_cpu) {
        user_cpu->exit_request = 1;
    }
}

void guest_code_write_pending(void)
{
    drop_stale_code();
    if (stale_write_retry) {
        stale_write_retry = false;
        tb_run_insn_once(stale_write_pc);
    }
}

void *guest_buf(abi_ulong addr, uint64_t len)
{
    if (len && (uint64_t)addr + len <= GUEST_SPACE_SIZE &&
        has_code_pages(addr, len)) {
        mark_stale(addr, len);
        drop_stale_code();
    }
    if (!RESERVED) {
        /* Outside the guest's mappings may be mimic's own memory. */
        return guest_access_ok(addr, len, 0) ? good_range_ptr(addr) : NULL;
    }
    if ((uint64_t)addr + len > GUEST_SPACE_SIZE || (!g2h(addr) && len)) {
        return NULL; /* page 0 under guest base 0: the host's would fault */
    }
    return good_range_ptr(addr);
}

const char *guest_string(abi_ulong addr)
{
    uint64_t readable = page_map_extent(addr, PAGE_MAPPED | PAGE_READ);
    if (readable == 0) {
        return NULL;
    }
    return memchr(g2h(addr), 0, readable) ? g2h(addr) : NULL;
}

const void *translator_code_ptr(CPUCommon *env, uint64_t pc, size_t len)
{
    if (pc >= GUEST_SPACE_SIZE || len == 0) {
        return NULL;
    }
    if (!guest_access_ok((abi_ulong)pc, len, PAGE_READ | PAGE_EXEC)) {
        return NULL;
    }
    if (!translator_translating_once()) {
        protect_code_pages((abi_ulong)pc, len);
    }
    return g2h((abi_ulong)pc);
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

/*
 * A fixed mapping below guest_min_addr: the kernel allows it only with
 * privilege (CAP_SYS_RAWIO), else EPERM (or the security module's
 * EACCES).  The host answers for the same address: 0 if allowed.
 */
static int low_mapping_allowed(abi_ulong addr)
{
    void *want = (void *)(uintptr_t)addr;
    void *p = mmap(want, TARGET_PAGE_SIZE, PROT_NONE,
                   MAP_FIXED_NOREPLACE | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        return errno == EEXIST ? 0 : -errno;
    }
    munmap(p, TARGET_PAGE_SIZE);
    return p == want ? 0 : -EPERM;
}

/* Give a range back to the reservation (32-bit), or to the host. */
static int release_range(abi_ulong start, uint64_t len)
{
    if (!RESERVED) {
        return munmap(g2h(start), len) < 0 ? -errno : 0;
    }
    if (tcg_guest_base == 0 && start < guest_min_addr) {
        /* below the reservation (guest base 0): nothing to give back to */
        uint64_t low = guest_min_addr - start < len ? guest_min_addr - start
                                                    : len;
        munmap(g2h(start), low);
        start += (abi_ulong)low;
        len -= low;
        if (len == 0) {
            return 0;
        }
    }
    void *p = mmap(g2h(start), len, PROT_NONE,
                   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    return p == MAP_FAILED ? -errno : 0;
}

/* Translated code of pages that change or go away must not run again
 * (dropped when the mmap-family call ends). */
static void invalidate_code(abi_ulong start, uint64_t len)
{
    if (range_has(start, len, PAGE_EXEC)) {
        mark_stale(start, len);
    }
}

/* First free range of len bytes at or above from, below the task size;
 * 0 if none. */
static abi_ulong find_free(abi_ulong from, uint64_t len)
{
    return (abi_ulong)page_map_find_free(from, len, guest_task_size);
}

static abi_ulong choose_address(abi_ulong hint, uint64_t len)
{
    /* as the kernel does, a hint below mmap_min_addr is taken as that */
    if (hint && hint < guest_min_addr) {
        hint = (abi_ulong)guest_min_addr;
    }
    if (hint && hint + len <= guest_task_size &&
        !range_has(hint, len, PAGE_MAPPED)) {
        return hint;
    }
    abi_ulong a = find_free(mmap_next, len);
    if (!a) {
        uint64_t low = TARGET_PAGE_SIZE * 16;
        a = find_free((abi_ulong)(low > guest_min_addr ? low : guest_min_addr),
                      len);
    }
    return a;
}

/* 64-bit: before a MAP_FIXED mapping, take the parts of the range the
 * guest has not mapped with MAP_FIXED_NOREPLACE placeholders, so that the
 * mapping cannot replace host memory (mimic's own).  False if some part
 * is taken by the host. */
static bool claim_unmapped(abi_ulong start, uint64_t len)
{
    uint64_t end = (uint64_t)start + len;
    for (uint64_t a = start; a < end;) {
        a += page_map_extent(a, PAGE_MAPPED);
        uint64_t next = page_map_next(a);
        uint64_t gap_end = next < end ? next : end;
        if (a >= gap_end) {
            continue;
        }
        void *p = mmap(g2h(a), gap_end - a, PROT_NONE,
                       MAP_FIXED_NOREPLACE | MAP_PRIVATE | MAP_ANONYMOUS |
                           MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) {
            /* Give back the placeholders made so far. */
            for (uint64_t b = start; b < a;) {
                b += page_map_extent(b, PAGE_MAPPED);
                uint64_t n = page_map_next(b);
                uint64_t e = n < a ? n : a;
                if (b < e) {
                    munmap(g2h(b), e - b);
                }
                b = e;
            }
            return false;
        }
        a = gap_end;
    }
    return true;
}

/* The host mapping of guest_mmap for a 64-bit guest: the kernel picks the
 * address unless the guest fixed it.  Returns the address or -errno. */
static int64_t mmap_unreserved(abi_ulong addr, uint64_t len, int prot,
                               int flags, int fd, uint64_t offset)
{
    int hflags = flags & (MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS |
                          MAP_NORESERVE);
    if (flags & MAP_FIXED_NOREPLACE) {
        hflags |= MAP_FIXED_NOREPLACE;
    } else if (flags & MAP_FIXED) {
        if (!claim_unmapped(addr, len)) {
            return -ENOMEM;
        }
        hflags |= MAP_FIXED;
    }
    void *p = mmap(g2h(addr), len, host_prot(prot), hflags,
                   (flags & MAP_ANONYMOUS) ? -1 : fd, (off_t)offset);
    if (p == MAP_FAILED) {
        return -errno;
    }
    if ((uint64_t)(uintptr_t)p + len > guest_task_size) {
        munmap(p, len);
        return -ENOMEM;
    }
    return (int64_t)(uintptr_t)p;
}

static int64_t do_guest_mmap(abi_ulong addr, uint64_t len, int prot,
                             int flags, int fd, uint64_t offset)
{
    if (len == 0 || (offset & PAGE_MASK_LOW) ||
        !(flags & (MAP_SHARED | MAP_PRIVATE))) {
        return -EINVAL;
    }
    len = page_round_up(len);
    if (len > guest_task_size) {
        return -ENOMEM;
    }
    abi_ulong start;
    bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    if (fixed) {
        if (addr & PAGE_MASK_LOW) {
            return -EINVAL;
        }
        if ((uint64_t)addr + len > guest_task_size) {
            return -ENOMEM;
        }
        if ((flags & MAP_FIXED_NOREPLACE) && range_has(addr, len, PAGE_MAPPED)) {
            return -EEXIST;
        }
        if (RESERVED && addr < guest_min_addr) {
            int r = low_mapping_allowed(addr);
            if (r < 0) {
                return r;
            }
        }
        start = addr;
    } else if (RESERVED) {
        start = choose_address(addr & ~PAGE_MASK_LOW, len);
        if (!start) {
            return -ENOMEM;
        }
    } else {
        start = addr & ~PAGE_MASK_LOW;
    }
    if (!RESERVED) {
        int64_t r = mmap_unreserved(start, len, prot, flags, fd, offset);
        if (r < 0) {
            return r;
        }
        invalidate_code((abi_ulong)r, len);
        set_flags((abi_ulong)r, len, page_flags_for_prot(prot));
        return r;
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
    /* The next search goes on after a searched-for mapping; an honoured
     * hint (the program image at its load address) must not pull later
     * mappings down next to it, where the break has to grow. */
    if (!fixed && start != (addr & ~PAGE_MASK_LOW)) {
        mmap_next = start + len;
    }
    return start;
}

static void unmap_part(uint64_t start, uint64_t len, void *opaque)
{
    munmap(g2h(start), len);
}

static int do_guest_munmap(abi_ulong addr, uint64_t len)
{
    if ((addr & PAGE_MASK_LOW) || len == 0) {
        return -EINVAL;
    }
    len = page_round_up(len);
    if ((uint64_t)addr + len > GUEST_SPACE_SIZE) {
        return -EINVAL;
    }
    if (RESERVED) {
        int r = release_range(addr, len);
        if (r < 0) {
            return r;
        }
    } else {
        /* Only what the guest mapped: the rest may be mimic's. */
        page_map_foreach(addr, len, unmap_part, NULL);
    }
    invalidate_code(addr, len);
    set_flags(addr, len, 0);
    return 0;
}

static int do_guest_mprotect(abi_ulong addr, uint64_t len, int prot)
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

static int64_t do_guest_mremap(abi_ulong old_addr, uint64_t old_len,
                               uint64_t new_len, int flags,
                               abi_ulong new_addr)
{
    if ((old_addr & PAGE_MASK_LOW) || new_len == 0 ||
        (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))) {
        return -EINVAL;
    }
    old_len = page_round_up(old_len);
    new_len = page_round_up(new_len);
    if ((uint64_t)old_addr + old_len > guest_task_size ||
        new_len > guest_task_size || old_len == 0 ||
        !range_all(old_addr, old_len, PAGE_MAPPED)) {
        return -EFAULT;
    }
    int pflags = page_map_flags(old_addr);
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
    if (!RESERVED) {
        /* The kernel grows in place or moves, never over other mappings. */
        void *p = mremap(g2h(old_addr), old_len, new_len,
                         flags & MREMAP_MAYMOVE);
        if (p == MAP_FAILED) {
            return -errno;
        }
        abi_ulong dest = (abi_ulong)(uintptr_t)p;
        if (dest != old_addr) {
            invalidate_code(old_addr, old_len);
            set_flags(old_addr, old_len, 0);
        }
        set_flags(dest, new_len, pflags);
        return dest;
    }
    abi_ulong tail = old_addr + old_len;
    uint64_t grow = new_len - old_len;
    if ((uint64_t)tail + grow <= guest_task_size &&
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

static abi_ulong do_guest_brk(abi_ulong new_brk)
{
    if (new_brk < brk_start) {
        return brk_cur;
    }
    uint64_t old_top = page_round_up(brk_cur);
    uint64_t new_top = page_round_up(new_brk);
    if (new_top > old_top) {
        if (new_top > guest_task_size ||
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

int64_t guest_mmap(abi_ulong addr, uint64_t len, int prot, int flags, int fd,
                   uint64_t offset)
{
    mem_call_begin();
    int64_t r = do_guest_mmap(addr, len, prot, flags, fd, offset);
    mem_call_end();
    return r;
}

int guest_munmap(abi_ulong addr, uint64_t len)
{
    mem_call_begin();
    int r = do_guest_munmap(addr, len);
    mem_call_end();
    return r;
}

int guest_mprotect(abi_ulong addr, uint64_t len, int prot)
{
    mem_call_begin();
    int r = do_guest_mprotect(addr, len, prot);
    mem_call_end();
    return r;
}

int64_t guest_mremap(abi_ulong old_addr, uint64_t old_len, uint64_t new_len,
                     int flags, abi_ulong new_addr)
{
    mem_call_begin();
    int64_t r = do_guest_mremap(old_addr, old_len, new_len, flags, new_addr);
    mem_call_end();
    return r;
}

abi_ulong guest_brk(abi_ulong new_brk)
{
    mem_call_begin();
    abi_ulong r = do_guest_brk(new_brk);
    mem_call_end();
    return r;
}
