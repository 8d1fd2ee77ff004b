/*
 * sys-timer.c: POSIX per-process timers (timer_create and the rest).
 * Each guest timer is a host timer: its signal is the host twin of the
 * guest's signal (the host handler turns it back, with the timer's
 * value in si_value), SIGEV_THREAD_ID names a guest thread, which is a
 * host thread of the same id.  Timer ids are the host kernel's.
 */
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/user.h"

/* struct sigevent: the value (a guest word), signo, notify, then the
 * union whose first member is the thread id; 64 bytes in all. */
struct target_sigevent {
    abi_ulong sigev_value;
    int32_t sigev_signo;
    int32_t sigev_notify;
    int32_t sigev_tid;
};

static int64_t sys_timer_create(const uint64_t *a)
{
    struct sigevent h, *hp = NULL;
    if ((abi_ulong)a[1]) {
        struct target_sigevent t;
        if (copy_from_guest(&t, (abi_ulong)a[1], sizeof(t)) < 0) {
            return -EFAULT;
        }
        memset(&h, 0, sizeof(h));
        h.sigev_notify = tget(t.sigev_notify);
        h.sigev_value.sival_ptr = (void *)(uintptr_t)tget(t.sigev_value);
        if (h.sigev_notify != SIGEV_NONE) {
            int sig = host_signal(tget(t.sigev_signo));
            if (sig < 0) {
                return -EINVAL;
            }
            h.sigev_signo = sig;
        }
        h._sigev_un._tid = tget(t.sigev_tid);
        hp = &h;
    }
    if (!guest_access_ok((abi_ulong)a[2], 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    int id;
    if (syscall(SYS_timer_create, (clockid_t)a[0], hp, &id) < 0) {
        return -errno;
    }
    return put_guest_val(int32_t, (abi_ulong)a[2], id);
}

static int64_t sys_timer_settime(const uint64_t *a)
{
    return itimerspec_settime(SYS_timer_settime, a, false);
}

static int64_t sys_timer_settime64(const uint64_t *a)
{
    return itimerspec_settime(SYS_timer_settime, a, true);
}

static int64_t sys_timer_gettime(const uint64_t *a)
{
    return itimerspec_gettime(SYS_timer_gettime, a, false);
}

static int64_t sys_timer_gettime64(const uint64_t *a)
{
    return itimerspec_gettime(SYS_timer_gettime, a, true);
}

static int64_t sys_timer_getoverrun(const uint64_t *a)
{
    return host_ret(syscall(SYS_timer_getoverrun, (int)a[0]));
}

static int64_t sys_timer_delete(const uint64_t *a)
{
    return host_ret(syscall(SYS_timer_delete, (int)a[0]));
}

const SyscallDef sys_timer_defs[] = {
    { "timer_create", sys_timer_create, "cpp", 'd' },
    { "timer_settime", sys_timer_settime, "dxpp", 'd' },
    { "timer_settime64", sys_timer_settime64, "dxpp", 'd' },
    { "timer_gettime", sys_timer_gettime, "dp", 'd' },
    { "timer_gettime64", sys_timer_gettime64, "dp", 'd' },
    { "timer_getoverrun", sys_timer_getoverrun, "d", 'd' },
    { "timer_delete", sys_timer_delete, "d", 'd' },
    { NULL, NULL, NULL, 0 },
};
