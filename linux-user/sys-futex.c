/*
 * sys-futex.c: futexes on guest addresses.
 *
 * They run on the host kernel at the guest address: the kernel compares
 * the 32-bit word in memory, which holds the guest's byte order, so
 * compared values are byte-swapped first.  FUTEX_WAKE_OP changes a word
 * as well: that part is done here, in the guest's byte order.
 *
 * Priority-inheritance futexes hold the owner's thread id in the word,
 * which the kernel reads and writes itself.  Guest thread ids are host
 * ones, so for a guest of the host's byte order they go straight through;
 * for a big-endian guest the kernel would read the id byte-swapped, so
 * the protocol is done here instead (owner id in the word, FUTEX_WAITERS
 * set by a waiter, the unlock wakes the waiters, which compete again),
 * with plain futex waits: mutual exclusion without priority inheritance.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/user.h"

/* FUTEX_WAKE_OP's operation on the guest word at p; returns the old
 * value (host order) or -ENOSYS for an unknown operation. */
static int64_t futex_atomic_op(uint32_t *p, uint32_t encoded)
{
    unsigned op = (encoded >> 28) & 7;
    uint32_t arg = (encoded >> 12) & 0xfff;
    if (encoded & (FUTEX_OP_OPARG_SHIFT << 28)) {
        arg = 1u << (arg & 31);
    }
    uint32_t old = __atomic_load_n(p, __ATOMIC_RELAXED), new;
    do {
        uint32_t v = tswap32(old);
        switch (op) {
        case FUTEX_OP_SET: v = arg; break;
        case FUTEX_OP_ADD: v += arg; break;
        case FUTEX_OP_OR: v |= arg; break;
        case FUTEX_OP_ANDN: v &= ~arg; break;
        case FUTEX_OP_XOR: v ^= arg; break;
        default: return -ENOSYS;
        }
        new = tswap32(v);
    } while (!__atomic_compare_exchange_n(p, &old, new, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    return tswap32(old);
}

static bool futex_cmp(uint32_t old, uint32_t encoded)
{
    int32_t a = (int32_t)old;
    int32_t b = (int32_t)(encoded << 20) >> 20; /* 12-bit signed */
    switch ((encoded >> 24) & 15) {
    case FUTEX_OP_CMP_EQ: return old == (uint32_t)b;
    case FUTEX_OP_CMP_NE: return old != (uint32_t)b;
    case FUTEX_OP_CMP_LT: return a < b;
    case FUTEX_OP_CMP_LE: return a <= b;
    case FUTEX_OP_CMP_GT: return a > b;
    case FUTEX_OP_CMP_GE: return a >= b;
    default: return false;
    }
}

/* ---- PI futexes of big-endian guests ----------------------------------- */

/* FUTEX_LOCK_PI/LOCK_PI2/TRYLOCK_PI on the guest word at word; wait flags
 * are FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME; abs is the absolute
 * timeout or NULL. */
static int64_t pi_lock(uint32_t *word, bool try_only, int wait_flags,
                       const struct timespec *abs)
{
    uint32_t tid = (uint32_t)gettid();
    uint32_t raw = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    for (;;) {
        uint32_t v = tswap32(raw);
        uint32_t owner = v & FUTEX_TID_MASK;
        if (owner == 0) {
            if (__atomic_compare_exchange_n(word, &raw,
                                            tswap32(tid | (v & FUTEX_WAITERS)),
                                            false, __ATOMIC_ACQUIRE,
                                            __ATOMIC_ACQUIRE)) {
                return 0;
            }
            continue;
        }
        if (owner == tid) {
            return -EDEADLK;
        }
        if (try_only) {
            return -EWOULDBLOCK;
        }
        if (!(v & FUTEX_WAITERS)) {
            uint32_t want = tswap32(v | FUTEX_WAITERS);
            if (!__atomic_compare_exchange_n(word, &raw, want, false,
                                             __ATOMIC_ACQUIRE,
                                             __ATOMIC_ACQUIRE)) {
                continue;
            }
            raw = want;
        }
        long r = safe_syscall(SYS_futex, word, FUTEX_WAIT_BITSET | wait_flags,
                              (long)raw, abs, NULL,
                              (long)FUTEX_BITSET_MATCH_ANY);
        if (r == -ETIMEDOUT || (r == -EINTR && signal_pending_deliverable)) {
            return r;
        }
        raw = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    }
}

static int64_t pi_unlock(uint32_t *word, int priv)
{
    uint32_t tid = (uint32_t)gettid();
    uint32_t raw = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    do {
        if ((tswap32(raw) & FUTEX_TID_MASK) != tid) {
            return -EPERM;
        }
    } while (!__atomic_compare_exchange_n(word, &raw, 0, false,
                                          __ATOMIC_RELEASE, __ATOMIC_ACQUIRE));
    if (tswap32(raw) & FUTEX_WAITERS) {
        syscall(SYS_futex, word, FUTEX_WAKE | priv, INT_MAX, NULL, NULL, 0);
    }
    return 0;
}

static int64_t do_futex(const uint64_t *a, bool time64)
{
    abi_ulong uaddr = (abi_ulong)a[0];
    int op = (int)a[1];
    int cmd = op & FUTEX_CMD_MASK;
    uint32_t val = (uint32_t)a[2];
    if (!guest_access_ok(uaddr, 4, PAGE_READ) || (uaddr & 3)) {
        return -EFAULT;
    }
    struct timespec ts, *tsp = NULL;
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
        if ((abi_ulong)a[3]) {
            if (get_timespec((abi_ulong)a[3], &ts, time64) < 0) {
                return -EFAULT;
            }
            tsp = &ts;
        }
        return safe_syscall(SYS_futex, g2h(uaddr), (long)op,
                            (long)tswap32(val), tsp, NULL,
                            (long)(uint32_t)a[5]);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        return host_ret(syscall(SYS_futex, g2h(uaddr), op, val, NULL, NULL,
                           (uint32_t)a[5]));
    case FUTEX_WAKE_OP: {
        abi_ulong uaddr2 = (abi_ulong)a[4];
        if (!guest_access_ok(uaddr2, 4, PAGE_READ | PAGE_WRITE) ||
            (uaddr2 & 3)) {
            return -EFAULT;
        }
        int priv = op & FUTEX_PRIVATE_FLAG;
        int64_t old = futex_atomic_op(g2h(uaddr2), (uint32_t)a[5]);
        if (old < 0) {
            return old;
        }
        long woken = syscall(SYS_futex, g2h(uaddr), FUTEX_WAKE | priv, val,
                             NULL, NULL, 0);
        if (woken < 0) {
            return -errno;
        }
        if (futex_cmp((uint32_t)old, (uint32_t)a[5])) {
            long more = syscall(SYS_futex, g2h(uaddr2), FUTEX_WAKE | priv,
                                (uint32_t)a[3], NULL, NULL, 0);
            if (more > 0) {
                woken += more;
            }
        }
        return woken;
    }
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_TRYLOCK_PI:
        if ((abi_ulong)a[3] && cmd != FUTEX_TRYLOCK_PI) {
            if (get_timespec((abi_ulong)a[3], &ts, time64) < 0) {
                return -EFAULT;
            }
            tsp = &ts;
        }
        if (!guest_access_ok(uaddr, 4, PAGE_WRITE)) {
            return -EFAULT;
        }
        if (TARGET_BIG_ENDIAN) {
            /* LOCK_PI's timeout is on CLOCK_REALTIME, LOCK_PI2's on the
             * clock the flag names. */
            int flags = (op & FUTEX_PRIVATE_FLAG) |
                        (cmd == FUTEX_LOCK_PI ? FUTEX_CLOCK_REALTIME
                                              : op & FUTEX_CLOCK_REALTIME);
            return pi_lock(g2h(uaddr), cmd == FUTEX_TRYLOCK_PI, flags, tsp);
        }
        return safe_syscall(SYS_futex, g2h(uaddr), (long)op, 0L, tsp, NULL,
                            0L);
    case FUTEX_UNLOCK_PI:
        if (!guest_access_ok(uaddr, 4, PAGE_WRITE)) {
            return -EFAULT;
        }
        if (TARGET_BIG_ENDIAN) {
            return pi_unlock(g2h(uaddr), op & FUTEX_PRIVATE_FLAG);
        }
        return host_ret(syscall(SYS_futex, g2h(uaddr), op, 0, NULL, NULL, 0));
    case FUTEX_WAIT_REQUEUE_PI:
    case FUTEX_CMP_REQUEUE_PI: {
        /* Requeueing onto a PI futex: the kernel takes the PI futex for
         * the waiter, which a byte-swapped word does not allow. */
        abi_ulong uaddr2 = (abi_ulong)a[4];
        if (TARGET_BIG_ENDIAN) {
            return -ENOSYS;
        }
        if (!guest_access_ok(uaddr2, 4, PAGE_WRITE) || (uaddr2 & 3)) {
            return -EFAULT;
        }
        if (cmd == FUTEX_WAIT_REQUEUE_PI) {
            if ((abi_ulong)a[3]) {
                if (get_timespec((abi_ulong)a[3], &ts, time64) < 0) {
                    return -EFAULT;
                }
                tsp = &ts;
            }
            return safe_syscall(SYS_futex, g2h(uaddr), (long)op, (long)val,
                                tsp, g2h(uaddr2), 0L);
        }
        return host_ret(syscall(SYS_futex, g2h(uaddr), op, val,
                                (unsigned long)(uint32_t)a[3], g2h(uaddr2),
                                (uint32_t)a[5]));
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
        abi_ulong uaddr2 = (abi_ulong)a[4];
        if (!guest_access_ok(uaddr2, 4, PAGE_READ) || (uaddr2 & 3)) {
            return -EFAULT;
        }
        uint32_t val3 = cmd == FUTEX_CMP_REQUEUE ? tswap32((uint32_t)a[5]) : 0;
        return host_ret(syscall(SYS_futex, g2h(uaddr), op, val,
                           (unsigned long)(uint32_t)a[3], g2h(uaddr2), val3));
    }
    default:
        return -ENOSYS;
    }
}

/*
 * The robust futex list, which the kernel walks when a thread dies: it
 * sets FUTEX_OWNER_DIED in each futex the thread held and wakes a waiter,
 * so the next locker of a robust mutex gets EOWNERDEAD.  The kernel reads
 * the list itself (pointers, the offset to the futex word, the words), so
 * it can only take a guest list laid out as the host's: a 64-bit
 * little-endian guest, whose addresses are host addresses.  Other guests'
 * lists are only recorded (get_robust_list returns them), and a dying
 * thread's robust mutexes stay locked.
 */
#if TARGET_ABI_BITS == 64 && !TARGET_BIG_ENDIAN
#define ROBUST_LIST_ON_HOST 1
#else
#define ROBUST_LIST_ON_HOST 0
/* struct robust_list_head: next, futex_offset, list_op_pending. */
#define GUEST_ROBUST_HEAD_SIZE (3 * sizeof(abi_ulong))
static __thread abi_ulong robust_head;
#endif

static int64_t sys_set_robust_list(const uint64_t *a)
{
    abi_ulong head = (abi_ulong)a[0], len = (abi_ulong)a[1];
#if ROBUST_LIST_ON_HOST
    return host_ret(syscall(SYS_set_robust_list, g2h(head), (size_t)len));
#else
    if (len != GUEST_ROBUST_HEAD_SIZE) {
        return -EINVAL;
    }
    robust_head = head;
    return 0;
#endif
}

static int64_t sys_get_robust_list(const uint64_t *a)
{
    int pid = (int)a[0];
    abi_ulong head_addr = (abi_ulong)a[1], len_addr = (abi_ulong)a[2];
    abi_ulong head, len;
#if ROBUST_LIST_ON_HOST
    void *host_head;
    size_t host_len;
    if (syscall(SYS_get_robust_list, pid, &host_head, &host_len) < 0) {
        return -errno;
    }
    head = (abi_ulong)(uintptr_t)host_head;
    len = (abi_ulong)host_len;
#else
    /* Only the calling thread's list is known here. */
    if (pid && pid != gettid()) {
        return -EPERM;
    }
    head = robust_head;
    len = GUEST_ROBUST_HEAD_SIZE;
#endif
    if (put_guest_val(abi_ulong, head_addr, head) < 0 ||
        put_guest_val(abi_ulong, len_addr, len) < 0) {
        return -EFAULT;
    }
    return 0;
}

static int64_t sys_futex(const uint64_t *a)
{
    return do_futex(a, false);
}

static int64_t sys_futex_time64(const uint64_t *a)
{
    return do_futex(a, true);
}

const SyscallDef sys_futex_defs[] = {
    { "futex", sys_futex, "pXdppd", 'd' },
    { "futex_time64", sys_futex_time64, "pXdppd", 'd' },
    { "set_robust_list", sys_set_robust_list, "pu", 'd' },
    { "get_robust_list", sys_get_robust_list, "#pp", 'd' },
    { NULL, NULL, NULL, 0 },
};
