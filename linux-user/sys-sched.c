/*
 * sys-sched.c: scheduling and priorities: nice values (getpriority,
 * setpriority), policies and their parameters (sched_*), CPU affinity
 * (sched_setaffinity; sched_getaffinity is in sys-proc.c) and I/O
 * priorities.  Guest threads are host threads, so every call is the
 * host's on the same ids; only the structures' byte order and CPU mask
 * words are the guest's.
 */
#include <errno.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/user.h"

/* The raw call: 20 - nice, never negative (the C library's wrapper
 * turns it into the nice value; the guest's does the same). */
static int64_t sys_getpriority(const uint64_t *a)
{
    return host_ret(syscall(SYS_getpriority, (int)a[0], (int)a[1]));
}

static int64_t sys_setpriority(const uint64_t *a)
{
    return host_ret(syscall(SYS_setpriority, (int)a[0], (int)a[1],
                            (int)a[2]));
}

static int64_t sys_sched_getscheduler(const uint64_t *a)
{
    return host_ret(syscall(SYS_sched_getscheduler, (pid_t)a[0]));
}

static int64_t sys_sched_get_priority_max(const uint64_t *a)
{
    return host_ret(syscall(SYS_sched_get_priority_max, (int)a[0]));
}

static int64_t sys_sched_get_priority_min(const uint64_t *a)
{
    return host_ret(syscall(SYS_sched_get_priority_min, (int)a[0]));
}

/* struct sched_param is one int. */
static int64_t sys_sched_getparam(const uint64_t *a)
{
    struct sched_param p;
    if (syscall(SYS_sched_getparam, (pid_t)a[0], &p) < 0) {
        return -errno;
    }
    return put_guest_val(int32_t, (abi_ulong)a[1], p.sched_priority);
}

static int64_t sys_sched_setparam(const uint64_t *a)
{
    struct sched_param p;
    if (get_guest_val(int32_t, (abi_ulong)a[1], &p.sched_priority) < 0) {
        return -EFAULT;
    }
    return host_ret(syscall(SYS_sched_setparam, (pid_t)a[0], &p));
}

static int64_t sys_sched_setscheduler(const uint64_t *a)
{
    struct sched_param p;
    if (get_guest_val(int32_t, (abi_ulong)a[2], &p.sched_priority) < 0) {
        return -EFAULT;
    }
    return host_ret(syscall(SYS_sched_setscheduler, (pid_t)a[0], (int)a[1],
                            &p));
}

static int64_t do_rr_get_interval(const uint64_t *a, bool time64)
{
    struct timespec ts;
    if (syscall(SYS_sched_rr_get_interval, (pid_t)a[0], &ts) < 0) {
        return -errno;
    }
    return put_timespec((abi_ulong)a[1], &ts, time64);
}

static int64_t sys_sched_rr_get_interval(const uint64_t *a)
{
    return do_rr_get_interval(a, false);
}

static int64_t sys_sched_rr_get_interval_time64(const uint64_t *a)
{
    return do_rr_get_interval(a, true);
}

/* The guest's mask: words of TARGET_ABI_BITS in guest byte order; bits
 * past the host's 1024 CPUs must be clear. */
static int64_t sys_sched_setaffinity(const uint64_t *a)
{
    abi_ulong len = (abi_ulong)a[1];
    uint64_t host[16] = { 0 };
    size_t words = len / sizeof(abi_ulong);
    for (size_t w = 0; w < words; w++) {
        abi_ulong v;
        if (get_guest_val(abi_ulong, (abi_ulong)a[2] + w * sizeof(v), &v) < 0) {
            return -EFAULT;
        }
        size_t bit = w * TARGET_ABI_BITS;
        if (bit >= sizeof(host) * 8) {
            if (v) {
                return -EINVAL;
            }
            continue;
        }
        host[bit / 64] |= (uint64_t)v << (bit % 64);
    }
    return host_ret(syscall(SYS_sched_setaffinity, (pid_t)a[0],
                            sizeof(host), host));
}

/* struct sched_attr: u32 size, policy; u64 flags; s32 nice; u32
 * priority; u64 runtime, deadline, period; u32 util_min, util_max. */
struct sched_attr_layout {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
    uint32_t util_min, util_max;
};

static void swap_sched_attr(struct sched_attr_layout *s)
{
    tput(s->size, s->size);
    tput(s->policy, s->policy);
    tput(s->flags, s->flags);
    tput(s->nice, s->nice);
    tput(s->priority, s->priority);
    tput(s->runtime, s->runtime);
    tput(s->deadline, s->deadline);
    tput(s->period, s->period);
    tput(s->util_min, s->util_min);
    tput(s->util_max, s->util_max);
}

static int64_t sys_sched_getattr(const uint64_t *a)
{
    struct sched_attr_layout s = { 0 };
    unsigned size = (unsigned)a[2];
    if (size > sizeof(s)) {
        size = sizeof(s);
    }
    if (syscall(SYS_sched_getattr, (pid_t)a[0], &s, size, (unsigned)a[3]) < 0) {
        return -errno;
    }
    size_t got = s.size < size ? s.size : size;
    swap_sched_attr(&s);
    return copy_to_guest((abi_ulong)a[1], &s, got);
}

static int64_t sys_sched_setattr(const uint64_t *a)
{
    struct sched_attr_layout s = { 0 };
    uint32_t size;
    if (get_guest_val(uint32_t, (abi_ulong)a[1], &size) < 0) {
        return -EFAULT;
    }
    if (size == 0) {
        size = 48; /* SCHED_ATTR_SIZE_VER0 */
    }
    if (size > sizeof(s)) {
        size = sizeof(s);
    }
    if (copy_from_guest(&s, (abi_ulong)a[1], size) < 0) {
        return -EFAULT;
    }
    swap_sched_attr(&s);
    s.size = size;
    return host_ret(syscall(SYS_sched_setattr, (pid_t)a[0], &s,
                            (unsigned)a[2]));
}

static int64_t sys_ioprio_get(const uint64_t *a)
{
    return host_ret(syscall(SYS_ioprio_get, (int)a[0], (int)a[1]));
}

static int64_t sys_ioprio_set(const uint64_t *a)
{
    return host_ret(syscall(SYS_ioprio_set, (int)a[0], (int)a[1],
                            (int)a[2]));
}

const SyscallDef sys_sched_defs[] = {
    { "getpriority", sys_getpriority, "dd", 'd' },
    { "setpriority", sys_setpriority, "ddd", 'd' },
    { "sched_getscheduler", sys_sched_getscheduler, "d", 'd' },
    { "sched_setscheduler", sys_sched_setscheduler, "ddp", 'd' },
    { "sched_getparam", sys_sched_getparam, "dp", 'd' },
    { "sched_setparam", sys_sched_setparam, "dp", 'd' },
    { "sched_get_priority_max", sys_sched_get_priority_max, "d", 'd' },
    { "sched_get_priority_min", sys_sched_get_priority_min, "d", 'd' },
    { "sched_rr_get_interval", sys_sched_rr_get_interval, "dp", 'd' },
    { "sched_rr_get_interval_time64", sys_sched_rr_get_interval_time64,
      "dp", 'd' },
    { "sched_setaffinity", sys_sched_setaffinity, "dup", 'd' },
    { "sched_getattr", sys_sched_getattr, "dpux", 'd' },
    { "sched_setattr", sys_sched_setattr, "dpx", 'd' },
    { "ioprio_get", sys_ioprio_get, "dd", 'd' },
    { "ioprio_set", sys_ioprio_set, "ddd", 'd' },
    { NULL, NULL, NULL, 0 },
};
