/*
 * sys-eventfd.c: descriptors the kernel makes to report events: eventfd,
 * timerfd, inotify.  Each is the host's own; what the guest reads from
 * them (and writes to an eventfd) goes through fd-kind.c for its byte
 * order.  Their flags are O_NONBLOCK and O_CLOEXEC under other names.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>

#include "linux-user/user.h"

/* A new descriptor r of kind k (r may be -1 with errno). */
static int64_t new_fd(int r, FdKind kind)
{
    if (r < 0) {
        return -errno;
    }
    fd_kind_set(r, kind);
    return r;
}

/* Flags of a descriptor-making call: the open flags among allowed (host
 * values), the rest (call-specific bits such as EFD_SEMAPHORE) as they
 * are; -1 for bits that are neither. */
static int event_flags(uint32_t target_flags, int open_bits, int own_bits)
{
    uint32_t open_target = host_to_target_open_flags(open_bits);
    if (target_flags & ~(open_target | (uint32_t)own_bits)) {
        return -1;
    }
    return target_to_host_open_flags(target_flags & open_target) |
           (int)(target_flags & (uint32_t)own_bits);
}

static int64_t sys_eventfd2(const uint64_t *a)
{
    int flags = event_flags((uint32_t)a[1], O_NONBLOCK | O_CLOEXEC,
                            EFD_SEMAPHORE);
    if (flags < 0) {
        return -EINVAL;
    }
    return new_fd(eventfd((unsigned)a[0], flags), FD_COUNTER);
}

static int64_t sys_eventfd(const uint64_t *a)
{
    return new_fd(eventfd((unsigned)a[0], 0), FD_COUNTER);
}

static int64_t sys_timerfd_create(const uint64_t *a)
{
    int flags = event_flags((uint32_t)a[1], O_NONBLOCK | O_CLOEXEC, 0);
    if (flags < 0) {
        return -EINVAL;
    }
    return new_fd(timerfd_create((int)a[0], flags), FD_COUNTER);
}

static int64_t sys_timerfd_settime(const uint64_t *a)
{
    return itimerspec_settime(SYS_timerfd_settime, a, false);
}

static int64_t sys_timerfd_settime64(const uint64_t *a)
{
    return itimerspec_settime(SYS_timerfd_settime, a, true);
}

static int64_t sys_timerfd_gettime(const uint64_t *a)
{
    return itimerspec_gettime(SYS_timerfd_gettime, a, false);
}

static int64_t sys_timerfd_gettime64(const uint64_t *a)
{
    return itimerspec_gettime(SYS_timerfd_gettime, a, true);
}

static int64_t sys_inotify_init1(const uint64_t *a)
{
    int flags = event_flags((uint32_t)a[0], O_NONBLOCK | O_CLOEXEC, 0);
    if (flags < 0) {
        return -EINVAL;
    }
    return new_fd(inotify_init1(flags), FD_INOTIFY);
}

static int64_t sys_inotify_init(const uint64_t *a)
{
    (void)a;
    return new_fd(inotify_init(), FD_INOTIFY);
}

static int64_t sys_inotify_add_watch(const uint64_t *a)
{
    const char *p = guest_string((abi_ulong)a[1]);
    if (!p) {
        return -EFAULT;
    }
    char buf[PATH_MAX];
    return host_ret(inotify_add_watch((int)a[0], user_path(p, buf, sizeof(buf)),
                                      (uint32_t)a[2]));
}

static int64_t sys_inotify_rm_watch(const uint64_t *a)
{
    return host_ret(inotify_rm_watch((int)a[0], (int)a[1]));
}

const SyscallDef sys_eventfd_defs[] = {
    { "eventfd", sys_eventfd, "u", 'd' },
    { "eventfd2", sys_eventfd2, "ux", 'd' },
    { "timerfd_create", sys_timerfd_create, "cx", 'd' },
    { "timerfd_settime", sys_timerfd_settime, "dxpp", 'd' },
    { "timerfd_settime64", sys_timerfd_settime64, "dxpp", 'd' },
    { "timerfd_gettime", sys_timerfd_gettime, "dp", 'd' },
    { "timerfd_gettime64", sys_timerfd_gettime64, "dp", 'd' },
    { "inotify_init", sys_inotify_init, "", 'd' },
    { "inotify_init1", sys_inotify_init1, "x", 'd' },
    { "inotify_add_watch", sys_inotify_add_watch, "dsx", 'd' },
    { "inotify_rm_watch", sys_inotify_rm_watch, "dd", 'd' },
    { NULL, NULL, NULL, 0 },
};
