/*
 * sys-poll.c: waiting for file descriptors to become ready: poll, select
 * and epoll, and their forms with a signal mask (ppoll, pselect6,
 * epoll_pwait), which hold the guest's mask only while they wait.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <poll.h>

#include "linux-user/user.h"

/* The largest epoll_wait batch the kernel takes (INT_MAX / its event size). */
#define EPOLL_MAX_EVENTS (INT32_MAX / 12)

/* The guest's timeout at addr (0: none, *tsp NULL) checked as the kernel
 * does: 0, -EFAULT or -EINVAL. */
static int64_t get_timeout(abi_ulong addr, bool time64, struct timespec *ts,
                           struct timespec **tsp)
{
    *tsp = NULL;
    if (!addr) {
        return 0;
    }
    if (get_timespec(addr, ts, time64) < 0) {
        return -EFAULT;
    }
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000) {
        return -EINVAL;
    }
    *tsp = ts;
    return 0;
}

/* The signal mask argument of ppoll/epoll_pwait (set, sizeof set): 0 with
 * *has_mask false if there is none, or -EINVAL/-EFAULT. */
static int64_t get_wait_mask(abi_ulong set, abi_ulong size, uint64_t *mask,
                             bool *has_mask)
{
    *has_mask = set != 0;
    if (!set) {
        return 0;
    }
    if (size != 8) {
        return -EINVAL;
    }
    return get_guest_sigset(set, mask);
}

/* Host call nr(a0, ..., a5) under the guest mask mask if has_mask (the
 * host thread's mask follows the guest's: the call needs none itself). */
static int64_t wait_with_mask(bool has_mask, uint64_t mask, long nr, long a0,
                              long a1, long a2, long a3, long a4, long a5)
{
    if (has_mask) {
        signal_wait_mask_begin(mask);
    }
    int64_t r = safe_syscall(nr, a0, a1, a2, a3, a4, a5);
    if (has_mask) {
        signal_wait_mask_end(r);
    }
    return r;
}

/* ---- poll ------------------------------------------------------------- */

static int64_t do_poll(abi_ulong addr, abi_ulong nfds, abi_ulong timeout_addr,
                       bool time64, struct timespec *ts, bool has_mask,
                       uint64_t mask)
{
    if (nfds > 65536) {
        return -EINVAL;
    }
    size_t count = nfds ? nfds : 1;
    struct target_pollfd *t = calloc(count, sizeof(*t));
    struct pollfd *h = calloc(count, sizeof(*h));
    int64_t r = -ENOMEM;
    if (!t || !h) {
        goto out;
    }
    r = copy_from_guest(t, addr, nfds * sizeof(*t));
    if (r < 0 || (nfds && !guest_access_ok(addr, nfds * sizeof(*t),
                                           PAGE_WRITE))) {
        r = -EFAULT;
        goto out;
    }
    for (abi_ulong i = 0; i < nfds; i++) {
        h[i].fd = tget(t[i].fd);
        h[i].events = tget(t[i].events);
    }
    r = wait_with_mask(has_mask, mask, SYS_ppoll, (long)h, (long)nfds,
                       (long)ts, 0, 0, 0);
    if (r >= 0) {
        for (abi_ulong i = 0; i < nfds; i++) {
            tput(t[i].revents, h[i].revents);
        }
        copy_to_guest(addr, t, nfds * sizeof(*t));
    }
    /* The kernel's ppoll leaves the time not slept in the timeout. */
    if (timeout_addr && (r >= 0 || r == -EINTR)) {
        put_timespec(timeout_addr, ts, time64);
    }
out:
    free(t);
    free(h);
    return r;
}

static int64_t sys_poll(const uint64_t *a)
{
    int ms = (int)(abi_long)a[2];
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    return do_poll((abi_ulong)a[0], (abi_ulong)a[1], 0, false,
                   ms < 0 ? NULL : &ts, false, 0);
}

static int64_t do_ppoll(const uint64_t *a, bool time64)
{
    struct timespec ts, *tsp;
    uint64_t mask;
    bool has_mask;
    int64_t r = get_timeout((abi_ulong)a[2], time64, &ts, &tsp);
    if (r == 0) {
        r = get_wait_mask((abi_ulong)a[3], (abi_ulong)a[4], &mask, &has_mask);
    }
    if (r < 0) {
        return r;
    }
    return do_poll((abi_ulong)a[0], (abi_ulong)a[1], (abi_ulong)a[2], time64,
                   tsp, has_mask, mask);
}

static int64_t sys_ppoll(const uint64_t *a)
{
    return do_ppoll(a, false);
}

static int64_t sys_ppoll_time64(const uint64_t *a)
{
    return do_ppoll(a, true);
}

/* ---- select ----------------------------------------------------------- */

/* fd_set: guest words of TARGET_ABI_BITS, bit k of the set in word k/bits. */
#define FDSET_WORD_BITS TARGET_ABI_BITS
#define FDSET_WORDS (FD_SETSIZE / FDSET_WORD_BITS)

static size_t fdset_bytes(int n)
{
    return (size_t)(n + FDSET_WORD_BITS - 1) / FDSET_WORD_BITS *
           sizeof(abi_ulong);
}

/* The guest's fd_set at addr (0: none) into *h; 0 or -EFAULT. */
static int64_t fdset_in(abi_ulong addr, int n, fd_set *h)
{
    FD_ZERO(h);
    if (!addr) {
        return 0;
    }
    abi_ulong t[FDSET_WORDS];
    if (copy_from_guest(t, addr, fdset_bytes(n)) < 0 ||
        !guest_access_ok(addr, fdset_bytes(n), PAGE_WRITE)) {
        return -EFAULT;
    }
    for (int fd = 0; fd < n; fd++) {
        if (tget(t[fd / FDSET_WORD_BITS]) &
            ((abi_ulong)1 << (fd % FDSET_WORD_BITS))) {
            FD_SET(fd, h);
        }
    }
    return 0;
}

static void fdset_out(abi_ulong addr, int n, const fd_set *h)
{
    if (!addr) {
        return;
    }
    abi_ulong t[FDSET_WORDS];
    memset(t, 0, sizeof(t));
    for (int fd = 0; fd < n; fd++) {
        if (FD_ISSET(fd, h)) {
            t[fd / FDSET_WORD_BITS] |= (abi_ulong)1 << (fd % FDSET_WORD_BITS);
        }
    }
    for (size_t w = 0; w < FDSET_WORDS; w++) {
        tput(t[w], t[w]);
    }
    copy_to_guest(addr, t, fdset_bytes(n));
}

/* select and pselect6: the sets in a[1..3], timeout *ts (NULL: none;
 * updated to the time not slept). */
static int64_t do_select(const uint64_t *a, struct timespec *ts,
                         bool has_mask, uint64_t mask)
{
    int n = (int)a[0];
    if (n < 0 || n > FD_SETSIZE) {
        return -EINVAL;
    }
    fd_set sets[3];
    for (int i = 0; i < 3; i++) {
        if (fdset_in((abi_ulong)a[1 + i], n, &sets[i]) < 0) {
            return -EFAULT;
        }
    }
    int64_t ret = wait_with_mask(has_mask, mask, SYS_pselect6, (long)n,
                                 (long)&sets[0], (long)&sets[1],
                                 (long)&sets[2], (long)ts, 0);
    if (ret >= 0) {
        for (int i = 0; i < 3; i++) {
            fdset_out((abi_ulong)a[1 + i], n, &sets[i]);
        }
    }
    return ret;
}

static int64_t sys_newselect(const uint64_t *a)
{
    abi_ulong tv_addr = (abi_ulong)a[4];
    struct timespec ts, *tsp = NULL;
    if (tv_addr) {
        struct target_timeval tv;
        if (copy_from_guest(&tv, tv_addr, sizeof(tv)) < 0) {
            return -EFAULT;
        }
        ts.tv_sec = tget(tv.tv_sec);
        ts.tv_nsec = (long)tget(tv.tv_usec) * 1000;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) {
            return -EINVAL;
        }
        tsp = &ts;
    }
    int64_t r = do_select(a, tsp, false, 0);
    /* Linux's select leaves the time not slept in the timeout. */
    if (tsp && (r >= 0 || r == -EINTR)) {
        struct target_timeval tv;
        tput(tv.tv_sec, ts.tv_sec);
        tput(tv.tv_usec, ts.tv_nsec / 1000);
        copy_to_guest(tv_addr, &tv, sizeof(tv));
    }
    return r;
}

/* 32-bit select (82 on ppc32 and i386) also takes the old form: one
 * pointer to a block of the five arguments, recognised by a "count" that
 * is an address.  x86-64's select is the plain one. */
static int64_t sys_select(const uint64_t *a)
{
    if (TARGET_ABI_BITS == 64 || (abi_ulong)a[0] < 4096) {
        return sys_newselect(a);
    }
    abi_ulong block[5];
    if (copy_from_guest(block, (abi_ulong)a[0], sizeof(block)) < 0) {
        return -EFAULT;
    }
    uint64_t args[SYSCALL_ARGS] = { 0 };
    for (int i = 0; i < 5; i++) {
        args[i] = tget(block[i]);
    }
    return sys_newselect(args);
}

static int64_t do_pselect6(const uint64_t *a, bool time64)
{
    struct timespec ts, *tsp;
    int64_t r = get_timeout((abi_ulong)a[4], time64, &ts, &tsp);
    if (r < 0) {
        return r;
    }
    /* The sixth argument: { const sigset_t *set; size_t size; }. */
    uint64_t mask = 0;
    bool has_mask = false;
    if ((abi_ulong)a[5]) {
        abi_ulong block[2];
        if (copy_from_guest(block, (abi_ulong)a[5], sizeof(block)) < 0) {
            return -EFAULT;
        }
        r = get_wait_mask(tget(block[0]), tget(block[1]), &mask, &has_mask);
        if (r < 0) {
            return r;
        }
    }
    r = do_select(a, tsp, has_mask, mask);
    if (tsp && (r >= 0 || r == -EINTR)) {
        put_timespec((abi_ulong)a[4], tsp, time64);
    }
    return r;
}

static int64_t sys_pselect6(const uint64_t *a)
{
    return do_pselect6(a, false);
}

static int64_t sys_pselect6_time64(const uint64_t *a)
{
    return do_pselect6(a, true);
}

/* ---- epoll ------------------------------------------------------------ */

static int64_t sys_epoll_create(const uint64_t *a)
{
    if ((int)a[0] <= 0) {
        return -EINVAL;
    }
    return host_ret(epoll_create1(0));
}

static int64_t sys_epoll_create1(const uint64_t *a)
{
    uint32_t flags = (uint32_t)a[0];
    if (flags & ~host_to_target_open_flags(O_CLOEXEC)) {
        return -EINVAL;
    }
    return host_ret(epoll_create1(target_to_host_open_flags(flags)));
}

static int64_t sys_epoll_ctl(const uint64_t *a)
{
    struct epoll_event h, *hp = NULL;
    abi_ulong addr = (abi_ulong)a[3];
    if ((int)a[1] != EPOLL_CTL_DEL || addr) {
        struct target_epoll_event t;
        if (copy_from_guest(&t, addr, sizeof(t)) < 0) {
            return -EFAULT;
        }
        h.events = tget(t.events);
        h.data.u64 = tget(t.data);
        hp = &h;
    }
    return host_ret(epoll_ctl((int)a[0], (int)a[1], (int)a[2], hp));
}

/* epoll_wait, epoll_pwait and epoll_pwait2: timeout is milliseconds
 * (ts NULL) or the timespec *ts (NULL too: none). */
static int64_t do_epoll_wait(const uint64_t *a, int ms, struct timespec *ts,
                             bool pwait2)
{
    int max = (int)a[2];
    abi_ulong out = (abi_ulong)a[1];
    if (max <= 0 || max > EPOLL_MAX_EVENTS) {
        return -EINVAL;
    }
    if (!guest_access_ok(out, (uint64_t)max *
                         sizeof(struct target_epoll_event), PAGE_WRITE)) {
        return -EFAULT;
    }
    uint64_t mask;
    bool has_mask;
    int64_t r = get_wait_mask((abi_ulong)a[4], (abi_ulong)a[5], &mask,
                              &has_mask);
    if (r < 0) {
        return r;
    }
    struct epoll_event *h = calloc((size_t)max, sizeof(*h));
    if (!h) {
        return -ENOMEM;
    }
    r = wait_with_mask(has_mask, mask,
                       pwait2 ? SYS_epoll_pwait2 : SYS_epoll_pwait,
                       (long)(int)a[0], (long)h, max,
                       pwait2 ? (long)ts : ms, 0, 0);
    for (int64_t i = 0; i < r; i++) {
        struct target_epoll_event t;
        memset(&t, 0, sizeof(t));
        tput(t.events, h[i].events);
        tput(t.data, h[i].data.u64);
        copy_to_guest(out + i * sizeof(t), &t, sizeof(t));
    }
    free(h);
    return r;
}

static int64_t sys_epoll_wait(const uint64_t *a)
{
    uint64_t args[SYSCALL_ARGS] = { a[0], a[1], a[2], a[3], 0, 0 };
    return do_epoll_wait(args, (int)a[3], NULL, false);
}

static int64_t sys_epoll_pwait(const uint64_t *a)
{
    return do_epoll_wait(a, (int)a[3], NULL, false);
}

static int64_t sys_epoll_pwait2(const uint64_t *a)
{
    struct timespec ts, *tsp;
    int64_t r = get_timeout((abi_ulong)a[3], true, &ts, &tsp);
    return r < 0 ? r : do_epoll_wait(a, 0, tsp, true);
}

const SyscallDef sys_poll_defs[] = {
    { "poll", sys_poll, "3ud", 'd' },
    { "ppoll", sys_ppoll, "3utgu", 'd' },
    { "ppoll_time64", sys_ppoll_time64, "3uTgu", 'd' },
    { "select", sys_select, "dpppp", 'd' },
    { "_newselect", sys_newselect, "dpppp", 'd' },
    { "pselect6", sys_pselect6, "dppppp", 'd' },
    { "pselect6_time64", sys_pselect6_time64, "dppppp", 'd' },
    { "epoll_create", sys_epoll_create, "d", 'd' },
    { "epoll_create1", sys_epoll_create1, "0", 'd' },
    { "epoll_ctl", sys_epoll_ctl, "dedE", 'd' },
    { "epoll_wait", sys_epoll_wait, "d8dd", 'd' },
    { "epoll_pwait", sys_epoll_pwait, "d8ddgu", 'd' },
    { "epoll_pwait2", sys_epoll_pwait2, "d8dTgu", 'd' },
    { NULL, NULL, NULL, 0 },
};
