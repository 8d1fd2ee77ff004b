/*
 * sys-time.c: clocks and sleeping, with both the 32-bit time_t structures
 * of the original ppc32 calls and the 64-bit ones of the *_time64 calls.
 */
#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#include "linux-user/user.h"

/* Write a host timespec as the guest's 32-bit or 64-bit timespec. */
int64_t put_timespec(abi_ulong addr, const struct timespec *ts, bool time64)
{
    if (time64) {
        struct target_timespec64 t;
        tput(t.tv_sec, ts->tv_sec);
        tput(t.tv_nsec, ts->tv_nsec);
        return copy_to_guest(addr, &t, sizeof(t));
    }
    struct target_timespec t;
    tput(t.tv_sec, ts->tv_sec);
    tput(t.tv_nsec, ts->tv_nsec);
    return copy_to_guest(addr, &t, sizeof(t));
}

int64_t get_timespec(abi_ulong addr, struct timespec *ts, bool time64)
{
    if (time64) {
        struct target_timespec64 t;
        if (copy_from_guest(&t, addr, sizeof(t)) < 0) {
            return -EFAULT;
        }
        ts->tv_sec = tget(t.tv_sec);
        /* A 32-bit guest's C library leaves the padding beside its 32-bit
         * tv_nsec unset; its kernel reads only the low half. */
        ts->tv_nsec = TARGET_ABI_BITS == 32 ? (long)(int32_t)tget(t.tv_nsec)
                                            : (long)tget(t.tv_nsec);
        return 0;
    }
    struct target_timespec t;
    if (copy_from_guest(&t, addr, sizeof(t)) < 0) {
        return -EFAULT;
    }
    ts->tv_sec = tget(t.tv_sec);
    ts->tv_nsec = tget(t.tv_nsec);
    return 0;
}

/* struct itimerspec: interval then value, two guest timespecs. */
int64_t get_itimerspec(abi_ulong addr, struct itimerspec *it, bool time64)
{
    size_t size = time64 ? sizeof(struct target_timespec64)
                         : sizeof(struct target_timespec);
    if (get_timespec(addr, &it->it_interval, time64) < 0 ||
        get_timespec(addr + size, &it->it_value, time64) < 0) {
        return -EFAULT;
    }
    return 0;
}

int64_t put_itimerspec(abi_ulong addr, const struct itimerspec *it,
                       bool time64)
{
    size_t size = time64 ? sizeof(struct target_timespec64)
                         : sizeof(struct target_timespec);
    if (put_timespec(addr, &it->it_interval, time64) < 0 ||
        put_timespec(addr + size, &it->it_value, time64) < 0) {
        return -EFAULT;
    }
    return 0;
}

/* timer_settime/timerfd_settime (host call nr): id or fd, flags, new
 * value, old value (may be 0), as guest itimerspecs. */
int64_t itimerspec_settime(long nr, const uint64_t *a, bool time64)
{
    struct itimerspec new_value, old_value;
    if (get_itimerspec((abi_ulong)a[2], &new_value, time64) < 0) {
        return -EFAULT;
    }
    if (syscall(nr, (int)a[0], (int)a[1], &new_value, &old_value) < 0) {
        return -errno;
    }
    if ((abi_ulong)a[3] &&
        put_itimerspec((abi_ulong)a[3], &old_value, time64) < 0) {
        return -EFAULT;
    }
    return 0;
}

/* timer_gettime/timerfd_gettime (host call nr): id or fd, value. */
int64_t itimerspec_gettime(long nr, const uint64_t *a, bool time64)
{
    struct itimerspec cur;
    if (syscall(nr, (int)a[0], &cur) < 0) {
        return -errno;
    }
    return put_itimerspec((abi_ulong)a[1], &cur, time64);
}

static int64_t sys_time(const uint64_t *a)
{
    time_t now = time(NULL);
    if ((abi_ulong)a[0]) {
        abi_long t;
        tput(t, now);
        if (copy_to_guest((abi_ulong)a[0], &t, sizeof(t)) < 0) {
            return -EFAULT;
        }
    }
    return (abi_long)now;
}

static int64_t sys_gettimeofday(const uint64_t *a)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    if ((abi_ulong)a[0]) {
        struct target_timeval t;
        tput(t.tv_sec, tv.tv_sec);
        tput(t.tv_usec, tv.tv_usec);
        if (copy_to_guest((abi_ulong)a[0], &t, sizeof(t)) < 0) {
            return -EFAULT;
        }
    }
    if ((abi_ulong)a[1]) {
        struct target_timezone z;
        tput(z.tz_minuteswest, 0);
        tput(z.tz_dsttime, 0);
        if (copy_to_guest((abi_ulong)a[1], &z, sizeof(z)) < 0) {
            return -EFAULT;
        }
    }
    return 0;
}

static int64_t do_clock_gettime(const uint64_t *a, bool time64, bool res)
{
    struct timespec ts;
    int r = res ? clock_getres((clockid_t)a[0], &ts)
                : clock_gettime((clockid_t)a[0], &ts);
    if (r < 0) {
        return -errno;
    }
    if (res && !(abi_ulong)a[1]) {
        return 0;
    }
    return put_timespec((abi_ulong)a[1], &ts, time64);
}

static int64_t sys_clock_gettime(const uint64_t *a)
{
    return do_clock_gettime(a, false, false);
}

static int64_t sys_clock_gettime64(const uint64_t *a)
{
    return do_clock_gettime(a, true, false);
}

static int64_t sys_clock_getres(const uint64_t *a)
{
    return do_clock_gettime(a, false, true);
}

static int64_t sys_clock_getres_time64(const uint64_t *a)
{
    return do_clock_gettime(a, true, true);
}

/* Setting a clock needs CAP_SYS_TIME: the host says whether we have it. */
static int64_t do_clock_settime(const uint64_t *a, bool time64)
{
    struct timespec ts;
    if (get_timespec((abi_ulong)a[1], &ts, time64) < 0) {
        return -EFAULT;
    }
    return clock_settime((clockid_t)a[0], &ts) < 0 ? -errno : 0;
}

static int64_t sys_clock_settime(const uint64_t *a)
{
    return do_clock_settime(a, false);
}

static int64_t sys_clock_settime64(const uint64_t *a)
{
    return do_clock_settime(a, true);
}

static int64_t do_clock_nanosleep(clockid_t clk, int flags, abi_ulong req,
                                  abi_ulong rem, bool time64)
{
    struct timespec ts, left;
    int64_t r = get_timespec(req, &ts, time64);
    if (r < 0) {
        return r;
    }
    left = ts;
    r = safe_syscall(SYS_clock_nanosleep, (long)clk, (long)flags, &ts, &left);
    if (r == -EINTR && rem && !(flags & TIMER_ABSTIME)) {
        put_timespec(rem, &left, time64);
    }
    return r;
}

static int64_t sys_nanosleep(const uint64_t *a)
{
    return do_clock_nanosleep(CLOCK_MONOTONIC, 0, (abi_ulong)a[0],
                              (abi_ulong)a[1], false);
}

static int64_t sys_clock_nanosleep(const uint64_t *a)
{
    return do_clock_nanosleep((clockid_t)a[0], (int)a[1], (abi_ulong)a[2],
                              (abi_ulong)a[3], false);
}

static int64_t sys_clock_nanosleep_time64(const uint64_t *a)
{
    return do_clock_nanosleep((clockid_t)a[0], (int)a[1], (abi_ulong)a[2],
                              (abi_ulong)a[3], true);
}

static int64_t sys_times(const uint64_t *a)
{
    struct tms h;
    clock_t r = times(&h);
    if ((abi_ulong)a[0]) {
        struct target_tms t;
        tput(t.tms_utime, h.tms_utime);
        tput(t.tms_stime, h.tms_stime);
        tput(t.tms_cutime, h.tms_cutime);
        tput(t.tms_cstime, h.tms_cstime);
        if (copy_to_guest((abi_ulong)a[0], &t, sizeof(t)) < 0) {
            return -EFAULT;
        }
    }
    /* Clock ticks since boot, truncated to the guest's word. */
#if TARGET_ABI_BITS == 32
    return (abi_ulong)r & 0x7fffffff;
#else
    return r;
#endif
}

const SyscallDef sys_time_defs[] = {
    { "time", sys_time, "p", 'd' },
    { "gettimeofday", sys_gettimeofday, "pp", 'd' },
    { "clock_gettime", sys_clock_gettime, "cU", 'd' },
    { "clock_gettime64", sys_clock_gettime64, "cp", 'd' },
    { "clock_getres", sys_clock_getres, "cU", 'd' },
    { "clock_getres_time64", sys_clock_getres_time64, "cp", 'd' },
    { "clock_settime", sys_clock_settime, "ct", 'd' },
    { "clock_settime64", sys_clock_settime64, "cT", 'd' },
    { "nanosleep", sys_nanosleep, "tp", 'd' },
    { "clock_nanosleep", sys_clock_nanosleep, "cdtp", 'd' },
    { "clock_nanosleep_time64", sys_clock_nanosleep_time64, "cdTp", 'd' },
    { "times", sys_times, "p", 'd' },
    { NULL, NULL, NULL, 0 },
};
